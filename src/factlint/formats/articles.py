"""Article texts: one file each in the text layout, a column of `articles.parquet` in the
columnar one. Either way every article gets `text`, `file_status` and `file_sha256`.

Article files are read by a pool of threads: opening, reading and closing a file are system
calls that release the interpreter lock, so the reads overlap each other and the hashing.
"""

from __future__ import annotations

import hashlib
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl

from factlint.errors import InputError
from factlint.files import SpecialFileError, read_regular_file
from factlint.formats._common import LoadNote, folder
from factlint.layout import ARTICLE_EXTRA_COLUMNS

__all__ = ["ARTICLE_ID_PATTERN", "attach_article_column", "attach_article_files"]

ARTICLE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_ARTICLE_ID = re.compile(ARTICLE_ID_PATTERN)
# Articles per task of the pool: large enough that scheduling costs nothing beside the reads.
_BATCH = 2048
_BOM_MESSAGE = "article file starts with a byte-order mark"

Read = tuple[str | None, str, str | None]  # text, file_status, sha256 of the bytes


def attach_article_files(root: Path, articles: pl.DataFrame, notes: list[LoadNote]) -> pl.DataFrame:
    """Read each article's file under `articles/`; record what went wrong in `file_status`."""
    found = folder(root, "articles")
    directory = found.resolve() if found is not None else root / "articles"
    ids = articles.get_column("article_id").to_list()
    batches = [ids[i : i + _BATCH] for i in range(0, len(ids), _BATCH)]
    workers = min(8, (os.cpu_count() or 1) * 4, max(1, len(batches)))
    if workers > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(lambda batch: _read_batch(directory, batch, root), batches))
    else:
        results = [_read_batch(directory, batch, root) for batch in batches]
    reads = [read for batch in results for read in batch]
    for article_id, (text, status, _) in zip(ids, reads, strict=True):
        if status == "ok" and text is not None and text.startswith("\ufeff"):
            notes.append(LoadNote("bom", _article_path(article_id), _BOM_MESSAGE))
    return articles.with_columns(
        pl.Series("text", [r[0] for r in reads], dtype=ARTICLE_EXTRA_COLUMNS["text"]),
        pl.Series("file_status", [r[1] for r in reads], dtype=pl.String),
        pl.Series("file_sha256", [r[2] for r in reads], dtype=pl.String),
    )


def _article_path(article_id: str) -> str:
    """Where an article's file is, as the dataset names it (`articles/seed-001.txt`)."""
    return f"articles/{article_id}.txt"


def _read_batch(directory: Path, ids: list[str | None], root: Path) -> list[Read]:
    return [_read_article(directory, article_id, root) for article_id in ids]


def _read_article(directory: Path, article_id: str | None, root: Path) -> Read:
    if article_id is None or not _ARTICLE_ID.fullmatch(article_id):
        # Never build a path from an id that could leave the folder.
        return None, "invalid-id", None
    path = directory / f"{article_id}.txt"
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
    return text, "ok", digest


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
    texts = articles.get_column("text")
    # Python's hashlib: neither Polars nor Arrow computes SHA-256. One call per article,
    # on strings already in memory.
    digests = pl.Series(
        "digest",
        [None if t is None else hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts],
        dtype=pl.String,
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
