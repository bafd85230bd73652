"""The one pipeline: `run()` gives the CLI's findings, changed-data mode gives the full run's
findings on the blocks a change touches, and the gate fails only on what is new."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import polars as pl
import pytest
from test_planted import SEEDS, _articles, _write_articles, plant_fl101

from factlint.cli import main
from factlint.config import Config
from factlint.convert import convert_dataset
from factlint.pipeline import run


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=factlint", "-c", "user.email=t@example.org", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def small_seed_dataset(root: Path) -> Path:
    """The seed articles (seed-*) with the reference tables: small enough to check quickly."""
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns("gold"))
    keep = [r for r in _articles(root) if r["article_id"].startswith("seed-")]
    _write_articles(root, keep)
    kept = {r["article_id"] for r in keep}
    for folder in ("articles", "claims", "extracted"):
        for path in (root / folder).glob("*") if (root / folder).is_dir() else ():
            if path.name.split(".", 1)[0] not in kept:
                path.unlink()
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding the small seed dataset in `data/`, committed."""
    small_seed_dataset(tmp_path / "data")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "data")
    git(tmp_path, "commit", "-q", "-m", "seed")
    return tmp_path


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


def fingerprints(frame: pl.DataFrame) -> set[str]:
    return set(frame.get_column("fingerprint"))


CONFIG = Config()


def test_run_has_the_schema_gate_catalogue_and_facts(repo: Path) -> None:
    data = repo / "data"
    claims = data / "claims" / "seed-001.claims.jsonl"
    rows = [json.loads(line) for line in claims.read_text(encoding="utf-8").splitlines()]
    rows[0]["confidence"] = 7.5  # outside 0..1: a schema violation, not a rule finding
    claims.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    result = run(data, config=CONFIG, expectations=False)
    assert "FL001" in set(result.findings["code"])
    assert set(result.findings["status"]) == {"new"}
    assert result.gate("error")
    codes = {r.code for r in result.catalogue}
    assert {"FL001", "FL012", "FL013", "FL101"} <= codes
    assert all(r.doc for r in result.catalogue)
    assert result.facts.articles == 5
    assert result.facts.claims == result.facts.curated_claims + result.facts.extracted_claims
    assert result.facts.curated_articles == 5
    assert result.timings["total"] > 0


def test_changed_since_reports_a_new_contradiction_like_the_full_run(repo: Path) -> None:
    data = repo / "data"
    before = run(data, config=CONFIG, expectations=False)
    plant_fl101(data)  # adds plant-004: seed-004's signing, a month later
    full = run(data, config=CONFIG, expectations=False)
    changed = run(data, config=CONFIG, expectations=False, changed_since_ref="HEAD")
    assert changed.scope is not None and changed.scope.article_ids == {"plant-004"}
    assert not changed.scope.full
    conflict = changed.findings.filter(pl.col("code") == "FL101")
    # plant-004 disagrees with seed-004 (and seed-000, which names the same agreement).
    assert conflict.height >= 1
    assert any({"plant-004", "seed-004"} <= set(ids) for ids in conflict["article_ids"])
    # On the touched blocks, the same findings as the full run: nothing invented, nothing lost.
    assert fingerprints(changed.findings) <= fingerprints(full.findings)
    touched = full.findings.filter(
        pl.col("article_ids").list.eval(pl.element() == "plant-004").list.any()
    )
    assert touched.height >= 1
    assert fingerprints(touched) <= fingerprints(changed.findings)
    # And it looked at less than the full run did: old findings elsewhere are not re-reported.
    untouched_old = fingerprints(before.findings) - fingerprints(changed.findings)
    assert untouched_old


def test_changed_since_with_no_change_finds_nothing_new(repo: Path) -> None:
    result = run(repo / "data", config=CONFIG, expectations=False, changed_since_ref="HEAD")
    assert result.scope is not None and result.scope.article_ids == frozenset()
    rule_findings = result.findings.filter(pl.col("source") == "rule")
    assert rule_findings.height == 0


