"""FL101 conflicting-event-dates."""

from __future__ import annotations

import polars as pl

from checks.dates._events import with_evidence
from checks.dates._shared import event_date_spread, spread_findings
from factlint.rules import RuleContext, rule


@rule(
    code="FL101",
    name="conflicting-event-dates",
    severity="error",
    requires=("claims",),
    options={"adjacent_days": 1, "event_types": ["signing", "ratification", "approval"]},
    block="event",
)
def conflicting_event_dates(ctx: RuleContext) -> pl.DataFrame:
    """Claims of the same event give dates that cannot both be true.

    What it checks:
        Event claims that share an identity (`factlint.identity.event_key`: type plus
        agreement, else type plus participants plus place; events without one are never
        compared) are grouped, and their distinct date values read as intervals: a month is the
        whole month, a year the whole year. When the earliest-ending and the latest-starting
        date are more than `adjacent_days` days apart (option, default 1; 30 October and
        30 November are 31 days apart, 12 and 13 September 1 day), the event is reported once,
        with every date and the articles that give it (the message names three per date and
        counts the rest; the finding's ids list them all), whichever articles they are: one
        article that dates the same event twice, differently, contradicts itself and is
        reported too.
        Dates of compatible precision overlap and never conflict (October 2024 and 30 October
        2024; 2024 and October 2024). Not compared: planned events (a plan can move) and
        statements (a party restates its position on an agreement many times, so two
        statements on two dates are two statements). Dates that do not overlap but are at most
        `adjacent_days` apart are FL102, never FL101.

        Only the event types in the option `event_types` are compared (default: signing,
        ratification, approval: acts that happen once per agreement and party). Ministers
        meet in the same city many times and a joint committee meets under one agreement
        every year, so two meetings or visits a month apart are as likely two events as one
        misdated event; add such types to `event_types` only for data where they are unique.
        FL102 still compares every identified event for adjacent dates. Only events reported
        as having occurred are compared (an ongoing ceasefire is dated by its span).

        Each finding carries, per article, the date expression, its sentence, what it was
        resolved from and its source, and names the value most independent sources give
        (`factlint.sources`: copies of one wire story count once), as FL108-FL111 do.

    Why it matters:
        An event happens once. Two outlets that date the signing of one agreement a month apart
        cannot both be right; one copied a typo, misread a month name (تشرين الثاني for تشرين
        الأول) or resolved `الشهر الماضي` from the wrong date.

    Example:
        `{"claim_id": "seed-004-c003", "event_type": "signing", "agreement":
        "agreement-morocco-azerbaijan-military-cooperation-2024", "date": "2024-10-30"}` and
        `{"claim_id": "seed-099-c002", "event_type": "signing", "agreement":
        "agreement-morocco-azerbaijan-military-cooperation-2024", "date": "2024-11-30"}`.

    Passes:
        The same two claims dated `2024-10-30` and `2024-10` (the day is within the month), or
        `2024-10-30` and `2024-10-31` (adjacent days: FL102's business).
    """
    adjacent = max(0, int(ctx.options["adjacent_days"]))
    verdict = pl.format(
        "{} days apart (more than the {} day(s) allowed for adjacent dates)",
        pl.col("apart"),
        pl.lit(adjacent),
    )
    # Handed over, not kept: `spread_findings` lets the spread's plan go.
    rows = spread_findings(
        event_date_spread(
            ctx.frame("claims"), pl.col("apart") > adjacent, ctx.options["event_types"]
        ),
        verdict,
        adjacent,
    )
    return with_evidence(ctx, rows)
