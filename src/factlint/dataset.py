"""Loading a dataset folder into Polars frames.

The loader only refuses input it cannot read at all (not UTF-8, malformed CSV or JSON, a value
of the wrong JSON type, JSON nested too deeply, no articles, a pipe, device or link where a
data file belongs): that is an `InputError` naming the file and line. Anything it can read but
that is wrong (a missing field, an unknown column, an id that would escape the folder, a
missing article file) is loaded as it is and left for the checks to report.

Nothing here may hang or recurse without bound: every file is checked to be a regular file
before it is opened (`factlint.files`), symbolic links to files are never followed (folders
may be links), and JSON nesting is measured before any parser sees a line.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import math
import os
import re
import stat
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

import polars as pl

from factlint.errors import InputError, is_utf8_path
from factlint.files import SpecialFileError, file_kind, read_regular_file
from factlint.layout import ARTICLE_EXTRA_COLUMNS, CSV_TABLES, JSONL_TABLES, TableSpec

__all__ = ["ARTICLE_ID_PATTERN", "JSON_MAX_DEPTH", "Dataset", "LoadNote", "load_dataset"]

ARTICLE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
# Claims are two levels deep (an object holding lists). Python's json and Polars both recurse
# per level, and Polars' type inference slows down sharply past a few dozen levels, so deeper
# lines are refused before either parser sees them.
JSON_MAX_DEPTH = 64
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class LoadNote:
    """Something the loader noticed that is worth a finding but did not stop it."""

    kind: str  # "bom", "missing-table", "stray-file"
    path: str
    message: str


@dataclass
class Dataset:
    """A loaded dataset: one Polars frame per table, plus what the loader noticed."""

    root: Path
    frames: dict[str, pl.DataFrame]
    notes: list[LoadNote] = field(default_factory=list)
    missing_tables: frozenset[str] = frozenset()

    def frame(self, name: str) -> pl.DataFrame:
        return self.frames[name]

    def lazy(self, name: str) -> pl.LazyFrame:
        return self.frames[name].lazy()


def load_dataset(root: Path | str) -> Dataset:
    """Read every table of the dataset at `root`."""
    root = Path(root)
    if not is_utf8_path(root):
        raise InputError(root, _NOT_UTF8_NAME)
    _folder(root, "", required=True)
    notes: list[LoadNote] = []
    frames: dict[str, pl.DataFrame] = {}
    missing: set[str] = set()
    for spec in CSV_TABLES:
        path = root / spec.path
        if _exists(path) is None:
            if spec.name == "articles":
                raise InputError(path, "no articles.csv: this is not a factlint dataset folder")
            missing.add(spec.name)
            notes.append(LoadNote("missing-table", _rel(root, path), "reference table is missing"))
            frames[spec.name] = _with_no_source(_empty(spec))
            continue
        frames[spec.name] = _read_csv(path, spec, root, notes)
    if frames["articles"].height == 0:
        raise InputError(root / "articles.csv", "the dataset has no articles", line=1)
    for spec in JSONL_TABLES:
        folder = spec.path.split("/", 1)[0]
        if _folder(root, folder) is None:
            missing.add(spec.name)
            message = f"folder {folder}/ is missing: no {spec.name} were loaded"
            notes.append(LoadNote("missing-table", f"{folder}/", message))
        frames[spec.name] = _read_jsonl_tables(root, spec, notes)
    frames["articles"] = _attach_article_texts(root, frames["articles"], notes)
    _note_stray_files(root, notes)
    return Dataset(root=root, frames=frames, notes=notes, missing_tables=frozenset(missing))


_NOT_UTF8_NAME = (
    "the name is not valid UTF-8: findings.json and the report are UTF-8 and could not name "
    "it (rename it)"
)


def _exists(path: Path) -> os.stat_result | None:
    """`lstat` of `path`, None when nothing is there; any other failure names the path."""
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror}") from None


def _folder(root: Path, name: str, *, required: bool = False) -> Path | None:
    """`root/name` if it is a folder (a link to one is fine), None if there is nothing there.

    Anything else there (a file, a link loop, a dangling link, no permission) is an input error
    that names it: silently treating it as absent would check nothing.
    """
    path = root / name if name else root
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if required:
            raise InputError(path, "dataset folder does not exist or is not a folder") from None
        if os.path.lexists(path):
            raise InputError(path, "is a symbolic link to something that does not exist") from None
        return None
    except OSError as exc:
        problem = "a symbolic link loop" if exc.errno == errno.ELOOP else exc.strerror
        raise InputError(path, f"cannot be read as a folder: {problem}") from None
    if not stat.S_ISDIR(mode):
        kind = file_kind(mode) or "a regular file"
        what = "dataset folder" if required else "expected a folder"
        raise InputError(path, f"{what}, but it is {kind}")
    return path


def _listing(folder: Path) -> list[Path]:
    """The entries of `folder` that are not hidden, in name order.

    Hidden names are an editor's or a tool's (`.seed-000.claims.jsonl~`, the lock link
    `.#seed-000.claims.jsonl`), never data. A name that is not UTF-8 could not be reported.
    """
    try:
        names = sorted(entry.name for entry in os.scandir(folder))
    except OSError as exc:
        raise InputError(folder, f"cannot list the folder: {exc.strerror}") from None
    paths = []
    for name in names:
        if name.startswith("."):
            continue
        if not is_utf8_path(name):
            raise InputError(folder / name, _NOT_UTF8_NAME)
        paths.append(folder / name)
    return paths


def _rel(root: Path, path: Path) -> str:
    """A path as the dataset knows it (`claims/seed-001.claims.jsonl`), whatever the dataset
    folder is called or how it was spelled on the command line: findings about files keep
    their fingerprints when the dataset moves."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _empty(spec: TableSpec) -> pl.DataFrame:
    return pl.DataFrame(schema=spec.columns)


