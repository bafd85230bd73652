"""The findings table: one fixed schema for every schema failure, expectation and rule finding."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

import polars as pl

__all__ = [
    "FINDINGS_SCHEMA",
    "ID_LIST_LIMIT",
    "RULE_OUTPUT_SCHEMA",
    "Severity",
    "cap_id_columns",
    "cap_id_lists",
    "cap_parsed_details",
    "capped_details",
    "cut_note",
    "empty_findings",
    "finalize_findings",
    "findings_from_records",
    "summarize",
]


class Severity(StrEnum):
    """How bad a finding is; ordered from most to least severe."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


SEVERITIES: tuple[str, ...] = tuple(s.value for s in Severity)

_IDS = pl.List(pl.String)

# What a rule returns: one row per finding. `key` is the finding's identity in content terms
# (what is wrong, not where it sits in a file); it feeds the fingerprint.
RULE_OUTPUT_SCHEMA: dict[str, pl.DataType] = {
    "message": pl.String(),
    "article_ids": _IDS,
    "claim_ids": _IDS,
    "mention_ids": _IDS,
    "key": pl.String(),
    "details": pl.String(),
}

FINDINGS_SCHEMA: dict[str, pl.DataType] = {
    "code": pl.String(),
    "name": pl.String(),
    "severity": pl.String(),
    "source": pl.String(),
    "message": pl.String(),
    "article_ids": _IDS,
    "claim_ids": _IDS,
    "mention_ids": _IDS,
    "details": pl.String(),
    "fingerprint": pl.String(),
}


def empty_findings() -> pl.DataFrame:
    """An empty findings table with the fixed schema."""
    return pl.DataFrame(schema=FINDINGS_SCHEMA)


def _fingerprint(code: str, key: str) -> str:
    return hashlib.sha256(f"{code}\x1f{key}".encode()).hexdigest()[:20]


def finalize_findings(
    rows: pl.DataFrame | pl.LazyFrame,
    *,
    code: str,
    name: str,
    severity: str,
    source: str,
) -> pl.DataFrame:
    """Turn a rule's output rows into findings-table rows.

    Missing optional columns are filled in; id lists are sorted and de-duplicated so that the
    finding does not depend on row order; the fingerprint hashes the code and the content key
    (falling back to the message and the ids when the rule gives no key); rows that share a
    fingerprint are merged into one finding with all their ids.
    """
    frame = rows.lazy() if isinstance(rows, pl.DataFrame) else rows
    present = frame.collect_schema().names()
    missing = [c for c in ("message",) if c not in present]
    if missing:
        raise ValueError(f"rule output lacks required column(s): {', '.join(missing)}")
    fill = [
        pl.lit(None, dtype=dtype).alias(col)
        for col, dtype in RULE_OUTPUT_SCHEMA.items()
        if col not in present
    ]
    frame = frame.with_columns(fill).select(
        [pl.col(c).cast(t) for c, t in RULE_OUTPUT_SCHEMA.items()]
    )
    ids = ["article_ids", "claim_ids", "mention_ids"]
    frame = frame.with_columns(
        # list.eval(element().sort()), not list.sort(): Polars 2.1's list.sort takes seconds on
        # hundreds of thousands of rows held in one chunk.
        [
            pl.col(c).fill_null(pl.lit([], dtype=_IDS)).list.unique().list.eval(pl.element().sort())
            for c in ids
        ]
    )
    # Polars 2.1's streaming engine panicked on some rule plans: the in-memory engine.
    keyed = frame.collect(engine="in-memory")
    # The message and every id joined stand in for a missing key, built only for the rows
    # that lack one: a coalesce builds it for every row (at ten million claims FL101's 3017
    # rows, all keyed, name 3.5 million claims: +224 MiB and 0.45 CPU s for nothing).
    identity = keyed.get_column("key")
    unkeyed = identity.is_null()
    if unkeyed.any():
        fallback = keyed.filter(unkeyed).select(
            pl.concat_str(
                [pl.col("message")] + [pl.col(c).list.join(",") for c in ids], separator="\x1e"
            )
        )
        identity = identity.clone().scatter(unkeyed.arg_true(), fallback.to_series())
    keyed = keyed.with_columns(
        fingerprint=identity.map_elements(
            lambda key: _fingerprint(code, key), return_dtype=pl.String
        )
    )
    # Rows with one content key are one finding: merge their evidence, and pick the message and
    # details that sort first, so that the result does not depend on row order. A key of one
    # row is its finding as it is (its lists are sorted and unique already): only the rows
    # that share a key are exploded and merged.
    shared = keyed.get_column("fingerprint").is_duplicated()
    alone = keyed.filter(~shared).select(
        "fingerprint", "message", "details", *[pl.col(c).list.drop_nulls() for c in ids]
    )
    merged = (
        keyed.filter(shared)
        .group_by("fingerprint")
        .agg(
            pl.col("message").min(),
            pl.col("details").min(),
            *[pl.col(c).explode().drop_nulls().unique().sort() for c in ids],
        )
    )
    return (
        pl.concat([alone, merged])
        .with_columns(
            *[pl.col(c).cast(_IDS) for c in ids],
            code=pl.lit(code),
            name=pl.lit(name),
            severity=pl.lit(severity),
            source=pl.lit(source),
        )
        .select(list(FINDINGS_SCHEMA))
    )


