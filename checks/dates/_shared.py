"""Helpers shared by the date rules (not rules themselves)."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

import polars as pl

# ISO weekday number -> the Arabic name as written in MSA news, and the English one for editors:
# one table for the project, in the Arabic-language package (re-exported for the rules).
from factlint.arabic.calendars import WEEKDAYS_AR as WEEKDAYS_AR
from factlint.arabic.calendars import WEEKDAYS_EN as WEEKDAYS_EN
from factlint.identity import event_key, id_strings
from factlint.messages import IDS_SHOWN, examples
from factlint.timeline import dated_claims

# Vague references (`في السنوات الأخيرة`): not calendar values, never placed on a timeline.
VAGUE_VALUES: tuple[str, ...] = ("PAST_REF", "PRESENT_REF", "FUTURE_REF")

# Event types that recur under one identity: a party states its position on an agreement
# again and again, so two statements about one agreement on two dates are two statements.
RECURRING_EVENT_TYPES: tuple[str, ...] = ("statement",)


def days_apart(a_start: pl.Expr, a_end: pl.Expr, b_start: pl.Expr, b_end: pl.Expr) -> pl.Expr:
    """How many days separate two inclusive intervals: 0 when they overlap.

    Otherwise the later one's first day minus the earlier one's last day, so 12 and 13 September
    are 1 day apart and 30 October and 30 November 31 days apart.
    """
    return pl.max_horizontal(
        (b_start - a_end).dt.total_days(),
        (a_start - b_end).dt.total_days(),
        pl.lit(0, dtype=pl.Int64),
    )


def event_label() -> pl.Expr:
    """How an editor reads an event's identity: `signing of agreement-x`, `visit of a, b at c`."""
    # Sorted and joined only where the label shows them (see `factlint.identity.event_key`).
    participants = (
        id_strings(pl.when(pl.col("agreement").is_null()).then(pl.col("participants")))
        .list.unique()
        .list.eval(pl.element().sort())
        .list.join(", ")
    )
    return (
        pl.when(pl.col("agreement").is_not_null())
        .then(pl.format("{} of {}", pl.col("event_type"), pl.col("agreement")))
        .otherwise(pl.format("{} of {} at {}", pl.col("event_type"), participants, pl.col("place")))
    )


def occurred() -> pl.Expr:
    """Claims about what happened (a plan can move; an ongoing event is dated by its span)."""
    return pl.col("status").fill_null("occurred") == "occurred"


def dated_events(claims: pl.LazyFrame) -> pl.LazyFrame:
    """Event claims of what occurred, with a calendar date interval.

    Adds `date_start`, `date_end`, `date_granularity` (see `factlint.timeline.dated_claims`)
    and `event` (the `factlint.identity.event_key`, null when the event has no identity across
    articles).
    """
    events = claims.filter((pl.col("kind") == "event") & occurred())
    return (
        dated_claims(events)
        .filter(pl.col("date_start").is_not_null())
        .with_columns(event=event_key())
    )


