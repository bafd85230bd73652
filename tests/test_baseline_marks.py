"""`apply_baseline` marks each finding as the rule says, finding by finding: the first live
waiver that covers it (`Waiver.matches`) waives it, else it is `baselined` when its
fingerprint is in the baseline, else `new`. Only the findings of a waiver's fingerprint or
rule are read into Python; this holds the result to a row-by-row reading of that rule."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from factlint.baseline import Baseline, Waiver, apply_baseline
from factlint.findings import FINDINGS_SCHEMA, empty_findings

_FINGERPRINTS = [f"fp{i}" for i in range(6)]
_CODES = ["FL101", "FL204", "FL302"]
_IDS = ["seed-000", "seed-001", "entity-x", "entity-y"]


@st.composite
def _findings(draw: st.DrawFn) -> pl.DataFrame:
    rows = [
        {
            "fingerprint": draw(st.one_of(st.none(), st.sampled_from(_FINGERPRINTS))),
            "code": draw(st.sampled_from(_CODES)),
            "article_ids": draw(st.lists(st.sampled_from(_IDS), max_size=3)),
            "details": json.dumps({"party": draw(st.sampled_from(_IDS))}),
        }
        for _ in range(draw(st.integers(0, 12)))
    ]
    given = pl.DataFrame(
        rows,
        schema={
            "fingerprint": pl.String,
            "code": pl.String,
            "article_ids": pl.List(pl.String),
            "details": pl.String,
        },
    )
    return pl.concat([empty_findings(), given], how="diagonal_relaxed").select(
        list(FINDINGS_SCHEMA)
    )


_WAIVERS = st.lists(
    st.one_of(
        st.builds(
            Waiver, reason=st.sampled_from(["a", "b"]), fingerprint=st.sampled_from(_FINGERPRINTS)
        ),
        st.builds(
            Waiver,
            reason=st.sampled_from(["c", "d"]),
            rule=st.sampled_from(_CODES),
            article=st.sampled_from(_IDS),
        ),
        st.builds(
            Waiver,
            reason=st.just("e"),
            rule=st.sampled_from(_CODES),
            entity=st.sampled_from(_IDS),
            expires=st.sampled_from([None, date(2000, 1, 1)]),
        ),
    ),
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(findings=_findings(), waivers=_WAIVERS, known=st.sets(st.sampled_from(_FINGERPRINTS)))
def test_marks_are_those_of_a_row_by_row_reading(
    findings: pl.DataFrame, waivers: list[Waiver], known: set[str]
) -> None:
    today = date(2026, 1, 1)
    marked, _ = apply_baseline(findings, Baseline({f: {} for f in known}), waivers, today=today)
    live = [w for w in waivers if w.expires is None or w.expires >= today]
    expected = []
    for row in findings.iter_rows(named=True):
        waiver = next((w for w in live if w.matches(row)), None)
        if waiver is not None:
            expected.append(("waived", waiver.reason))
        else:
            expected.append(("baselined" if row["fingerprint"] in known else "new", None))
    got = marked.head(findings.height).select("status", "waiver").rows()
    assert got == expected
