"""Build small, valid on-disk datasets for loader and CLI tests, and run the CLI on them."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from factlint.cli import main

ARTICLE_TEXT = (
    "المغرب يوقع اتفاقية للتعاون العسكري مع أذربيجان\n"
    "جرت مراسم التوقيع، الأربعاء 30 أكتوبر 2024، في مراكش.\n"
)

ARTICLE_COLUMNS = ["article_id", "title", "outlet", "url", "language", "published", "sha256"]

REFERENCE: dict[str, list[dict[str, str]]] = {
    "entities": [
        {
            "entity_id": "country-morocco",
            "type": "country",
            "name_ar": "المغرب",
            "name_en": "Morocco",
            "source": "test",
        },
        {
            "entity_id": "country-azerbaijan",
            "type": "country",
            "name_ar": "أذربيجان",
            "name_en": "Azerbaijan",
            "source": "test",
        },
        {
            "entity_id": "city-marrakesh",
            "type": "city",
            "name_ar": "مراكش",
            "name_en": "Marrakesh",
            "source": "test",
        },
    ],
    "aliases": [],
    "office_holders": [],
    "agreement_parties": [],
    "scopes": [{"scope_code": "training", "label_en": "Training", "label_ar": "التدريب"}],
    "scope_phrases": [{"scope_code": "training", "phrase_ar": "التدريب"}],
}
REFERENCE_COLUMNS = {
    "entities": ["entity_id", "type", "name_ar", "name_en", "source"],
    "aliases": ["entity_id", "alias", "valid_from", "valid_to", "source"],
    "office_holders": ["office_id", "person_id", "start", "end", "source"],
    "agreement_parties": ["agreement_id", "party_id", "source"],
    "scopes": ["scope_code", "label_en", "label_ar"],
    "scope_phrases": ["scope_code", "phrase_ar"],
}


def csv_text(columns: list[str], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c) if row.get(c) is not None else "" for c in columns})
    return out.getvalue()


def span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def mention(mention_id: str, kind: str, needle: str, value: str | None, **extra: Any) -> dict:
    start, end = span(ARTICLE_TEXT, needle)
    return {
        "mention_id": mention_id,
        "article_id": "art-1",
        "kind": kind,
        "start": start,
        "end": end,
        "text": needle,
        "value": value,
        **extra,
    }


MENTIONS = [
    mention("art-1-m001", "place", "المغرب", "country-morocco"),
    mention("art-1-m002", "place", "أذربيجان", "country-azerbaijan"),
    mention(
        "art-1-m003",
        "date",
        "الأربعاء 30 أكتوبر 2024",
        "2024-10-30",
        granularity="day",
        calendar="gregorian",
        weekday=3,
        relative=False,
    ),
    mention("art-1-m004", "place", "مراكش", "city-marrakesh"),
]
CLAIMS = [
    {
        "claim_id": "art-1-c001",
        "article_id": "art-1",
        "kind": "event",
        "event_type": "signing",
        "participants": ["country-azerbaijan", "country-morocco"],
        "agreement": None,
        "place": "city-marrakesh",
        "date": "2024-10-30",
        "date_mention": "art-1-m003",
        "status": "occurred",
        "mention_ids": ["art-1-m001", "art-1-m002", "art-1-m003", "art-1-m004"],
        "extractor": "curated",
        "extractor_version": None,
        "confidence": 1.0,
    },
]


def jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def write_dataset(root: Path) -> Path:
    """A valid one-article dataset at `root`."""
    (root / "articles").mkdir(parents=True)
    (root / "claims").mkdir()
    (root / "reference").mkdir()
    data = ARTICLE_TEXT.encode("utf-8")
    (root / "articles" / "art-1.txt").write_bytes(data)
    article = {
        "article_id": "art-1",
        "title": "المغرب يوقع اتفاقية",
        "outlet": "",
        "url": "",
        "language": "ar",
        "published": "2024-10-31",
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    (root / "articles.csv").write_text(csv_text(ARTICLE_COLUMNS, [article]), encoding="utf-8")
    for name, rows in REFERENCE.items():
        (root / "reference" / f"{name}.csv").write_text(
            csv_text(REFERENCE_COLUMNS[name], rows), encoding="utf-8"
        )
    (root / "claims" / "art-1.mentions.jsonl").write_text(jsonl(MENTIONS), encoding="utf-8")
    (root / "claims" / "art-1.claims.jsonl").write_text(jsonl(CLAIMS), encoding="utf-8")
    return root


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under `root` with its hash: to prove a run changed nothing."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def run_cli(args: list[str], capsys: Any) -> tuple[int, str, str]:
    """`factlint ARGS` in this process: the exit code, stdout and stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    captured = capsys.readouterr()
    return exit_info.value.code, captured.out, captured.err


def check_cli(dataset: Path, out: Path, capsys: Any, *extra: str) -> tuple[int, str, str]:
    """`factlint check` on `dataset` without the GX suites, writing into `out`."""
    return run_cli(
        ["check", "--datasets", str(dataset), "--output", str(out), "--no-expectations", *extra],
        capsys,
    )