_SOURCE_COLUMNS = ("source_file", "source_line")


def _reserved_message(name: str) -> str:
    return f"{name!r} is reserved: factlint records there the file and line each row comes from"


def _with_no_source(frame: pl.DataFrame) -> pl.DataFrame:
    """The columns every loaded table ends with: the file and line each row comes from."""
    return frame.with_columns(
        pl.lit(None, dtype=pl.String).alias("source_file"),
        pl.lit(None, dtype=pl.Int64).alias("source_line"),
    )


def _decode(path: Path, data: bytes) -> str:
    """Strict UTF-8, with the line of the first bad byte in the error."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", line
        ) from None


def _read_bytes(path: Path, root: Path, notes: list[LoadNote]) -> bytes:
    try:
        data = read_regular_file(path)
    except SpecialFileError as exc:
        if exc.is_link:
            raise InputError(
                path,
                "is a symbolic link, not a regular file: factlint does not follow links to "
                "files (article files neither); copy the file into the dataset",
            ) from None
        raise InputError(
            path, f"named like a data file but is {exc.kind}, not a regular file"
        ) from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror}") from None
    if data.startswith(_BOM):
        notes.append(LoadNote("bom", _rel(root, path), "file starts with a UTF-8 byte-order mark"))
        data = data[len(_BOM) :]
    _decode(path, data)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(path, "contains a NUL byte: not a text file", data[:nul].count(b"\n") + 1)
    return data


def _read_csv(path: Path, spec: TableSpec, root: Path, notes: list[LoadNote]) -> pl.DataFrame:
    """One reader for every CSV table: Python's csv module, which knows each row's line."""
    data = _read_bytes(path, root, notes)
    if not data.strip():
        raise InputError(path, "file is empty: a header row is required", line=1)
    rows = _csv_rows(path, data.decode("utf-8"))
    header = rows[0][1]
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        raise InputError(path, f"duplicate column(s) in header: {', '.join(duplicated)}", line=1)
    for line, row in rows[1:]:
        if len(row) != len(header):
            raise InputError(
                path, f"malformed CSV: {len(row)} fields where the header has {len(header)}", line
            )
    reserved = [c for c in header if c in _SOURCE_COLUMNS]
    if reserved:
        raise InputError(path, _reserved_message(reserved[0]), line=1)
    absent = [c for c in spec.required if c not in header]
    if absent:
        raise InputError(
            path,
            f"missing required column(s): {', '.join(absent)} (header has: {', '.join(header)})",
            line=1,
        )
    cells = list(zip(*(row for _, row in rows[1:]), strict=True)) or [()] * len(header)
    columns = [pl.Series(n, c, dtype=pl.String) for n, c in zip(header, cells, strict=True)]
    lines = pl.Series("source_line", [line for line, _ in rows[1:]], dtype=pl.Int64)
    # Empty cells mean "not stated": null, never the empty string. Blank lines are no rows.
    cell = pl.all().exclude("source_line")
    frame = pl.DataFrame([*columns, lines]).with_columns(cell.replace("", None))
    frame = frame.filter(~pl.all_horizontal(cell.is_null()))
    return frame.select(cell, pl.lit(_rel(root, path)).alias("source_file"), "source_line")


def _csv_rows(path: Path, text: str) -> list[tuple[int, list[str]]]:
    """Each non-blank row with the line it starts on; a malformed row names that line.

    `strict`: a stray character after a closing quote, or a quoted field still open at the
    end of the file, is an error rather than a guess.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            if row:
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        if reader.line_num > start or "end of data" in str(exc):
            raise InputError(
                path,
                f"malformed CSV: the quoted field in the row starting here is never closed "
                f"(read on to line {reader.line_num}: {exc})",
                start,
            ) from None
        raise InputError(path, f"malformed CSV: {exc}", reader.line_num) from None
    if not rows:
        raise InputError(path, "file is empty: a header row is required", line=1)
    return rows


