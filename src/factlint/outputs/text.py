"""The terminal format: one line per finding, like a linter, then what the gate decided."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape

from factlint.findings import SEVERITIES, summarize
from factlint.outputs._common import OutputContext, id_text, shown_findings
from factlint.pipeline import RunResult

__all__ = ["render", "summary_line"]

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}
_ARTICLES_SHOWN = 20
_MARKS = {"new": "", "baselined": " [dim](baselined)[/]", "waived": " [dim](waived)[/]"}


def _console(buffer: io.StringIO, context: OutputContext) -> Console:
    return Console(
        file=buffer,
        highlight=False,
        soft_wrap=True,
        force_terminal=context.colour,
        no_color=not context.colour,
        width=10_000,
    )


def render(result: RunResult, context: OutputContext) -> str:
    buffer = io.StringIO()
    console = _console(buffer, context)
    # A line names at most this many articles, and says how many more the finding has.
    for row in shown_findings(result, _ARTICLES_SHOWN).iter_rows(named=True):
        colour = _COLOURS.get(row["severity"], "white")
        where = id_text(row["article_ids"], row["article_ids_total"]) or "dataset"
        console.print(
            f"[{colour}]{escape(row['severity']):<7}[/] [bold]{escape(row['code'])}[/] "
            f"{escape(row['name'])} [dim]{escape(where)}[/]: {escape(row['message'])}"
            f"{_MARKS.get(row['status'] or 'new', '')}"
        )
    for row in result.fixed.iter_rows(named=True):
        console.print(
            f"[green]fixed  [/] [bold]{escape(row['code'] or '')}[/] {escape(row['name'] or '')} "
            f"[dim]{escape(row['fingerprint'])}[/]: {escape(row['message'] or '')}"
        )
    return buffer.getvalue()


def summary_line(
    result: RunResult, context: OutputContext, wrote: list[str], elapsed: float
) -> str:
    """`factlint: N finding(s): … in 1.2s; wrote …` with the gate's counts when they matter."""
    buffer = io.StringIO()
    findings = result.findings
    counts = summarize(findings)
    parts = ", ".join(f"[{_COLOURS[s]}]{counts[s]} {s}[/]" for s in SEVERITIES)
    statuses = dict(findings.group_by("status").len().iter_rows()) if findings.height else {}
    gate = ""
    if result.settings.get("baseline_size") is not None or result.settings.get("waivers"):
        gate = (
            f" ({statuses.get('new', 0)} new, {statuses.get('baselined', 0)} baselined, "
            f"{statuses.get('waived', 0)} waived; {result.fixed.height} fixed)"
        )
    scope = ""
    if result.settings.get("changed_since"):
        reason = result.settings.get("full_run_reason")
        touched = result.settings["scope"]["articles"] if result.settings.get("scope") else 0
        scope = (
            # «\[»: a literal bracket, not Rich markup (which swallowed the whole note).
            f" \\[changed since {escape(result.settings['changed_since'])}: "
            + (f"full run, {escape(reason)}" if reason else f"{touched} article(s) touched")
            + "]"
        )
    wrote_text = f"; wrote {escape(' and '.join(wrote))}" if wrote else ""
    _console(buffer, context).print(
        f"factlint: {findings.height} finding(s): {parts}{gate}{scope} "
        f"in {elapsed:.2f}s{wrote_text}"
    )
    return buffer.getvalue()
