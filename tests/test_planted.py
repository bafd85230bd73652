"""Plant one contradiction per rule in a copy of the seed dataset; exactly it must be reported.

Each plant edits a copy of `datasets/` the way a real change would: article text, offsets,
hashes, mentions and claims all stay consistent except for the one planted contradiction. The
test compares findings by fingerprint with those of the untouched copy: what is new must be
exactly the planted findings (code and articles), and nothing may disappear unless the plant
says so.
"""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from factlint.config import Config
from factlint.dataset import load_dataset
from factlint.engine import run_checks

SEEDS = Path(__file__).parent.parent / "datasets"


# --- Editing a dataset copy consistently -------------------------------------------------


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )


def _articles(root: Path) -> list[dict[str, str]]:
    with (root / "articles.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write_articles(root: Path, rows: list[dict[str, str]]) -> None:
    with (root / "articles.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def set_article_field(root: Path, article_id: str, field: str, value: str) -> None:
    rows = _articles(root)
    for row in rows:
        if row["article_id"] == article_id:
            row[field] = value
    _write_articles(root, rows)


def edit_mentions(root: Path, article_id: str, edit: Callable[[dict], None]) -> None:
    path = root / "claims" / f"{article_id}.mentions.jsonl"
    records = _read_jsonl(path)
    for record in records:
        edit(record)
    _write_jsonl(path, records)


def edit_claims(root: Path, article_id: str, edit: Callable[[dict], None]) -> None:
    path = root / "claims" / f"{article_id}.claims.jsonl"
    records = _read_jsonl(path)
    for record in records:
        edit(record)
    _write_jsonl(path, records)


def replace_text(root: Path, article_id: str, old: str, new: str, occurrence: int = 1) -> None:
    """Replace the n-th `old` in an article; shift offsets, fix mention texts and the hash."""
    path = root / "articles" / f"{article_id}.txt"
    text = path.read_text(encoding="utf-8")
    at = -1
    for _ in range(occurrence):
        at = text.index(old, at + 1)
    delta = len(new) - len(old)
    text = text[:at] + new + text[at + len(old) :]
    path.write_text(text, encoding="utf-8")

    def shift(mention: dict) -> None:
        if mention["start"] >= at + len(old):
            mention["start"] += delta
            mention["end"] += delta
        elif mention["start"] <= at and mention["end"] >= at + len(old):
            mention["end"] += delta
            mention["text"] = text[mention["start"] : mention["end"]]

    edit_mentions(root, article_id, shift)
    set_article_field(root, article_id, "sha256", hashlib.sha256(text.encode()).hexdigest())


def copy_article(root: Path, source: str, target: str) -> None:
    """A second article with the same text, mentions and claims under new ids."""
    shutil.copy(root / "articles" / f"{source}.txt", root / "articles" / f"{target}.txt")
    rows = _articles(root)
    rows.append({**next(r for r in rows if r["article_id"] == source), "article_id": target})
    _write_articles(root, rows)
    for kind in ("mentions", "claims"):
        raw = (root / "claims" / f"{source}.{kind}.jsonl").read_text(encoding="utf-8")
        (root / "claims" / f"{target}.{kind}.jsonl").write_text(
            raw.replace(f'"{source}', f'"{target}'), encoding="utf-8"
        )


def set_where(field: str, equals: Any, **changes: Any) -> Callable[[dict], None]:
    def edit(record: dict) -> None:
        if record.get(field) == equals:
            record.update(changes)

    return edit


# --- The plants -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Plant:
    apply: Callable[[Path], None]
    # The new findings expected: (code, sorted article ids), with multiplicity.
    expect: tuple[tuple[str, tuple[str, ...]], ...]


def _signing_moved(root: Path, day: str, weekday: str, iso_weekday: int) -> None:
    copy_article(root, "seed-004", "plant-004")
    replace_text(root, "plant-004", "الأربعاء 30 أكتوبر 2024", f"{weekday} {day} 2024")
    value = {"31 أكتوبر": "2024-10-31", "30 نوفمبر": "2024-11-30"}[day]
    edit_mentions(
        root, "plant-004", set_where("value", "2024-10-30", value=value, weekday=iso_weekday)
    )
    edit_claims(root, "plant-004", set_where("date", "2024-10-30", date=value))


def plant_fl101(root: Path) -> None:
    _signing_moved(root, "30 نوفمبر", "السبت", 6)


def plant_fl102(root: Path) -> None:
    _signing_moved(root, "31 أكتوبر", "الخميس", 4)


def plant_fl103(root: Path) -> None:
    replace_text(root, "seed-003", "يوم الجمعة 28 فبراير 2025", "يوم الخميس 28 فبراير 2025")
    edit_mentions(root, "seed-003", set_where("value", "2025-02-28", weekday=4))


def plant_fl104(root: Path) -> None:
    sentence = "يوم الجمعة 28 فبراير 2025"
    replace_text(root, "seed-003", sentence, sentence + " الموافق 5 رمضان 1446")
    text = (root / "articles" / "seed-003.txt").read_text(encoding="utf-8")
    start = text.index("5 رمضان 1446")
    path = root / "claims" / "seed-003.mentions.jsonl"
    records = _read_jsonl(path)
    gregorian = next(r for r in records if r.get("value") == "2025-02-28")
    records.append(
        {
            "mention_id": "seed-003-m900",
            "article_id": "seed-003",
            "kind": "date",
            "start": start,
            "end": start + len("5 رمضان 1446"),
            "text": "5 رمضان 1446",
            "value": "1446-09-05",
            "granularity": "day",
            "calendar": "hijri",
            "weekday": None,
            "relative": False,
            "anchor": None,
            "same_as": gregorian["mention_id"],
        }
    )
    _write_jsonl(path, records)


def plant_fl105(root: Path) -> None:
    replace_text(root, "seed-002", "13 سبتمبر/أيلول الماضي", "13 ديسمبر/كانون الأول الماضي")
    edit_mentions(
        root, "seed-002", set_where("text", "13 ديسمبر/كانون الأول الماضي", value="2022-12-13")
    )
    edit_claims(root, "seed-002", set_where("event_type", "escalation", date="2022-12-13"))


def plant_fl106(root: Path) -> None:
    replace_text(root, "seed-000", "يناير 2025", "سبتمبر 2024")
    edit_mentions(root, "seed-000", set_where("value", "2025-01", value="2024-09"))
    edit_claims(root, "seed-000", set_where("date", "2025-01", date="2024-09"))


def plant_fl107(root: Path) -> None:
    replace_text(root, "seed-000", "يناير 2025", "يناير الماضي")
    edit_mentions(root, "seed-000", set_where("value", "2025-01", value=None, relative=True))
    edit_claims(root, "seed-000", set_where("date", "2025-01", date=None))


def plant_fl108(root: Path) -> None:
    # Ain Alyoum dates the king's meeting with the Egyptian minister to Monday the 20th, three
    # days before the others' Thursday: the same event (FL102's one-day gap becomes a conflict).
    replace_text(root, "snn-c04-3alyoum-1", "السلام اليوم", "السلام يوم الإثنين 20 يوليو 2015")
    edit_mentions(
        root,
        "snn-c04-3alyoum-1",
        set_where(
            "mention_id",
            "snn-c04-3alyoum-1-m010",
            value="2015-07-20",
            weekday=1,
            relative=False,
            anchor=None,
        ),
    )
    text = (root / "articles" / "snn-c04-3alyoum-1.txt").read_text(encoding="utf-8")
    start = text.index("يوم الإثنين 20 يوليو 2015")
    edit_mentions(
        root,
        "snn-c04-3alyoum-1",
        set_where(
            "mention_id",
            "snn-c04-3alyoum-1-m010",
            start=start,
            end=start + len("يوم الإثنين 20 يوليو 2015"),
            text="يوم الإثنين 20 يوليو 2015",
        ),
    )
    edit_claims(root, "snn-c04-3alyoum-1", set_where("date", "2015-07-24", date="2015-07-20"))


def plant_fl109(root: Path) -> None:
    # seed-000 announces the Morocco-Azerbaijan signing for 30 November; seed-004 reports it
    # held on 30 October.
    sentence = "ومن المرتقب أن يوقّع البلدان اتفاقية التعاون العسكري في 30 نوفمبر 2024."
    _append_dated_claim(root, "seed-000", sentence, "30 نوفمبر 2024", "2024-11-30", "planned")


def _append_dated_claim(
    root: Path, article_id: str, sentence: str, expression: str, value: str, status: str
) -> None:
    path = root / "articles" / f"{article_id}.txt"
    text = path.read_text(encoding="utf-8")
    tail = text[-30:]
    replace_text(root, article_id, tail, tail + " " + sentence)
    text = path.read_text(encoding="utf-8")
    start = text.index(expression)
    mention = {
        "mention_id": f"{article_id}-m900",
        "article_id": article_id,
        "kind": "date",
        "start": start,
        "end": start + len(expression),
        "text": expression,
        "value": value,
        "granularity": "day",
        "calendar": "gregorian",
        "weekday": None,
        "relative": False,
        "anchor": None,
        "same_as": None,
    }
    claim = {
        "claim_id": f"{article_id}-c900",
        "article_id": article_id,
        "kind": "event",
        "event_type": "signing",
        "participants": ["country-azerbaijan", "country-morocco"],
        "agreement": "agreement-morocco-azerbaijan-military-cooperation-2024",
        "place": None,
        "date": value,
        "date_mention": mention["mention_id"],
        "status": status,
        "mention_ids": [mention["mention_id"]],
        "extractor": "curated",
        "extractor_version": None,
        "confidence": 1.0,
    }
    for kind, record in (("mentions", mention), ("claims", claim)):
        target = root / "claims" / f"{article_id}.{kind}.jsonl"
        _write_jsonl(target, [*_read_jsonl(target), record])


def _beside(root: Path, day: str, value: str) -> None:
    # Al-Riyadh writes a full date beside its «الثلاثاء الماضي» (the 28th) for the Namibia
    # protocol's signing: written as one date, the two disagree.
    article = "snn-c09-alriyadh-1"
    written = f"{day} يوليو 2015"
    replace_text(root, article, "الثلاثاء الماضي", f"الثلاثاء الماضي ({written})")
    text = (root / "articles" / f"{article}.txt").read_text(encoding="utf-8")
    start = text.index(written)
    path = root / "claims" / f"{article}.mentions.jsonl"
    records = _read_jsonl(path)
    for record in records:  # the weekday's span grew with the replacement: it stays the weekday
        if record["text"].startswith("الثلاثاء الماضي ("):
            record["end"] = record["start"] + len("الثلاثاء الماضي")
            record["text"] = "الثلاثاء الماضي"
    records.append(
        {
            "mention_id": f"{article}-m900",
            "article_id": article,
            "kind": "date",
            "start": start,
            "end": start + len(written),
            "text": written,
            "value": value,
            "granularity": "day",
            "calendar": "gregorian",
            "weekday": None,
            "relative": False,
            "anchor": None,
            "same_as": None,
        }
    )
    _write_jsonl(path, records)


def plant_fl110(root: Path) -> None:
    _beside(root, "21", "2015-07-21")


def plant_fl111(root: Path) -> None:
    _beside(root, "27", "2015-07-27")


def plant_fl201(root: Path) -> None:
    replace_text(root, "seed-002", "أستانا", "نور سلطان")


def plant_fl202(root: Path) -> None:
    replace_text(root, "seed-002", "سيرغي لافروف", "سيرجي لافروف", occurrence=2)


def plant_fl203(root: Path) -> None:
    edit_claims(
        root,
        "seed-002",
        set_where("claim_id", "seed-002-c014", office="office-azerbaijan-foreign-minister"),
    )


def plant_fl204(root: Path) -> None:
    replace_text(root, "seed-003", "مراد نورتيليو", "يرلان كارين")
    edit_mentions(root, "seed-003", set_where("text", "يرلان كارين", value=None))


def _copy_with_claim_change(root: Path, agreement_fragment: str, **changes: Any) -> None:
    copy_article(root, "seed-004", "plant-004")

    def edit(record: dict) -> None:
        if record["kind"] == "agreement" and agreement_fragment in record["agreement"]:
            record.update(changes)

    edit_claims(root, "plant-004", edit)


def plant_fl301(root: Path) -> None:
    claims = _read_jsonl(root / "claims" / "seed-004.claims.jsonl")
    czech = next(c for c in claims if c["kind"] == "agreement" and "czech" in c["agreement"])
    _copy_with_claim_change(
        root, "czech", scopes=[s for s in czech["scopes"] if s != "cybersecurity"]
    )


def plant_fl302(root: Path) -> None:
    _copy_with_claim_change(root, "azerbaijan", parties=["country-morocco", "country-russia"])


def plant_fl303(root: Path) -> None:
    replace_text(root, "seed-004", "صناعة الدفاع", "صناعة المسيّرات")
    edit_mentions(root, "seed-004", set_where("text", "صناعة المسيّرات", value=None))


def plant_fl003(root: Path) -> None:
    edit_mentions(root, "seed-001", set_where("mention_id", "seed-001-m010", start=0))


def plant_fl007(root: Path) -> None:
    moved = root / "claims" / "seed-003.claims.jsonl"
    target = root / "claims" / "seed-004.claims.jsonl"
    target.write_text(
        target.read_text(encoding="utf-8") + moved.read_text(encoding="utf-8"), encoding="utf-8"
    )
    moved.unlink()


def plant_fl004(root: Path) -> None:
    edit_claims(root, "seed-003", set_where("claim_id", "seed-003-c001", place="city-nur-sultn"))


def plant_fl005(root: Path) -> None:
    path = root / "articles" / "seed-001.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nتصحيح", encoding="utf-8")


def plant_fl006(root: Path) -> None:
    (root / "articles" / "seed-003.txt").unlink()


PLANTS: dict[str, Plant] = {
    "FL101": Plant(plant_fl101, (("FL101", ("plant-004", "seed-004")),) * 2),
    "FL102": Plant(plant_fl102, (("FL102", ("plant-004", "seed-004")),) * 2),
    "FL103": Plant(plant_fl103, (("FL103", ("seed-003",)),)),
    "FL104": Plant(plant_fl104, (("FL104", ("seed-003",)),)),
    "FL105": Plant(plant_fl105, (("FL105", ("seed-002",)),)),
    "FL106": Plant(plant_fl106, (("FL106", ("seed-000", "seed-004")),)),
    "FL107": Plant(plant_fl107, (("FL107", ("seed-000",)),)),
    "FL108": Plant(
        plant_fl108,
        (
            (
                "FL108",
                ("snn-c04-3alyoum-1", "snn-c04-alriyadh-1", "snn-c04-alyaum-1", "snn-c04-okaz-1"),
            ),
        ),
    ),
    "FL109": Plant(plant_fl109, (("FL109", ("seed-000", "seed-004")),)),
    "FL110": Plant(plant_fl110, (("FL110", ("snn-c09-alriyadh-1",)),)),
    "FL111": Plant(plant_fl111, (("FL111", ("snn-c09-alriyadh-1",)),)),
    "FL201": Plant(plant_fl201, (("FL201", ("seed-002",)),)),
    "FL202": Plant(plant_fl202, (("FL202", ("seed-002",)),)),
    "FL203": Plant(plant_fl203, (("FL203", ("seed-002",)),)),
    "FL204": Plant(plant_fl204, (("FL204", ("seed-003",)),)),
    "FL301": Plant(plant_fl301, (("FL301", ("plant-004", "seed-004")),)),
    # seed-000 names the same agreement with the reference's parties: it is evidence too.
    "FL302": Plant(plant_fl302, (("FL302", ("plant-004", "seed-000", "seed-004")),)),
    "FL303": Plant(plant_fl303, (("FL303", ("seed-004",)),)),
    "FL003": Plant(plant_fl003, (("FL003", ("seed-001",)),)),
    "FL004": Plant(plant_fl004, (("FL004", ("seed-003",)),)),
    "FL007": Plant(plant_fl007, (("FL007", ("seed-003",)),)),
    "FL005": Plant(plant_fl005, (("FL005", ("seed-001",)),)),
    "FL006": Plant(plant_fl006, (("FL006", ("seed-003",)),)),
}


def findings_of(root: Path) -> dict[str, tuple[str, tuple[str, ...]]]:
    result = run_checks(load_dataset(root), Config())
    return {
        row["fingerprint"]: (row["code"], tuple(row["article_ids"]))
        for row in result.findings.iter_rows(named=True)
    }


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, tuple[str, ...]]]:
    root = tmp_path_factory.mktemp("baseline") / "data"
    shutil.copytree(SEEDS, root)
    return findings_of(root)


def test_every_rule_has_a_plant():
    from factlint.engine import discover_rules

    rules, _ = discover_rules("checks")
    assert {r.code for r in rules} <= set(PLANTS)


@pytest.mark.parametrize("code", sorted(PLANTS))
def test_exactly_the_planted_finding_appears(code, baseline, tmp_path):
    root = tmp_path / "data"
    shutil.copytree(SEEDS, root)
    PLANTS[code].apply(root)
    planted = findings_of(root)
    new = Counter(v for k, v in planted.items() if k not in baseline)
    assert new == Counter(PLANTS[code].expect), f"new findings: {sorted(new.elements())}"
    gone = {k: v for k, v in baseline.items() if k not in planted}
    # A plant may re-shape a finding that already existed only for the articles it touched.
    touched = {a for _, articles in PLANTS[code].expect for a in articles}
    assert all(set(articles) & touched for _, articles in gone.values()), gone
