"""When an article was written, as far as the data says.

The publication date, when `articles.csv` has one, is an interval like any date. When it does
not, the article was at least written after every event it reports as having occurred: the
latest start of those events' dates is a lower bound (`not_before`). Nothing else is guessed.
"""

from __future__ import annotations

import polars as pl

from factlint.dates import with_interval

__all__ = ["article_time", "dated_claims", "published_interval"]


def dated_claims(claims: pl.LazyFrame) -> pl.LazyFrame:
    """Claims with `date_start`, `date_end`, `date_granularity` from their `date` value."""
    return with_interval(claims, "date")


def published_interval(articles: pl.LazyFrame) -> pl.LazyFrame:
    """`article_id`, `published`, `published_start`, `published_end` of the articles that have
    a valid publication date (others are left out)."""
    return with_interval(articles.select("article_id", "published"), "published").filter(
        pl.col("published_start").is_not_null()
    )


def article_time(articles: pl.LazyFrame, claims: pl.LazyFrame) -> pl.LazyFrame:
    """One row per article: `published_start`, `published_end` and `not_before`.

    `not_before` is the publication interval's start when known, else the latest start of the
    dates of events the article reports as occurred, else null.
    """
    occurred = (
        dated_claims(claims.filter((pl.col("kind") == "event") & (pl.col("status") == "occurred")))
        .group_by("article_id")
        .agg(pl.col("date_start").max().alias("_latest_event"))
    )
    return (
        articles.select("article_id")
        .join(published_interval(articles), on="article_id", how="left")
        .join(occurred, on="article_id", how="left")
        .select(
            "article_id",
            "published",
            "published_start",
            "published_end",
            pl.coalesce("published_start", "_latest_event").alias("not_before"),
            pl.when(pl.col("published_start").is_not_null())
            .then(pl.lit("published"))
            .when(pl.col("_latest_event").is_not_null())
            .then(pl.lit("latest reported event"))
            .alias("time_basis"),
        )
    )
