"""Loading a dataset folder into Polars frames.

The loader only refuses input it cannot read at all (not UTF-8, malformed CSV or JSON, a value
of the wrong JSON type, no articles): that is an `InputError` naming the file and line. Anything
it can read but that is wrong (a missing field, an unknown column, an id that would escape the
folder, a missing article file) is loaded as it is and left for the checks to report.
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
from pathlib import Path

import polars as pl

from factlint.errors import InputError
from factlint.layout import ARTICLE_EXTRA_COLUMNS, CSV_TABLES, JSONL_TABLES, TableSpec

__all__ = ["ARTICLE_ID_PATTERN", "Dataset", "LoadNote", "load_dataset"]

ARTICLE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
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
    if not root.is_dir():
        raise InputError(root, "dataset folder does not exist or is not a folder")
    notes: list[LoadNote] = []
    frames: dict[str, pl.DataFrame] = {}
    missing: set[str] = set()
    for spec in CSV_TABLES:
        path = root / spec.path
        if not path.is_file():
            if spec.name == "articles":
                raise InputError(path, "no articles.csv: this is not a factlint dataset folder")
            missing.add(spec.name)
            notes.append(LoadNote("missing-table", _rel(root, path), "reference table is missing"))
            frames[spec.name] = _empty(spec)
            continue
        frames[spec.name] = _read_csv(path, spec, root, notes)
    if frames["articles"].height == 0:
        raise InputError(root / "articles.csv", "the dataset has no articles", line=1)
    for spec in JSONL_TABLES:
        frames[spec.name] = _read_jsonl_tables(root, spec, notes)
    frames["articles"] = _attach_article_texts(root, frames["articles"], notes)
    _note_stray_files(root, notes)
    return Dataset(root=root, frames=frames, notes=notes, missing_tables=frozenset(missing))


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
        data = path.read_bytes()
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
    data = _read_bytes(path, root, notes)
    if not data.strip():
        raise InputError(path, "file is empty: a header row is required", line=1)
    # The header as written: Polars renames a repeated column (`title_duplicated_0`).
    header = next(csv.reader(io.StringIO(data.decode("utf-8").split("\n", 1)[0].rstrip("\r"))))
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        raise InputError(path, f"duplicate column(s) in header: {', '.join(duplicated)}", line=1)
    # Polars pads a short row with nulls without a word: find ragged rows first (the csv
    # module's loop is in C).
    line, problem = _csv_problem(data, len(header))
    if problem:
        raise InputError(path, f"malformed CSV: {problem}", line)
    try:
        frame = pl.read_csv(io.BytesIO(data), infer_schema=False)
    except pl.exceptions.PolarsError as exc:
        raise InputError(path, f"malformed CSV: {_first_line(exc)}") from None
    header = frame.columns
    absent = [c for c in spec.required if c not in header]
    if absent:
        raise InputError(
            path,
            f"missing required column(s): {', '.join(absent)} (header has: {', '.join(header)})",
            line=1,
        )
    # Empty cells mean "not stated": null, never the empty string. Blank lines are no rows.
    frame = frame.with_columns(pl.all().replace("", None))
    return frame.filter(~pl.all_horizontal(pl.all().is_null()))


def _csv_problem(data: bytes, width: int) -> tuple[int | None, str | None]:
    """The line and nature of the first row Python's csv module cannot read as `width` cells."""
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    try:
        for row in reader:
            if row and len(row) != width:
                return reader.line_num, f"{len(row)} fields where the header has {width}"
    except csv.Error as exc:
        return reader.line_num, str(exc)
    return None, None


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _jsonl_files(root: Path, spec: TableSpec) -> list[Path]:
    folder, pattern = spec.path.split("/", 1)
    directory = root / folder
    if not directory.is_dir():
        return []
    paths = sorted(directory.glob(pattern))
    for path in paths:
        # A folder, pipe or device under a table's name would otherwise vanish in silence.
        if not path.is_file():
            raise InputError(path, "named like a data file but is not a regular file")
    return paths


def _read_jsonl_tables(root: Path, spec: TableSpec, notes: list[LoadNote]) -> pl.DataFrame:
    parts = [_read_jsonl(path, spec, root, notes) for path in _jsonl_files(root, spec)]
    parts = [p for p in parts if p.height]
    if not parts:
        return _empty(spec).with_columns(
            pl.lit(None, dtype=pl.String).alias("source_file"),
            pl.lit(None, dtype=pl.Int64).alias("source_line"),
        )
    return pl.concat(parts, how="diagonal_relaxed")


