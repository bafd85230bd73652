"""The findings table: fixed schema, order-independent ids, stable fingerprints."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from factlint.findings import FINDINGS_SCHEMA, finalize_findings, summarize


def rows(messages, ids):
    return pl.DataFrame(
        {"message": messages, "article_ids": ids, "key": [None] * len(messages)},
        schema_overrides={"key": pl.String},
    )


def test_finalize_fills_the_fixed_schema():
    out = finalize_findings(
        rows(["m"], [["b", "a", "a"]]), code="FL101", name="x", severity="error", source="rule"
    )
    assert dict(out.schema) == FINDINGS_SCHEMA
    assert out.row(0, named=True)["article_ids"] == ["a", "b"]
    assert out.row(0, named=True)["claim_ids"] == []


@given(st.permutations(["seed-000", "seed-001", "seed-002"]))
def test_fingerprint_does_not_depend_on_id_order(order):
    out = finalize_findings(
        rows(["conflict"], [list(order)]), code="FL101", name="x", severity="error", source="rule"
    )
    reference = finalize_findings(
        rows(["conflict"], [["seed-000", "seed-001", "seed-002"]]),
        code="FL101",
        name="x",
        severity="error",
        source="rule",
    )
    assert out.get_column("fingerprint").to_list() == reference.get_column("fingerprint").to_list()


def test_fingerprint_uses_the_key_and_the_code():
    frame = pl.DataFrame({"message": ["a", "b"], "key": ["same", "same"]})
    one = finalize_findings(frame, code="FL101", name="x", severity="error", source="rule")
    assert one.height == 1  # same content key: one finding
    other = finalize_findings(frame, code="FL102", name="x", severity="error", source="rule")
    assert one.get_column("fingerprint")[0] != other.get_column("fingerprint")[0]


def test_summary_always_has_three_severities():
    assert summarize(pl.DataFrame(schema=FINDINGS_SCHEMA)) == {"error": 0, "warning": 0, "info": 0}


@given(st.permutations(["a-1-c1", "a-1-c2", "a-1-c3"]))
def test_rows_with_one_key_merge_into_one_finding_whatever_their_order(order):
    frame = pl.DataFrame(
        {
            "message": [f"role claim {c} conflicts" for c in order],
            "claim_ids": [[c] for c in order],
            "key": ["person-x|office-y"] * 3,
        }
    )
    out = finalize_findings(frame, code="FL203", name="x", severity="error", source="rule")
    assert out.height == 1
    row = out.row(0, named=True)
    assert row["claim_ids"] == ["a-1-c1", "a-1-c2", "a-1-c3"]
    assert row["message"] == "role claim a-1-c1 conflicts"
