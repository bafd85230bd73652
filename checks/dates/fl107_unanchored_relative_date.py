"""FL107 unanchored-relative-date."""

from __future__ import annotations

import polars as pl

from checks.dates._shared import VAGUE_VALUES
from factlint.messages import quote
from factlint.rules import RuleContext, rule
from factlint.timeline import published_interval


@rule(
    code="FL107",
    name="unanchored-relative-date",
    severity="warning",
    requires=("articles", "mentions", "claims"),
    block="article",
)
def unanchored_relative_date(ctx: RuleContext) -> pl.LazyFrame:
    """A relative date has no value or no anchor, so it cannot be placed or verified.

    What it checks:
        Date mentions with `relative: true` (`شباط/ فبراير الماضي`, `في العام الماضي`, `أمس`, a
        weekday alone), one finding per mention, in four cases:
        - no `value` and nothing to resolve it from: the article has no publication date and
          no anchor mention with a value. The date cannot be placed in time.
        - no `value` although it could be resolved: the article has a publication date, or the
          `anchor` names a mention that has a value. An extraction gap.
        - a `value` but no `anchor`: nobody can tell what it was resolved from, so it cannot
          be verified.
        - a `value` resolved from the publication date (`anchor: publication`) of an article
          that has none: it cannot be verified either.
        Vague references (`PAST_REF`, `PRESENT_REF`, `FUTURE_REF`: `في السنوات الأخيرة`) need no
        anchor and are not reported. The claims dated by the mention are named in the finding.

    Why it matters:
        A claim dated by an unplaceable expression silently drops out of every date check
        (conflicts, order, publication): the checker would pass it because it checked nothing.
        Saying so tells the editor where to add a publication date or finish the extraction.

    Example:
        An article with an empty `published` and `{"text": "شباط/ فبراير الماضي", "value":
        null, "relative": true, "anchor": null}`.

    Passes:
        The same mention in an article published `2025-05-10`, resolved: `{"value": "2025-02",
        "relative": true, "anchor": "publication"}`.
    """
    mentions = ctx.frame("mentions")
    # The relative date mentions that may be reported, first: the publication dates, anchors
    # and dated claims below are read for them only, not for every article and date.
    relative = (
        mentions.filter(
            (pl.col("kind") == "date")
            & pl.col("relative").fill_null(False)
            & (
                pl.col("value").is_null()
                | (pl.col("anchor").is_null() | (pl.col("anchor") == "publication"))
                & ~pl.col("value").is_in(VAGUE_VALUES)
            )
        )
        .select("mention_id", "article_id", "start", "text", "value", "anchor")
        .collect()
        .lazy()
    )
    publication = published_interval(
        ctx.frame("articles").join(
            relative.select("article_id").unique(), on="article_id", how="semi"
        )
    ).select("article_id", pl.col("published").alias("pub"))
    anchors = (
        mentions.filter(
            (pl.col("kind") == "date")
            & pl.col("value").is_not_null()
            & ~pl.col("value").is_in(VAGUE_VALUES)
        )
        .join(
            relative.select(pl.col("anchor").alias("mention_id")).unique(),
            on="mention_id",
            how="semi",
        )
        .select(
            "article_id",
            pl.col("mention_id").alias("anchor"),
            pl.col("text").alias("anchor_text"),
            pl.col("value").alias("anchor_value"),
        )
    )
    dating = (
        ctx.frame("claims")
        .filter(pl.col("date_mention").is_not_null())
        .join(
            relative.select("article_id", pl.col("mention_id").alias("date_mention")),
            on=["article_id", "date_mention"],
            how="semi",
        )
        .group_by("article_id", pl.col("date_mention").alias("mention_id"))
        .agg(pl.col("claim_id").unique().sort().alias("claim_ids"))
    )
    relative = (
        relative.join(publication, on="article_id", how="left")
        .join(anchors, on=["article_id", "anchor"], how="left")
        .join(dating, on=["article_id", "mention_id"], how="left")
        # Resolved from a publication date the article does have: nothing to report.
        .filter(pl.col("value").is_null() | pl.col("anchor").is_null() | pl.col("pub").is_null())
        # The streaming engine for the joins of every mention and claim (a quarter of the
        # in-memory engine's time here); the few left's messages are formatted after.
        .collect(engine="streaming")
        .lazy()
    )
    value = pl.col("value")
    reason = (
        pl.when(value.is_not_null() & (pl.col("anchor") == "publication"))
        .then(pl.lit("publication-unknown"))
        .when(value.is_not_null())
        .then(pl.lit("no-anchor"))
        .when(pl.col("anchor_value").is_not_null())
        .then(pl.lit("unresolved-anchored"))
        .when(pl.col("pub").is_not_null())
        .then(pl.lit("unresolved-published"))
        .otherwise(pl.lit("unplaceable"))
    )
    text = quote(pl.col("text"))
    message = (
        pl.when(pl.col("reason") == "no-anchor")
        .then(
            pl.format(
                "relative date {} in {} is resolved to {} but records no anchor: what it was "
                "resolved from cannot be verified{}",
                text,
                pl.col("article_id"),
                value,
                pl.when(pl.col("pub").is_null())
                .then(pl.lit(" (the article has no publication date)"))
                .otherwise(pl.format(" (the article was published {})", pl.col("pub"))),
            )
        )
        .when(pl.col("reason") == "publication-unknown")
        .then(
            pl.format(
                "relative date {} in {} is resolved to {} from the publication date, but the "
                "article has no publication date: the value cannot be verified",
                text,
                pl.col("article_id"),
                value,
            )
        )
        .when(pl.col("reason") == "unresolved-anchored")
        .then(
            pl.format(
                "relative date {} in {} has no value although its anchor {} {} is {}: "
                "extraction gap, resolve it from the anchor",
                text,
                pl.col("article_id"),
                pl.col("anchor"),
                quote(pl.col("anchor_text")),
                pl.col("anchor_value"),
            )
        )
        .when(pl.col("reason") == "unresolved-published")
        .then(
            pl.format(
                "relative date {} in {} has no value although the article was published {}: "
                "extraction gap, resolve it from the publication date",
                text,
                pl.col("article_id"),
                pl.col("pub"),
            )
        )
        .otherwise(
            pl.format(
                "relative date {} in {} cannot be placed in time: the article has no "
                "publication date and {}",
                text,
                pl.col("article_id"),
                pl.when(pl.col("anchor").is_null() | (pl.col("anchor") == "publication"))
                .then(pl.lit("the expression no anchor"))
                .otherwise(pl.format("its anchor {} has no value", pl.col("anchor"))),
            )
        )
    )
    return (
        relative.with_columns(reason=reason)
        .with_columns(message=message)
        .select(
            "message",
            article_ids=pl.concat_list("article_id"),
            claim_ids=pl.col("claim_ids").fill_null(pl.lit([], dtype=pl.List(pl.String))),
            mention_ids=pl.concat_list("mention_id"),
            key=pl.concat_str(
                [
                    pl.col("article_id"),
                    pl.col("start").cast(pl.String),
                    pl.col("text"),
                    pl.col("reason"),
                ],
                separator="|",
                ignore_nulls=True,
            ),
            details=pl.struct(
                "text",
                "value",
                "anchor",
                pl.col("pub").alias("published"),
                "reason",
            ).struct.json_encode(),
        )
    )
