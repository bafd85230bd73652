"""The findings table: fixed schema, order-independent ids, stable fingerprints."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
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


_ID = st.one_of(st.none(), st.sampled_from(["a-1", "a-2", "a-3"]))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["m1", "m2"]),
            st.one_of(st.none(), st.sampled_from(["k1", "k2"])),
            st.one_of(st.none(), st.lists(_ID, max_size=4)),
            st.one_of(st.none(), st.sampled_from(["d1", "d2"])),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_a_finding_has_every_id_of_its_rows_sorted_once_without_nulls(given_rows):
    # A key of one row keeps that row's lists; rows sharing a key merge theirs. Either way a
    # finding has the sorted distinct ids of its rows, no null, and its first message.
    frame = pl.DataFrame(
        [{"message": m, "key": k, "article_ids": i, "details": d} for m, k, i, d in given_rows],
        schema={
            "message": pl.String,
            "key": pl.String,
            "article_ids": pl.List(pl.String),
            "details": pl.String,
        },
    )
    out = finalize_findings(frame, code="FL101", name="x", severity="error", source="rule")
    alone = [
        finalize_findings(frame[i], code="FL101", name="x", severity="error", source="rule")
        for i in range(frame.height)
    ]
    expected: dict[str, tuple[str, str | None, set[str]]] = {}
    for (message, _, ids, details), one in zip(given_rows, alone, strict=True):
        fingerprint = one.get_column("fingerprint")[0]
        m, d, merged = expected.get(fingerprint, (message, details, set()))
        d = d if details is None else details if d is None else min(d, details)
        expected[fingerprint] = (min(m, message), d, merged | {a for a in ids or [] if a})
    got = {r["fingerprint"]: r for r in out.iter_rows(named=True)}
    assert set(got) == set(expected)
    for fingerprint, (message, details, ids) in expected.items():
        row = got[fingerprint]
        assert row["message"] == message
        assert row["details"] == details
        assert row["article_ids"] == sorted(ids)
