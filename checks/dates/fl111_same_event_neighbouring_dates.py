"""FL111 same-event-neighbouring-dates."""

from __future__ import annotations

import polars as pl

from checks.dates._events import OPTIONS, finding_rows, same_event_disagreements
from factlint.rules import RuleContext, rule


@rule(
    code="FL111",
    name="same-event-neighbouring-dates",
    severity="warning",
    requires=("claims",),
    options=OPTIONS,
    block="event",
)
def same_event_neighbouring_dates(ctx: RuleContext) -> pl.LazyFrame | pl.DataFrame:
    """Datings of one event do not overlap but are at most `adjacent_days` apart: a near miss.

    What it checks:
        The disagreements FL108, FL109 and FL110 look at (one event by
        `factlint.identity.event_links`, every type in `event_types`; across articles or in
        one; reported, announced or both) whose dates do not overlap but are at most
        `adjacent_days` days apart (option, default 1; keep it equal to theirs), or at most
        `durative_days` (default 3) for events that last days (a visit, a forum, an exhibition,
        a truce, strikes: outlets may date different days of one). One finding
        per event with every side's expression, sentence and publication date, and the value
        most independent sources give. Dates of compatible precision never disagree: `منتصف
        الشهر` (the month) and the 11th overlap; `أمس` in an article published on the 24th and
        `اليوم` in one published on the 23rd are the same day. Neighbouring dates of events
        sharing an exact `event_key` are FL102's.

    Why it matters:
        One day apart is usually a reporting artefact, not a contradiction: an outlet's
        publication date is a day late (its `اليوم` became the next day), an evening event is
        dated by its morning elsewhere, time zones. Worth a look, never an error: kept apart
        from conflicts so that they do not drown the real ones.

    Example:
        `{"article_id": "a-1", "published": "2015-07-24", "event_type": "meeting",
        "participant_keys": ["person-salman-bin-abdulaziz", "سامحشكري"], "date": "2015-07-24"}`
        (`اليوم`) and `{"article_id": "b-2", "published": "2015-07-24", "event_type":
        "meeting", "participant_keys": ["person-salman-bin-abdulaziz", "سامحشكري"], "date":
        "2015-07-23"}` (`أمس`).

    Passes:
        The same meeting dated `2015-07-23` by `أمس` in an article of the 24th and by `أمس
        الأول` in one of the 25th, or dated `2015-07` by a third.
    """
    result = same_event_disagreements(ctx)
    kinds = ("reported", "announced", "planned-vs-reported", "self")
    return finding_rows(result, kinds, near=True, code="FL111")
