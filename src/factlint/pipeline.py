"""The one pipeline: load -> rows of record -> schema gate -> rules -> findings -> baseline.

`run()` is what `factlint check` does and what a library user calls: both get the same checks
(the schema gate included) and the same findings. It returns the findings with the rule
catalogue, the dataset's facts and the run's settings, from which every output format is a
view (`factlint.outputs`). The CLI only parses arguments, picks writers and chooses the exit
code.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from factlint.baseline import Baseline, Waiver, apply_baseline, load_baseline, load_waivers
from factlint.changes import ChangeSet, Scope, changed_since, restrict, scope_of
from factlint.collector import collector_paused
from factlint.config import Config, find_config_file, load_config
from factlint.dataset import Dataset, load_dataset
from factlint.diagnostics import CHECK_CRASHED, DIAGNOSTICS
from factlint.engine import discover_rules, run_checks, selection
from factlint.findings import (
    ID_LIST_LIMIT,
    Severity,
    cap_id_columns,
    capped_details,
    sort_findings,
)
from factlint.progress import rule_family
from factlint.rules import Rule

__all__ = ["DatasetFacts", "RuleInfo", "RunResult", "run"]


@dataclass(frozen=True)
class RuleInfo:
    """One entry of the rule catalogue: what a code is, and whether this run used it."""

    code: str
    name: str
    severity: str
    summary: str
    doc: str
    block: str
    source: str  # "rule" (checks/) or "engine" (factlint.diagnostics)
    selected: bool


@dataclass(frozen=True)
class DatasetFacts:
    """How big the checked dataset is, and where its rows of record came from."""

    root: str
    articles: int
    mentions: int
    claims: int
    curated_articles: int
    extracted_articles: int  # rows read from extracted/
    extracted_now_articles: int  # extracted in memory by this run
    curated_claims: int
    extracted_claims: int
    missing_tables: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(self).items()}


@dataclass
class RunResult:
    """A run's findings with everything a report or a gate needs to read them.

    `findings` has `factlint.findings.FINDINGS_SCHEMA` plus `status` (`new`, `baselined`,
    `waived`) and `waiver` (the waiver's reason). `fixed` lists baseline entries that no
    finding matches any more.
    """

    findings: pl.DataFrame
    fixed: pl.DataFrame
    catalogue: tuple[RuleInfo, ...]
    facts: DatasetFacts
    dataset: Dataset
    settings: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)
    scope: Scope | None = None
    changes: ChangeSet | None = None

    def gate(self, fail_on: str) -> bool:
        """True when a `new` finding is at least as severe as `fail_on`: the gate fails."""
        threshold = Severity(fail_on).rank
        new = self.findings.filter(pl.col("status") == "new")
        return any(Severity(s).rank >= threshold for s in new.get_column("severity"))

    @property
    def rule_docs(self) -> dict[str, str]:
        return {r.code: r.doc for r in self.catalogue}


def default_config() -> Config:
    """The configuration the CLI would use here: the nearest pyproject.toml above the cwd."""
    return load_config(find_config_file(Path.cwd()))


# Loading, the gate and the rules make many short-lived Python objects and few cycles.
@collector_paused()
def run(
    datasets: Path | str | Dataset,
    *,
    config: Config | None = None,
    expectations: bool = True,
    extract: bool = True,
    baseline: Path | str | Baseline | None = None,
    waivers: Path | str | list[Waiver] | None = None,
    changed_since_ref: str | None = None,
    rules: list[Rule] | None = None,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    stage: Callable[[str], None] | None = None,
) -> RunResult:
    """Check a dataset: load it, take its rows of record, run the schema gate and every
    selected rule, gather the findings, and mark them against a baseline and waivers.

    `datasets` is a dataset folder (or an already loaded `Dataset`). `config` defaults to the
    `[tool.factlint]` of the nearest pyproject.toml above the working directory, as in the CLI.
    `expectations=False` skips the Great Expectations suites; `extract=False` does not extract
    articles that have no rows. `changed_since_ref` (a git revision) checks only what changed
    since it and every block the change takes part in (`factlint.changes`). Without a baseline
    every finding is `new`; `RunResult.gate` decides the exit.

    `progress(done, total)` hears how many articles have been extracted; `stage(name)` hears
    each stage as it starts (`load`, `rows of record`, `schema gate`, `rules: <family> (<code>)`),
    which is what `factlint check` shows on a terminal (`factlint.progress`).
    """
    started = time.perf_counter()
    timings: dict[str, float] = {}
    announce = stage if stage is not None else _silent
    config = config if config is not None else default_config()
    announce("load")
    loaded = datasets if isinstance(datasets, Dataset) else load_dataset(Path(datasets))
    timings["load"] = time.perf_counter() - started
    base = baseline if isinstance(baseline, Baseline) or baseline is None else None
    if base is None and baseline is not None:
        base = load_baseline(Path(baseline))  # type: ignore[arg-type]
    waiver_list = (
        waivers
        if isinstance(waivers, list)
        else load_waivers(Path(waivers))
        if waivers is not None
        else []
    )
    changes = changed_since(loaded.root, changed_since_ref) if changed_since_ref else None

    mark = time.perf_counter()
    announce("rows of record")
    from factlint.extract import records_of_record

    dataset, counts = records_of_record(loaded, extract_missing=extract, progress=progress)
    timings["rows of record"] = time.perf_counter() - mark

    scope = scope_of(dataset, changes) if changes is not None else None
    restrict_to = _restrictor(dataset, scope) if scope is not None and not scope.full else None
    gate = _schema_gate(expectations, scope if restrict_to else None, announce)
    discovery = None
    if rules is None:
        rules, discovery = discover_rules(config.rules_package)
    mark = time.perf_counter()
    announced = rules if stage is None else [_announced(r, announce) for r in rules]
    result = run_checks(dataset, config, rules=announced, schema_gate=gate, restrict=restrict_to)
    timings["checks"] = time.perf_counter() - mark
    timings.update({f"check {k}": v for k, v in result.timings.items()})
    findings = result.findings
    crashed = discovery is not None and discovery.height
    if crashed and CHECK_CRASHED.code in selection(config, rules):
        # A rule module that fails to import is a finding, as when run_checks discovers.
        findings = pl.concat([discovery, findings], how="vertical")

    marked, fixed = apply_baseline(
        findings,
        base,
        waiver_list,
        today=today,
        scope={"article_ids": scope.article_ids} if restrict_to and scope else None,
    )
    findings = sort_findings(marked)
    facts = _facts(dataset, counts)
    settings = {
        "datasets": str(loaded.root),
        "config": config.path,
        "select": list(config.select),
        "ignore": list(config.ignore),
        "severity": dict(config.severity),
        "fail_on": config.fail_on,
        "expectations": expectations,
        "extract": extract,
        "baseline": base.path if base else None,
        "baseline_size": len(base.entries) if base else None,
        "waivers": len(waiver_list),
        "changed_since": changed_since_ref,
        "changed_files": list(changes.files) if changes else None,
        "scope": scope.summary() if scope else None,
        "full_run_reason": changes.reason if changes and changes.full else None,
    }
    timings["total"] = time.perf_counter() - started
    return RunResult(
        findings=findings,
        fixed=fixed,
        catalogue=catalogue(config, rules),
        facts=facts,
        dataset=dataset,
        settings=settings,
        timings=timings,
        scope=scope,
        changes=changes,
    )


def catalogue(config: Config, rules: list[Rule]) -> tuple[RuleInfo, ...]:
    """Every code the run knows, engine diagnostics and rules, with its effective severity."""
    chosen = selection(config, rules)
    entries = [
        RuleInfo(d.code, d.name, d.severity, d.summary, d.doc, "dataset", "engine", False)
        for d in DIAGNOSTICS.values()
    ] + [
        RuleInfo(r.code, r.name, r.severity, r.summary, r.doc, r.block, "rule", False)
        for r in rules
    ]
    out = []
    for entry in sorted(entries, key=lambda e: e.code):
        resolved = chosen.get(entry.code)
        out.append(
            RuleInfo(
                entry.code,
                entry.name,
                resolved.severity if resolved else entry.severity,
                entry.summary,
                entry.doc,
                entry.block,
                entry.source,
                resolved is not None,
            )
        )
    return tuple(out)


def _restrictor(dataset: Dataset, scope: Scope) -> Callable[[str], Dataset | None]:
    cache: dict[str, Dataset | None] = {}

    def seen(block: str) -> Dataset | None:
        if block not in cache:
            cache[block] = restrict(dataset, scope, block)
        return cache[block]

    return seen


def _silent(stage: str) -> None:
    del stage


def _announced(rule: Rule, announce: Callable[[str], None]) -> Rule:
    """`rule`, saying when it starts; the same rule in every other respect (its module and
    documentation are the check's own)."""
    check = rule.check

    @functools.wraps(check)
    def announced_check(context: Any) -> Any:
        announce(f"rules: {rule_family(rule.module)} ({rule.code})")
        return check(context)

    return dataclasses.replace(rule, check=announced_check)


def _schema_gate(
    with_expectations: bool, scope: Scope | None, announce: Callable[[str], None] = _silent
) -> Callable[[Dataset], pl.DataFrame]:
    def gate(dataset: Dataset) -> pl.DataFrame:
        announce("schema gate")
        # Imported here: the schema models and GX are the slow part of start-up.
        from factlint.schema_gate import run_expectations, run_pandera
        from schemas import SUITES_DIR

        parts = [run_pandera(dataset.frames)]
        if with_expectations:
            parts.append(run_expectations(dataset.frames, SUITES_DIR))
        found = pl.concat(parts, how="vertical")
        if scope is None:
            return found
        # The gate checks whole tables (an id must be unique across the dataset), so it runs
        # on all of it; a changed-data run keeps what names a touched row, and table-level
        # findings that name no row at all.
        touched = list(scope.article_ids)
        names_touched = pl.col("article_ids").list.eval(pl.element().is_in(touched)).list.any()
        names_none = (
            (pl.col("article_ids").list.len() == 0)
            & (pl.col("claim_ids").list.len() == 0)
            & (pl.col("mention_ids").list.len() == 0)
        )
        return found.filter(names_touched | names_none)

    return gate


def _facts(dataset: Dataset, counts: Mapping[str, int]) -> DatasetFacts:
    claims = dataset.frame("claims")
    curated = (
        claims.filter(pl.col("extractor") == "curated").height
        if "extractor" in claims.columns
        else claims.height
    )
    return DatasetFacts(
        root=str(dataset.root),
        articles=dataset.frames["articles"].height,  # `frame` would read the texts too
        mentions=dataset.frame("mentions").height,
        claims=claims.height,
        curated_articles=int(counts.get("curated", 0)),
        extracted_articles=int(counts.get("extracted_files", 0)),
        extracted_now_articles=int(counts.get("extracted_now", 0)),
        curated_claims=curated,
        extracted_claims=claims.height - curated,
        missing_tables=tuple(sorted(dataset.missing_tables)),
    )


def findings_records(
    findings: pl.DataFrame, limit: int | None = ID_LIST_LIMIT
) -> list[dict[str, Any]]:
    """The findings as plain dicts with `details` parsed (the JSON document's rows).

    Id lists are cut to `limit` ids with `<list>_total` beside them (`cap_id_lists`), so
    that one finding about 100,000 articles stays a few kilobytes; `limit=None` keeps them
    whole. Each `details` text is parsed once and cut as parsed (`capped_details`).
    """
    rows = (findings if limit is None else cap_id_columns(findings, limit)).to_dicts()
    for row in rows:
        row["details"] = capped_details(row.get("details"), limit)
    return rows
