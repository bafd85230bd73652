"""FL103 weekday-date-mismatch."""

from __future__ import annotations

import polars as pl

from checks.dates._shared import WEEKDAYS_AR, WEEKDAYS_EN
from factlint.messages import quote
from factlint.rules import RuleContext, rule

_DAY = r"^\d{4}-\d{2}-\d{2}$"


@rule(
    code="FL103",
    name="weekday-date-mismatch",
    severity="error",
    requires=("mentions",),
    block="article",
)
def weekday_date_mismatch(ctx: RuleContext) -> pl.LazyFrame:
    """A date is written with a weekday it did not fall on.

    What it checks:
        Date mentions that carry a written weekday (`weekday`, ISO 1 = Monday .. 7 = Sunday)
        and a day-precision Gregorian `value` (`calendar` gregorian or unset): the weekday the
        day actually fell on must be the one written. Relative dates resolved to a day are
        checked too (a mismatch there means the resolution is wrong). Mentions with the same
        text, value and weekday in one article are one finding. Not checked: Hijri dates
        (whether the 29th of a Hijri month was a Thursday depends on the moon sighting of the
        country), dates of month or year precision, and weekdays outside 1..7 (the schema's
        business).

    Why it matters:
        A weekday is redundant evidence that pins a date: when it disagrees, either the day
        number or the weekday is wrong, and so possibly every claim dated by the mention. It is
        also a classic sign of a date copied from an earlier article and edited by hand.

    Example:
        `{"text": "الخميس 30 أكتوبر 2024", "value": "2024-10-30", "weekday": 4}`: 30 October
        2024 was a Wednesday (الأربعاء).

    Passes:
        `{"text": "الأربعاء 30 أكتوبر 2024", "value": "2024-10-30", "weekday": 3}`, and
        `{"text": "الخميس", "value": "2024-10", "weekday": 4}` (not day precision).
    """
    mentions = (
        ctx.frame("mentions")
        .filter(
            (pl.col("kind") == "date")
            & (pl.col("calendar").fill_null("gregorian") == "gregorian")
            & pl.col("weekday").is_between(1, 7)
            & pl.col("value").str.contains(_DAY)
        )
        .with_columns(day=pl.col("value").str.to_date("%Y-%m-%d", strict=False))
        .with_columns(actual=pl.col("day").dt.weekday().cast(pl.Int64))
        .filter(pl.col("actual").is_not_null() & (pl.col("actual") != pl.col("weekday")))
    )
    grouped = mentions.group_by("article_id", "text", "value", "weekday", "actual").agg(
        pl.col("mention_id").sort().alias("mention_ids"),
        pl.col("relative").fill_null(False).any().alias("relative"),
    )
    # The streaming engine for the scan of every mention (half the in-memory engine's time
    # here); the few mismatches' messages are formatted after.
    grouped = grouped.collect(engine="streaming").lazy()
    written = pl.col("weekday")
    actual = pl.col("actual")
    return grouped.select(
        message=pl.format(
            "{} in {}: {}{} was a {} ({}), not a {} ({})",
            quote(pl.col("text")),
            pl.col("article_id"),
            pl.col("value"),
            pl.when(pl.col("relative"))
            .then(pl.lit(" (resolved from a relative date)"))
            .otherwise(pl.lit("")),
            _name(actual, WEEKDAYS_AR),
            _name(actual, WEEKDAYS_EN),
            _name(written, WEEKDAYS_AR),
            _name(written, WEEKDAYS_EN),
        ),
        article_ids=pl.concat_list(pl.col("article_id")),
        mention_ids=pl.col("mention_ids"),
        key=pl.concat_str(
            [pl.col("article_id"), pl.col("text"), pl.col("value"), written.cast(pl.String)],
            separator="|",
            ignore_nulls=True,
        ),
        details=pl.struct(
            "text",
            "value",
            pl.col("weekday").alias("written_weekday"),
            pl.col("actual").alias("actual_weekday"),
            _name(written, WEEKDAYS_AR).alias("written_weekday_ar"),
            _name(actual, WEEKDAYS_AR).alias("actual_weekday_ar"),
        ).struct.json_encode(),
    )


def _name(weekday: pl.Expr, names: dict[int, str]) -> pl.Expr:
    return weekday.replace_strict(names, default=None, return_dtype=pl.String)
