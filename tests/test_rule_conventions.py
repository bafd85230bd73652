"""Meta-tests: every rule follows the house conventions (docs, fixtures, naming)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from factlint.diagnostics import DIAGNOSTICS
from factlint.engine import discover_rules
from factlint.rules import DOC_SECTIONS

RULES, _ = discover_rules("checks")
RULES_DIR = Path(__file__).parent / "rules"


def test_there_are_rules():
    assert len(RULES) >= 4


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_documents_itself(rule):
    for section in DOC_SECTIONS:
        assert re.search(rf"^{section}:\s*$", rule.doc, re.M), f"{rule.code}: no '{section}:'"
    assert rule.summary.endswith("."), f"{rule.code}: first docstring line is a sentence"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_module_is_named_after_its_code_and_name(rule):
    module = rule.module.rsplit(".", 1)[-1]
    assert module == f"{rule.code.lower()}_{rule.name.replace('-', '_')}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_has_passing_and_failing_fixture_cases(rule):
    path = RULES_DIR / f"{rule.code}.yml"
    assert path.is_file(), f"{rule.code}: no fixture file {path.name}"
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    assert any(n.startswith("pass_") for n in cases), f"{rule.code}: no pass_ case"
    assert any(n.startswith("fail_") for n in cases), f"{rule.code}: no fail_ case"


def test_codes_and_names_are_unique_across_rules_and_engine():
    codes = [r.code for r in RULES] + list(DIAGNOSTICS)
    names = [r.name for r in RULES] + [d.name for d in DIAGNOSTICS.values()]
    assert len(codes) == len(set(codes))
    assert len(names) == len(set(names))


def test_every_fixture_file_belongs_to_a_rule():
    codes = {r.code for r in RULES}
    for path in RULES_DIR.glob("*.yml"):
        assert path.stem in codes, f"{path.name} has no rule"


@pytest.mark.parametrize("diagnostic", DIAGNOSTICS.values(), ids=lambda d: d.code)
def test_engine_diagnostics_document_themselves(diagnostic):
    for section in DOC_SECTIONS:
        assert f"{section}:" in diagnostic.doc
