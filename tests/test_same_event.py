"""Properties of the same-event date rules (FL108-FL111) over the fixture datasets.

- Findings do not depend on the order of articles, mentions or claims.
- A reprint of an article (another outlet printing the same text, with the same claims) never
  adds a finding and never changes how many independent sources support a value.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any
from unittest.mock import patch

import polars as pl
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from checks.dates import _events as events_module
from checks.dates._events import _looked_at, _pair_key, _row_datings
from factlint.config import Config
from factlint.engine import discover_rules, run_checks
from factlint.identity import claim_number
from factlint.timeline import dated_claims

from rule_cases import build_dataset

RULES_DIR = Path(__file__).parent / "rules"
CODES = ("FL108", "FL109", "FL110", "FL111")
RULES = [r for r in discover_rules("checks")[0] if r.code in CODES]
SETTINGS = settings(max_examples=25, deadline=None)


def _cases() -> list[dict[str, Any]]:
    """Every fixture case of the four rules that has findings to keep or lose."""
    out = []
    for code in CODES:
        document = yaml.safe_load((RULES_DIR / f"{code}.yml").read_text(encoding="utf-8"))
        out += [case for name, case in document["cases"].items() if name.startswith("fail_")]
    return out


CASES = _cases()


def _findings(case: dict[str, Any]) -> dict[str, dict[str, Any]]:
    result = run_checks(build_dataset(case), Config(select=CODES), rules=RULES)
    return {row["fingerprint"]: row for row in result.findings.iter_rows(named=True)}


def _support(finding: dict[str, Any]) -> dict[str, int]:
    return {s["value"]: s["sources"] for s in json.loads(finding["details"])["support"]}


def test_the_fixture_cases_have_findings():
    assert all(_findings(case) for case in CASES)


@SETTINGS
@given(st.data())
def test_findings_do_not_depend_on_article_or_row_order(data):
    case = data.draw(st.sampled_from(CASES))
    shuffled = {
        **case,
        **{
            table: data.draw(st.permutations(case.get(table, [])))
            for table in ("articles", "mentions", "claims")
        },
    }
    before, after = _findings(case), _findings(shuffled)
    assert set(after) == set(before)
    for fingerprint, row in before.items():
        assert after[fingerprint]["message"] == row["message"]
        assert after[fingerprint]["details"] == row["details"]


def _reprint(case: dict[str, Any], article_id: str, outlet: str) -> dict[str, Any]:
    """The case with `article_id` printed again by `outlet`: same text and publication date,
    its mentions and claims copied under the reprint's ids."""
    new = f"z-{article_id}"
    case = copy.deepcopy(case)

    def renamed(value: Any) -> Any:
        if isinstance(value, str) and value.startswith(f"{article_id}-"):
            return new + value[len(article_id) :]
        if isinstance(value, list):
            return [renamed(v) for v in value]
        return value

    article = next(a for a in case["articles"] if a["article_id"] == article_id)
    case["articles"].append({**article, "article_id": new, "outlet": outlet})
    for table in ("mentions", "claims"):
        copies = [
            {k: renamed(v) for k, v in {**row, "article_id": new}.items()}
            for row in case.get(table, [])
            if row["article_id"] == article_id
        ]
        case[table] = case.get(table, []) + copies
    return case


@SETTINGS
@given(st.data())
def test_a_reprint_adds_no_finding_and_no_independent_source(data):
    case = data.draw(st.sampled_from(CASES))
    article_id = data.draw(st.sampled_from([a["article_id"] for a in case["articles"]]))
    outlet = data.draw(st.sampled_from(["Okaz", "Al-Madina", "Saudi Press Agency", ""]))
    before = _findings(case)
    after = _findings(_reprint(case, article_id, outlet))
    assert set(after) == set(before)
    for fingerprint, row in before.items():
        assert _support(after[fingerprint]) == _support(row)


@pytest.mark.parametrize("case", CASES[:1])
def test_a_reprint_is_counted_as_an_article_but_not_as_a_source(case):
    article_id = case["articles"][0]["article_id"]
    before = _findings(case)
    after = _findings(_reprint(case, article_id, "Okaz"))
    (fingerprint,) = before
    counts = {
        s["value"]: s["article_count"] for s in json.loads(after[fingerprint]["details"])["support"]
    }
    original = {
        s["value"]: s["article_count"]
        for s in json.loads(before[fingerprint]["details"])["support"]
    }
    assert sum(counts.values()) == sum(original.values()) + 1


def test_the_rules_compare_every_event_type_but_statements():
    from checks.dates._events import DEFAULT_EVENT_TYPES
    from schemas._common import EVENT_TYPES

    assert sorted(DEFAULT_EVENT_TYPES) == sorted(t for t in EVENT_TYPES if t != "statement")


