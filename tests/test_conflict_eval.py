"""The end-to-end measurement of date disagreements (`factlint.conflict_eval`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from factlint.conflict_eval import (
    _disputed,
    _hits,
    evaluate_conflicts,
    format_evaluation,
    window_evidence,
)

DATASETS = Path(__file__).parent.parent / "datasets"
C04 = ["snn-c04-3alyoum-1", "snn-c04-alriyadh-1", "snn-c04-alyaum-1", "snn-c04-okaz-1"]


def test_a_finding_hits_a_real_entry_when_it_disputes_two_of_its_sides():
    entry = {
        "sides": [
            {"article": "a", "value": "2015-07-24"},
            {"article": "b", "value": "2015-07-23"},
            {"article": "c", "value": "2015-07-23"},
        ]
    }
    assert _hits({("a", "2015-07-24"), ("c", "2015-07-23")}, entry)
    assert not _hits({("b", "2015-07-23"), ("c", "2015-07-23")}, entry)  # agreeing sides
    assert not _hits({("a", "2015-07-24"), ("d", "2015-07-23")}, entry)  # another article
    assert not _hits({("a", "2015-07-20"), ("b", "2015-07-23")}, entry)  # another value


def test_the_disputed_datings_of_both_kinds_of_finding():
    fl102 = {"details": json.dumps({"dates": [{"value": "v1", "article_ids": ["a", "b"]}]})}
    assert _disputed(fl102) == {("a", "v1"), ("b", "v1")}
    fl111 = {
        "details": json.dumps(
            {
                "pairs": [{"claims": ["a-c1", "b-c9"], "values": ["v1", "v2"]}],
                "sides": [{"claim_id": "a-c1", "article_id": "a"}],
            }
        )
    }
    assert _disputed(fl111) == {("a", "v1"), ("b", "v2")}


class _Replay:
    """An extractor that returns the curated rows of each article (under `x` ids), so that the
    measurement's plumbing is tested without depending on the built-in extractor."""

    name = "replay"
    version = "1"

    def __init__(self, rows: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]]):
        self.rows = rows

    def prepare(self, reference: dict[str, Any]) -> None:
        del reference

    def extract(self, article_id: str, text: str, published: str | None):
        del text, published
        mentions, claims = self.rows[article_id]
        return mentions, claims, []


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_the_measurement_judges_every_finding_and_counts_the_missed(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(DATASETS, root)
    rows = {}
    for article in C04:
        mentions = _read(root / "claims" / f"{article}.mentions.jsonl")
        claims = [
            {k: v for k, v in c.items() if k not in ("extractor", "extractor_version")}
            for c in _read(root / "claims" / f"{article}.claims.jsonl")
        ]
        rows[article] = (
            [
                {k: v for k, v in m.items() if k not in ("extractor", "extractor_version")}
                for m in mentions
            ],
            claims,
        )
    evaluation = evaluate_conflicts(root, under_test="snn-c04-", extractor=_Replay(rows))
    assert evaluation.articles_under_test == C04
    # c04 replayed from its gold, the other curated clusters as they are: every finding real
    assert {f["verdict"] for f in evaluation.findings} == {"real"}
    c04 = "King Salman receives Egyptian FM Sameh Shoukry at Al-Salam Palace (Jeddah)"
    assert c04 in [e["event"] for e in evaluation.found]
    assert len(evaluation.found) + len(evaluation.missed) == len(evaluation.real_entries)
    report = format_evaluation(evaluation)
    assert f"real: {len(evaluation.findings)} (100%)" in report
    assert "REAL        FL102 meeting of person-salman-bin-abdulaziz" in report


def test_the_windows_rest_on_the_gold():
    text = window_evidence(DATASETS)
    assert "Air strike kills Muhsin al-Fadhli near Sarmada" in text
    spreads = [int(line.split("|")[0]) for line in text.splitlines()[1:] if line.count("|") == 2]
    assert max(spreads) <= 7  # PUBLICATION_WINDOW_DAYS


def test_the_corpus_end_to_end_meets_the_targets():
    """Extract every corpus article (curated rows hidden), check, judge: at least 80% of the
    real date disagreements are reported and at least 80% of the findings are real."""
    pytest.importorskip("factlint.extract.temporal")
    evaluation = evaluate_conflicts(DATASETS)
    report = format_evaluation(evaluation)
    assert evaluation.recall is not None and evaluation.recall >= 0.8, report
    assert evaluation.precision is not None and evaluation.precision >= 0.8, report
