"""FL003 mention-text-mismatch."""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from factlint.messages import quote
from factlint.rules import RuleContext, rule

# The bytes of article text a run of mentions is given at once (a text is copied for each of
# its mentions); the texts themselves are read a slice of articles at a time
# (`Dataset.text_slices`).
_RUN_BYTES = 64 * 2**20


@rule(
    code="FL003",
    name="mention-text-mismatch",
    severity="error",
    requires=("articles", "mentions"),
)
def mention_text_mismatch(ctx: RuleContext) -> pl.LazyFrame:
    """A mention's `text` is not what the article says at its offsets.

    What it checks:
        For every mention of a readable article, `article_text[start:end] == text`, with offsets
        counted in Unicode code points of the article file exactly as stored. Offsets past the
        end of the text fail too.

    Why it matters:
        Offsets are the evidence: a report that highlights the wrong span, or a claim that rests
        on words the article never printed, cannot be trusted. A mismatch usually means the
        article file was edited after the mentions were made, or the offsets were computed on a
        normalized copy of the text.

    Example:
        Article text `... في يناير 2025 ...`, mention
        `{"start": 10, "end": 20, "text": "يناير 2025"}` where characters 10..20 are `ي يناير 20`.

    Passes:
        The same mention with offsets that select exactly `يناير 2025`.
    """
    articles = ctx.frame("articles")
    mentions = ctx.frame("mentions").lazy().with_row_index("_row")
    # Every mention with offsets, by the row of its readable article (each row of that id, as
    # an inner join gives), in article order. The texts are then read a slice of articles at
    # a time and each mention is given its article's text in runs of bounded size: neither
    # the dataset's texts nor a copy of a text per mention is ever held whole (a join of every
    # mention to its article's text raised the peak by 1.6 GB at ten million claims).
    located = (
        mentions.filter(pl.col("start").is_not_null() & pl.col("end").is_not_null())
        .select("_row", "article_id")
        .join(
            articles.select("article_id", "file_status")
            .with_row_index("_article")
            .filter(pl.col("file_status") == "ok")
            .select("article_id", "_article"),
            on="article_id",
            how="inner",
        )
        .select("_article", "_row")
        .sort("_article")
        .collect()
    )
    spans = ctx.frame("mentions").select("start", "end", "text").collect()
    numbers = located.get_column("_article")
    failing = [
        _failing(run, spans, doc)
        for first, texts in ctx.dataset.text_slices()
        for run, doc in _runs(located, numbers, texts, first)
    ]
    none = _failing(located.clear(), spans, pl.Series([], dtype=pl.String))
    bad = (
        pl.concat([none, *failing])
        .lazy()
        .join(mentions.select("_row", "mention_id", "article_id"), on="_row")
    )
    return bad.select(
        message=pl.format(
            "mention {} ({}..{}) says {} but the article has {} there",
            pl.col("mention_id"),
            pl.col("start"),
            pl.col("end"),
            quote(pl.col("text")),
            pl.when(pl.col("end") > pl.col("length"))
            .then(pl.format("only {} characters", pl.col("length")))
            .otherwise(quote(pl.col("actual"))),
        ),
        article_ids=pl.concat_list(pl.col("article_id")),
        mention_ids=pl.concat_list(pl.col("mention_id")),
        key=pl.concat_str(
            [pl.col("mention_id"), pl.col("start"), pl.col("end"), pl.col("text")],
            separator="|",
            ignore_nulls=True,
        ),
    )


def _runs(
    located: pl.DataFrame, numbers: pl.Series, texts: pl.Series, first: int
) -> Iterator[tuple[pl.DataFrame, pl.Series]]:
    """The mentions of the articles `first` onwards whose `texts` are given (`located`'s rows
    in that range of `numbers`, sorted) in runs whose articles' texts add up to about
    `_RUN_BYTES`, each with its mentions' texts."""
    lo = numbers.search_sorted(first, "left")
    hi = numbers.search_sorted(first + texts.len(), "left")
    if lo == hi:
        return
    part = located.slice(lo, hi - lo).with_columns(pl.col("_article") - first)
    size = texts.str.len_bytes().fill_null(0).cast(pl.UInt64).gather(part["_article"])
    # A run is the mentions whose preceding texts add up to the same multiple of the budget.
    runs = ((size.cum_sum() - size) // _RUN_BYTES).rle().struct.field("len")
    start = 0
    for length in runs.to_list():
        run = part.slice(start, length)
        yield run, texts.gather(run.get_column("_article"))
        start += length


def _failing(run: pl.DataFrame, spans: pl.DataFrame, doc: pl.Series) -> pl.DataFrame:
    """The mentions of `run` (`_row`, with their articles' texts `doc`) whose text is not what
    the article says at their offsets, with the article's `length` and the `actual` span."""
    rows = run.get_column("_row")
    checked = spans.select(pl.all().gather(rows)).with_columns(rows, doc.alias("article_text"))
    return checked.select(
        "_row",
        "start",
        "end",
        "text",
        length=pl.col("article_text").str.len_chars(),
        actual=pl.col("article_text").str.slice(
            pl.col("start").clip(lower_bound=0), (pl.col("end") - pl.col("start")).clip(0)
        ),
    ).filter(
        (pl.col("start") < 0)
        | (pl.col("end") > pl.col("length"))
        | (pl.col("actual") != pl.col("text"))
        | pl.col("text").is_null()
    )
