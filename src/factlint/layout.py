"""The on-disk layout of a dataset: which files hold which table, with which columns and types.

This is the single description the loader, the schema gate and the documentation agree on.
Every table has a file in each layout: the text layout (CSV for the article list and the
reference tables, JSON Lines for mentions and claims, one text file per article) and the
columnar layout (the same paths ending in `.parquet`, with the article texts in a column of
`articles.parquet`). The readers of `factlint.formats` pick a file's reader by its extension.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

__all__ = [
    "ARTICLE_EXTRA_COLUMNS",
    "ARTICLE_PARQUET_COLUMNS",
    "CODE_COLUMNS",
    "CODE_LIST_COLUMNS",
    "CSV_TABLES",
    "JSONL_TABLES",
    "LOADER_CODE_COLUMNS",
    "LOADER_COLUMNS",
    "TABLES",
    "TableSpec",
]

_IDS = pl.List(pl.String)


@dataclass(frozen=True)
class TableSpec:
    """One table: its name, where it lives, its columns and their Polars types."""

    name: str
    path: str
    columns: dict[str, pl.DataType]
    required: tuple[str, ...]
    optional_file: bool = False

    @property
    def text_format(self) -> str:
        """`csv` or `jsonl`: the format of the table's file in the text layout."""
        return self.path.rsplit(".", 1)[1]

    @property
    def parquet_path(self) -> str:
        """Where the table lives in the columnar layout: the same path, ending in `.parquet`."""
        return parquet_path(self.path)


ARTICLES = TableSpec(
    name="articles",
    path="articles.csv",
    columns={
        "article_id": pl.String(),
        "title": pl.String(),
        "outlet": pl.String(),
        "url": pl.String(),
        "language": pl.String(),
        "published": pl.String(),
        "sha256": pl.String(),
    },
    required=("article_id", "title", "outlet", "url", "language", "published", "sha256"),
)

ENTITIES = TableSpec(
    name="entities",
    path="reference/entities.csv",
    columns={
        "entity_id": pl.String(),
        "type": pl.String(),
        "name_ar": pl.String(),
        "name_en": pl.String(),
        "source": pl.String(),
    },
    required=("entity_id", "type", "name_ar", "name_en", "source"),
)

ALIASES = TableSpec(
    name="aliases",
    path="reference/aliases.csv",
    columns={
        "entity_id": pl.String(),
        "alias": pl.String(),
        "valid_from": pl.String(),
        "valid_to": pl.String(),
        "source": pl.String(),
    },
    required=("entity_id", "alias", "valid_from", "valid_to", "source"),
)

OFFICE_HOLDERS = TableSpec(
    name="office_holders",
    path="reference/office_holders.csv",
    columns={
        "office_id": pl.String(),
        "person_id": pl.String(),
        "start": pl.String(),
        "end": pl.String(),
        "source": pl.String(),
    },
    required=("office_id", "person_id", "start", "end", "source"),
)

AGREEMENT_PARTIES = TableSpec(
    name="agreement_parties",
    path="reference/agreement_parties.csv",
    columns={"agreement_id": pl.String(), "party_id": pl.String(), "source": pl.String()},
    required=("agreement_id", "party_id", "source"),
)

SCOPES = TableSpec(
    name="scopes",
    path="reference/scopes.csv",
    columns={"scope_code": pl.String(), "label_en": pl.String(), "label_ar": pl.String()},
    required=("scope_code", "label_en", "label_ar"),
)

SCOPE_PHRASES = TableSpec(
    name="scope_phrases",
    path="reference/scope_phrases.csv",
    columns={"scope_code": pl.String(), "phrase_ar": pl.String()},
    required=("scope_code", "phrase_ar"),
)

MENTIONS = TableSpec(
    name="mentions",
    path="claims/*.mentions.jsonl",
    columns={
        "mention_id": pl.String(),
        "article_id": pl.String(),
        "kind": pl.String(),
        "start": pl.Int64(),
        "end": pl.Int64(),
        "text": pl.String(),
        "value": pl.String(),
        "granularity": pl.String(),
        "calendar": pl.String(),
        "weekday": pl.Int64(),
        "relative": pl.Boolean(),
        "anchor": pl.String(),
        "same_as": pl.String(),
        "extractor": pl.String(),
        "extractor_version": pl.String(),
    },
    required=("mention_id", "article_id", "kind", "start", "end", "text"),
)

