"""FL301 agreement-scope-divergence."""

from __future__ import annotations

import polars as pl

from checks.agreements._shared import agreement_lists, joined, scope_labels
from factlint.messages import examples
from factlint.rules import RuleContext, rule


@rule(
    code="FL301",
    name="agreement-scope-divergence",
    severity="warning",
    requires=("claims", "scopes"),
    options={"min_articles": 2},
    block="agreement",
)
def agreement_scope_divergence(ctx: RuleContext) -> pl.LazyFrame:
    """Articles list different scopes for the same agreement.

    What it checks:
        For each agreement, the scope codes that each article's `agreement` claims list
        (`scopes`; several claims of one article about the same agreement are merged). When at
        least `min_articles` articles list scopes (default 2; option `min_articles`) and their
        lists are not all the same set (order and duplicates do not matter), one finding names
        the articles' lists, the scopes common to all of them and, for the rest, which articles
        have them (the message shows three articles of each list and counts the rest; the
        finding's ids and details have them all). Scopes are shown with their label from
        `reference/scopes.csv` when it has one, else by code. An article that lists no scopes
        (`scopes` null or empty) is not compared: silence is not a divergence.

        When one article's list contains every scope the others list (the others are subsets of
        it), the message says `subset`: nothing is contradicted, some articles list only part of
        the agreement. It is still reported, because an editor wants to know that outlets
        describe the agreement differently, but it is the weaker case; `details.relation` is
        `subset` or `divergent`.

    Why it matters:
        Outlets summarize an agreement from different sources (a ratification decree, a ministry
        communiqué, a press agency), and lists drift: a scope is added that the text of the
        agreement does not have, or one agreement's scopes are mixed with another signed the
        same day. A reader comparing the articles cannot tell which list is right; the editor
        should check the primary source.

    Example:
        `seed-000`: agreement-morocco-azerbaijan-military-cooperation-2024 with scopes
        `[defence-industry, demining, humanitarian-operations, manufacturing, military-medicine,
        scientific-research, training]`; `seed-004`: the same agreement with `[cybersecurity,
        defence-industry, military-medicine, technical-expertise-exchange, training]`. Common:
        defence industry, military medicine, training; only seed-000: demining, ...; only
        seed-004: cybersecurity, technical expertise exchange.

    Passes:
        Both articles list `[training, defence-industry]` (in any order, with repeats); or one of
        them lists scopes and the other lists none.
    """
    min_articles = int(ctx.options["min_articles"])
    labels = scope_labels(ctx.frame("scopes"))
    claims = agreement_lists(ctx.frame("claims"), "scopes")

    # One row per (agreement, article, scope).
    listed = (
        claims.explode("scopes")
        .rename({"scopes": "scope"})
        .join(labels, left_on="scope", right_on="scope_code", how="left")
        .with_columns(label=pl.coalesce(pl.col("label"), pl.col("scope")))
    )
    per_article = (
        listed.group_by("agreement", "article_id")
        .agg(
            pl.col("scope").unique().sort().alias("scopes"),
            pl.col("claim_id").unique().sort().alias("claim_ids"),
            _by_label(pl.struct("label", "scope").unique()).alias("_labels"),
        )
        .with_columns(set_key=pl.col("scopes").list.join(","))
    )
    blocks = (
        per_article.group_by("agreement")
        .agg(
            pl.len().alias("n_articles"),
            pl.col("set_key").n_unique().alias("n_sets"),
            pl.col("set_key").unique().sort().alias("set_keys"),
            pl.col("scopes").list.len().max().alias("_largest"),
        )
        .filter((pl.col("n_articles") >= min_articles) & (pl.col("n_sets") > 1))
    )
    per_scope = (
        listed.select("agreement", "article_id", "scope", "label")
        .unique()
        .join(blocks.select("agreement", "n_articles"), on="agreement", how="inner")
        .group_by("agreement", "scope")
        .agg(
            pl.col("label").min(),
            pl.col("article_id").sort().alias("article_ids"),
            pl.col("n_articles").first(),
        )
        .with_columns(common=pl.col("article_ids").list.len() == pl.col("n_articles"))
    )
    common = per_scope.group_by("agreement").agg(
        pl.col("scope").filter(pl.col("common")).sort().alias("common"),
        _by_label(pl.struct("label", "scope").filter(pl.col("common"))).alias("_common_labels"),
        pl.len().alias("_union"),
    )
    # Scopes only some articles list, grouped by the articles that list them.
    partial = (
        per_scope.filter(~pl.col("common"))
        .with_columns(
            _articles=pl.col("article_ids").list.join(", "),
            _shown=examples(pl.col("article_ids")),
        )
        .group_by("agreement", "_articles")
        .agg(
            _by_label(pl.struct("label", "scope")).alias("_labels"),
            pl.struct("scope", "label", "article_ids").sort_by("scope").alias("_partial"),
            pl.col("_shown").first(),
        )
        .with_columns(_text=pl.format("{} ({})", pl.col("_labels").list.join(", "), "_shown"))
        .group_by("agreement")
        .agg(
            pl.col("_text").sort_by("_articles").str.join("; ").alias("_only_text"),
            pl.col("_partial")
            .list.explode(keep_nulls=False, empty_as_null=False)
            .alias("only_some"),
        )
        .with_columns(pl.col("only_some").list.eval(pl.element().sort()))
    )
    articles = (
        per_article.join(blocks.select("agreement"), on="agreement", how="semi")
        .with_columns(
            _text=pl.format(
                "{}: {}",
                pl.col("article_id"),
                pl.col("_labels").list.join(", "),
            )
        )
        .group_by("agreement")
        .agg(
            pl.col("article_id").sort().alias("article_ids"),
            pl.col("claim_ids")
            .list.explode(keep_nulls=False, empty_as_null=False)
            .unique()
            .sort()
            .alias("claim_ids"),
            pl.col("_text").sort_by("article_id").alias("_articles_text"),
            pl.struct("article_id", "claim_ids", "scopes").sort_by("article_id").alias("articles"),
            # Articles whose list holds every scope listed anywhere (computed below).
            pl.struct("article_id", pl.col("scopes").list.len().alias("n"))
            .sort_by("article_id")
            .alias("_sizes"),
        )
    )
    found = (
        blocks.join(articles, on="agreement")
        .join(common, on="agreement")
        .join(partial, on="agreement")
        .with_columns(
            _fullest=examples(
                pl.col("_sizes").list.eval(
                    pl.element()
                    .struct.field("article_id")
                    .filter(pl.element().struct.field("n") == pl.element().struct.field("n").max())
                )
            ),
            _articles_text=examples(pl.col("_articles_text"), separator="; "),
            relation=pl.when(pl.col("_largest") == pl.col("_union"))
            .then(pl.lit("subset"))
            .otherwise(pl.lit("divergent")),
        )
    )
    head = (
        pl.when(pl.col("relation") == "subset")
        .then(
            pl.format(
                "scopes of {} differ between {} articles (subset: every other list is contained"
                " in that of {})",
                "agreement",
                "n_articles",
                "_fullest",
            )
        )
        .otherwise(pl.format("scopes of {} differ between {} articles", "agreement", "n_articles"))
    )
    return found.select(
        message=pl.format(
            "{} — {} — common to all: {}; only in some: {}",
            head,
            "_articles_text",
            joined(pl.col("_common_labels")),
            "_only_text",
        ),
        article_ids="article_ids",
        claim_ids="claim_ids",
        key=pl.format("{}|{}", "agreement", pl.col("set_keys").list.join(";")),
        details=pl.struct(
            "agreement", "relation", "articles", "common", "only_some"
        ).struct.json_encode(),
    )


def _by_label(labelled: pl.Expr) -> pl.Expr:
    """Labels of a `struct(label, scope)` column in an aggregation, in label order."""
    return labelled.sort().struct.field("label")
