"""The progress display of long runs: the stages it hears, quiet where nobody watches, never
in what the run prints."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from test_pipeline import small_seed_dataset

from factlint.config import Config
from factlint.pipeline import run
from factlint.progress import RunProgress, rule_family, run_progress

from dataset_factory import check_cli


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_seed_dataset(tmp_path_factory.mktemp("progress") / "data")


def test_run_announces_each_stage_and_finds_the_same(data: Path) -> None:
    heard: list[str] = []
    quiet = run(data, config=Config(), expectations=False)
    loud = run(data, config=Config(), expectations=False, stage=heard.append)
    assert heard[:3] == ["load", "rows of record", "schema gate"]
    rules = heard[3:]
    assert rules and all(s.startswith("rules: ") for s in rules)
    families = list(dict.fromkeys(s.split()[1] for s in rules))
    assert families == ["integrity", "dates", "names", "agreements"]
    assert len(rules) == len({r.code for r in loud.catalogue if r.selected and r.source == "rule"})
    columns = ["code", "fingerprint", "message", "article_ids", "claim_ids", "mention_ids"]
    assert loud.findings.select(columns).equals(quiet.findings.select(columns))
    # The catalogue documents the rules themselves, not the wrappers that announce them.
    assert [r.doc for r in loud.catalogue] == [r.doc for r in quiet.catalogue]


def test_quiet_when_asked_in_ci_or_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert run_progress(False, io.StringIO()) is None  # not a terminal
    assert run_progress(True, _Terminal()) is None  # --quiet
    assert isinstance(run_progress(False, _Terminal()), RunProgress)
    monkeypatch.setenv("CI", "true")
    assert run_progress(False, _Terminal()) is None


def test_the_display_draws_on_its_stream_and_leaves_nothing_behind() -> None:
    stream = _Terminal()
    with RunProgress(stream) as display:
        display.stage("load")
        display.extraction(3, 10)
        display.extraction(10, 10)
        display.stage("rules: dates (FL101)")
    assert "load" in stream.getvalue() or "FL101" in stream.getvalue()


def test_rule_family_is_the_package_under_checks() -> None:
    assert rule_family("checks.dates.fl101_conflicting_event_dates") == "dates"
    assert rule_family("my_rules.x") == "my_rules"


def test_on_a_terminal_the_progress_goes_to_stderr_and_json_stays_clean(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    monkeypatch.delenv("CI", raising=False)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    code, out, _ = check_cli(data, tmp_path / "out", capsys, "--format", "json")
    assert code in (0, 1)
    document = json.loads(out)  # nothing but the document on standard output
    assert (
        document["findings"]
        == json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))["findings"]
    )
    assert "outputs" in terminal.getvalue() or "rules" in terminal.getvalue()
