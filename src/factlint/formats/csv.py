"""CSV reader: Arrow for plain files, Python's csv module, which knows the line each row starts
on, for the others.

The article list and the reference tables are CSV in the text layout. A quoted field may span
lines, so the line a row starts on, which every finding about the row names, comes from the
csv module's own count rather than from a guess, unless the file has no quotes and no blank
lines: then row N is on line N + 1 and Arrow reads it (a 500,000-row `articles.csv` in a
second rather than twenty).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.csv as pa_csv

from factlint.errors import InputError
from factlint.formats._common import LoadNote, read_text_bytes, rel, reserved_message
from factlint.layout import LOADER_COLUMNS, TableSpec

__all__ = ["read_csv"]


def read_csv(path: Path, spec: TableSpec, root: Path, notes: list[LoadNote]) -> pl.DataFrame:
    """One CSV table: every cell a string, empty cells null, blank lines no rows."""
    data = read_text_bytes(path, root, notes)
    if not data.strip():
        raise InputError(path, "file is empty: a header row is required", line=1)
    fast = _read_plain(data)
    if fast is not None:
        header, frame = fast
        _check_header(path, header, spec)
        return _finish(frame, rel(root, path), pl.int_range(2, frame.height + 2, eager=True))
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
    _check_header(path, header, spec)
    cells = list(zip(*(row for _, row in rows[1:]), strict=True)) or [()] * len(header)
    columns = [pl.Series(n, c, dtype=pl.String) for n, c in zip(header, cells, strict=True)]
    lines = pl.Series("source_line", [line for line, _ in rows[1:]], dtype=pl.Int64)
    return _finish(pl.DataFrame(columns), rel(root, path), lines)


def _check_header(path: Path, header: list[str], spec: TableSpec) -> None:
    reserved = [c for c in header if c in LOADER_COLUMNS]
    if reserved:
        raise InputError(path, reserved_message(reserved[0]), line=1)
    absent = [c for c in spec.required if c not in header]
    if absent:
        raise InputError(
            path,
            f"missing required column(s): {', '.join(absent)} (header has: {', '.join(header)})",
            line=1,
        )


def _finish(frame: pl.DataFrame, source: str, lines: pl.Series) -> pl.DataFrame:
    """Empty cells mean "not stated": null, never the empty string. Blank lines are no rows."""
    frame = frame.with_columns(pl.all().replace("", None), lines.alias("source_line"))
    cell = pl.all().exclude("source_line")
    frame = frame.filter(~pl.all_horizontal(cell.is_null()))
    return frame.select(cell, pl.lit(source).alias("source_file"), "source_line")


def _read_plain(data: bytes) -> tuple[list[str], pl.DataFrame] | None:
    """A CSV file without quotes or blank lines, read by Arrow: every row is one line, so the
    line of row N is N + 1. None for any other file (or one Arrow refuses, such as a row with
    the wrong number of fields), which the csv module reads and diagnoses line by line."""
    if b'"' in data or b"\n\n" in data or b"\n\r\n" in data or data.startswith((b"\n", b"\r")):
        return None
    first = data.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8")
    header = first.split(",")
    if len(set(header)) != len(header) or not all(header):
        return None
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(data),
            read_options=pa_csv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pa_csv.ParseOptions(quote_char=False, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid:
        return None
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return header, frame


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
