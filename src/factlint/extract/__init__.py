"""Extraction: reading articles into mentions and claims.

An extractor is any object with `name`, `version`, `prepare(reference_frames)` and
`extract(article_id, text, published) -> (mention_rows, claim_rows, unknown_rows)` (see
`Extractor`). The built-in one is rule-based and offline (`factlint.extract.builtin`); others
(a statistical model, an annotation tool's export, a language-model pipeline) plug in through
the `factlint.extractors` entry-point group and are checked the same way: their rows are
conformed to the dataset's table specs, stamped with their name and version, and go through
the same schema gate and rules as curated rows.

Extracted rows live beside the curated ones, never in their files: `extracted/<article_id>
.mentions.jsonl` and `.claims.jsonl`. Where an article has curated files in `claims/`, those stay
the rows of record and its extracted rows serve only `factlint eval`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Protocol

import polars as pl

from factlint.atomic import write_text_atomic
from factlint.dataset import Dataset
from factlint.errors import ConfigError, display_path
from factlint.formats._common import LoadNote
from factlint.layout import CLAIMS, MENTIONS, TableSpec

__all__ = [
    "ENTRY_POINT_GROUP",
    "EXTRACTED_DIR",
    "Extraction",
    "Extractor",
    "extract_dataset",
    "load_extractor",
    "read_extracted",
    "records_of_record",
    "write_extraction",
]

ENTRY_POINT_GROUP = "factlint.extractors"
EXTRACTED_DIR = "extracted"
_REFERENCE_TABLES = (
    "entities",
    "aliases",
    "office_holders",
    "agreement_parties",
    "scopes",
    "scope_phrases",
)
Row = dict[str, Any]


class Extractor(Protocol):
    """What factlint needs of an extractor."""

    name: str
    version: str

    def prepare(self, reference: dict[str, pl.DataFrame]) -> None:
        """Called once before the articles, with the dataset's reference tables."""

    def extract(
        self, article_id: str, text: str, published: str | None
    ) -> tuple[list[Row], list[Row], list[Row]]:
        """Mention rows, claim rows and unknown-entity rows for one article."""


@dataclass
class Extraction:
    """What an extractor produced for a set of articles."""

    extractor: str
    version: str
    mentions: pl.DataFrame
    claims: pl.DataFrame
    unknown: pl.DataFrame
    article_ids: list[str] = field(default_factory=list)
    # Articles asked for whose text could not be read (missing, not UTF-8, ...): not extracted.
    unreadable: list[str] = field(default_factory=list)


def load_extractor(name: str = "builtin") -> Extractor:
    """The extractor registered under `name` in the `factlint.extractors` entry points.

    factlint registers its own as `builtin`; it is also found when factlint runs from a source
    tree that was never installed (no entry points then).
    """
    found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
    if not found and name == "builtin":
        from factlint.extract.builtin import BuiltinExtractor

        return BuiltinExtractor()
    if not found:
        known = sorted({"builtin", *(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))})
        raise ConfigError(f"unknown extractor {name!r}; installed: {', '.join(known)}")
    try:
        extractor = found[0].load()()
    except Exception as exc:
        raise ConfigError(
            f"extractor {name!r} cannot be loaded: {type(exc).__name__}: {exc}"
        ) from exc
    missing = [a for a in ("name", "version", "prepare", "extract") if not hasattr(extractor, a)]
    if missing:
        raise ConfigError(
            f"extractor {name!r} lacks {', '.join(missing)}: see factlint.extract.Extractor"
        )
    return extractor


