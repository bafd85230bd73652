"""Loading a dataset folder into Polars frames.

The loader only refuses input it cannot read at all (not UTF-8, malformed CSV or JSON, a value
of the wrong JSON type, JSON nested too deeply, a Parquet column of the wrong type, no
articles, a pipe, device or link where a data file belongs): that is an `InputError` naming
the file and line. Anything it can read but that is wrong (a missing field, an unknown column,
an id that would escape the folder, a missing article file) is loaded as it is and left for
the checks to report.

A dataset is in the text layout (CSV, JSON Lines, one text file per article), the columnar
layout (the same tables as Parquet) or a mix: each table is read from the file it has, by the
reader its extension names (`factlint.formats`), and gives the same frame either way.

Nothing here may hang or recurse without bound: every file is checked to be a regular file
before it is opened (`factlint.files`), symbolic links to files are never followed (folders
may be links), and JSON nesting is measured before any parser sees a line.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

import polars as pl

from factlint.errors import InputError, is_utf8_path
from factlint.formats import read, read_row_files, table_file
from factlint.formats._common import (
    NOT_UTF8_NAME,
    LoadNote,
    aligned,
    empty,
    folder,
    listing,
    rel,
    with_no_source,
)
from factlint.formats.articles import ARTICLE_ID_PATTERN, attach_article_files
from factlint.formats.jsonl import JSON_MAX_DEPTH
from factlint.formats.parquet import (
    article_texts,
    attach_article_digests,
    mark_loaded,
    reads_by_slice,
)
from factlint.layout import CSV_TABLES, JSONL_TABLES, TableSpec, parquet_path

__all__ = [
    "ARTICLE_ID_PATTERN",
    "JSON_MAX_DEPTH",
    "TEXT_SLICE_ROWS",
    "Dataset",
    "LoadNote",
    "load_dataset",
]

# Articles whose texts `Dataset.texts_at` reads at once by default: about 12 MB of text in
# the generated data, 500 MB of long articles.
TEXT_SLICE_ROWS = 100_000


@dataclass
class Dataset:
    """A loaded dataset: one Polars frame per table, plus what the loader noticed.

    `frames` are what the loader holds in memory. In the columnar layout that is every
    column but the article texts, which stay in `articles.parquet` (at ten million claims
    they were the largest column); `lazy("articles")` and `frame("articles")` give the table
    with them in both layouts.
    """

    root: Path
    frames: dict[str, pl.DataFrame]
    notes: list[LoadNote] = field(default_factory=list)
    missing_tables: frozenset[str] = frozenset()

    def frame(self, name: str) -> pl.DataFrame:
        """A table, whole: for the articles of the columnar layout every text is read (a
        query that needs only some of them, or none, is cheaper on `lazy`)."""
        texts = self._texts(name)
        return self.frames[name] if texts is None else texts.collect()

    def lazy(self, name: str) -> pl.LazyFrame:
        """A table as a LazyFrame: the article texts of the columnar layout are read only
        when a query selects them."""
        texts = self._texts(name)
        return self.frames[name].lazy() if texts is None else texts

    def texts_at(self, rows: pl.Series, size: int | None = None) -> pl.Series:
        """The texts of the articles at `rows` (row numbers of the articles table, ascending;
        a text is null where `lazy("articles")` has none): the texts a rule needs of a dataset
        whose texts stay on disk, without holding all of them at once.

        For the loader's frame of the columnar layout, `articles.parquet` is read `size` rows
        at a time (a slice of the frame is a slice of the file) and only the rows asked for
        are kept. A frame cut down from it (a changed-data or partitioned run) has its texts
        joined once, as `lazy` does, since a slice of that join would read the whole file;
        texts held in memory are gathered as they are."""
        frame = self.frames["articles"]
        lazy = self._texts("articles")
        if lazy is None or not reads_by_slice(frame):
            if lazy is not None:
                whole = lazy.select("text").collect().get_column("text")
            elif "text" in frame.columns:
                whole = frame.get_column("text")
            else:
                return pl.repeat(None, rows.len(), dtype=pl.String, eager=True).alias("text")
            return whole.gather(rows).alias("text")
        size = size or TEXT_SLICE_ROWS
        texts = lazy.select("text")
        parts = [pl.Series("text", [], dtype=pl.String)]
        for first in range(0, frame.height, size):
            lo, hi = rows.search_sorted(first, "left"), rows.search_sorted(first + size, "left")
            if hi > lo:
                read = texts.slice(first, size).collect().get_column("text")
                parts.append(read.gather(rows.slice(lo, hi - lo) - first))
        return pl.concat(parts).alias("text")

    def _texts(self, name: str) -> pl.LazyFrame | None:
        frame = self.frames[name]
        if name != "articles" or "text" in frame.columns:
            return None
        return article_texts(self.root, frame)


def load_dataset(root: Path | str) -> Dataset:
    """Read every table of the dataset at `root`, in whichever layout each table is."""
    root = Path(root)
    if not is_utf8_path(root):
        raise InputError(root, NOT_UTF8_NAME)
    folder(root, "", required=True)
    notes: list[LoadNote] = []
    frames: dict[str, pl.DataFrame] = {}
    missing: set[str] = set()
    article_notes: list[LoadNote] = []
    texts: Future[pl.DataFrame] | None = None
    with ThreadPoolExecutor(max_workers=1) as background:
        # Article files are read (or, in the columnar layout, their texts hashed) from as
        # soon as the article list is known, while Arrow and Polars parse the reference
        # tables, mentions and claims: the reads wait on the system calls, the hashing holds
        # the interpreter, and the parsers run in native threads without it.
        for spec in CSV_TABLES:
            path = table_file(root, spec)
            if path is None:
                if spec.name == "articles":
                    raise InputError(
                        root / spec.path,
                        "no articles.csv (or articles.parquet): this is not a factlint dataset "
                        "folder",
                    )
                missing.add(spec.name)
                notes.append(LoadNote("missing-table", spec.path, "reference table is missing"))
                frames[spec.name] = with_no_source(empty(spec))
                continue
            frames[spec.name] = read(path, spec, root, notes)
            if spec.name == "articles" and frames["articles"].height:
                texts = background.submit(
                    _attach_texts, root, path, frames["articles"], article_notes
                )
        if texts is None:
            raise InputError(
                table_file(root, CSV_TABLES[0]) or root, "the dataset has no articles", 1
            )
        for spec in JSONL_TABLES:
            directory = spec.path.split("/", 1)[0]
            if folder(root, directory) is None:
                missing.add(spec.name)
                message = f"folder {directory}/ is missing: no {spec.name} were loaded"
                notes.append(LoadNote("missing-table", f"{directory}/", message))
            frames[spec.name] = read_row_files(root, spec, notes)
        frames["articles"] = mark_loaded(aligned(texts.result()))
    notes.extend(article_notes)
    _note_stray_files(root, notes)
    return Dataset(root=root, frames=frames, notes=notes, missing_tables=frozenset(missing))


def _attach_texts(
    root: Path, path: Path, articles: pl.DataFrame, notes: list[LoadNote]
) -> pl.DataFrame:
    """The articles with their texts: from `articles.parquet` itself, or one file each.

    `file_status` is held as `pl.Categorical` (six values, four bytes a row instead of a
    16-byte view: 77 MiB at ten million claims); it compares with strings as they do.
    """
    if path.name.endswith(".parquet"):
        frame = attach_article_digests(path, articles, notes)
    else:
        frame = attach_article_files(root, articles, notes)
    # Lazily: an eager `with_columns` on a frame read in chunks copies it into one chunk.
    status = pl.col("file_status").cast(pl.Categorical)
    return frame.lazy().with_columns(status).collect()


def _read_jsonl_tables(root: Path, spec: TableSpec, notes: list[LoadNote]) -> pl.DataFrame:
    """Every file of a mentions or claims table (JSON Lines or Parquet) as one frame: the
    entry point `factlint.extract` reads `extracted/` with."""
    return read_row_files(root, spec, notes)


def _note_stray_files(root: Path, notes: list[LoadNote]) -> None:
    """Files in `claims/` that match no table are probably misnamed: say so."""
    claims = folder(root, "claims")
    if claims is None:
        return
    patterns = [spec.path.split("/", 1)[1] for spec in JSONL_TABLES]
    patterns += [parquet_path(pattern) for pattern in patterns]
    for path in listing(claims):
        if not any(fnmatchcase(path.name, pattern) for pattern in patterns):
            notes.append(
                LoadNote(
                    "stray-file",
                    rel(root, path),
                    "not loaded: claims/ holds only *.mentions.jsonl and *.claims.jsonl files "
                    "(or their .parquet twins)",
                )
            )
