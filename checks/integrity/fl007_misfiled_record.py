"""FL007 misfiled-record."""

from __future__ import annotations

import polars as pl

from factlint.rules import RuleContext, rule

_SUFFIX = r"\.(mentions|claims)\.jsonl$"


@rule(
    code="FL007",
    name="misfiled-record",
    severity="warning",
    requires=("articles", "mentions", "claims"),
)
def misfiled_record(ctx: RuleContext) -> pl.LazyFrame:
    """A mention or claim sits in the file of another article.

    What it checks:
        That every row of `claims/<article_id>.mentions.jsonl` and
        `claims/<article_id>.claims.jsonl` belongs to that article (`article_id` equals the
        file's name). One finding per file and article. Files named after no article of the
        dataset (`claims/shard-00042.claims.jsonl`, as large datasets are split) may hold rows
        of any article and are not checked.

    Why it matters:
        Datasets are reviewed and changed one article at a time: a claim filed under another
        article is missed when its own article is re-extracted or removed, and a
        changed-data run that looks at the changed article's files does not see it.

    Example:
        `claims/seed-004.claims.jsonl` holding `{"claim_id": "seed-003-c001", "article_id":
        "seed-003", ...}`.

    Passes:
        The same claim in `claims/seed-003.claims.jsonl`.
    """
    article_ids = ctx.frame("articles").select(pl.col("article_id").alias("stem"))
    parts = []
    for table in ("mentions", "claims"):
        id_column = "mention_id" if table == "mentions" else "claim_id"
        frame = ctx.frame(table)
        if "source_file" not in frame.collect_schema().names():
            continue
        # `source_file` is categorical as the loader holds it: the distinct names as text.
        name = pl.col("source_file").cast(pl.String)
        stem = name.str.split("/").list.last().str.replace(_SUFFIX, "")
        # Stems of the distinct files (one per article, or one for a whole Parquet table), and
        # only the files named after an article.
        files = (
            frame.select("source_file")
            .unique()
            .with_columns(stem=stem)
            .join(article_ids, on="stem", how="semi")
        )
        parts.append(
            frame.join(files, on="source_file", how="inner")
            .filter(pl.col("article_id") != pl.col("stem"))
            .group_by("source_file", "article_id")
            .agg(
                pl.col(id_column).sort().alias("ids"),
                # One type for every table's part (a Parquet file may hold Int32 lines).
                pl.col("source_line").min().cast(pl.Int64).alias("line"),
                pl.lit(table).alias("table"),
            )
        )
    if not parts:
        return pl.LazyFrame(schema={"message": pl.String})
    # The streaming engine for the joins of every row (a tenth of the in-memory engine's
    # time here); the few misfiled files' messages are formatted after.
    misfiled = pl.concat(parts).collect(engine="streaming").lazy()
    return misfiled.select(
        message=pl.format(
            "{} holds {} row(s) of article {} (first at line {}): they belong in "
            "claims/{}.{}.jsonl",
            pl.col("source_file"),
            pl.col("ids").list.len(),
            pl.col("article_id"),
            pl.col("line"),
            pl.col("article_id"),
            pl.col("table"),
        ),
        article_ids=pl.concat_list("article_id"),
        claim_ids=pl.when(pl.col("table") == "claims")
        .then(pl.col("ids"))
        .otherwise(pl.lit([], dtype=pl.List(pl.String))),
        mention_ids=pl.when(pl.col("table") == "mentions")
        .then(pl.col("ids"))
        .otherwise(pl.lit([], dtype=pl.List(pl.String))),
        key=pl.concat_str(["source_file", "article_id"], separator="|"),
    )
