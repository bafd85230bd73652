"""SARIF 2.1.0: findings with locations in the dataset files, for code-review tools.

Each result points at the row it is about: the claim's line in its `.claims.jsonl` file, else
the mention's, else the article's row in `articles.csv` (column 1: a JSON Lines row starts
there). Fingerprints go into `partialFingerprints`, so a review tool tracks a finding across
runs as the baseline does; baselined findings are `unchanged`, waived ones carry an external
suppression with the waiver's reason.
"""

from __future__ import annotations

import json
from typing import Any

from factlint.findings import ID_LIST_LIMIT
from factlint.outputs._common import OutputContext, locations, shown_findings
from factlint.pipeline import RunResult

__all__ = ["SARIF_SCHEMA_URI", "document", "render"]

SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
_STATES = {"new": "new", "baselined": "unchanged", "waived": "unchanged"}
_MAX_RELATED = 20


def _region(where: Any) -> dict[str, Any]:
    return {"startLine": where.line, "startColumn": where.column}


def document(result: RunResult, context: OutputContext) -> dict[str, Any]:
    findings = shown_findings(result)
    index = locations(result, context, findings)
    rules = list(result.catalogue)
    rule_index = {r.code: i for i, r in enumerate(rules)}
    results = []
    for row in findings.iter_rows(named=True):
        found = index.of(row["claim_ids"], row["mention_ids"], row["article_ids"])
        entry: dict[str, Any] = {
            "ruleId": row["code"],
            "level": _LEVELS.get(row["severity"], "warning"),
            "message": {"text": row["message"] or row["name"] or row["code"]},
            "partialFingerprints": {"factlint/v1": row["fingerprint"]},
            "properties": {
                "name": row["name"],
                "severity": row["severity"],
                "source": row["source"],
                "article_ids": row["article_ids"],
                "claim_ids": row["claim_ids"],
                "mention_ids": row["mention_ids"],
                # The lists hold at most ID_LIST_LIMIT ids; these say how many there are.
                "article_ids_total": row["article_ids_total"],
                "claim_ids_total": row["claim_ids_total"],
                "mention_ids_total": row["mention_ids_total"],
                "status": row["status"],
            },
        }
        if row["code"] in rule_index:
            entry["ruleIndex"] = rule_index[row["code"]]
        if result.settings.get("baseline_size") is not None:
            entry["baselineState"] = _STATES.get(row["status"], "new")
        if row["status"] == "waived":
            entry["suppressions"] = [{"kind": "external", "justification": row["waiver"] or ""}]
        if found:
            entry["locations"] = [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": found[0].uri},
                        "region": _region(found[0]),
                    }
                }
            ]
            related = [
                {
                    "id": n,
                    "physicalLocation": {
                        "artifactLocation": {"uri": where.uri},
                        "region": _region(where),
                    },
                    "message": {"text": where.what},
                }
                for n, where in enumerate(found[1 : _MAX_RELATED + 1], start=1)
            ]
            if related:
                entry["relatedLocations"] = related
        results.append(entry)
    for row in result.fixed.iter_rows(named=True):
        results.append(
            {
                "ruleId": row["code"] or "FL000",
                "level": "none",
                "kind": "pass",
                "message": {"text": f"fixed since the baseline: {row['message'] or ''}"},
                "partialFingerprints": {"factlint/v1": row["fingerprint"]},
                "baselineState": "absent",
            }
        )
    return {
        "$schema": SARIF_SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "factlint",
                        "version": context.version,
                        "rules": [
                            {
                                "id": r.code,
                                "name": r.name,
                                "shortDescription": {"text": r.summary or r.name},
                                "fullDescription": {"text": r.doc or r.summary or r.name},
                                "help": {"text": r.doc or r.summary or r.name},
                                "defaultConfiguration": {
                                    "level": _LEVELS.get(r.severity, "warning"),
                                    "enabled": r.selected,
                                },
                                "properties": {"block": r.block, "source": r.source},
                            }
                            for r in rules
                        ],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": True,
                        "endTimeUtc": context.generated_at.replace("+00:00", "Z"),
                    }
                ],
                "results": results,
                "properties": {
                    "facts": result.facts.as_dict(),
                    "id_list_limit": ID_LIST_LIMIT,
                },
            }
        ],
    }


def render(result: RunResult, context: OutputContext) -> str:
    return json.dumps(document(result, context), ensure_ascii=False, indent=1) + "\n"
