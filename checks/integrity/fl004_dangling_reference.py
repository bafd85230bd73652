"""FL004 dangling-reference."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from factlint.rules import RuleContext, rule

# Mention kinds whose value names a reference entity, and the one whose value is a scope code.
_ENTITY_KINDS = ["person", "place", "organisation", "title", "agreement"]
_ENTITY_CLAIM_FIELDS = ["agreement", "place", "person", "office"]
_ENTITY_CLAIM_LISTS = ["participants", "parties"]


@rule(
    code="FL004",
    name="dangling-reference",
    severity="error",
    requires=("articles", "mentions", "claims", "entities", "scopes"),
)
def dangling_reference(ctx: RuleContext) -> pl.LazyFrame:
    """An id refers to something that does not exist.

    What it checks:
        Every reference resolves: mention and claim -> article; claim -> its mentions (in the
        same article), its date mention; mention `anchor` / `same_as` -> mention; mention value
        -> reference entity (people, places, organisations, titles, agreements) or scope code;
        claim participants, parties, agreement, place, person, office -> entity; claim scopes ->
        scope code; reference tables -> entities and scopes.

    Why it matters:
        A claim that rests on a mention that does not exist, or names an entity the reference
        tables do not know, has no provenance; cross-article rules would silently skip it.

    Example:
        `{"claim_id": "seed-004-c003", "mention_ids": ["seed-004-m999"], ...}` where
        `seed-004-m999` is not a mention of seed-004.

    Passes:
        Every listed mention exists in the claim's own article.
    """
    articles = ctx.frame("articles").select("article_id")
    mentions = ctx.frame("mentions")
    claims = ctx.frame("claims")
    entity_ids = ctx.frame("entities").select(pl.col("entity_id").alias("target"))
    scope_codes = ctx.frame("scopes").select(pl.col("scope_code").alias("target"))
    mention_keys = mentions.select(
        pl.col("mention_id").alias("target"), pl.col("article_id").alias("target_article")
    )

    to_articles = articles.rename({"article_id": "target"})
    mention_refs = [
        _refs(claims, "claim", "claim_id", "mention_ids", many=True),
        _refs(claims, "claim", "claim_id", "date_mention"),
        _refs(mentions, "mention", "mention_id", "same_as"),
        _refs(
            mentions.filter(pl.col("anchor") != "publication"),
            "mention",
            "mention_id",
            "anchor",
        ),
    ]
    entity_refs = [
        _refs(
            mentions.filter(pl.col("kind").is_in(_ENTITY_KINDS)),
            "mention",
            "mention_id",
            "value",
        ),
        *(_refs(claims, "claim", "claim_id", f) for f in _ENTITY_CLAIM_FIELDS),
        *(_refs(claims, "claim", "claim_id", f, many=True) for f in _ENTITY_CLAIM_LISTS),
        _reference_refs(ctx, "aliases", "entity_id"),
        _reference_refs(ctx, "office_holders", "office_id"),
        _reference_refs(ctx, "office_holders", "person_id"),
        _reference_refs(ctx, "agreement_parties", "agreement_id"),
        _reference_refs(ctx, "agreement_parties", "party_id"),
    ]
    scope_refs = [
        _refs(mentions.filter(pl.col("kind") == "scope"), "mention", "mention_id", "value"),
        _refs(claims, "claim", "claim_id", "scopes", many=True),
        _reference_refs(ctx, "scope_phrases", "scope_code"),
    ]
    # Each kind of reference is checked on its own and labelled only when it dangles: the
    # labels of millions of references that resolve are never built.
    dangling = pl.concat(
        [
            *(
                refs.missing(to_articles, "article", on="target")
                for refs in (
                    _refs(mentions, "mention", "mention_id", "article_id"),
                    _refs(claims, "claim", "claim_id", "article_id"),
                )
            ),
            # A claim may only rest on mentions of its own article.
            *(
                refs.missing(
                    mention_keys,
                    "mention of the same article",
                    left_on=["target", "article_id"],
                    right_on=["target", "target_article"],
                )
                for refs in mention_refs
            ),
            *(refs.missing(entity_ids, "reference entity", on="target") for refs in entity_refs),
            *(refs.missing(scope_codes, "scope code", on="target") for refs in scope_refs),
        ]
    )
    return dangling.select(
        message=pl.format(
            "{} {}: {} refers to {}, which is not a known {}",
            pl.col("source_kind"),
            pl.col("source_id").fill_null("<no id>"),
            pl.col("field"),
            pl.col("target"),
            pl.col("target_kind"),
        ),
        article_ids=pl.concat_list(pl.col("article_id")).list.drop_nulls(),
        claim_ids=pl.when(pl.col("source_kind") == "claim")
        .then(pl.concat_list(pl.col("source_id")))
        .otherwise(pl.lit([], dtype=pl.List(pl.String))),
        mention_ids=pl.when(pl.col("source_kind") == "mention")
        .then(pl.concat_list(pl.col("source_id")))
        .otherwise(pl.lit([], dtype=pl.List(pl.String))),
        key=pl.concat_str(
            [pl.col("source_kind"), pl.col("source_id"), pl.col("field"), pl.col("target")],
            separator="|",
            ignore_nulls=True,
        ),
    )


@dataclass(frozen=True)
class _Refs:
    """The references held in one field: `source_id`, `article_id`, `target` rows, with who
    holds them and in which field."""

    rows: pl.LazyFrame
    source_kind: str
    field: str

    def missing(self, known: pl.LazyFrame, target_kind: str, **on: Any) -> pl.LazyFrame:
        """The references whose target is not in `known`, labelled."""
        return (
            self.rows.join(known, how="anti", **on)
            .with_columns(
                source_kind=pl.lit(self.source_kind),
                field=pl.lit(self.field),
                target_kind=pl.lit(target_kind),
            )
            .select("source_kind", "source_id", "article_id", "field", "target", "target_kind")
        )


def _refs(
    frame: pl.LazyFrame, source_kind: str, id_column: str, field: str, *, many: bool = False
) -> _Refs:
    """One row per reference held in `field`: who holds it, in which article, to what."""
    out = frame.select(
        pl.col(id_column).alias("source_id"),
        pl.col("article_id"),
        pl.col(field).alias("target"),
    )
    if many:
        out = out.explode("target")
    return _Refs(out.filter(pl.col("target").is_not_null()), source_kind, field)


def _reference_refs(ctx: RuleContext, table: str, field: str) -> _Refs:
    """References held by a reference table (no article, the row is named by its field)."""
    rows = (
        ctx.frame(table)
        .select(
            pl.col(field).alias("source_id"),
            pl.lit(None, dtype=pl.String).alias("article_id"),
            pl.col(field).alias("target"),
        )
        .filter(pl.col("target").is_not_null())
    )
    return _Refs(rows, f"{table} row", field)
