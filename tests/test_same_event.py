"""Properties of the same-event date rules (FL108-FL111) over the fixture datasets.

- Findings do not depend on the order of articles, mentions or claims.
- A reprint of an article (another outlet printing the same text, with the same claims) never
  adds a finding and never changes how many independent sources support a value.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from factlint.config import Config
from factlint.engine import discover_rules, run_checks

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