def findings_from_records(
    records: Iterable[Mapping[str, Any]],
    *,
    code: str,
    name: str,
    severity: str,
    source: str,
) -> pl.DataFrame:
    """Findings from plain dicts (for diagnostics produced outside Polars, e.g. by the loader)."""
    records = list(records)
    if not records:
        return empty_findings()
    frame = pl.DataFrame(
        [{c: r.get(c) for c in RULE_OUTPUT_SCHEMA} for r in records],
        schema=RULE_OUTPUT_SCHEMA,
    )
    return finalize_findings(frame, code=code, name=name, severity=severity, source=source)


def summarize(findings: pl.DataFrame) -> dict[str, int]:
    """Count findings per severity, always with all three keys."""
    counts = dict(findings.group_by("severity").len().iter_rows()) if findings.height else {}
    return {s: int(counts.get(s, 0)) for s in SEVERITIES}


def sort_findings(findings: pl.DataFrame) -> pl.DataFrame:
    """A deterministic order: severity, then code, then fingerprint."""
    rank = pl.col("severity").replace_strict(
        {s.value: -s.rank for s in Severity}, default=0, return_dtype=pl.Int8
    )
    return findings.sort(rank, "code", "fingerprint")


# How many ids of each list a written finding keeps (findings.json, SARIF, the report). A
# finding about an agreement that 100,000 articles report must not make every output 100,000
# ids long; the findings table a library user gets keeps every id.
ID_LIST_LIMIT = 100
_ID_LISTS = ("article_ids", "claim_ids", "mention_ids")


def cap_id_lists(findings: pl.DataFrame, limit: int = ID_LIST_LIMIT) -> pl.DataFrame:
    """The findings as the writers show them: each id list cut to its first `limit` ids, with
    `<list>_total` giving how many it has, and every list in `details` longer than `limit`
    cut the same way, ending in a note of how many more there are.

    Columnar: the id lists are cut by Polars, and only a `details` text long enough to hold a
    list over the limit (at least two characters an item) is parsed, once, in Python.
    """
    capped = cap_id_columns(findings, limit)
    if "details" not in capped.columns or not capped.height:
        return capped
    long_enough = pl.col("details").str.len_bytes() > 2 * limit
    if not capped.select(long_enough.any()).item():
        return capped
    texts = capped.get_column("details")
    flags = capped.select(long_enough.fill_null(False)).to_series()
    cut = [
        _cap_details(text, limit) if flag else text
        for text, flag in zip(texts.to_list(), flags.to_list(), strict=True)
    ]
    return capped.with_columns(pl.Series("details", cut, dtype=pl.String))


def cap_id_columns(findings: pl.DataFrame, limit: int = ID_LIST_LIMIT) -> pl.DataFrame:
    """`cap_id_lists` without touching `details`: the id lists cut to `limit` with their
    `<list>_total`, for a writer that parses the details itself (`capped_details`)."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    present = [c for c in _ID_LISTS if c in findings.columns]
    # A frame built by hand may hold a column of nulls only (dtype Null): typed first.
    untyped = {c: t for c, t in FINDINGS_SCHEMA.items() if findings.schema.get(c) == pl.Null}
    findings = findings.cast(untyped) if untyped else findings
    return findings.with_columns(
        *[pl.col(c).list.len().fill_null(0).cast(pl.Int64).alias(f"{c}_total") for c in present],
        *[pl.col(c).list.head(limit) for c in present],
    )


def capped_details(text: str | None, limit: int | None = ID_LIST_LIMIT) -> Any:
    """One finding's `details` parsed, with every list over `limit` items cut as
    `cap_id_lists` cuts it (`limit=None`: whole): what `json.loads` gives of that function's
    text, without writing the text and parsing it again. None for no details; the text itself
    when it is not JSON.
    """
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return text
    return value if limit is None else cap_parsed_details(value, limit)


def cap_parsed_details(value: Any, limit: int = ID_LIST_LIMIT) -> Any:
    """A parsed `details` value with every list over `limit` items cut (`cap_id_lists`)."""
    return _cap_value(value, limit)[0]


def _cap_details(text: str, limit: int) -> str:
    """`details` with every list over `limit` items cut; the text unchanged when none is (or
    when it is not JSON: it is then shown as the rule wrote it)."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    capped, changed = _cap_value(value, limit)
    return json.dumps(capped, ensure_ascii=False) if changed else text


_CONTAINERS = frozenset((dict, list))


def cut_note(length: int, limit: int) -> str:
    """The item that ends a list of `length` items cut to its first `limit`."""
    return f"… {length - limit:,} more ({length:,} in all)"


def _cap_value(value: object, limit: int) -> tuple[object, bool]:
    """`value` with its lists cut, and whether any was; only containers are walked into (the
    ids that make up most of a finding's details are looked at by type, not one call each)."""
    if isinstance(value, dict):
        if _CONTAINERS.isdisjoint(map(type, value.values())):
            return value, False
        out, changed = dict(value), False
        for key, item in value.items():
            if type(item) in _CONTAINERS:
                out[key], cut = _cap_value(item, limit)
                changed |= cut
        return out, changed
    if isinstance(value, list):
        items = value[:limit]
        changed = len(value) > limit
        if not _CONTAINERS.isdisjoint(map(type, items)):
            walked = [_cap_value(item, limit) for item in items]
            items = [item for item, _ in walked]
            changed |= any(cut for _, cut in walked)
        if len(value) > limit:
            items.append(cut_note(len(value), limit))
        return items, changed
    return value, False
