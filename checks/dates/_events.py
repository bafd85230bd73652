"""Helpers of the same-event date rules FL108-FL111 (not rules themselves).

The four rules share one computation: event claims joined into real events by
`factlint.identity.event_links`, every pair of datings of one event that do not overlap, the
reasons a pair may only look like a disagreement, and the evidence a reader needs to judge a
finding without opening the files. Each rule then keeps the pairs of its kind:

| pairs | more than `adjacent_days` apart | at most `adjacent_days` apart |
| --- | --- | --- |
| two articles, both reported as occurred (or both announced) | FL108 | FL111 |
| two articles, one announced and one reported | FL109 | FL111 |
| one article (two claims, or one claim citing two dates) | FL110 | FL111 |

For events that last days (`DURATIVE_TYPES`: a visit, a truce) the near-miss limit is
`durative_days` instead. A *dating* is one date an article gives an event: a claim's `date`
(with its `date_mention`), or, for a claim that cites several date mentions, each of them.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import polars as pl

from checks.dates._shared import VAGUE_VALUES, days_apart, first_ids, hijri_interval
from factlint.arabic import normalize
from factlint.arabic.calendars import WEEKDAYS
from factlint.dates import Interval, parse_timex, to_timex
from factlint.extract.text import sentences
from factlint.groups import smallest_in_group
from factlint.identity import (
    LINK_COLUMNS,
    PER_PARTY_ACTS,
    claim_number,
    event_key,
    identity_keys,
    numbered_event_links,
)
from factlint.messages import IDS_SHOWN
from factlint.rules import RuleContext
from factlint.sources import SourceGroups, SourceIndex, links_of, source_groups_frame
from factlint.timeline import dated_claims
from schemas._common import EVENT_TYPES

__all__ = [
    "DEFAULT_EVENT_TYPES",
    "DURATIVE_DAYS",
    "DURATIVE_TYPES",
    "OPTIONS",
    "Disagreement",
    "SameEvent",
    "finding_rows",
    "same_event_disagreements",
    "with_evidence",
]

# Every event type except statements: a party restates its position again and again, so two
# statements of one party on two dates are two statements (as for FL101 and FL102).
DEFAULT_EVENT_TYPES: list[str] = [t for t in EVENT_TYPES if t != "statement"]
# Events that last days: a visit, a forum, an exhibition, a truce, a campaign of strikes.
# Outlets may date different days of one (its start, a meeting during it, its end), so dates
# at most `durative_days` apart (option, default `DURATIVE_DAYS`) are near misses, not
# conflicts.
DURATIVE_TYPES = ("visit", "forum", "exhibition", "ceasefire", "military_operation", "escalation")
DURATIVE_DAYS = 3
# The options of FL108-FL111, one set: the four rules read one computation.
OPTIONS: dict[str, Any] = {
    "adjacent_days": 1,
    "durative_days": DURATIVE_DAYS,
    "event_types": DEFAULT_EVENT_TYPES,
}
# What FL101 and FL102 already report (their identity is `event_key`; see their docstrings).
_FL101_TYPES = ("signing", "ratification", "approval")
_FL102_EXCLUDED = ("statement",)
# The columns of event claims that links and pairs read (`_compute`).
_EVENT_COLUMNS = (
    "claim_id",
    "article_id",
    "event_type",
    "agreement",
    "participants",
    "participant_keys",
    "place",
    "status",
    "date",
)
# FL101's types that every party performs at once: all claims of one such act share one
# `event_key` (its type and agreement).
_FL101_ALONE = tuple(t for t in _FL101_TYPES if t not in PER_PARTY_ACTS)


def _keys(words: str) -> frozenset[str]:
    """The `normalize` keys of space-separated words."""
    return frozenset(normalize(words).split())


# Verbs and nouns of saying: a date right after them dates the saying (أعلنت الوزارة أمس أن
# ... قتل في الثامن من يوليو), not the event the sentence goes on to report.
_REPORTING_WORDS = _keys(
    "أعلن أعلنت أعلنا أعلنوا أكد أكدت أكدا أكدوا قال قالت قالا قالوا أفاد أفادت أفادا "
    "صرح صرحت ذكر ذكرت كشف كشفت أوضح أوضحت أشار أشارت نقل نقلت نعى نعت أضاف أضافت "
    "بيان تصريح تصريحات مؤتمر"
)
_REPORTING_REACH = 10  # words from the word of saying to the date
# What opens the content of what was said (أعلنت ... أن / عن): a date after it is the
# content's, not the saying's; and what opens an event's own date (اعتباراً من الأحد).
_CONTENT_OPENERS = _keys("أن إن بأن وأن عن")
_EVENT_DATE_OPENERS = (_keys("اعتبارا بدءا ابتداء"), normalize("من"))
# A date of a document (كتابي لمقامكم في السابع من يوليو, رسالته المؤرخة في 24/7/2015م,
# قرار رقم 12 بتاريخ ...) dates the document, not the event the document asks for or reports;
# `المؤرخة` says so by itself, `في` and `بتاريخ` only right after a document noun.
_DOCUMENT_NOUNS = _keys(
    "كتاب كتابي كتابه رسالة رسالتي رسالته رسالتها خطاب خطابه برقية برقيته قرار القرار "
    "تعميم التعميم مذكرة المذكرة"
)
_DOCUMENT_DATED = _keys("المؤرخ المؤرخة المؤرخه مؤرخ مؤرخة مؤرخه")
_DATE_LINKS = _keys("في بتاريخ وتاريخ تاريخ")
_DOCUMENT_REACH = 3
_DOCUMENT_EVENTS = ("decree",)
# The longest gap between two date expressions written as one (` بتوقيت اليمن (`).
_GAP_LIMIT = 40
# What may stand between two date expressions that state one date (أمس بتوقيت اليمن (10
# شوال 1436هـ) الموافق (26 يوليو 2015م)): brackets, era and calendar words, a time zone.
_CONNECTORS = _keys("الموافق الموافقة ل م هـ ه ميلادي ميلادية هجري هجرية يوم أي حسب تقويم أم القرى")
_TIME_ZONE = normalize("بتوقيت")
# A bare weekday: a weekday name (`factlint.arabic.calendars`) with only these around it.
_WEEKDAY_WORDS = _keys(
    " ".join(name for names in WEEKDAYS.values() for name in names)
    + " يوم صباح مساء ظهر بعد عصر ليلة ليل فجر الساعة"
)
# Words that fix which occurrence a relative day or month means.
_DIRECTION_WORDS = _keys(
    "الماضي الماضية المقبل المقبلة القادم القادمة الجاري الحالي أمس غدا اليوم الأول"
)
_SENTENCE_LIMIT = 400
# See `_recurrence`.
_RECURRENCE_DAYS = 4
# Two claims of one type in one article are two events by the data model's convention (one
# event claim per real event): they are taken for one event dated twice only on strong
# evidence, the same place and participants equal or one within the other.
_SELF_MIN_IDENTITY = 0.8


@dataclass(frozen=True)
class Dating:
    """One date an article gives an event."""

    claim_id: str
    article_id: str
    value: str
    interval: Interval
    mention_id: str | None


@dataclass
class Disagreement:
    """Two datings of one event that do not overlap."""

    a: Dating
    b: Dating
    days_apart: int
    kind: str  # reported, announced, planned-vs-reported, self
    link: dict[str, Any] | None  # the identity link of two claims; None within one claim


@dataclass
class SameEvent:
    """The disagreements of a dataset's event claims, with their context.

    `claims` and `components` hold only the events looked into (those with linked datings that
    disagree, or with an article that may write one date twice), every claim of each; `links`
    only the links whose datings disagree; `mentions` and `articles` those of the claims held.
    """

    claims: dict[str, dict[str, Any]]
    components: dict[str, str]
    links: list[dict[str, Any]]
    disagreements: list[Disagreement]
    mentions: dict[str, dict[str, Any]]
    articles: dict[str, dict[str, Any]]
    adjacent_days: int
    durative_days: int = 0
    sources: SourceIndex | None = None
    context: _Context | None = None
    texts: _Texts | None = None
    explained: list[tuple[Disagreement, str]] = field(default_factory=list)
    # Datings whose expression was found not to date the event (a report's date, a
    # document's), by (claim, mention): they support no value.
    set_aside: dict[tuple[str, str | None], str] = field(default_factory=dict)

    def near(self, d: Disagreement) -> bool:
        """A near miss: at most `adjacent_days` apart, or `durative_days` for an event that
        lasts days (a visit, an exhibition: outlets may date different days of it)."""
        event_type = self.claims[d.a.claim_id]["event_type"]
        limit = self.durative_days if event_type in DURATIVE_TYPES else self.adjacent_days
        return d.days_apart <= limit


class _Texts:
    """Article texts read from the articles table on demand, in batches: a run keeps in memory
    only the texts of the articles it looks into."""

    def __init__(self, articles: pl.LazyFrame) -> None:
        self._articles = articles
        self._texts: dict[str, str | None] = {}

    def prefetch(self, article_ids: Iterable[str]) -> None:
        missing = sorted({a for a in article_ids if a not in self._texts})
        if not missing:
            return
        self._texts.update(dict.fromkeys(missing))
        rows = (
            self._articles.filter(pl.col("article_id").is_in(missing))
            .select("article_id", "text")
            .collect(engine="in-memory")
            .iter_rows()
        )
        self._texts.update(rows)

    def keep(self, rows: Iterable[tuple[str, str | None]]) -> None:
        """Texts already read, by article id."""
        self._texts.update(rows)

    def get(self, article_id: str, default: str | None = None) -> str | None:
        if article_id not in self._texts:
            self.prefetch([article_id])
        return self._texts.get(article_id) or default


def _status(value: str | None) -> str:
    return value or "occurred"


def _gap(a: Interval, b: Interval) -> int:
    """Days from the end of the earlier interval to the start of the later (0: overlap)."""
    if a.overlaps(b):
        return 0
    first, second = (a, b) if a.end < b.start else (b, a)
    return (second.start - first.end).days


def _gregorian(mention: dict[str, Any]) -> Interval | None:
    """The Gregorian interval of a date mention's value (Hijri values converted)."""
    value = mention.get("value")
    if value is None or value in VAGUE_VALUES:
        return None
    if mention.get("calendar") == "hijri":
        start, end, _, _ = hijri_interval(value)
        if start is None or end is None:
            return None
        return Interval(start, end, mention.get("granularity") or "day")
    return parse_timex(value)


