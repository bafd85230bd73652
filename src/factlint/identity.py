"""Identity: deciding that two mentions or claims are about the same thing.

- Entities resolve through the reference tables: a mention's `value` when it names a known
  entity, otherwise its text matched against every known name (canonical names and aliases)
  under Arabic normalization and transliteration folding (`factlint.arabic.fold`).
- Events are identified by type plus agreement when there is one; otherwise by type, sorted
  participants and place. An event with neither agreement nor place has no identity across
  articles (two meetings of the same ministers are usually two meetings).
"""

from __future__ import annotations

import re

import polars as pl

from factlint.arabic import fold, fold_expr, normalize_expr
from factlint.arabic.clitics import LEADING_ARTICLE, LEADING_CLITIC

__all__ = [
    "ENTITY_MENTION_KINDS",
    "PER_PARTY_ACTS",
    "event_key",
    "exact_key",
    "name_index",
    "name_key",
    "person_key",
    "resolve_mentions",
]

ENTITY_MENTION_KINDS: tuple[str, ...] = ("person", "place", "organisation", "title", "agreement")

# The definite article and the proclitics a name can carry in running text (والمغرب, بالرباط),
# including ل before the article, where the article's alef is elided (للمغرب).
_LEADING_ARTICLE = LEADING_ARTICLE
# One conjunction or preposition attached to a name without the article (بموسكو, وباكو).
_LEADING_CLITIC = LEADING_CLITIC
# What must remain after stripping, so that a name that merely starts with those letters
# (كالاس, والاس, الله) is not cut down to a stub that collides with other names.
_MIN_STEM = 3


def _strip(text: pl.Expr, pattern: str, min_stem: int) -> pl.Expr:
    stripped = text.str.replace(pattern, "")
    return pl.when(stripped.str.len_chars() >= min_stem).then(stripped).otherwise(text)


def exact_key(text: pl.Expr) -> pl.Expr:
    """The strict matching key of a name: orthographic noise removed, nothing else."""
    return normalize_expr(text)


def name_key(text: pl.Expr) -> pl.Expr:
    """The loose matching key of a name: folded, no leading article, no spaces.

    Merges transliteration variants (ناغورنو / ناجورنو), the article and its proclitics
    (الأذربيجان / أذربيجان, للمغرب) and word splits (عبد الله / عبدالله, نور سلطان / نورسلطان).
    """
    return _strip(fold_expr(text), _LEADING_ARTICLE, _MIN_STEM).str.replace_all(" ", "")


def person_key(text: str) -> str:
    """`name_key` of one name in Python: the key an unknown person is identified by.

    Two spellings of one person (سيرغي لافروف / سيرجي لافروف, عبد الله / عبدالله) get one key.
    """
    folded = fold(text)
    stripped = re.sub(_LEADING_ARTICLE, "", folded)
    if len(stripped) >= _MIN_STEM:
        folded = stripped
    return folded.replace(" ", "")


def name_index(entities: pl.LazyFrame, aliases: pl.LazyFrame) -> pl.LazyFrame:
    """Every known name of every entity with its validity period.

    Columns: `entity_id`, `name`, `exact` (`exact_key`), `key` (`name_key`), `valid_from`,
    `valid_to` (TIMEX or null = open). A canonical `name_ar` that matches an alias of the
    same entity (by `name_key`, so a hamza or a space does not matter) takes that alias's
    validity instead of being valid always.
    """
    alias_rows = aliases.select(
        "entity_id", pl.col("alias").alias("name"), "valid_from", "valid_to"
    ).with_columns(key=name_key(pl.col("name")))
    canonical = (
        entities.select("entity_id", pl.col("name_ar").alias("name"))
        .with_columns(key=name_key(pl.col("name")))
        .join(alias_rows.select("entity_id", "key"), on=["entity_id", "key"], how="anti")
        .with_columns(
            valid_from=pl.lit(None, dtype=pl.String), valid_to=pl.lit(None, dtype=pl.String)
        )
    )
    return (
        pl.concat([canonical, alias_rows], how="diagonal_relaxed")
        .filter(pl.col("name").is_not_null())
        .with_columns(exact=exact_key(pl.col("name")))
        .select("entity_id", "name", "exact", "key", "valid_from", "valid_to")
    )