def _events(rows: list[tuple[str, str, str | None, str, str | None, str]]) -> pl.DataFrame:
    """Event claims as `_compute` reads them: (claim, type, agreement, date, status, article)."""
    frame = pl.DataFrame(
        rows,
        schema=["claim_id", "event_type", "agreement", "date", "status", "article_id"],
        orient="row",
    )
    return dated_claims(frame.lazy()).with_columns(claim_number()).collect()


def _kept(events: pl.DataFrame, side_by_side: tuple[str, ...] = ()) -> set[str]:
    kept = _looked_at(events, pl.Series([list(side_by_side)], dtype=pl.List(pl.String)))
    return set(kept.get_column("claim_id"))


def test_only_blocks_that_can_disagree_are_looked_at():
    events = _events(
        [
            # one date: nothing can disagree
            ("m1", "meeting", None, "2015-07-23", "occurred", "a"),
            ("m2", "meeting", None, "2015-07-23", None, "b"),
            # a signing every claim reports as occurred: FL101 and FL102 own its dates
            ("s1", "signing", "agr-1", "2015-07-23", "occurred", "a"),
            ("s2", "signing", "agr-1", "2015-08-23", None, "b"),
            # the same with an announced date: FL109's
            ("p1", "signing", "agr-2", "2015-07-23", "occurred", "a"),
            ("p2", "signing", "agr-2", "2015-08-23", "planned", "b"),
            # a ratification is per party: its claims need not share an exact identity
            ("r1", "ratification", "agr-1", "2015-07-23", "occurred", "a"),
            ("r2", "ratification", "agr-1", "2015-07-25", "occurred", "c"),
            # two visits dated apart
            ("v1", "visit", None, "2015-07-23", "occurred", "a"),
            ("v2", "visit", None, "2015-07", "occurred", "c"),
        ]
    )
    assert _kept(events) == {"p1", "p2", "r1", "r2", "v1", "v2"}
    # An article that may write one date twice keeps its whole block.
    assert _kept(events, ("b",)) == {"m1", "m2", "s1", "s2", "p1", "p2", "r1", "r2", "v1", "v2"}
    assert _kept(events, ("c",)) == {"p1", "p2", "r1", "r2", "v1", "v2"}


def test_a_repeated_claim_id_keeps_every_claim():
    events = _events(
        [
            ("m1", "meeting", None, "2015-07-23", "occurred", "a"),
            ("m1", "visit", None, "2015-07-23", "occurred", "a"),
        ]
    )
    assert _looked_at(events, pl.Series([[]], dtype=pl.List(pl.String))).height == 2


def test_a_claim_id_on_two_rows_of_one_event_is_dated_by_its_last_row():
    def dating(row: int, claim_id: str, day: int) -> dict[str, Any]:
        start = date(2024, 10, day)
        return {
            "_c": row,
            "claim_id": claim_id,
            "article_id": f"a-{row}",
            "date": start.isoformat(),
            "date_start": start,
            "date_end": start,
        }

    frame = pl.DataFrame(
        {
            "claim_ids": [["c1", "c2"], ["c3"]],
            "_datings": [
                [dating(0, "c1", 1), dating(7, "c1", 30), dating(2, "c2", 1)],
                [dating(4, "c3", 5)],
            ],
        }
    )
    datings = _row_datings(frame).sort("_row", "claim_id")
    assert datings.select("_row", "claim_id", "_c", "date").rows() == [
        (0, "c1", 7, "2024-10-30"),
        (0, "c2", 2, "2024-10-01"),
        (1, "c3", 4, "2024-10-05"),
    ]
    # Without a repeated id every dating is kept as it is.
    assert _row_datings(frame.slice(1)).height == 1


@settings(max_examples=60, deadline=None)
@given(
    pairs=st.lists(
        st.tuples(st.integers(0, 3), st.sampled_from(["a-1", "a-2", "b-1", None])),
        max_size=25,
    ),
    collide=st.booleans(),
)
def test_datings_get_their_group_as_a_join_on_row_and_article_gives(pairs, collide):
    datings = pl.DataFrame(
        {"_row": [r for r, _ in pairs], "article_id": [a for _, a in pairs]},
        schema={"_row": pl.UInt32, "article_id": pl.String},
    ).with_row_index("_d")
    groups = (
        datings.drop_nulls("article_id")
        .select(pl.col("_row").alias("scope"), "article_id")
        .unique()
        .with_columns(group=pl.format("g-{}-{}", "scope", "article_id"))
    )
    expected = datings.join(groups.rename({"scope": "_row"}), on=["_row", "article_id"])
    constant = (lambda row: pl.lit(7, dtype=pl.UInt64).alias("_key")) if collide else _pair_key
    with patch.object(events_module, "_pair_key", constant):
        got = events_module._with_groups(datings, groups)
    assert got.sort("_d").select(expected.columns).equals(expected.sort("_d"))
