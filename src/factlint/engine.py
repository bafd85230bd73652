"""The engine: discover rules, run every check, collect one findings table, then decide.

Collect, then decide: every check runs and every finding is gathered before the exit code is
chosen. A check that crashes, or cannot run, is itself a finding.
"""

from __future__ import annotations

import importlib
import pkgutil
import time
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import ModuleType

import polars as pl

from factlint.config import Config, ResolvedRule, resolve_rules
from factlint.dataset import Dataset
from factlint.diagnostics import (
    BYTE_ORDER_MARK,
    CHECK_CANNOT_RUN,
    CHECK_CRASHED,
    DIAGNOSTICS,
    UNLOADED_FILE,
    Diagnostic,
)
from factlint.errors import ConfigError
from factlint.findings import (
    FINDINGS_SCHEMA,
    Severity,
    empty_findings,
    finalize_findings,
    findings_from_records,
    sort_findings,
)
from factlint.rules import Rule, RuleContext

__all__ = ["CheckResult", "discover_rules", "run_checks"]


@dataclass
class CheckResult:
    """The findings of a run and how long each stage took."""

    findings: pl.DataFrame
    timings: dict[str, float] = field(default_factory=dict)

    def reaches(self, fail_on: str) -> bool:
        """True when a finding is at least as severe as `fail_on`."""
        threshold = Severity(fail_on).rank
        return any(Severity(s).rank >= threshold for s in self.findings.get_column("severity"))


def discover_rules(package: str = "checks") -> tuple[list[Rule], pl.DataFrame]:
    """Import every module of `package` and collect the module-level `Rule` objects.

    A module that fails to import becomes a `check-crashed` finding, not an exception.
    Two rules with one code is a programming error and raises.
    """
    crashes: list[dict[str, object]] = []
    rules: dict[str, Rule] = {}
    try:
        root = importlib.import_module(package)
    except Exception as exc:
        crashes.append(_crash_record(f"rules package {package!r}", exc))
        return [], _diagnostic_findings(CHECK_CRASHED, crashes)
    for module in _walk(root, crashes):
        for value in vars(module).values():
            if isinstance(value, Rule) and value.module == module.__name__:
                if value.code in rules or value.code in DIAGNOSTICS:
                    raise ValueError(f"two checks share code {value.code}: {value.module}")
                rules[value.code] = value
    return sorted(rules.values(), key=lambda r: r.code), _diagnostic_findings(
        CHECK_CRASHED, crashes
    )


def _walk(root: ModuleType, crashes: list[dict[str, object]]) -> Iterable[ModuleType]:
    yield root
    if not hasattr(root, "__path__"):
        return
    names = sorted(m.name for m in pkgutil.walk_packages(root.__path__, prefix=root.__name__ + "."))
    for name in names:
        try:
            yield importlib.import_module(name)
        except Exception as exc:
            crashes.append(_crash_record(f"rule module {name}", exc))


def _crash_record(what: str, exc: BaseException) -> dict[str, object]:
    last = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ else []
    where = f" at {last[0].filename}:{last[0].lineno}" if last else ""
    return {
        "message": f"{what} crashed: {type(exc).__name__}: {exc}{where}",
        "key": f"{what}|{type(exc).__name__}",
    }


def _diagnostic_findings(diagnostic: Diagnostic, records: list[dict[str, object]]) -> pl.DataFrame:
    return findings_from_records(
        records,
        code=diagnostic.code,
        name=diagnostic.name,
        severity=diagnostic.severity,
        source="engine",
    )


def selection(config: Config, rules: list[Rule]) -> dict[str, ResolvedRule]:
    """The codes this configuration runs, with their severities and options."""
    defaults = {r.code: (r.severity, r.options) for r in rules}
    defaults.update({d.code: (d.severity, {}) for d in DIAGNOSTICS.values()})
    return resolve_rules(config, defaults, DIAGNOSTICS)


