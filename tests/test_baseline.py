"""Baselines and waivers: fingerprints, scopes, reasons, expiry, unused waivers, fixed entries."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from factlint.baseline import Waiver, apply_baseline, load_baseline, load_waivers, write_baseline
from factlint.errors import ConfigError, InputError
from factlint.findings import findings_from_records

TODAY = date(2025, 6, 1)


def _findings() -> pl.DataFrame:
    return pl.concat(
        [
            findings_from_records(
                [
                    {
                        "message": "two dates",
                        "article_ids": ["a-1", "a-2"],
                        "key": "k1",
                        "details": json.dumps({"person": "person-x", "dates": ["2024"]}),
                    },
                    {"message": "another", "article_ids": ["a-3"], "key": "k2"},
                ],
                code="FL101",
                name="conflicting-event-dates",
                severity="error",
                source="rule",
            ),
            findings_from_records(
                [{"message": "unknown name", "article_ids": ["a-1"], "key": "k3"}],
                code="FL204",
                name="unknown-entity",
                severity="warning",
                source="rule",
            ),
        ]
    )


def _fp(frame: pl.DataFrame, message: str) -> str:
    return frame.filter(pl.col("message") == message)["fingerprint"][0]


def test_baseline_round_trip_marks_old_findings_and_reports_fixed(tmp_path: Path) -> None:
    findings = _findings()
    path = tmp_path / "baseline.json"
    assert write_baseline(path, findings.head(2), version="0") == 2
    first = path.read_bytes()
    write_baseline(path, findings.head(2).reverse(), version="0")
    assert path.read_bytes() == first  # no timestamp, sorted: re-taking changes no byte
    baseline = load_baseline(path)
    # The third finding is new; drop the second to see it reported fixed.
    current = findings.filter(pl.col("message") != "another")
    marked, fixed = apply_baseline(current, baseline, today=TODAY)
    status = dict(zip(marked["message"], marked["status"], strict=True))
    assert status == {"two dates": "baselined", "unknown name": "new"}
    assert fixed["message"].to_list() == ["another"]


@pytest.mark.parametrize(
    "text, problem",
    [
        ("{", "invalid JSON"),
        ('{"findings": []}', "not a factlint baseline"),
        ('{"factlint_baseline": 1, "findings": [{"code": "FL101"}]}', "no fingerprint"),
    ],
)
def test_a_malformed_baseline_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=problem):
        load_baseline(path)


def test_waivers_by_fingerprint_article_and_entity() -> None:
    findings = _findings()
    waivers = [
        Waiver(reason="checked", fingerprint=_fp(findings, "another")),
        Waiver(reason="desk knows", rule="FL204", article="a-1"),
        Waiver(reason="same person", rule="FL101", entity="person-x"),
    ]
    marked, _ = apply_baseline(findings, None, waivers, today=TODAY)
    assert set(marked["status"]) == {"waived"}
    assert dict(zip(marked["message"], marked["waiver"], strict=True)) == {
        "two dates": "same person",
        "another": "checked",
        "unknown name": "desk knows",
    }


def test_a_rule_waiver_does_not_reach_other_articles_or_rules() -> None:
    findings = _findings()
    marked, _ = apply_baseline(
        findings, None, [Waiver(reason="r", rule="FL204", article="a-3")], today=TODAY
    )
    assert set(marked.filter(pl.col("code") == "FL204")["status"]) == {"new"}
    # The waiver matched nothing: it is reported.
    assert "FL013" in set(marked["code"])


def test_expired_and_unused_waivers_are_findings() -> None:
    findings = _findings()
    waivers = [
        Waiver(reason="until May", rule="FL204", article="a-1", expires=date(2025, 5, 31)),
        Waiver(reason="still fine", rule="FL101", article="a-3", expires=TODAY),
        Waiver(reason="typo", fingerprint="0" * 20),
    ]
    marked, _ = apply_baseline(findings, None, waivers, today=TODAY)
    by_code = {c: marked.filter(pl.col("code") == c) for c in set(marked["code"])}
    assert by_code["FL204"]["status"].to_list() == ["new"]  # the expired waiver waives nothing
    assert "waived" in by_code["FL101"]["status"].to_list()  # expiring today still holds
    assert by_code["FL012"]["severity"].to_list() == ["error"]
    assert "expired on 2025-05-31" in by_code["FL012"]["message"][0]
    assert by_code["FL013"]["severity"].to_list() == ["warning"]
    assert set(by_code["FL012"]["status"]) == set(by_code["FL013"]["status"]) == {"new"}


def test_waiver_file_parsing(tmp_path: Path) -> None:
    path = tmp_path / "waivers.toml"
    path.write_text(
        '[[waiver]]\nrule = "fl204"\narticle = "a-1"\nreason = "r"\nexpires = 2025-12-31\n\n'
        '[[waiver]]\nfingerprint = "abc"\nreason = "r2"\nexpires = "2026-01-01"\n',
        encoding="utf-8",
    )
    first, second = load_waivers(path)
    assert first.rule == "FL204" and first.expires == date(2025, 12, 31)
    assert second.fingerprint == "abc" and second.expires == date(2026, 1, 1)


@pytest.mark.parametrize(
    "body, problem",
    [
        ('[[waiver]]\nfingerprint = "abc"\n', "needs a `reason`"),
        ('[[waiver]]\nfingerprint = "abc"\nreason = "  "\n', "needs a `reason`"),
        ('[[waiver]]\nrule = "FL101"\nreason = "r"\n', "exactly one scope"),
        ('[[waiver]]\nrule = "FL101"\narticle = "a"\nentity = "e"\nreason = "r"\n', "one scope"),
        ('[[waiver]]\nfingerprint = "x"\nrule = "FL101"\nreason = "r"\n', "not both"),
        ('[[waiver]]\nfingerprint = "x"\nreason = "r"\nexpires = "soon"\n', "must be a date"),
        ('[[waiver]]\nfingerprint = "x"\nreason = "r"\nuntil = "2025-01-01"\n', "unknown key"),
        ('[[waivers]]\nfingerprint = "x"\n', "unknown key"),
        ("[[waiver]\n", "invalid TOML"),
    ],
)
def test_bad_waivers_are_refused(tmp_path: Path, body: str, problem: str) -> None:
    path = tmp_path / "waivers.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=problem):
        load_waivers(path)
