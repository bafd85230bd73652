"""Helpers shared by the agreement rules: agreement claims, scope labels, phrase keys."""

from __future__ import annotations

import polars as pl

from factlint.arabic import normalize_expr
from factlint.identity import id_strings

__all__ = ["agreement_lists", "joined", "phrase_key", "scope_labels", "written_lists"]

# The definite article with the clitics that can precede it (والتدريب, بالصحة, للتدريب), at the
# start of each word of a normalized phrase.
_ARTICLE = r"(^| )(?:[وف]?[بك]?ال|[وف]?لل)"
# A conjunction or preposition on the phrase's first word without the article (وتدريب,
# لتدريب); only when four letters or more remain, so short words keep their first letter.
_FIRST_CLITIC = r"^(?:[وف][بلك]?|[بلك])(\p{L}{4,})"


def phrase_key(text: pl.Expr) -> pl.Expr:
    """The matching key of a scope phrase: normalized, each word without its definite article.

    A vocabulary lists a phrase once whether it is written definite or not (`الصحة العسكرية`,
    `صحة عسكرية`), or with a conjunction in running text (`وتدريب`), so the article and a
    leading clitic are dropped on both sides before comparing.
    """
    return normalize_expr(text).str.replace_all(_ARTICLE, "$1").str.replace(_FIRST_CLITIC, "$1")


def scope_labels(scopes: pl.LazyFrame) -> pl.LazyFrame:
    """One row per scope code: `scope_code`, `label` (English label, else Arabic, else null).

    A code listed twice (a schema problem reported elsewhere) takes its smallest label, so the
    result does not depend on row order.
    """
    return (
        scopes.filter(pl.col("scope_code").is_not_null())
        .group_by("scope_code")
        .agg(pl.coalesce(pl.col("label_en"), pl.col("label_ar")).min().alias("label"))
    )


def agreement_lists(claims: pl.LazyFrame, field: str) -> pl.LazyFrame:
    """Agreement claims that list `field` (`scopes` or `parties`), one row per claim.

    Columns: `agreement`, `article_id`, `claim_id` and `field` as a sorted list without nulls or
    duplicates. Claims whose list is null or empty list nothing and are left out.
    """
    return (
        _listing(claims, field)
        .select("agreement", "article_id", "claim_id", _normalized(field))
        .filter(pl.col(field).list.len() > 0)
    )


def written_lists(claims: pl.LazyFrame, field: str) -> pl.LazyFrame:
    """`agreement_lists` by distinct list as written: one row per (agreement, `field` as a claim
    writes it), with `field` normalized as there and `_row`, the row numbers in `claims` of
    the claims that write it. A million claims write a few ten thousand: each is sorted once.
    """
    return (
        _listing(claims.with_row_index("_row"), field)
        # In order of first appearance: the list of a set that several written lists give
        # (ids with commas) is then the first claim's, whatever the engine's grouping.
        .group_by("agreement", field, maintain_order=True)
        .agg("_row")
        .with_columns(_normalized(field))
        .filter(pl.col(field).list.len() > 0)
    )


def _listing(claims: pl.LazyFrame, field: str) -> pl.LazyFrame:
    return claims.filter(
        (pl.col("kind") == "agreement")
        & pl.col("agreement").is_not_null()
        & pl.col(field).is_not_null()
    )


def _normalized(field: str) -> pl.Expr:
    # One list.eval: drop_nulls, unique and sort as list methods take twice as long. As
    # strings: the lists are joined into keys and compared with the reference tables'.
    return id_strings(field).list.eval(pl.element().drop_nulls().sort().unique(maintain_order=True))


def joined(items: pl.Expr, separator: str = ", ") -> pl.Expr:
    """A list column as text, `none` when it is empty."""
    text = items.list.join(separator)
    return pl.when(items.list.len() > 0).then(text).otherwise(pl.lit("none"))
