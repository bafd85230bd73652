"""FL102 adjacent-event-dates."""

from __future__ import annotations

import polars as pl

from checks.dates._events import with_evidence
from checks.dates._shared import event_date_spread, spread_findings
from factlint.rules import RuleContext, rule


@rule(
    code="FL102",
    name="adjacent-event-dates",
    severity="warning",
    requires=("claims",),
    options={"adjacent_days": 1},
    block="event",
)
def adjacent_event_dates(ctx: RuleContext) -> pl.DataFrame:
    """Claims of the same event give neighbouring dates that do not overlap.

    What it checks:
        The same grouping as FL101 (event claims sharing `factlint.identity.event_key`, planned
        events and statements left out, dates read as intervals), for events whose dates do not
        all overlap but whose earliest-ending and latest-starting dates are at most
        `adjacent_days` days apart (option, default 1; keep it equal to FL101's). Such an event
        is reported once, with every date and its articles. An event FL101 reports is never
        reported here: each event is either a conflict (FL101), a near miss (FL102) or
        consistent.

        Each finding carries, per article, the date expression, its sentence, what it was
        resolved from and its source, and names the value most independent sources give
        (`factlint.sources`: copies of one wire story count once), as FL108-FL111 do.

    Why it matters:
        Neighbouring days are usually a reporting artefact rather than a contradiction: a
        night-time event (`ليلة 13 سبتمبر`) dated by its evening in one outlet and its morning in
        another, `أمس` resolved from publication times on either side of midnight, or time
        zones. Worth a look, not an error.

    Example:
        `{"event_type": "escalation", "participants": ["country-armenia", "country-azerbaijan"],
        "place": "region-lachin", "date": "2022-09-12"}` in one article and the same claim with
        `"date": "2022-09-13"` in another.

    Passes:
        `2022-09-13` and `2022-09` (compatible precision), or `2022-09-12` and `2022-09-20`
        (too far apart: FL101 reports it).
    """
    adjacent = max(0, int(ctx.options["adjacent_days"]))
    verdict = pl.format("but are only {} day(s) apart: adjacent dates", pl.col("apart"))
    # Handed over, not kept: `spread_findings` lets the spread's plan go.
    rows = spread_findings(
        event_date_spread(
            ctx.frame("claims"), (pl.col("apart") > 0) & (pl.col("apart") <= adjacent)
        ),
        verdict,
        adjacent,
    )
    return with_evidence(ctx, rows)
