"""The on-disk layout of a dataset: which files hold which table, with which columns and types.

This is the single description the loader, the schema gate and the documentation agree on.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

__all__ = ["CSV_TABLES", "JSONL_TABLES", "TableSpec"]

_IDS = pl.List(pl.String)


@dataclass(frozen=True)
class TableSpec:
    """One table: its name, where it lives, its columns and their Polars types."""

    name: str
    path: str
    columns: dict[str, pl.DataType]
    required: tuple[str, ...]
    optional_file: bool = False


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

# Columns the loader adds to `articles`.
ARTICLE_EXTRA_COLUMNS: dict[str, pl.DataType] = {
    "text": pl.String(),
    "file_status": pl.String(),
}
# file_status values: ok, missing, link, unreadable, invalid-id, not-utf8