def _candidates(index: pl.LazyFrame, key: str, alias: str) -> pl.LazyFrame:
    return index.group_by(key).agg(pl.col("entity_id").unique().sort().alias(alias))


def resolve_mentions(
    mentions: pl.LazyFrame, entities: pl.LazyFrame, aliases: pl.LazyFrame
) -> pl.LazyFrame:
    """Entity mentions with `entity_id` and `resolved_by`.

    `resolved_by`: `value` (the mention's value is a reference entity), `name` (its text
    matches exactly one entity's name by `exact_key`), `variant` (no exact match, but exactly
    one by `name_key`, or by `name_key` after one leading clitic: بموسكو), `ambiguous` (the
    first tier that matches at all matches several entities), or null. Tiers are tried in
    that order, so a name that matches one entity exactly is never re-resolved loosely.
    Only kinds in `ENTITY_MENTION_KINDS` are returned; `key` is the text's `name_key`.
    """
    known = entities.select(pl.col("entity_id").alias("value"), pl.lit(True).alias("_known"))
    index = name_index(entities, aliases)
    first_match = pl.coalesce(
        *[pl.when(pl.col(c).list.len() > 0).then(pl.col(c)) for c in ("_exact", "_key", "_clitic")]
    )
    tier = (
        pl.when(pl.col("_exact").list.len() > 0)
        .then(pl.lit("name"))
        .when((pl.col("_key").list.len() > 0) | (pl.col("_clitic").list.len() > 0))
        .then(pl.lit("variant"))
    )
    return (
        mentions.filter(pl.col("kind").is_in(ENTITY_MENTION_KINDS))
        .with_columns(
            _exact_text=exact_key(pl.col("text")),
            key=name_key(pl.col("text")),
            _clitic_text=name_key(_strip(exact_key(pl.col("text")), _LEADING_CLITIC, 4)),
        )
        .join(known, on="value", how="left")
        .join(
            _candidates(index, "exact", "_exact"),
            left_on="_exact_text",
            right_on="exact",
            how="left",
        )
        .join(_candidates(index, "key", "_key"), on="key", how="left")
        .join(
            _candidates(index, "key", "_clitic"), left_on="_clitic_text", right_on="key", how="left"
        )
        .with_columns(
            [
                pl.col(c).fill_null(pl.lit([], dtype=pl.List(pl.String)))
                for c in ("_exact", "_key", "_clitic")
            ]
        )
        .with_columns(_match=first_match)
        .with_columns(
            entity_id=pl.when(pl.col("_known"))
            .then(pl.col("value"))
            .when(pl.col("_match").list.len() == 1)
            .then(pl.col("_match").list.first()),
            resolved_by=pl.when(pl.col("_known"))
            .then(pl.lit("value"))
            .when(pl.col("_match").list.len() == 1)
            .then(tier)
            .when(pl.col("_match").list.len() > 1)
            .then(pl.lit("ambiguous")),
        )
        .drop("_known", "_exact", "_key", "_clitic", "_match", "_exact_text", "_clitic_text")
    )


# Acts each party performs for itself: Azerbaijan's ratification and Morocco's are two events.
PER_PARTY_ACTS: tuple[str, ...] = ("ratification", "approval")


def event_key() -> pl.Expr:
    """The identity of an event claim across articles, or null when it has none.

    An agreement act is identified by its type and agreement, plus its participants for acts
    each party performs separately (`PER_PARTY_ACTS`); any other event by its type, sorted
    participants and place.
    """
    # concat_str, not pl.format: Polars 2.1's streaming engine panicked on pl.format over a
    # list.join of a filtered frame (seen on the seed claims).
    participants = pl.col("participants").list.unique().list.sort().list.join(",")
    per_party = pl.when(pl.col("event_type").is_in(PER_PARTY_ACTS)).then(
        pl.lit("participants=") + participants
    )
    by_agreement = pl.when(pl.col("agreement").is_not_null()).then(
        pl.concat_str(
            [pl.col("event_type"), pl.lit("agreement=") + pl.col("agreement"), per_party],
            separator="|",
            ignore_nulls=True,
        )
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
