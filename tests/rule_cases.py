"""Rule cases as data: `tests/rules/<CODE>.yml` files of named `pass_*` / `fail_*` cases.

A case describes a small dataset and the findings one rule must report on it:

    rule: FL101
    cases:
      fail_signing_dates_differ:
        description: why this case exists
        options: {tolerance_days: 0}          # optional rule options
        articles:
          - {article_id: a-1, published: "2024-11-01", text: "… 30 أكتوبر 2024 …"}
        mentions:                              # start/end may be left out: the harness finds
          - {mention_id: a-1-m1, article_id: a-1, kind: date, text: "30 أكتوبر 2024",
             value: "2024-10-30"}              # `text` in the article (`occurrence: 2` for the 2nd)
        claims:
          - {claim_id: a-1-c1, article_id: a-1, kind: event, ...}
        entities: [...]                        # any reference table by name
        expect:                                # exactly these findings, in any order
          - {article_ids: [a-1, b-2], claim_ids: [...], message_contains: ["30 أكتوبر"]}

Missing columns are null, claims default to `extractor: curated`, `confidence: 1.0` and
`mention_ids` of every mention they name elsewhere; article `sha256`, `file_status`, `language`
are filled in. Tables a case does not mention are empty. `pass_*` cases expect no findings.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from factlint.dataset import Dataset
from factlint.layout import ARTICLE_EXTRA_COLUMNS, CSV_TABLES, JSONL_TABLES

RULES_DIR = Path(__file__).parent / "rules"
TABLES = {spec.name: spec for spec in (*CSV_TABLES, *JSONL_TABLES)}
EXPECT_KEYS = {"article_ids", "claim_ids", "mention_ids", "message_contains", "severity", "count"}


def load_cases(path: Path) -> dict[str, dict[str, Any]]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document["cases"]


def all_cases() -> list[tuple[str, str, dict[str, Any]]]:
    """(code, case name, case) for every fixture file."""
    out = []
    for path in sorted(RULES_DIR.glob("FL*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert document["rule"] == path.stem, f"{path.name}: rule must be {path.stem}"
        for name, case in document["cases"].items():
            out.append((path.stem, name, case))
    return out


def build_dataset(case: dict[str, Any]) -> Dataset:
    """An in-memory dataset from a case's records."""
    articles = [_article(a) for a in case.get("articles", [])]
    texts = {a["article_id"]: a["text"] for a in articles}
    mentions = [_mention(m, texts) for m in case.get("mentions", [])]
    claims = [_claim(c) for c in case.get("claims", [])]
    records = {**case, "articles": articles, "mentions": mentions, "claims": claims}
    frames = {}
    for name, spec in TABLES.items():
        columns = dict(spec.columns)
        if name == "articles":
            columns |= ARTICLE_EXTRA_COLUMNS | {"file_sha256": pl.String()}
        rows = records.get(name, [])
        if name in ("mentions", "claims"):
            # Where the loader says a row came from: its own article's file unless the case
            # says otherwise.
            columns |= {"source_file": pl.String(), "source_line": pl.Int64()}
            rows = [
                {
                    "source_file": f"claims/{r.get('article_id')}.{name}.jsonl",
                    "source_line": i + 1,
                    **r,
                }
                for i, r in enumerate(rows)
            ]
        frames[name] = (
            pl.DataFrame(
                [{c: r.get(c) for c in columns} for r in rows], schema=columns, orient="row"
            )
            if rows
            else pl.DataFrame(schema=columns)
        )
    return Dataset(root=Path("<case>"), frames=frames)


def _article(record: dict[str, Any]) -> dict[str, Any]:
    text = record.get("text", "")
    digest = hashlib.sha256((text or "").encode("utf-8")).hexdigest()
    return {
        "language": "ar",
        "sha256": digest,
        "file_sha256": digest,
        "file_status": "ok",
        **record,
        "text": text,
    }


def _mention(record: dict[str, Any], texts: dict[str, str]) -> dict[str, Any]:
    record = dict(record)
    occurrence = record.pop("occurrence", 1)
    if "start" not in record and record.get("article_id") in texts and record.get("text"):
        text, needle, at = texts[record["article_id"]], record["text"], -1
        for _ in range(occurrence):
            at = text.find(needle, at + 1)
            if at < 0:
                raise ValueError(f"{record.get('mention_id')}: {needle!r} not in the article")
        record["start"], record["end"] = at, at + len(needle)
    return record


def _claim(record: dict[str, Any]) -> dict[str, Any]:
    return {"extractor": "curated", "confidence": 1.0, "mention_ids": [], **record}


def match_findings(found: pl.DataFrame, expected: list[dict[str, Any]]) -> list[str]:
    """Problems between the findings and the expectations; empty when they match exactly."""
    problems: list[str] = []
    remaining = found.to_dicts()
    for want in expected:
        unknown = set(want) - EXPECT_KEYS
        if unknown:
            problems.append(f"unknown expectation key(s): {sorted(unknown)}")
            continue
        hit = next((f for f in remaining if _matches(f, want)), None)
        if hit is None:
            problems.append(f"expected finding not reported: {want}")
        else:
            remaining.remove(hit)
    problems += [f"unexpected finding: {f['message']} {f['article_ids']}" for f in remaining]
    return problems


def _matches(finding: dict[str, Any], want: dict[str, Any]) -> bool:
    for key in ("article_ids", "claim_ids", "mention_ids"):
        if key in want and sorted(want[key]) != finding[key]:
            return False
    if "severity" in want and want["severity"] != finding["severity"]:
        return False
    return all(part in finding["message"] for part in want.get("message_contains", []))
