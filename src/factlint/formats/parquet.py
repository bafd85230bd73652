"""Parquet reader and writer: the columnar layout of every table.

The same tables as the text layout, at the same paths ending in `.parquet`
(`articles.parquet`, `reference/entities.parquet`, `claims/*.claims.parquet`); the article
texts are a column of `articles.parquet` rather than one file each. Parquet files carry their
own types, so the reader checks each known column's type once, for the whole column, instead
of each value: a column of the wrong type is an `InputError` naming the file and column, a
value Arrow cannot hold in the table's type names its row.

A file may record where its rows came from (`source_file`, `source_line`: `factlint convert`
keeps the text file and line of each row, so that findings name the same place in both
layouts); otherwise rows are named by the Parquet file and their 1-based row number.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import polars as pl

from factlint.errors import InputError
from factlint.formats._common import LoadNote, read_file, rel, with_source
from factlint.layout import LOADER_COLUMNS, TableSpec

__all__ = ["read_parquet", "write_parquet"]


def read_parquet(
    path: Path,
    spec: TableSpec,
    root: Path,
    notes: list[LoadNote],
    *,
    required: tuple[str, ...] = (),
    extra: dict[str, pl.DataType] | None = None,
) -> pl.DataFrame:
    """One Parquet file as a frame of the table's columns (unknown columns after them).

    `required` columns must be there (as a CSV table's header must hold them); other known
    columns that are absent are null, as a field absent from a JSON line. `extra` names the
    further columns this file may hold with their types (`articles.parquet`'s texts).
    """
    del notes  # a Parquet file has no byte-order mark or other note to make
    # Polars' own reader: its strings land in Polars' layout at once, with no Arrow copy to
    # convert and free (a third of the memory at ten million claims).
    try:
        frame = pl.read_parquet(io.BytesIO(read_file(path)))
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(path, f"cannot be read as Parquet: {exc}") from None
    columns = {**spec.columns, **(extra or {})}
    names = frame.columns
    duplicated = sorted({c for c in names if names.count(c) > 1})
    if duplicated:
        raise InputError(path, f"duplicate column(s): {', '.join(duplicated)}")
    absent = [c for c in required if c not in names]
    if absent:
        raise InputError(
            path, f"missing required column(s): {', '.join(absent)} (has: {', '.join(names)})"
        )
    # Absent columns are null literals: Polars keeps them as one value, not a column of
    # nulls (16 bytes a row for a string column).
    present = [_typed(path, frame.get_column(n), t) for n, t in columns.items() if n in names]
    absent_columns = [pl.lit(None, dtype=t).alias(n) for n, t in columns.items() if n not in names]
    others = [frame.get_column(c) for c in names if c not in columns]
    result = frame.with_columns(*present, *absent_columns).select(
        *columns, *(c.name for c in others if c.name not in LOADER_COLUMNS)
    )
    recorded = [c for c in others if c.name in LOADER_COLUMNS]
    if not recorded:
        rows = pl.int_range(1, frame.height + 1, eager=True, dtype=pl.Int64)
        like = frame.get_column(names[0]) if names else None
        return with_source(result, rel(root, path), rows, like)
    if len(recorded) != len(LOADER_COLUMNS):
        raise InputError(path, "records source_file without source_line, or the other way round")
    return result.with_columns(_typed(path, c, LOADER_COLUMNS[c.name]) for c in recorded)


def _typed(path: Path, series: pl.Series, dtype: pl.DataType) -> pl.Series:
    """A column in its table type; a column of another kind of type is an input error."""
    source = series.dtype
    if source == dtype:
        result = series
    elif source == pl.Null:
        result = series.cast(dtype)
    elif _castable(source, dtype):
        try:
            result = series.cast(dtype, strict=True)
        except pl.exceptions.InvalidOperationError:
            bad = series.cast(dtype, strict=False).is_null() & series.is_not_null()
            row = int(bad.arg_true()[0]) + 1
            raise InputError(
                path,
                f"column {series.name!r}, row {row}: {series[row - 1]!r} does not fit in {dtype}",
            ) from None
    else:
        raise InputError(path, f"column {series.name!r} must be {dtype}, found {source}")
    if dtype == pl.Float64:
        finite = result.is_finite() | result.is_null()
        if not finite.all():
            row = int((~finite).arg_true()[0]) + 1
            raise InputError(
                path,
                f"column {series.name!r}, row {row}: {result[row - 1]} is not a finite number",
            )
    return result.rename(series.name)


def _castable(source: pl.DataType, target: pl.DataType) -> bool:
    """Type pairs that hold the same values: a dictionary of strings, any integer width."""
    if target == pl.String:
        return source in (pl.Categorical, pl.Enum) or isinstance(source, pl.Categorical | pl.Enum)
    if target == pl.Int64:
        return source.is_integer()
    if target == pl.Float64:
        return source.is_float() or source.is_integer()
    if isinstance(target, pl.List) and isinstance(source, pl.List | pl.Array):
        return source.inner == target.inner or _castable(source.inner, target.inner)
    return False


def write_parquet(frame: pl.DataFrame, path: Path) -> None:
    """Write a table as Parquet (zstd, with statistics), whole or not at all: under a temporary
    name first, renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        frame.write_parquet(temporary, compression="zstd", statistics=True)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