def test_a_reference_change_makes_a_full_run(repo: Path) -> None:
    data = repo / "data"
    entities = data / "reference" / "entities.csv"
    entities.write_text(entities.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = run(data, config=CONFIG, expectations=False, changed_since_ref="HEAD")
    assert result.scope is not None and result.scope.full
    assert "reference/entities.csv" in (result.settings["full_run_reason"] or "")
    full = run(data, config=CONFIG, expectations=False)
    assert fingerprints(result.findings) == fingerprints(full.findings)


def test_a_changed_parquet_table_makes_a_full_run(tmp_path: Path) -> None:
    # Changed-data mode compares the text layout's files row by row; a changed Parquet table
    # must not give a run that checks nothing of the change.
    text = tmp_path / "text"
    small_seed_dataset(text)
    data = tmp_path / "data"
    convert_dataset(text, data)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "data")
    git(tmp_path, "commit", "-q", "-m", "seed")
    path = data / "claims" / "all.claims.parquet"
    claims = pl.read_parquet(path)
    claims.with_columns(
        status=pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("weird")).otherwise("status")
    ).write_parquet(path)
    result = run(data, config=CONFIG, expectations=False, changed_since_ref="HEAD")
    assert result.scope is not None and result.scope.full
    assert "claims/all.claims.parquet" in (result.settings["full_run_reason"] or "")
    full = run(data, config=CONFIG, expectations=False)
    assert fingerprints(result.findings) == fingerprints(full.findings)
    assert result.findings.filter(pl.col("source") == "schema").height > 0


def test_a_bad_revision_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(
        ["check", "--datasets", str(repo / "data"), "--output", str(repo / "out"),
         "--no-expectations", "--changed-since", "no-such-ref"],
        capsys,
    )  # fmt: skip
    assert code == 2
    assert "--changed-since" in err


def test_the_gate_fails_on_new_findings_only(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The adoption path: take a baseline, add an article that contradicts an old one, and
    see the gate fail on the new conflict only; a waiver lets it pass until it expires."""
    data, out = repo / "data", repo / "out"
    base = repo / "factlint-baseline.json"
    common = ["--datasets", str(data), "--no-expectations"]
    code, printed, _ = cli(["baseline", *common, "--baseline", str(base)], capsys)
    assert code == 0 and "baseline of" in printed
    accepted = {e["fingerprint"] for e in json.loads(base.read_text())["findings"]}
    assert accepted  # the seeds have findings: the gate would fail on them without a baseline

    check = ["check", *common, "--output", str(out), "--baseline", str(base)]
    assert cli(check, capsys)[0] == 0  # nothing new yet

    plant_fl101(data)
    code, printed, _ = cli([*check, "--changed-since", "HEAD"], capsys)
    assert code == 1
    document = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    new = [f for f in document["findings"] if f["status"] == "new"]
    assert any(f["code"] == "FL101" for f in new)
    assert all("plant-004" in f["article_ids"] for f in new)
    assert all(f["fingerprint"] not in accepted for f in new)
    baselined = [f for f in document["findings"] if f["status"] == "baselined"]
    assert all(f["fingerprint"] in accepted for f in baselined)

    code, _, _ = cli(check, capsys)  # the full run agrees
    assert code == 1
    full = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert {f["fingerprint"] for f in full["findings"] if f["status"] == "new"} == {
        f["fingerprint"] for f in new
    }

    waivers = repo / "waivers.toml"
    entries = "".join(
        f'[[waiver]]\nfingerprint = "{f["fingerprint"]}"\nreason = "checked: two dates"\n'
        'expires = "2999-12-31"\n\n'
        for f in new
    )
    waivers.write_text(entries, encoding="utf-8")
    assert cli([*check, "--waivers", str(waivers)], capsys)[0] == 0

    waivers.write_text(entries.replace("2999-12-31", "2001-01-01"), encoding="utf-8")
    code, _, _ = cli([*check, "--waivers", str(waivers)], capsys)
    assert code == 1
    expired = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert {f["code"] for f in expired["findings"] if f["status"] == "new"} >= {
        "FL012",
        "FL101",
    }


def test_run_pauses_the_cycle_collector_and_restores_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    import factlint.pipeline as pipeline

    seen: list[bool] = []

    def failing_load(root: Path) -> None:
        seen.append(gc.isenabled())
        raise RuntimeError("load failed")

    monkeypatch.setattr(pipeline, "load_dataset", failing_load)
    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        pipeline.run(SEEDS, extract=False)
    assert seen == [False]
    assert gc.isenabled()  # on again, even when the run raised
