"""`findings.json`: the findings table as one JSON document (what scripts and CI read)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

from factlint.atomic import write_text_atomic
from factlint.findings import ID_LIST_LIMIT, summarize
from factlint.outputs._common import OutputContext
from factlint.pipeline import RunResult, findings_records

__all__ = ["document", "dumps", "render", "write"]


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
    # The document's objects are let go once they are text, before the text is joined, and
    # the final newline is one more part rather than a copy of the whole text (at ten
    # million claims the document is 26,000 findings with their details).
    parts = _parts(document(result, context))
    parts.append("\n")
    return "".join(parts)


def write(path: Path, result: RunResult, context: OutputContext) -> None:
    write_text_atomic(path, render(result, context))


# --- Indented JSON at the C encoder's speed ----------------------------------------------------
#
# `json.dumps(indent=2)` runs the pure-Python encoder: one generator step per value, 12 s for
# the 7 million ids in the details of 22,000 findings at 10M claims. The C encoder takes any
# separators, and a list or object whose items hold no list or object is, indented, the compact
# text with ",\n" plus the indentation between its items; so only the containers that hold
# containers are walked in Python, and the text is the same, byte for byte.

_SCALARS = frozenset((str, int, float, bool, type(None)))
_Encoder = Callable[[Any, int], list[str]]


class _Unusual(Exception):
    """A value the fast path does not take (a subclass, a tuple, a key that is no string)."""


def dumps(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`, the same text, faster."""
    return "".join(_parts(value))


def _parts(value: Any) -> list[str]:
    """`dumps` of `value` as pieces of text: a value nothing else holds is freed when this
    returns, before the pieces are joined."""
    if c_make_encoder is None:  # no C accelerator in this Python: the stdlib's own path
        return [json.dumps(value, ensure_ascii=False, indent=2)]
    try:
        parts: list[str] = []
        _write(value, 0, parts)
    except _Unusual:
        return [json.dumps(value, ensure_ascii=False, indent=2)]
    return parts


def _unusual(value: Any) -> Any:
    raise _Unusual


@cache
def _flat(level: int) -> _Encoder:
    """The C encoder writing the items of a flat container at nesting `level` (made once:
    `json.JSONEncoder.encode` builds a new one at every call)."""
    separator = ",\n" + "  " * level
    return c_make_encoder(
        None, _unusual, encode_basestring, None, ": ", separator, False, False, True
    )


def _write(value: Any, level: int, parts: list[str]) -> None:
    kind = type(value)
    if kind is str:
        parts.append(encode_basestring(value))
        return
    if kind in _SCALARS:
        parts.append("".join(_flat(0)(value, 0)))
        return
    if kind is list:
        items = value
    elif kind is dict:
        items = value.values()
        if not {str}.issuperset(map(type, value)):
            raise _Unusual
    else:
        raise _Unusual
    if not value:
        parts.append("[]" if kind is list else "{}")
        return
    inner = "\n" + "  " * (level + 1)
    outer = "\n" + "  " * level
    flat = _flat(level + 1)
    if _SCALARS.issuperset(map(type, items)):
        text = "".join(flat(value, 0))
        parts.append(f"{text[0]}{inner}{text[1:-1]}{outer}{text[-1]}")
        return
    parts.append("[" if kind is list else "{")
    first = True
    # Runs of scalar items are written by one C call each (a finding's fields between its
    # lists), the containers among them by this function.
    run: list[Any] = []
    for entry in value if kind is list else value.items():
        item = entry if kind is list else entry[1]
        if type(item) in _SCALARS:
            run.append(entry)
            continue
        if run:
            parts.append((inner if first else "," + inner) + _items(flat, kind, run))
            first, run = False, []
        parts.append(inner if first else "," + inner)
        first = False
        if kind is dict:
            parts.append(encode_basestring(entry[0]) + ": ")
        _write(item, level + 1, parts)
    if run:
        parts.append((inner if first else "," + inner) + _items(flat, kind, run))
    parts.append(outer + ("]" if kind is list else "}"))


def _items(flat: _Encoder, kind: type, run: list[Any]) -> str:
    """The items of `run` (values, or key and value pairs) as the indented text has them."""
    return "".join(flat(run if kind is list else dict(run), 0))[1:-1]
