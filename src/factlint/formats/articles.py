"""Article texts: one file each in the text layout, a column of `articles.parquet` in the
columnar one. Either way every article gets `text`, `file_status` and `file_sha256`.

Article files are read with the bare system calls (`lstat`, `open`, `fstat`, `read`, `close`,
relative to the opened `articles/` folder) rather than through `pathlib` and Python's file
objects, whose per-file cost was most of the loader's time in the text layout. One thread
reads them all (the loader runs it beside the JSON Lines parser): the work between the system
calls holds the interpreter lock, and a pool only takes turns at it (500,000 files on this
2-core machine, cache warm: 28 s with the former reader and eight threads, 14 s with this one
and four, 10 s with two, 8 s with one).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import polars as pl

from factlint.errors import InputError
from factlint.files import _FLAGS, file_kind
from factlint.formats._common import LoadNote, chunked_like, folder
from factlint.layout import ARTICLE_EXTRA_COLUMNS

__all__ = ["ARTICLE_ID_PATTERN", "attach_article_column", "attach_article_files"]

ARTICLE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_ARTICLE_ID = re.compile(ARTICLE_ID_PATTERN)
_RELATIVE = os.open in os.supports_dir_fd and os.lstat in os.supports_dir_fd
_BOM_MESSAGE = "article file starts with a byte-order mark"

Read = tuple[str | None, str, str | None]  # text, file_status, sha256 of the bytes


def attach_article_files(root: Path, articles: pl.DataFrame, notes: list[LoadNote]) -> pl.DataFrame:
    """Read each article's file under `articles/`; record what went wrong in `file_status`."""
    found = folder(root, "articles")
    directory = found.resolve() if found is not None else root / "articles"
    ids = articles.get_column("article_id").to_list()
    with _opened(directory) as where:
        reads = [_read_article(where, article_id, root) for article_id in ids]
    for article_id, (text, status, _) in zip(ids, reads, strict=True):
        if status == "ok" and text is not None and text.startswith("\ufeff"):
            notes.append(LoadNote("bom", _article_path(article_id), _BOM_MESSAGE))
    return articles.with_columns(
        pl.Series("text", [r[0] for r in reads], dtype=ARTICLE_EXTRA_COLUMNS["text"]),
        pl.Series("file_status", [r[1] for r in reads], dtype=pl.String),
        pl.Series("file_sha256", [r[2] for r in reads], dtype=pl.String),
    )


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


def _read_article(where: tuple[int | None, str], article_id: str | None, root: Path) -> Read:
    if article_id is None or not _ARTICLE_ID.fullmatch(article_id):
        # Never build a path from an id that could leave the folder.
        return None, "invalid-id", None
    name = f"{article_id}.txt"
    descriptor, directory = where
    path = name if descriptor is not None else os.path.join(directory, name)
    try:
        data = _read_regular(path, descriptor, root / "articles" / name)
    except _Link:  # never followed, in or out of the dataset: FL006 says so
        return None, "link", None
    except FileNotFoundError:
        return None, "missing", None
    except OSError:
        return None, "unreadable", None
    digest = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None, "not-utf8", digest
    return text, "ok", digest


class _Link(Exception):
    """The article's name is a symbolic link."""


def _read_regular(path: str, folder_fd: int | None, shown: Path) -> bytes:
    """The bytes of a regular file, as `factlint.files.read_regular_file` reads them (looked
    at with `lstat` before it is opened, checked again on the descriptor), in bare calls.

    A pipe, socket or device where an article belongs is an `InputError`: it would block the
    run or has no text.
    """
    mode = os.lstat(path, dir_fd=folder_fd).st_mode
    if not stat.S_ISREG(mode):
        _refuse(mode, shown)
    try:
        descriptor = os.open(path, _FLAGS, dir_fd=folder_fd)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # replaced by a link since the check
            raise _Link from None
        raise
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            _refuse(info.st_mode, shown)
        wanted = info.st_size + 1
        data = os.read(descriptor, wanted)
        if len(data) < wanted:  # a short read of a regular file is its end
            return data
        # It grew since `fstat` (or is larger than one read returns): read on to the end.
        chunks = [data]
        while chunk := os.read(descriptor, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def _refuse(mode: int, shown: Path) -> None:
    if stat.S_ISLNK(mode):
        raise _Link
    raise InputError(shown, f"is {file_kind(mode)}, not a regular file")


def attach_article_column(articles: pl.DataFrame, notes: list[LoadNote]) -> pl.DataFrame:
    """The texts `articles.parquet` holds, given the statuses and hashes the files would have.

    An article whose text is there is `ok` and its hash is that of the text's UTF-8 bytes,
    which are the bytes of the file it came from (`factlint convert` keeps a byte-order mark
    as U+FEFF); one without text keeps the status its row records (`missing` when it records
    none) and the recorded hash of a file that was not UTF-8. Ids that could not name a file
    are `invalid-id` as in the text layout.
    """
    valid = pl.col("article_id").str.contains(ARTICLE_ID_PATTERN).fill_null(False)
    has_text = pl.col("text").is_not_null() & valid
    # Python's hashlib: neither Polars nor Arrow computes SHA-256. One call per article, on
    # the texts' UTF-8 bytes as Polars holds them (a cast to Binary copies nothing; encoding
    # each str again took half the time).
    sha256 = hashlib.sha256
    digests = chunked_like(
        pl.Series(
            "digest",
            [
                None if t is None else sha256(t).hexdigest()
                for t in articles.get_column("text").cast(pl.Binary).to_list()
            ],
            dtype=pl.String,
        ),
        articles.get_column("text"),
    )
    frame = (
        articles.with_columns(digests)
        .with_columns(
            text=pl.when(has_text).then("text"),
            file_status=pl.when(~valid)
            .then(pl.lit("invalid-id"))
            .when(has_text)
            .then(pl.lit("ok"))
            .otherwise(pl.col("file_status").fill_null("missing")),
            file_sha256=pl.when(~valid)
            .then(None)
            .when(has_text)
            .then("digest")
            .when(pl.col("file_status") == "not-utf8")
            .then("file_sha256"),
        )
        .drop("digest")
    )
    # The columns in the order the text layout gives them: the loader's come last.
    added = ["text", "file_status", "file_sha256"]
    frame = frame.select(pl.all().exclude(added), *added)
    boms = frame.filter(pl.col("text").str.starts_with("\ufeff")).get_column("article_id")
    notes.extend(LoadNote("bom", _article_path(a), _BOM_MESSAGE) for a in boms.to_list())
    return frame
