"""The `articles` table (`articles.csv`), as the loader produces it minus `text`/`file_status`."""

from __future__ import annotations

from typing import ClassVar

import pandera.polars as pa
import polars as pl

from schemas._common import (
    DATE_PATTERN,
    ID_PATTERN,
    LANGUAGE_PATTERN,
    SHA256_PATTERN,
    URL_PATTERN,
    real_calendar_days,
)

__all__ = ["ArticlesModel"]


class ArticlesModel(pa.DataFrameModel):
    """One row per article; only what the article itself supports is filled in."""

    article_id: str = pa.Field(str_matches=ID_PATTERN, unique=True)
    # Headline, outlet, url and publication date may be empty when the article does not say.
    title: str = pa.Field(nullable=True, str_length={"min_value": 1})
    outlet: str = pa.Field(nullable=True, str_length={"min_value": 1})
    url: str = pa.Field(nullable=True, str_matches=URL_PATTERN)
    language: str = pa.Field(str_matches=LANGUAGE_PATTERN)
    published: str = pa.Field(nullable=True, str_matches=DATE_PATTERN)
    sha256: str = pa.Field(str_matches=SHA256_PATTERN)

    @pa.check("published", name="real-calendar-day")
    @classmethod
    def real_calendar_day(cls, data: pa.PolarsData) -> pl.LazyFrame:
        """Day-precision dates name days that exist."""
        return real_calendar_days(data)

    class Config:
        name = "articles"
        strict = True
        metadata: ClassVar[dict[str, object]] = {"row_key": ("article_id",), "row_checks": {}}
