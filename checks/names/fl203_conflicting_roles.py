"""FL203 conflicting-roles."""

from __future__ import annotations

import polars as pl

from checks.names._shared import (
    certain_end,
    certain_start,
    office_meta,
    overlaps,
    possible_end,
    possible_start,
)
from factlint.dates import interval_end, interval_start
from factlint.rules import RuleContext, rule
from factlint.timeline import published_interval


@rule(
    code="FL203",
    name="conflicting-roles",
    severity="error",
    requires=("articles", "claims", "entities", "office_holders"),
    block="entity",
)
def conflicting_roles(ctx: RuleContext) -> pl.LazyFrame:
    """A person is given offices that cannot be held together, or an office someone else held.

    What it checks:
        Role claims (person, office, as-of date). A claim without a date takes its article's
        publication interval; without either it is not checked, and neither is a claim tied
        to a date mention that has no calendar value (a vague or former role). Dates are
        intervals (a month is any day of it), and reference terms are read with their
        precision: a term certainly covers an interval when it surely began before it and
        surely had not ended (`office_holders.end` empty = still in office), and possibly
        overlaps it when any reading of its bounds shares a day with it.
        (a) Two role claims for one person, across any articles, with different offices and
        overlapping dates, where the offices are incompatible: either the same kind of office
        of two different countries (offices named `office-<country>-<kind>` with `country-<slug>`
        a reference country: the foreign minister of Russia and of Azerbaijan), or two offices
        that the reference has held by different people over the whole span of both claims
        (each office has a term certainly covering the span, and no person possibly holds
        both). One finding per person and pair of offices, naming every claim involved.
        (b) A role claim whose office the reference has certainly held, over the claim's whole
        date interval, by another person, while no term of this person in that office possibly
        overlaps it. Offices with co-holders are fine as long as the reference lists the
        overlapping terms. One finding per claim.

    Why it matters:
        A wrong title attached to a name (often a copy error between the two sides of a
        meeting) misattributes statements and breaks every fact built on who spoke.

    Example:
        `seed-002` has `person-sergey-lavrov` as `office-russia-foreign-minister` on
        `2022-12-05` and another article has him as `office-azerbaijan-foreign-minister` on
        `2022-12` → (a) foreign minister of two countries at once, and (b) the reference has
        `person-jeyhun-bayramov` in the Azerbaijani office since `2020-07-16`.

    Passes:
        Lavrov as Russian foreign minister on `2022-12-05` (his term `2004-03-09 ..` is open);
        Bayramov as Azerbaijani foreign minister in `2020-07`, the month his term began and
        Mammadyarov's ended (`2020-07-16`): the claim may be either side of the handover; a
        king who is also commander of the armed forces in the reference; a role claim with no
        date in an article with no publication date.
    """
    # Both are read by several branches of the plan below: materialize them once.
    terms = _terms(ctx.frame("office_holders")).collect().lazy()
    roles = _role_claims(ctx.frame("claims"), ctx.frame("articles")).collect().lazy()
    names = ctx.frame("entities").select("entity_id", pl.col("name_ar").alias("name"))
    return pl.concat(
        [
            _incompatible_offices(roles, terms, ctx.frame("entities"), names),
            _held_by_other(roles, terms, names),
        ],
        how="vertical_relaxed",
    )


def _role_claims(claims: pl.LazyFrame, articles: pl.LazyFrame) -> pl.LazyFrame:
    """Role claims with the interval they speak of: their date, else their publication.

    A role tied to a date the text gives but that has no calendar value (`date_mention` set,
    `date` null: «في السنوات الأخيرة», a former office) speaks of an unknown time: it is not
    placed at the publication date.
    """
    value = pl.col("date")
    roles = claims.filter(
        (pl.col("kind") == "role")
        & pl.col("person").is_not_null()
        & pl.col("office").is_not_null()
        & (pl.col("date").is_not_null() | pl.col("date_mention").is_null())
    ).select("claim_id", "article_id", "person", "office", "date")
    # The publication dates of the role claims' articles only, not of every article.
    with_roles = articles.join(roles.select("article_id").unique(), on="article_id", how="semi")
    return (
        roles.join(published_interval(with_roles), on="article_id", how="left")
        .with_columns(date_start=interval_start(value), date_end=interval_end(value))
        .select(
            "claim_id",
            "article_id",
            "person",
            "office",
            pl.coalesce("date_start", "published_start").alias("start"),
            pl.coalesce("date_end", "published_end").alias("end"),
            pl.when(pl.col("date_start").is_not_null())
            .then(pl.format("on {}", pl.col("date")))
            .otherwise(pl.format("as of its publication ({})", pl.col("published")))
            .alias("when"),
        )
        .filter(pl.col("start").is_not_null())
    )


