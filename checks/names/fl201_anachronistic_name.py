"""FL201 anachronistic-name."""

from __future__ import annotations

import polars as pl

from checks.names._shared import (
    mention_resolution,
    name_table,
    overlaps,
    possible_end,
    possible_start,
    resolved_mentions,
    use_interval,
)
from factlint.messages import quote
from factlint.rules import RuleContext, rule

_IDS = pl.List(pl.String)


@rule(
    code="FL201",
    name="anachronistic-name",
    severity="warning",
    requires=("articles", "mentions", "claims", "entities", "aliases"),
    block="entity",
)
def anachronistic_name(ctx: RuleContext) -> pl.LazyFrame:
    """A name is used at a time when it was not the entity's name.

    What it checks:
        Every entity mention whose text is a name of its entity (matched by
        `factlint.identity.name_key` against `name_index`) that has a validity period in
        `aliases.csv`. The name's period runs from the earliest day `valid_from` can mean to
        the latest day `valid_to` can mean (a month bound is any day of that month; empty is
        open). The time of use is the article's time: its publication interval, else from its
        latest reported occurred event onwards (an article reporting a 28 February 2025
        meeting was written on or after that day). A finding is made only when the two cannot
        overlap. A mention that an event or role claim rests on (it is in the claim's
        `mention_ids`) is historical usage, not an anachronism, when the claim has a date the
        name was valid at. When one name text has several periods (أستانا before 2019 and again
        after 2022), it is enough that one of them fits. One finding per article, entity and
        name, listing its mentions.

    Why it matters:
        Old names in new text (or new names projected into the past) mislead readers and break
        matching across articles; the finding names the name(s) valid at the time.

    Example:
        Alias `city-astana, نور سلطان, valid_from 2019-03, valid_to 2022-09-17`; an undated
        article reporting a meeting on `2025-02-28` (occurred) writes «التقارب بين الرباط ونور
        سلطان» → the name was out of use at least since 17 September 2022; the name then is
        أستانا.

    Passes:
        The same article published `2020-05`; or a sentence reporting a 2021 visit to
        «نور سلطان» with a claim resting on that mention and dated `2021`; or an article with
        no publication date and no dated occurred event (not checked).
    """
    entities = ctx.frame("entities")
    names = name_table(ctx).with_columns(
        name_start=possible_start(pl.col("valid_from")),
        name_end=possible_end(pl.col("valid_to")),
    )
    # Read by several branches below: materialize once (the name index is reference-sized).
    names = names.collect().lazy()
    # Only names whose text has a bounded period for this entity can be anachronistic: the
    # few distinct resolutions to such names are picked before any mention is read, and only
    # their mentions (a small part of all) and their articles go further.
    bounded = names.filter(pl.col("valid_from").is_not_null() | pl.col("valid_to").is_not_null())
    resolution = mention_resolution(ctx).join(
        bounded.select("entity_id", "key").unique(), on=["entity_id", "key"], how="semi"
    )
    mentions = (
        resolved_mentions(ctx, resolution)
        .select("mention_id", "article_id", "text", "entity_id", "key")
        .collect()
    )
    in_articles = pl.col("article_id").is_in(mentions["article_id"].unique().implode())
    times = use_interval(
        ctx.frame("articles").filter(in_articles), ctx.frame("claims").filter(in_articles)
    )
    candidates = mentions.lazy().join(times, on="article_id", how="inner")

    # Every period of the mention's name text for its entity; one that fits the time clears it.
    periods = candidates.join(
        names.select(
            "entity_id", "key", "name", "valid_from", "valid_to", "name_start", "name_end"
        ),
        on=["entity_id", "key"],
        how="inner",
    ).with_columns(
        fits_use=overlaps(
            pl.col("name_start"), pl.col("name_end"), pl.col("use_start"), pl.col("use_end")
        )
    )
    # Only mentions of dated names get here, a small part of all mentions.
    periods = periods.collect().lazy()

    # Historical usage: the mention is part of a dated event or role claim the name fits.
    dated = (
        ctx.frame("claims")
        .filter(pl.col("kind").is_in(["event", "role"]))
        .select("claim_id", "mention_ids", "date")
        .explode("mention_ids")
        .rename({"mention_ids": "mention_id"})
        .join(periods.select("mention_id").unique(), on="mention_id", how="semi")
        .with_columns(
            claim_start=possible_start(pl.col("date")), claim_end=possible_end(pl.col("date"))
        )
        .filter(pl.col("claim_start").is_not_null())
    )
    historical = (
        periods.select("mention_id", "name_start", "name_end")
        .join(dated, on="mention_id", how="inner")
        .filter(
            overlaps(
                pl.col("name_start"),
                pl.col("name_end"),
                pl.col("claim_start"),
                pl.col("claim_end"),
            )
        )
        .select("mention_id")
        .unique()
        # Streaming: the explode of every event and role claim's mention ids is read in
        # batches, not held whole (the rule 0.23 -> 0.19 CPU s at 1M claims).
        .collect(engine="streaming")
        .lazy()
    )

    per_mention = (
        periods.group_by("mention_id")
        .agg(
            pl.col(
                "article_id", "text", "entity_id", "key", "use_label", "use_start", "use_end"
            ).first(),
            pl.col("fits_use").any().alias("fits_any"),
            pl.format(
                "{} .. {}",
                pl.col("valid_from").fill_null("open"),
                pl.col("valid_to").fill_null("open"),
            )
            .unique()
            .sort()
            .alias("periods"),
        )
        .filter(~pl.col("fits_any"))
        .join(historical, on="mention_id", how="anti")
    )

    # The names of the entity that were valid when the article was written.
    current = (
        per_mention.select("article_id", "entity_id", "key", "use_start", "use_end")
        .unique()
        .join(
            names.select(
                "entity_id", pl.col("key").alias("other_key"), "name", "name_start", "name_end"
            ),
            on="entity_id",
            how="inner",
        )
        .filter(
            (pl.col("other_key") != pl.col("key"))
            & overlaps(
                pl.col("name_start"), pl.col("name_end"), pl.col("use_start"), pl.col("use_end")
            )
        )
        .group_by("article_id", "entity_id", "key")
        .agg(pl.col("name").unique().sort().alias("current_names"))
    )

    grouped = (
        per_mention.group_by("article_id", "entity_id", "key")
        .agg(
            pl.col("mention_id").sort().alias("mention_ids"),
            pl.col("text").unique().sort().alias("texts"),
            pl.col("use_label").first(),
            pl.col("periods").first(),
        )
        .join(current, on=["article_id", "entity_id", "key"], how="left")
        .join(
            entities.select("entity_id", pl.col("name_ar").alias("entity_name")),
            on="entity_id",
            how="left",
        )
        .with_columns(pl.col("current_names").fill_null(pl.lit([], dtype=_IDS)))
    )

    return grouped.select(
        message=pl.format(
            "{} ({}) is a name of {} ({}) valid {}, but the article was {}; {}",
            quote(pl.col("texts").list.first()),
            pl.col("article_id"),
            pl.col("entity_id"),
            pl.col("entity_name").fill_null("no reference name"),
            pl.col("periods").list.join(" and "),
            pl.col("use_label"),
            pl.when(pl.col("current_names").list.len() > 0)
            .then(
                pl.format(
                    "the name then: {}",
                    pl.col("current_names")
                    .list.eval(pl.format("«{}»", pl.element()))
                    .list.join(", "),
                )
            )
            .otherwise(pl.lit("the reference lists no name valid then")),
        ),
        article_ids=pl.concat_list(pl.col("article_id")),
        mention_ids=pl.col("mention_ids"),
        key=pl.concat_str(
            [pl.col("article_id"), pl.col("entity_id"), pl.col("key")], separator="|"
        ),
        details=pl.struct(
            pl.col("entity_id"),
            pl.col("texts").alias("names_used"),
            pl.col("periods").alias("valid"),
            pl.col("use_label").alias("article_time"),
            pl.col("current_names"),
        ).struct.json_encode(),
    )
