"""JUnit XML: one test case per rule; each new finding that reaches `--fail-on` is a failure.

CI systems that read JUnit show a rule as a failing test with its findings listed. Baselined
and waived findings, and those below `--fail-on`, are in the test case's `system-out`, not
failures: the report fails where the gate fails. Rules this run did not select are skipped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from typing import Any

from factlint.outputs._common import OutputContext, id_text, locations, reaches, shown_findings
from factlint.pipeline import RunResult

__all__ = ["render"]

# XML 1.0 forbids most control characters even escaped; a finding's message may hold any.
_FORBIDDEN = {c: "\ufffd" for c in range(0x20) if c not in (0x9, 0xA, 0xD)} | {
    0xFFFE: "\ufffd",
    0xFFFF: "\ufffd",
}


def _clean(text: str) -> str:
    cleaned = text.translate(_FORBIDDEN)
    # Lone surrogates cannot be encoded either.
    return cleaned.encode("utf-8", "replace").decode("utf-8")


def render(result: RunResult, context: OutputContext) -> str:
    findings = shown_findings(result)
    index = locations(result, context, findings)
    by_code: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in findings.iter_rows(named=True):
        by_code[row["code"]].append(row)
    codes = {r.code: r for r in result.catalogue}
    root = ET.Element("testsuites", name="factlint")
    suite = ET.SubElement(root, "testsuite", name="factlint", timestamp=context.generated_at[:19])
    tests = failures = skipped = 0
    for code in sorted(codes.keys() | by_code.keys()):
        info = codes.get(code)
        name = info.name if info else (by_code[code][0]["name"] or "")
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"factlint.{info.source if info else 'rule'}",
            name=_clean(f"{code} {name}"),
            time="0",
        )
        tests += 1
        rows = by_code.get(code, [])
        failing = [
            r for r in rows if r["status"] == "new" and reaches(r["severity"], context.fail_on)
        ]
        other = [r for r in rows if r not in failing]
        for row in failing:
            where = index.of(row["claim_ids"], row["mention_ids"], row["article_ids"])
            at = (
                f"{where[0].uri}:{where[0].line}"
                if where
                else id_text(row["article_ids"], row["article_ids_total"])
            )
            failure = ET.SubElement(
                case,
                "failure",
                message=_clean(row["message"] or ""),
                type=_clean(row["severity"] or ""),
            )
            failure.text = _clean(
                f"{row['severity']} {code} {name} at {at or 'dataset'}\n"
                f"{row['message']}\nfingerprint: {row['fingerprint']}"
            )
        if failing:
            failures += 1
        elif info is not None and not info.selected and not rows:
            ET.SubElement(case, "skipped", message="not selected in [tool.factlint]")
            skipped += 1
        if other:
            out = ET.SubElement(case, "system-out")
            out.text = _clean(
                "\n".join(
                    f"{r['severity']} ({r['status']}) {r['fingerprint']}: {r['message']}"
                    for r in other
                )
            )
    for element in (root, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", "0")
        element.set("skipped", str(skipped))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"