def _jsonl_files(root: Path, spec: TableSpec) -> list[Path]:
    """The files of a JSON Lines table (`claims/*.claims.jsonl`), hidden ones left out."""
    folder, pattern = spec.path.split("/", 1)
    directory = _folder(root, folder)
    if directory is None:
        return []
    return [path for path in _listing(directory) if fnmatchcase(path.name, pattern)]


def _read_jsonl_tables(root: Path, spec: TableSpec, notes: list[LoadNote]) -> pl.DataFrame:
    parts = [_read_jsonl(path, spec, root, notes) for path in _jsonl_files(root, spec)]
    parts = [p for p in parts if p.height]
    if not parts:
        return _with_no_source(_empty(spec))
    return pl.concat(parts, how="diagonal_relaxed")


def _read_jsonl(path: Path, spec: TableSpec, root: Path, notes: list[LoadNote]) -> pl.DataFrame:
    data = _read_bytes(path, root, notes)
    lines = data.split(b"\n")
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    if not numbered:
        return _empty(spec)
    body = b"\n".join(line for _, line in numbered)
    texts = pl.Series("line", body.decode("utf-8").split("\n"), dtype=pl.String)
    # Before any parser: both json and Polars recurse once per level of nesting.
    for index in _deep_lines(texts):
        line_no, line = numbered[index]
        depth = _json_depth(line)
        if depth > JSON_MAX_DEPTH:
            raise InputError(
                path,
                f"JSON nested {depth} levels deep; factlint reads at most {JSON_MAX_DEPTH}",
                line_no,
            )
    # Polars reads fast but quietly converts a mistyped value (5 where a string belongs, an
    # object where a list of ids belongs) and keeps one of two equal keys: find the lines that
    # may hold one, and diagnose exactly those with the strict per-line check.
    for index in _suspicious_lines(texts, spec):
        _diagnose_line(path, numbered[index][0], numbered[index][1], spec)
    try:
        frame = pl.read_ndjson(io.BytesIO(body), infer_schema_length=None)
        frame = _conform(frame, spec)
        if frame.height != len(numbered):
            raise ValueError("row count mismatch")
    except (pl.exceptions.PolarsError, ValueError, TypeError):
        # Polars could not read it (a field of mixed types or a huge number in a field the
        # tables do not know): each line is checked exactly, then read by the json module.
        records = [_diagnose_line(path, line_no, line, spec) for line_no, line in numbered]
        frame = _frame_from_records(records, spec)
    return frame.with_columns(
        pl.lit(_rel(root, path)).alias("source_file"),
        pl.Series("source_line", [n for n, _ in numbered], dtype=pl.Int64),
    )


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


