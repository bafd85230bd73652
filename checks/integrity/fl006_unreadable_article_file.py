"""FL006 unreadable-article-file."""

from __future__ import annotations

import polars as pl

from factlint.rules import RuleContext, rule


@rule(code="FL006", name="unreadable-article-file", severity="error", requires=("articles",))
def unreadable_article_file(ctx: RuleContext) -> pl.LazyFrame:
    """An article listed in `articles.csv` has no readable text file.

    What it checks:
        That `articles/<article_id>.txt` exists inside the dataset's `articles/` folder, can be
        read, is valid UTF-8 and holds more than white space. (Ids that could leave the
        folder, such as `../x`, are never opened; the schema reports them.)

    Why it matters:
        Without the text no mention can be verified; every claim of the article is unsupported.

    Example:
        `articles.csv` lists `seed-009` but `articles/seed-009.txt` does not exist.

    Passes:
        `articles/seed-009.txt` exists and is UTF-8.
    """
    article = pl.col("article_id")
    reason = (
        pl.when(pl.col("file_status") == "missing")
        .then(pl.format("there is no file articles/{}.txt", article))
        .when(pl.col("file_status") == "link")
        .then(
            pl.format("articles/{}.txt is a symbolic link, which factlint does not follow", article)
        )
        .when(pl.col("file_status") == "unreadable")
        .then(pl.format("articles/{}.txt cannot be read (permissions?)", article))
        .when(pl.col("file_status") == "empty")
        .then(pl.format("articles/{}.txt is empty: there is nothing to check", article))
        .otherwise(pl.format("articles/{}.txt is not valid UTF-8", article))
    )
    return (
        ctx.frame("articles")
        .filter(pl.col("file_status").is_in(["missing", "link", "unreadable", "not-utf8", "empty"]))
        .select(
            message=pl.format("article {}: {}", article, reason),
            article_ids=pl.concat_list(article),
            key=pl.concat_str([article, pl.col("file_status")], separator="|"),
        )
    )
