"""FL109 planned-and-reported-dates-differ."""

from __future__ import annotations

import polars as pl

from checks.dates._events import OPTIONS, finding_rows, same_event_disagreements
from factlint.rules import RuleContext, rule


@rule(
    code="FL109",
    name="planned-and-reported-dates-differ",
    severity="warning",
    requires=("claims",),
    options=OPTIONS,
    block="event",
)
def planned_and_reported_dates_differ(ctx: RuleContext) -> pl.LazyFrame | pl.DataFrame:
    """An event announced for one date is reported by others for a date more than a day away.

    What it checks:
        The events of FL108 (`factlint.identity.event_links`, every type in `event_types`),
        for pairs in different articles where one claim is `planned` (announced: `سيفتتح
        الإثنين المقبل`, `غداً`) and the other `occurred` (reported), and the dates are more
        than `adjacent_days` days apart (option, default 1; `durative_days`, default 3, for
        events that last days). One finding per event, with the
        identity's confidence, every side's expression, sentence and publication date, and the
        value most independent sources give. The same look-alikes as FL108 are left out (a
        date that dates a report, a sentence that also gives the other date, another reading
        of a relative expression), and a one-day gap is a near miss (FL111).

    Why it matters:
        A plan can move, so this is a warning, not an error: but when the outlets that reported
        the event agree on a date other than the announced one, either the plan moved (worth a
        line in the article) or an announcement was misread (`الخميس القادم` resolved to the
        wrong Thursday), and readers of the announcement were told the wrong day.

    Example:
        `{"article_id": "a-1", "published": "2015-07-22", "event_type": "exhibition",
        "status": "planned", "participant_keys": ["خالدالفيصل"], "date": "2015-07-27"}` and
        `{"article_id": "b-2", "published": "2015-08-04", "event_type": "exhibition",
        "status": "occurred", "participant_keys": ["خالدالفيصل"], "date": "2015-08-03"}`.

    Passes:
        The opening announced for `2015-07-27` (`الاثنين المقبل`) and reported on `2015-07-27`
        (`مساء اليوم` in an article of that day), or reported on `2015-07` (compatible).
    """
    result = same_event_disagreements(ctx)
    return finding_rows(result, ("planned-vs-reported",), near=False, code="FL109")
