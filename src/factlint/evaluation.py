"""`factlint eval`: extracted rows measured against the curated rows of the same articles.

Matching is one-to-one and greedy, in text order, within one article:
- mentions of one kind match when their spans overlap and their values agree (a curated
  mention with no value matches any value; a date's value must be equal, null with null);
- events match on event type and date (the Gregorian claim date, null with null);
- roles on person and office; agreement scopes on (agreement claim's article, scope code).

Every figure comes with its misses (curated rows nothing matched) and false alarms (extracted
rows that matched nothing), each with article, offsets, text and values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

__all__ = ["Score", "evaluate"]

MENTION_KINDS = (
    "date",
    "duration",
    "person",
    "title",
    "place",
    "organisation",
    "agreement",
    "scope",
)
Row = dict[str, Any]


@dataclass
class Score:
    """Counts and the rows behind them for one measure."""

    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[Row] = field(default_factory=list)
    false_alarms: list[Row] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.misses += other.misses
        self.false_alarms += other.false_alarms

    def as_dict(self, with_rows: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }
        if with_rows:
            out["misses"] = self.misses
            out["false_alarms"] = self.false_alarms
        return out


def _greedy(
    name: str,
    gold: list[Row],
    found: list[Row],
    matches: Callable[[Row, Row], bool],
    describe: Callable[[Row], Row],
) -> Score:
    score = Score(name)
    used = [False] * len(found)
    for g in gold:
        hit = next((i for i, f in enumerate(found) if not used[i] and matches(g, f)), None)
        if hit is None:
            score.fn += 1
            score.misses.append(describe(g))
        else:
            used[hit] = True
            score.tp += 1
    for i, f in enumerate(found):
        if not used[i]:
            score.fp += 1
            score.false_alarms.append(describe(f))
    return score


def _mention_match(g: Row, f: Row) -> bool:
    if None in (g["start"], g["end"], f["start"], f["end"]):
        return False  # a row without offsets (a schema finding of check's) matches nothing
    if g["start"] >= f["end"] or f["start"] >= g["end"]:
        return False
    if g["kind"] in ("date", "duration"):
        return g["value"] == f["value"]
    return g["value"] is None or g["value"] == f["value"]


def _describe_mention(m: Row) -> Row:
    keys = ("article_id", "mention_id", "kind", "start", "end", "text", "value")
    return {k: m.get(k) for k in keys}


def _describe_claim(c: Row) -> Row:
    keys = ("article_id", "claim_id", "kind", "event_type", "participants", "place", "date")
    out = {k: c.get(k) for k in keys if k in c}
    for k in ("person", "office", "status", "agreement", "scope", "date_span"):
        if c.get(k) is not None:
            out[k] = c[k]
    return out


def _by_article(rows: Iterable[Row]) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for r in rows:
        out.setdefault(r["article_id"], []).append(r)
    return out


def evaluate(
    curated_mentions: pl.DataFrame,
    curated_claims: pl.DataFrame,
    extracted_mentions: pl.DataFrame,
    extracted_claims: pl.DataFrame,
    article_ids: Iterable[str],
) -> dict[str, Any]:
    """Scores per mention kind and claim kind, overall and per article."""
    ids = sorted(set(article_ids))
    gm = _by_article(
        curated_mentions.filter(pl.col("article_id").is_in(ids)).sort("start").to_dicts()
    )
    xm = _by_article(
        extracted_mentions.filter(pl.col("article_id").is_in(ids)).sort("start").to_dicts()
    )
    gc = _by_article(curated_claims.filter(pl.col("article_id").is_in(ids)).to_dicts())
    xc = _by_article(extracted_claims.filter(pl.col("article_id").is_in(ids)).to_dicts())
    # Claims are listed with the span of the date mention they were dated by.
    # (Curated and extracted rows of one article may share ids: each side has its own spans.)
    for mentions, claims in ((curated_mentions, gc), (extracted_mentions, xc)):
        spans = {
            m["mention_id"]: m
            for m in mentions.select("mention_id", "start", "end", "text").to_dicts()
        }
        for rows in claims.values():
            for claim in rows:
                date = spans.get(claim.get("date_mention") or "")
                if date is not None:
                    claim["date_span"] = [date["start"], date["end"], date["text"]]
    totals: dict[str, Score] = {}
    groups: dict[str, dict[str, Score]] = {}
    per_article: dict[str, dict[str, Any]] = {}
    for article_id in ids:
        scores = _article_scores(
            gm.get(article_id, []),
            xm.get(article_id, []),
            gc.get(article_id, []),
            xc.get(article_id, []),
        )
        per_article[article_id] = {n: s.as_dict(with_rows=False) for n, s in scores.items()}
        group = groups.setdefault(article_id.split("-", 1)[0], {})
        for n, s in scores.items():
            totals.setdefault(n, Score(n)).add(s)
            group.setdefault(n, Score(n)).add(s)
    return {
        "articles": ids,
        "scores": {n: s.as_dict() for n, s in totals.items()},
        # Articles grouped by the part of their id before the first `-` (seed, snn, ...).
        "groups": {
            g: {n: s.as_dict(with_rows=False) for n, s in scores.items()}
            for g, scores in sorted(groups.items())
        },
        "per_article": per_article,
    }


def _article_scores(gm: list[Row], xm: list[Row], gc: list[Row], xc: list[Row]) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    for kind in MENTION_KINDS:
        scores[f"mentions.{kind}"] = _greedy(
            f"mentions.{kind}",
            [m for m in gm if m["kind"] == kind],
            [m for m in xm if m["kind"] == kind],
            _mention_match,
            _describe_mention,
        )
    scores["claims.event"] = _greedy(
        "claims.event",
        [c for c in gc if c["kind"] == "event"],
        [c for c in xc if c["kind"] == "event"],
        lambda g, f: g["event_type"] == f["event_type"] and g["date"] == f["date"],
        _describe_claim,
    )
    scores["claims.role"] = _greedy(
        "claims.role",
        [c for c in gc if c["kind"] == "role"],
        [c for c in xc if c["kind"] == "role"],
        lambda g, f: g["person"] == f["person"] and g["office"] == f["office"],
        _describe_claim,
    )
    scores["claims.agreement_scope"] = _greedy(
        "claims.agreement_scope",
        _scope_items(gc),
        _scope_items(xc),
        lambda g, f: g["scope"] == f["scope"],
        _describe_claim,
    )
    people = Score("people_and_roles")
    people.add(scores["mentions.person"])
    people.add(scores["claims.role"])
    scores["people_and_roles"] = people
    return scores


def _scope_items(claims: list[Row]) -> list[Row]:
    """One row per distinct scope code an article's agreement claims list."""
    seen: dict[tuple[str, str], Row] = {}
    for c in claims:
        if c["kind"] != "agreement":
            continue
        for code in c.get("scopes") or []:
            seen.setdefault(
                (c["article_id"], code),
                {
                    "article_id": c["article_id"],
                    "claim_id": c["claim_id"],
                    "kind": "agreement",
                    "scope": code,
                },
            )
    return list(seen.values())
