"""`factlint convert`: write a dataset in the other layout, text <-> Parquet.

The text layout (CSV, JSON Lines, one text file per article) is for small datasets that people
review and change one article at a time; the columnar layout (the same tables as Parquet, the
texts in a column of `articles.parquet`) is for millions of rows. Both load into the same
frames and give the same findings: the Parquet files keep the file and line each row had in
the text layout (`source_file`, `source_line`), and converting back writes each row to that
file again. What only a text file can carry (a byte-order mark, a stray file in `claims/`)
has no place in Parquet and is not kept.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import click
import polars as pl

from factlint.dataset import Dataset, _read_jsonl_tables, load_dataset
from factlint.errors import ConfigError
from factlint.files import resolve_path
from factlint.formats import write_parquet
from factlint.layout import (
    ARTICLE_PARQUET_COLUMNS,
    CSV_TABLES,
    JSONL_TABLES,
    LOADER_COLUMNS,
    TableSpec,
)

__all__ = ["convert", "convert_dataset"]

LAYOUTS = ("parquet", "text")
_EXTRACTED = "extracted"


def convert_dataset(source: Path, target: Path, layout: str | None = None) -> str:
    """Write the dataset at `source` into the new folder `target`; return the layout written
    (by default the one `source` is not in)."""
    if _is_within(target, source):
        raise ConfigError(f"{target} is inside the dataset {source}: convert into a new folder")
    if target.exists() and any(target.iterdir()):
        raise ConfigError(f"{target} exists and is not empty: convert into a new folder")
    dataset = load_dataset(source)
    if layout is None:
        layout = "text" if (source / "articles.parquet").exists() else "parquet"
    if layout not in LAYOUTS:
        raise ConfigError(f"unknown layout {layout!r}; expected one of {LAYOUTS}")
    target.mkdir(parents=True, exist_ok=True)
    extracted = _extracted(dataset)
    try:
        if layout == "parquet":
            _write_parquet(dataset, extracted, target)
        else:
            _write_text(dataset, extracted, target)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return layout


def _is_within(inner: Path, outer: Path) -> bool:
    inner, outer = resolve_path(inner), resolve_path(outer)
    return inner == outer or outer in inner.parents


def _extracted(dataset: Dataset) -> dict[str, pl.DataFrame]:
    """The rows under `extracted/` (machine-extracted, kept apart from curated rows)."""
    if not (dataset.root / _EXTRACTED).is_dir():
        return {}
    frames = {}
    for spec in JSONL_TABLES:
        pattern = spec.path.replace("claims/", f"{_EXTRACTED}/", 1)
        frames[spec.name] = _read_jsonl_tables(
            dataset.root, TableSpec(spec.name, pattern, spec.columns, spec.required), []
        )
    return frames


def _write_parquet(dataset: Dataset, extracted: dict[str, pl.DataFrame], target: Path) -> None:
    for spec in CSV_TABLES:
        if spec.name in dataset.missing_tables:
            continue
        frame = dataset.frame(spec.name)
        if spec.name == "articles":
            # The hash is recomputed from the text when the dataset is loaded; it is kept for
            # the files that had no text (not UTF-8) only.
            frame = frame.with_columns(
                file_sha256=pl.when(pl.col("text").is_null()).then("file_sha256")
            )
        write_parquet(frame, target / spec.parquet_path)
    for spec in JSONL_TABLES:
        directory = spec.path.split("/", 1)[0]
        kind = spec.path.rsplit("/", 1)[1].split(".", 1)[1].removesuffix(".jsonl")
        if spec.name not in dataset.missing_tables:
            (target / directory).mkdir(exist_ok=True)
            write_parquet(dataset.frame(spec.name), target / directory / f"all.{kind}.parquet")
        if spec.name in extracted:
            path = target / _EXTRACTED / f"all.{kind}.parquet"
            write_parquet(extracted[spec.name], path)


def _write_text(dataset: Dataset, extracted: dict[str, pl.DataFrame], target: Path) -> None:
    for spec in CSV_TABLES:
        if spec.name in dataset.missing_tables:
            continue
        frame = dataset.frame(spec.name)
        if spec.name == "articles":
            _write_article_files(frame, target / "articles")
            frame = frame.drop(*ARTICLE_PARQUET_COLUMNS, strict=False)
        path = target / spec.path
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.drop(*LOADER_COLUMNS, strict=False).write_csv(path)
    for spec in JSONL_TABLES:
        directory, pattern = spec.path.split("/", 1)
        if spec.name not in dataset.missing_tables:
            _write_jsonl(dataset.frame(spec.name), target / directory, pattern)
        if spec.name in extracted:
            _write_jsonl(extracted[spec.name], target / _EXTRACTED, pattern)


def _write_article_files(articles: pl.DataFrame, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    texts = articles.filter(pl.col("file_status").is_in(["ok", "empty"])).select(
        "article_id", "text"
    )
    for article_id, text in texts.iter_rows():
        (directory / f"{article_id}.txt").write_bytes(text.encode("utf-8"))


def _write_jsonl(frame: pl.DataFrame, directory: Path, pattern: str) -> None:
    """Rows back into the files they came from; rows read from Parquet without a recorded
    text file go to their article's file (`<article_id>.claims.jsonl`)."""
    directory.mkdir(parents=True, exist_ok=True)
    if not frame.height:
        return
    suffix = pattern.removeprefix("*")
    # (`source_file` is categorical as the loader holds it.)
    origin = pl.col("source_file").cast(pl.String).str.split("/").list.last()
    recorded = origin.str.ends_with(suffix).fill_null(False)
    file = (
        pl.when(recorded).then(origin).otherwise(pl.col("article_id").fill_null("unknown") + suffix)
    )
    ordered = frame.with_columns(_file=file).sort("_file", "source_line", maintain_order=True)
    for (name,), part in ordered.partition_by("_file", as_dict=True).items():
        rows = part.drop("_file", *LOADER_COLUMNS, strict=False)
        rows.write_ndjson(directory / str(name))


@click.command("convert")
@click.argument("source", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.argument("target", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--to",
    "layout",
    type=click.Choice(LAYOUTS),
    default=None,
    help="The layout to write [default: the one SOURCE is not in].",
)
def convert(source: Path, target: Path, layout: str | None) -> None:
    """Write the dataset SOURCE into the new folder TARGET in the other layout (text or
    Parquet); both give the same findings."""
    written = convert_dataset(source, target, layout)
    click.echo(f"factlint: wrote {target} ({written} layout)")