def event_date_spread(
    claims: pl.LazyFrame, keep: pl.Expr, event_types: list[str] | None = None
) -> pl.LazyFrame:
    """One row per identified event whose date spread satisfies `keep`, with the evidence.

    `claims` is the whole claims table (each claim's row in it, `_c`, is counted before
    anything is left out); only claims of `event_types` are compared when it is given.

    `apart` is the days between the earliest-ending and the latest-starting date of the event
    (0 when every pair of its dates overlaps); `keep` is a predicate on it. The spread is
    computed cheaply for every event first, and the evidence only for the events kept.

    Columns: `event`, `event_label`, `apart`, `earliest`, `latest` (the two date values that
    are furthest apart), `dates_text` (each date with its articles, `;`-separated, in date
    order), `self_text` (articles whose own dates of the event do not all overlap; both name
    at most `EXAMPLES_SHOWN` articles and count the rest), `dates` (the evidence, a list of
    structs, with at most `IDS_SHOWN` article and claim ids per date and their counts),
    `date_values` (sorted distinct values), `article_ids`, `claim_ids`, `mention_ids` (the date
    mentions), and `_datings`: the event's claims as `with_evidence` reads them (`_c`,
    `claim_id`, `article_id`, `date`, `date_start`, `date_end`), taken from the rows the
    spread already holds rather than found again among every claim by id. Only rows of one
    event are ever compared; planned events and `RECURRING_EVENT_TYPES` are left out.
    """
    claims = claims.with_row_index("_c")
    if event_types is not None:
        claims = claims.filter(pl.col("event_type").is_in(event_types))
    events = dated_events(claims).filter(
        pl.col("event").is_not_null() & ~pl.col("event_type").is_in(RECURRING_EVENT_TYPES)
    )
    spans = (
        events.group_by("event")
        .agg(
            apart=pl.max_horizontal(
                (pl.col("date_start").max() - pl.col("date_end").min()).dt.total_days(),
                pl.lit(0, dtype=pl.Int64),
            )
        )
        .filter(keep)
    )
    # Collected once: the four summaries below read it, and a lazy plan would compute the
    # dates and identities of every event claim again for each. Only the columns they read:
    # every column of the claims of a much-reported event would be most of the claims table.
    kept = (
        events.join(spans, on="event", how="inner")
        .select(
            "event",
            "apart",
            "_c",
            "date",
            "date_start",
            "date_end",
            "article_id",
            "claim_id",
            "date_mention",
        )
        .collect()
        .lazy()
    )
    # An event's label is read from its identity's own fields (its type and agreement, or its
    # participants and place), which every claim of the event shares: once per event, from
    # the claims table's row of its first claim (carried on every kept claim, they were the
    # largest of its columns).
    labels = (
        kept.group_by("event")
        .agg(pl.col("_c").min())
        .join(claims.select("_c", "event_type", "agreement", "participants", "place"), on="_c")
        .select("event", event_label=event_label())
    )
    # Per date: its interval, how many articles and claims give it and the first
    # `IDS_SHOWN` of each (the ten-thousand-article dates of a wire story are not listed).
    per_value = kept.group_by("event", "date").agg(
        pl.col("apart").first(),
        pl.col("date_start").first().alias("start"),
        pl.col("date_end").first().alias("end"),
        first_ids(pl.col("article_id")).alias("article_ids"),
        first_ids(pl.col("claim_id")).alias("claim_ids"),
        pl.col("article_id").n_unique().alias("article_count"),
        pl.col("claim_id").n_unique().alias("claim_count"),
    )
    # The event's ids, whole and unsorted (the finding's id lists are sorted once, by
    # `factlint.findings.finalize_findings`). Gathered, then made unique as lists: a unique in
    # the aggregation cost five times as much (0.25 against 0.05 CPU s at 1M claims).
    ids = (
        kept.group_by("event")
        .agg(
            pl.col("article_id").alias("article_ids"),
            pl.col("claim_id").alias("claim_ids"),
            pl.col("date_mention").drop_nulls().alias("mention_ids"),
            pl.struct("_c", "claim_id", "article_id", "date", "date_start", "date_end")
            .filter(pl.col("claim_id").is_not_null())
            .alias("_datings"),
        )
        .with_columns(pl.col("article_ids", "claim_ids", "mention_ids").list.unique())
    )
    per_article = (
        kept.group_by("event", "article_id")
        .agg(
            (pl.col("date_start").max() - pl.col("date_end").min())
            .dt.total_days()
            .alias("own_apart")
        )
        .filter(pl.col("own_apart") > 0)
        .group_by("event")
        .agg(pl.col("article_id").sort().alias("_self"))
        .select("event", self_text=examples(pl.col("_self")))
    )
    order = ["start", "end", "date"]
    return (
        per_value.with_columns(
            part=pl.format(
                "{} ({})",
                pl.col("date"),
                examples(pl.col("article_ids"), count=pl.col("article_count")),
            ),
            evidence=pl.struct(
                pl.col("date").alias("value"),
                pl.col("start").cast(pl.String),
                pl.col("end").cast(pl.String),
                "article_ids",
                "claim_ids",
                "article_count",
                "claim_count",
            ),
        )
        .group_by("event")
        .agg(
            pl.col("apart").first(),
            pl.col("date").sort_by(["end", "start", "date"]).first().alias("earliest"),
            pl.col("date").sort_by(order, descending=[True, False, False]).first().alias("latest"),
            pl.col("part").sort_by(order).str.join("; ").alias("dates_text"),
            pl.col("evidence").sort_by(order).alias("dates"),
            pl.col("date").sort().alias("date_values"),
        )
        .join(labels, on="event", how="left")
        .join(ids, on="event", how="left")
        .join(per_article, on="event", how="left")
    )


def first_ids(ids: pl.Expr) -> pl.Expr:
    """The first `IDS_SHOWN` distinct ids of a group, sorted (without sorting them all)."""
    return ids.unique().bottom_k(IDS_SHOWN).sort()