def run_checks(
    dataset: Dataset,
    config: Config,
    *,
    rules: list[Rule] | None = None,
    schema_gate: Callable[[Dataset], pl.DataFrame] | None = None,
    restrict: Callable[[str], Dataset | None] | None = None,
    partitions: int = 1,
) -> CheckResult:
    """Run the schema gate and every selected rule on `dataset`; gather all findings.

    `restrict`, given a rule's block (`factlint.rules.BLOCKS`), returns the dataset the rules
    of that block see, or None to skip them: a changed-data run (`factlint.changes`) passes
    the touched blocks. With `partitions` above 1, each rule runs on that many partitions of
    its block's rows, one partition at a time (`factlint.partition`: what a distributed
    engine does per group), and the findings are joined: the same findings as one whole run.
    In one process it is no cheaper (measured at 1M claims: 1.8x the time and a higher peak,
    the rules' fixed costs paid per partition), so `factlint.run` runs whole. Most callers
    want `factlint.run`, which also loads the dataset, runs the schema gate and applies
    baselines; this is the rule runner underneath.
    """
    if partitions < 1:
        raise ValueError("partitions must be at least 1")
    timings: dict[str, float] = {}
    discovery_findings = empty_findings()
    if rules is None:
        rules, discovery_findings = discover_rules(config.rules_package)
    selected = selection(config, rules)
    if rules and not any(r.code in selected for r in rules):
        # select = [] or ignore = ["ALL"]: a run would pass having checked nothing.
        raise ConfigError(
            f"{config.path or 'configuration'}: select/ignore leave no rule to run "
            f"(select = {list(config.select)!r}, ignore = {list(config.ignore)!r})"
        )
    parts = [discovery_findings, _load_findings(dataset)]
    if schema_gate is not None:
        started = time.perf_counter()
        parts.append(_guarded("schema gate", lambda: schema_gate(dataset)))
        timings["schema gate"] = time.perf_counter() - started
    chosen = [r for r in rules if r.code in selected]
    # Rule by rule in code order; partitioned, block by block, so that the rules of a block
    # share each partition's frames.
    batches = (
        [[r] for r in chosen]
        if partitions == 1
        else [[r for r in chosen if r.block == b] for b in dict.fromkeys(r.block for r in chosen)]
    )
    for members in batches:
        block = members[0].block
        seen = dataset if restrict is None else restrict(block)
        if seen is None:
            continue
        for part in _partitions(seen, block, partitions):
            for rule in members:
                started = time.perf_counter()
                parts.append(_run_rule(rule, selected[rule.code], part))
                timings[rule.code] = timings.get(rule.code, 0.0) + time.perf_counter() - started
    findings = pl.concat([p.select(list(FINDINGS_SCHEMA)) for p in parts], how="vertical")
    if partitions > 1:
        # A row every partition shares (a reference row, a non-role claim of an entity
        # block) can give one finding in several partitions: it is kept once.
        findings = findings.unique(subset="fingerprint", keep="first", maintain_order=True)
    findings = _apply_selection(findings, selected, config.severity)
    return CheckResult(sort_findings(findings), timings)


def _partitions(dataset: Dataset, block: str, count: int) -> Iterable[Dataset]:
    """`dataset` whole, or the `count` partitions of `block` one at a time (a generator: the
    previous partition's frames are freed before the next is cut)."""
    from factlint.partition import block_keys, partition_frames  # it imports this module

    if count == 1 or not block_keys(block):
        yield dataset
        return
    for index in range(count):
        yield Dataset(
            root=dataset.root,
            frames=partition_frames(dataset.frames, block, count, index),
            notes=[],
            missing_tables=dataset.missing_tables,
        )


# What the loader noticed, by note kind, and the diagnostic that reports it.
_NOTE_DIAGNOSTICS: dict[str, Diagnostic] = {
    "bom": BYTE_ORDER_MARK,
    "stray-file": UNLOADED_FILE,
    "no-claims": CHECK_CANNOT_RUN,
}


def _load_findings(dataset: Dataset) -> pl.DataFrame:
    return pl.concat(
        [
            _diagnostic_findings(
                diagnostic,
                [
                    {"message": f"{n.path}: {n.message}", "key": n.path}
                    for n in dataset.notes
                    if n.kind == kind
                ],
            )
            for kind, diagnostic in _NOTE_DIAGNOSTICS.items()
        ]
    )


def _guarded(what: str, produce: Callable[[], pl.DataFrame]) -> pl.DataFrame:
    # A Rust panic inside Polars surfaces as PanicException, a BaseException: it is a crashed
    # check all the same.
    try:
        return produce()
    except (Exception, pl.exceptions.PanicException) as exc:
        return _diagnostic_findings(CHECK_CRASHED, [_crash_record(what, exc)])


def _run_rule(rule: Rule, resolved: ResolvedRule, dataset: Dataset) -> pl.DataFrame:
    absent = [t for t in rule.requires if t in dataset.missing_tables or t not in dataset.frames]
    if absent:
        record = {
            "message": f"{rule.code} {rule.name} cannot run: the dataset has no "
            f"{', '.join(absent)} table",
            "key": f"{rule.code}|{','.join(absent)}",
        }
        return _diagnostic_findings(CHECK_CANNOT_RUN, [record])
    context = RuleContext(dataset=dataset, options=resolved.options)

    def produce() -> pl.DataFrame:
        rows = rule(context)
        return finalize_findings(
            rows, code=rule.code, name=rule.name, severity=resolved.severity, source="rule"
        )

    return _guarded(f"{rule.code} {rule.name}", produce)


def _apply_selection(
    findings: pl.DataFrame, selected: dict[str, ResolvedRule], configured: Mapping[str, str]
) -> pl.DataFrame:
    """Drop findings of unselected codes; apply severities the configuration sets explicitly.

    Without configuration a finding keeps the severity it was made with (an expectation
    may carry its own).
    """
    configured = dict(configured)
    return findings.filter(pl.col("code").is_in(list(selected))).with_columns(
        severity=pl.when(pl.col("code").is_in(list(configured)))
        .then(pl.col("code").replace_strict(configured, default=None, return_dtype=pl.String))
        .otherwise(pl.col("severity"))
    )