# The first character of a JSON value, by the type a field must have (null always allowed).
_VALUE_STARTS = {"String": '["n]', "Int64": "[-0-9n]", "Float64": "[-0-9n]", "Boolean": "[tfn]"}
_JSON_STRING = r'"(?:[^"\\]|\\.)*"'
_STRING_LIST = rf"(?:null|\[\s*(?:{_JSON_STRING}\s*(?:,\s*{_JSON_STRING}\s*)*)?\])"
# A key in a structural position (after `{` or `,`); inside a string it may match too, which
# only makes a line suspicious, never wrong.
_KEY = r'[{,]\s*"(?:[^"\\]|\\.)*"\s*:'
# A JSON string, or an unterminated one running to the end of the line: one match per
# string, so the scan is linear whatever the quotes and backslashes.
_JSON_STRING_BYTES = re.compile(rb'"(?:[^"\\]++|\\.?)*+(?:"|\Z)', re.DOTALL)


def _deep_lines(lines: pl.Series) -> list[int]:
    """Indexes of lines with more opening brackets than the depth limit (a superset of the
    lines nested too deeply: brackets in strings count here too)."""
    many = lines.str.count_matches(r"[\[{]") > JSON_MAX_DEPTH
    return many.arg_true().to_list()


def _json_depth(line: bytes) -> int:
    """How deeply a JSON line nests arrays and objects, without parsing it (linear time)."""
    import numpy as np  # pandas' own dependency; needed only for the rare very nested line

    bare = np.frombuffer(_JSON_STRING_BYTES.sub(b'""', line), dtype=np.uint8)
    steps = np.zeros(bare.shape, dtype=np.int64)
    steps[(bare == ord("[")) | (bare == ord("{"))] = 1
    steps[(bare == ord("]")) | (bare == ord("}"))] = -1
    return int(np.cumsum(steps).max(initial=0))


def _suspicious_lines(lines: pl.Series, spec: TableSpec) -> list[int]:
    """Indexes of lines where a known field may hold a value of the wrong JSON type.

    A vectorised regex scan over the raw lines (a key counts only in a structural position,
    after `{` or `,`); it may flag a line that is fine, never miss a mistyped value of a
    known field. Also flags NaN/Infinity literals, numbers with a fraction or exponent in
    integer fields, escaped UTF-16 surrogates, byte-order marks and repeated keys, which need
    the exact check.
    """
    keys = lines.str.extract_all(_KEY).list.eval(
        pl.element().str.strip_chars_start("{, \t\r").str.strip_chars_end(": \t\r")
    )
    flags = [
        lines.str.contains(r"\\u[dD][89abAB]"),
        lines.str.contains(r"[:\[,]\s*-?(?:NaN|Infinity)"),
        lines.str.contains("\ufeff", literal=True),
        keys.list.len() != keys.list.n_unique(),
        lines.str.contains(r'"source_(?:file|line)"'),
    ]
    for name, dtype in spec.columns.items():
        key = rf'(?:^|[{{,])\s*"{name}"\s*:\s*'
        if isinstance(dtype, pl.List):
            ok = key + _STRING_LIST + r"\s*[,}]"
        elif str(dtype) == "Int64":
            ok = key + r"(?:null|-?[0-9]{1,18})\s*[,}]"
        else:
            ok = key + _VALUE_STARTS[str(dtype)]
        flags.append(lines.str.contains(key) & ~lines.str.contains(ok))
    suspicious = pl.DataFrame([f.alias(f"flag{i}") for i, f in enumerate(flags)]).select(
        pl.any_horizontal(pl.all()).alias("bad")
    )
    return suspicious.with_row_index().filter("bad").get_column("index").to_list()


def _conform(frame: pl.DataFrame, spec: TableSpec) -> pl.DataFrame:
    """Cast known columns to their types (strictly) and add absent ones as null."""
    columns = []
    for name, dtype in spec.columns.items():
        if name in frame.columns:
            columns.append(_strict_cast(frame.get_column(name), dtype))
        else:
            columns.append(pl.Series(name, [None] * frame.height, dtype=dtype))
    extras = [frame.get_column(c) for c in frame.columns if c not in spec.columns]
    return pl.DataFrame(columns + extras)


