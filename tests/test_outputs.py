"""The output formats: each a view of one run, each valid for the tools that read it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import polars as pl
import pytest
from test_pipeline import cli, small_seed_dataset
from test_planted import plant_fl101

from factlint.config import Config
from factlint.outputs import FORMATS, OutputContext, render
from factlint.outputs.github import render as github
from factlint.pipeline import RunResult, run

SARIF_SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
HOSTILE = "a\n::error::injected %0A <b>x</b> | `y` *z*, d:e"


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = small_seed_dataset(tmp_path_factory.mktemp("outputs") / "data")
    plant_fl101(root)
    return root


@pytest.fixture(scope="module")
def result(data: Path) -> RunResult:
    return run(data, config=Config(), expectations=False)


@pytest.fixture(scope="module")
def context(data: Path) -> OutputContext:
    return OutputContext(version="0.1.0", generated_at="2025-03-01T12:00:00+00:00", base=data)


def test_sarif_is_valid_against_the_schema(result: RunResult, context: OutputContext) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    log = json.loads(render("sarif", result, context))
    jsonschema.Draft4Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=str)
    assert errors == []
    results = log["runs"][0]["results"]
    assert len(results) == result.findings.height
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)


def test_sarif_points_at_the_claim_row(
    data: Path, result: RunResult, context: OutputContext
) -> None:
    log = json.loads(render("sarif", result, context))
    conflict = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "FL101")
    where = conflict["locations"][0]["physicalLocation"]
    path = data / where["artifactLocation"]["uri"]
    line = path.read_text(encoding="utf-8").splitlines()[where["region"]["startLine"] - 1]
    row = json.loads(line)
    assert row["claim_id"] in conflict["properties"]["claim_ids"]
    assert where["region"]["startColumn"] == 1


def test_sarif_marks_baseline_states_and_suppressions(data: Path, context: OutputContext) -> None:
    from factlint.baseline import Baseline, Waiver

    plain = run(data, config=Config(), expectations=False)
    first, second = plain.findings["fingerprint"][:2]
    marked = run(
        data,
        config=Config(),
        expectations=False,
        baseline=Baseline({first: {"fingerprint": first}, "gone": {"fingerprint": "gone"}}),
        waivers=[Waiver(reason="desk checked", fingerprint=second)],
    )
    log = json.loads(render("sarif", marked, context))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft4Validator(schema).iter_errors(log)) == []
    by_fp = {r["partialFingerprints"]["factlint/v1"]: r for r in log["runs"][0]["results"]}
    assert by_fp[first]["baselineState"] == "unchanged"
    assert by_fp[second]["suppressions"][0]["justification"] == "desk checked"
    assert by_fp["gone"]["baselineState"] == "absent"


def test_junit_has_one_case_per_rule_and_findings_as_failures(
    result: RunResult, context: OutputContext
) -> None:
    root = ET.fromstring(render("junit", result, context))
    cases = root.findall("./testsuite/testcase")
    names = [c.get("name", "").split()[0] for c in cases]
    assert len(names) == len(set(names)) and set(names) >= {r.code for r in result.catalogue}
    failing = {
        c.get("name", "").split()[0]: len(c.findall("failure"))
        for c in cases
        if c.find("failure") is not None
    }
    errors = result.findings.filter(pl.col("severity") == "error")
    assert failing == dict(errors.group_by("code").len().iter_rows())
    assert root.get("failures") == str(len(failing))


def test_junit_survives_control_characters(result: RunResult, context: OutputContext) -> None:
    odd = result.findings.with_columns(message=pl.lit("bad \x00\x1b byte\ud800 " + HOSTILE))
    hostile = RunResult(**{**vars(result), "findings": odd})
    ET.fromstring(render("junit", hostile, context).encode("utf-8"))


def test_github_annotations_cannot_be_broken_out_of(
    result: RunResult, context: OutputContext
) -> None:
    hostile = RunResult(
        **{**vars(result), "findings": result.findings.with_columns(message=pl.lit(HOSTILE))}
    )
    lines = github(hostile, context).splitlines()
    assert len(lines) == hostile.findings.filter(pl.col("status") == "new").height
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert all("a%0A::error::injected %250A" in line for line in lines)
    located = [line for line in lines if "file=" in line]
    assert located and all(",line=" in line and ",col=1," in line for line in located)


def test_markdown_summary_escapes_data(result: RunResult, context: OutputContext) -> None:
    hostile = RunResult(
        **{**vars(result), "findings": result.findings.with_columns(message=pl.lit(HOSTILE))}
    )
    text = render("markdown", hostile, context)
    assert text.startswith("## factlint: the gate ❌ fails")
    assert "<b>" not in text and "&lt;b&gt;" in text
    assert "\\| \\`y\\` \\*z\\*" in text


def test_every_format_renders(result: RunResult, context: OutputContext) -> None:
    for name in FORMATS:
        assert render(name, result, context).strip(), name
    with pytest.raises(ValueError, match="unknown output format"):
        render("yaml", result, context)


@pytest.mark.parametrize("flag", ["--format", "--output-format"])
def test_cli_prints_the_chosen_format(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str
) -> None:
    args = ["check", "--datasets", str(data), "--output", str(tmp_path), "--no-expectations"]
    code, out, err = cli([*args, flag, "sarif"], capsys)
    assert code == 1
    assert json.loads(out)["version"] == "2.1.0"  # stdout is only the SARIF log
    assert "finding(s)" in err
    target = tmp_path / "results.xml"
    code, out, _ = cli([*args, flag, "junit", "--output-file", str(target)], capsys)
    assert ET.fromstring(target.read_text(encoding="utf-8")).tag == "testsuites"
    assert "results.xml" in out
    summary = tmp_path / "summary.md"
    cli([*args, "--step-summary", str(summary), "-q"], capsys)
    assert summary.read_text(encoding="utf-8").startswith("## factlint")


def test_writers_run_with_the_cycle_collector_paused_and_restore_it(
    result: RunResult, context: OutputContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    import factlint.outputs as outputs
    from factlint.collector import collector_paused

    seen: list[bool] = []

    def writer(result: RunResult, context: OutputContext) -> str:
        seen.append(gc.isenabled())
        raise RuntimeError("writer failed")

    monkeypatch.setattr(outputs, "_writers", lambda: {"json": writer})
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        outputs.render("json", result, context)
    assert seen == [False]
    assert gc.isenabled()  # restored, even when the writer raised
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a caller's choice to keep it off is kept
    finally:
        gc.enable()
