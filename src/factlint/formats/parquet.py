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

import hashlib
import io
import os
import weakref
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from factlint.errors import InputError
from factlint.formats._common import (
    LoadNote,
    chunked_like,
    exists,
    picked_strings,
    read_file,
    regular_file,
    rel,
    with_source,
)
from factlint.formats.articles import ARTICLE_ID_PATTERN
from factlint.layout import LOADER_COLUMNS, TableSpec

__all__ = [
    "article_texts",
    "attach_article_digests",
    "read_parquet",
    "reads_by_slice",
    "write_parquet",
]


def read_parquet(
    path: Path,
    spec: TableSpec,
    root: Path,
    notes: list[LoadNote],
    *,
    required: tuple[str, ...] = (),
    extra: dict[str, pl.DataType] | None = None,
    left_out: tuple[str, ...] = (),
    codes: dict[str, pl.DataType] | None = None,
) -> pl.DataFrame:
    """One Parquet file as a frame of the table's columns (unknown columns after them).

    `required` columns must be there (as a CSV table's header must hold them); other known
    columns that are absent are null, as a field absent from a JSON line. `extra` names the
    further columns this file may hold with their types (`articles.parquet`'s texts).
    Columns in `left_out` are not read (`articles.parquet`'s texts stay on disk: see
    `attach_article_digests` and `article_texts`). `codes` names the columns the loader
    holds as categoricals, with the type it holds them in (`factlint.formats.with_codes`):
    a column the file holds in the table's string type is cast as each piece of the file is
    read, so that its strings are never held whole (at ten million claims the claims' and
    mentions' code columns were 1.6 GiB of strings read only to be cast).
    """
    del notes  # a Parquet file has no byte-order mark or other note to make
    # Polars' own reader: its strings land in Polars' layout at once, with no Arrow copy to
    # convert and free (a third of the memory at ten million claims).
    try:
        if left_out:
            # By path, and only the columns kept: those left out are never read.
            regular_file(path)
            source: Path | io.BytesIO = path
        else:
            source = io.BytesIO(read_file(path))
        # Polars' schema is a mapping: a name the file repeats is refused first, by name.
        names = pq.read_schema(source).names
        duplicated = sorted({c for c in names if names.count(c) > 1})
        if duplicated:
            raise InputError(path, f"duplicate column(s): {', '.join(duplicated)}")
        if isinstance(source, io.BytesIO):
            source.seek(0)
        schema = pl.read_parquet_schema(source)
        if "text" in left_out:  # judged here, in the order the other columns are
            check_text_type(path, schema.get("text"))
        kept = [n for n in schema if n not in left_out]
        # A code column in the table's string type is cast; one the file holds as the loader
        # does (a file `factlint convert` wrote) is kept as it is.
        cast = {
            n: t
            for n, t in (codes or {}).items()
            if n in kept and schema[n] in (spec.columns.get(n), t)
        }
        frame = (
            pl.scan_parquet(source)
            .select(kept)
            .with_columns(pl.col(n).cast(t) for n, t in cast.items())
            .collect()
            if kept
            else pl.DataFrame()
        )
        in_file = list(schema)
    except (pl.exceptions.PolarsError, pa.ArrowException, OSError) as exc:
        raise InputError(path, f"cannot be read as Parquet: {exc}") from None
    columns = {
        n: cast.get(n, t) for n, t in {**spec.columns, **(extra or {})}.items() if n not in left_out
    }
    names = frame.columns
    absent = [c for c in required if c not in names]
    if absent:
        raise InputError(
            path, f"missing required column(s): {', '.join(absent)} (has: {', '.join(in_file)})"
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
        return with_source(result, rel(root, path), rows)
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


# `articles.parquet`'s texts stay on disk: the loader reads them once, in batches, for their
# hashes and byte-order marks, and `article_texts` reads them again for the queries that
# select them (FL003, the sources of the date rules, the report's evidence). At ten million
# claims they were the largest column the loader held.
TEXT_BATCH_ROWS = 50_000
_ROW = "__factlint_text_row"


def check_text_type(path: Path, dtype: pl.DataType | None) -> None:
    """Refuse an `articles.parquet` whose `text` column cannot be read as strings."""
    if dtype not in (None, pl.Null, pl.String) and not _castable(dtype, pl.String):
        raise InputError(path, f"column 'text' must be {pl.String()}, found {dtype}")


def _blank(text: pl.Series) -> pl.Series:
    """Which texts hold nothing but white space, looked at only where a text is short (its
    byte length is known without reading it): a regex over millions of texts costs a second."""
    short = (text.str.len_bytes() < _BLANK_BYTES).fill_null(False)
    flags = pl.repeat(False, text.len(), eager=True)
    at = short.arg_true()
    if at.len():
        found = text.gather(at).str.contains(r"^\s*$").fill_null(False)
        flags = flags.scatter(at, found)
    return flags


# A text of white space longer than this is taken as a text (no article file is one).
_BLANK_BYTES = 256


def attach_article_digests(
    path: Path, articles: pl.DataFrame, notes: list[LoadNote]
) -> pl.DataFrame:
    """The statuses and hashes the article files of `articles.parquet` would have, its texts
    read in batches and not kept.

    An article whose text is there is `ok` and its hash is that of the text's UTF-8 bytes,
    which are the bytes of the file it came from (`factlint convert` keeps a byte-order mark
    as U+FEFF); one without text keeps the status its row records (`missing` when it records
    none) and the recorded hash of a file that was not UTF-8. Ids that could not name a file
    are `invalid-id` as in the text layout. The text itself is `article_texts`'.
    """
    # The reader refused a text column that cannot be read as strings (`check_text_type`).
    dtype = pl.read_parquet_schema(path).get("text")
    # Python's hashlib: neither Polars nor Arrow computes SHA-256. One call per article, on
    # the texts' UTF-8 bytes as Polars holds them (a cast to Binary copies nothing). A hash
    # equal to the recorded `sha256` (nearly all of them) is not kept: `file_sha256` takes
    # the recorded value, which shares its bytes (64 a row fewer, 300 MiB at ten million
    # claims).
    sha256 = hashlib.sha256
    recorded = articles.get_column("sha256")
    present: list[pl.Series] = []  # has a text
    other: list[pl.Series] = []  # its hash, where it is not the recorded one
    marked: list[pl.Series] = []  # starts with a byte-order mark
    blank: list[pl.Series] = []  # only white space: nothing to check
    texts = None if dtype is None else pl.scan_parquet(path).select(_text(dtype))
    rows = 0
    for batch in [] if texts is None else texts.collect_batches(chunk_size=TEXT_BATCH_ROWS):
        text = batch.get_column("text")
        expected = recorded.slice(rows, text.len()).to_list()
        hashed = (None if t is None else sha256(t).hexdigest() for t in text.cast(pl.Binary))
        unlike = [h if h != r else None for h, r in zip(hashed, expected, strict=True)]
        other.append(pl.Series("other", unlike, dtype=pl.String))
        present.append(text.is_not_null())
        marked.append(text.str.starts_with("\ufeff"))
        blank.append(_blank(text))
        rows += text.len()
    if texts is not None and rows != articles.height:
        raise InputError(path, f"column 'text' has {rows} rows, the file {articles.height}")
    like = articles.get_column(articles.columns[0])

    def column(parts: list[pl.Series], empty: pl.Series) -> pl.Series:
        return empty if not parts else chunked_like(pl.concat(parts, rechunk=True), like)

    nothing = pl.repeat(None, articles.height, dtype=pl.String, eager=True)
    no = pl.repeat(False, articles.height, eager=True)
    valid = pl.col("article_id").str.contains(ARTICLE_ID_PATTERN).fill_null(False)
    has_text = pl.col("present") & valid
    # Which column each row's file hash comes from (`_HASH_SOURCES`; -1: none).
    source = (
        pl.when(~valid)
        .then(-1)
        .when(has_text)
        .then(pl.when(pl.col("other").is_null()).then(0).otherwise(1))
        .when(pl.col("file_status") == "not-utf8")
        .then(2)
        .otherwise(-1)
        .cast(pl.Int8)
    )
    frame = (
        articles.lazy()
        .with_columns(
            column(present, no).alias("present"),
            column(other, nothing).alias("other"),
            column(marked, no).alias("bom"),
            column(blank, no).alias("blank"),
        )
        .with_columns(
            file_status=pl.when(~valid)
            .then(pl.lit("invalid-id"))
            .when(has_text & pl.col("blank").fill_null(False))
            .then(pl.lit("empty"))
            .when(has_text)
            .then(pl.lit("ok"))
            # No text: what the row records, but never `ok` (a text column nulled or dropped
            # after `factlint convert` recorded the files as read).
            .when(pl.col("file_status").is_null() | (pl.col("file_status") == "ok"))
            .then(pl.lit("missing"))
            .otherwise(pl.col("file_status")),
            hash_source=source,
        )
    )
    boms = frame.filter(has_text & pl.col("bom").fill_null(False)).select("article_id")
    notes.extend(
        LoadNote("bom", f"articles/{a}.txt", "article file starts with a byte-order mark")
        for a in boms.collect().get_column("article_id").to_list()
    )
    result = frame.select(
        pl.all().exclude("present", "bom", "blank", "file_status"), "file_status"
    ).collect()
    # The hash: the recorded `sha256` where the text hashes to it, else the text's own hash, or
    # the recorded hash of a file that was not UTF-8; sharing the recorded hashes' bytes.
    file_sha256 = picked_strings(
        result.get_column("hash_source"),
        [result.get_column(c) for c in _HASH_SOURCES],
        "file_sha256",
    )
    # The columns in the order the text layout gives them (the text goes before
    # `file_status`: `article_texts`): the loader's come last.
    return result.drop(*_HASH_SOURCES[1:], "hash_source").with_columns(file_sha256)


# Where an article's file hash is taken from, by `hash_source`: the recorded hash, the hash
# of the text, the recorded hash of the file (a file that was not UTF-8 has no text).
_HASH_SOURCES = ("sha256", "other", "file_sha256")


# The articles frames the loader made (`mark_loaded`), row for row the rows of their
# `articles.parquet`: only those get the texts side by side. Weak: a frame the run drops is
# forgotten with it.
_LOADED: weakref.WeakValueDictionary[int, pl.DataFrame] = weakref.WeakValueDictionary()


def mark_loaded(articles: pl.DataFrame) -> pl.DataFrame:
    """Record `articles` as the loader's frame of its dataset's `articles.parquet`, row for
    row in the file's order (`article_texts` then puts the texts beside it, with no join)."""
    _LOADED[id(articles)] = articles
    return articles


def reads_by_slice(articles: pl.DataFrame) -> bool:
    """Whether `article_texts` of `articles` reads a slice of rows as that slice of the file
    (the loader's frame), rather than by a join over the whole file (any other frame)."""
    return _LOADED.get(id(articles)) is articles


def article_texts(root: Path, articles: pl.DataFrame) -> pl.LazyFrame | None:
    """`articles` (as `attach_article_digests` left them) with the texts of the dataset's
    `articles.parquet`, read only by queries that select them; None when the dataset has no
    such file.

    The texts are a scan of the file beside the frame: for the frame the loader made
    (`mark_loaded`), row by row (a query that selects no text reads nothing of the file); for
    any other (a changed-data or partitioned run keeps some articles), joined by the
    row each comes from: its id and `source_line` (the row's number, or the line the file
    records for it), with `source_file` where the file records it. A row whose file status is
    not `ok` has no text, as in the text layout.
    """
    path = root / "articles.parquet"
    if exists(path) is None or "source_line" not in articles.columns:
        return None
    schema = pl.read_parquet_schema(path)
    # With a row index, a query that selects no text projects no column of the file.
    scan = pl.scan_parquet(path, row_index_name=_ROW)
    texts = scan.select(_ROW, _text(schema.get("text")))
    if _LOADED.get(id(articles)) is articles:
        lazy = pl.concat([articles.lazy(), texts], how="horizontal").drop(_ROW)
    else:
        # A line number alone does not name a row: rows recorded from several source files
        # share line numbers, and a line may be missing. The row is named by its file, line
        # and id together, and a key the file holds twice gives its first row's text (such
        # rows cannot be told apart), so that no article is repeated or given another's text.
        named = ["source_file"] if "source_file" in schema else []
        key = [*named, _LINE, "article_id"]
        # The line is the one the file records, else the row's number, as the loader gives.
        # Compared as Int64 (the loader may hold the frame's lines as Int32).
        line = (
            pl.col("source_line").cast(pl.Int64)
            if "source_line" in schema
            else pl.int_range(1, pl.len() + 1, dtype=pl.Int64)
        ).alias(_LINE)
        # Read now, so that a query that selects no text still reads nothing of the file.
        keys = (
            pl.scan_parquet(path)
            .select(
                *(pl.col(c).cast(articles.schema[c]) for c in named),
                line,
                pl.col("article_id").cast(pl.String),
            )
            .collect()
            .lazy()
        )
        keyed = pl.concat([keys, texts], how="horizontal").unique(
            subset=key, keep="first", maintain_order=True
        )
        lazy = (
            articles.lazy()
            .with_columns(pl.col("source_line").cast(pl.Int64).alias(_LINE))
            .join(
                keyed.select(*key, "text"),
                on=key,
                how="left",
                nulls_equal=True,
                maintain_order="left",
            )
        )
    columns = articles.columns
    at = columns.index("file_status") if "file_status" in columns else len(columns)
    ok = pl.col("file_status") == "ok" if "file_status" in columns else pl.lit(True)
    return lazy.with_columns(text=pl.when(ok).then("text")).select(
        *columns[:at], "text", *columns[at:]
    )


_LINE = "__factlint_line"


def _text(dtype: pl.DataType | None) -> pl.Expr:
    """The `text` column of `articles.parquet` as strings (null when the file has none)."""
    if dtype is None:
        return pl.lit(None, dtype=pl.String).alias("text")
    return pl.col("text").cast(pl.String)
