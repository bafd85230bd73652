"""Baselines and waivers: what lets a team adopt the gate on a dataset that already has findings.

A baseline is the set of fingerprints of the findings a dataset had when it was taken
(`factlint baseline`); it is a file kept in the repository. With a baseline, a finding whose
fingerprint is in it is `baselined` and does not fail the gate; a baseline entry that no
longer matches any finding is reported as fixed.

A waiver is a decision written by a person: it names one fingerprint, or a rule with an
article or entity scope, with a required reason and an optional expiry date. A waived finding
does not fail the gate. A waiver past its expiry date waives nothing and is itself a finding
(`FL012 expired-waiver`, an error); a waiver that matches no finding is one too
(`FL013 unused-waiver`), so that waivers do not outlive what they were written for.

Fingerprints are content hashes (`factlint.findings`): stable across runs, row order and line
numbers, so a baseline survives edits elsewhere in the dataset.
"""

from __future__ import annotations

import contextlib
import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from factlint.atomic import write_text_atomic
from factlint.diagnostics import EXPIRED_WAIVER, UNUSED_WAIVER, Diagnostic
from factlint.errors import ConfigError, InputError, display_path
from factlint.files import read_regular_file
from factlint.findings import findings_from_records

__all__ = [
    "BASELINE_FORMAT",
    "STATUSES",
    "Baseline",
    "Waiver",
    "apply_baseline",
    "load_baseline",
    "load_waivers",
    "write_baseline",
]

BASELINE_FORMAT = 1
# What the gate makes of a finding: `new` fails it (at --fail-on), the others do not.
STATUSES: tuple[str, ...] = ("new", "baselined", "waived")
# What a baseline entry keeps besides its fingerprint: enough for a reviewer to read the file,
# and for a report to name a fixed finding.
_ENTRY_FIELDS = ("fingerprint", "code", "name", "severity", "message", "article_ids")
_MAX_MESSAGE = 300
_WAIVER_KEYS = {"fingerprint", "rule", "article", "entity", "reason", "expires"}


@dataclass(frozen=True)
class Baseline:
    """Fingerprints of accepted findings, with what each one was when it was taken."""

    entries: Mapping[str, Mapping[str, Any]]
    path: str | None = None

    @property
    def fingerprints(self) -> frozenset[str]:
        return frozenset(self.entries)


@dataclass(frozen=True)
class Waiver:
    """One waiver: a fingerprint, or a rule with an article or entity scope."""

    reason: str
    fingerprint: str | None = None
    rule: str | None = None
    article: str | None = None
    entity: str | None = None
    expires: date | None = None
    where: str = ""

    @property
    def label(self) -> str:
        if self.fingerprint:
            return f"fingerprint {self.fingerprint}"
        scope = f"article {self.article}" if self.article else f"entity {self.entity}"
        return f"{self.rule} for {scope}"

    def matches(self, finding: Mapping[str, Any]) -> bool:
        """Whether this waiver covers a finding (a findings-table row as a dict)."""
        if self.fingerprint:
            return finding["fingerprint"] == self.fingerprint
        if finding["code"] != self.rule:
            return False
        if self.article:
            return self.article in (finding["article_ids"] or ())
        return self.entity in _entities_named(finding)


def _entities_named(finding: Mapping[str, Any]) -> set[str]:
    """Every string value of a finding's details (an entity id is one of them), and the ids."""
    found: set[str] = set()
    stack: list[Any] = []
    if finding.get("details"):
        with contextlib.suppress(ValueError):
            stack.append(json.loads(finding["details"]))
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            found.add(value)
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
    for column in ("article_ids", "claim_ids", "mention_ids"):
        found.update(finding.get(column) or ())
    return found


def _read_text(path: Path) -> str:
    try:
        return read_regular_file(path).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"not UTF-8 (byte {exc.start})") from None


# --- baseline files -------------------------------------------------------------------------


def baseline_document(findings: pl.DataFrame, *, version: str) -> dict[str, Any]:
    """The baseline file's content: one entry per fingerprint, sorted, no timestamp (so that
    re-taking an unchanged baseline changes no byte and its git diff shows only real change)."""
    entries = []
    seen: set[str] = set()
    for row in findings.sort("fingerprint").iter_rows(named=True):
        if row["fingerprint"] in seen:
            continue
        seen.add(row["fingerprint"])
        entry = {f: row[f] for f in _ENTRY_FIELDS}
        message = entry["message"] or ""
        if len(message) > _MAX_MESSAGE:
            entry["message"] = message[: _MAX_MESSAGE - 1] + "…"
        entries.append(entry)
    return {
        "factlint_baseline": BASELINE_FORMAT,
        "factlint_version": version,
        "count": len(entries),
        "findings": entries,
    }


