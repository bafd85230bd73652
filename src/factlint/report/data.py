"""The data the report's script renders: findings, evidence and timelines as one JSON document.

Compact on purpose: 50,000 findings are one array of short arrays, codes and severities are
indexes, and the evidence (sentences, mentions, claims) is shared between findings instead of
repeated in each. Every text is bounded: the page shows at most `MAX_TEXT` characters of a
message and the first items of long lists; findings.json has every message whole and the first
`factlint.findings.ID_LIST_LIMIT` ids of each list with their count.

`embed` turns the document into text that is safe inside `<script type="application/json">`:
`<`, `>`, `&` and the two JavaScript line separators are written as `\\u` escapes, so no value
can close the element (`</script>`) or open a comment, whatever it holds.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import polars as pl

from factlint.dates import parse_timex
from factlint.findings import cap_parsed_details
from factlint.identity import event_key

__all__ = ["LIST_LIMIT", "MAX_TEXT", "embed", "report_data"]

MAX_TEXT = 2000
_MAX_ID = 200
_MAX_IDS = 25
_MAX_VALUE = 600
_MAX_LIST = 60
# The findings the page is given have their lists cut to this many items (`cap_id_lists`),
# which with the note of how many more there are is a list the page shows whole.
LIST_LIMIT = _MAX_LIST - 1
_MAX_DEPTH = 6
_MAX_SENTENCE = 360
_MAX_EVIDENCE_MENTIONS = 40
# How many of a finding's mentions report.js draws (`mentionIds.slice(0, 40)`).
_MAX_SHOWN_MENTIONS = 40
_EVIDENCE_LISTS = ("mention_ids", "claim_ids")
_MAX_TIMELINES = 300
_MAX_TIMELINE_ROWS = 60
# The columns `factlint.identity.event_key` reads.
_KEY_COLUMNS = ("event_type", "agreement", "participants", "place")
FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)
# Where a sentence ends: Arabic and Latin stops, question marks, and line breaks.
_STOPS = ".!?؟\n"
_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
# Values `bounded` keeps as they are (strings are cut when long; a float may be NaN).
_AS_IS = frozenset((int, bool, type(None)))
_PLAIN = _AS_IS | {str}
# Keys of a finding's details that name what it is about, for the "by event or entity" view.
_GROUP_KEYS = {
    "event": "event",
    "entity_id": "entity",
    "person": "entity",
    "office": "entity",
    "entity": "entity",
    "agreement": "agreement",
}


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """At most `limit` characters of a message, saying how many more findings.json has."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit:,} more characters in findings.json]"


