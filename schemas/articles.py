"""The `articles` table (`articles.csv`), as the loader produces it minus `text`/`file_status`."""

from __future__ import annotations

from typing import ClassVar

import pandera.polars as pa

from schemas._common import DATE_PATTERN, ID_PATTERN, LANGUAGE_PATTERN, SHA256_PATTERN, URL_PATTERN

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

    class Config:
        name = "articles"
        strict = True
        metadata: ClassVar[dict[str, object]] = {"row_key": ("article_id",), "row_checks": {}}
