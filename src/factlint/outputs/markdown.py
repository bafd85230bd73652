"""GitHub step-summary Markdown: what the gate decided, per rule, and the new findings."""

from __future__ import annotations

import html

import polars as pl

from factlint.findings import SEVERITIES, summarize
from factlint.outputs._common import OutputContext, locations, reaches, shown_findings
from factlint.pipeline import RunResult

__all__ = ["render"]

_MAX_LISTED = 50
_GLYPHS = {"error": "✖", "warning": "▲", "info": "ℹ"}


def _cell(text: str, limit: int = 300) -> str:
    """Inline Markdown from data: HTML-escaped (GitHub renders HTML in summaries), pipes and
    newlines neutralised, backticks and emphasis characters escaped."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    text = html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ").replace("\r", "")
    for char in "`*_[]":
        text = text.replace(char, "\\" + char)
    return text


def render(result: RunResult, context: OutputContext) -> str:
    findings = result.findings
    counts = summarize(findings)
    new = findings.filter(findings["status"] == "new") if findings.height else findings
    failing = [s for s in new.get_column("severity").to_list() if reaches(s, context.fail_on)]
    verdict = "❌ fails" if failing else "✅ passes"
    out = [
        f"## factlint: the gate {verdict} (fail on {context.fail_on})",
        "",
        f"{findings.height} finding(s): "
        + ", ".join(f"{_GLYPHS[s]} {counts[s]} {s}" for s in SEVERITIES)
        + f". New: **{new.height}**"
        + (
            f", baselined: {findings.filter(findings['status'] == 'baselined').height}, "
            f"waived: {findings.filter(findings['status'] == 'waived').height}, "
            f"fixed since the baseline: {result.fixed.height}"
            if findings.height or result.fixed.height
            else ""
        )
        + ".",
        "",
    ]
    if result.settings.get("changed_since"):
        scope = result.settings.get("scope") or {}
        out += [
            f"Changed since `{_cell(result.settings['changed_since'])}`: "
            + (
                f"full run ({_cell(result.settings['full_run_reason'])})"
                if result.settings.get("full_run_reason")
                else f"{scope.get('articles', 0)} article(s) touched, "
                f"{scope.get('events', 0)} event block(s), {scope.get('entities', 0)} "
                f"entit(ies), {scope.get('agreements', 0)} agreement(s) checked"
            ),
            "",
        ]
    names = {r.code: r.name for r in result.catalogue}
    per_rule: dict[str, dict[str, int]] = {}
    for code, status in findings.select("code", "status").iter_rows():
        entry = per_rule.setdefault(code, {"new": 0, "baselined": 0, "waived": 0})
        entry[status] = entry.get(status, 0) + 1
    if per_rule:
        out += ["| rule | new | baselined | waived |", "| --- | ---: | ---: | ---: |"]
        for code in sorted(per_rule):
            c = per_rule[code]
            out.append(
                f"| {_cell(code)} {_cell(names.get(code, ''))} | {c['new']} | "
                f"{c['baselined']} | {c['waived']} |"
            )
        out.append("")
    if new.height:
        listed = shown_findings(result).filter(pl.col("status") == "new").head(_MAX_LISTED)
        index = locations(result, context, listed)
        out += [f"### New findings ({new.height})", ""]
        for row in listed.iter_rows(named=True):
            where = index.of(row["claim_ids"], row["mention_ids"], row["article_ids"])
            at = f"`{_cell(where[0].uri)}:{where[0].line}`" if where else "dataset"
            out.append(
                f"- {_GLYPHS.get(row['severity'], '●')} **{_cell(row['code'])}** "
                f"{_cell(row['name'] or '')} at {at}: {_cell(row['message'] or '')}"
            )
        if new.height > _MAX_LISTED:
            out.append(f"- … and {new.height - _MAX_LISTED} more in findings.json and the report")
        out.append("")
    if result.fixed.height:
        out += [f"### Fixed since the baseline ({result.fixed.height})", ""]
        for row in list(result.fixed.iter_rows(named=True))[:_MAX_LISTED]:
            out.append(f"- {_cell(row['code'] or '')}: {_cell(row['message'] or '')}")
        out.append("")
    return "\n".join(out)
