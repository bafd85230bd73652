"""Helpers shared by the names family (FL2xx): times of use, spelling keys, office metadata.

Intervals here are inclusive day ranges where a null bound means open (unbounded), the way the
reference tables write "still valid" or "still in office". A TIMEX bound keeps its precision:
read loosely (`possible_*`) a month bound stretches to the whole month, read strictly
(`certain_*`) it shrinks to what holds on every day the value could mean.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from factlint.arabic import fold_expr, normalize_expr
from factlint.dates import interval_end, interval_start
from factlint.identity import ENTITY_MENTION_KINDS, name_index, resolve_mentions
from factlint.rules import RuleContext
from factlint.timeline import article_time

__all__ = [
    "ENTITY_NAME_KINDS",
    "mention_resolution",
    "name_table",
    "office_meta",
    "overlaps",
    "resolved_mentions",
    "skeleton",
    "spelling_form",
    "use_interval",
]

# Mention kinds that carry a proper name (titles and agreements are descriptions).
ENTITY_NAME_KINDS: tuple[str, ...] = ("person", "place", "organisation")

# The definite article with the clitics that can stand before it (والمغرب, بالرباط, للمغرب), at
# the start of any word of a normalized name.
_WORD_ARTICLE = r"(^| )(?:(?:و|ف)?(?:لل|(?:ب|ك|ل)?ال))"
# Long-vowel letters that transliterations add or drop inside a foreign name (بيراموف/بايراموف).
_INNER_VOWELS = r"[اوي]"
# Below this length a word keeps its vowel letters in its skeleton: too little is left otherwise.
_SKELETON_MIN_LENGTH = 4


def overlaps(a_start: pl.Expr, a_end: pl.Expr, b_start: pl.Expr, b_end: pl.Expr) -> pl.Expr:
    """True when two inclusive day intervals can share a day; a null bound is open."""
    return (a_start.is_null() | b_end.is_null() | (a_start <= b_end)) & (
        b_start.is_null() | a_end.is_null() | (b_start <= a_end)
    )


def possible_start(value: pl.Expr) -> pl.Expr:
    """Earliest day a TIMEX start bound can mean (null = open)."""
    return interval_start(value)


def possible_end(value: pl.Expr) -> pl.Expr:
    """Latest day a TIMEX end bound can mean (null = open)."""
    return interval_end(value)


def certain_start(value: pl.Expr) -> pl.Expr:
    """Latest day a TIMEX start bound can mean: from the day after, the period has surely begun."""
    return interval_end(value)


def certain_end(value: pl.Expr) -> pl.Expr:
    """Earliest day a TIMEX end bound can mean: up to it, the period has surely not ended."""
    return interval_start(value)


def use_interval(articles: pl.LazyFrame, claims: pl.LazyFrame) -> pl.LazyFrame:
    """When each article was written: `use_start`, `use_end` (null = open), `use_label`.

    The publication interval when `articles.csv` has one; otherwise from the latest event the
    article reports as occurred onwards (`[not_before, open)`). Articles with neither are left
    out: nothing can be said about when they used a name.
    """
    times = article_time(articles, claims)
    return times.filter(pl.col("not_before").is_not_null()).select(
        "article_id",
        pl.col("not_before").alias("use_start"),
        pl.col("published_end").alias("use_end"),
        pl.when(pl.col("published_start").is_not_null())
        .then(pl.format("published {}", pl.col("published")))
        .otherwise(
            pl.format(
                "written on or after {} (its latest reported event)",
                pl.col("not_before").dt.to_string("%Y-%m-%d"),
            )
        )
        .alias("use_label"),
    )


def spelling_form(text: pl.Expr) -> pl.Expr:
    """A name as spelled, without orthographic noise or a definite article on any word.

    `factlint.arabic.normalize` removes diacritics, tatweel, bidi marks, hamza and alef forms,
    alef maqsura and taa marbuta; then the article `ال` (with a clitic before it: وال، بال، لل)
    is dropped from the start of each word, so الأذربيجان and أذربيجان are one spelling.
    """
    return (
        normalize_expr(text)
        .str.replace_all(_WORD_ARTICLE, "$1")
        .str.replace_all(r" +", " ")
        .str.strip_chars(" ")
    )


def skeleton(word: pl.Expr) -> pl.Expr:
    """The consonant skeleton of a normalized word, for recognising transliteration variants.

    Transliteration folding (`factlint.arabic.fold`: غ/ج/ق, ڤ/ف, ...) and, in words of at least
    four letters, the long-vowel letters ا و ي dropped from inside the word (the first and the
    last letter are kept, so a nisba adjective أذربيجاني keeps its final ي and differs from
    أذربيجان).
    """
    folded = fold_expr(word)
    length = folded.str.len_chars()
    inner = folded.str.slice(1, length - 2).str.replace_all(_INNER_VOWELS, "")
    return (
        pl.when(length >= _SKELETON_MIN_LENGTH)
        .then(pl.concat_str([folded.str.head(1), inner, folded.str.tail(1)]))
        .otherwise(folded)
    )


def office_meta(entities: pl.LazyFrame, office_ids: pl.LazyFrame) -> pl.LazyFrame:
    """`office`, `office_country`, `office_type` for offices named `office-<country>-<type>`.

    The country part must be the slug of a reference country (`country-<slug>`); the longest
    such slug wins (`office-czech-republic-...` over `office-czech-...`). Offices whose id does
    not follow the convention get null country and type and are never compared by type.
    """
    countries = entities.filter(pl.col("type") == "country").select(
        pl.col("entity_id").str.strip_prefix("country-").alias("slug")
    )
    offices = office_ids.select(pl.col("office")).unique()
    matched = (
        offices.join(countries, how="cross")
        .filter(pl.col("office").str.starts_with(pl.format("office-{}-", pl.col("slug"))))
        .with_columns(slug_length=pl.col("slug").str.len_chars())
        .sort("office", "slug_length", descending=[False, True])
        .group_by("office", maintain_order=True)
        .first()
        .select(
            "office",
            pl.format("country-{}", pl.col("slug")).alias("office_country"),
            pl.col("office")
            .str.slice(len("office-") + pl.col("slug_length") + 1)
            .alias("office_type"),
        )
    )
    return offices.join(matched, on="office", how="left")


# FL201, FL202, FL204 read one resolution of the mentions and one name index: the last few
# results, by what they are and the frames they were computed from (held, so that their ids
# stay theirs).
_RECENT: list[tuple[tuple[object, ...], tuple[Any, ...], pl.DataFrame]] = []
_RECENT_SIZE = 4
_TABLES = ("mentions", "entities", "aliases")
# What a mention's resolution depends on (`factlint.identity.resolve_mentions`).
_RESOLVED_BY = ["kind", "text", "value"]
_RESOLUTION = ["entity_id", "resolved_by", "key"]


def _once(ctx: RuleContext, what: str, compute: Callable[[], pl.LazyFrame]) -> pl.LazyFrame:
    """`compute()` collected once per dataset (its frames are immutable) and kept."""
    frames = tuple(ctx.dataset.frames.get(t) for t in _TABLES)
    key = (what, *(id(f) for f in frames))
    for cached_key, _, cached in _RECENT:
        if cached_key == key:
            return cached.lazy()
    result = compute().collect(engine="in-memory")
    _RECENT.append((key, frames, result))
    del _RECENT[:-_RECENT_SIZE]
    return result.lazy()


def name_table(ctx: RuleContext) -> pl.LazyFrame:
    """`factlint.identity.name_index` of the reference tables, computed once per dataset."""
    return _once(ctx, "names", lambda: name_index(ctx.frame("entities"), ctx.frame("aliases")))


def mention_resolution(ctx: RuleContext) -> pl.LazyFrame:
    """`factlint.identity.resolve_mentions` of each distinct (`kind`, `text`, `value`) of the
    dataset's entity mentions: those three columns with `entity_id`, `resolved_by`, `key`.

    A mention's resolution depends on nothing else, and a million mentions of news carry a
    few thousand distinct names, so this is computed once per dataset for the names rules
    on those few thousand rows.
    """

    def compute() -> pl.LazyFrame:
        distinct = (
            ctx.frame("mentions")
            .filter(pl.col("kind").is_in(ENTITY_MENTION_KINDS))
            .select(_RESOLVED_BY)
            .unique()
            # resolve_mentions reads them twice (their texts, then the rows): found once, in
            # the streaming engine (a third of the in-memory engine's time on 1M mentions).
            .collect(engine="streaming")
            .lazy()
        )
        return resolve_mentions(
            distinct, ctx.frame("entities"), ctx.frame("aliases"), index=name_table(ctx)
        ).select(*_RESOLVED_BY, *_RESOLUTION)

    return _once(ctx, "resolution", compute)


def resolved_mentions(ctx: RuleContext, resolution: pl.LazyFrame | None = None) -> pl.LazyFrame:
    """The dataset's entity mentions with `entity_id`, `resolved_by` and `key`, as
    `factlint.identity.resolve_mentions` gives them: the mentions joined to `resolution`, a
    part of `mention_resolution(ctx)` (all of it by default), with any columns it adds.

    A rule that wants a small part of the mentions (unknown names, names with a dated
    period) filters the few thousand distinct resolutions first and never carries the
    others along.
    """
    if resolution is None:
        resolution = mention_resolution(ctx)
    resolution = resolution.collect()
    # A filter on the few distinct texts first: cheaper than hashing three columns of every
    # mention in the join.
    texts = resolution["text"].unique().implode()
    return (
        ctx.frame("mentions")
        .filter(pl.col("text").is_in(texts, nulls_equal=True))
        .join(resolution.lazy(), on=_RESOLVED_BY, how="inner", nulls_equal=True)
    )
