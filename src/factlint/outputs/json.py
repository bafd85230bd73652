"""`findings.json`: the findings table as one JSON document (what scripts and CI read)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from factlint.atomic import write_text_atomic
from factlint.findings import ID_LIST_LIMIT, summarize
from factlint.outputs._common import OutputContext
from factlint.pipeline import RunResult, findings_records

__all__ = ["document", "render", "write"]


def document(result: RunResult, context: OutputContext) -> dict[str, Any]:
    """Version, dataset, per-severity summary, the gate's counts, the findings and the fixed.

    Each finding has `code`, `name`, `severity`, `source`, `message`, `article_ids`,
    `claim_ids`, `mention_ids`, `details`, `fingerprint`, `status` (`new`, `baselined`,
    `waived`), `waiver` (the reason, for a waived one) and `article_ids_total`,
    `claim_ids_total`, `mention_ids_total`: an id list holds at most `id_list_limit` ids (the
    first in sorted order) and its total says how many the finding has; a list in `details`
    over the limit ends in a note of how many more it has. The findings table of the API
    (`RunResult.findings`) keeps every id.
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
        "id_list_limit": ID_LIST_LIMIT,
        "findings": findings_records(findings, ID_LIST_LIMIT),
        "fixed": result.fixed.to_dicts(),
    }


def render(result: RunResult, context: OutputContext) -> str:
    return json.dumps(document(result, context), ensure_ascii=False, indent=2) + "\n"


def write(path: Path, result: RunResult, context: OutputContext) -> None:
    write_text_atomic(path, render(result, context))
