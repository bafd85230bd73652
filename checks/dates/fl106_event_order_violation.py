"""FL106 event-order-violation."""

from __future__ import annotations

import polars as pl

from checks.dates._shared import occurred
from factlint.rules import RuleContext, rule
from factlint.timeline import dated_claims

# Steps that can only follow the signing of the same agreement.
_AFTER_SIGNING: tuple[str, ...] = ("ratification", "approval")


@rule(
    code="FL106",
    name="event-order-violation",
    severity="error",
    requires=("claims",),
    block="agreement",
)
def event_order_violation(ctx: RuleContext) -> pl.LazyFrame:
    """An agreement is ratified or approved before it was signed.

    What it checks:
        For each agreement, across all articles: every ratification or approval claim must not
        lie entirely before the earliest possible day of its signing, that is the earliest first
        day of any signing claim's date interval. Intervals are compared at their precision:
        an approval in `2025-01` after a signing on `2024-10-30` is in order, an approval in
        `2024-09` before it is not, and an approval in `2024-10` overlaps the signing and is
        not a violation. Planned events are left out (a plan can move). One finding per
        agreement, step and date, naming every article that gives that date and every signing
        claim. Only the signing-before-ratification order is checked: the data model has no
        claim kind with a start and an end (a visit that ends before it begins) yet.

    Why it matters:
        A parliament or head of state ratifies an agreement that exists. A ratification dated
        before the signing means one of the two dates is wrong (often the year, or a
        `الماضي` resolved from the wrong anchor), or the two claims are about different
        agreements that were merged under one id.

    Example:
        `{"event_type": "signing", "agreement": "agreement-morocco-azerbaijan-military-
        cooperation-2024", "date": "2024-10-30"}` in one article and `{"event_type":
        "ratification", "agreement": "agreement-morocco-azerbaijan-military-cooperation-2024",
        "date": "2024-09"}` in another.

    Passes:
        The same signing with a ratification dated `2025-01`, or `2024-10` (overlaps).
    """
    candidates = ctx.frame("claims").filter(
        (pl.col("kind") == "event")
        & pl.col("agreement").is_not_null()
        & pl.col("event_type").is_in(("signing", *_AFTER_SIGNING))
        & occurred()
    )
    # Only the signings of agreements that some claim says were ratified or approved matter:
    # picked by raw agreement id before any date is parsed or any claim id gathered.
    ratified = candidates.filter(pl.col("event_type").is_in(_AFTER_SIGNING)).select("agreement")
    events = dated_claims(candidates.join(ratified.unique(), on="agreement", how="semi")).filter(
        pl.col("date_start").is_not_null()
    )
    signings = (
        events.filter(pl.col("event_type") == "signing")
        .group_by("agreement")
        .agg(
            pl.col("date_start").min().alias("signed_from"),
            pl.col("date").sort_by("date_start", "date").first().alias("signed_value"),
            pl.col("article_id")
            .filter(pl.col("date_start") == pl.col("date_start").min())
            .unique()
            .sort()
            .alias("signed_articles"),
            pl.col("claim_id").unique().sort().alias("signing_claims"),
            pl.col("article_id").unique().sort().alias("signing_articles"),
            pl.col("date").unique().sort().alias("signing_values"),
            pl.col("date_mention").drop_nulls().unique().sort().alias("signing_mentions"),
        )
    )
    early = (
        events.filter(pl.col("event_type").is_in(_AFTER_SIGNING))
        .join(signings, on="agreement")
        .filter(pl.col("date_end") < pl.col("signed_from"))
        .group_by("agreement", "event_type", "date")
        .agg(
            pl.col("date_end").first(),
            pl.col("signed_from").first(),
            pl.col("signed_value").first(),
            pl.col("signed_articles").first(),
            pl.col("signing_values").first(),
            pl.col("article_id").unique().sort().alias("step_articles"),
            pl.col("claim_id").unique().sort().alias("step_claims"),
            pl.col("signing_claims").first(),
            pl.col("signing_articles").first(),
            pl.col("signing_mentions").first(),
            pl.col("date_mention").drop_nulls().unique().sort().alias("mention_ids"),
        )
        # The streaming engine for the joins of every claim (a third of the in-memory
        # engine's time here); the few early steps' messages are formatted after.
        .collect(engine="streaming")
        .lazy()
    )
    return early.select(
        message=pl.format(
            "{} of {} is dated {} ({}), entirely before its signing, dated {} at the earliest "
            "({}): {} days before",
            pl.col("event_type"),
            pl.col("agreement"),
            pl.col("date"),
            pl.col("step_articles").list.join(", "),
            pl.col("signed_value"),
            pl.col("signed_articles").list.join(", "),
            (pl.col("signed_from") - pl.col("date_end")).dt.total_days(),
        ),
        article_ids=pl.concat_list("step_articles", "signing_articles"),
        claim_ids=pl.concat_list("step_claims", "signing_claims"),
        mention_ids=pl.concat_list("mention_ids", "signing_mentions"),
        key=pl.format(
            "{}|{}|{}|signed={}",
            pl.col("agreement"),
            pl.col("event_type"),
            pl.col("date"),
            pl.col("signed_value"),
        ),
        details=pl.struct(
            "agreement",
            pl.col("event_type").alias("step"),
            pl.col("date").alias("step_date"),
            pl.col("signing_values").alias("signing_dates"),
            pl.col("signed_from").cast(pl.String).alias("signed_from"),
        ).struct.json_encode(),
    )
