"""Every rule against its fixture cases (`tests/rules/<CODE>.yml`); `pytest -k FL101` runs one."""

from __future__ import annotations

import pytest

from factlint.config import Config
from factlint.engine import discover_rules, run_checks

from rule_cases import all_cases, build_dataset, match_findings

RULES, CRASHES = discover_rules("checks")
BY_CODE = {r.code: r for r in RULES}
CASES = all_cases()


def test_every_rule_module_imports():
    assert CRASHES.height == 0, CRASHES.get_column("message").to_list()


@pytest.mark.parametrize(("code", "name", "case"), CASES, ids=[f"{c}-{n}" for c, n, _ in CASES])
def test_rule_case(code, name, case):
    assert name.startswith(("pass_", "fail_")), f"case {name} must start with pass_ or fail_"
    rule = BY_CODE[code]
    dataset = build_dataset(case)
    # FL009/FL010 stay selected: a rule that crashes or cannot run must fail its case.
    config = Config(select=(code, "FL009", "FL010"), options={code: case.get("options", {})})
    result = run_checks(dataset, config, rules=[rule])
    crashed = result.findings.filter(result.findings["code"] != code)
    assert crashed.height == 0, crashed.get_column("message").to_list()
    expected = [] if name.startswith("pass_") else case.get("expect", [])
    if name.startswith("fail_"):
        assert expected, f"{code} {name}: a fail_ case must expect at least one finding"
    problems = match_findings(result.findings, expected)
    assert not problems, "\n".join(problems)
