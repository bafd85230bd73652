"""`findings.json`: the findings table as one JSON document (what scripts and CI read)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from factlint.atomic import write_text_atomic
from factlint.findings import summarize
from factlint.outputs._common import OutputContext
from factlint.pipeline import RunResult, findings_records

__all__ = ["document", "render", "write"]


def document(result: RunResult, context: OutputContext) -> dict[str, Any]:
    """Version, dataset, per-severity summary, the gate's counts, the findings and the fixed.

    Each finding has `code`, `name`, `severity`, `source`, `message`, `article_ids`,
    `claim_ids`, `mention_ids`, `details`, `fingerprint`, `status` (`new`, `baselined`,
    `waived`) and `waiver` (the reason, for a waived one).
    """
    findings = result.findings
    statuses = dict(findings.group_by("status").len().iter_rows()) if findings.height else {}
    return {
        "factlint_version": context.version,
        "dataset": result.settings.get("datasets"),
        "summary": summarize(findings),
        "gate": {
            "fail_on": context.fail_on,
            "new": int(statuses.get("new", 0)),
            "baselined": int(statuses.get("baselined", 0)),
            "waived": int(statuses.get("waived", 0)),
            "fixed": result.fixed.height,
        },
        "facts": result.facts.as_dict(),
        "settings": result.settings,
        "findings": findings_records(findings),
        "fixed": result.fixed.to_dicts(),
    }


def render(result: RunResult, context: OutputContext) -> str:
    return json.dumps(document(result, context), ensure_ascii=False, indent=2) + "\n"


def write(path: Path, result: RunResult, context: OutputContext) -> None:
    write_text_atomic(path, render(result, context))