def _short(text: str, limit: int = _MAX_VALUE) -> str:
    """At most `limit` characters of a value shown as evidence (an ellipsis marks the cut)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bounded(value: Any, depth: int = 0) -> Any:
    """A JSON value with every string, list and nesting level cut to what a page can show."""
    if isinstance(value, str):
        return _short(value)
    if isinstance(value, list):
        if depth >= _MAX_DEPTH:
            return _short(json.dumps(value, ensure_ascii=False))
        head = value[:_MAX_LIST]
        if _PLAIN.issuperset(map(type, head)):
            # The ids that make up most details: cut in one pass, without a call per item.
            items = [v if type(v) is not str or len(v) <= _MAX_VALUE else _short(v) for v in head]
        else:
            items = [bounded(v, depth + 1) for v in head]
        if len(value) > _MAX_LIST:
            items.append(f"… {len(value) - _MAX_LIST} more in findings.json")
        return items
    if isinstance(value, dict):
        if depth >= _MAX_DEPTH:
            return _short(json.dumps(value, ensure_ascii=False))
        out = {}
        for k in list(value)[:_MAX_LIST]:
            item = value[k]
            key = k if type(k) is str and len(k) <= 100 else _short(str(k), 100)
            # Short strings, whole numbers and nulls stay as they are, without a call.
            if type(item) in _AS_IS or (type(item) is str and len(item) <= _MAX_VALUE):
                out[key] = item
            else:
                out[key] = bounded(item, depth + 1)
        return out
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # NaN and infinities are not JSON
    return value


def _details(raw: str | None, limit: int | None = None) -> Any:
    """A finding's `details` parsed and bounded for the page, its lists first cut to `limit`
    items as `cap_id_lists` cuts them (the text parsed once, not parsed, cut, written and
    parsed again); text that is not JSON, shortened."""
    if raw is None or raw == "":
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return _short(raw, 20_000)
    return bounded(value if limit is None else cap_parsed_details(value, limit))


def _ids(values: Iterable[str] | None, total: int | None = None) -> list[str]:
    """The first ids of a list, and how many more there are (`total`: the finding's count
    when the list given is already cut, `factlint.findings.cap_id_lists`)."""
    present = [v for v in values or () if v]
    shown = [v if len(v) <= _MAX_ID else _short(v, _MAX_ID) for v in present[:_MAX_IDS]]
    count = max(total or 0, len(present))
    if count > len(shown):
        shown.append(f"… {count - len(shown)} more")
    return shown


def embed(document: Any) -> str:
    """JSON text safe inside a `<script type="application/json">` element."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # One `str.replace` per character (a C loop over the text each), not a call per match.
    for char, escaped in _ESCAPES.items():
        text = text.replace(char, escaped)
    return text