# FL108-FL111 share one computation: the last few results, by the frames they were computed
# from (held, so that their ids stay theirs) and the options.
_RECENT: list[tuple[tuple[Any, ...], tuple[pl.DataFrame | None, ...], SameEvent]] = []
_RECENT_SIZE = 4
_TABLES = ("claims", "mentions", "articles", "entities", "aliases")


def same_event_disagreements(ctx: RuleContext) -> SameEvent:
    """Every disagreement between datings of one event (see the module docstring).

    Reads the rule's options `event_types`, `adjacent_days` and `durative_days`. The four
    rules of one run share the result when their options agree (the frames are immutable).
    """
    types = list(ctx.options.get("event_types", DEFAULT_EVENT_TYPES))
    adjacent_days = max(0, int(ctx.options.get("adjacent_days", 1)))
    durative_days = max(adjacent_days, int(ctx.options.get("durative_days", DURATIVE_DAYS)))
    frames = tuple(ctx.dataset.frames.get(t) for t in _TABLES)
    key = (*(id(f) for f in frames), tuple(types), adjacent_days, durative_days)
    for cached_key, _, cached in _RECENT:
        if cached_key == key:
            return cached
    result = _compute(ctx, types, adjacent_days, durative_days)
    _RECENT.append((key, frames, result))
    del _RECENT[:-_RECENT_SIZE]
    return result


def _compute(
    ctx: RuleContext, types: list[str], adjacent_days: int, durative_days: int
) -> SameEvent:
    # Only the columns links and pairs read, and each claim's row in the claims table (`_c`):
    # the full rows are read for the claims of the events looked into only.
    events = (
        dated_claims(
            ctx.frame("claims")
            .with_row_index("_c")
            .filter(
                (pl.col("kind") == "event")
                & pl.col("event_type").is_in(types)
                & pl.col("status").fill_null("occurred").is_in(["occurred", "planned"])
            )
            .select("_c", *_EVENT_COLUMNS)
        )
        .filter(pl.col("date_start").is_not_null())
        .with_columns(claim_number())
        .collect(engine="in-memory")
    )
    mentions = ctx.frame("mentions").filter(pl.col("kind") == "date")
    side_by_side = _side_by_side_articles(mentions).get_column("article_id").implode()
    events = _looked_at(events, side_by_side)
    links = numbered_event_links(
        events.lazy(), ctx.frame("articles"), ctx.frame("entities"), ctx.frame("aliases")
    ).collect(engine="in-memory")
    events = events.with_columns(_event=_component_ids(events, links))
    # Every pair of linked datings that do not overlap, and what FL101 and FL102 own among
    # them, in Polars: only the pairs left (the few events whose reports disagree) and the
    # articles that may date one claim twice become Python objects.
    pairs = _disagreeing_links(events, links, adjacent_days)
    del links
    looked_into = pl.concat(
        [
            pairs.select(pl.col("_a").alias("_n")),
            pairs.select(pl.col("_b").alias("_n")),
            events.filter(pl.col("article_id").is_in(side_by_side)).select("_n"),
        ]
    )
    touched = events.join(looked_into, on="_n", how="semi").get_column("_event").unique()
    # The whole event of every claim looked into: a finding names all its claims, and the
    # event is named by its smallest claim id.
    events = events.filter(pl.col("_event").is_in(touched.implode())).select(
        "_c", _event=pl.col("claim_id").min().over("_event")
    )
    loaded = (
        dated_claims(
            ctx.frame("claims")
            .with_row_index("_c")
            .filter(pl.col("_c").is_in(events.get_column("_c").implode()))
        )
        .with_columns(keys=identity_keys(), exact=event_key())
        .collect(engine="in-memory")
        .join(events, on="_c", maintain_order="left")
    )
    del events
    claims = {row["claim_id"]: row for row in loaded.drop("_event", "_c").iter_rows(named=True)}
    article_ids = loaded.get_column("article_id").unique().sort()
    result = SameEvent(
        claims=claims,
        components=dict(loaded.select("claim_id", "_event").iter_rows()),
        links=list(pairs.select(*LINK_COLUMNS).iter_rows(named=True)),
        disagreements=[],
        mentions={
            row["mention_id"]: row
            for row in mentions.filter(pl.col("article_id").is_in(article_ids.implode()))
            .collect(engine="in-memory")
            .iter_rows(named=True)
        },
        articles={
            row["article_id"]: row
            for row in ctx.frame("articles")
            .filter(pl.col("article_id").is_in(article_ids.implode()))
            .select("article_id", "published", "outlet")
            .collect(engine="in-memory")
            .iter_rows(named=True)
        },
        adjacent_days=adjacent_days,
        durative_days=durative_days,
        texts=_Texts(ctx.frame("articles")),
    )
    context = _context(result)
    for link, kind, gap in zip(
        result.links, pairs.get_column("kind"), pairs.get_column("gap"), strict=True
    ):
        one = _claim_dating(claims[link["claim_a"]])
        two = _claim_dating(claims[link["claim_b"]])
        result.disagreements.append(Disagreement(one, two, gap, kind, link))
    raw, result.disagreements = result.disagreements, []
    # Texts are read for the articles the guards and the one-date check look into only.
    _texts(result).prefetch(
        {x.article_id for d in raw for x in (d.a, d.b)}
        | set(article_ids.filter(article_ids.is_in(side_by_side)).to_list())
    )
    for found in raw:
        recurrence = _recurrence(result, found)
        if recurrence and not result.near(found):
            result.explained.append((found, recurrence))
            continue
        a, b = claims[found.a.claim_id], claims[found.b.claim_id]
        for side, other, claim in ((found.a, found.b, a), (found.b, found.a, b)):
            reason = context.explains(side, other, claim["event_type"])
            if reason:
                result.explained.append((found, reason))
                result.set_aside[(side.claim_id, side.mention_id)] = reason
                break
        else:
            result.disagreements.append(found)
    for claim in claims.values():
        result.disagreements += _within_claim(claim, context, result.explained)
    _drop_echoes(result)
    return result


