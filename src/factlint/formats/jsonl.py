"""JSON Lines reader: Arrow's strict JSON parser first, the exact per-line check only where it
or a cheap byte scan points.

Arrow's reader (`pyarrow.json`) is given the table's schema and refuses what a lenient reader
would quietly convert: a number where a string belongs, an object where a list of ids
belongs, a key written twice, an unpaired UTF-16 surrogate, a line that is no object. When it
refuses, the file is read again in chunks of lines and only the lines of a failing chunk get
the exact check (Python's json with a duplicate-key hook), which names the line and the field.
The few things Arrow accepts but the data model does not are found in what it read and
checked the same way: `NaN`, `Infinity` and Arrow's `Inf` land as non-finite values in a float
column (any other column refuses them), and a field may be named like one of the loader's
columns; a byte-order mark in mid-file starts a line that is no object. Nothing here loops
over lines in Python unless a line is suspect.

Nesting is measured before any parser sees a line: Arrow's parser and Python's json recurse
once per level, and a line nested deeply enough crashes the first and exhausts the second.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.json as pa_json

from factlint.errors import InputError
from factlint.formats._common import (
    LoadNote,
    empty,
    read_text_bytes,
    rel,
    reserved_message,
    with_source,
)
from factlint.layout import LOADER_COLUMNS, TableSpec

__all__ = ["JSON_MAX_DEPTH", "read_jsonl"]

# Claims are two levels deep (an object holding lists). Deeper lines are refused before any
# parser sees them.
JSON_MAX_DEPTH = 64
# Lines per chunk when a file is read again to find the lines Arrow refused.
_CHUNK_LINES = 2048


def read_jsonl(path: Path, spec: TableSpec, root: Path, notes: list[LoadNote]) -> pl.DataFrame:
    """One JSON Lines file as a frame of the table's columns (unknown fields after them)."""
    body = read_text_bytes(path, root, notes)
    starts = _line_starts(body)
    numbers, kept, odd = _numbered_lines(body, starts)
    if not numbers:
        return empty(spec)
    if kept is not None:  # blank lines: parse the others, keep their numbers
        body = b"\n".join(_line(body, starts, index) for index in kept)
        starts = _line_starts(body)
    # A line that does not start with `{` may hold no object (Arrow reads `null` as a row).
    for index in odd:
        _diagnose_line(path, numbers[index], _line(body, starts, index), spec)
    for index in _deep_lines(body, starts):
        depth = _json_depth(_line(body, starts, index))
        if depth > JSON_MAX_DEPTH:
            raise InputError(
                path,
                f"JSON nested {depth} levels deep; factlint reads at most {JSON_MAX_DEPTH}",
                numbers[index],
            )
    longest = int(np.diff(starts).max())
    frame = _read_arrow(body, spec, longest)
    if frame is None or frame.height != len(numbers) or _needs_exact_check(frame):
        frame = _read_exactly(path, body, starts, numbers, spec, longest)
    return with_source(frame, rel(root, path), pl.Series(numbers, dtype=pl.Int64))


def _line_starts(body: bytes) -> np.ndarray:
    """The byte offset each line starts at, plus one past the end of the last."""
    newlines = np.flatnonzero(np.frombuffer(body, dtype=np.uint8) == ord("\n"))
    ends = newlines if body.endswith(b"\n") or not body else np.append(newlines, len(body))
    return np.concatenate(([0], ends + 1))


def _numbered_lines(
    body: bytes, starts: np.ndarray
) -> tuple[Sequence[int], list[int] | None, list[int]]:
    """The 1-based numbers of the lines that are not blank (a `range` when every line counts,
    which Polars turns into a column without a Python int per line); their indexes when some
    lines are blank (None when every line counts, so that the bytes can be parsed as they
    are); and, among them, the indexes of those that do not start with `{`.

    A line of JSON Lines starts with `{`: only the lines that do not are looked at here.
    """
    count = len(starts) - 1
    if count == 0:
        return [], None, []
    raw = np.frombuffer(body, dtype=np.uint8)
    firsts = raw[np.minimum(starts[:-1], len(raw) - 1)]
    odd = np.flatnonzero((np.diff(starts) <= 1) | (firsts != ord("{"))).tolist()
    blank = {index for index in odd if not _line(body, starts, index).strip()}
    if not blank:
        return range(1, count + 1), None, odd
    kept = [index for index in range(count) if index not in blank]
    position = {index: n for n, index in enumerate(kept)}
    return [index + 1 for index in kept], kept, [position[i] for i in odd if i not in blank]


def _line(body: bytes, starts: np.ndarray, index: int) -> bytes:
    return body[starts[index] : starts[index + 1]].rstrip(b"\n")


