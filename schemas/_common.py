"""Patterns, value sets and small check helpers shared by the pandera models."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

# Identifiers: lowercase ASCII letters, digits and `-`, starting with a letter. The pattern also
# keeps `..` and `/` out of article ids, which name files on disk.
ID_PATTERN = r"^[a-z][a-z0-9-]*$"
# TIMEX3 calendar dates at day, month or year precision, with plausible months and days.
# `[0-9]`, not `\d`: Polars' regex engine is Unicode-aware, and `\d` would let Arabic-Indic
# digits (`٢٠٢٤`) through where the data model wants ASCII TIMEX values.
TIMEX_DATE = r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"
TIMEX_DECADE = r"[0-9]{3}X"
DATE_PATTERN = rf"^({TIMEX_DATE}|{TIMEX_DECADE})$"
# Mention values of dates may also be a vague reference.
DATE_VALUE_PATTERN = rf"^({TIMEX_DATE}|{TIMEX_DECADE}|PAST_REF|PRESENT_REF|FUTURE_REF)$"
# TIMEX3 durations (`P3D`, `PT24H`, `P2Y6M`); `X` marks an unspecified amount.
_AMOUNT = r"(?:[0-9]+|X)"
DURATION_PATTERN = (
    rf"^P(?:{_AMOUNT}Y)?(?:{_AMOUNT}M)?(?:{_AMOUNT}W)?(?:{_AMOUNT}D)?"
    rf"(?:T(?:{_AMOUNT}H)?(?:{_AMOUNT}M)?(?:{_AMOUNT}S)?)?$"
)
# What DURATION_PATTERN lets through but is no duration: `P`, `PT`, or a `T` with no time part.
# (Polars' regex engine has no lookahead to fold this into the pattern.)
EMPTY_DURATION_PATTERN = r"^PT?$|T$"
# Year 0000 (and the decade 000X) is no year of the calendar the data model uses: AD 1 follows
# 1 BC, and Python's dates start at year 1, so Python and Polars would read such a date
# differently. It is a schema finding on its row rather than a date some rules skip.
YEAR_ZERO_PATTERN = r"^000[0X]"
# The last Hijri year whose days all fall before Gregorian year 10000, beyond which no date
# can be represented (FL104 converts Hijri dates to Gregorian ones).
HIJRI_MAX_YEAR = 9665
SHA256_PATTERN = r"^[0-9a-f]{64}$"
# BCP 47-ish: a primary language subtag with optional script/region/variant subtags.
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
URL_PATTERN = r"^https?://\S+$"
# Arabic-script names must contain at least one letter from the Arabic block.
ARABIC_PATTERN = r"[\u0600-\u06FF]"

MENTION_KINDS = (
    "date",
    "duration",
    "person",
    "place",
    "organisation",
    "title",
    "agreement",
    "scope",
)
CLAIM_KINDS = ("event", "role", "agreement")
EVENT_TYPES = (
    "signing",
    "ratification",
    "approval",
    "visit",
    "meeting",
    "call",
    "military_operation",
    "appointment",
    "escalation",
    "ceasefire",
    "statement",
    "forum",
    "exhibition",
    "departure",
    "decree",
    "handover",
    "delivery",
)
EVENT_STATUSES = ("occurred", "ongoing", "planned")
GRANULARITIES = ("day", "month", "year", "decade")
CALENDARS = ("gregorian", "hijri")
ENTITY_TYPES = (
    "person",
    "country",
    "city",
    "region",
    "organisation",
    "office",
    "agreement",
    "event",
)


def real_calendar_days(data: pa.PolarsData) -> pl.LazyFrame:
    """A date names a day that exists (no 2025-02-29, no 2024-04-31), in a year that exists
    (no 0000, see `YEAR_ZERO_PATTERN`).

    The pattern admits any day 01..31; a date that does not exist would otherwise turn into
    a null interval and every date rule would skip it in silence.
    """
    return data.lazyframe.select(gregorian_date_exists(pl.col(data.key)).fill_null(True))


def gregorian_date_exists(value: pl.Expr) -> pl.Expr:
    """A TIMEX date value names a real day, month, year or decade (null for a null value)."""
    is_day = value.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    day_exists = ~is_day | value.str.to_date("%Y-%m-%d", strict=False).is_not_null()
    return day_exists & ~value.str.contains(YEAR_ZERO_PATTERN)


def hijri_year_in_range(value: pl.Expr) -> pl.Expr:
    """A Hijri TIMEX value's year (or decade) lies in 1..HIJRI_MAX_YEAR; other values pass
    (null for a null value)."""
    year = value.str.extract(r"^([0-9]{3}[0-9X])", 1)
    first = year.str.replace("X", "0", literal=True).cast(pl.Int64, strict=False)
    last = year.str.replace("X", "9", literal=True).cast(pl.Int64, strict=False)
    return year.is_null() | ((first >= 1) & (last <= HIJRI_MAX_YEAR))


def list_items_match(data: pa.PolarsData, pattern: str) -> pl.LazyFrame:
    """Every item of a list column matches `pattern` (null lists pass; nullability is separate)."""
    return data.lazyframe.select(
        pl.col(data.key).list.eval(pl.element().str.contains(pattern)).list.all()
    )


# Lists of up to this many items are judged item by next item over the whole column at once.
_PAIRWISE = 4


def list_is_sorted(data: pa.PolarsData) -> pl.LazyFrame:
    """A list column's items are in ascending order, so equal sets compare equal.

    Exactly `list.sort() == list` (nulls sort first; a null list gives null). Sorting each list
    costs Polars half a microsecond a list (`list.eval`; `list.sort` twice that): 0.5 s of the
    gate's 1.8 s for a million claims. Id lists are short, so each item of a list of up to
    `_PAIRWISE` is compared with the next one column-wide instead (0.02 s); longer lists are
    sorted and compared.
    """
    col = pl.col(data.key)
    size = col.list.len()

    def item(i: int) -> pl.Expr:
        return col.list.get(i, null_on_oob=True)

    # A pair is in order when it does not exist, starts with a null or ends with no null and
    # ascends.
    in_order = pl.all_horizontal(
        (size <= i + 1) | item(i).is_null() | (item(i + 1).is_not_null() & (item(i) <= item(i + 1)))
        for i in range(_PAIRWISE - 1)
    )
    longer = pl.when(size > _PAIRWISE).then(col)
    sorted_longer = longer.list.eval(pl.element().sort()) == longer
    # A null list has a null size and takes the second branch, which gives null.
    verdict = pl.when(size <= _PAIRWISE).then(in_order).otherwise(sorted_longer)
    return data.lazyframe.select(verdict)


def prefixed_by_article(data: pa.PolarsData, id_column: str, marker: str) -> pl.LazyFrame:
    """`<id_column>` is `<article_id>-<marker><digits>`, as the data model names mentions/claims."""
    # Plain prefix comparison, not a regex built from the data: a malformed article id must fail
    # this check, not crash it.
    prefix = pl.concat_str(pl.col("article_id"), pl.lit(f"-{marker}"))
    rest = pl.col(id_column).str.slice(prefix.str.len_chars())
    return data.lazyframe.select(
        pl.col(id_column).str.starts_with(prefix) & rest.str.contains(r"^[0-9]+$")
    )