def spread_findings(spread: pl.LazyFrame, verdict: pl.Expr, adjacent_days: int) -> pl.DataFrame:
    """Finding rows of FL101 / FL102 from `event_date_spread` rows already filtered.

    `verdict` says how far apart the dates are and what that means (an expression over the
    spread's columns). The rows keep the spread's `_datings` for `with_evidence`. They are
    collected here, so that a caller that hands over the spread without keeping it lets its
    plan go, and with it the event claims the plan collected once (at ten million claims,
    3.5 million of them), before the evidence is built.
    """
    self_note = (
        pl.when(pl.col("self_text").is_not_null())
        .then(pl.format(" ({} itself gives dates that do not overlap)", pl.col("self_text")))
        .otherwise(pl.lit(""))
    )
    return spread.select(
        message=pl.format(
            "{} is dated {}: {} and {} do not overlap, {}{}",
            pl.col("event_label"),
            pl.col("dates_text"),
            pl.col("earliest"),
            pl.col("latest"),
            verdict,
            self_note,
        ),
        article_ids=pl.col("article_ids"),
        claim_ids=pl.col("claim_ids"),
        mention_ids=pl.col("mention_ids"),
        _datings=pl.col("_datings"),
        key=pl.format("{}|{}", pl.col("event"), pl.col("date_values").list.join(",")),
        details=pl.struct(
            "event",
            "event_label",
            pl.col("apart").alias("days_apart"),
            pl.lit(adjacent_days).alias("adjacent_days"),
            "dates",
        ).struct.json_encode(),
    ).collect(engine="in-memory")


# --- Hijri dates -----------------------------------------------------------------------------

_HIJRI_VALUE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def hijri_interval(value: str) -> tuple[date | None, date | None, str | None, str | None]:
    """The Gregorian interval of a Hijri TIMEX value by the Umm al-Qura calendar.

    Returns `(start, end, problem, problem_kind)`: `problem_kind` is `invalid` (not a Hijri
    date at all: month 13, day 31, not a calendar value), and the interval is None then. A
    date the Umm al-Qura tables do not cover is converted by the arithmetical calendar,
    widened by a day on each side. Day 30 of a month Umm
    al-Qura gives 29 days is read as the day after the 29th: countries that sight the moon
    themselves can have a 30th where Umm al-Qura has none.
    """
    from hijridate import Hijri  # a dependency of the project; imported where it is needed

    match = _HIJRI_VALUE.fullmatch(value)
    if match is None:
        return None, None, f"{value} is not a Hijri calendar value", "invalid"
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    day = int(match[3]) if match[3] else None
    if month is not None and not 1 <= month <= 12:
        return None, None, f"{value}: there is no Hijri month {month}", "invalid"
    if day is not None and not 1 <= day <= 30:
        return None, None, f"{value}: a Hijri month has at most 30 days", "invalid"
    try:
        if day is not None:
            first = Hijri(year, month, 1)
            extra = max(0, day - first.month_length())
            start = Hijri(year, month, day - extra).to_gregorian() + timedelta(days=extra)
            return start, start, None, None
        first_month, last_month = (month, month) if month is not None else (1, 12)
        start = Hijri(year, first_month, 1).to_gregorian()
        last = Hijri(year, last_month, 1)
        end = Hijri(year, last_month, last.month_length()).to_gregorian()
        return start, end, None, None
    except (OverflowError, ValueError):
        # Before 1343 AH (1924) or after 1500 AH Umm al-Qura has no tables: use the
        # arithmetical (tabular) calendar, which observation differs from by a day or two,
        # and widen the interval by a day on each side to allow for that.
        try:
            start, end = _tabular_interval(year, month, day)
            return start - timedelta(days=1), end + timedelta(days=1), None, None
        except (OverflowError, ValueError):
            # Beyond Python's dates (a Hijri year in the thousands): not a date to compare.
            return (
                None,
                None,
                f"{value} has no Gregorian date (it falls after the year 9999)",
                "invalid",
            )


def _tabular_day(year: int, month: int, day: int) -> date:
    """The Gregorian day of a Hijri date by the arithmetical (civil) calendar."""
    julian_day = (
        day + math.ceil(29.5 * (month - 1)) + (year - 1) * 354 + (3 + 11 * year) // 30 + 1948439
    )
    return date.fromordinal(julian_day - 1721425)


def _tabular_interval(year: int, month: int | None, day: int | None) -> tuple[date, date]:
    if day is not None and month is not None:
        return _tabular_day(year, month, day), _tabular_day(year, month, day)
    first, last = (month, month) if month is not None else (1, 12)
    end = _tabular_day(year + 1, 1, 1) if last == 12 else _tabular_day(year, last + 1, 1)
    return _tabular_day(year, first, 1), end - timedelta(days=1)


def hijri_table(values: list[str]) -> pl.LazyFrame:
    """`value`, `g_start`, `g_end`, `problem`, `problem_kind` for each distinct Hijri value.

    A Python call per *distinct* Hijri value (a few hundred at most in any news corpus), not
    per row: the conversion tables live in `hijridate`, not in Polars.
    """
    rows = [(v, *hijri_interval(v)) for v in sorted(set(values))]
    schema = {
        "value": pl.String(),
        "g_start": pl.Date(),
        "g_end": pl.Date(),
        "problem": pl.String(),
        "problem_kind": pl.String(),
    }
    return pl.DataFrame(rows, schema=schema, orient="row").lazy()