CLAIMS = TableSpec(
    name="claims",
    path="claims/*.claims.jsonl",
    columns={
        "claim_id": pl.String(),
        "article_id": pl.String(),
        "kind": pl.String(),
        "event_type": pl.String(),
        "participants": _IDS,
        "participant_keys": _IDS,
        "agreement": pl.String(),
        "place": pl.String(),
        "date": pl.String(),
        "date_mention": pl.String(),
        "status": pl.String(),
        "person": pl.String(),
        "office": pl.String(),
        "parties": _IDS,
        "scopes": _IDS,
        "mention_ids": _IDS,
        "extractor": pl.String(),
        "extractor_version": pl.String(),
        "confidence": pl.Float64(),
    },
    required=("claim_id", "article_id", "kind", "mention_ids", "extractor", "confidence"),
)

CSV_TABLES: tuple[TableSpec, ...] = (
    ARTICLES,
    ENTITIES,
    ALIASES,
    OFFICE_HOLDERS,
    AGREEMENT_PARTIES,
    SCOPES,
    SCOPE_PHRASES,
)
JSONL_TABLES: tuple[TableSpec, ...] = (MENTIONS, CLAIMS)

TABLES: tuple[TableSpec, ...] = (*CSV_TABLES, *JSONL_TABLES)


def parquet_path(path: str) -> str:
    """A text-layout path or pattern (`claims/*.claims.jsonl`) in the columnar layout."""
    return path.rsplit(".", 1)[0] + ".parquet"


# Columns the loader adds to every table: where each row comes from. In the text layout the
# file and the line the row starts on; in the columnar layout the Parquet file and the row's
# 1-based number, unless the file records them itself (`factlint convert` keeps the text
# file and line a row came from, so that findings name the same place in both layouts).
LOADER_COLUMNS: dict[str, pl.DataType] = {"source_file": pl.String(), "source_line": pl.Int64()}
# Loader columns held as `pl.Categorical`, as the code columns are (`CODE_COLUMNS`): a table's
# rows come from a handful of files, so four bytes a row instead of a 16-byte string view (at
# ten million claims, about 350 MiB less over the three big tables). They stay strings in the
# data model: a Categorical compares, formats and joins with its own kind as a string does.
LOADER_CODE_COLUMNS: tuple[str, ...] = ("source_file",)

# Columns `articles.parquet` has beyond those of `articles.csv`: the text of the article file
# (null when there was no readable UTF-8 file), what became of the file, and, when there is
# no text, the hash of the file's bytes (a file that is not UTF-8 still has one).
ARTICLE_PARQUET_COLUMNS: dict[str, pl.DataType] = {
    "text": pl.String(),
    "file_status": pl.String(),
    "file_sha256": pl.String(),
}

# Columns the loader adds to `articles`.
ARTICLE_EXTRA_COLUMNS: dict[str, pl.DataType] = {
    "text": pl.String(),
    "file_status": pl.String(),
}
# file_status values: ok, empty, missing, link, unreadable, invalid-id, not-utf8

# Columns whose values come from a short vocabulary (a claim's kind, an event's type, a date's
# granularity): the loader holds them as `pl.Categorical`, four bytes a row, instead of a
# 16-byte string view each (at ten million claims and fifteen million mentions, about 1 GB
# less). They stay strings in the data model: Categorical columns compare with string
# literals and `is_in` as strings do, and the schema gate judges their values as strings.
# Not `pl.Enum`: a value outside the vocabulary must load and be a schema finding.
CODE_COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("language",),
    "mentions": ("kind", "granularity", "calendar", "extractor", "extractor_version"),
    "claims": ("kind", "event_type", "status", "extractor", "extractor_version"),
}

# Id lists whose ids come from the entity vocabulary (who took part in an event, who is party
# to an agreement): the loader holds them as `pl.List(pl.Categorical)`, four bytes an id
# instead of a 16-byte view and the id's text (at ten million claims, about 750 MiB less for
# the two). They stay lists of strings in the data model: their ids compare with string
# literals and `is_in` as strings do, sort as strings, and group as strings; a rule that
# joins them to a table of strings or joins a list into one text casts them to strings
# first (`factlint.identity.id_strings`), and the schema gate judges them as strings.
CODE_LIST_COLUMNS: dict[str, tuple[str, ...]] = {"claims": ("participants", "parties")}
