"""FL108 same-event-different-dates."""

from __future__ import annotations

import polars as pl

from checks.dates._events import OPTIONS, finding_rows, same_event_disagreements
from factlint.rules import RuleContext, rule


@rule(
    code="FL108",
    name="same-event-different-dates",
    severity="error",
    requires=("claims",),
    options=OPTIONS,
    block="event",
)
def same_event_different_dates(ctx: RuleContext) -> pl.LazyFrame | pl.DataFrame:
    """Two outlets date one real event, of any type, more than `adjacent_days` apart.

    What it checks:
        Event claims are joined into real events by `factlint.identity.event_links`, for every type
        in the option `event_types` (all but statements) and for people the reference does not know
        (by their name keys): an act on one agreement is one event whenever it is dated; any other
        event recurs and is joined only as news (dated within a month of its article's publication,
        articles published at most a week apart), sharing a participant, with no person on one side
        the other lacks, and places that can nest. Two claims of one event in different articles,
        both reported as occurred (or both announced), whose dates are more than `adjacent_days`
        days apart (option, default 1; `durative_days`, default 3, for events that last days: a
        visit, a forum, an exhibition, a truce, strikes) are a finding, one per event, with the
        identity's confidence, every article's date, expression, sentence and publication date, and
        the value most independent sources give (`factlint.sources`: reprints and copies of one
        wire story count once). Not reported, because they only look like conflicts: a date whose
        sentence also gives the other side's date (the claim may carry the wrong one); a date right
        after a word of saying (أعلنت الوزارة أمس أن ...: it dates the report) or of a document
        (رسالته المؤرخة في ...); a relative expression whose other reading agrees (a bare weekday a
        week away, a day and month without a year); reports published four days or more apart whose
        dates move with their publication dates (each reports its own latest meeting). Events FL101
        already reports (agreement acts sharing an exact `event_key`), planned-against-reported
        dates (FL109), dates in one article (FL110) and near misses (FL111) are left to those
        rules.

    Why it matters:
        Outlets that disagree about one event cannot all be right: one resolved `أمس` from the
        wrong day, misread a month name or copied a typo. Most such disagreements in real news
        are about visits, meetings, strikes and handovers among people no reference table
        knows, which exact identities never compare.

    Example:
        `{"article_id": "a-1", "published": "2015-07-31", "event_type": "visit",
        "participant_keys": ["محمدبنسلمان", "عبدالفتاحالسيسي"], "place": "country-egypt",
        "date": "2015-07-30"}` and `{"article_id": "b-2", "published": "2015-07-31",
        "event_type": "visit", "participant_keys": ["محمدبنسلمان"], "date": "2015-07-25"}`.

    Passes:
        The same two visits dated `2015-07-30` and `2015-07` (the day is within the month), or
        a second visit dated `2015-07-28` (two days of a visit that lasts days: FL111), or a
        visit of the same prince dated `2014-07-25` (a year before publication: not news,
        another visit).
    """
    result = same_event_disagreements(ctx)
    return finding_rows(result, ("reported", "announced"), near=False, code="FL108")
