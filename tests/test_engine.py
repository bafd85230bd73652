"""The engine: discovery, selection, and checks that crash or cannot run become findings."""

from __future__ import annotations

import sys
import textwrap

import polars as pl
import pytest

from factlint.config import Config
from factlint.engine import discover_rules, run_checks
from factlint.errors import ConfigError
from factlint.rules import rule

from rule_cases import build_dataset

CASE = {"articles": [{"article_id": "a-1", "text": "باكو"}]}


def _finding(message: str = "m") -> pl.DataFrame:
    return pl.DataFrame({"message": [message], "article_ids": [["a-1"]]})


@rule(code="FL901", name="always-finds", severity="warning")
def always_finds(ctx):
    """Test rule."""
    return _finding()


@rule(code="FL902", name="raises", severity="error")
def raises(ctx):
    """Test rule."""
    raise ValueError("bad rule")


@rule(code="FL903", name="panics", severity="error")
def panics(ctx):
    """Test rule."""
    raise pl.exceptions.PanicException("assertion failed: i < self.len()")


@rule(code="FL904", name="needs-aliases", severity="error", requires=("aliases",))
def needs_aliases(ctx):
    """Test rule."""
    return _finding()


def run(rules, config=None, dataset=None):
    dataset = dataset or build_dataset(CASE)
    return run_checks(dataset, config or Config(), rules=rules).findings


def test_a_rule_that_raises_is_a_crash_finding_and_others_still_run():
    found = run([always_finds, raises])
    assert sorted(found["code"]) == ["FL009", "FL901"]
    crash = found.filter(pl.col("code") == "FL009").row(0, named=True)
    assert "FL902 raises crashed: ValueError: bad rule" in crash["message"]
    assert crash["severity"] == "error"


def test_a_polars_panic_is_a_crash_finding_not_an_abort():
    found = run([panics])
    assert found["code"].to_list() == ["FL009"]
    assert "PanicException" in found["message"][0]


def test_a_rule_whose_table_is_missing_cannot_run():
    dataset = build_dataset(CASE)
    dataset.missing_tables = frozenset({"aliases"})
    found = run([needs_aliases], dataset=dataset)
    assert found["code"].to_list() == ["FL010"]
    assert "no aliases table" in found["message"][0]


def test_selection_and_configured_severity():
    found = run([always_finds], Config(select=("FL9",), severity={"FL901": "error"}))
    assert found["severity"].to_list() == ["error"]
    # Ignoring every rule would check nothing: a usage error, not a pass.
    with pytest.raises(ConfigError, match="leave no rule to run"):
        run([always_finds], Config(ignore=("FL901",)))


def test_result_reaches_threshold():
    result = run_checks(build_dataset(CASE), Config(), rules=[always_finds])
    assert result.reaches("warning") and result.reaches("info")
    assert not result.reaches("error")


def test_a_rules_package_that_fails_to_import_is_reported(tmp_path, monkeypatch):
    package = tmp_path / "brokenrules"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "fl950_good.py").write_text(
        textwrap.dedent(
            '''
            from factlint.rules import rule

            @rule(code="FL950", name="good", severity="info")
            def good(ctx):
                """Doc."""
                return None
            '''
        ),
        encoding="utf-8",
    )
    (package / "fl951_broken.py").write_text("import does_not_exist\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    rules, crashes = discover_rules("brokenrules")
    assert [r.code for r in rules] == ["FL950"]
    assert crashes["code"].to_list() == ["FL009"]
    assert "brokenrules.fl951_broken" in crashes["message"][0]
    sys.modules.pop("brokenrules", None)


def test_rule_declarations_are_validated():
    with pytest.raises(ValueError, match="code"):
        rule(code="F101", name="x", severity="error")
    with pytest.raises(ValueError, match="kebab-case"):
        rule(code="FL101", name="Not_Kebab", severity="error")
    with pytest.raises(ValueError, match="block"):
        rule(code="FL101", name="x", severity="error", block="dataset")


def test_a_configured_severity_changes_only_its_own_code():
    found = run([always_finds, raises], Config(severity={"FL902": "info"}))
    by_code = dict(zip(found["code"], found["severity"], strict=True))
    # FL902 crashed (FL009, engine severity), FL901 keeps its own severity.
    assert by_code == {"FL009": "error", "FL901": "warning"}
    found = run([always_finds], Config(severity={"FL009": "warning"}))
    assert dict(zip(found["code"], found["severity"], strict=True)) == {"FL901": "warning"}