def _status_expr(column: str) -> pl.Expr:
    """`_status` in Polars: a claim without a status is reported as occurred."""
    value = pl.col(column)
    return pl.when(value.is_null() | (value == "")).then(pl.lit("occurred")).otherwise(value)


def _looked_at(events: pl.DataFrame, side_by_side: pl.Series) -> pl.DataFrame:
    """The event claims that can take part in a finding, with every claim of their events.

    Links join only claims of one `event_block` (type and agreement), so a block can yield a
    disagreement only when its claims give more than one date interval, and not when FL101
    and FL102 own every disagreement it can have: acts on one agreement of a type FL101
    compares that every party performs at once (a signing: one `event_key` for the whole
    block) and that every claim reports as occurred (see `_disagreeing_links`). Any other
    block matters only when one of its articles may write one date twice
    (`_side_by_side_articles`, read by `_within_claim`). Everything else is dropped before
    links are built: at scale most agreements are dated alike by every article. Kept whole
    when a claim id is repeated (its rows may join blocks into one event), which bad data can
    do.
    """
    if events.height == 0 or events.get_column("_n").max() + 1 < events.height:  # type: ignore[operator]
        return events
    block = ("event_type", "agreement")
    # One group_by on the blocks and a semi-join, not three `.over()` windows of every claim.
    kept = (
        events.group_by(block)
        .agg(
            _all_occurred=(_status_expr("status") == "occurred").all(),
            _varied=(pl.col("date_start").n_unique() > 1) | (pl.col("date_end").n_unique() > 1),
            _side=pl.col("article_id").is_in(side_by_side).any(),
        )
        .filter(
            pl.col("_varied")
            & ~(
                pl.col("event_type").is_in(_FL101_ALONE)
                & pl.col("agreement").is_not_null()
                & pl.col("_all_occurred")
            )
            | pl.col("_side")
        )
        .select(block)
    )
    return events.join(kept, on=block, how="semi", nulls_equal=True, maintain_order="left")


def _component_ids(events: pl.DataFrame, links: pl.DataFrame) -> pl.Series:
    """Each event claim's event, in the order of `events`: the smallest claim number (`_n`) of
    its connected group of links (`factlint.groups`: a much-reported act links thousands)."""
    if events.height == 0:
        return pl.Series("_event", [], dtype=events.schema["_n"])
    size = int(events.get_column("_n").max()) + 1  # type: ignore[arg-type]
    label = smallest_in_group(
        size,
        links.get_column("_a").cast(pl.Int64).to_numpy(),
        links.get_column("_b").cast(pl.Int64).to_numpy(),
    )
    return pl.Series("_event", label).gather(events.get_column("_n")).cast(events.schema["_n"])


def _disagreeing_links(
    events: pl.DataFrame, links: pl.DataFrame, adjacent_days: int
) -> pl.DataFrame:
    """The links whose two datings do not overlap, with `kind` and `gap`, in link order.

    Two claims of one article are one event dated twice only at `_SELF_MIN_IDENTITY`, and never
    when both are announced (a programme: `_within_claim` looks at one announced date written
    twice). What FL101 and FL102 report is left to them: they compare claims that share an
    exact `event_key` and were reported as occurred, FL102 the neighbouring dates of any such
    event but statements, FL101 the others of agreement acts. A disagreement of two occurred
    claims between the same two values in the same event is theirs, whichever claims carry it
    here; one that involves an announced date never is, nor one claim's two dates written as
    one (they see claims' dates, not their expressions).

    Links name their claims by number (`_a`, `_b`, see `factlint.identity.claim_number`); the
    rows returned carry their ids too (`claim_a`, `claim_b`).
    """
    # One row per claim, the last as a dict built from the rows would keep.
    events = events.unique("_n", keep="last", maintain_order=True)
    # The dates first, by claim number: only the links whose datings do not overlap (few, next
    # to the links of every much-reported act) read anything else.
    dates = events.select("_n", "date_start", "date_end")
    apart = (
        links.select("_a", "_b")
        .with_row_index("_link")
        .pipe(_with_ends, dates)
        .select(
            "_link",
            gap=days_apart(
                pl.col("date_start"),
                pl.col("date_end"),
                pl.col("date_start_b"),
                pl.col("date_end_b"),
            ),
        )
        .filter(pl.col("gap") > 0)
    )
    side = events.select(
        "_n",
        "claim_id",
        "article_id",
        "date",
        "event_type",
        "_event",
        _status=_status_expr("status"),
    )
    pairs = (
        links.with_row_index("_link")
        .join(apart, on="_link", how="inner", maintain_order="left")
        .pipe(_with_ends, side)
        .rename({"claim_id": "claim_a", "claim_id_b": "claim_b"})
        .drop("_link")
    )
    # The exact identity FL101 and FL102 compare, for the claims of those pairs only.
    ids = pl.concat([pairs.get_column("_a"), pairs.get_column("_b")]).unique()
    exact = events.filter(pl.col("_n").is_in(ids.implode())).select("_n", exact=event_key())
    pairs = _with_ends(pairs, exact)
    one_article = pl.col("article_id") == pl.col("article_id_b")
    same_status = pl.col("_status") == pl.col("_status_b")
    pairs = pairs.filter(
        ~one_article
        | (
            (pl.col("identity") >= _SELF_MIN_IDENTITY)
            & ~(same_status & (pl.col("_status") == "planned"))
        )
    ).with_columns(
        kind=pl.when(one_article)
        .then(pl.lit("self"))
        .when(same_status & (pl.col("_status") == "occurred"))
        .then(pl.lit("reported"))
        .when(same_status)
        .then(pl.lit("announced"))
        .otherwise(pl.lit("planned-vs-reported")),
        _low=pl.when(pl.col("date") < pl.col("date_b")).then("date").otherwise("date_b"),
        _high=pl.when(pl.col("date") < pl.col("date_b")).then("date_b").otherwise("date"),
        _occurred=(pl.col("_status") == "occurred") & (pl.col("_status_b") == "occurred"),
    )
    near = pl.col("gap") <= adjacent_days
    owned = (
        pairs.filter(
            pl.col("exact").is_not_null()
            & (pl.col("exact") == pl.col("exact_b"))
            & pl.col("_occurred")
            & (
                (near & ~pl.col("event_type").is_in(_FL102_EXCLUDED))
                | (~near & pl.col("event_type").is_in(_FL101_TYPES))
            )
        )
        .select("_event", "_low", "_high")
        .unique()
    )
    theirs = pairs.filter(pl.col("_occurred")).join(
        owned, on=["_event", "_low", "_high"], how="semi"
    )
    return pairs.join(
        theirs.select("_a", "_b"),
        on=["_a", "_b"],
        how="anti",
        maintain_order="left",
    )


def _with_ends(links: pl.DataFrame, by_number: pl.DataFrame) -> pl.DataFrame:
    """`links` with the columns of `by_number` (keyed by claim number `_n`) of their first
    claim `_a`, then of their second `_b` with the suffix `_b`, in the links' order."""
    return links.join(by_number, left_on="_a", right_on="_n", maintain_order="left").join(
        by_number.select(pl.all().name.suffix("_b")),
        left_on="_b",
        right_on="_n_b",
        maintain_order="left",
    )


