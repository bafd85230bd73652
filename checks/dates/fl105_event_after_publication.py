"""FL105 event-after-publication."""

from __future__ import annotations

import polars as pl

from checks.dates._shared import event_label
from factlint.dates import with_interval
from factlint.rules import RuleContext, rule


@rule(
    code="FL105",
    name="event-after-publication",
    severity="error",
    requires=("articles", "claims"),
    options={"tolerance_days": 1},
    block="article",
)
def event_after_publication(ctx: RuleContext) -> pl.LazyFrame:
    """An article reports as having happened an event dated after the article was published.

    What it checks:
        Event claims with `status: occurred` whose date interval starts after the last day of
        the article's publication interval (`articles.published`, read at its precision: an
        article published in `2025-02` may report an event of 27 February). Articles without a
        publication date are not checked here, and neither are planned or ongoing events: a
        forum announced for next month is dated after publication by nature. An event up to
        `tolerance_days` (option, default 1) after the publication day is not reported: a
        dateline in one time zone, an event at dawn «فجر اليوم» in another, or «أمس» resolved
        from a web timestamp put a same-night event one day apart.

    Why it matters:
        An article cannot report what has not happened yet. Either the event's date is wrong
        (a month or year typo, `الماضي` resolved as the next one), or the publication date is,
        or the claim's status should have been `planned`: each puts the dates of the article's
        other claims in doubt too.

    Example:
        Article published `2025-02-28` with `{"event_type": "visit", "participants":
        ["person-murat-nurtleu"], "place": "city-rabat", "date": "2025-03-28", "status":
        "occurred"}`.

    Passes:
        The same claim dated `2025-02-28` or `2025-02`, or with `"status": "planned"`.
    """
    # Claims by row number: the dates are compared on three narrow columns and the rest of a
    # claim is read only when it is late.
    claims = ctx.frame("claims").with_row_index("_row")
    # `factlint.timeline.published_interval` and `dated_claims` on narrow columns.
    published = with_interval(
        ctx.frame("articles").select("article_id", "published"), "published"
    ).filter(pl.col("published_start").is_not_null())
    events = with_interval(
        claims.filter((pl.col("kind") == "event") & (pl.col("status") == "occurred")).select(
            "_row", "article_id", "date"
        ),
        "date",
    ).filter(pl.col("date_start").is_not_null())
    late = (
        events.join(published.select("article_id", "published", "published_end"), on="article_id")
        .filter(
            (pl.col("date_start") - pl.col("published_end")).dt.total_days()
            > max(0, int(ctx.options["tolerance_days"]))
        )
        .join(
            claims.select(
                "_row",
                "claim_id",
                "event_type",
                "agreement",
                "place",
                "participants",
                "status",
                "date_mention",
            ),
            on="_row",
        )
    )
    return late.with_columns(event_label=event_label()).select(
        message=pl.format(
            "{} reports the {} as having occurred on {}, after its publication date {} "
            "({} days later)",
            pl.col("article_id"),
            pl.col("event_label").fill_null(pl.format("{} event", pl.col("event_type"))),
            pl.col("date"),
            pl.col("published"),
            (pl.col("date_start") - pl.col("published_end")).dt.total_days(),
        ),
        article_ids=pl.concat_list("article_id"),
        claim_ids=pl.concat_list("claim_id"),
        mention_ids=pl.concat_list("date_mention").list.drop_nulls(),
        key=pl.concat_str(
            [
                pl.col(c).fill_null("")
                for c in ("article_id", "event_type", "agreement", "place", "date", "published")
            ]
            + [pl.col("participants").list.eval(pl.element().sort()).list.join(",").fill_null("")],
            separator="|",
        ),
        details=pl.struct(
            "claim_id",
            "date",
            "published",
            "status",
            pl.col("date_start").cast(pl.String).alias("date_start"),
            pl.col("published_end").cast(pl.String).alias("published_end"),
        ).struct.json_encode(),
    )
