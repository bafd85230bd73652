"""What every reader shares: the loader's notes, safe reading, paths as the dataset names them.

A reader turns one file into a Polars frame whose known columns have the types of its
`TableSpec`, followed by the columns the loader adds (`LOADER_COLUMNS`): the file and line
(for Parquet, the row) each row comes from. A file it cannot read at all is an `InputError`
naming the file and, where there is one, the line.
"""

from __future__ import annotations

import errno
import os
import stat
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import numpy as np
import polars as pl
import pyarrow as pa

from factlint.errors import InputError, is_utf8_path
from factlint.files import SpecialFileError, file_kind, read_regular_file
from factlint.layout import LOADER_CODE_COLUMNS, LOADER_COLUMNS, TableSpec

T = TypeVar("T")
BOM = b"\xef\xbb\xbf"
NOT_UTF8_NAME = (
    "the name is not valid UTF-8: findings.json and the report are UTF-8 and could not name "
    "it (rename it)"
)


@dataclass(frozen=True)
class LoadNote:
    """Something the loader noticed that is worth a finding but did not stop it."""

    kind: str  # "bom", "missing-table", "stray-file"
    path: str
    message: str


def rel(root: Path, path: Path) -> str:
    """A path as the dataset knows it (`claims/seed-001.claims.jsonl`), whatever the dataset
    folder is called or how it was spelled on the command line: findings about files keep
    their fingerprints when the dataset moves."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def exists(path: Path) -> os.stat_result | None:
    """`lstat` of `path`, None when nothing is there; any other failure names the path."""
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(path, f"cannot be read: {exc.strerror}") from None


def folder(root: Path, name: str, *, required: bool = False) -> Path | None:
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


def listing(directory: Path) -> list[Path]:
    """The entries of `directory` that are not hidden, in name order.

    Hidden names are an editor's or a tool's (`.seed-000.claims.jsonl~`, the lock link
    `.#seed-000.claims.jsonl`), never data. A name that is not UTF-8 could not be reported.
    """
    try:
        names = sorted(entry.name for entry in os.scandir(directory))
    except OSError as exc:
        raise InputError(directory, f"cannot list the folder: {exc.strerror}") from None
    paths = []
    for name in names:
        if name.startswith("."):
            continue
        if not is_utf8_path(name):
            raise InputError(directory / name, NOT_UTF8_NAME)
        paths.append(directory / name)
    return paths


def empty(spec: TableSpec) -> pl.DataFrame:
    return pl.DataFrame(schema=spec.columns)


def with_no_source(frame: pl.DataFrame) -> pl.DataFrame:
    """The columns every loaded table ends with, for a table that has no file (typed as a
    read file's are: `source_file` categorical)."""
    return frame.with_columns(
        pl.lit(None, dtype=pl.Categorical if name in LOADER_CODE_COLUMNS else dtype).alias(name)
        for name, dtype in LOADER_COLUMNS.items()
    )


def with_source(frame: pl.DataFrame, source: str, lines: pl.Series) -> pl.DataFrame:
    """`frame` followed by the file it came from and each row's line (or row) in it (cut into
    the file's chunks by `aligned`, as the reader's other computed columns are)."""
    return frame.with_columns(
        pl.lit(source, dtype=pl.String).alias("source_file"),
        lines.cast(pl.Int64).alias("source_line"),
    )


def chunked_like(series: pl.Series, like: pl.Series) -> pl.Series:
    """`series` cut into the chunks `like` has (views, nothing copied).

    A Parquet file's columns come in one chunk per row group, a JSON Lines file's in one per
    record batch; a column the loader computes comes in one. On a frame whose columns are
    chunked differently, every eager `select` or `gather` first copies the whole frame to
    align them (at 1M claims, selecting one column took 0.16 s and 250 MiB instead of
    nothing), and the rules make hundreds of such calls. (`like` must be a column the file
    gave: asking a column the loader holds as one value for its chunks writes it out.)
    """
    if like.n_chunks() == 1 or series.n_chunks() != 1 or series.len() != like.len():
        return series
    pieces, offset = [], 0
    for length in like.chunk_lengths():
        pieces.append(series.slice(offset, length))
        offset += length
    return pl.concat(pieces, rechunk=False)


def picked_strings(choice: pl.Series, sources: list[pl.Series], name: str) -> pl.Series:
    """Row `i` of source `choice[i]` (null where that is null or `choice[i]` is no source's
    index), sharing the sources' string bytes, chunked as `choice` is.

    What `pl.when(...).then(a).otherwise(b)` gives for string columns, whose result in Polars
    2.1 copies every string of a chunk where both sides are taken (an article's file hash, equal
    to the recorded `sha256` but for a few stale files, was a second copy of the 64-byte hashes:
    300 MiB at ten million claims). Here only the 16-byte views are new: each is taken from its
    source's Arrow view array, a long string's buffer index moved past the buffers of the
    sources before it, and the result refers to every source's buffers. One chunk at a time
    (numpy over its rows, a Python loop over chunks and sources), so that no copy of a whole
    column's views is made on the way.
    """
    chunks, offset = [], 0
    for rows in choice.chunk_lengths():
        picks = choice.slice(offset, rows).to_numpy()
        chunks.append(_picked_chunk(picks, [s.slice(offset, rows) for s in sources]))
        offset += rows
    return pl.Series(name, pa.chunked_array(chunks, type=pa.string_view()), dtype=pl.String)


def _picked_chunk(choice: np.ndarray, sources: list[pl.Series]) -> pa.Array:
    rows = len(choice)
    views = np.zeros((rows, 4), dtype=np.int32)  # length, prefix, buffer index, offset
    valid = np.zeros(rows, dtype=bool)
    buffers: list[pa.Buffer] = []
    for index, series in enumerate(sources):
        taken = (choice == index) & series.is_not_null().to_numpy()
        if not taken.any():
            continue
        array = series.cast(pl.String).to_arrow(compat_level=pl.CompatLevel.newest())
        if isinstance(array, pa.ChunkedArray):
            array = array.combine_chunks()
        if array.type != pa.string_view():
            array = array.cast(pa.string_view())
        _, raw, *data = array.buffers()
        own = np.frombuffer(raw, dtype=np.int32).reshape(-1, 4)[array.offset : array.offset + rows]
        picked = own[taken]
        picked[picked[:, 0] > 12, 2] += len(buffers)  # a short string is inline: no index
        views[taken] = picked
        valid |= taken
        buffers.extend(data)
    return pa.Array.from_buffers(
        pa.string_view(),
        rows,
        [pa.py_buffer(np.packbits(valid, bitorder="little")), pa.py_buffer(views), *buffers],
        null_count=rows - int(valid.sum()),
    )


def aligned(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with every column cut into the chunks of the columns read from the file.

    The columns a reader takes from a file come in its chunks (one per row group or record
    batch); a column the loader holds as one value (`source_file`, absent fields) comes in one
    chunk, and a cast in a lazy plan may split a column its own way. On a frame whose columns
    are chunked differently, every eager `select`, `filter` or `gather` copies the whole frame
    to align them, so the loaded tables are aligned once here: single-chunk columns by views
    (`chunked_like`, nothing copied), a column chunked otherwise by one copy of that column.
    The layout kept is the one of the columns that hold the most bytes, so that the least is
    copied: the columns a lazy cast split (the code columns, 4 bytes a row) must not make the
    id columns read from the file (tens of bytes a row) be copied to their layout.
    """
    shapes = [tuple(c.chunk_lengths()) for c in frame.iter_columns()]
    layouts: Counter[tuple[int, ...]] = Counter()
    for shape, column in zip(shapes, frame.iter_columns(), strict=True):
        if len(shape) > 1:
            layouts[shape] += column.estimated_size() + 1
    if not layouts or len(set(shapes)) == 1:
        return frame
    lengths = layouts.most_common(1)[0][0]
    like = next(c for c in frame.iter_columns() if tuple(c.chunk_lengths()) == lengths)
    odd = [c.name for c in frame.iter_columns() if tuple(c.chunk_lengths()) != lengths]
    return frame.with_columns(chunked_like(frame.get_column(n).rechunk(), like) for n in odd)


def reserved_message(name: str) -> str:
    return f"{name!r} is reserved: factlint records there the file and line each row comes from"


def decode(path: Path, data: bytes) -> None:
    """Strict UTF-8, with the line of the first bad byte in the error.

    Arrow checks the bytes where they lie, building no Python string (the JSON Lines of a
    million claims: 0.06 CPU s against 0.8); Python's decoder, which refuses exactly the same
    byte sequences, runs only to find the first bad byte of a file that has one.
    """
    if _is_utf8(data):
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", line
        ) from None


def _is_utf8(data: bytes) -> bool:
    """Whether `data` is strict UTF-8: Arrow's check of a string column of one value that
    is the bytes themselves (no copy)."""
    offsets = pa.py_buffer(np.array([0, len(data)], dtype=np.int64))
    value = pa.Array.from_buffers(pa.large_string(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        value.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def read_file(path: Path) -> bytes:
    """The bytes of a data file, which must be a regular file and no link."""
    return _regular(path, read_regular_file)


def regular_file(path: Path) -> None:
    """Refuse, as `read_file` would, a data file that is no regular file or is a link; for
    files a reader opens itself (a Parquet file whose columns are read one by one)."""

    def look(path: Path) -> None:
        kind = file_kind(os.lstat(path).st_mode)
        if kind is not None:
            raise SpecialFileError(path, kind)

    _regular(path, look)


def _regular(path: Path, read: Callable[[Path], T]) -> T:
    try:
        return read(path)
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


def read_text_bytes(path: Path, root: Path, notes: list[LoadNote]) -> bytes:
    """A text data file's bytes: UTF-8 without NUL bytes, a leading byte-order mark noted and
    dropped."""
    data = read_file(path)
    if data.startswith(BOM):
        notes.append(LoadNote("bom", rel(root, path), "file starts with a UTF-8 byte-order mark"))
        data = data[len(BOM) :]
    decode(path, data)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(path, "contains a NUL byte: not a text file", data[:nul].count(b"\n") + 1)
    return data
