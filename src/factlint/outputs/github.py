"""GitHub Actions workflow commands: one annotation per new finding, on its dataset line.

`::error file=datasets/claims/x.claims.jsonl,line=3,col=1,title=FL101 …::message`. Baselined
and waived findings are not annotated (they are not what the change introduced). Values are
escaped as the runner expects (`%`, CR, LF; `:` and `,` in properties) so a message cannot end
the command early or start another.
"""

from __future__ import annotations

from factlint.outputs._common import OutputContext, locations, shown_findings
from factlint.pipeline import RunResult

__all__ = ["render"]

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: RunResult, context: OutputContext) -> str:
    findings = shown_findings(result)
    index = locations(result, context, findings)
    lines = []
    for row in findings.iter_rows(named=True):
        if row["status"] != "new":
            continue
        where = index.of(row["claim_ids"], row["mention_ids"], row["article_ids"])
        props = []
        if where:
            props += [
                f"file={_property(where[0].uri)}",
                f"line={where[0].line}",
                f"col={where[0].column}",
            ]
        title = f"{row['code']} {row['name']}"
        props.append(f"title={_property(title)}")
        command = _COMMANDS.get(row["severity"], "warning")
        lines.append(f"::{command} {','.join(props)}::{_data(row['message'] or '')}")
    return "\n".join(lines) + ("\n" if lines else "")
