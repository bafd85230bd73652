"""FL005 stale-article."""

from __future__ import annotations

import polars as pl

from factlint.rules import RuleContext, rule


@rule(code="FL005", name="stale-article", severity="error", requires=("articles",))
def stale_article(ctx: RuleContext) -> pl.LazyFrame:
    """The article file's SHA-256 differs from the one recorded in `articles.csv`.

    What it checks:
        The hex SHA-256 of each article file's bytes against the `sha256` column.

    Why it matters:
        Mentions and claims were made from the text with the recorded hash. A changed article
        with unchanged claims is stale: its offsets and facts may no longer hold.

    Example:
        `articles.csv` records `sha256 = 9f2c…` but `articles/seed-003.txt` now hashes to `41aa…`
        (a sentence was corrected after curation).

    Passes:
        The file hashes to the recorded value.
    """
    articles = ctx.frame("articles").filter(
        pl.col("file_sha256").is_not_null()
        & (pl.col("sha256").str.to_lowercase() != pl.col("file_sha256"))
    )
    actual, recorded = pl.col("file_sha256"), pl.col("sha256")
    # 12 characters tell two hashes apart, unless they are the ones that agree: then all 64.
    shown = (
        pl.when(actual.str.slice(0, 12) == recorded.str.to_lowercase().str.slice(0, 12))
        .then(pl.lit(64))
        .otherwise(pl.lit(12))
    )
    return articles.select(
        message=pl.format(
            "articles/{}.txt has SHA-256 {} but articles.csv records {}: the article changed "
            "after its mentions and claims were made",
            pl.col("article_id"),
            _shortened(actual, shown),
            _shortened(recorded, shown),
        ),
        article_ids=pl.concat_list(pl.col("article_id")),
        key=pl.concat_str(
            [pl.col("article_id"), pl.col("sha256"), pl.col("file_sha256")], separator="|"
        ),
        details=pl.struct(
            actual.alias("file_sha256"), recorded.alias("recorded_sha256")
        ).struct.json_encode(),
    )


def _shortened(value: pl.Expr, length: pl.Expr) -> pl.Expr:
    """The first `length` characters, with `…` when something was cut."""
    return (
        pl.when(value.str.len_chars() > length)
        .then(pl.format("{}…", value.str.slice(0, length)))
        .otherwise(value)
    )