def _deep_lines(body: bytes, starts: np.ndarray) -> list[int]:
    """Indexes of lines with more opening brackets than the depth limit (a superset of the
    lines nested too deeply: brackets in strings count here too)."""
    raw = np.frombuffer(body, dtype=np.uint8)
    # `[` and `{` are the only bytes that are `{` with the 0x20 bit set: one test for both.
    opens = np.flatnonzero((raw | 0x20) == ord("{"))
    if len(opens) <= JSON_MAX_DEPTH:
        return []
    # A line holding more than the limit has two opens the limit apart closer than the longest
    # line: usually none do, and no open needs its line looked up.
    reach = opens[JSON_MAX_DEPTH:] - opens[:-JSON_MAX_DEPTH]
    if not (reach < int(np.diff(starts).max())).any():
        return []
    per_line = np.bincount(np.searchsorted(starts, opens, side="right") - 1)
    return np.flatnonzero(per_line > JSON_MAX_DEPTH).tolist()


_JSON_STRING_BYTES = re.compile(rb'"(?:[^"\\]++|\\.?)*+(?:"|\Z)', re.DOTALL)


def _json_depth(line: bytes) -> int:
    """How deeply a JSON line nests arrays and objects, without parsing it (linear time)."""
    bare = np.frombuffer(_JSON_STRING_BYTES.sub(b'""', line), dtype=np.uint8)
    steps = np.zeros(bare.shape, dtype=np.int64)
    steps[(bare == ord("[")) | (bare == ord("{"))] = 1
    steps[(bare == ord("]")) | (bare == ord("}"))] = -1
    return int(np.cumsum(steps).max(initial=0))


_ARROW_TYPES = {
    "String": pa.string(),
    "Int64": pa.int64(),
    "Float64": pa.float64(),
    "Boolean": pa.bool_(),
    "List(String)": pa.list_(pa.string()),
}


def _arrow_schema(spec: TableSpec) -> pa.Schema:
    return pa.schema([(name, _ARROW_TYPES[str(dtype)]) for name, dtype in spec.columns.items()])


def _parse(body: bytes, spec: TableSpec, longest: int) -> pa.Table:
    """Arrow's reader with the table's schema; unknown fields get the types Arrow infers.

    Arrow splits the bytes into blocks and refuses a line longer than a block: blocks hold the
    longest line.
    """
    options = pa_json.ParseOptions(
        explicit_schema=_arrow_schema(spec), unexpected_field_behavior="infer"
    )
    blocks = pa_json.ReadOptions(block_size=max(1 << 20, longest + 2))
    return pa_json.read_json(pa.BufferReader(body), read_options=blocks, parse_options=options)


def _read_arrow(body: bytes, spec: TableSpec, longest: int) -> pl.DataFrame | None:
    """The file read by Arrow with the table's schema; None when Arrow refuses it."""
    try:
        frame = _to_polars(_parse(body, spec, longest))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pl.exceptions.PolarsError):
        return None
    known = [frame.get_column(name).cast(dtype) for name, dtype in spec.columns.items()]
    extras = [frame.get_column(c) for c in frame.columns if c not in spec.columns]
    return pl.DataFrame(known + extras)


def _to_polars(table: pa.Table) -> pl.DataFrame:
    """Arrow's table as a Polars frame; a `PolarsError` for the column types Polars cannot
    take from Arrow's JSON reader (a list of nulls in an unknown field), which sends the file
    to the exact reader."""
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame


def _needs_exact_check(frame: pl.DataFrame) -> bool:
    """What Arrow reads without a word but the data model refuses: a non-finite number (the
    constants `NaN`, `Infinity`, `Inf`, which JSON does not have, in any field, or a number
    too large for a 64-bit float), a field named like a loader's column."""
    if any(name in frame.columns for name in LOADER_COLUMNS):
        return True
    return any(_has_non_finite(column) for column in frame.iter_columns())


def _has_non_finite(values: pl.Series) -> bool:
    """Whether a NaN or an infinity is anywhere in `values`, in lists and objects too."""
    dtype = values.dtype
    if dtype.is_float():
        return not values.is_finite().all()
    if isinstance(dtype, pl.List | pl.Array):
        return _has_non_finite(values.explode()) if _holds_floats(dtype) else False
    if isinstance(dtype, pl.Struct):
        return any(_has_non_finite(values.struct.field(f.name)) for f in dtype.fields)
    return False


def _holds_floats(dtype: pl.DataType) -> bool:
    if dtype.is_float():
        return True
    if isinstance(dtype, pl.List | pl.Array):
        return _holds_floats(dtype.inner)
    if isinstance(dtype, pl.Struct):
        return any(_holds_floats(f.dtype) for f in dtype.fields)
    return False


