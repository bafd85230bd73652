"""findings.json's writer: the stdlib's indented text, written faster, and details cut once."""

from __future__ import annotations

import json
import re

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from factlint.findings import cap_id_lists, cap_parsed_details, capped_details
from factlint.outputs.json import dumps
from factlint.report.data import _details, _sentence_bounds, bounded

_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
_VALUES = st.recursive(
    _SCALARS, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=40
)
# Details as rules write them: short lists (cut at a small limit) nested in short-keyed objects.
_DETAILS = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=9) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=60,
)


@settings(max_examples=500, deadline=None)
@given(_VALUES)
def test_dumps_is_the_stdlib_text(value: object) -> None:
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_dumps_falls_back_for_what_it_does_not_take() -> None:
    value = {"a": (1, [2]), 3: {"b": []}, "c": "«سوريا»\u2028"}
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


@settings(max_examples=200, deadline=None)
@given(_DETAILS)
def test_details_cut_once_are_the_cut_text_parsed(value: object) -> None:
    text = json.dumps(value, ensure_ascii=False)
    frame = pl.DataFrame({"article_ids": [["a"]], "details": [text]})
    written = cap_id_lists(frame, limit=3).get_column("details").item()
    # Compared as text: NaN is not equal to itself.
    assert json.dumps(capped_details(text, 3)) == json.dumps(json.loads(written))


def test_details_that_are_not_json_stay_text() -> None:
    assert capped_details("not json " + "x" * 300, 2) == "not json " + "x" * 300
    assert capped_details("", 2) is None
    assert capped_details(None, 2) is None


_STOP = re.compile(r"[.!?؟\n]")


def _regex_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence bounds as the report found them with a regex (the reference)."""
    left = max((m.end() for m in _STOP.finditer(text, max(0, start - 2000), start)), default=0)
    left = max(left, start - 2000)
    found = _STOP.search(text, end, min(len(text), end + 2000))
    right = found.end() if found else min(len(text), end + 2000)
    if right - left > 360:
        room = max(0, (360 - (end - start)) // 2)
        left, right = max(left, start - room), min(right, end + room)
    return left, right


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="ab .؟!?\nكتب😀", min_size=1, max_size=5000),
            st.integers(0, 5000),
            st.integers(0, 400),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_sentence_bounds_are_the_regex_bounds(cases: list[tuple[str, int, int]]) -> None:
    # Offsets count characters, as Python's do: Arabic letters take two bytes, 😀 four.
    rows = []
    for text, start, length in cases:
        start = min(start, len(text))
        rows.append((text, start, min(len(text), start + length)))
    frame = pl.DataFrame(
        rows, schema={"text": pl.String, "start": pl.Int64, "end": pl.Int64}, orient="row"
    )
    left, right = _sentence_bounds(pl.col("text"), pl.col("start"), pl.col("end"))
    found = frame.select(left.alias("left"), right.alias("right")).rows()
    assert found == [_regex_bounds(*row) for row in rows]


@settings(max_examples=300, deadline=None)
@given(_DETAILS, st.integers(1, 4))
def test_report_details_cut_and_bounded_in_one_walk(value: object, limit: int) -> None:
    # What the page is given of a finding's details: its lists cut as findings.json cuts
    # them, then bounded, in one walk; the same as the two walks one after the other.
    text = json.dumps(value, ensure_ascii=False)
    expected = bounded(cap_parsed_details(json.loads(text), limit))
    assert json.dumps(_details(text, limit)) == json.dumps(expected)
