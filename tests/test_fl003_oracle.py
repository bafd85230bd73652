"""FL003 flags exactly the mentions whose text is not the article's at their offsets, as a
Python reading of its docstring does."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.integrity import fl003_mention_text_mismatch as fl003
from factlint.dataset import Dataset
from factlint.rules import RuleContext

# Arabic letters and marks, a space, a Latin letter and a character outside the BMP: offsets
# count code points, which the slicing must not confuse with bytes.
_CHARS = st.sampled_from([*"وقعالمغربأذربيجانُ ", "x", "\U0001f600"])


@st.composite
def _data(draw: st.DrawFn) -> tuple[pl.DataFrame, pl.DataFrame]:
    n = draw(st.integers(1, 6))
    # Ids may repeat: a mention is then checked against every readable row of its id.
    ids = [f"a-{draw(st.integers(0, n - 1))}" for _ in range(n)]
    texts = [draw(st.text(_CHARS, max_size=12)) for _ in range(n)]
    status = [draw(st.sampled_from(["ok", "ok", "missing", None])) for _ in range(n)]
    articles = pl.DataFrame(
        {
            "article_id": ids,
            "text": [t if s == "ok" else None for t, s in zip(texts, status, strict=True)],
            "file_status": status,
        }
    )
    rows = []
    for i in range(draw(st.integers(0, 12))):
        k = draw(st.integers(0, n - 1))
        start = draw(st.one_of(st.none(), st.integers(-2, 14)))
        end = draw(st.one_of(st.none(), st.integers(-1, 15)))
        exact = texts[k][max(start or 0, 0) : max(end or 0, 0)]
        said = draw(st.one_of(st.just(exact), st.none(), st.text(_CHARS, max_size=4)))
        rows.append((f"m-{i}", draw(st.sampled_from([ids[k], "a-none"])), start, end, said))
    mentions = pl.DataFrame(
        rows,
        schema={
            "mention_id": pl.String,
            "article_id": pl.String,
            "start": pl.Int64,
            "end": pl.Int64,
            "text": pl.String,
        },
        orient="row",
    )
    return articles, mentions


def _oracle(articles: pl.DataFrame, mentions: pl.DataFrame) -> list[str]:
    """The mentions FL003 must flag, by its docstring, one Python comparison at a time."""
    readable = [(a, t) for a, t, s in articles.iter_rows() if s == "ok" and a is not None]
    flagged = []
    for mention_id, article_id, start, end, text in mentions.iter_rows():
        if start is None or end is None:
            continue
        for a, doc in readable:
            if a != article_id:
                continue
            actual = doc[max(start, 0) : max(start, 0) + max(end - start, 0)]
            if doc is None or start < 0 or end > len(doc) or text is None or actual != text:
                flagged.append(mention_id)
    return sorted(flagged)


def _flagged(articles: pl.DataFrame, mentions: pl.DataFrame) -> list[str]:
    context = RuleContext(Dataset(Path("."), {"articles": articles, "mentions": mentions}))
    found = fl003.mention_text_mismatch.check(context)
    return sorted(found.collect().get_column("mention_ids").explode().to_list())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=_data())
def test_flags_what_the_offsets_say(data: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    articles, mentions = data
    assert _flagged(articles, mentions) == _oracle(articles, mentions)
