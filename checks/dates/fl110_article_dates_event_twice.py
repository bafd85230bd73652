"""FL110 article-dates-event-twice."""

from __future__ import annotations

import polars as pl

from checks.dates._events import OPTIONS, finding_rows, same_event_disagreements
from factlint.rules import RuleContext, rule


@rule(
    code="FL110",
    name="article-dates-event-twice",
    severity="error",
    requires=("claims",),
    options=OPTIONS,
    block="event",
)
def article_dates_event_twice(ctx: RuleContext) -> pl.LazyFrame | pl.DataFrame:
    """One article gives one event two dates more than `adjacent_days` apart.

    What it checks:
        Within one article, two datings of one event more than `adjacent_days` days apart
        (option, default 1; `durative_days`, default 3, for events that last days):
        - two event claims joined into one event by `factlint.identity.event_links` (every type
          in `event_types`), at least one of them reported as occurred: two announced events of
          one article are a programme (a course on Thursday, a meeting on Monday);
        - or date expressions the article writes as one date, side by side or joined by
          `الموافق` (`أمس بتوقيت اليمن (10 شوال 1436هـ) الموافق (26 يوليو 2015م)`), that a claim
          rests on (its `date_mention`, its `mention_ids`): Hijri dates converted by Umm
          al-Qura; a Hijri date against the Gregorian date the text gives as its equivalent
          (`same_as`) is FL104's.
        One finding per event, with every expression, its sentence and what it was resolved
        from, and the value most independent sources give. Not reported: a date whose sentence
        also gives the other date, unless the text writes them as one (the claim may carry the
        wrong one of its sentence's dates); a date right after a word of saying or of a
        document; a relative expression whose other reading agrees. Agreement acts sharing an
        exact `event_key` are FL101's, near misses FL111's.

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
    result = same_event_disagreements(ctx)
    return finding_rows(result, ("self",), near=False, code="FL110")
