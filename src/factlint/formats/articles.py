"""Article texts of the text layout: one file each. Every article gets `text`, `file_status`
and `file_sha256` (the columnar layout's, a column of `articles.parquet`, are
`factlint.formats.parquet.attach_article_digests`').

Article files are read with the bare system calls (`open`, `fstat`, `read`, `close`, relative
to the opened `articles/` folder, after one listing of the folder has shown which names are
regular files) rather than through `pathlib` and Python's file objects, whose per-file cost
was most of the loader's time in the text layout; ids are checked, bytes decoded and statuses
set once for the whole column. One thread reads them all (the loader runs it beside the JSON
Lines parser): the work between the system calls holds the interpreter lock, and a pool only
takes turns at it (500,000 files on this 2-core machine, cache warm: 28 s with the former
reader and eight threads, 14 s with an `lstat` per file and four, 10 s with two, 8 s with
one; now about 4 CPU s, 2.5 of them in the kernel, in the four calls per file).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from factlint.errors import InputError
from factlint.files import _FLAGS, file_kind
from factlint.formats._common import LoadNote, folder
from factlint.layout import ARTICLE_EXTRA_COLUMNS

__all__ = ["ARTICLE_ID_PATTERN", "attach_article_files"]

ARTICLE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
# `os.stat` stands for `os.lstat` here: `supports_dir_fd` lists no `lstat`, which takes a
# `dir_fd` wherever `stat` does (both are fstatat).
_RELATIVE = os.open in os.supports_dir_fd and os.stat in os.supports_dir_fd
_LIST_BY_FD = os.scandir in os.supports_fd
_BOM_MESSAGE = "article file starts with a byte-order mark"


def attach_article_files(root: Path, articles: pl.DataFrame, notes: list[LoadNote]) -> pl.DataFrame:
    """Read each article's file under `articles/`; record what went wrong in `file_status`.

    Per file, only the system calls and the hash are Python's: ids are checked, bytes decoded
    and statuses, texts and notes built once for the whole column.
    """
    found = folder(root, "articles")
    directory = found.resolve() if found is not None else root / "articles"
    # No file name is made from an id that could leave the folder.
    valid = pl.col("article_id").str.contains(ARTICLE_ID_PATTERN).fill_null(False)
    names = articles.select(pl.when(valid).then(pl.col("article_id") + ".txt")).to_series()
    with _opened(directory) as where:
        datas, failed = _read_articles(where, names.to_list(), root)
    sha256 = hashlib.sha256
    digests = [None if data is None else sha256(data).hexdigest() for data in datas]
    texts = _decoded(pl.Series("text", datas, dtype=pl.Binary))
    del datas
    statuses = ["ok"] * len(digests)
    for index, status in failed.items():
        statuses[index] = status
    frame = articles.with_columns(
        texts.cast(ARTICLE_EXTRA_COLUMNS["text"]),
        # Bytes that are no UTF-8 have a hash but no text.
        pl.when(texts.is_null() & pl.Series(digests, dtype=pl.String).is_not_null())
        .then(pl.lit("not-utf8"))
        # A file of nothing but white space: there is nothing to check (FL006).
        .when(texts.str.contains(r"^\s*$"))
        .then(pl.lit("empty"))
        .otherwise(pl.Series(statuses, dtype=pl.String))
        .alias("file_status"),
        pl.Series("file_sha256", digests, dtype=pl.String),
    )
    boms = frame.filter(pl.col("text").str.starts_with("\ufeff")).get_column("article_id")
    notes.extend(LoadNote("bom", _article_path(a), _BOM_MESSAGE) for a in boms.to_list())
    return frame


@contextlib.contextmanager
def _opened(directory: Path) -> Iterator[tuple[int | None, str]]:
    """The articles folder as (descriptor, path): names are looked up relative to the open
    folder where the system allows it (descriptor None otherwise, or when there is no folder:
    every file is then missing)."""
    descriptor = None
    if _RELATIVE:
        with contextlib.suppress(OSError):
            descriptor = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        yield descriptor, os.fspath(directory)
    finally:
        if descriptor is not None:
            os.close(descriptor)


def _article_path(article_id: str) -> str:
    """Where an article's file is, as the dataset names it (`articles/seed-001.txt`)."""
    return f"articles/{article_id}.txt"


