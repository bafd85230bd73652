"""Dates as intervals: parsing, precision, containment and overlap, Python and Polars alike."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from factlint.dates import Interval, parse_timex, to_timex, with_interval


@pytest.mark.parametrize(
    ("value", "start", "end", "granularity"),
    [
        ("2024-10-30", date(2024, 10, 30), date(2024, 10, 30), "day"),
        ("2025-01", date(2025, 1, 1), date(2025, 1, 31), "month"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2023", date(2023, 1, 1), date(2023, 12, 31), "year"),
        ("202X", date(2020, 1, 1), date(2029, 12, 31), "decade"),
    ],
)
def test_parse_timex_gives_the_whole_interval(value, start, end, granularity):
    assert parse_timex(value) == Interval(start, end, granularity)


@pytest.mark.parametrize("value", ["2024-02-30", "2024-13", "24", "", "PAST_REF", "2024-1-5", None])
def test_parse_timex_rejects_non_calendar_values(value):
    assert parse_timex(value) is None


def test_month_is_not_its_first_day():
    january = parse_timex("2025-01")
    assert january != parse_timex("2025-01-01")
    assert january.contains(parse_timex("2025-01-31"))


def test_compatible_precision_overlaps_and_distinct_days_do_not():
    assert parse_timex("2024-10").overlaps(parse_timex("2024-10-30"))
    assert not parse_timex("2024-10-30").overlaps(parse_timex("2024-11-30"))
    assert parse_timex("2024-10-30").gap_days(parse_timex("2024-11-30")) == 30
    assert parse_timex("2022-09-12").gap_days(parse_timex("2022-09-13")) == 0  # adjacent days


days = st.dates(min_value=date(1, 1, 1), max_value=date(9998, 12, 31))


@given(days)
def test_day_within_month_within_year(day):
    as_day = parse_timex(day.isoformat())
    month = parse_timex(f"{day.year:04d}-{day.month:02d}")
    year = parse_timex(f"{day.year:04d}")
    assert year.contains(month) and month.contains(as_day) and year.contains(as_day)
    assert as_day.overlaps(month) and month.overlaps(year)


@given(days, st.sampled_from(["day", "month", "year"]))
def test_written_out_and_parsed_back_is_the_same_date(day, granularity):
    start = {"day": day, "month": day.replace(day=1), "year": day.replace(month=1, day=1)}
    interval = parse_timex(
        {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}[
            granularity
        ]
    )
    assert interval.start == start[granularity]
    assert parse_timex(to_timex(interval)) == interval


@given(days, days, days, days)
def test_overlap_is_symmetric_and_containment_implies_overlap(a, b, c, d):
    first = Interval(min(a, b), max(a, b), "day")
    second = Interval(min(c, d), max(c, d), "day")
    assert first.overlaps(second) == second.overlaps(first)
    assert first.gap_days(second) == second.gap_days(first)
    if first.contains(second):
        assert first.overlaps(second)
    assert (first.gap_days(second) == 0) or not first.overlaps(second)


timex_values = st.one_of(
    days.map(lambda d: d.isoformat()),
    days.map(lambda d: d.isoformat()[:7]),
    days.map(lambda d: d.isoformat()[:4]),
    st.integers(1, 998).map(lambda n: f"{n:03d}X"),
    st.text(max_size=12),
)


@given(st.lists(timex_values, min_size=1, max_size=30))
def test_polars_expressions_agree_with_python(values):
    frame = pl.DataFrame({"v": values}).lazy().pipe(with_interval, "v").collect()
    for value, start, end, granularity in frame.iter_rows():
        expected = parse_timex(value)
        if expected is None:
            assert start is None and end is None and granularity is None, value
        else:
            assert (start, end, granularity) == (expected.start, expected.end, expected.granularity)


# Strings shaped like TIMEX values, in any digit system, with the edge years (0000, 9999).
timex_like = st.lists(
    st.sampled_from(
        [*"0123456789", *"٠١٢٣٤٥٦٧٨٩", *"۰۱۲۳۴۵۶۷۸۹", "-", "X", "00", "0000", "9999", "1"]
    ),
    max_size=10,
).map("".join)


@given(st.lists(st.one_of(timex_like, st.text(max_size=12)), min_size=1, max_size=30))
def test_python_and_polars_twins_agree_on_any_string(values):
    frame = pl.DataFrame({"v": values}).lazy().pipe(with_interval, "v").collect()
    for value, start, end, granularity in zip(
        frame["v"], frame["v_start"], frame["v_end"], frame["v_granularity"], strict=True
    ):
        expected = parse_timex(value)
        got = None if start is None else (start, end, granularity)
        assert got == (expected and (expected.start, expected.end, expected.granularity)), value


@pytest.mark.parametrize(
    "value", ["٢٠٢٤", "۲۰۲۴", "2024-٠١", "٢٠٢٤-10-30", "٢٠٢X", "0000", "0000-05"]
)
def test_timex_values_are_ascii_digits_and_year_zero_is_no_date(value):
    assert parse_timex(value) is None
    frame = pl.DataFrame({"v": [value]}).lazy().pipe(with_interval, "v").collect()
    assert frame.row(0)[1:] == (None, None, None)


def test_the_first_and_last_decades_are_clamped_to_the_calendar():
    frame = pl.DataFrame({"v": ["000X", "999X"]}).lazy().pipe(with_interval, "v").collect()
    assert frame["v_start"].to_list() == [date(1, 1, 1), date(9990, 1, 1)]
    assert frame["v_end"].to_list() == [date(9, 12, 31), date(9999, 12, 31)]
    assert parse_timex("000X") == Interval(date(1, 1, 1), date(9, 12, 31), "decade")
