"""FL202 name-variants."""

from __future__ import annotations

import polars as pl

from checks.names._shared import (
    ENTITY_NAME_KINDS,
    mention_resolution,
    resolved_mentions,
    skeleton,
    spelling_form,
)
from factlint.rules import RuleContext, rule

# How many articles a message names per spelling; `details` has them all.
_ARTICLES_SHOWN = 5


@rule(
    code="FL202",
    name="name-variants",
    severity="info",
    requires=("mentions", "entities", "aliases"),
    block="entity",
)
def name_variants(ctx: RuleContext) -> pl.LazyFrame:
    """One person, place or organisation is spelled in several ways across the dataset.

    What it checks:
        Person, place and organisation mentions resolved to a reference entity
        (`factlint.identity.resolve_mentions`). Each mention's spelling is its text after
        `factlint.arabic.normalize` (diacritics, tatweel, bidi marks, hamza and alef forms,
        alef maqsura, taa marbuta do not count) with the definite article and the clitics
        before it removed from every word: الأذربيجان and أذربيجان are one spelling here (the
        article on a country name is usage, not spelling). Two spellings are variants when a
        word of one and a word of the other, or the two names written without spaces, differ
        but share a consonant skeleton: the letters after transliteration folding (غ/ج/ق,
        ڤ/ف, پ/ب, ژ/ز) with the long-vowel letters ا و ي dropped inside words of four letters
        or more. So ناغورنو/ناجورنو, سيرغي/سيرجي, بيراموف/بايراموف, نور سلطان/نورسلطان are
        variants; a short form (علييف beside إلهام علييف), a longer description (إقليم
        ناغورنو كاراباخ beside ناغورنو كاراباخ), a nisba adjective (أذربيجاني) or another name
        of the entity altogether (المملكة المغربية beside المغرب) is not. One finding per
        entity lists every spelling that takes part in a variant, with its mention count and
        articles, and marks the one that is the reference name (`entities.name_ar`). Titles and
        agreements are descriptions, not names, and are not checked.

    Why it matters:
        Editors standardize spellings; a name spelled two ways is also matched less reliably
        by readers, search and extractors.

    Example:
        `seed-000` writes «ناغورنو كاراباخ» four times and `seed-001` «ناجورنو كاراباخ» once,
        both resolved to `region-nagorno-karabakh` → one finding listing both spellings.

    Passes:
        «أذربيجان», «اذربيجان», «أَذْرَبِيجان» and «الأذربيجان» (orthographic noise and the
        article only); «لافروف» beside «سيرغي لافروف».
    """
    entities = ctx.frame("entities")
    # Spellings of the distinct resolved names (a few thousand), not of every mention.
    spelled = (
        mention_resolution(ctx)
        .filter(pl.col("kind").is_in(ENTITY_NAME_KINDS) & pl.col("entity_id").is_not_null())
        .with_columns(form=spelling_form(pl.col("text")))
        .filter(pl.col("form") != "")
        .collect()
        .lazy()
    )
    # Read by several branches below: materialize once.
    forms = spelled.select("entity_id", "form").unique().collect().lazy()

    # Variant words: different words of one entity's names with one skeleton.
    words = (
        forms.with_columns(word=pl.col("form").str.split(" "))
        .explode("word")
        .filter(pl.col("word") != "")
        .with_columns(skeleton=skeleton(pl.col("word")))
    )
    word_groups = (
        words.select("entity_id", "skeleton", "word")
        .unique()
        .group_by("entity_id", "skeleton")
        .agg(pl.col("word").sort().alias("members"))
        .filter(pl.col("members").list.len() > 1)
    )
    forms_by_word = words.join(
        word_groups.explode("members").select("entity_id", pl.col("members").alias("word")),
        on=["entity_id", "word"],
        how="semi",
    ).select("entity_id", "form")

    # Variant names: whole names that differ only in spacing or in the same way.
    name_groups = (
        forms.with_columns(skeleton=skeleton(pl.col("form").str.replace_all(" ", "")))
        .group_by("entity_id", "skeleton")
        .agg(pl.col("form").sort().alias("members"))
        .filter(pl.col("members").list.len() > 1)
    )
    forms_by_name = name_groups.explode("members").select(
        "entity_id", pl.col("members").alias("form")
    )
    involved = pl.concat([forms_by_word, forms_by_name]).unique()
    # A whole-name group adds information only when its names differ in their spacing.
    spacing_groups = name_groups.filter(
        pl.col("members").list.eval(pl.element().str.count_matches(" ")).list.n_unique() > 1
    )
    differing = (
        pl.concat([word_groups, spacing_groups])
        .group_by("entity_id")
        .agg(pl.col("members").list.join("/").unique().sort().alias("differing"))
    )

    reference = entities.select(
        "entity_id",
        pl.col("name_ar").alias("reference_name"),
        spelling_form(pl.col("name_ar")).alias("reference_form"),
    )
    # The mentions of the spellings that take part in a variant group, only those.
    usage = resolved_mentions(
        ctx, spelled.join(involved, on=["entity_id", "form"], how="semi")
    ).select("entity_id", "article_id", "mention_id", "text", "form")
    shown_text = (
        usage.group_by("entity_id", "form", "text")
        .len()
        .sort("len", "text", descending=[True, False])
        .group_by("entity_id", "form", maintain_order=True)
        .agg(pl.col("text").first().alias("shown"), pl.col("text").sort().alias("texts"))
    )
    spellings = (
        usage.group_by("entity_id", "form")
        .agg(
            pl.len().alias("count"),
            pl.col("article_id").unique().sort().alias("articles"),
            pl.col("mention_id").alias("mention_ids"),
        )
        .join(shown_text, on=["entity_id", "form"], how="left")
        .join(reference, on="entity_id", how="left")
        .with_columns(is_reference=pl.col("form") == pl.col("reference_form").fill_null(""))
        .with_columns(
            line=pl.format(
                "«{}» ×{} in {}{}{}",
                pl.col("shown"),
                pl.col("count"),
                pl.col("articles").list.head(_ARTICLES_SHOWN).list.join(", "),
                pl.when(pl.col("articles").list.len() > _ARTICLES_SHOWN)
                .then(pl.format(" and {} more", pl.col("articles").list.len() - _ARTICLES_SHOWN))
                .otherwise(pl.lit("")),
                pl.when(pl.col("is_reference"))
                .then(pl.lit(" (reference name)"))
                .otherwise(pl.lit("")),
            )
        )
        .sort("entity_id", "count", "form", descending=[False, True, False])
    )
    per_entity = (
        spellings.group_by("entity_id", maintain_order=True)
        .agg(
            pl.col("line"),
            pl.col("form").sort().alias("forms"),
            pl.col("articles")
            .list.explode(keep_nulls=False, empty_as_null=False)
            .unique()
            .sort()
            .alias("article_ids"),
            pl.col("mention_ids")
            .list.explode(keep_nulls=False, empty_as_null=False)
            .unique()
            .sort()
            .alias("mention_ids"),
            pl.col("reference_name").first(),
            pl.struct(
                pl.col("shown").alias("spelling"),
                "texts",
                "count",
                "articles",
                pl.col("is_reference").alias("reference"),
            ).alias("spellings"),
        )
        .filter(pl.col("forms").list.len() > 1)
        .join(differing, on="entity_id", how="left")
    )
    return per_entity.select(
        message=pl.format(
            "{} ({}) is spelled {} ways: {}; differing: {}",
            pl.col("entity_id"),
            pl.col("reference_name").fill_null("no reference name"),
            pl.col("forms").list.len(),
            pl.col("line").list.join("; "),
            pl.col("differing").list.join(", "),
        ),
        article_ids=pl.col("article_ids"),
        mention_ids=pl.col("mention_ids"),
        key=pl.concat_str([pl.col("entity_id"), pl.col("forms").list.join("|")], separator="|"),
        details=pl.struct(
            "entity_id", "reference_name", "spellings", "differing"
        ).struct.json_encode(),
    )
