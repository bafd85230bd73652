"""Date disagreements measured end to end against the curated gold.

`evaluate_conflicts` hides the curated mentions and claims of the articles under test (by
default every corpus article, `snn-*`), extracts them with the extractor, runs the date rules
that report disagreements between datings of one event, and judges every finding against the
gold files `gold/disagreements.*.yml`:

- a finding is *real* when two of the datings it disputes (article and resolved value) are two
  sides of one `verdict: real` date entry with different values (a self-contradiction: one
  article with both values);
- any other finding is a *false alarm*, named after the `not-a-conflict` entry it matches when
  there is one (a known look-alike), else unmatched (read it, then add it to the gold);
- a real entry no finding hits is *missed*.

`window_evidence` prints the figures behind the identity windows of `factlint.identity` from
the curated gold: how far apart the outlets of one story publish, and how far from publication
the events they report lie.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from factlint.config import Config
from factlint.dataset import Dataset, load_dataset
from factlint.dates import parse_timex
from factlint.engine import run_checks
from factlint.errors import ConfigError, display_path
from factlint.files import read_regular_file

__all__ = [
    "DATE_CONFLICT_CODES",
    "ConflictEvaluation",
    "evaluate_conflicts",
    "format_evaluation",
    "window_evidence",
]

# Every rule that reports two datings of one event that do not overlap.
DATE_CONFLICT_CODES: tuple[str, ...] = ("FL101", "FL102", "FL108", "FL109", "FL110", "FL111")
# Of those, the near misses (one day apart by default): reported apart from conflicts.
NEAR_MISS_CODES: tuple[str, ...] = ("FL102", "FL111")

Side = tuple[str, str]  # (article_id, resolved value)


@dataclass
class ConflictEvaluation:
    """Every finding judged, every real gold entry found or missed."""

    findings: list[dict[str, Any]]
    real_entries: list[dict[str, Any]]
    found: list[dict[str, Any]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    articles_under_test: list[str] = field(default_factory=list)

    @property
    def real_findings(self) -> list[dict[str, Any]]:
        return [f for f in self.findings if f["verdict"] == "real"]

    @property
    def false_alarms(self) -> list[dict[str, Any]]:
        return [f for f in self.findings if f["verdict"] != "real"]

    @property
    def recall(self) -> float | None:
        return len(self.found) / len(self.real_entries) if self.real_entries else None

    @property
    def precision(self) -> float | None:
        return len(self.real_findings) / len(self.findings) if self.findings else None

    def figures(self, codes: tuple[str, ...] | None = None) -> dict[str, Any]:
        """Counts and rates, over every date-conflict finding or those of `codes`."""
        findings = [f for f in self.findings if codes is None or f["code"] in codes]
        real = [f for f in findings if f["verdict"] == "real"]
        return {
            "findings": len(findings),
            "real": len(real),
            "false_alarms": len(findings) - len(real),
            "precision": len(real) / len(findings) if findings else None,
        }


def load_gold(root: Path) -> list[dict[str, Any]]:
    """Every entry of `gold/disagreements.*.yml`, with the file it came from.

    A file that is not a regular file, not UTF-8, not YAML, or whose entries lack the fields
    the evaluation reads is refused (`ConfigError`) naming the file and, where YAML knows it,
    the line.
    """
    entries = []
    for path in sorted((root / "gold").glob("disagreements.*.yml")):
        shown = display_path(path)
        try:
            loaded = yaml.safe_load(read_regular_file(path).decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise ConfigError(f"{shown}: not valid UTF-8 (byte {exc.start})") from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f":{mark.line + 1}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or type(exc).__name__
            raise ConfigError(f"{shown}{where}: not valid YAML: {problem}") from None
        except RecursionError:
            raise ConfigError(f"{shown}: nested too deeply") from None
        if loaded is None:
            continue
        if not isinstance(loaded, list):
            raise ConfigError(
                f"{shown}: expected a list of disagreements, got {type(loaded).__name__}"
            )
        for number, entry in enumerate(loaded, start=1):
            _check_gold_entry(shown, number, entry)
            entries.append({**entry, "file": path.name})
    return entries


def _check_gold_entry(shown: str, number: int, entry: Any) -> None:
    where = f"{shown}: entry {number}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: expected a mapping, got {type(entry).__name__}")
    if not isinstance(entry.get("event"), str):
        raise ConfigError(f"{where}: needs an «event» text")
    sides = entry.get("sides", [])
    if not isinstance(sides, list) or not all(
        isinstance(side, dict) and isinstance(side.get("article"), str) and "value" in side
        for side in sides
    ):
        raise ConfigError(f"{where}: «sides» must be a list of {{article, value, ...}} mappings")


def _without_curated(dataset: Dataset, under_test: list[str]) -> Dataset:
    frames = dict(dataset.frames)
    for table in ("mentions", "claims"):
        frames[table] = frames[table].filter(~pl.col("article_id").is_in(under_test))
    return Dataset(
        root=dataset.root,
        frames=frames,
        notes=dataset.notes,
        missing_tables=dataset.missing_tables,
    )


def _with_extraction(dataset: Dataset, under_test: list[str], extractor: Any) -> Dataset:
    from factlint.extract import extract_dataset, load_extractor

    extraction = extract_dataset(dataset, extractor or load_extractor(), under_test)
    frames = dict(dataset.frames)
    for table, extracted in (("mentions", extraction.mentions), ("claims", extraction.claims)):
        if extracted.height:
            frames[table] = pl.concat([frames[table], extracted], how="diagonal_relaxed")
    return Dataset(
        root=dataset.root,
        frames=frames,
        notes=dataset.notes,
        missing_tables=dataset.missing_tables,
    )


def _disputed(finding: dict[str, Any]) -> set[Side]:
    """The datings a finding puts against each other, as (article, value)."""
    details = json.loads(finding["details"] or "{}")
    if "pairs" in details:  # FL108-FL111
        article_of = {s["claim_id"]: s["article_id"] for s in details.get("sides", [])}
        out = set()
        for pair in details["pairs"]:
            for claim, value in zip(pair["claims"], pair["values"], strict=True):
                out.add((article_of.get(claim, claim.rsplit("-", 1)[0]), value))
        return out
    # FL101, FL102: every date of the event with its articles.
    return {(a, d["value"]) for d in details.get("dates", []) for a in d["article_ids"]}


def _hits(disputed: set[Side], entry: dict[str, Any]) -> bool:
    sides = {(s["article"], str(s["value"])) for s in entry.get("sides", [])}
    shared = disputed & sides
    return len({value for _, value in shared}) >= 2


def evaluate_conflicts(
    root: Path | str,
    *,
    under_test: str = "snn-",
    extractor: Any = None,
    codes: tuple[str, ...] = DATE_CONFLICT_CODES,
) -> ConflictEvaluation:
    """Extract the articles under test (their curated rows hidden), check, judge (module doc)."""
    root = Path(root)
    dataset = load_dataset(root)
    ids = sorted(
        a
        for a in dataset.frame("articles")
        .filter(pl.col("text").is_not_null())
        .get_column("article_id")
        .to_list()
        if a.startswith(under_test)
    )
    dataset = _with_extraction(_without_curated(dataset, ids), ids, extractor)
    result = run_checks(dataset, Config(select=codes))
    gold = [e for e in load_gold(root) if e.get("kind") == "date"]
    real = [e for e in gold if e.get("verdict") == "real"]
    look_alikes = [e for e in gold if e.get("verdict") != "real"]
    findings = []
    for row in result.findings.filter(pl.col("code").is_in(list(codes))).iter_rows(named=True):
        disputed = _disputed(row)
        hit = [e for e in real if _hits(disputed, e)]
        alike = [e for e in look_alikes if _hits(disputed, e)]
        findings.append(
            {
                "code": row["code"],
                "message": row["message"],
                "article_ids": row["article_ids"],
                "disputed": sorted(disputed),
                "verdict": "real" if hit else "false alarm",
                "gold": [f"{e['file']}: {e['event']}" for e in (hit or alike)],
            }
        )
    evaluation = ConflictEvaluation(
        findings=sorted(findings, key=lambda f: (f["code"], f["article_ids"], f["message"])),
        real_entries=real,
        articles_under_test=ids,
    )
    for entry in real:
        hits = [f for f in findings if _hits(set(map(tuple, f["disputed"])), entry)]
        (evaluation.found if hits else evaluation.missed).append(
            {"event": entry["event"], "file": entry["file"], "by": [f["code"] for f in hits]}
        )
    return evaluation


def _rate(value: float | None) -> str:
    return "n/a (nothing to count)" if value is None else f"{value:.0%}"


def format_evaluation(evaluation: ConflictEvaluation) -> str:
    """The figures, then every finding with its verdict, then every missed real entry."""
    conflicts = evaluation.figures(
        tuple(c for c in DATE_CONFLICT_CODES if c not in NEAR_MISS_CODES)
    )
    near = evaluation.figures(NEAR_MISS_CODES)
    lines = [
        f"articles under test (curated rows hidden, extracted): "
        f"{len(evaluation.articles_under_test)}",
        f"real date disagreements in the gold: {len(evaluation.real_entries)}; reported: "
        f"{len(evaluation.found)} ({_rate(evaluation.recall)})",
        f"date-disagreement findings: {len(evaluation.findings)}; real: "
        f"{len(evaluation.real_findings)} ({_rate(evaluation.precision)}); false alarms: "
        f"{len(evaluation.false_alarms)}",
        f"  conflicts (FL101, FL108-FL110): {conflicts['findings']}, real {conflicts['real']} "
        f"({_rate(conflicts['precision'])})",
        f"  near misses (FL102, FL111): {near['findings']}, real {near['real']} "
        f"({_rate(near['precision'])})",
        "",
        "findings:",
    ]
    for f in evaluation.findings:
        judged = f" [{'; '.join(f['gold'])}]" if f["gold"] else " [no gold entry: read it]"
        lines.append(f"  {f['verdict'].upper():11} {f['code']} {f['message'][:300]}{judged}")
    lines.append("found:")
    lines += [f"  {e['event']} ({e['file']}) by {', '.join(e['by'])}" for e in evaluation.found]
    lines.append("missed:")
    lines += [f"  {e['event']} ({e['file']})" for e in evaluation.missed] or ["  none"]
    return "\n".join(lines)


def window_evidence(root: Path | str) -> str:
    """The figures that set `RECURRING_WINDOW_DAYS` and `PUBLICATION_WINDOW_DAYS`.

    From the gold date entries (one event told by several outlets, or several times): how many
    days apart the articles were published, and how many days before publication the event lies
    (negative: announced ahead); then, for the curated event claims no gold entry covers, the
    same distance for everything else the articles recall.
    """
    root = Path(root)
    dataset = load_dataset(root)
    published = {
        a: p
        for a, p in dataset.frame("articles").select("article_id", "published").iter_rows()
        if p and a.startswith("snn-")
    }

    def lag(article: str, value: str) -> int | None:
        interval = parse_timex(value)
        if interval is None or article not in published:
            return None
        pub = date.fromisoformat(published[article])
        if interval.end < pub:
            return (pub - interval.end).days
        return -max(0, (interval.start - pub).days)

    rows = []
    covered: set[tuple[str, str]] = set()
    for entry in load_gold(root):
        if entry.get("kind") != "date":
            continue
        days = [date.fromisoformat(s["published"]) for s in entry["sides"] if s.get("published")]
        lags = [x for s in entry["sides"] if (x := lag(s["article"], str(s["value"]))) is not None]
        covered |= {(s["article"], str(s["value"])) for s in entry["sides"]}
        if days and lags:
            rows.append(((max(days) - min(days)).days, min(lags), max(lags), entry["event"]))
    claims = dataset.frame("claims").filter(
        (pl.col("kind") == "event") & pl.col("article_id").is_in(list(published))
    )
    recalled = sorted(
        x
        for article, value in claims.select("article_id", "date").iter_rows()
        if value and (article, value) not in covered and (x := lag(article, value)) is not None
    )
    rows.sort(key=lambda r: (r[2], r[0]))
    lines = ["published apart | days before publication | event (gold date entries)"]
    lines += [f"  {a:3d} | {lo:4d} .. {hi:4d} | {event}" for a, lo, hi, event in rows]
    lines.append(
        f"other curated events the articles recall: {len(recalled)}, days before publication: "
        f"{recalled}"
    )
    return "\n".join(lines)
