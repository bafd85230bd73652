"""FL204 unknown-entity."""

from __future__ import annotations

import polars as pl

from checks.names._shared import (
    ENTITY_NAME_KINDS,
    mention_resolution,
    name_table,
    resolved_mentions,
)
from factlint.messages import quote
from factlint.rules import RuleContext, rule


@rule(
    code="FL204",
    name="unknown-entity",
    severity="warning",
    requires=("mentions", "entities", "aliases"),
    block="article",
)
def unknown_entity(ctx: RuleContext) -> pl.LazyFrame:
    """A person, place or organisation mention resolves to no reference entity.

    What it checks:
        Person, place and organisation mentions, resolved by `factlint.identity.
        resolve_mentions`: by their `value` when it is a reference entity, else by their text
        matched against every known name (canonical names and aliases, under Arabic
        normalization and transliteration folding). A mention whose value is null or not a
        reference entity and whose text matches no name is unknown; one whose text matches
        names of several entities is ambiguous, and the finding lists the candidates. One
        finding per mention, quoting its text. A value that is not a reference entity is also
        a dangling reference (FL004); this rule says whether the text would have resolved.

    Why it matters:
        Cross-article rules compare entities by id: a mention that resolves to nothing is
        silently left out of every date, role and name check, and its facts cannot be verified.

    Example:
        `{"kind": "person", "text": "صمدوف", "value": null}` when the reference has no name
        صمدوف (the ambassador is missing from `entities.csv`).

    Passes:
        `{"kind": "place", "text": "بالرباط"...}` with value null when الرباط is a name of
        `city-rabat` (resolved by name); `{"kind": "title", "text": "السفير", "value": null}`
        (titles are not checked here).
    """
    unresolved = resolved_mentions(
        ctx,
        mention_resolution(ctx).filter(
            pl.col("kind").is_in(ENTITY_NAME_KINDS) & pl.col("entity_id").is_null()
        ),
    ).select("mention_id", "article_id", "kind", "start", "end", "text", "value", "key")
    candidates = (
        name_table(ctx)
        .select("key", "entity_id")
        .unique()
        .group_by("key")
        .agg(pl.col("entity_id").sort().alias("candidates"))
    )
    found = unresolved.join(candidates, on="key", how="left").with_columns(
        pl.col("candidates").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    )
    ambiguous = pl.col("candidates").list.len() > 1
    value_note = (
        pl.when(pl.col("value").is_not_null())
        .then(pl.format(" (its value {} is not a reference entity)", pl.col("value")))
        .otherwise(pl.lit(""))
    )
    return found.select(
        message=pl.when(ambiguous)
        .then(
            pl.format(
                "{} mention {} in {} is ambiguous{}: it is a name of {}",
                pl.col("kind"),
                quote(pl.col("text")),
                pl.col("article_id"),
                value_note,
                pl.col("candidates").list.join(", "),
            )
        )
        .otherwise(
            pl.format(
                "{} mention {} in {} names no reference entity{}",
                pl.col("kind"),
                quote(pl.col("text")),
                pl.col("article_id"),
                value_note,
            )
        ),
        article_ids=pl.concat_list(pl.col("article_id")),
        mention_ids=pl.concat_list(pl.col("mention_id")),
        key=pl.concat_str(
            [
                pl.col("article_id"),
                pl.col("start").cast(pl.String),
                pl.col("end").cast(pl.String),
                pl.col("kind"),
                pl.col("text"),
                pl.col("value"),
            ],
            separator="|",
            ignore_nulls=True,
        ),
        details=pl.struct(
            "kind",
            "text",
            "value",
            pl.when(ambiguous)
            .then(pl.lit("ambiguous"))
            .otherwise(pl.lit("unknown"))
            .alias("status"),
            "candidates",
        ).struct.json_encode(),
    )
