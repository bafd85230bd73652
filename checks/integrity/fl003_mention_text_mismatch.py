"""FL003 mention-text-mismatch."""

from __future__ import annotations

import polars as pl

from factlint.messages import quote
from factlint.rules import RuleContext, rule


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
    articles = (
        ctx.frame("articles")
        .lazy()
        .filter(pl.col("file_status") == "ok")
        .select("article_id", pl.col("text").alias("article_text"))
    )
    mentions = ctx.frame("mentions").lazy().with_row_index("_row")
    # Every mention is compared on the five columns the comparison needs (joining the whole
    # mention rows to their article texts raised the peak by 3 GB at ten million claims); the
    # other columns are read for the few that fail.
    checked = (
        mentions.select("_row", "article_id", "start", "end", "text")
        .filter(pl.col("start").is_not_null() & pl.col("end").is_not_null())
        .join(articles, on="article_id", how="inner")
        .select(
            "_row",
            "start",
            "end",
            "text",
            length=pl.col("article_text").str.len_chars(),
            actual=pl.col("article_text").str.slice(
                pl.col("start").clip(lower_bound=0), (pl.col("end") - pl.col("start")).clip(0)
            ),
        )
    )
    # In the streaming engine: each batch of mentions gets its articles' texts and is judged
    # before the next, so the texts are never copied out for all mentions at once.
    failing = (
        checked.filter(
            (pl.col("start") < 0)
            | (pl.col("end") > pl.col("length"))
            | (pl.col("actual") != pl.col("text"))
            | pl.col("text").is_null()
        )
        .collect(engine="streaming")
        .lazy()
    )
    bad = failing.join(mentions.select("_row", "mention_id", "article_id"), on="_row")
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
