"""The reference tables under `reference/`: entities, aliases, offices, agreements, scopes."""

from __future__ import annotations

from typing import ClassVar

import pandera.polars as pa
import polars as pl

from schemas._common import (
    ARABIC_PATTERN,
    DATE_PATTERN,
    ENTITY_TYPES,
    ID_PATTERN,
    real_calendar_days,
)

__all__ = [
    "AgreementPartiesModel",
    "AliasesModel",
    "EntitiesModel",
    "OfficeHoldersModel",
    "ScopePhrasesModel",
    "ScopesModel",
]


class EntitiesModel(pa.DataFrameModel):
    """`entities.csv`: every entity a mention or claim may refer to."""

    entity_id: str = pa.Field(str_matches=ID_PATTERN, unique=True)
    type: str = pa.Field(isin=ENTITY_TYPES)
    name_ar: str = pa.Field(str_contains=ARABIC_PATTERN)
    # Not every entity has a settled English name or needs a source for its mere existence.
    name_en: str = pa.Field(nullable=True, str_length={"min_value": 1})
    source: str = pa.Field(nullable=True, str_length={"min_value": 1})

    class Config:
        name = "entities"
        strict = True
        metadata: ClassVar[dict[str, object]] = {"row_key": ("entity_id",), "row_checks": {}}


class AliasesModel(pa.DataFrameModel):
    """`aliases.csv`: Arabic names and spellings of an entity, with their validity."""

    entity_id: str = pa.Field(str_matches=ID_PATTERN)
    alias: str = pa.Field(str_contains=ARABIC_PATTERN)
    # Empty bounds mean the alias is valid open-endedly.
    valid_from: str = pa.Field(nullable=True, str_matches=DATE_PATTERN)
    valid_to: str = pa.Field(nullable=True, str_matches=DATE_PATTERN)
    source: str = pa.Field(str_length={"min_value": 1})

    @pa.check("valid_from", "valid_to", name="real-calendar-day")
    @classmethod
    def real_calendar_day(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Day-precision dates name days that exist."""
        return real_calendar_days(data)

    class Config:
        name = "aliases"
        strict = True
        metadata: ClassVar[dict[str, object]] = {
            "row_key": ("entity_id", "alias", "valid_from"),
            "row_checks": {},
        }


class OfficeHoldersModel(pa.DataFrameModel):
    """`office_holders.csv`: who held an office when (`end` empty while in office)."""

    office_id: str = pa.Field(str_matches=ID_PATTERN)
    person_id: str = pa.Field(str_matches=ID_PATTERN)
    start: str = pa.Field(str_matches=DATE_PATTERN)
    end: str = pa.Field(nullable=True, str_matches=DATE_PATTERN)
    source: str = pa.Field(str_length={"min_value": 1})

    @pa.check("start", "end", name="real-calendar-day")
    @classmethod
    def real_calendar_day(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Day-precision dates name days that exist."""
        return real_calendar_days(data)

    class Config:
        name = "office_holders"
        strict = True
        metadata: ClassVar[dict[str, object]] = {
            "row_key": ("office_id", "person_id", "start"),
            "row_checks": {},
        }


class AgreementPartiesModel(pa.DataFrameModel):
    """`agreement_parties.csv`: the parties of each agreement."""

    agreement_id: str = pa.Field(str_matches=ID_PATTERN)
    party_id: str = pa.Field(str_matches=ID_PATTERN)
    source: str = pa.Field(str_length={"min_value": 1})

    class Config:
        name = "agreement_parties"
        strict = True
        metadata: ClassVar[dict[str, object]] = {
            "row_key": ("agreement_id", "party_id"),
            "row_checks": {},
        }


class ScopesModel(pa.DataFrameModel):
    """`scopes.csv`: the vocabulary of agreement-scope codes."""

    scope_code: str = pa.Field(str_matches=ID_PATTERN, unique=True)
    label_en: str = pa.Field(str_length={"min_value": 1})
    label_ar: str = pa.Field(str_contains=ARABIC_PATTERN)

    class Config:
        name = "scopes"
        strict = True
        metadata: ClassVar[dict[str, object]] = {"row_key": ("scope_code",), "row_checks": {}}


class ScopePhrasesModel(pa.DataFrameModel):
    """`scope_phrases.csv`: Arabic phrases that express each scope."""

    scope_code: str = pa.Field(str_matches=ID_PATTERN)
    phrase_ar: str = pa.Field(str_contains=ARABIC_PATTERN)

    class Config:
        name = "scope_phrases"
        strict = True
        metadata: ClassVar[dict[str, object]] = {
            "row_key": ("scope_code", "phrase_ar"),
            "row_checks": {},
        }
