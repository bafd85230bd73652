"""FL105 event-after-publication."""

from __future__ import annotations

import polars as pl

from checks.dates._shared import event_label
from factlint.dates import interval_columns
from factlint.identity import id_strings
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
    tolerance = max(0, int(ctx.options["tolerance_days"]))
    # Whether a claim is late depends on its date and its article's publication date alone:
    # each distinct value is parsed once, and a claim meets its article on a hash of the id
    # with row numbers alongside (a join of millions of string ids costs more than the rule).
    # Only the late claims are read in full, and their article confirmed on the strings.
    claims = ctx.frame("claims").with_row_index("_row")
    articles = ctx.frame("articles").with_row_index("_article")
    events = claims.filter((pl.col("kind") == "event") & (pl.col("status") == "occurred"))
    dates = (
        interval_columns(events.select("date").unique(), "date", "date")
        .filter(pl.col("date_start").is_not_null())
        .select("date", "date_start")
    )
    published = (
        interval_columns(articles.select("published").unique(), "published", "published")
        .filter(pl.col("published_start").is_not_null())
        .select("published", "published_end")
    )
    late = (
        events.select("_row", _id=_hashed("article_id"), _date=pl.col("date"))
        .join(dates, left_on="_date", right_on="date")
        .join(
            articles.select("_article", _id=_hashed("article_id"), _published=pl.col("published"))
            .join(published, left_on="_published", right_on="published")
            .select("_id", "_article", "published_end"),
            on="_id",
        )
        .filter((pl.col("date_start") - pl.col("published_end")).dt.total_days() > tolerance)
        .select("_row", "_article", "date_start", "published_end")
        .join(
            claims.select(
                "_row",
                "article_id",
                "claim_id",
                "event_type",
                "agreement",
                "place",
                "participants",
                "status",
                "date",
                "date_mention",
            ),
            on="_row",
        )
        .join(
            articles.select("_article", pl.col("article_id").alias("_of"), "published"),
            on="_article",
        )
        .filter(pl.col("article_id") == pl.col("_of"))
        # The streaming engine for the joins of every claim (half the in-memory engine's time
        # here); the few late claims' messages are formatted after.
        .collect(engine="streaming")
        .lazy()
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
            + [
                id_strings("participants")
                .list.eval(pl.element().sort())
                .list.join(",")
                .fill_null("")
            ],
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


def _hashed(column: str) -> pl.Expr:
    """A u64 hash of an id, null for a null id (which joins nothing, as in a join on the ids)."""
    return pl.when(pl.col(column).is_not_null()).then(pl.col(column).hash())