def _regular_files(where: tuple[int | None, str]) -> frozenset[str]:
    """The names the articles folder lists as regular files, from one listing.

    The listing tells a regular file from a link, pipe or device without an `lstat` per file
    (the entry's type, or an `lstat` of its own where the file system records none): the
    check `factlint.files` makes before it opens a file, for a fifth of the cost. A name not
    listed here (missing, a link, or anything odd, or a folder that cannot be listed) is
    looked at with `lstat` as before.
    """
    descriptor, directory = where
    # The open folder itself where the system can list one by its descriptor.
    listable = descriptor if descriptor is not None and _LIST_BY_FD else directory
    try:
        with os.scandir(listable) as entries:
            return frozenset(e.name for e in entries if e.is_file(follow_symlinks=False))
    except OSError:
        return frozenset()


def _read_articles(
    where: tuple[int | None, str], names: list[str | None], root: Path
) -> tuple[list[bytes | None], dict[int, str]]:
    """The bytes of each named file (None where there are none, and for no name), and the
    status of those that have none.

    The hot loop of the text layout's loader, one pass per article in as few steps as it
    takes: a name the folder lists as a regular file is opened at once; any other is looked
    at first, as `factlint.files` does. Either way the open file is checked to be a regular
    file before it is read.
    """
    descriptor, directory = where
    prefix = "" if descriptor is not None else os.path.join(directory, "")
    listed = _regular_files(where)
    datas: list[bytes | None] = []
    failed: dict[int, str] = {}
    append, open_, fstat, read, close = datas.append, os.open, os.fstat, os.read, os.close
    is_regular = stat.S_ISREG
    for index, name in enumerate(names):
        if name is None:
            append(None)
            failed[index] = "invalid-id"
            continue
        try:
            if name in listed:
                file = open_(prefix + name, _FLAGS, dir_fd=descriptor)
            else:
                file = _open_looked(prefix + name, descriptor, root, name)
            try:
                info = fstat(file)
                if not is_regular(info.st_mode):
                    _refuse(info.st_mode, root, name)
                data = read(file, info.st_size + 1)
                # Read on to the end when it grew since `fstat`, or when one read returned
                # less (a read stops at about 2 GiB, and network file systems may stop sooner).
                if len(data) != info.st_size:
                    data = _read_on(file, data)
            finally:
                close(file)
        except OSError as exc:
            append(None)
            failed[index] = _status(exc)
            continue
        append(data)
    return datas, failed


def _status(exc: OSError) -> str:
    """An article's status when its file could not be read: a link is never followed, in or
    out of the dataset (FL006 says so)."""
    if isinstance(exc, FileNotFoundError):
        return "missing"
    return "link" if exc.errno == errno.ELOOP else "unreadable"


def _decoded(data: pl.Series) -> pl.Series:
    """The bytes as strict UTF-8 text, null where they are not UTF-8 (or absent).

    One cast validates the whole column; only when it fails is each value decoded by Python,
    to find the files that are not UTF-8 (Polars' check and Python's refuse the same bytes:
    surrogates, overlong forms, code points past U+10FFFF, cut sequences).
    """
    try:
        return data.cast(pl.String)
    except pl.exceptions.ComputeError:
        pass
    return pl.Series(data.name, [_text(value) for value in data.to_list()], dtype=pl.String)


def _text(data: bytes | None) -> str | None:
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _open_looked(path: str, folder_fd: int | None, root: Path, name: str) -> int:
    """Open a file the folder's listing did not show as a regular file, after a look
    (`lstat`) that neither follows a link nor opens anything: `factlint.files`' check."""
    mode = os.lstat(path, dir_fd=folder_fd).st_mode
    if not stat.S_ISREG(mode):
        _refuse(mode, root, name)
    return os.open(path, _FLAGS, dir_fd=folder_fd)  # ELOOP if a link took its place


def _read_on(file: int, data: bytes) -> bytes:
    chunks = [data]
    while chunk := os.read(file, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _refuse(mode: int, root: Path, name: str) -> None:
    """A link is an `OSError` (ELOOP: the status `link`); a pipe, socket or device where an
    article belongs is an `InputError`: it would block the run or has no text."""
    if stat.S_ISLNK(mode):
        raise OSError(errno.ELOOP, "is a symbolic link", name)
    raise InputError(root / "articles" / name, f"is {file_kind(mode)}, not a regular file")