def _side_by_side_articles(mentions: pl.LazyFrame) -> pl.DataFrame:
    """Articles with two date mentions close enough to be written as one date (or linked by
    `same_as`): the only ones whose text the one-claim check needs."""
    linked = mentions.filter(pl.col("same_as").is_not_null() & (pl.col("same_as") != ""))
    placed = mentions.filter(pl.col("start").is_not_null() & pl.col("end").is_not_null())
    # Only articles with two placed date mentions can write two side by side.
    several = placed.group_by("article_id").agg(pl.len()).filter(pl.col("len") > 1)
    close = (
        placed.join(several, on="article_id", how="semi")
        .sort("article_id", "start", "end")
        .with_columns(_gap=pl.col("start") - pl.col("end").shift(1).over("article_id"))
        .filter(pl.col("_gap").is_between(0, _GAP_LIMIT))
    )
    return (
        pl.concat([linked.select("article_id"), close.select("article_id")])
        .unique()
        .collect(engine="in-memory")
    )


def _drop_echoes(result: SameEvent) -> None:
    """An article that contradicts itself is reported once (FL110 or FL111), not again against
    its reprints: a disagreement between two articles of the same text over the two values one
    of them already gives itself is left out. Reprints of a self-contradicting article would
    otherwise multiply one slip into conflicts between outlets."""
    own = {
        (result.components[d.a.claim_id], d.a.article_id, frozenset({d.a.value, d.b.value}))
        for d in result.disagreements
        if d.a.article_id == d.b.article_id
    }

    def echo(d: Disagreement) -> bool:
        values = frozenset({d.a.value, d.b.value})
        event = result.components[d.a.claim_id]
        return (
            d.a.article_id != d.b.article_id
            and _sources(result).same_text(d.a.article_id, d.b.article_id)
            and ((event, d.a.article_id, values) in own or (event, d.b.article_id, values) in own)
        )

    result.disagreements = [d for d in result.disagreements if not echo(d)]


def _recurrence(result: SameEvent, d: Disagreement) -> str | None:
    """Two reports of a recurring event, published `_RECURRENCE_DAYS` or more apart, whose
    dates move with their publication dates: each article reports its own latest occurrence
    (the two leaders met again), not one event misdated. In the gold the reports of one
    occurred event are published at most 2 days apart; closer than that, a date that moves
    with its article's publication date is a relative expression resolved from a late crawl
    date, a real disagreement. Acts on an agreement happen once and are never explained so."""
    if d.link is None or d.link["basis"] != "news" or d.a.article_id == d.b.article_id:
        return None
    pubs = [
        parse_timex((result.articles.get(x.article_id) or {}).get("published")) for x in (d.a, d.b)
    ]
    if pubs[0] is None or pubs[1] is None:
        return None
    published = (pubs[1].start - pubs[0].start).days
    dated = (d.b.interval.start - d.a.interval.start).days
    if abs(published) < _RECURRENCE_DAYS or abs(published - dated) > 1:
        return None
    return (
        f"the articles were published {abs(published)} day(s) apart and date the event "
        f"{abs(dated)} day(s) apart: each reports its own latest {d.link['block'].split('|')[0]}"
    )


def _claim_dating(claim: dict[str, Any]) -> Dating:
    return Dating(
        claim["claim_id"],
        claim["article_id"],
        claim["date"],
        Interval(claim["date_start"], claim["date_end"], claim["date_granularity"]),
        claim.get("date_mention"),
    )


def _within_claim(
    claim: dict[str, Any], context: _Context, explained: list[tuple[Disagreement, str]]
) -> list[Disagreement]:
    """Date expressions of one claim that its article writes as one date but that disagree.

    The claim's `date_mention`, the date mentions it cites, and the expressions its article
    writes side by side with them (`أمس بتوقيت اليمن (10 شوال 1436هـ) الموافق (26 يوليو
    2015م)`, a Hijri date and its `same_as`) are grouped as `_Context.equated` does; two of one
    group that do not overlap date the claim twice. Cited dates written apart are not compared:
    a claim may cite the date of the event it followed (a ceasefire after the clashes of the
    13th).
    """
    article_id = claim["article_id"]
    groups = context.equated(article_id)
    seeds = [claim.get("date_mention"), *(claim.get("mention_ids") or [])]
    wanted = {groups[m] for m in seeds if m in groups}
    datings = []
    for mention_id, group in sorted(groups.items()):
        mention = context.mentions.get(mention_id)
        if group not in wanted or mention is None:
            continue
        interval = _gregorian(mention)
        if interval is not None:
            datings.append(
                (
                    group,
                    Dating(claim["claim_id"], article_id, _value(interval), interval, mention_id),
                )
            )
    out = []
    for i, (group, one) in enumerate(datings):
        for other_group, two in datings[i + 1 :]:
            gap = _gap(one.interval, two.interval)
            if other_group != group or gap == 0 or _twins(context, one, two):
                continue
            found = Disagreement(one, two, gap, "self", None)
            reason = context.reading(one, two) or context.reading(two, one)
            if reason:
                explained.append((found, reason))
            else:
                out.append(found)
    return out


def _twins(context: _Context, one: Dating, two: Dating) -> bool:
    """A Hijri date and the Gregorian date the text gives as its equivalent (`same_as`): when
    they disagree, that is FL104's hijri-gregorian-mismatch."""
    a = context.mentions.get(one.mention_id or "") or {}
    b = context.mentions.get(two.mention_id or "") or {}
    return (a.get("same_as") is not None and a.get("same_as") == b.get("mention_id")) or (
        b.get("same_as") is not None and b.get("same_as") == a.get("mention_id")
    )


def _value(interval: Interval) -> str:
    return to_timex(interval)


