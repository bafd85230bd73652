"""FL303 unknown-scope-term."""

from __future__ import annotations

import polars as pl

from checks.agreements._shared import phrase_key
from factlint.messages import quote
from factlint.rules import RuleContext, rule

# How many of a code's known phrases the message quotes (details has them all).
_QUOTED_PHRASES = 4


@rule(
    code="FL303",
    name="unknown-scope-term",
    severity="warning",
    requires=("mentions", "scopes", "scope_phrases"),
    block="article",
)
def unknown_scope_term(ctx: RuleContext) -> pl.LazyFrame:
    """A scope mention's phrase is not in the scope vocabulary under the code it carries.

    What it checks:
        Every `scope` mention against the vocabulary: the phrases of `reference/scope_phrases.csv`
        plus each code's Arabic label in `reference/scopes.csv`, compared after Arabic
        normalization (`factlint.arabic.normalize_expr`: diacritics, tatweel, hamza and alef
        forms, taa marbuta, alef maqsura) and with the definite article and its clitics dropped
        from each word (`التدريب`, `والتدريب`, `تدريب` are one phrase). Two cases, one message
        each:

        - the mention has no code (`value` null): the phrase is not in the vocabulary; when the
          vocabulary does list it, the message names the code(s) the mention should carry;
        - the mention's code is in the vocabulary but its text is not among that code's phrases:
          either the vocabulary lacks this phrasing (add it to `scope_phrases.csv`) or the code
          is wrong; when the phrase belongs to another code, the message names it.

        Both are one rule because both ask the editor to look at the vocabulary for this phrase;
        a rule has one severity, and `warning` fits both (regrade with `[tool.factlint.severity]`
        if the second is too noisy for a young vocabulary).

        Not checked here: a `value`, or a code in an agreement claim's `scopes`, that is not in
        `scopes.csv` at all. FL004 dangling-reference reports exactly those as dangling scope
        codes (an error), so this rule skips mentions whose code is unknown rather than report
        the same thing twice. A mention without text (FL003's business) is checked for its code
        only.

    Why it matters:
        Scope comparisons between articles (FL301) rest on the codes. A phrase left uncoded drops
        out of every comparison; a phrase coded with a neighbouring scope (`الصحة العسكرية` as
        `training`) makes two articles look different, or alike, for the wrong reason. Growing
        the vocabulary from these findings is how it comes to cover how outlets actually write.

    Example:
        `{"kind": "scope", "text": "الأمن السيبراني", "value": null}` while the vocabulary has no
        such phrase; or `{"kind": "scope", "text": "الصحة العسكرية", "value": "training"}` while
        that phrase is listed under `military-medicine`.

    Passes:
        `{"kind": "scope", "text": "التَّدْرِيب", "value": "training"}` with `التدريب` listed for
        `training`; `{"kind": "scope", "text": "الفضاء", "value": "space"}` when `space` is not
        in `scopes.csv` (FL004 reports it).
    """
    scopes = ctx.frame("scopes").filter(pl.col("scope_code").is_not_null())
    vocabulary = (
        pl.concat(
            [
                ctx.frame("scope_phrases").select("scope_code", phrase=pl.col("phrase_ar")),
                scopes.select("scope_code", phrase=pl.col("label_ar")),
            ]
        )
        .filter(pl.col("phrase").is_not_null() & pl.col("scope_code").is_not_null())
        .with_columns(phrase_key=phrase_key(pl.col("phrase")))
        .filter(pl.col("phrase_key") != "")
    )
    phrases_of_code = vocabulary.group_by("scope_code").agg(
        pl.col("phrase").unique().sort().alias("known_phrases")
    )
    codes_of_phrase = vocabulary.group_by("phrase_key").agg(
        pl.col("scope_code").unique().sort().alias("listed_under")
    )
    known = scopes.select(pl.col("scope_code").alias("value")).unique()

    mentions = ctx.frame("mentions").filter(pl.col("kind") == "scope")
    uncoded = mentions.filter(pl.col("value").is_null())
    coded = mentions.join(known, on="value", how="semi").filter(pl.col("text").is_not_null())
    suspects = pl.concat(
        [
            uncoded,
            coded.with_columns(phrase_key=phrase_key(pl.col("text")))
            .join(
                vocabulary.select(pl.col("scope_code").alias("value"), "phrase_key"),
                on=["value", "phrase_key"],
                how="anti",
            )
            .drop("phrase_key"),
        ]
    )
    found = (
        suspects.with_columns(phrase_key=phrase_key(pl.col("text")))
        .join(codes_of_phrase, on="phrase_key", how="left")
        .join(phrases_of_code, left_on="value", right_on="scope_code", how="left")
        .with_columns(
            pl.col("listed_under").fill_null(pl.lit([], dtype=pl.List(pl.String))),
            pl.col("known_phrases").fill_null(pl.lit([], dtype=pl.List(pl.String))),
        )
    )
    quoted = quote(pl.col("text"))
    listed_under = pl.col("listed_under").list.join(", ")
    known_phrases = (
        pl.col("known_phrases")
        .list.head(_QUOTED_PHRASES)
        .list.eval(quote(pl.element()))
        .list.join(", ")
    )
    more = (
        pl.when(pl.col("known_phrases").list.len() > _QUOTED_PHRASES)
        .then(pl.lit(", …"))
        .otherwise(pl.lit(""))
    )
    head = pl.format("scope mention {} {}", "mention_id", quoted)
    message = (
        pl.when(pl.col("value").is_null() & (pl.col("listed_under").list.len() > 0))
        .then(
            pl.format(
                "{} has no scope code, but the vocabulary lists this phrase under {}: give the"
                " mention that code",
                head,
                listed_under,
            )
        )
        .when(pl.col("value").is_null())
        .then(
            pl.format(
                "{} has no scope code: the phrase is not in the scope vocabulary (add it to"
                " reference/scope_phrases.csv, with a new code in scopes.csv if none fits)",
                head,
            )
        )
        .when(pl.col("listed_under").list.len() > 0)
        .then(
            pl.format(
                "{} is coded {}, but the vocabulary lists this phrase under {}: check the code",
                head,
                "value",
                listed_under,
            )
        )
        .otherwise(
            pl.format(
                "{} is coded {}, but the vocabulary has no such phrase for {} (it has {}{}):"
                " add this phrasing to reference/scope_phrases.csv, or check the code",
                head,
                "value",
                "value",
                pl.when(pl.col("known_phrases").list.len() > 0)
                .then(known_phrases)
                .otherwise(pl.lit("none")),
                more,
            )
        )
    )
    return found.select(
        message=message,
        article_ids=pl.concat_list("article_id").list.drop_nulls(),
        mention_ids=pl.concat_list("mention_id").list.drop_nulls(),
        key=pl.concat_str(
            [
                pl.col("mention_id"),
                pl.col("value").fill_null("<none>"),
                pl.col("phrase_key").fill_null(""),
            ],
            separator="|",
        ),
        details=pl.struct(
            "mention_id",
            "text",
            pl.col("value").alias("code"),
            "phrase_key",
            "listed_under",
            "known_phrases",
        ).struct.json_encode(),
    )
