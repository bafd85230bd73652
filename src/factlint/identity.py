"""Identity: deciding that two mentions or claims are about the same thing.

- Entities resolve through the reference tables: a mention's `value` when it names a known
  entity, otherwise its text matched against every known name (canonical names and aliases)
  under Arabic normalization and transliteration folding (`factlint.arabic.fold`).
- Events are identified by type plus agreement when there is one; otherwise by type, sorted
  participants and place. An event with neither agreement nor place has no identity across
  articles (two meetings of the same ministers are usually two meetings).
"""

from __future__ import annotations

import polars as pl

from factlint.arabic import fold_expr

__all__ = ["ENTITY_MENTION_KINDS", "event_key", "name_index", "name_key", "resolve_mentions"]

ENTITY_MENTION_KINDS: tuple[str, ...] = ("person", "place", "organisation", "title", "agreement")

# The definite article and the proclitics a name can carry in running text (والمغرب, بالرباط),
# including ل before the article, where the article's alef is elided (للمغرب).
_LEADING_ARTICLE = r"^(?:و|ف)?(?:(?:ب|ك)?ال|لل)"


def name_key(text: pl.Expr) -> pl.Expr:
    """The matching key of a name: folded, without a leading definite article."""
    return fold_expr(text).str.replace(_LEADING_ARTICLE, "")


def name_index(entities: pl.LazyFrame, aliases: pl.LazyFrame) -> pl.LazyFrame:
    """Every known name of every entity with its validity period.

    Columns: `entity_id`, `name`, `key`, `valid_from`, `valid_to` (TIMEX or null = open).
    A canonical `name_ar` that also has an alias row takes that row's validity.
    """
    alias_rows = aliases.select(
        "entity_id", pl.col("alias").alias("name"), "valid_from", "valid_to"
    )
    canonical = (
        entities.select("entity_id", pl.col("name_ar").alias("name"))
        .join(alias_rows.select("entity_id", "name"), on=["entity_id", "name"], how="anti")
        .with_columns(
            valid_from=pl.lit(None, dtype=pl.String), valid_to=pl.lit(None, dtype=pl.String)
        )
    )
    return (
        pl.concat([canonical, alias_rows], how="vertical_relaxed")
        .filter(pl.col("name").is_not_null())
        .with_columns(key=name_key(pl.col("name")))
    )


def resolve_mentions(
    mentions: pl.LazyFrame, entities: pl.LazyFrame, aliases: pl.LazyFrame
) -> pl.LazyFrame:
    """Entity mentions with `entity_id` and `resolved_by` (`value`, `name`, `ambiguous`, null).

    Only kinds in `ENTITY_MENTION_KINDS` are returned. `key` is the mention text's matching key.
    """
    known = entities.select(pl.col("entity_id").alias("value"), pl.lit(True).alias("_known"))
    by_key = (
        name_index(entities, aliases)
        .group_by("key")
        .agg(pl.col("entity_id").unique().alias("_candidates"))
    )
    return (
        mentions.filter(pl.col("kind").is_in(ENTITY_MENTION_KINDS))
        .with_columns(key=name_key(pl.col("text")))
        .join(known, on="value", how="left")
        .join(by_key, on="key", how="left")
        .with_columns(
            entity_id=pl.when(pl.col("_known"))
            .then(pl.col("value"))
            .when(pl.col("_candidates").list.len() == 1)
            .then(pl.col("_candidates").list.first()),
            resolved_by=pl.when(pl.col("_known"))
            .then(pl.lit("value"))
            .when(pl.col("_candidates").list.len() == 1)
            .then(pl.lit("name"))
            .when(pl.col("_candidates").list.len() > 1)
            .then(pl.lit("ambiguous")),
        )
        .drop("_known", "_candidates")
    )


def event_key() -> pl.Expr:
    """The identity of an event claim across articles, or null when it has none."""
    # concat_str, not pl.format: Polars 2.1's streaming engine panicked on pl.format over a
    # list.join of a filtered frame (seen on the seed claims).
    participants = pl.col("participants").list.unique().list.sort().list.join(",")
    by_agreement = pl.concat_str(
        [pl.col("event_type"), pl.lit("agreement=") + pl.col("agreement")], separator="|"
    )
    by_place = pl.concat_str(
        [
            pl.col("event_type"),
            pl.lit("participants=") + participants,
            pl.lit("place=") + pl.col("place"),
        ],
        separator="|",
    )
    has_participants = pl.col("participants").list.len() > 0
    return pl.coalesce(by_agreement, pl.when(has_participants).then(by_place))
