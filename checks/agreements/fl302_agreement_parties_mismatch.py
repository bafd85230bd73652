"""FL302 agreement-parties-mismatch."""

from __future__ import annotations

import polars as pl

from checks.agreements._shared import written_lists
from factlint.messages import examples
from factlint.rules import RuleContext, rule

_REFERENCE = "reference/agreement_parties.csv"


@rule(
    code="FL302",
    name="agreement-parties-mismatch",
    severity="error",
    requires=("claims", "agreement_parties"),
    block="agreement",
)
def agreement_parties_mismatch(ctx: RuleContext) -> pl.LazyFrame:
    """The same agreement is given different parties.

    What it checks:
        For each agreement, the sets of parties named by its `agreement` claims (`parties`,
        order and duplicates ignored) and, when `reference/agreement_parties.csv` has rows for
        it, the reference set. When there is more than one distinct set, one finding lists each
        set with who gives it (the reference, the articles and their claims; the message
        names three sources per set and counts the rest). A claim with null
        or empty `parties` names none and is not compared; an agreement the reference does not
        list is compared across articles only. When every set is contained in the largest one
        (some sources name fewer parties, none names a different one) the message says
        `subset`; `details.relation` is `subset` or `different`.

        `event` claims (signing, ratification, approval, ...) of an agreement are deliberately
        not compared: their `participants` are who took part in that event, not the parties. A
        ratification is done by one party (Azerbaijan's president ratifying), a signing can have
        a host or a witness, and a signing of two agreements at one ceremony has the parties of
        both.

    Why it matters:
        Who is bound by an agreement is its most basic fact. A third country in the parties
        usually means two agreements signed at the same ceremony were merged into one, or an
        article named the wrong counterpart; a missing party means a bilateral agreement was
        recorded as one-sided.

    Example:
        `seed-004`: agreement-morocco-azerbaijan-military-cooperation-2024 with parties
        `[country-azerbaijan, country-czechia, country-morocco]` (the article reports two
        agreements signed the same day), while the reference and `seed-000` give
        `[country-azerbaijan, country-morocco]`.

    Passes:
        Every article and the reference give `[country-azerbaijan, country-morocco]`; or an
        article lists no parties; or the signing event's participants include a host country.
    """

    # Each distinct list as written is sorted once, and the disputed agreements are found from
    # the distinct (agreement, set) pairs before anyone's articles and claims are gathered.
    written = (
        written_lists(ctx.frame("claims"), "parties")
        .with_columns(set_key=pl.col("parties").list.join(","))
        .collect()
    )
    claim_sets = written.select("agreement", "set_key").unique()
    reference = (
        ctx.frame("agreement_parties")
        .filter(pl.col("agreement_id").is_not_null() & pl.col("party_id").is_not_null())
        .group_by(pl.col("agreement_id").alias("agreement"))
        .agg(pl.col("party_id").unique().sort().alias("parties"))
        # Only agreements some article gives parties for: there is nothing to compare otherwise.
        .join(claim_sets.lazy().select("agreement").unique(), on="agreement", how="semi")
        .with_columns(set_key=pl.col("parties").list.join(","))
        .collect()
    )
    # Only agreements given more than one party set can differ.
    disputed = (
        pl.concat([claim_sets, reference.select("agreement", "set_key")])
        .unique()
        .group_by("agreement")
        .len()
        .filter(pl.col("len") > 1)
        .select("agreement")
    )
    # Their claims' articles and ids, gathered by row number.
    sets = written.join(disputed, on="agreement", how="semi").explode("_row")
    ids = ctx.frame("claims").select(pl.col("article_id", "claim_id").gather(sets["_row"]))
    claims = pl.concat([sets.drop("_row"), ids.collect()], how="horizontal").lazy()
    reference = reference.lazy().join(disputed.lazy(), on="agreement", how="semi")
    # Sorted without repeats: as `list.eval`, much cheaper than in a group's aggregation.
    sorted_ids = pl.element().sort().unique(maintain_order=True)
    # One row per (agreement, distinct party set) with everyone who gives that set.
    by_set = (
        pl.concat(
            [
                claims.select(
                    "agreement",
                    "set_key",
                    "parties",
                    "article_id",
                    "claim_id",
                    in_reference=pl.lit(False),
                ),
                reference.select(
                    "agreement",
                    "set_key",
                    "parties",
                    article_id=pl.lit(None, dtype=pl.String),
                    claim_id=pl.lit(None, dtype=pl.String),
                    in_reference=pl.lit(True),
                ),
            ]
        )
        .group_by("agreement", "set_key")
        .agg(
            pl.col("parties").first(),
            pl.col("in_reference").any(),
            pl.col("article_id").drop_nulls().alias("article_ids"),
            pl.col("claim_id").drop_nulls().alias("claim_ids"),
        )
        .with_columns(pl.col("article_ids", "claim_ids").list.eval(sorted_ids))
        .with_columns(
            _sources=pl.when(pl.col("in_reference"))
            .then(pl.concat_list(pl.lit(_REFERENCE), pl.col("article_ids")))
            .otherwise(pl.col("article_ids"))
        )
    )
    union = (
        by_set.select("agreement", "parties")
        .explode("parties")
        .group_by("agreement")
        .agg(pl.col("parties").n_unique().alias("_union"))
    )
    found = (
        by_set.group_by("agreement")
        .agg(
            pl.len().alias("n_sets"),
            pl.col("set_key").sort().alias("_set_keys"),
            pl.col("parties").list.len().max().alias("_largest"),
            pl.col("set_key").filter(pl.col("in_reference")).first().alias("_reference_key"),
            pl.col("parties")
            .list.len()
            .filter(pl.col("in_reference"))
            .first()
            .alias("_reference_size"),
            pl.col("article_ids").list.explode(keep_nulls=False, empty_as_null=False),
            pl.col("claim_ids").list.explode(keep_nulls=False, empty_as_null=False),
            pl.format(
                "[{}] in {}",
                pl.col("set_key").str.replace_all(",", ", "),
                examples(pl.col("_sources")),
            )
            .sort_by(pl.col("in_reference").not_(), "set_key")
            .str.join("; ")
            .alias("_sets_text"),
            pl.struct(
                "parties",
                pl.col("in_reference").alias("reference"),
                "article_ids",
                "claim_ids",
            )
            .sort_by(pl.col("in_reference").not_(), "set_key")
            .alias("sets"),
        )
        .filter(pl.col("n_sets") > 1)
        .with_columns(pl.col("article_ids", "claim_ids").list.eval(sorted_ids))
        .join(union, on="agreement")
        .with_columns(
            # Nested lists are the weaker case, unless an article names a party the
            # reference does not list: the reference, when present, must be the fullest.
            relation=pl.when(
                (pl.col("_largest") == pl.col("_union"))
                & pl.col("_reference_size").fill_null(pl.col("_union")).eq(pl.col("_union"))
            )
            .then(pl.lit("subset"))
            .otherwise(pl.lit("different"))
        )
    )
    subset_note = (
        pl.when(pl.col("relation") == "subset")
        .then(pl.lit(" (subset: some sources name only part of the parties)"))
        .otherwise(pl.lit(""))
    )
    return found.select(
        message=pl.format("parties of {} differ{}: {}", "agreement", subset_note, "_sets_text"),
        article_ids="article_ids",
        claim_ids="claim_ids",
        key=pl.format(
            "{}|reference={}|{}",
            "agreement",
            pl.col("_reference_key").fill_null(""),
            pl.col("_set_keys").list.join(";"),
        ),
        details=pl.struct("agreement", "relation", "sets").struct.json_encode(),
    )
