"""Dates as intervals: TIMEX3-style calendar values with their precision kept.

A value names an interval of days: `2024-10-30` one day, `2025-01` the whole of January 2025,
`2023` the whole year, `202X` the decade. Intervals are inclusive at both ends. Everything here
exists twice, as plain Python for single values and as Polars expressions for whole columns; the
tests hold the two to the same answers.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

import polars as pl

__all__ = [
    "DATE_VALUE_PATTERN",
    "Interval",
    "interval_end",
    "interval_granularity",
    "interval_start",
    "parse_timex",
    "to_timex",
    "with_interval",
]

# `[0-9]`, not `\d`: both regex engines read `\d` as any Unicode digit, so `٢٠٢٤` would pass the
# pattern and then parse in Python but not in Polars. TIMEX values are written in ASCII digits.
DATE_VALUE_PATTERN = r"^(?:[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?|[0-9]{3}X)$"

_DAY = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_MONTH = r"^[0-9]{4}-[0-9]{2}$"
_YEAR = r"^[0-9]{4}$"
_DECADE = r"^[0-9]{3}X$"

GRANULARITIES: tuple[str, ...] = ("day", "month", "year", "decade")


@dataclass(frozen=True, order=True)
class Interval:
    """An inclusive span of days with the granularity it was written at."""

    start: date
    end: date
    granularity: str

    def overlaps(self, other: Interval) -> bool:
        return self.start <= other.end and other.start <= self.end

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end

    def gap_days(self, other: Interval) -> int:
        """Days strictly between the two intervals; 0 when they overlap or touch."""
        if self.overlaps(other):
            return 0
        first, second = (self, other) if self.end < other.start else (other, self)
        return (second.start - first.end).days - 1


def parse_timex(value: str | None) -> Interval | None:
    """The interval a TIMEX value names, or None when it is not a calendar value."""
    if value is None:
        return None
    try:
        if re.fullmatch(_DAY, value):
            day = date.fromisoformat(value)
            return Interval(day, day, "day")
        if re.fullmatch(_MONTH, value):
            year, month = int(value[:4]), int(value[5:7])
            last = calendar.monthrange(year, month)[1]
            return Interval(date(year, month, 1), date(year, month, last), "month")
        if re.fullmatch(_YEAR, value):
            year = int(value)
            return Interval(date(year, 1, 1), date(year, 12, 31), "year")
        if re.fullmatch(_DECADE, value):
            first = int(value[:3]) * 10
            return Interval(date(max(first, 1), 1, 1), date(first + 9, 12, 31), "decade")
    except ValueError:
        return None
    return None


def to_timex(interval: Interval) -> str:
    """Write an interval back as the TIMEX value of its granularity."""
    start = interval.start
    if interval.granularity == "day":
        return start.isoformat()
    if interval.granularity == "month":
        return f"{start.year:04d}-{start.month:02d}"
    if interval.granularity == "year":
        return f"{start.year:04d}"
    if interval.granularity == "decade":
        return f"{start.year // 10:03d}X"
    raise ValueError(f"unknown granularity: {interval.granularity!r}")


def interval_granularity(value: pl.Expr) -> pl.Expr:
    """The granularity a TIMEX value column is written at (null for non-calendar values)."""
    return (
        pl.when(value.str.contains(_DAY))
        .then(pl.lit("day"))
        .when(value.str.contains(_MONTH))
        .then(pl.lit("month"))
        .when(value.str.contains(_YEAR))
        .then(pl.lit("year"))
        .when(value.str.contains(_DECADE))
        .then(pl.lit("decade"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )


def interval_start(value: pl.Expr) -> pl.Expr:
    """First day of the interval each TIMEX value names (null when invalid)."""
    as_day = (
        pl.when(value.str.contains(_DAY))
        .then(value)
        .when(value.str.contains(_MONTH))
        .then(value + "-01")
        .when(value.str.contains(_YEAR))
        .then(value + "-01-01")
        .when(value.str.contains(_DECADE))
        .then(value.str.replace("X$", "0") + "-01-01")
    )
    start = as_day.str.to_date("%Y-%m-%d", strict=False)
    # Python's dates, like the proleptic calendar TIMEX values use, begin on 1 January of year 1:
    # a value in year 0 is not a calendar value, and the first decade (000X) starts on that day.
    return (
        pl.when(start.dt.year() >= 1)
        .then(start)
        .when(value.str.contains(_DECADE) & start.is_not_null())
        .then(pl.lit(date(1, 1, 1)))
    )


def interval_end(value: pl.Expr) -> pl.Expr:
    """Last day of the interval each TIMEX value names (null when invalid)."""
    start = interval_start(value)
    granularity = interval_granularity(value)
    # The last day of a year or decade is written out, not reached by adding years to the first
    # (year 9999 has no year after it, and 000X starts in year 1).
    last_of_year = (value.str.replace("X$", "9") + "-12-31").str.to_date("%Y-%m-%d", strict=False)
    return (
        pl.when(start.is_null())
        .then(pl.lit(None, dtype=pl.Date))
        .when(granularity == "day")
        .then(start)
        .when(granularity == "month")
        .then(start.dt.month_end())
        .when(granularity.is_in(["year", "decade"]))
        .then(last_of_year)
    )


def with_interval(frame: pl.LazyFrame, column: str, prefix: str | None = None) -> pl.LazyFrame:
    """Add `<prefix>_start`, `<prefix>_end` and `<prefix>_granularity` for a TIMEX column.

    Each distinct value is parsed once (when this is called) and looked up on its rows, which
    keep their order (a null has null columns): a million claims or articles carry a few
    hundred distinct dates.
    """
    prefix = prefix or column
    # The distinct values' intervals are computed first, then looked up on each row: a join
    # of the frame with them gathered a copy of every column of the frame (at ten million
    # claims, the 700 MB of FL108's event claims), and a lookup changes no row's place.
    table = interval_columns(frame.select(column).unique().drop_nulls(), column, prefix).collect(
        engine="in-memory"
    )
    values = table.get_column(column)
    return frame.with_columns(
        pl.col(column)
        .replace_strict(values, table.get_column(name), default=None, return_dtype=dtype)
        .alias(name)
        for name, dtype in table.schema.items()
        if name != column
    )


def interval_columns(frame: pl.LazyFrame, column: str, prefix: str) -> pl.LazyFrame:
    """`with_interval`'s columns computed on every row of `frame` (no join)."""
    value = pl.col(column)
    start = interval_start(value)
    return frame.with_columns(
        start.alias(f"{prefix}_start"),
        interval_end(value).alias(f"{prefix}_end"),
        pl.when(start.is_not_null())
        .then(interval_granularity(value))
        .alias(f"{prefix}_granularity"),
    )
