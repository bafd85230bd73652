"""pandera models and Great Expectations suites for the tables a dataset loads into.

`MODELS` maps each table name to its pandera model. Every model's `Config.metadata` says which
columns identify a row (`row_key`) and which columns each row-level check reads (`row_checks`),
so that findings can name the row and show the values that failed.
"""

from __future__ import annotations

from pathlib import Path

import pandera.polars as pa

from factlint.layout import ARTICLE_EXTRA_COLUMNS
from schemas.articles import ArticlesModel
from schemas.claims import ClaimsModel
from schemas.mentions import MentionsModel
from schemas.reference import (
    AgreementPartiesModel,
    AliasesModel,
    EntitiesModel,
    OfficeHoldersModel,
    ScopePhrasesModel,
    ScopesModel,
)

__all__ = ["MODELS", "SUITES_DIR", "UNVALIDATED_COLUMNS"]

MODELS: dict[str, type[pa.DataFrameModel]] = {
    "articles": ArticlesModel,
    "mentions": MentionsModel,
    "claims": ClaimsModel,
    "entities": EntitiesModel,
    "aliases": AliasesModel,
    "office_holders": OfficeHoldersModel,
    "agreement_parties": AgreementPartiesModel,
    "scopes": ScopesModel,
    "scope_phrases": ScopePhrasesModel,
}

# Columns the loader adds that are not part of the on-disk table; they are dropped before
# validation so that the strict models describe the files, not the loader.
# `source_file`/`source_line` say where a row came from (the line a CSV row starts on);
# `file_sha256` is the article file's actual hash.
_SOURCE = ("source_file", "source_line")
UNVALIDATED_COLUMNS: dict[str, tuple[str, ...]] = {
    **{table: _SOURCE for table in MODELS},
    "articles": (*ARTICLE_EXTRA_COLUMNS, "file_sha256", *_SOURCE),
}

SUITES_DIR: Path = Path(__file__).parent / "expectations"
