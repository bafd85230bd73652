"""FL110 article-dates-event-twice."""

from __future__ import annotations

import polars as pl

from checks.dates._events import DEFAULT_EVENT_TYPES, finding_rows, same_event_disagreements
from factlint.rules import RuleContext, rule


@rule(
    code="FL110",
    name="article-dates-event-twice",
    severity="error",
    requires=("claims",),
    options={"adjacent_days": 1, "event_types": DEFAULT_EVENT_TYPES},
    block="event",
)
def article_dates_event_twice(ctx: RuleContext) -> pl.LazyFrame | pl.DataFrame:
    """One article gives one event two dates more than `adjacent_days` apart.

    What it checks:
        Within one article: two event claims joined into one event by
        `factlint.identity.event_links` (every type in `event_types`, whatever their status),
        or one claim whose cited date mentions (`mention_ids`, Hijri dates converted by Umm
        al-Qura) do not overlap, with dates more than `adjacent_days` days apart (option,
        default 1). One finding per event, with both expressions, their sentences and what
        they were resolved from. Not reported: two dates of one sentence unless the text
        writes them as one date (side by side or joined by `الموافق`): a sentence with two
        dates usually dates two things, and the claim may carry the wrong one; a date right
        after a word of saying; a relative expression whose other reading agrees. Agreement
        acts sharing an exact `event_key` are FL101's, one-day gaps FL111's.

    Why it matters:
        An article that dates one event twice contradicts itself whatever the other outlets
        say: an editor rewrote a statement (`مساءً يوم الأحد` became `أمس`), pasted an older
        paragraph, or converted a Hijri date wrongly. Readers cannot tell which date is meant.

    Example:
        One article with `{"claim_id": "a-1-c1", "event_type": "ceasefire", "participants":
        ["organisation-arab-coalition"], "date": "2015-07-26"}` and `{"claim_id": "a-1-c2",
        "event_type": "ceasefire", "participants": ["organisation-arab-coalition"], "date":
        "2015-07-20"}`.

    Passes:
        `الأحد (10 شوال 1436هـ) الموافق (26 يوليو 2015م)` in one claim (one date written in two
        calendars), or `مطلع يوليو` and `8 يوليو` for one strike (the day lies in the month).
    """
    result = same_event_disagreements(
        ctx, ctx.options["event_types"], max(0, int(ctx.options["adjacent_days"]))
    )
    return finding_rows(result, ("self",), near=False, code="FL110")