def write_baseline(path: Path, findings: pl.DataFrame, *, version: str) -> int:
    """Write the baseline of `findings` to `path` atomically; return how many entries."""
    document = baseline_document(findings, version=version)
    write_text_atomic(path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")
    return document["count"]


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file; a malformed one is an `InputError` (exit 2), never an empty
    baseline (which would let every finding through as new, or hide that it was ignored)."""
    text = _read_text(path)
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise InputError(path, f"not a factlint baseline: invalid JSON ({exc})") from None
    except RecursionError:
        raise InputError(path, "not a factlint baseline: nested too deeply") from None
    if (
        not isinstance(document, dict)
        or type(document.get("factlint_baseline")) is not int
        or document.get("factlint_baseline") != BASELINE_FORMAT
    ):
        raise InputError(
            path,
            f"not a factlint baseline (format {BASELINE_FORMAT}): take one with "
            "`factlint baseline`",
        )
    findings = document.get("findings") or []
    if not isinstance(findings, list):
        raise InputError(path, "`findings` must be a list of entries")
    entries: dict[str, Mapping[str, Any]] = {}
    for number, entry in enumerate(findings, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise InputError(path, f"entry {number} has no fingerprint")
        wrong = sorted(
            key
            for key, value in entry.items()
            if key in _TEXT_FIELDS and value is not None and not isinstance(value, str)
        )
        if wrong:
            raise InputError(path, f"entry {number}: {', '.join(wrong)} must be text")
        entries[entry["fingerprint"]] = entry
    return Baseline(entries, str(path))


# Baseline entry fields read as text (the fixed-entries table is built from them).
_TEXT_FIELDS = frozenset({"code", "name", "severity", "message", "fingerprint"})


# --- waiver files -------------------------------------------------------------------------


def load_waivers(path: Path) -> list[Waiver]:
    """Read `[[waiver]]` tables from a TOML file. Every problem is a `ConfigError` naming
    the waiver: a waiver without a reason, or with an unknown key, is refused, not skipped."""
    raw = _read_text(path)
    try:
        document = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{display_path(path)}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{display_path(path)}: invalid TOML: nested too deeply") from None
    unknown = set(document) - {"waiver"}
    if unknown:
        raise ConfigError(
            f"{display_path(path)}: unknown key(s) {', '.join(sorted(unknown))}; "
            "waivers are [[waiver]] tables"
        )
    items = document.get("waiver", [])
    if not isinstance(items, list):
        raise ConfigError(f"{display_path(path)}: `waiver` must be an array of tables")
    return [_waiver(item, f"{display_path(path)}: waiver {n}") for n, item in enumerate(items, 1)]


def _waiver(item: Any, where: str) -> Waiver:
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: must be a table")
    unknown = set(item) - _WAIVER_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    for key, value in item.items():
        if key != "expires" and not isinstance(value, str):
            raise ConfigError(f"{where}: `{key}` must be a string")
    reason = (item.get("reason") or "").strip()
    if not reason:
        raise ConfigError(f"{where}: a waiver needs a `reason`")
    fingerprint, rule = item.get("fingerprint"), item.get("rule")
    article, entity = item.get("article"), item.get("entity")
    if fingerprint and (rule or article or entity):
        raise ConfigError(f"{where}: name a `fingerprint`, or a `rule` with a scope, not both")
    if not fingerprint:
        if not rule:
            raise ConfigError(f"{where}: name a `fingerprint`, or a `rule` with a scope")
        if bool(article) == bool(entity):
            raise ConfigError(
                f"{where}: a rule waiver needs exactly one scope: `article` or `entity` "
                "(a whole rule is switched off with `ignore` in [tool.factlint])"
            )
    return Waiver(
        reason=reason,
        fingerprint=fingerprint,
        rule=rule.upper() if rule else None,
        article=article,
        entity=entity,
        expires=_expiry(item.get("expires"), where),
        where=where,
    )


def _expiry(value: Any, where: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):  # TOML's own date type
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(f"{where}: `expires` must be a date like 2025-12-31")


# --- applying both ----------------------------------------------------------------------------


def apply_baseline(
    findings: pl.DataFrame,
    baseline: Baseline | None,
    waivers: Iterable[Waiver] = (),
    *,
    today: date | None = None,
    scope: Mapping[str, Any] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Mark each finding `new`, `baselined` or `waived`; return them with the fixed entries.

    Adds `status` and `waiver` (the reason) columns, and appends the waiver findings (expired
    or unused waivers, always `new`). `fixed` has one row per baseline entry no finding
    matches. `scope`, in a changed-data run, limits what counts as fixed or unused to the
    articles the run looked at (`article_ids`): a finding elsewhere was not looked for.
    """
    today = today or date.today()
    waivers = list(waivers)
    live = [w for w in waivers if w.expires is None or w.expires >= today]
    known = baseline.fingerprints if baseline else frozenset()
    # A waiver can only cover a finding of its fingerprint or of its rule: only those rows are
    # read into Python; the others are marked in Polars (at ten million claims, reading every
    # one of 26,000 findings with its lists and details took 2 s, with no waiver at all).
    fingerprints = pl.Series([w.fingerprint for w in live if w.fingerprint], dtype=pl.String)
    rules = pl.Series([w.rule for w in live if not w.fingerprint], dtype=pl.String)
    candidates = (
        findings.with_row_index("_i")
        .filter(
            pl.col("fingerprint").is_in(fingerprints.implode())
            | pl.col("code").is_in(rules.implode())
        )
        .to_dicts()
        if live
        else []
    )
    waived: dict[int, str] = {}
    used: set[int] = set()
    for row in candidates:
        waiver = next((i for i, w in enumerate(live) if w.matches(row)), None)
        if waiver is not None:
            used.add(waiver)
            waived[row["_i"]] = live[waiver].reason
    statuses = findings.select(
        pl.when(pl.col("fingerprint").is_in(pl.Series(list(known), dtype=pl.String).implode()))
        .then(pl.lit("baselined"))
        .otherwise(pl.lit("new"))
    ).to_series()
    reasons = pl.repeat(None, findings.height, dtype=pl.String, eager=True)
    if waived:
        at = pl.Series(list(waived), dtype=pl.UInt32)
        statuses = statuses.scatter(at, "waived")
        reasons = reasons.scatter(at, pl.Series(list(waived.values()), dtype=pl.String))
    marked = findings.with_columns(status=statuses, waiver=reasons)
    looked_at = set(scope.get("article_ids", ())) if scope else None
    extra = _waiver_findings(
        [w for w in waivers if w.expires is not None and w.expires < today],
        [
            w
            for i, w in enumerate(live)
            if i not in used and (looked_at is None or w.article in looked_at)
        ],
        today,
    )
    marked = pl.concat(
        [marked, extra.with_columns(status=pl.lit("new"), waiver=pl.lit(None, pl.String))],
        how="vertical",
    )
    found = set(findings.get_column("fingerprint").to_list())
    fixed_rows = [
        {f: entry.get(f) for f in _ENTRY_FIELDS}
        for fingerprint, entry in sorted((baseline.entries if baseline else {}).items())
        if fingerprint not in found
        and (looked_at is None or set(entry.get("article_ids") or ()) & looked_at)
    ]
    fixed = pl.DataFrame(
        fixed_rows,
        schema={
            "fingerprint": pl.String,
            "code": pl.String,
            "name": pl.String,
            "severity": pl.String,
            "message": pl.String,
            "article_ids": pl.List(pl.String),
        },
    )
    return marked, fixed


def _waiver_findings(expired: list[Waiver], unused: list[Waiver], today: date) -> pl.DataFrame:
    def records(waivers: list[Waiver], diagnostic: Diagnostic) -> pl.DataFrame:
        rows = []
        for w in waivers:
            if diagnostic is EXPIRED_WAIVER:
                message = (
                    f"{w.where}: the waiver of {w.label} expired on {w.expires} "
                    f"(reason: {w.reason}); renew it with a new date or fix the finding"
                )
            else:
                message = f"{w.where}: the waiver of {w.label} matches no finding; remove it"
            rows.append(
                {
                    "message": message,
                    "article_ids": [w.article] if w.article else [],
                    "key": f"{w.label}|{w.expires}",
                    "details": json.dumps(
                        {
                            "fingerprint": w.fingerprint,
                            "rule": w.rule,
                            "article": w.article,
                            "entity": w.entity,
                            "reason": w.reason,
                            "expires": w.expires.isoformat() if w.expires else None,
                            "today": today.isoformat(),
                        },
                        ensure_ascii=False,
                        sort_keys=True,
                    ),
                }
            )
        return findings_from_records(
            rows,
            code=diagnostic.code,
            name=diagnostic.name,
            severity=diagnostic.severity,
            source="engine",
        )

    return pl.concat(
        [records(expired, EXPIRED_WAIVER), records(unused, UNUSED_WAIVER)], how="vertical"
    )