class _Context:
    """The article texts and date mentions the guards and the evidence read."""

    def __init__(self, mentions: dict[str, dict[str, Any]], texts: _Texts):
        self.mentions = mentions
        self.texts = texts
        self._sentences: dict[str, list[tuple[int, int]]] = {}
        self._before: dict[str, list[str] | None] = {}
        self._equated: dict[str, dict[str, str]] = {}
        by_article: dict[str, list[dict[str, Any]]] = {}
        for m in mentions.values():
            if m.get("start") is not None:
                by_article.setdefault(m["article_id"], []).append(m)
        self._by_article = {
            a: sorted(ms, key=lambda m: (m["start"], m["end"], m["mention_id"]))
            for a, ms in by_article.items()
        }

    def sentence(self, mention: dict[str, Any]) -> tuple[int, int] | None:
        """The span of the sentence a mention starts in."""
        text = self.texts.get(mention["article_id"])
        if text is None or mention.get("start") is None:
            return None
        spans = self._sentences.get(mention["article_id"])
        if spans is None:
            spans = [(s.start, s.end) for s in sentences(text)]
            self._sentences[mention["article_id"]] = spans
        for start, end in spans:
            if start <= mention["start"] < max(end, start + 1):
                return start, end
        return None

    def equated(self, article_id: str) -> dict[str, str]:
        """Date mentions of an article that state one date, by group (`same_as` links, and
        expressions side by side with only brackets, calendar words or a time zone between)."""
        if article_id in self._equated:
            return self._equated[article_id]
        ms = self._by_article.get(article_id, [])
        close = [
            (one, two)
            for one, two in itertools.pairwise(ms)
            if 0 <= two["start"] - one["end"] <= _GAP_LIMIT
        ]
        text = (self.texts.get(article_id) or "") if close else ""
        parent = {m["mention_id"]: m["mention_id"] for m in ms}

        def find(x: str) -> str:
            while parent[x] != x:
                x = parent[x]
            return x

        def union(x: str, y: str) -> None:
            if x in parent and y in parent:
                rx, ry = find(x), find(y)
                if rx != ry:
                    parent[max(rx, ry)] = min(rx, ry)

        for m in ms:
            if m.get("same_as"):
                union(m["mention_id"], m["same_as"])
        for one, two in close:
            if _connects(text[one["end"] : two["start"]]):
                union(one["mention_id"], two["mention_id"])
        groups = {x: find(x) for x in parent}
        self._equated[article_id] = groups
        return groups

    def explains(self, one: Dating, other: Dating, event_type: str) -> str | None:
        """Why `one` may only look like it disagrees with `other`, or None.

        A royal order or decision is itself a document: its date is the event's, so the
        document reason is not used for `decree` claims.
        """
        mention = self.mentions.get(one.mention_id or "")
        if mention is None:
            return None
        return (
            self.reading(one, other)
            or self._reporting(mention)
            or (self._document(mention) if event_type not in _DOCUMENT_EVENTS else None)
            or self._attachment(mention, other)
        )

    def undated(self, one: Dating, event_type: str) -> str | None:
        """Why `one`'s expression does not date its event at all (a report's or a document's
        date), or None: the reasons that do not depend on another side."""
        mention = self.mentions.get(one.mention_id or "")
        if mention is None:
            return None
        return self._reporting(mention) or (
            self._document(mention) if event_type not in _DOCUMENT_EVENTS else None
        )

    def reading(self, one: Dating, other: Dating) -> str | None:
        """Another reading of `one`'s relative expression agrees with `other`."""
        mention = self.mentions.get(one.mention_id or "")
        if mention is None or not mention.get("relative"):
            return None
        words = normalize(mention.get("text") or "").split()
        if any(w in _DIRECTION_WORDS for w in words):
            return None
        has_digits = any(w.isdigit() for w in words)
        names_year = any(w.isdigit() and len(w) == 4 for w in words)
        bare_weekday = mention.get("weekday") and all(w in _WEEKDAY_WORDS for w in words)
        if bare_weekday and not has_digits:
            for step in (timedelta(days=7), timedelta(days=-7)):
                if _shifted(one.interval, step).overlaps(other.interval):
                    return (
                        f"«{mention['text']}» alone can be the {one.value} or the same weekday "
                        "a week away"
                    )
        if not names_year and mention.get("granularity") in ("day", "month"):
            for years in (1, -1):
                moved = _shifted_years(one.interval, years)
                if moved is not None and moved.overlaps(other.interval):
                    return f"«{mention['text']}» names no year: it can be {_value(moved)}"
        return None

    def _words_before(self, mention: dict[str, Any]) -> list[str] | None:
        """The normalized words of the mention's sentence before it, and the marks that matter."""
        key = mention["mention_id"]
        if key not in self._before:
            self._before[key] = self._read_before(mention)
        return self._before[key]

    def _read_before(self, mention: dict[str, Any]) -> list[str] | None:
        span = self.sentence(mention)
        text = self.texts.get(mention["article_id"])
        if span is None or text is None:
            return None
        before = text[span[0] : mention["start"]]
        # Quotes and colons open what was said, like أن.
        before = re.sub(r"[«“\":]", " أن ", before)
        return normalize(before).split()

    def _reporting(self, mention: dict[str, Any]) -> str | None:
        """The date follows a word of saying in its clause: it dates the report, not the event."""
        words = self._words_before(mention)
        if not words:
            return None
        starts, from_ = _EVENT_DATE_OPENERS
        if len(words) >= 2 and words[-1] == from_ and _bare(words[-2]) in starts:
            return None
        for word in reversed(words[-_REPORTING_REACH:]):
            if word in _CONTENT_OPENERS:
                return None
            if word in _REPORTING_WORDS or _bare(word) in _REPORTING_WORDS:
                return f"«{mention['text']}» follows «{word}»: it dates what was said"
        return None

    def _document(self, mention: dict[str, Any]) -> str | None:
        """The date is a document's (رسالته المؤرخة في ..., كتابي لمقامكم في ...)."""
        words = self._words_before(mention)
        if not words:
            return None
        while words and words[-1] in _DATE_LINKS:
            words = words[:-1]
        if words and words[-1] in _DOCUMENT_DATED:
            return f"«{mention['text']}» is the date of a document («{words[-1]}»)"
        if len(words) == len(self._words_before(mention) or []):
            return None  # no في or بتاريخ: the date is not attached to a noun
        for word in words[-_DOCUMENT_REACH:]:
            if _strip_clitics(word) in _DOCUMENT_NOUNS:
                return f"«{mention['text']}» is the date of a document («{word}»), not the event"
        return None

    def _attachment(self, mention: dict[str, Any], other: Dating) -> str | None:
        """The sentence also gives the other side's date, not as the same date written twice."""
        span = self.sentence(mention)
        if span is None:
            return None
        groups = self.equated(mention["article_id"])
        own = groups.get(mention["mention_id"])
        for m in self._by_article.get(mention["article_id"], []):
            if m["mention_id"] == mention["mention_id"] or not span[0] <= m["start"] < span[1]:
                continue
            if own is not None and groups.get(m["mention_id"]) == own:
                continue
            interval = _gregorian(m)
            if interval is not None and interval.overlaps(other.interval):
                return (
                    f"the sentence of «{mention['text']}» also gives «{m['text']}»: the claim may "
                    "carry the wrong one of its dates"
                )
        return None


def _strip_clitics(word: str) -> str:
    """A word without a leading و, ف, ب or ل (برسالته, ولكتابه)."""
    while len(word) > 3 and word[0] in "وفبل":
        word = word[1:]
    return word


def _bare(word: str) -> str:
    """A word without a leading و or ف (وأعلن, فقال)."""
    return word[1:] if word[:1] in ("و", "ف") and len(word) > 3 else word


def _connects(gap: str) -> bool:
    """True when only brackets, calendar words or a time zone stand between two dates."""
    if len(gap) > _GAP_LIMIT:
        return False
    words = normalize(gap).split()
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        if word == _TIME_ZONE:
            skip = True
            continue
        if word.isdigit() or word in _CONNECTORS:
            continue
        return False
    return True


def _shifted(interval: Interval, step: timedelta) -> Interval:
    return Interval(interval.start + step, interval.end + step, interval.granularity)


def _shifted_years(interval: Interval, years: int) -> Interval | None:
    try:
        start = interval.start.replace(year=interval.start.year + years)
        end = interval.end.replace(year=interval.end.year + years)
    except ValueError:  # 29 February
        return None
    return Interval(start, end, interval.granularity)


# --- Findings ------------------------------------------------------------------------------