@dataclass
class _Evidence:
    """Sentences and mentions shared by the findings that cite them."""

    sentences: list[list[str]]
    mentions: dict[str, list[Any]]
    claims: dict[str, list[Any]]


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    # The last stop before the mention and the first after it, within 2,000 characters: one
    # `rfind`/`find` per stop character (C loops), not a regex match per stop in the window.
    lo = max(0, start - 2000)
    left = max(max(text.rfind(c, lo, start) for c in _STOPS) + 1, start - 2000)
    hi = min(len(text), end + 2000)
    after = [i for i in (text.find(c, end, hi) for c in _STOPS) if i >= 0]
    right = min(after) + 1 if after else hi
    # Long sentences are cut around the mention, never through it.
    if right - left > _MAX_SENTENCE:
        room = max(0, (_MAX_SENTENCE - (end - start)) // 2)
        left, right = max(left, start - room), min(right, end + room)
    return left, right


def _named(findings: pl.DataFrame, column: str, key: str) -> pl.LazyFrame:
    """The distinct ids the findings' `column` lists name, as a one-column frame `key` to
    semi-join a table of millions of rows on (ids are lists: exploded first)."""
    return (
        findings.lazy()
        .select(pl.col(column).explode().drop_nulls().cast(pl.String).alias(key))
        .unique()
    )


def _evidence_claims(claims: pl.DataFrame, findings: pl.DataFrame) -> dict[str, list[Any]]:
    """The evidence row of every claim the findings list (the first of a repeated id), in
    table order: built in Polars for the few rows named, which then become Python lists."""
    present = claims.collect_schema().names()

    def column(name: str) -> pl.Expr:
        return pl.col(name) if name in present else pl.lit(None).alias(name)

    ids = pl.List(pl.String)
    mention_ids = (
        pl.col("mention_ids")
        .cast(ids)
        .list.filter(pl.element().is_not_null() & (pl.element() != ""))
        .list.head(_MAX_EVIDENCE_MENTIONS)
        .fill_null(pl.lit([], dtype=ids))
        if "mention_ids" in present
        else pl.lit([], dtype=ids).alias("mention_ids")
    )
    participants = (
        pl.col("participants")
        .cast(ids)
        .list.head(_MAX_LIST)
        .list.eval(_shortened(pl.element().fill_null("None"), 200))
        .fill_null(pl.lit([], dtype=ids))
        if "participants" in present
        else pl.lit([], dtype=ids).alias("participants")
    )
    named = claims.lazy().join(
        _named(findings, "claim_ids", "claim_id"), on="claim_id", how="semi", maintain_order="left"
    )
    rows = (
        _with_event_key(named)
        .select(
            "claim_id",
            column("article_id"),
            column("kind"),
            column("event_type"),
            column("date"),
            column("status"),
            participants,
            column("agreement"),
            column("place"),
            mention_ids,
            "_event",
        )
        .collect()
        .rows()
    )
    out: dict[str, list[Any]] = {}
    for claim_id, *row in rows:
        if claim_id not in out:
            out[claim_id] = row
    return out


def _evidence(findings: pl.DataFrame, frames: Mapping[str, pl.DataFrame] | None) -> _Evidence:
    evidence = _Evidence([], {}, {})
    if not frames or "mentions" not in frames or "claims" not in frames:
        return evidence
    evidence.claims.update(_evidence_claims(frames["claims"], findings))
    shown = pl.DataFrame(
        {"mention_id": sorted(_shown_mentions(findings, evidence.claims))},
        schema={"mention_id": pl.String},
    )
    mention_columns = frames["mentions"].collect_schema().names()
    has_value = "value" in mention_columns
    mentions = (
        frames["mentions"]
        .lazy()
        .join(shown.lazy(), on="mention_id", how="semi", maintain_order="left")
        .select(
            "mention_id",
            *(
                pl.col(c) if c in mention_columns else pl.lit(None).alias(c)
                for c in ("article_id", "kind", "start", "end", "text")
            ),
            pl.col("value").cast(pl.String)
            if has_value
            else pl.lit(None, pl.String).alias("value"),
        )
        .collect()
    )
    articles = frames.get("articles")
    texts: dict[str, str] = {}
    if articles is not None and "text" in articles.columns and mentions.height:
        needed = mentions.lazy().select(pl.col("article_id").drop_nulls().unique())
        texts = {
            a: t
            for a, t in articles.lazy()
            .select("article_id", "text")
            .join(needed, on="article_id", how="semi", maintain_order="left")
            .collect()
            .iter_rows()
            if t is not None
        }
    sentence_index: dict[tuple[str, int, int], int] = {}
    for mention_id, article, kind, start, end, mention, value in mentions.iter_rows():
        text = texts.get(article or "")
        sentence, s_start, s_end = None, None, None
        if (
            text is not None
            and isinstance(start, int)
            and isinstance(end, int)
            and 0 <= start <= end <= len(text)
        ):
            left, right = _sentence_bounds(text, start, end)
            key = (article, left, right)
            if key not in sentence_index:
                sentence_index[key] = len(evidence.sentences)
                evidence.sentences.append([article, text[left:right]])
            sentence, s_start, s_end = sentence_index[key], start - left, end - left
        evidence.mentions[mention_id] = [
            article,
            kind,
            _short(mention or ""),
            _short(value) if value is not None else None,
            sentence,
            s_start,
            s_end,
        ]
    return evidence


def _shown_mentions(findings: pl.DataFrame, claims: Mapping[str, list[Any]]) -> set[str]:
    """The mentions the page can show: for each finding, as report.js takes them, its listed
    mention ids, then those of its listed claims, the first `_MAX_SHOWN_MENTIONS` of them.
    Evidence for the others would be embedded and never drawn."""
    shown: set[str] = set()
    totals = [
        pl.col(f"{c}_total") if f"{c}_total" in findings.columns else pl.lit(None, pl.Int64)
        for c in _EVIDENCE_LISTS
    ]
    rows = findings.select(*_EVIDENCE_LISTS, *[t.alias(f"_{i}") for i, t in enumerate(totals)])
    for mention_ids, claim_ids, mention_total, claim_total in rows.iter_rows():
        order = _ids(mention_ids, mention_total)
        listed = set(order)
        for claim_id in _ids(claim_ids, claim_total):
            claim = claims.get(claim_id)
            for mention_id in claim[8] if claim else ():
                if mention_id not in listed:
                    listed.add(mention_id)
                    order.append(mention_id)
        shown.update(order[:_MAX_SHOWN_MENTIONS])
    return shown


def _groups(details: Any, claim_rows: list[list[Any]]) -> list[str]:
    keys: list[str] = []
    if isinstance(details, dict):
        for key, kind in _GROUP_KEYS.items():
            value = details.get(key)
            if isinstance(value, str) and value:
                keys.append(f"{kind}:{value}")
    for claim in claim_rows:
        if claim[1] == "event" and claim[9]:
            keys.append(f"event:{claim[9]}")
        if claim[6]:
            keys.append(f"agreement:{claim[6]}")
    return sorted(set(keys))


def _with_event_key(claims: FrameT) -> FrameT:
    """Claims with `_event`: `factlint.identity.event_key` where the columns allow it."""
    if set(_KEY_COLUMNS) <= set(claims.collect_schema().names()):
        return claims.with_columns(
            _event=pl.when(pl.col("kind") == "event").then(event_key()).otherwise(None)
        )
    return claims.with_columns(_event=pl.lit(None, pl.String))


def _group_label(key: str, details_label: str | None = None) -> str:
    """`meeting of a, b at x` for an event key, `entity: x` for the others."""
    kind, _, value = key.partition(":")
    if details_label:
        return details_label
    if kind != "event":
        return f"{kind}: {value}"
    parts = value.split("|")
    fields = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
    label = parts[0] or "(no type)"
    if fields.get("agreement"):
        label += f" of {fields['agreement']}"
    if fields.get("participants"):
        label += f" by {fields['participants'].replace(',', ', ')}"
    if fields.get("place"):
        label += f" at {fields['place']}"
    if len(parts) == 2 and "=" not in parts[1] and parts[1]:
        label += f" of {parts[1]}"  # a block key: type|agreement
    return label


def _blocks(events: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`events` with `_b`, the number of their event (`factlint.identity.event_key`), in
    place of the key's columns, and a table `block`, `_b` beside them; events without an
    identity are dropped.

    The key is a function of four columns that millions of claims share in a few hundred
    thousand combinations: the rows are grouped by those columns once, the key computed per
    group, and each row given its group's number (an integer gather, not a join on the key's
    columns or a group on the long key text).
    """
    groups = (
        events.select(_KEY_COLUMNS)
        .with_row_index("_i")
        .group_by(_KEY_COLUMNS)
        .agg("_i")
        .with_columns(block=event_key())
        .filter(pl.col("block").is_not_null())
    )
    numbers = groups.select("block").unique().with_row_index("_b")
    rows = groups.join(numbers, on="block").select("_b", "_i").explode("_i").sort("_i")
    numbered = events.drop(_KEY_COLUMNS).gather(rows.get_column("_i"))
    return numbered.with_columns(rows.get_column("_b")), numbers


def _timelines(
    frames: Mapping[str, pl.DataFrame] | None, flagged_claims: pl.Series
) -> dict[str, dict[str, Any]]:
    """Every event (`factlint.identity.event_key`: type and agreement, or type, participants
    and place) that two or more articles date: the `_MAX_TIMELINES` with the most flagged
    claims, each with its first `_MAX_TIMELINE_ROWS` rows in date order.

    In Polars until those are chosen: a dataset of millions of claims has hundreds of
    thousands of such events, and only the few shown become Python rows. Each distinct date
    value is parsed once.
    """
    if not frames or "claims" not in frames:
        return {}
    claims = frames["claims"]
    present = set(claims.collect_schema().names())
    needed = ("claim_id", "article_id", "kind", "event_type", "date")
    if not set(needed) <= present or not set(_KEY_COLUMNS) <= present:
        return {}
    dated = (
        (pl.col("kind") == "event")
        & pl.col("date").is_not_null()
        & pl.col("event_type").is_not_null()
    )
    # Only the columns used, and the rows' order kept as `_order` (the last sort key).
    events = (
        claims.lazy()
        .filter(dated)
        .select("claim_id", "article_id", "date", *_KEY_COLUMNS)
        .with_row_index("_order")
        .collect()
    )
    # Each distinct date value parsed once; rows carry `_d`, the rank of their (start, end)
    # among the parsed values (an integer to sort and pick by), the texts only the rows shown.
    spans: dict[str, tuple[str, str]] = {}
    for value in events.get_column("date").unique().drop_nulls().to_list():
        interval = parse_timex(value)
        if interval:
            spans[value] = (interval.start.isoformat(), interval.end.isoformat())
    pairs = sorted(set(spans.values()))
    rank = {pair: n for n, pair in enumerate(pairs)}
    ranks = pl.DataFrame(
        {"date": list(spans), "_d": [rank[pair] for pair in spans.values()]},
        schema={"date": pl.String, "_d": pl.Int64},
    )
    dates = pl.DataFrame(
        {"_d": range(len(pairs)), "_start": [p[0] for p in pairs], "_end": [p[1] for p in pairs]},
        schema={"_d": pl.Int64, "_start": pl.String, "_end": pl.String},
    )
    events, numbers = _blocks(events.join(ranks, on="date", how="inner"))
    rows = events.select(
        "_b",
        "_order",
        "_d",
        "claim_id",
        "article_id",
        "date",
        _article=_shortened(pl.col("article_id").fill_null(""), _MAX_ID),
        _hit=pl.col("claim_id").is_in(flagged_claims.cast(pl.String).implode()),
    )
    del events
    blocks = (
        rows.group_by("_b")
        .agg(
            pl.col("_article").n_unique().alias("_articles"), pl.col("_hit").sum().alias("_flagged")
        )
        .filter(pl.col("_articles") >= 2)
        .join(numbers, on="_b")
        .sort(pl.col("_flagged"), pl.col("block"), descending=[True, False])
        .head(_MAX_TIMELINES)
        .select("_b", "block", "_flagged")
    )
    order = ["_d", "_article", "_order"]
    # The first rows of each event in date order: the smallest by the sort keys, per event,
    # then sorted (a sort of every row of 300 events of 100,000 claims each is not needed).
    shown = (
        rows.join(blocks.select("_b"), on="_b", how="semi")
        .group_by("_b")
        .agg(pl.all().top_k_by(order, k=_MAX_TIMELINE_ROWS, reverse=True))
        .explode(pl.exclude("_b"))
        .join(blocks, on="_b")
        .join(dates, on="_d")
        .sort("block", *order)
    )
    shown = _with_article_meta(shown, frames.get("articles"))
    out: dict[str, dict[str, Any]] = {}
    # One pass over the rows shown (at most 300 events of 60 rows), grouped as they come.
    columns = ["block", "_flagged", "_article", "_outlet", "_published", "date", "_start", "_end"]
    for (
        block,
        flagged,
        article,
        outlet,
        published,
        value,
        start,
        end,
        claim_id,
        hit,
    ) in shown.select(*columns, "claim_id", "_hit").iter_rows():
        key = f"event:{block}"
        if key not in out:
            out[key] = {"label": _group_label(key), "rows": [], "flagged": int(flagged)}
        out[key]["rows"].append(
            [
                article,
                _short(outlet or "", 100),
                _short(published or "", 40),
                _short(value, 40),
                start,
                end,
                _short(claim_id or "", _MAX_ID),
                hit,
            ]
        )
    return {k: out[k] for k in sorted(out)}


def _shortened(text: pl.Expr, limit: int) -> pl.Expr:
    """`_short` as an expression: at most `limit` characters, an ellipsis marking the cut."""
    return (
        pl.when(text.str.len_chars() <= limit)
        .then(text)
        .otherwise(text.str.slice(0, limit - 1) + pl.lit("…"))
    )


def _with_article_meta(rows: pl.DataFrame, articles: pl.DataFrame | None) -> pl.DataFrame:
    """`rows` with the outlet and publication date of their article (the last row of an id
    that is listed twice, as a lookup table built from the articles would give)."""
    if articles is None or "article_id" not in articles.columns:
        return rows.with_columns(
            _outlet=pl.lit(None, pl.String), _published=pl.lit(None, pl.String)
        )
    meta = articles.select(
        "article_id",
        (pl.col("outlet") if "outlet" in articles.columns else pl.lit(None))
        .cast(pl.String)
        .alias("_outlet"),
        (pl.col("published") if "published" in articles.columns else pl.lit(None))
        .cast(pl.String)
        .alias("_published"),
    ).filter(pl.col("article_id").is_in(rows.get_column("article_id").unique().implode()))
    meta = meta.unique("article_id", keep="last", maintain_order=True)
    return rows.join(meta, on="article_id", how="left", maintain_order="left")


def report_data(
    findings: pl.DataFrame,
    *,
    codes: list[tuple[str, str, str]],
    article_meta: Mapping[str, list[Any]],
    frames: Mapping[str, pl.DataFrame] | None,
    baseline: bool,
    flagged_claims: pl.Series | None = None,
    details_limit: int | None = None,
) -> dict[str, Any]:
    """The JSON document the report's script reads (see the module docstring).

    `flagged_claims` are the claims the timelines mark, by default those `findings` name;
    a caller that gives findings with their lists cut (`cap_id_lists`) gives every one.
    With `details_limit`, the lists in `details` are cut here as `cap_id_lists` would have
    (the caller cut only the id lists, `cap_id_columns`): each text is parsed once.
    """
    severities = ["error", "warning", "info"]
    extra = sorted(set(findings.get_column("severity").drop_nulls()) - set(severities))
    severities += extra
    code_index = {c[0]: i for i, c in enumerate(codes)}
    evidence = _evidence(findings, frames)
    has_status = "status" in findings.columns
    rows = []
    groups: dict[str, str] = {}
    for rec in findings.iter_rows(named=True):
        details = _details(rec["details"], details_limit)
        claim_rows = [evidence.claims[c] for c in rec["claim_ids"] or () if c in evidence.claims]
        keys = _groups(details, claim_rows)
        label = details.get("event_label") if isinstance(details, dict) else None
        for key in keys:
            groups.setdefault(
                key, _short(_group_label(key, label if key.startswith("event:") else None), 300)
            )
        rows.append(
            [
                severities.index(rec["severity"]) if rec["severity"] in severities else 0,
                code_index[rec["code"]],
                clip(rec["message"] or ""),
                _ids(rec["article_ids"], rec.get("article_ids_total")),
                _ids(rec["claim_ids"], rec.get("claim_ids_total")),
                _ids(rec["mention_ids"], rec.get("mention_ids_total")),
                details,
                _short(rec["fingerprint"] or "", _MAX_ID),
                (rec.get("status") if has_status else None) or "new",
                _short(rec.get("waiver") or "", 500) if has_status else None,
                keys,
            ]
        )
    if flagged_claims is None:
        flagged_claims = findings.get_column("claim_ids").explode().drop_nulls().unique()
    timelines = _timelines(frames, flagged_claims)
    for key, timeline in timelines.items():
        groups.setdefault(key, timeline["label"])
    return {
        "severities": severities,
        "codes": [list(c) for c in codes],
        "articles": dict(article_meta),
        "findings": rows,
        "sentences": evidence.sentences,
        "mentions": evidence.mentions,
        "claims": evidence.claims,
        "groups": groups,
        "timelines": timelines,
        "baseline": baseline,
    }
