"""Properties of the date rules (FL101-FL103) over generated datasets."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from checks.dates._shared import WEEKDAYS_AR
from checks.dates.fl101_conflicting_event_dates import conflicting_event_dates
from checks.dates.fl102_adjacent_event_dates import adjacent_event_dates
from checks.dates.fl103_weekday_date_mismatch import weekday_date_mismatch
from factlint.arabic.calendars import MONTH_SYSTEMS
from factlint.config import Config
from factlint.engine import run_checks

from rule_cases import build_dataset

SETTINGS = settings(max_examples=60, deadline=None)
EVENT_RULES = (conflicting_event_dates, adjacent_event_dates)
MONTHS_AR = [MONTH_SYSTEMS["msa"][month][0] for month in range(1, 13)]

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))
precisions = st.sampled_from(["day", "month", "year"])
# A few events: two signings of agreements (identified by the agreement) and one escalation
# (identified by participants and place), so that rows of different events are mixed.
EVENTS: list[dict[str, Any]] = [
    {
        "event_type": "signing",
        "participants": ["country-azerbaijan", "country-morocco"],
        "agreement": "agreement-mar-aze-military-2024",
    },
    {
        "event_type": "signing",
        "participants": ["country-czechia", "country-morocco"],
        "agreement": "agreement-mar-cze-military-2024",
    },
    {
        "event_type": "escalation",
        "participants": ["country-armenia", "country-azerbaijan"],
        "agreement": None,
        "place": "region-armenia-azerbaijan-border",
    },
]


def timex(day: date, precision: str) -> str:
    if precision == "day":
        return day.isoformat()
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def dataset_of(reports: list[tuple[str, int, str]]) -> dict[str, Any]:
    """A case from (article_id, event index, date value) triples, one claim each."""
    articles = sorted({a for a, _, _ in reports})
    claims = [
        {
            "claim_id": f"{article}-c{i:03d}",
            "article_id": article,
            "kind": "event",
            "status": "occurred",
            "date": value,
            **EVENTS[event],
        }
        for i, (article, event, value) in enumerate(reports)
    ]
    return {
        "articles": [{"article_id": a, "text": "وقع البلدان الاتفاقية."} for a in articles],
        "claims": claims,
    }


def run(case: dict[str, Any], check, options: dict[str, Any] | None = None) -> list[tuple]:
    result = run_checks(
        build_dataset(case),
        Config(select=(check.code,), options={check.code: options or {}}),
        rules=[check],
    )
    assert (result.findings["code"] == check.code).all(), result.findings["message"].to_list()
    rows = result.findings.select(
        "fingerprint", "message", "article_ids", "claim_ids", "mention_ids", "details"
    )
    return sorted(tuple(str(v) for v in row) for row in rows.iter_rows())


def fingerprints(case: dict[str, Any], check) -> list[str]:
    return sorted(row[0] for row in run(case, check))


# Dates near one another, so that generated events are often consistent, adjacent or in
# conflict, and far apart now and then.
near_days = st.builds(
    lambda offset: date(2024, 10, 28) + timedelta(days=offset),
    st.one_of(st.integers(-2, 2), st.integers(-40, 40)),
)
reports = st.lists(
    st.tuples(
        st.sampled_from(["a-1", "b-2", "c-3", "d-4"]),
        st.integers(0, len(EVENTS) - 1),
        st.builds(timex, st.one_of(near_days, days), precisions),
    ),
    min_size=1,
    max_size=8,
)


@SETTINGS
@given(reports, st.randoms(use_true_random=False))
def test_event_date_findings_do_not_depend_on_row_or_article_order(rows, rnd):
    case = dataset_of(rows)
    shuffled = {key: list(value) for key, value in case.items()}
    rnd.shuffle(shuffled["claims"])
    rnd.shuffle(shuffled["articles"])
    for check in EVENT_RULES:
        assert run(case, check) == run(shuffled, check)


@SETTINGS
@given(
    st.builds(timex, days, precisions),
    st.builds(timex, days, precisions),
    st.integers(0, len(EVENTS) - 1),
)
def test_conflicts_are_symmetric(first, second, event):
    said = dataset_of([("a-1", event, first), ("b-2", event, second)])
    swapped = dataset_of([("a-1", event, second), ("b-2", event, first)])
    for check in EVENT_RULES:
        assert fingerprints(said, check) == fingerprints(swapped, check)


@SETTINGS
@given(reports)
def test_fl101_and_fl102_never_report_the_same_event(rows):
    case = dataset_of(rows)
    reported = []
    for check in EVENT_RULES:
        result = run_checks(build_dataset(case), Config(select=(check.code,)), rules=[check])
        reported.append({c for ids in result.findings["claim_ids"].to_list() for c in ids})
    assert not reported[0] & reported[1]


@SETTINGS
@given(days, st.integers(0, len(EVENTS) - 1), st.lists(precisions, min_size=1, max_size=6))
def test_a_day_within_its_month_within_its_year_never_conflicts(day, event, levels):
    articles = ["a-1", "b-2", "c-3", "d-4", "e-5", "f-6"]
    rows = [(articles[i], event, timex(day, level)) for i, level in enumerate(levels)]
    rows += [("g-7", event, timex(day, "day")), ("h-8", event, timex(day, "year"))]
    case = dataset_of(rows)
    for check in EVENT_RULES:
        assert run(case, check) == []


def weekday_case(day: date, weekday: int) -> dict[str, Any]:
    digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    text = f"{WEEKDAYS_AR[weekday]} {day.day} {MONTHS_AR[day.month - 1]} {day.year}".translate(
        digits
    )
    return {
        "articles": [{"article_id": "a-1", "text": f"جرت مراسم التوقيع، {text}، في مراكش."}],
        "mentions": [
            {
                "mention_id": "a-1-m001",
                "article_id": "a-1",
                "kind": "date",
                "text": text,
                "value": day.isoformat(),
                "granularity": "day",
                "calendar": "gregorian",
                "weekday": weekday,
                "relative": False,
            }
        ],
    }


@SETTINGS
@given(days)
def test_the_true_weekday_never_mismatches(day):
    assert run(weekday_case(day, day.isoweekday()), weekday_date_mismatch) == []


@SETTINGS
@given(days, st.integers(1, 6))
def test_any_other_weekday_always_mismatches(day, shift):
    written = (day.isoweekday() - 1 + shift) % 7 + 1
    found = run(weekday_case(day, written), weekday_date_mismatch)
    assert len(found) == 1
    assert f"not a {WEEKDAYS_AR[written]}" in found[0][1]
    assert f"was a {WEEKDAYS_AR[day.isoweekday()]}" in found[0][1]


def test_month_lengths_are_respected_at_the_boundaries():
    # The last day of a month and the first of the next are adjacent (FL102), not a conflict.
    for year, month in [(2024, 2), (2023, 2), (2024, 12), (2025, 4)]:
        last = date(year, month, calendar.monthrange(year, month)[1])
        case = dataset_of(
            [("a-1", 0, timex(last, "month")), ("b-2", 0, (last + timedelta(1)).isoformat())]
        )
        assert run(case, conflicting_event_dates) == []
        assert len(run(case, adjacent_event_dates)) == 1


@SETTINGS
@given(days, st.integers(0, 5), st.integers(0, 3), st.integers(0, len(EVENTS) - 1))
def test_days_apart_decide_between_conflict_and_adjacent(day, apart, adjacent, event):
    later = (day + timedelta(days=apart)).isoformat()
    case = dataset_of([("a-1", event, day.isoformat()), ("b-2", event, later)])
    conflicts = run(
        case,
        conflicting_event_dates,
        {"adjacent_days": adjacent, "event_types": ["signing", "escalation"]},
    )
    near = run(case, adjacent_event_dates, {"adjacent_days": adjacent})
    assert len(conflicts) == (apart > adjacent)
    assert len(near) == (0 < apart <= adjacent)


def test_intervals_of_distinct_values_are_those_of_every_row():
    """`factlint.dates.with_interval` parses each distinct date once and joins it back: the
    same intervals as its expressions row by row (`interval_columns`), in the rows' order, for
    repeated, null, vague and unreadable values."""
    import polars as pl

    from factlint.dates import interval_columns, with_interval

    values = [
        "2025-02-28",
        None,
        "2025-02",
        "2025-02-28",
        "PAST_REF",
        "غدا",
        None,
        "2024",
        "2025-W09",
    ]
    frame = pl.LazyFrame({"row": list(range(len(values))), "date": values})
    expected = interval_columns(frame, "date", "date").collect()
    got = with_interval(frame, "date").collect()
    assert got.equals(expected)
    assert got.get_column("date_start").null_count() < len(values)