def _read_exactly(
    path: Path,
    body: bytes,
    starts: np.ndarray,
    numbers: Sequence[int],
    spec: TableSpec,
    longest: int,
) -> pl.DataFrame:
    """A file Arrow refused: find the line it refused and name it; when every line is right
    (an unknown field with values of several types, which one Arrow column cannot hold), read
    each line with the json module."""
    for first in range(0, len(numbers), _CHUNK_LINES):
        last = min(first + _CHUNK_LINES, len(numbers))
        chunk = body[starts[first] : starts[last]]
        try:
            read = _to_polars(_parse(chunk, spec, longest))
            failed = read.height != last - first or _needs_exact_check(read)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pl.exceptions.PolarsError):
            failed = True
        if failed:
            for index in range(first, last):
                _diagnose_line(path, numbers[index], _line(body, starts, index), spec)
    records = [
        _diagnose_line(path, numbers[index], _line(body, starts, index), spec)
        for index in range(len(numbers))
    ]
    return _frame_from_records(records, spec)


def _frame_from_records(records: list[dict[str, Any]], spec: TableSpec) -> pl.DataFrame:
    """A frame of checked JSON records: known fields typed, unknown ones as their JSON text."""
    columns = [
        pl.Series(name, [r.get(name) for r in records], dtype=dtype, strict=True)
        for name, dtype in spec.columns.items()
    ]
    extras = dict.fromkeys(k for r in records for k in r if k not in spec.columns)
    for name in extras:
        values = [
            None if r.get(name) is None else json.dumps(r[name], ensure_ascii=False)
            for r in records
        ]
        columns.append(pl.Series(name, values, dtype=pl.String))
    return pl.DataFrame(columns)


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "String": (str,),
    "Int64": (int,),
    "Float64": (int, float),
    "Boolean": (bool,),
}


def _json_type_name(value: object) -> str:
    if value is None:
        return "null"
    return {
        str: "a string",
        int: "an integer",
        float: "a number",
        bool: "a boolean",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def _expected_name(dtype: pl.DataType) -> str:
    if isinstance(dtype, pl.List):
        return "a list of strings"
    return {"String": "a string", "Int64": "an integer", "Float64": "a number"}.get(
        str(dtype), "a boolean"
    )


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not valid JSON")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object's keys, refusing a repeated one: readers disagree on which value wins."""
    record: dict[str, Any] = {}
    for key, value in pairs:
        if key in record:
            raise ValueError(f"key {key!r} appears twice in one object")
        record[key] = value
    return record


def _is_unicode(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _diagnose_line(path: Path, line_no: int, line: bytes, spec: TableSpec) -> dict[str, Any]:
    """The record on this line; an InputError if it is malformed or a field is mistyped."""
    # Decoded here, not by json: given bytes, json drops a byte-order mark without a word.
    text = line.decode("utf-8")
    if text.lstrip(" \t\r").startswith("\ufeff"):
        raise InputError(
            path, "a UTF-8 byte-order mark in the middle of the file, before this line", line_no
        )
    depth = _json_depth(line)
    if depth > JSON_MAX_DEPTH:
        raise InputError(
            path,
            f"JSON nested {depth} levels deep; factlint reads at most {JSON_MAX_DEPTH}",
            line_no,
        )
    try:
        record = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"malformed JSON: {exc.msg} (column {exc.colno})", line_no) from None
    except ValueError as exc:
        raise InputError(path, f"malformed JSON: {exc}", line_no) from None
    if not isinstance(record, dict):
        raise InputError(path, f"expected a JSON object, got {_json_type_name(record)}", line_no)
    for name, value in record.items():
        if name in LOADER_COLUMNS:
            raise InputError(path, f"field {reserved_message(name)}", line_no)
        if not _is_unicode(name):
            raise InputError(
                path, f"a field name holds an unpaired UTF-16 surrogate: {name!a}", line_no
            )
        dtype = spec.columns.get(name)
        if dtype is None or value is None:
            continue
        _check_value(path, line_no, name, value, dtype)
    return record


def _check_value(path: Path, line_no: int, name: str, value: Any, dtype: pl.DataType) -> None:
    """A known field's value has its type and fits it."""
    if isinstance(dtype, pl.List):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    else:
        types = _JSON_TYPES[str(dtype)]
        ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
    if ok and type(value) is int and not -(2**63) <= value < 2**63:
        raise InputError(
            path,
            f"field {name!r} is out of range: {_clip_number(value)} does not fit in "
            "64 bits (from -9223372036854775808 to 9223372036854775807)",
            line_no,
        )
    if ok and isinstance(value, float) and not math.isfinite(value):
        raise InputError(
            path,
            f"field {name!r} is out of range: the number is too large for a 64-bit float",
            line_no,
        )
    items = value if isinstance(value, list) else [value]
    if ok and isinstance(value, str | list) and not all(_is_unicode(v) for v in items):
        raise InputError(path, f"field {name!r} holds an unpaired UTF-16 surrogate", line_no)
    if not ok:
        raise InputError(
            path,
            f"field {name!r} must be {_expected_name(dtype)}, "
            f"got {_json_type_name(value)}: {json.dumps(value, ensure_ascii=False)[:60]}",
            line_no,
        )


def _clip_number(value: int) -> str:
    text = str(value)
    return text if len(text) <= 40 else f"{text[:20]}…({len(text)} digits)"