def _terms(holders: pl.LazyFrame) -> pl.LazyFrame:
    """Reference terms with their possible and certain day bounds (null = open)."""
    return holders.select(
        pl.col("office_id").alias("office"),
        pl.col("person_id").alias("holder"),
        pl.format(
            "{} .. {}", pl.col("start").fill_null("?"), pl.col("end").fill_null("open")
        ).alias("term"),
        possible_start(pl.col("start")).alias("possible_start"),
        possible_end(pl.col("end")).alias("possible_end"),
        certain_start(pl.col("start")).alias("certain_start"),
        certain_end(pl.col("end")).alias("certain_end"),
        # An unreadable or missing start, or an unreadable end, certifies nothing.
        (
            certain_start(pl.col("start")).is_not_null()
            & (pl.col("end").is_null() | certain_end(pl.col("end")).is_not_null())
        ).alias("certain_bounds"),
    ).filter(pl.col("office").is_not_null() & pl.col("holder").is_not_null())


def _covers(start: str, end: str) -> pl.Expr:
    """The term certainly covers every day of [start, end]."""
    return (
        pl.col("certain_bounds")
        & (pl.col("certain_start") <= pl.col(start))
        & (pl.col("certain_end").is_null() | (pl.col("certain_end") >= pl.col(end)))
    )


def _may_overlap(start: str, end: str) -> pl.Expr:
    return overlaps(pl.col("possible_start"), pl.col("possible_end"), pl.col(start), pl.col(end))


def _held_by_other(roles: pl.LazyFrame, terms: pl.LazyFrame, names: pl.LazyFrame) -> pl.LazyFrame:
    """(b) The reference has someone else, and not this person, in the office at that date."""
    judged = (
        roles.join(terms, on="office", how="inner")
        .with_columns(
            other=(pl.col("holder") != pl.col("person")) & _covers("start", "end"),
            own=(pl.col("holder") == pl.col("person")) & _may_overlap("start", "end"),
        )
        .group_by("claim_id")
        .agg(
            pl.col("article_id", "person", "office", "when").first(),
            pl.col("other").any().alias("any_other"),
            pl.col("own").any().alias("any_own"),
            pl.format("{} ({})", pl.col("holder"), pl.col("term"))
            .filter(pl.col("other"))
            .unique()
            .sort()
            .alias("holders"),
        )
        .filter(pl.col("any_other") & ~pl.col("any_own"))
        .join(names.rename({"entity_id": "person", "name": "person_name"}), on="person", how="left")
        .join(names.rename({"entity_id": "office", "name": "office_name"}), on="office", how="left")
    )
    return judged.select(
        message=pl.format(
            "{} says {} ({}) held {} ({}) {}, but the reference has {} in that office then "
            "and no term of {} overlapping that date",
            pl.col("article_id"),
            pl.col("person"),
            pl.col("person_name").fill_null("no reference name"),
            pl.col("office"),
            pl.col("office_name").fill_null("no reference name"),
            pl.col("when"),
            pl.col("holders").list.join(", "),
            pl.col("person"),
        ),
        article_ids=pl.concat_list(pl.col("article_id")),
        claim_ids=pl.concat_list(pl.col("claim_id")),
        key=pl.concat_str(
            [
                pl.lit("held-by-other"),
                pl.col("article_id"),
                pl.col("person"),
                pl.col("office"),
                pl.col("when"),
            ],
            separator="|",
        ),
        details=pl.struct(
            pl.lit("held-by-other").alias("conflict"),
            "person",
            "office",
            pl.col("when").alias("date"),
            pl.col("holders").alias("reference_holders"),
        ).struct.json_encode(),
    )


