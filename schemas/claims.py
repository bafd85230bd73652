"""The `claims` table (`claims/<article_id>.claims.jsonl`): assertions built from mentions."""

from __future__ import annotations

from typing import ClassVar

import pandera.polars as pa
import polars as pl

from schemas._common import (
    CLAIM_KINDS,
    DATE_PATTERN,
    EVENT_STATUSES,
    EVENT_TYPES,
    ID_PATTERN,
    list_is_sorted,
    list_items_match,
    prefixed_by_article,
    real_calendar_days,
)

__all__ = ["ClaimsModel"]

_ID_LISTS = ("participants", "parties", "scopes", "mention_ids")
# Per kind, the fields a claim cannot do without.
_REQUIRED_BY_KIND = {
    "event": ("event_type", "participants"),
    "role": ("person", "office"),
    "agreement": ("agreement", "parties"),
}


def _present(column: str) -> pl.Expr:
    """Non-null, and for id lists also non-empty."""
    col = pl.col(column)
    if column in _ID_LISTS:
        return col.is_not_null() & (col.list.len() > 0)
    return col.is_not_null()


def _participants_present() -> pl.Expr:
    """An event names who acts: reference ids, or (extracted rows) identity keys of people the
    reference does not know."""
    return _present("participants") | (
        pl.col("participant_keys").is_not_null() & (pl.col("participant_keys").list.len() > 0)
    )


def _kind_requires(kind: str) -> pl.Expr:
    """Rows of `kind` have every field the kind requires; other kinds pass."""
    required = pl.all_horizontal(
        [
            _participants_present() if c == "participants" else _present(c)
            for c in _REQUIRED_BY_KIND[kind]
        ]
    )
    return (pl.col("kind") != kind) | required


class ClaimsModel(pa.DataFrameModel):
    """An event, role or agreement claim with its provenance."""

    claim_id: str = pa.Field(str_matches=ID_PATTERN, unique=True)
    article_id: str = pa.Field(str_matches=ID_PATTERN)
    kind: str = pa.Field(isin=CLAIM_KINDS)
    event_type: str = pa.Field(nullable=True, isin=EVENT_TYPES)
    participants: list[str] = pa.Field(nullable=True)
    participant_keys: list[str] = pa.Field(nullable=True)
    agreement: str = pa.Field(nullable=True, str_matches=ID_PATTERN)
    place: str = pa.Field(nullable=True, str_matches=ID_PATTERN)
    date: str = pa.Field(nullable=True, str_matches=DATE_PATTERN)
    date_mention: str = pa.Field(nullable=True, str_matches=ID_PATTERN)
    status: str = pa.Field(nullable=True, isin=EVENT_STATUSES)
    person: str = pa.Field(nullable=True, str_matches=ID_PATTERN)
    office: str = pa.Field(nullable=True, str_matches=ID_PATTERN)
    parties: list[str] = pa.Field(nullable=True)
    scopes: list[str] = pa.Field(nullable=True)
    mention_ids: list[str]
    extractor: str = pa.Field(str_length={"min_value": 1})
    extractor_version: str = pa.Field(nullable=True)
    confidence: float = pa.Field(in_range={"min_value": 0.0, "max_value": 1.0})

    @pa.check("date", name="real-calendar-day")
    @classmethod
    def real_calendar_day(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Day-precision dates name days that exist."""
        return real_calendar_days(data)

    @pa.check(*_ID_LISTS, name="ids-well-formed")
    @classmethod
    def ids_well_formed(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Every id in an id list matches the identifier pattern."""
        return list_items_match(data, ID_PATTERN)

    @pa.check("participants", "parties", "scopes", name="ids-sorted")
    @classmethod
    def ids_sorted(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Participants, parties and scopes are stored sorted, so equal sets compare equal."""
        return list_is_sorted(data)

    @pa.check("mention_ids", name="not-empty")
    @classmethod
    def mention_ids_not_empty(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """A claim rests on at least one mention."""
        return data.lazyframe.select(pl.col(data.key).list.len() > 0)

    @pa.dataframe_check(name="event-requires-event_type-participants")
    @classmethod
    def event_fields(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """An event claim names its type and at least one participant."""
        return data.lazyframe.select(_kind_requires("event"))

    @pa.dataframe_check(name="role-requires-person-office")
    @classmethod
    def role_fields(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """A role claim names the person and the office."""
        return data.lazyframe.select(_kind_requires("role"))

    @pa.dataframe_check(name="agreement-requires-agreement-parties")
    @classmethod
    def agreement_fields(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """An agreement claim names the agreement and at least one party."""
        return data.lazyframe.select(_kind_requires("agreement"))

    @pa.dataframe_check(name="id-prefixed-by-article")
    @classmethod
    def id_prefixed_by_article(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Claim ids are `<article_id>-c<NNN>`."""
        return prefixed_by_article(data, "claim_id", "c")

    class Config:
        name = "claims"
        strict = True
        metadata: ClassVar[dict[str, object]] = {
            "row_key": ("claim_id",),
            # The columns each row-level check reads, shown in its findings.
            "row_checks": {
                **{
                    f"{kind}-requires-{'-'.join(fields)}": ("kind", *fields)
                    for kind, fields in _REQUIRED_BY_KIND.items()
                },
                "id-prefixed-by-article": ("article_id", "claim_id"),
            },
        }
