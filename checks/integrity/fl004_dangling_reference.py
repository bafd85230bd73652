"""FL004 dangling-reference."""

from __future__ import annotations

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

    refs_to_articles = pl.concat(
        [
            _refs(mentions, "mention", "mention_id", "article_id"),
            _refs(claims, "claim", "claim_id", "article_id"),
        ]
    )
    refs_to_mentions = pl.concat(
        [
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
    )
    refs_to_entities = pl.concat(
        [
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
    )
    refs_to_scopes = pl.concat(
        [
            _refs(mentions.filter(pl.col("kind") == "scope"), "mention", "mention_id", "value"),
            _refs(claims, "claim", "claim_id", "scopes", many=True),
            _reference_refs(ctx, "scope_phrases", "scope_code"),
        ]
    )

    dangling = pl.concat(
        [
            refs_to_articles.join(
                articles.rename({"article_id": "target"}), on="target", how="anti"
            ).with_columns(target_kind=pl.lit("article")),
            # A claim may only rest on mentions of its own article.
            refs_to_mentions.join(
                mention_keys,
                left_on=["target", "article_id"],
                right_on=["target", "target_article"],
                how="anti",
            ).with_columns(target_kind=pl.lit("mention of the same article")),
            refs_to_entities.join(entity_ids, on="target", how="anti").with_columns(
                target_kind=pl.lit("reference entity")
            ),
            refs_to_scopes.join(scope_codes, on="target", how="anti").with_columns(
                target_kind=pl.lit("scope code")
            ),
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


def _refs(
    frame: pl.LazyFrame, source_kind: str, id_column: str, field: str, *, many: bool = False
) -> pl.LazyFrame:
    """One row per reference held in `field`: who holds it, in which article, to what."""
    out = frame.select(
        pl.lit(source_kind).alias("source_kind"),
        pl.col(id_column).alias("source_id"),
        pl.col("article_id"),
        pl.lit(field).alias("field"),
        pl.col(field).alias("target"),
    )
    if many:
        out = out.explode("target")
    return out.filter(pl.col("target").is_not_null())


def _reference_refs(ctx: RuleContext, table: str, field: str) -> pl.LazyFrame:
    """References held by a reference table (no article, the row is named by its field)."""
    frame = ctx.frame(table)
    return frame.select(
        pl.lit(f"{table} row").alias("source_kind"),
        pl.col(field).alias("source_id"),
        pl.lit(None, dtype=pl.String).alias("article_id"),
        pl.lit(field).alias("field"),
        pl.col(field).alias("target"),
    ).filter(pl.col("target").is_not_null())