def _incompatible_offices(
    roles: pl.LazyFrame, terms: pl.LazyFrame, entities: pl.LazyFrame, names: pl.LazyFrame
) -> pl.LazyFrame:
    """(a) One person, two incompatible offices, overlapping dates."""
    # Pair distinct (person, office, interval) assertions, not claims: many articles repeat one.
    asserted = roles.select("person", "office", "start", "end").unique()
    meta = office_meta(entities, asserted.select("office"))
    asserted = asserted.join(meta, on="office", how="left")
    pairs = (
        asserted.join(asserted, on="person", how="inner", suffix="_b")
        .filter(
            (pl.col("office") < pl.col("office_b"))
            & overlaps(pl.col("start"), pl.col("end"), pl.col("start_b"), pl.col("end_b"))
        )
        .with_columns(
            same_kind=(pl.col("office_type") == pl.col("office_type_b"))
            & (pl.col("office_country") != pl.col("office_country_b")),
            span_start=pl.min_horizontal("start", "start_b"),
            span_end=pl.max_horizontal("end", "end_b"),
        )
        .with_row_index("pair")
        .collect()
        .lazy()
    )
    by_reference = _reference_disjoint(pairs, terms)
    conflicts = (
        pairs.join(by_reference, on="pair", how="left")
        .with_columns(pl.col("disjoint").fill_null(False))
        .filter(pl.col("same_kind").fill_null(False) | pl.col("disjoint"))
        .collect()
        .lazy()
    )
    side_a = conflicts.select(
        "person", "office", "office_b", pl.col("office").alias("side"), "start", "end"
    )
    side_b = conflicts.select(
        "person",
        "office",
        "office_b",
        pl.col("office_b").alias("side"),
        pl.col("start_b").alias("start"),
        pl.col("end_b").alias("end"),
    )
    involved = (
        pl.concat([side_a, side_b])
        .unique()
        .join(
            roles.rename({"office": "side"}),
            on=["person", "side", "start", "end"],
            how="inner",
        )
        .sort("person", "office", "office_b", "side", "start", "article_id", "claim_id")
        .with_columns(
            line=pl.format("{} {} ({})", pl.col("side"), pl.col("when"), pl.col("article_id"))
        )
    )
    reasons = conflicts.group_by("person", "office", "office_b").agg(
        pl.col("same_kind").fill_null(False).any(),
        pl.col("office_type", "office_country", "office_country_b").first(),
        pl.col("holders_a").list.explode(keep_nulls=False, empty_as_null=False).unique().sort(),
        pl.col("holders_b").list.explode(keep_nulls=False, empty_as_null=False).unique().sort(),
    )
    grouped = (
        involved.group_by("person", "office", "office_b", maintain_order=True)
        .agg(
            pl.col("line").unique(maintain_order=True),
            pl.col("claim_id").unique().sort().alias("claim_ids"),
            pl.col("article_id").unique().sort().alias("article_ids"),
        )
        .join(reasons, on=["person", "office", "office_b"], how="inner")
        .join(names.rename({"entity_id": "person", "name": "person_name"}), on="person", how="left")
    )
    reason = (
        pl.when(pl.col("same_kind"))
        .then(
            pl.format(
                "both are {} offices, of {} and of {}",
                pl.col("office_type"),
                pl.col("office_country"),
                pl.col("office_country_b"),
            )
        )
        .otherwise(
            pl.format(
                "the reference has {} held by {} and {} by {} over those dates",
                pl.col("office"),
                pl.col("holders_a").list.join(", "),
                pl.col("office_b"),
                pl.col("holders_b").list.join(", "),
            )
        )
    )
    return grouped.select(
        message=pl.format(
            "{} ({}) is given incompatible offices at overlapping dates: {}; {}",
            pl.col("person"),
            pl.col("person_name").fill_null("no reference name"),
            pl.col("line").list.join("; "),
            reason,
        ),
        article_ids=pl.col("article_ids"),
        claim_ids=pl.col("claim_ids"),
        key=pl.concat_str(
            [
                pl.lit("incompatible-offices"),
                pl.col("person"),
                pl.col("office"),
                pl.col("office_b"),
            ],
            separator="|",
        ),
        details=pl.struct(
            pl.lit("incompatible-offices").alias("conflict"),
            "person",
            pl.concat_list("office", "office_b").alias("offices"),
            pl.col("line").alias("claims"),
            pl.when(pl.col("same_kind"))
            .then(pl.lit("same kind of office, different countries"))
            .otherwise(pl.lit("held by different people per the reference"))
            .alias("reason"),
        ).struct.json_encode(),
    )


def _reference_disjoint(pairs: pl.LazyFrame, terms: pl.LazyFrame) -> pl.LazyFrame:
    """Per pair: both offices certainly held over the span, by no common possible holder."""
    sides = []
    for side, office in (("a", "office"), ("b", "office_b")):
        sides.append(
            pairs.select("pair", office, "span_start", "span_end")
            .join(terms, left_on=office, right_on="office", how="inner")
            .group_by("pair")
            .agg(
                _covers("span_start", "span_end").any().alias(f"covered_{side}"),
                pl.col("holder")
                .filter(_may_overlap("span_start", "span_end"))
                .unique()
                .sort()
                .alias(f"possible_{side}"),
                pl.col("holder")
                .filter(_covers("span_start", "span_end"))
                .unique()
                .sort()
                .alias(f"holders_{side}"),
            )
        )
    both = sides[0].join(sides[1], on="pair", how="inner")
    return both.select(
        "pair",
        "holders_a",
        "holders_b",
        disjoint=pl.col("covered_a")
        & pl.col("covered_b")
        & (pl.col("possible_a").list.set_intersection(pl.col("possible_b")).list.len() == 0),
    )
