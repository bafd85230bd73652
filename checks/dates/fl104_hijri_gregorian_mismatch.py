"""FL104 hijri-gregorian-mismatch."""

from __future__ import annotations

import polars as pl

from checks.dates._shared import (
    VAGUE_VALUES,
    days_apart,
    hijri_interval,
    hijri_table,
)
from factlint.dates import with_interval
from factlint.messages import quote
from factlint.rules import RuleContext, rule


@rule(
    code="FL104",
    name="hijri-gregorian-mismatch",
    severity="error",
    requires=("mentions",),
    options={"tolerance_days": 1},
    block="article",
)
def hijri_gregorian_mismatch(ctx: RuleContext) -> pl.LazyFrame:
    """A Hijri date and the Gregorian date the article equates with it are different days.

    What it checks:
        Pairs of date mentions of one article linked by `same_as` (in either direction), one
        with `calendar: hijri` and a Hijri value (`1446-08-29`, `1446-09`, `1446`), the other
        Gregorian. The Hijri value is converted with the Umm al-Qura calendar (`hijridate`),
        month and year values to their whole span, and the two intervals may be at most
        `tolerance_days` days apart (option, default 1: the moon sighting of a country can
        start a month a day before or after Umm al-Qura). Day 30 of a month Umm al-Qura counts
        as 29 days is read as the day after the 29th. Outside the Umm al-Qura tables (before
        1343 or after 1500 AH) the arithmetical calendar is used, its interval widened by a day
        on each side. Also reported, as "cannot be checked": any Hijri mention whose value is
        not a Hijri date at all (month 13, day 31) or has no Gregorian date (year 9999). Each
        distinct Hijri value is converted once, in Python (the tables live in `hijridate`).

    Why it matters:
        Articles from the Gulf and official statements often give both calendars (`الجمعة 29
        شعبان 1446 هـ الموافق 28 فبراير 2025 م`). When they disagree by more than the sighting
        difference, one of them was mistyped or computed wrongly, and claims dated by either
        are in doubt.

    Example:
        `{"mention_id": "a-1-m1", "text": "29 شعبان 1446", "calendar": "hijri", "value":
        "1446-08-29", "same_as": "a-1-m2"}` and `{"mention_id": "a-1-m2", "text": "28 مارس
        2025", "value": "2025-03-28"}`: 29 Sha'ban 1446 is 28 February 2025.

    Passes:
        The same Hijri mention with `"value": "2025-02-28"` or `"2025-03-01"` on the Gregorian
        side (one day off: the sighting difference), or a Hijri date with no `same_as` link.
    """
    tolerance = max(0, int(ctx.options["tolerance_days"]))
    dates = ctx.frame("mentions").filter(pl.col("kind") == "date")
    hijri = dates.filter(
        (pl.col("calendar") == "hijri")
        & pl.col("value").is_not_null()
        & ~pl.col("value").is_in(VAGUE_VALUES)
    )
    # Only Gregorian dates linked to another date can be compared: those with a `same_as`
    # and those a Hijri date's `same_as` names (Hijri dates are few). Each distinct value is
    # parsed once.
    named = hijri.select("same_as").drop_nulls().unique().collect().to_series().implode()
    gregorian = with_interval(
        dates.filter(
            (pl.col("calendar").fill_null("gregorian") == "gregorian")
            & (pl.col("same_as").is_not_null() | pl.col("mention_id").is_in(named))
        ),
        "value",
        "g",
    ).filter(pl.col("g_start").is_not_null())

    values = hijri.select(pl.col("value").unique()).collect().get_column("value").to_list()
    converted = hijri.join(_conversions(values), on="value", how="left")

    h_cols = [
        "article_id",
        "mention_id",
        "text",
        "value",
        "g_start",
        "g_end",
        "problem",
        "problem_kind",
    ]
    h = converted.select(h_cols).rename({c: f"h_{c}" for c in h_cols if c != "article_id"})
    g = gregorian.select(
        "article_id",
        pl.col("mention_id").alias("o_mention_id"),
        pl.col("text").alias("o_text"),
        pl.col("value").alias("o_value"),
        pl.col("g_start").alias("o_start"),
        pl.col("g_end").alias("o_end"),
        pl.col("same_as").alias("o_same_as"),
    )
    links = (
        pl.concat(
            [
                converted.select(
                    "article_id",
                    pl.col("mention_id").alias("h_mention_id"),
                    pl.col("same_as").alias("o_mention_id"),
                ),
                g.select("article_id", pl.col("o_same_as").alias("h_mention_id"), "o_mention_id"),
            ]
        )
        .drop_nulls()
        .unique()
    )
    pairs = links.join(h, on=["article_id", "h_mention_id"]).join(
        g.drop("o_same_as"), on=["article_id", "o_mention_id"]
    )

    mismatched = (
        pairs.filter(pl.col("h_problem").is_null())
        .with_columns(
            apart=days_apart(
                pl.col("h_g_start"), pl.col("h_g_end"), pl.col("o_start"), pl.col("o_end")
            )
        )
        .filter(pl.col("apart") > tolerance)
    )
    # A linked value the tables do not cover cannot be checked; a value that is no Hijri date
    # at all is wrong whether or not it is linked.
    linked = links.select("article_id", "h_mention_id").unique().with_columns(linked=pl.lit(True))
    unconvertible = (
        h.filter(pl.col("h_problem").is_not_null())
        .join(linked, on=["article_id", "h_mention_id"], how="left")
        .filter((pl.col("h_problem_kind") == "invalid") | pl.col("linked").fill_null(False))
        .group_by("article_id", "h_text", "h_value", "h_problem", "h_problem_kind")
        .agg(pl.col("h_mention_id").sort().alias("mention_ids"))
    )
    # The streaming engine for the joins of every date mention (a quarter of the in-memory
    # engine's time here); the few findings' messages are formatted after.
    mismatched, unconvertible = (
        frame.lazy() for frame in pl.collect_all([mismatched, unconvertible], engine="streaming")
    )
    mismatch_rows = mismatched.select(
        message=pl.format(
            "Hijri date {} ({} = {} by Umm al-Qura) in {} is given as the same date as {} "
            "({}): {} days apart, more than the {} day(s) a moon sighting can account for",
            quote(pl.col("h_text")),
            pl.col("h_value"),
            _span(pl.col("h_g_start"), pl.col("h_g_end")),
            pl.col("article_id"),
            quote(pl.col("o_text")),
            pl.col("o_value"),
            pl.col("apart"),
            pl.lit(tolerance),
        ),
        article_ids=pl.concat_list("article_id"),
        mention_ids=pl.concat_list("h_mention_id", "o_mention_id"),
        key=pl.concat_str(
            ["article_id", "h_text", "h_value", "o_text", "o_value"],
            separator="|",
            ignore_nulls=True,
        ),
        details=pl.struct(
            pl.col("h_value").alias("hijri_value"),
            pl.col("h_g_start").cast(pl.String).alias("hijri_as_gregorian_start"),
            pl.col("h_g_end").cast(pl.String).alias("hijri_as_gregorian_end"),
            pl.col("o_value").alias("gregorian_value"),
            pl.col("apart").alias("days_apart"),
            pl.lit(tolerance).alias("tolerance_days"),
        ).struct.json_encode(),
    )

    problem_rows = unconvertible.select(
        message=pl.format(
            "Hijri date {} in {} cannot be checked: {}",
            quote(pl.col("h_text")),
            pl.col("article_id"),
            pl.col("h_problem"),
        ),
        article_ids=pl.concat_list("article_id"),
        mention_ids=pl.col("mention_ids"),
        key=pl.concat_str(
            ["article_id", "h_text", "h_value", "h_problem_kind"],
            separator="|",
            ignore_nulls=True,
        ),
        details=pl.struct(
            pl.col("h_value").alias("hijri_value"),
            pl.col("h_problem_kind").alias("problem"),
        ).struct.json_encode(),
    )
    return pl.concat([mismatch_rows, problem_rows])


def _conversions(values: list[str]) -> pl.LazyFrame:
    """`hijri_table` of the values, where a value that converts to no representable Gregorian
    date (after year 9999) is a problem of its row rather than a crash of the whole rule."""
    convertible, out_of_range = [], []
    for value in values:
        try:
            hijri_interval(value)
        except (ValueError, OverflowError):
            out_of_range.append(value)
        else:
            convertible.append(value)
    table = hijri_table(convertible)
    if not out_of_range:
        return table
    problems = pl.LazyFrame(
        {
            "value": out_of_range,
            "problem": [
                f"{v} has no Gregorian date (it falls after the year 9999)" for v in out_of_range
            ],
            "problem_kind": ["invalid"] * len(out_of_range),
        }
    )
    return pl.concat([table, problems], how="diagonal_relaxed")


def _span(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    return (
        pl.when(start == end).then(start.cast(pl.String)).otherwise(pl.format("{}..{}", start, end))
    )