def extract_dataset(
    dataset: Dataset,
    extractor: Extractor,
    article_ids: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Extraction:
    """Run `extractor` over the dataset's articles (or the named ones) with readable text."""
    articles = dataset.frame("articles")
    if article_ids is not None:
        wanted = set(article_ids)
        missing = sorted(wanted - set(articles.get_column("article_id").to_list()))
        if missing:
            raise ConfigError(f"no such article(s) in {dataset.root}: {', '.join(missing)}")
        articles = articles.filter(pl.col("article_id").is_in(list(wanted)))
    unreadable = sorted(
        articles.filter(pl.col("text").is_null()).get_column("article_id").drop_nulls().to_list()
    )
    articles = articles.filter(pl.col("text").is_not_null()).sort("article_id")
    extractor.prepare({t: dataset.frames[t] for t in _REFERENCE_TABLES if t in dataset.frames})
    mentions: list[Row] = []
    claims: list[Row] = []
    unknown: list[Row] = []
    total = articles.height
    rows = articles.select("article_id", "text", "published").iter_rows()
    for done, (article_id, text, published) in enumerate(rows, start=1):
        m, c, u = extractor.extract(article_id, text, published)
        stamp = {"extractor": extractor.name, "extractor_version": extractor.version}
        mentions += [{**r, "article_id": article_id, **stamp} for r in m]
        claims += [{**r, "article_id": article_id, **stamp} for r in c]
        unknown += [{**r, "article_id": article_id} for r in u]
        if progress is not None:
            progress(done, total)
    return Extraction(
        extractor=extractor.name,
        version=extractor.version,
        mentions=_frame(mentions, MENTIONS),
        claims=_frame(claims, CLAIMS),
        unknown=pl.DataFrame(
            unknown,
            schema={
                "article_id": pl.String,
                "kind": pl.String,
                "text": pl.String,
                "name_key": pl.String,
                "sentence": pl.String,
            },
        ),
        article_ids=articles.get_column("article_id").to_list(),
        unreadable=unreadable,
    )


def _frame(rows: list[Row], spec: TableSpec) -> pl.DataFrame:
    """Rows conformed to the table spec: its columns, in its order, with its types."""
    columns = list(spec.columns)
    unknown = sorted({k for r in rows for k in r} - set(columns))
    if unknown:
        raise ConfigError(f"extractor rows have columns the {spec.name} table lacks: {unknown}")
    return pl.DataFrame(
        [{c: r.get(c) for c in columns} for r in rows], schema=spec.columns, orient="row"
    )


def _jsonl(frame: pl.DataFrame) -> str:
    """JSON Lines, one row each, keys in table order, nulls left out: byte-stable output."""
    lines = []
    for row in frame.iter_rows(named=True):
        lines.append(
            json.dumps({k: v for k, v in row.items() if v is not None}, ensure_ascii=False)
        )
    return "".join(line + "\n" for line in lines)


def write_extraction(root: Path, extraction: Extraction) -> list[Path]:
    """Write one mentions and one claims file per article under `root/extracted/`, atomically.

    Files of articles not in the extraction are left alone; nothing under `claims/` is touched.
    A file whose content would not change is not rewritten.
    """
    out = root / EXTRACTED_DIR
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        # A link would take the writes elsewhere: into claims/ (the curated rows) or out of
        # the dataset. extracted/ is the one folder factlint writes, and only a real one.
        raise ConfigError(
            f"{display_path(out)} is a symbolic link or not a folder: factlint writes "
            "extracted rows only into a real extracted/ folder of the dataset"
        )
    out.mkdir(exist_ok=True)
    written = []
    mentions = extraction.mentions.partition_by("article_id", as_dict=True, maintain_order=True)
    claims = extraction.claims.partition_by("article_id", as_dict=True, maintain_order=True)
    empty_m, empty_c = extraction.mentions.clear(), extraction.claims.clear()
    for article_id in extraction.article_ids:
        for suffix, parts, empty in (("mentions", mentions, empty_m), ("claims", claims, empty_c)):
            body = _jsonl(parts.get((article_id,), empty))
            path = out / f"{article_id}.{suffix}.jsonl"
            if path.is_symlink() or (path.exists() and not path.is_file()):
                raise ConfigError(
                    f"{display_path(path)} is a symbolic link or not a regular file: "
                    "factlint does not write through it"
                )
            if path.is_file() and path.read_bytes() == body.encode("utf-8"):
                continue
            write_text_atomic(path, body)
            written.append(path)
    return written


def read_extracted(dataset: Dataset) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The rows under `extracted/` (empty frames when there is none), read like `claims/`."""
    from factlint.dataset import _read_jsonl_tables  # one JSON Lines reader for both folders

    folder = dataset.root / EXTRACTED_DIR
    if not folder.is_dir():
        return pl.DataFrame(schema=MENTIONS.columns), pl.DataFrame(schema=CLAIMS.columns)
    notes: list[Any] = []
    frames = []
    for spec in (MENTIONS, CLAIMS):
        pattern = spec.path.replace("claims/", f"{EXTRACTED_DIR}/", 1)
        frames.append(_read_jsonl_tables(dataset.root, replace(spec, path=pattern), notes))
    dataset.notes.extend(notes)
    return frames[0], frames[1]


def curated_article_ids(dataset: Dataset) -> set[str]:
    """Articles with curated rows: any mention or claim in `claims/`."""
    return set(_article_ids(dataset.frames.get("mentions"), dataset.frames.get("claims")))


def _article_ids(*frames: pl.DataFrame | None) -> pl.Series:
    """The distinct article ids of `frames` (a column, not a Python set: millions at scale)."""
    columns = [
        f.get_column("article_id").drop_nulls()
        for f in frames
        if f is not None and f.height and "article_id" in f.columns
    ]
    if not columns:
        return pl.Series("article_id", [], dtype=pl.String)
    return pl.concat(columns).unique()


def _with_builtin_places(
    entities: pl.DataFrame,
    mentions: pl.DataFrame,
    claims: pl.DataFrame,
    with_cities: bool = True,
) -> pl.DataFrame:
    """`entities` plus a row for each CLDR country (and, `with_cities`, each CLDR city) that
    extracted rows name and the reference tables lack (the built-in extractor knows their
    Arabic names from CLDR; its `country-<english-name>` and `city-<english-name>` ids then
    resolve like reference ids, with CLDR as their source). Cities are looked for only where
    rows were extracted: the reference never lists all of them, and the look costs a pass
    over every claim's participants at ten million claims."""
    from factlint.arabic.cities import cities
    from factlint.arabic.countries import countries

    known = (
        set(entities.get_column("entity_id").drop_nulls().unique().to_list())
        if entities.height
        else set()
    )
    missing: dict[str, Any] = {c.entity_id: c for c in countries() if c.entity_id not in known}
    if with_cities:
        missing |= {c.entity_id: c for c in cities() if c.entity_id not in known}
    if not missing:
        return entities  # the reference knows every country: nothing to add
    # Only the missing ids are looked for, in Polars: millions of rows name few countries.
    wanted = pl.Series(list(missing), dtype=pl.String)
    used: set[str] = set()
    columns = []
    if "value" in mentions.columns:
        columns.append(mentions.filter(pl.col("kind") == "place").get_column("value"))
    for column in ("participants", "parties"):
        if column in claims.columns:
            columns.append(claims.get_column(column).explode())
    if "place" in claims.columns:
        columns.append(claims.get_column("place"))
    for values in columns:
        used |= set(values.filter(values.is_in(wanted.implode())).unique().to_list())
    rows = [
        {
            "entity_id": c.entity_id,
            "type": "city" if entity_id.startswith("city-") else "country",
            "name_ar": c.name_ar,
            "name_en": c.name_en,
            "source": "CLDR (Babel): built-in city names"
            if entity_id.startswith("city-")
            else "CLDR (Babel): built-in country names",
        }
        for entity_id, c in missing.items()
        if entity_id in used
    ]
    if not rows:
        return entities
    return pl.concat([entities, pl.DataFrame(rows)], how="diagonal_relaxed")


def records_of_record(
    dataset: Dataset,
    *,
    extract_missing: bool = True,
    extractor: Extractor | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[Dataset, dict[str, int]]:
    """The dataset whose mentions and claims are the rows of record for every article.

    Curated rows where an article has them; else the rows in `extracted/`; else, with
    `extract_missing`, rows extracted now in memory. Returns the dataset and counts
    (`curated`, `extracted_files`, `extracted_now` articles).
    """
    # Set algebra by anti-joins in Polars: at scale there are millions of articles, nearly all
    # curated, and only the few left over become Python values.
    stored_m, stored_c = read_extracted(dataset)
    curated_frames = [dataset.frames.get("mentions"), dataset.frames.get("claims")]
    stored_ids = _article_ids(stored_m, stored_c)
    use_stored = (
        stored_ids.filter(~stored_ids.is_in(_article_ids(*curated_frames).implode()))
        if stored_ids.len()
        else stored_ids
    )
    parts_m = [
        dataset.frame("mentions"),
        stored_m.filter(pl.col("article_id").is_in(use_stored.implode())),
    ]
    parts_c = [
        dataset.frame("claims"),
        stored_c.filter(pl.col("article_id").is_in(use_stored.implode())),
    ]
    # Whether an article has a text, without reading the texts (the columnar layout keeps
    # them on disk): a readable file is `ok`, and only a readable file has a text.
    articles = dataset.lazy("articles")
    if "file_status" in articles.collect_schema().names():
        articles = articles.select("article_id", has_text=pl.col("file_status") == "ok")
    else:
        articles = articles.select("article_id", has_text=pl.col("text").is_not_null())
    uncurated = articles.collect()
    article_count = uncurated.height
    # The smaller table first, and the next only for the articles still left: at scale every
    # article is curated, and the second anti join (a hash table of every mention's article
    # id) is then not built at all.
    curated = [
        f for f in curated_frames if f is not None and f.height and "article_id" in f.columns
    ]
    for frame in sorted(curated, key=lambda f: f.height):
        if uncurated.height == 0:
            break
        uncurated = uncurated.join(frame.select("article_id"), on="article_id", how="anti")
    ids_left = (
        uncurated.filter("has_text")
        .select("article_id")
        .join(stored_ids.to_frame(), on="article_id", how="anti")
    )
    todo = sorted(ids_left.get_column("article_id").to_list())
    extracted_now = 0
    if extract_missing and todo:
        extraction = extract_dataset(dataset, extractor or load_extractor(), todo, progress)
        parts_m.append(extraction.mentions)
        parts_c.append(extraction.claims)
        extracted_now = len(todo)
    frames = dict(dataset.frames)
    # Curated frames keep every column they were loaded with (an unknown field is a schema
    # finding); extracted rows only add rows.
    supplied = set()
    # Articles were read into rows here or before: the tables exist, if empty (a weather
    # report has no claim), and every rule runs on them.
    read = extracted_now > 0 or use_stored.len() > 0
    for table, parts in (("mentions", parts_m), ("claims", parts_c)):
        extra = [p for p in parts[1:] if p.height]
        if extra or (read and table in dataset.missing_tables):
            frames[table] = pl.concat([parts[0], *extra], how="diagonal_relaxed")
            supplied.add(table)
    notes = list(dataset.notes)
    if read and frames["claims"].height == 0:
        # Nothing may pass having checked nothing: say so once, as a finding.
        from factlint.outputs._common import id_text

        read_ids = sorted({*todo[:extracted_now], *use_stored.to_list()})
        shown = id_text(read_ids[:10], len(read_ids), separator=", ")
        notes.append(
            LoadNote(
                "no-claims",
                "claims",
                f"no claim to check: the extractor read {len(read_ids)} article(s) and found "
                f"no claim in any ({shown}); curate claims for them or check the texts",
            )
        )
    frames["entities"] = _with_builtin_places(
        frames["entities"], frames["mentions"], frames["claims"], with_cities=read
    )
    merged = Dataset(
        root=dataset.root,
        frames=frames,
        notes=notes,
        # A dataset with no claims/ folder whose rows come from extraction has those tables.
        missing_tables=dataset.missing_tables
        - {t for t in ("mentions", "claims") if t in supplied},
    )
    counts = {
        "curated": article_count - uncurated.height,
        "extracted_files": use_stored.len(),
        "extracted_now": extracted_now,
    }
    return merged, counts
