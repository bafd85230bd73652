"""One reader per input format, behind the table specs of `factlint.layout`.

`table_file` finds a CSV-shaped table (the article list, a reference table) in whichever
layout the dataset has it, `name.csv` or `name.parquet`; `row_files` lists the files of a
mentions or claims table, `*.jsonl` and `*.parquet` alike, in name order; `read` reads one
file with the reader its extension names. Each reader gives the table's columns in their
types followed by where each row comes from (`factlint.layout.LOADER_COLUMNS`), so that
nothing after loading knows which format a row was read from.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import Path

import polars as pl

from factlint.errors import InputError
from factlint.formats._common import (
    LoadNote,
    aligned,
    empty,
    exists,
    folder,
    listing,
    with_no_source,
)
from factlint.formats.csv import read_csv
from factlint.formats.jsonl import JSON_MAX_DEPTH, read_jsonl
from factlint.formats.parquet import read_parquet, write_parquet
from factlint.layout import (
    ARTICLE_PARQUET_COLUMNS,
    CODE_COLUMNS,
    CODE_LIST_COLUMNS,
    LOADER_CODE_COLUMNS,
    TableSpec,
    parquet_path,
)

__all__ = [
    "JSON_MAX_DEPTH",
    "LoadNote",
    "read",
    "read_row_files",
    "row_files",
    "table_file",
    "write_parquet",
]


def table_file(root: Path, spec: TableSpec) -> Path | None:
    """The file holding a CSV-shaped table: its text-layout or its Parquet file, None when
    there is neither. Both at once is an input error: which one holds the data?"""
    text, columnar = root / spec.path, root / spec.parquet_path
    found = [path for path in (text, columnar) if exists(path) is not None]
    if len(found) == 2:
        raise InputError(
            columnar,
            f"both {spec.path} and {spec.parquet_path} are here: a table has one file "
            "(factlint convert writes a dataset in the other layout, in a folder of its own)",
        )
    return found[0] if found else None


def read(path: Path, spec: TableSpec, root: Path, notes: list[LoadNote]) -> pl.DataFrame:
    """One file of a table, with the reader its extension names, its code columns and the
    file each row comes from categorical (`factlint.layout.CODE_COLUMNS`,
    `LOADER_CODE_COLUMNS`)."""
    if path.name.endswith(".parquet"):
        codes: dict[str, pl.DataType] = {
            c: pl.Categorical() for c in CODE_COLUMNS.get(spec.name, ())
        }
        codes |= {c: pl.List(pl.Categorical) for c in CODE_LIST_COLUMNS.get(spec.name, ())}
        if spec.text_format == "csv":
            articles = spec.name == "articles"
            frame = read_parquet(
                path,
                spec,
                root,
                notes,
                required=spec.required,
                extra=ARTICLE_PARQUET_COLUMNS if articles else None,
                # The texts stay on disk (`factlint.dataset.Dataset.lazy` reads them).
                left_out=("text",) if articles else (),
                codes=codes,
            )
        else:
            frame = read_parquet(path, spec, root, notes, codes=codes)
    elif spec.text_format == "csv":
        frame = read_csv(path, spec, root, notes)
    else:
        frame = read_jsonl(path, spec, root, notes)
    return aligned(with_codes(frame, spec.name))


def with_codes(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """`frame` with the table's code columns (and `source_file`) as `pl.Categorical`, its
    code lists as lists of them (`factlint.layout.CODE_LIST_COLUMNS`) and its
    line numbers and mention offsets as `pl.Int32` where they fit (`NARROW_COLUMNS`), chunked
    as they were.

    Cast one file at a time, right after it is read, so that only one file's string column
    is ever held beside its codes. A column the file lacks is a null literal and stays one.
    """
    # A column with no value (an optional field the file holds empty) is a null literal, as
    # an absent one: Polars keeps one value, not a 16-byte view or 8 bytes a row of nulls (at
    # ten million claims, 77 MiB for each empty article column).
    empty = [c for c in frame.iter_columns() if c.len() and c.null_count() == c.len()]
    if empty:
        literals = [pl.lit(None, dtype=c.dtype).alias(c.name) for c in empty]
        frame = frame.lazy().with_columns(literals).collect()
    names = (*CODE_COLUMNS.get(table, ()), *LOADER_CODE_COLUMNS)
    codes = [c for c in names if frame.schema.get(c) == pl.String]
    casts = [pl.col(codes).cast(pl.Categorical)] if codes else []
    lists = [c for c in CODE_LIST_COLUMNS.get(table, ()) if frame.schema.get(c) == _STRINGS]
    casts += [pl.col(lists).cast(pl.List(pl.Categorical))] if lists else []
    narrow = [c for c in (*NARROW_COLUMNS.get(table, ()), "source_line") if c in frame.schema]
    casts += [pl.col(c).cast(pl.Int32) for c in _fitting_int32(frame, narrow)]
    if not casts:
        return frame
    # Lazily: an eager `with_columns` on a frame read in chunks copies it into one chunk.
    return frame.lazy().with_columns(casts).collect()


# Integer columns held in four bytes a row where every value of the file lies within
# +-2**30, so that the sum or difference of two (a mention's `end - start`) is what it is in
# Int64 (at ten million claims, about 115 MiB less for `source_line` over the three big
# tables and as much for the mentions' offsets); a file with a value outside keeps Int64 for
# that column, and concatenating its table widens the others' to it. Their model type stays
# an integer: the schema gate judges the values (`schema_gate._as_loaded`), and rules compare,
# subtract and slice with them as with Int64.
_STRINGS = pl.List(pl.String)

NARROW_COLUMNS: dict[str, tuple[str, ...]] = {"mentions": ("start", "end")}
_HALF_INT32 = 2**30


def _fitting_int32(frame: pl.DataFrame, names: list[str]) -> list[str]:
    """The Int64 columns of `names` whose values all lie in [-2**30, 2**30)."""
    names = [n for n in names if frame.schema[n] == pl.Int64]
    if not names or not frame.height:
        return []
    bounds = frame.select(
        *(pl.col(n).min().alias(f"{n} min") for n in names),
        *(pl.col(n).max().alias(f"{n} max") for n in names),
    ).row(0, named=True)
    return [
        n
        for n in names
        if bounds[f"{n} min"] is None
        or (bounds[f"{n} min"] >= -_HALF_INT32 and bounds[f"{n} max"] < _HALF_INT32)
    ]


def row_files(root: Path, spec: TableSpec) -> list[Path]:
    """The files of a mentions or claims table (`claims/*.claims.jsonl` and
    `claims/*.claims.parquet`), hidden ones left out, in name order."""
    directory, pattern = spec.path.split("/", 1)
    found = folder(root, directory)
    if found is None:
        return []
    patterns = (pattern, parquet_path(pattern))
    return [p for p in listing(found) if any(fnmatchcase(p.name, q) for q in patterns)]


def read_row_files(root: Path, spec: TableSpec, notes: list[LoadNote]) -> pl.DataFrame:
    """Every file of a mentions or claims table, as one frame."""
    parts = [read(path, spec, root, notes) for path in row_files(root, spec)]
    parts = [p for p in parts if p.height]
    if not parts:
        return with_no_source(empty(spec))
    if len(parts) == 1:
        return parts[0]
    # Each file's columns are aligned, but a column one file lacks is one null chunk there.
    return aligned(pl.concat(parts, how="diagonal_relaxed"))