def finding_rows(result: SameEvent, kinds: Iterable[str], near: bool, code: str) -> pl.DataFrame:
    """One finding row per event with disagreements of `kinds` (near misses or not)."""
    wanted = set(kinds)
    by_event: dict[str, list[Disagreement]] = {}
    for d in result.disagreements:
        if d.kind in wanted and result.near(d) == near:
            by_event.setdefault(result.components[d.a.claim_id], []).append(d)
    members: dict[str, list[str]] = {}
    for claim_id, event in result.components.items():
        if event in by_event:
            members.setdefault(event, []).append(claim_id)
    _texts(result).prefetch(result.claims[c]["article_id"] for ids in members.values() for c in ids)
    rows = [
        _finding(result, sorted(members[event]), found, code, near)
        for event, found in sorted(by_event.items())
    ]
    schema = {
        "message": pl.String(),
        "article_ids": pl.List(pl.String),
        "claim_ids": pl.List(pl.String),
        "mention_ids": pl.List(pl.String),
        "key": pl.String(),
        "details": pl.String(),
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def _finding(
    result: SameEvent, members: list[str], found: list[Disagreement], code: str, near: bool
) -> dict[str, Any]:
    """One finding: the event's disagreements of one rule, with the event's claims (`members`)
    as who says what."""
    found = sorted(found, key=lambda d: (d.a.value, d.b.value, d.a.claim_id, d.b.claim_id))
    claims = [result.claims[c] for c in members]
    disputed = sorted({d.a.value for d in found} | {d.b.value for d in found}, key=_order)
    parties = sorted({x.claim_id for d in found for x in (d.a, d.b)})
    party_articles = sorted({result.claims[c]["article_id"] for c in parties})
    # A dating that dates a report or a document supports no value of the event, whether or
    # not one of its pairs was looked at; the parties of the disagreement always stay.
    context = _context(result)
    set_aside: dict[tuple[str, str | None], str] = {}
    for d in _datings(result, claims, found):
        if d.claim_id in parties:
            continue
        reason = result.set_aside.get((d.claim_id, d.mention_id)) or context.undated(
            d, result.claims[d.claim_id]["event_type"]
        )
        if reason:
            set_aside[(d.claim_id, d.mention_id)] = reason
    datings = [
        d for d in _datings(result, claims, found) if (d.claim_id, d.mention_id) not in set_aside
    ]
    groups = _sources(result).groups(_articles_of(datings))
    support = _support(datings, groups)
    best, best_note = _best(support, disputed)
    sides = [_side(result, d, groups) for d in datings]
    keys = sorted({k for c in parties for k in result.claims[c]["keys"]})
    places = sorted({result.claims[c]["place"] for c in parties if result.claims[c]["place"]})
    first = result.claims[parties[0]]
    label = _label(first["event_type"], first["agreement"], keys, places)
    identities = [d.link["identity"] for d in found if d.link is not None]
    apart = max(d.days_apart for d in found)
    said = "; ".join(_value_text(s, sides) for s in support if s["value"] in disputed)
    lasts = first["event_type"] in DURATIVE_TYPES and apart > result.adjacent_days
    verdict = (
        f"{apart} day(s) apart: a near miss (a time zone, an evening event, a publication date "
        "one day off"
        + (f", or two days of a {first['event_type']} that lasts days" if lasts else "")
        + "), not a conflict"
        if near
        else f"{apart} days apart"
    )
    identity = (
        f"identity {min(identities):.2f}"
        + (f"-{max(identities):.2f}" if max(identities) != min(identities) else "")
        if identities
        else "one claim"
    )
    message = f"{label}: {said}; {verdict}; {best_note}; {identity}"
    mention_ids = sorted(
        {x.mention_id for d in found for x in (d.a, d.b) if x.mention_id is not None}
    )
    details = {
        "event": first["event_type"] + "|" + (first["agreement"] or ""),
        "event_type": first["event_type"],
        "agreement": first["agreement"],
        "participants": keys,
        "places": places,
        "identity": {"min": min(identities), "max": max(identities)} if identities else None,
        "days_apart": apart,
        "adjacent_days": result.adjacent_days,
        "durative_days": result.durative_days,
        "kind": sorted({d.kind for d in found}),
        "pairs": [_pair(result, d) for d in found],
        "sides": sides,
        "support": support,
        "set_aside": [
            {"claim_id": c, "mention_id": m, "reason": r} for (c, m), r in sorted(set_aside.items())
        ],
        "best_supported": best,
        "sources": {"groups": groups.members(_articles_of(datings)), "links": groups.links},
    }
    return {
        "message": message,
        "article_ids": party_articles,
        "claim_ids": parties,
        "mention_ids": mention_ids,
        "key": f"{code}|{details['event']}|{','.join(keys)}|{','.join(disputed)}",
        "details": json.dumps(details, ensure_ascii=False, sort_keys=True, default=str),
    }


def _texts(result: SameEvent) -> _Texts:
    if result.texts is None:
        raise RuntimeError("a SameEvent without its text store")
    return result.texts


def _context(result: SameEvent) -> _Context:
    """One text context per run: each article's sentences are split once."""
    if result.context is None:
        result.context = _Context(result.mentions, _texts(result))
    return result.context


def _sources(result: SameEvent) -> SourceIndex:
    """One source index per run: each article's shingles are computed once."""
    if result.sources is None:
        result.sources = SourceIndex(
            _texts(result),  # type: ignore[arg-type]  # its get is all SourceIndex reads
            {a: row.get("outlet") for a, row in result.articles.items()},
        )
    return result.sources


def _order(value: str) -> tuple[Any, ...]:
    interval = parse_timex(value)
    return (interval.start, interval.end, value) if interval else (date.max, date.max, value)


def _articles_of(datings: list[Dating]) -> list[str]:
    return sorted({d.article_id for d in datings})


def _datings(result: SameEvent, claims: list[dict[str, Any]], found: list[Disagreement]):
    """Every dating of the event: each claim's own, and the cited dates in dispute."""
    out = {(c["claim_id"], c.get("date_mention")): _claim_dating(c) for c in claims}
    for d in found:
        for x in (d.a, d.b):
            out.setdefault((x.claim_id, x.mention_id), x)
    return sorted(out.values(), key=lambda d: (_order(d.value), d.article_id, d.claim_id))


def _support(datings: list[Dating], groups: SourceGroups) -> list[dict[str, Any]]:
    """Who says what: per value, its articles and how many independent sources they are."""
    by_value: dict[str, dict[str, set[str]]] = {}
    for d in datings:
        entry = by_value.setdefault(d.value, {"articles": set(), "claims": set()})
        entry["articles"].add(d.article_id)
        entry["claims"].add(d.claim_id)
    out = []
    for value in sorted(by_value, key=_order):
        articles = sorted(by_value[value]["articles"])
        out.append(
            {
                "value": value,
                "articles": articles,
                "claims": sorted(by_value[value]["claims"]),
                "article_count": len(articles),
                "sources": groups.count(articles),
                "source_groups": groups.members(articles),
            }
        )
    return out


def _best(support: list[dict[str, Any]], disputed: list[str]) -> tuple[str | None, str]:
    """The disputed value most independent sources give, or None on a tie."""
    rows = [s for s in support if s["value"] in disputed]
    top = max(s["sources"] for s in rows)
    leaders = [s for s in rows if s["sources"] == top]
    if len(leaders) > 1:
        counts = ", ".join(
            f"{s['value']} by {s['article_count']} article(s) = {s['sources']} source(s)"
            for s in rows
        )
        return None, f"no value has more independent sources ({counts})"
    lead = leaders[0]
    copies = lead["article_count"] - lead["sources"]
    note = f" ({copies} of its articles are copies)" if copies else ""
    return lead["value"], (
        f"best supported: {lead['value']} by {lead['sources']} independent source(s){note}"
    )


def _value_text(support: dict[str, Any], sides: list[dict[str, Any]]) -> str:
    """`2015-07-23 in a-1 «أمس» (published 2015-07-24), b-2 …; (2 independent source(s))`."""
    said = []
    for side in sides:
        if side["value"] != support["value"]:
            continue
        where = f" (published {side['published']})" if side.get("published") else ""
        expression = f" «{side['expression']}»" if side.get("expression") else ""
        said.append(f"{side['article_id']}{expression}{where}")
    shown = list(dict.fromkeys(said))
    more = f" and {len(shown) - 3} more" if len(shown) > 3 else ""
    return (
        f"{support['value']} in {', '.join(shown[:3])}{more} "
        f"({support['sources']} independent source(s))"
    )


def _label(event_type: str, agreement: str | None, keys: list[str], places: list[str]) -> str:
    if agreement:
        return f"{event_type} of {agreement}"
    at = f" at {' / '.join(places)}" if places else ""
    return f"{event_type} of {', '.join(keys)}{at}"


def _pair(result: SameEvent, d: Disagreement) -> dict[str, Any]:
    out: dict[str, Any] = {
        "claims": [d.a.claim_id, d.b.claim_id],
        "mentions": [d.a.mention_id, d.b.mention_id],
        "values": [d.a.value, d.b.value],
        "days_apart": d.days_apart,
        "kind": d.kind,
    }
    if d.link is not None:
        out |= {
            "identity": d.link["identity"],
            "basis": d.link["basis"],
            "participants": d.link["participants"],
            "shared": d.link["shared"],
            "place": d.link["place"],
            "published_apart": d.link["published_apart"],
        }
    else:
        out |= {"identity": None, "basis": "one claim cites both dates"}
    return out


def _side(result: SameEvent, d: Dating, groups: SourceGroups) -> dict[str, Any]:
    """The evidence of one dating: enough to judge it without opening the files."""
    claim = result.claims[d.claim_id]
    article = result.articles.get(d.article_id) or {}
    mention = result.mentions.get(d.mention_id or "") or {}
    context = _context(result)
    sentence = None
    span = context.sentence(mention) if mention else None
    text = _texts(result).get(d.article_id)
    if span is not None and text:
        sentence = " ".join(text[span[0] : span[1]].split())[:_SENTENCE_LIMIT]
    anchor = mention.get("anchor")
    if anchor == "publication":
        resolved_from = f"publication date {article.get('published')}"
    elif anchor:
        anchored = result.mentions.get(anchor) or {}
        resolved_from = f"{anchor} «{anchored.get('text')}» = {anchored.get('value')}"
    else:
        resolved_from = "written out in full" if mention else None
    return {
        "claim_id": d.claim_id,
        "article_id": d.article_id,
        "outlet": article.get("outlet"),
        "published": article.get("published"),
        "status": _status(claim["status"]),
        "confidence": claim.get("confidence"),
        "value": d.value,
        "start": d.interval.start.isoformat(),
        "end": d.interval.end.isoformat(),
        "mention_id": d.mention_id,
        "expression": mention.get("text"),
        "relative": mention.get("relative"),
        "resolved_from": resolved_from,
        "sentence": sentence,
        "identity_key": {
            "event_type": claim["event_type"],
            "agreement": claim["agreement"],
            "participants": claim["keys"],
            "place": claim["place"],
        },
        "source": groups.group.get(d.article_id, d.article_id),
    }


# The evidence of FL101 and FL102 may involve every article of a much-reported event: it shows
# the first `_SIDES_SHOWN` datings of each value and the first `_IDS_SHOWN` ids of each list,
# with counts, and lists why articles are one source only for findings of at most `_IDS_SHOWN`
# articles.
_SIDES_SHOWN = 10
_IDS_SHOWN = IDS_SHOWN


def with_evidence(ctx: RuleContext, rows: pl.LazyFrame | pl.DataFrame) -> pl.DataFrame:
    """Finding rows of claim-level date rules (FL101, FL102) with the evidence FL108-FL111 give.

    `rows` are `spread_findings` rows: their `_datings`, the claims of each row's event, are
    what the evidence is built from, and are dropped.

    Each row's claims become `sides` (article, outlet, publication date, expression, sentence,
    what a relative expression was resolved from, the claim's identity fields, its source) and
    `support` (per value, its articles and how many independent sources they are, see
    `factlint.sources`), merged into `details`; the message gains the best-supported value.
    Sources are grouped for every row at once in Polars (`source_groups_frame`), and so are
    the support, the groups and the counts, with every id list cut at `_IDS_SHOWN` (its count
    beside it) before it becomes Python; Python reads texts and sentences only for the
    datings shown (at most `_SIDES_SHOWN` per value).
    """
    frame = rows.collect(engine="in-memory") if isinstance(rows, pl.LazyFrame) else rows
    # Every row's datings, in no order: what is computed of all of them does not depend on it.
    datings = _row_datings(frame)
    frame = frame.drop("_datings")
    if frame.height == 0:
        return frame
    # The datings shown: the first `_SIDES_SHOWN` of each value by article and claim, in the
    # order the evidence lists them (`_order`, article, claim); a dating without an article
    # has no source group, and is not counted.
    order = ["article_id", "claim_id"]
    shown = (
        datings.filter(pl.col("article_id").is_not_null())
        .select("_row", "date", "date_start", "date_end", *order, "_c")
        .group_by("_row", "date")
        .agg(pl.all().bottom_k_by(order, _SIDES_SHOWN))
        .explode(pl.all().exclude("_row", "date"))
        .sort("_row", "date_start", "date_end", "date", *order)
    )
    # The datings' articles (every row of their ids, in table order) with their texts, read
    # once for the sources and for the articles shown: only these texts are kept, read a
    # slice of the table at a time (`Dataset.texts_at`; at ten million claims FL101's peak over
    # the loaded frames fell from 2957 to 2676 MiB against reading every text at once).
    articles = (
        ctx.frame("articles")
        .select("article_id", "published", "outlet")
        .with_row_index("_r")
        .join(
            datings.lazy().select(pl.col("article_id").drop_nulls().unique()),
            on="article_id",
            how="semi",
            maintain_order="left",
        )
        .collect(engine="in-memory")
    )
    articles = articles.drop("_r").with_columns(ctx.dataset.texts_at(articles.get_column("_r")))
    groups, edges = source_groups_frame(
        datings.select(pl.col("_row").alias("scope"), "article_id"),
        articles,
        exact_up_to=_IDS_SHOWN,
    )
    at = articles.select(
        pl.arg_where(pl.col("article_id").is_in(shown.get_column("article_id").unique().implode()))
    ).to_series()
    articles = _gather(articles, at)
    datings = _with_groups(datings, groups)
    shown = shown.join(
        groups.rename({"scope": "_row"}), on=["_row", "article_id"], maintain_order="left"
    )
    del groups
    support = _support_frame(datings)
    every = _groups_frame(_by_article(datings, "_row"), ["_row"])
    counts = datings.group_by("_row").agg(
        _articles=pl.col("article_id").n_unique(), _datings=pl.len()
    )
    del datings
    result = _shown_rows(ctx, shown, articles)
    del articles
    small = counts.filter(pl.col("_articles") <= _IDS_SHOWN).get_column("_row")
    # Python from here, over bounded sets only: the support entries and groups of each row
    # (ids cut at `_IDS_SHOWN`), the datings shown, and the edges of rows of at most
    # `_IDS_SHOWN` articles.
    edges_of: dict[int, list[tuple[str, str, str | None, float | None]]] = {}
    for row, *edge in (
        edges.filter(pl.col("scope").is_in(small.implode()))
        .sort("scope", "phase", "key1", "key2")
        .select("scope", "first", "article_id", "reason", "share")
        .iter_rows()
    ):
        edges_of.setdefault(row, []).append(tuple(edge))  # type: ignore[arg-type]
    del edges
    support_of: dict[int, list[dict[str, Any]]] = {}
    for entry in support.iter_rows(named=True):
        support_of.setdefault(entry.pop("_row"), []).append(entry)
    shown_of: dict[int, list[tuple[str, str, str]]] = {}
    for row, claim_id, article_id, group in shown.select(
        "_row", "claim_id", "article_id", "group"
    ).iter_rows():
        shown_of.setdefault(row, []).append((claim_id, article_id, group))
    every_of = dict(every.select("_row", "source_groups").iter_rows())
    count_of = {row: (n, d) for row, n, d in counts.iter_rows()}
    messages, details = [], []
    for index, (message, raw) in enumerate(frame.select("message", "details").iter_rows()):
        if index not in support_of:
            messages.append(message)
            details.append(raw)
            continue
        entries = support_of[index]
        best, note = _best(entries, [s["value"] for s in entries])
        part = shown_of[index]
        source = SourceGroups(group={article_id: group for _, article_id, group in part})
        sides = [
            _side(result, _claim_dating(result.claims[claim_id]), source) for claim_id, _, _ in part
        ]
        articles, total = count_of[index]
        extra: dict[str, Any] = {
            "sides": sides,
            "support": [_bounded_support(s) for s in entries],
            "best_supported": best,
            "sources": {
                "groups": every_of[index],
                "links": links_of(edges_of[index]) if index in edges_of else [],
            },
        }
        if len(sides) < total:
            extra["sides_left_out"] = total - len(sides)
        if articles > _IDS_SHOWN:
            extra["sources"]["links_left_out"] = "the finding has more articles than are shown"
        merged = {**json.loads(raw or "{}"), **extra}
        messages.append(f"{message}; {note}")
        details.append(json.dumps(merged, ensure_ascii=False, sort_keys=True, default=str))
    return frame.with_columns(
        message=pl.Series(messages, dtype=pl.String), details=pl.Series(details, dtype=pl.String)
    )


def _row_datings(frame: pl.DataFrame) -> pl.DataFrame:
    """The datings of each finding row, from the rows' `_datings` (`event_date_spread`):
    `_row`, `claim_id`, `article_id`, `date`, `date_start`, `date_end` and `_c`, the claim's
    row in the claims table.

    They come with the spread's rows: finding them again among every claim by id was a join
    of the whole claims table (at ten million claims, 3.5 million datings and +1962 MiB over
    the loaded frames). A claim id on two rows of one event is read from its last row, as a
    dict built from the rows would keep it.
    """
    datings = (
        frame.with_row_index("_row")
        .select("_row", "_datings")
        .explode("_datings")
        .drop_nulls("_datings")
        .unnest("_datings")
    )
    if datings.height != frame.get_column("claim_ids").list.drop_nulls().list.len().sum():
        datings = datings.filter(pl.col("_c") == pl.col("_c").max().over("_row", "claim_id"))
    return datings.select("_row", "claim_id", "article_id", "date", "date_start", "date_end", "_c")


def _groups_frame(members: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """`SourceGroups.members` per `by`, cut at `_IDS_SHOWN`: `source_groups`, the first
    groups in the order of their first article, each its first sorted articles, and
    `group_count`."""
    return (
        members.group_by(*by, "group")
        .agg(
            pl.col("article_id").min().alias("_first"),
            first_ids(pl.col("article_id")).alias("_members"),
        )
        .sort(*by, "_first")
        .group_by(*by, maintain_order=True)
        .agg(
            pl.col("_members").head(_IDS_SHOWN).alias("source_groups"),
            pl.len().alias("group_count"),
        )
    )


def _pair_key(row: str) -> pl.Expr:
    """`_with_groups`' 64-bit key of a row number and an article id."""
    return pl.col("article_id").hash().xor(pl.col(row).cast(pl.UInt64)).alias("_key")


def _with_groups(datings: pl.DataFrame, groups: pl.DataFrame) -> pl.DataFrame:
    """The datings that have an article, each with its (row, article)'s `group` (`groups`:
    `scope`, `article_id`, `group`, one row per scope and article), as an inner join on the
    row and id gives them.

    Joined on one 64-bit key, the id's hash mixed with the row, then checked on the row and
    the id themselves: at ten million claims the join on the row and the string took +590 MiB
    and 3.5 CPU s for FL101's 3.5M datings, the key's +225 MiB and 1.1 s
    (/tmp/s12/join_exp.py). Should two pairs share a key, the check fails and the join on
    the strings is done instead."""

    dated = datings.filter(pl.col("article_id").is_not_null())
    joined = dated.with_columns(_pair_key("_row")).join(
        groups.select(
            _pair_key("scope"),
            pl.col("scope").alias("_scope"),
            pl.col("article_id").alias("_id"),
            "group",
        ),
        on="_key",
    )
    if (
        joined.height == dated.height
        and joined.select(
            ((pl.col("_scope") == pl.col("_row")) & (pl.col("_id") == pl.col("article_id"))).all()
        ).item()
    ):
        return joined.drop("_key", "_scope", "_id")
    return datings.join(groups.rename({"scope": "_row"}), on=["_row", "article_id"])


def _by_article(datings: pl.DataFrame, *by: str) -> pl.DataFrame:
    """The distinct (`by`, `article_id`) of `datings` with the article's `group`, which is one
    per row and article (`source_groups_frame`): unique on the key, not on the group's string
    too (at ten million claims +190 against +720 MiB for 3.5 million datings)."""
    return datings.select(*by, "article_id", "group").unique([*by, "article_id"])


def _support_frame(datings: pl.DataFrame) -> pl.DataFrame:
    """`_support` of every row at once: per row and value (in `_order`), its articles and
    claims (the first `_IDS_SHOWN` of each, with their counts), how many independent sources
    the articles are and their groups."""
    per_value = datings.group_by("_row", "date").agg(
        pl.col("date_start").first().alias("_start"),
        pl.col("date_end").first().alias("_end"),
        first_ids(pl.col("article_id")).alias("articles"),
        # A row's claim ids are distinct (`_row_datings`): no unique needed.
        pl.col("claim_id").bottom_k(_IDS_SHOWN).sort().alias("claims"),
        pl.col("article_id").n_unique().alias("article_count"),
        pl.len().alias("claim_count"),
        pl.col("group").n_unique().alias("sources"),
    )
    grouped = _groups_frame(_by_article(datings, "_row", "date"), ["_row", "date"])
    return (
        per_value.join(grouped, on=["_row", "date"])
        .sort("_row", "_start", "_end", "date")
        .select(
            "_row",
            pl.col("date").alias("value"),
            "articles",
            "claims",
            "article_count",
            "claim_count",
            "sources",
            "source_groups",
            "group_count",
        )
    )


def _bounded_support(entry: dict[str, Any]) -> dict[str, Any]:
    """A `support` entry of `_support_frame` as the evidence gives it: id lists cut at
    `_IDS_SHOWN`, and the counts of those cut."""
    out = {
        "value": entry["value"],
        "articles": entry["articles"],
        "claims": entry["claims"],
        "article_count": entry["article_count"],
        "sources": entry["sources"],
        "source_groups": entry["source_groups"],
    }
    if entry["claim_count"] > _IDS_SHOWN:
        out["claim_count"] = entry["claim_count"]
    if entry["group_count"] > _IDS_SHOWN:
        out["group_count"] = entry["group_count"]
    return out


def _shown_rows(ctx: RuleContext, shown: pl.DataFrame, articles: pl.DataFrame) -> SameEvent:
    """The claims, date mentions, articles and texts of the datings shown, as `_side` reads
    them: claims read by their row in the claims table (`_c`); `articles` (`article_id`,
    `published`, `outlet`, `text`) holds at least the rows of their articles, in table order."""
    # The claims shown are gathered by row before their dates and identities are read: on the
    # lazy plan, the date parsing's self-join read every claim of the table (at 1M claims
    # 0.16 s and 160 MiB for 4,000 claims shown), and a filter by row number scans them all.
    # Id lists the evidence does not read are left out: gathering from a list column of many
    # chunks copies the whole column first.
    claims = ctx.frame("claims").collect(engine="in-memory")
    read = [name for name in claims.columns if name not in ("mention_ids", "parties", "scopes")]
    kept = (
        dated_claims(_gather(claims, shown.get_column("_c").unique().sort(), read).lazy())
        .with_columns(keys=identity_keys(), exact=event_key())
        .collect(engine="in-memory")
    )
    del claims
    article_ids = kept.get_column("article_id").unique().sort().implode()
    # Their articles and date mentions: found on the columns the test reads, then gathered.
    at = articles.select(pl.arg_where(pl.col("article_id").is_in(article_ids))).to_series()
    articles = _gather(articles, at)
    texts = _Texts(ctx.frame("articles"))
    texts.keep(articles.select("article_id", "text").iter_rows())
    mentions = ctx.frame("mentions").collect(engine="in-memory")
    at = mentions.select(
        pl.arg_where(pl.col("article_id").is_in(article_ids) & (pl.col("kind") == "date"))
    ).to_series()
    return SameEvent(
        {row["claim_id"]: row for row in kept.iter_rows(named=True)},
        {},
        [],
        [],
        {row["mention_id"]: row for row in _gather(mentions, at).iter_rows(named=True)},
        {row["article_id"]: row for row in articles.drop("text").iter_rows(named=True)},
        adjacent_days=0,
        texts=texts,
    )


def _gather(frame: pl.DataFrame, rows: pl.Series, columns: list[str] | None = None) -> pl.DataFrame:
    """The `rows` of `frame` (of its `columns`), gathered column by column: a frame's gather,
    filter or even drop first makes every column's chunks alike, which copies whole columns of
    a large table whose columns are chunked differently."""
    return pl.DataFrame([frame.get_column(name).gather(rows) for name in columns or frame.columns])