def _strict_cast(series: pl.Series, dtype: pl.DataType) -> pl.Series:
    if series.dtype == dtype:
        return series
    if series.dtype == pl.Null:
        return series.cast(dtype)
    source = series.dtype
    allowed = (
        (dtype == pl.Float64 and source.is_numeric())
        or (dtype == pl.Int64 and source.is_integer())
        or (isinstance(dtype, pl.List) and isinstance(source, pl.List))
    )
    if not allowed:
        raise TypeError(f"{series.name}: {source} is not {dtype}")
    return series.cast(dtype, strict=True)


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
    try:
        record = json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"malformed JSON: {exc.msg} (column {exc.colno})", line_no) from None
    except ValueError as exc:
        raise InputError(path, f"malformed JSON: {exc}", line_no) from None
    if not isinstance(record, dict):
        raise InputError(path, f"expected a JSON object, got {_json_type_name(record)}", line_no)
    for name, value in record.items():
        if name in _SOURCE_COLUMNS:
            raise InputError(path, f"field {_reserved_message(name)}", line_no)
        dtype = spec.columns.get(name)
        if dtype is None or value is None:
            continue
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
        if ok and isinstance(value, str | list):
            ok = all(_is_unicode(v) for v in (value if isinstance(value, list) else [value]))
            if not ok:
                raise InputError(
                    path, f"field {name!r} holds an unpaired UTF-16 surrogate", line_no
                )
        if not ok:
            raise InputError(
                path,
                f"field {name!r} must be {_expected_name(dtype)}, "
                f"got {_json_type_name(value)}: {json.dumps(value, ensure_ascii=False)[:60]}",
                line_no,
            )
    return record


def _clip_number(value: int) -> str:
    text = str(value)
    return text if len(text) <= 40 else f"{text[:20]}…({len(text)} digits)"


def _attach_article_texts(
    root: Path, articles: pl.DataFrame, notes: list[LoadNote]
) -> pl.DataFrame:
    """Read each article's text file; record what went wrong in `file_status`."""
    folder = _folder(root, "articles")
    folder = folder.resolve() if folder is not None else root / "articles"
    texts: list[str | None] = []
    statuses: list[str] = []
    digests: list[str | None] = []
    for article_id in articles.get_column("article_id").to_list():
        text, status, digest = _read_article(folder, article_id, root, notes)
        texts.append(text)
        statuses.append(status)
        digests.append(digest)
    return articles.with_columns(
        pl.Series("text", texts, dtype=ARTICLE_EXTRA_COLUMNS["text"]),
        pl.Series("file_status", statuses, dtype=ARTICLE_EXTRA_COLUMNS["file_status"]),
        pl.Series("file_sha256", digests, dtype=pl.String),
    )


def _read_article(
    folder: Path, article_id: str | None, root: Path, notes: list[LoadNote]
) -> tuple[str | None, str, str | None]:
    if article_id is None or not re.fullmatch(ARTICLE_ID_PATTERN, article_id):
        # Never build a path from an id that could leave the folder.
        return None, "invalid-id", None
    path = folder / f"{article_id}.txt"
    try:
        data = read_regular_file(path)
    except SpecialFileError as exc:
        if exc.is_link:  # never followed, in or out of the dataset: FL006 says so
            return None, "link", None
        # A pipe would block the run and a device has no text: not an article file at all.
        raise InputError(
            root / "articles" / path.name, f"is {exc.kind}, not a regular file"
        ) from None
    except FileNotFoundError:
        return None, "missing", None
    except OSError:
        return None, "unreadable", None
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None, "not-utf8", digest
    if data.startswith(_BOM):
        notes.append(
            LoadNote(
                "bom",
                _rel(root, root / "articles" / path.name),
                "article file starts with a byte-order mark",
            )
        )
    return text, "ok", digest


def _note_stray_files(root: Path, notes: list[LoadNote]) -> None:
    """Files in `claims/` that match no table are probably misnamed: say so."""
    claims = _folder(root, "claims")
    if claims is None:
        return
    patterns = [spec.path.split("/", 1)[1] for spec in JSONL_TABLES]
    for path in _listing(claims):
        if not any(fnmatchcase(path.name, pattern) for pattern in patterns):
            notes.append(
                LoadNote(
                    "stray-file",
                    _rel(root, path),
                    "not loaded: claims/ holds only *.mentions.jsonl and *.claims.jsonl files",
                )
            )