def _read_jsonl(path: Path, spec: TableSpec, root: Path, notes: list[LoadNote]) -> pl.DataFrame:
    data = _read_bytes(path, root, notes)
    lines = data.split(b"\n")
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    if not numbered:
        return _empty(spec)
    body = b"\n".join(line for _, line in numbered)
    # Polars reads fast but quietly converts a mistyped value (5 where a string belongs, an
    # object where a list of ids belongs): find the lines that may hold one, and diagnose
    # exactly those with the strict per-line check.
    for index in _suspicious_lines(body, spec):
        _diagnose_line(path, numbered[index][0], numbered[index][1], spec)
    try:
        frame = pl.read_ndjson(io.BytesIO(body), infer_schema_length=None)
        frame = _conform(frame, spec)
    except (pl.exceptions.PolarsError, ValueError, TypeError):
        # The fast path failed: find the first offending line and say exactly what is wrong.
        for line_no, line in numbered:
            _diagnose_line(path, line_no, line, spec)
        raise InputError(path, "could not be read as JSON Lines") from None
    if frame.height != len(numbered):
        for line_no, line in numbered:
            _diagnose_line(path, line_no, line, spec)
        raise InputError(path, "could not be read as JSON Lines (row count mismatch)")
    return frame.with_columns(
        pl.lit(_rel(root, path)).alias("source_file"),
        pl.Series("source_line", [n for n, _ in numbered], dtype=pl.Int64),
    )


# The first character of a JSON value, by the type a field must have (null always allowed).
_VALUE_STARTS = {"String": '["n]', "Int64": "[-0-9n]", "Float64": "[-0-9n]", "Boolean": "[tfn]"}
_JSON_STRING = r'"(?:[^"\\]|\\.)*"'
_STRING_LIST = rf"(?:null|\[\s*(?:{_JSON_STRING}\s*(?:,\s*{_JSON_STRING}\s*)*)?\])"


def _suspicious_lines(body: bytes, spec: TableSpec) -> list[int]:
    """Indexes of lines where a known field may hold a value of the wrong JSON type.

    A vectorised regex scan over the raw lines (a key counts only in a structural position,
    after `{` or `,`); it may flag a line that is fine, never miss a mistyped value of a
    known field. Also flags NaN/Infinity literals, numbers with a fraction or exponent in
    integer fields, and escaped UTF-16 surrogates, which need the exact check.
    """
    lines = pl.Series("line", body.decode("utf-8").split("\n"), dtype=pl.String)
    flags = [
        lines.str.contains(r"\\u[dD][89abAB]"),
        lines.str.contains(r"[:\[,]\s*-?(?:NaN|Infinity)"),
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


def _is_unicode(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _diagnose_line(path: Path, line_no: int, line: bytes, spec: TableSpec) -> None:
    """Raise an InputError if this line is malformed or has a wrongly typed field."""
    try:
        record = json.loads(line, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"malformed JSON: {exc.msg} (column {exc.colno})", line_no) from None
    except ValueError as exc:
        raise InputError(path, f"malformed JSON: {exc}", line_no) from None
    if not isinstance(record, dict):
        raise InputError(path, f"expected a JSON object, got {_json_type_name(record)}", line_no)
    for name, value in record.items():
        dtype = spec.columns.get(name)
        if dtype is None or value is None:
            continue
        if isinstance(dtype, pl.List):
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        else:
            types = _JSON_TYPES[str(dtype)]
            ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
        if ok and isinstance(value, int) and not isinstance(value, bool):
            ok = -(2**63) <= value < 2**63
        if ok and isinstance(value, float):
            ok = math.isfinite(value)
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


def _attach_article_texts(
    root: Path, articles: pl.DataFrame, notes: list[LoadNote]
) -> pl.DataFrame:
    """Read each article's text file; record what went wrong in `file_status`."""
    folder = (root / "articles").resolve()
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


def _read_no_follow(path: Path) -> bytes:
    """The bytes of a regular file, refusing symbolic links (one open, no path resolution)."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise IsADirectoryError(errno.EISDIR, "not a regular file", str(path))
        return handle.read()


def _read_article(
    folder: Path, article_id: str | None, root: Path, notes: list[LoadNote]
) -> tuple[str | None, str, str | None]:
    if article_id is None or not re.fullmatch(ARTICLE_ID_PATTERN, article_id):
        # Never build a path from an id that could leave the folder.
        return None, "invalid-id", None
    path = folder / f"{article_id}.txt"
    try:
        data = _read_no_follow(path)
    except FileNotFoundError:
        return None, "missing", None
    except OSError as exc:
        # ELOOP: the file is a symbolic link, which is never followed out of the dataset.
        return None, "link" if exc.errno == errno.ELOOP else "unreadable", None
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None, "not-utf8", digest
    if data.startswith(_BOM):
        notes.append(
            LoadNote("bom", _rel(root, path), "article file starts with a byte-order mark")
        )
    return text, "ok", digest


def _note_stray_files(root: Path, notes: list[LoadNote]) -> None:
    """Files in `claims/` that match no table are probably misnamed: say so."""
    claims = root / "claims"
    if not claims.is_dir():
        return
    for path in sorted(claims.iterdir()):
        if path.name.startswith("."):
            continue
        if not (path.name.endswith(".mentions.jsonl") or path.name.endswith(".claims.jsonl")):
            notes.append(
                LoadNote(
                    "stray-file",
                    _rel(root, path),
                    "not loaded: claims/ holds only *.mentions.jsonl and *.claims.jsonl files",
                )
            )
