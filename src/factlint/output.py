"""Writing a run's results: `findings.json` and `report.html`, atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import polars as pl

from factlint.atomic import write_text_atomic
from factlint.errors import ConfigError, display_path, is_utf8_path
from factlint.findings import summarize

__all__ = ["check_output_folder", "findings_document", "write_findings_json"]


def check_output_folder(folder: Path) -> None:
    """Refuse, before any work, an output folder whose name the run could not print."""
    if not is_utf8_path(folder):
        raise ConfigError(
            f"--output {display_path(folder)}: the name is not valid UTF-8, so the summary "
            "could not name it; choose another folder"
        )


def findings_document(findings: pl.DataFrame, *, dataset: str, version: str) -> dict[str, Any]:
    """The `findings.json` document: version, dataset, per-severity summary and the findings."""
    rows = []
    for row in findings.iter_rows(named=True):
        details = row.pop("details")
        row["details"] = json.loads(details) if details else None
        rows.append(row)
    return {
        "factlint_version": version,
        "dataset": dataset,
        "summary": summarize(findings),
        "findings": rows,
    }


def write_findings_json(path: Path, document: dict[str, Any]) -> None:
    write_text_atomic(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
