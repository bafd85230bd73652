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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import polars as pl

from factlint.dates import parse_timex
from factlint.findings import cap_parsed_details, cut_note
from factlint.identity import event_key, event_key_inputs

__all__ = ["LIST_LIMIT", "MAX_TEXT", "TextsAt", "embed", "embed_emptying", "report_data"]

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
# What the page shows of a claim, in the order of its row (report.js reads them by index).
_CLAIM_COLUMNS = (
    "article_id",
    "kind",
    "event_type",
    "date",
    "status",
    "participants",
    "agreement",
    "mention_ids",
)
# How many of a finding's sides report.js draws as cards (`details.sides.slice(0, 30)`).
_SIDE_CARDS = 30
_MAX_TIMELINES = 300
_MAX_TIMELINE_ROWS = 60
# The columns `factlint.identity.event_key` reads.
_KEY_COLUMNS = ("event_type", "agreement", "participants", "place")
FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)
# The dataset's `articles`, `mentions`, `claims` (`articles` may hold a `text` column, or be
# lazy with one whose texts are read only for what is shown).
Frames = Mapping[str, pl.DataFrame | pl.LazyFrame]
# The texts of the articles at the given rows of `Frames["articles"]` (row numbers, ascending;
# null where an article has none): `factlint.dataset.Dataset.texts_at`, which keeps only the
# texts asked for where the dataset's texts stay on disk.
TextsAt = Callable[[pl.Series], pl.Series]
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


def bounded(value: Any, depth: int = 0, limit: int | None = None) -> Any:
    """A JSON value with every string, list and nesting level cut to what a page can show;
    with `limit`, every list first cut to `limit` items as `cap_id_lists` cuts it (in the
    same walk: one pass over the value, not one to cut and one to bound)."""
    if isinstance(value, str):
        return _short(value)
    if isinstance(value, list):
        if depth >= _MAX_DEPTH:
            whole = value if limit is None else cap_parsed_details(value, limit)
            return _short(json.dumps(whole, ensure_ascii=False))
        if limit is not None and len(value) > limit:
            value = [*value[:limit], cut_note(len(value), limit)]
        head = value[:_MAX_LIST]
        if {str}.issuperset(map(type, head)) and max(map(len, head), default=0) <= _MAX_VALUE:
            # The ids that make up most details: short strings, kept as they are (the
            # lengths taken by one C loop, not a Python step per item).
            items = head
        elif _PLAIN.issuperset(map(type, head)):
            items = [v if type(v) is not str or len(v) <= _MAX_VALUE else _short(v) for v in head]
        else:
            items = [bounded(v, depth + 1, limit) for v in head]
        if len(value) > _MAX_LIST:
            items.append(f"… {len(value) - _MAX_LIST} more in findings.json")
        return items
    if isinstance(value, dict):
        if depth >= _MAX_DEPTH:
            whole = value if limit is None else cap_parsed_details(value, limit)
            return _short(json.dumps(whole, ensure_ascii=False))
        out = {}
        for k in list(value)[:_MAX_LIST]:
            item = value[k]
            key = k if type(k) is str and len(k) <= 100 else _short(str(k), 100)
            # Short strings, whole numbers and nulls stay as they are, without a call.
            if type(item) in _AS_IS or (type(item) is str and len(item) <= _MAX_VALUE):
                out[key] = item
            else:
                out[key] = bounded(item, depth + 1, limit)
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
    return bounded(value, limit=limit)


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
    # One `str.replace` per character (a C loop over the text each), not a call per match;
    # none for a character the text lacks (the line separators, mostly: a search is cheaper).
    for char, escaped in _ESCAPES.items():
        if char in text:
            text = text.replace(char, escaped)
    return text


def embed_emptying(document: dict[str, Any]) -> str:
    """`embed(document)` for a document the caller no longer needs: each of its values is
    written, then removed from it, so that the objects and the text are never all held at
    once (with the escapes' copies, a whole document's text was held twice beside all of its
    objects: at 10M claims about 310 MiB of objects and 190 MiB a copy of the text)."""
    pieces = ["{"]
    for key in list(document):
        value = document.pop(key)
        pieces.extend(("," if len(pieces) > 1 else "", embed(key), ":", embed(value)))
        del value
    pieces.append("}")
    return "".join(pieces)


@dataclass
class _Evidence:
    """Sentences and mentions shared by the findings that cite them."""

    sentences: list[list[str]]
    mentions: dict[str, list[Any]]
    claims: dict[str, list[Any]]


# A run of characters none of which ends a sentence (`_STOPS`).
_NOT_STOPS = "[^.!?؟\\n]*"


def _sentence_bounds(text: pl.Expr, start: pl.Expr, end: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Where the sentence around a mention (characters `start` to `end` of `text`) starts and
    ends: after the last stop before the mention and after the first stop after it, looked for
    within 2,000 characters; a sentence longer than `_MAX_SENTENCE` is cut around the mention,
    never through it. `start` and `end` must be within the text."""
    lo = pl.max_horizontal(start - 2000, 0)
    left = start - text.str.slice(lo, start - lo).str.extract(f"({_NOT_STOPS})$", 1).str.len_chars()
    hi = pl.min_horizontal(text.str.len_chars(), end + 2000)
    after = text.str.slice(end, hi - end)
    run = after.str.extract(f"^({_NOT_STOPS})", 1).str.len_chars()
    right = pl.when(run < after.str.len_chars()).then(end + run + 1).otherwise(hi)
    room = pl.max_horizontal((_MAX_SENTENCE - (end - start)) // 2, 0)
    long = right - left > _MAX_SENTENCE
    return (
        pl.when(long).then(pl.max_horizontal(left, start - room)).otherwise(left),
        pl.when(long).then(pl.min_horizontal(right, end + room)).otherwise(right),
    )


def _texts_of(articles: pl.DataFrame | pl.LazyFrame) -> TextsAt | None:
    """A `TextsAt` reading the `text` column of `articles` itself (None when it has none)."""
    if "text" not in articles.collect_schema().names():
        return None

    def texts_at(rows: pl.Series) -> pl.Series:
        return articles.lazy().select("text").collect().get_column("text").gather(rows)

    return texts_at


def _with_sentences(
    mentions: pl.DataFrame,
    articles: pl.DataFrame | pl.LazyFrame | None,
    texts_at: TextsAt | None = None,
) -> pl.DataFrame:
    """`mentions` (article_id, start, end) with the sentence each is in (`_sentence_bounds`):
    `_left` where it starts, `_text`, `_sentence` its number (sentences numbered in the order
    they are first met, one number for the same span of one article) and `_first` on the row
    that meets it first; nulls where the article has no text or the offsets are not in it.

    In Polars: only the sentences become Python strings, not the texts of the articles. The
    texts are those `texts_at` gives (by default the whole `text` column of `articles`) of
    the rows of the mentions' articles only: for the columnar layout, whose texts stay on
    disk, `Dataset.texts_at` reads a slice of the file at a time and keeps those few thousand
    texts. A streaming semi join of every text to the ids raised the RSS by 1682 MiB at 10M
    claims Parquet; at 1M this step's peak fell from 71 to 31 MiB over its start."""
    null = {"_left": pl.Int64, "_text": pl.String, "_sentence": pl.Int64, "_first": pl.Boolean}
    offsets = all(mentions.schema[c].is_integer() for c in ("start", "end"))
    if texts_at is None and articles is not None:
        texts_at = _texts_of(articles)
    if articles is None or texts_at is None or not offsets or not mentions.height:
        return mentions.with_columns(pl.lit(None, t).alias(c) for c, t in null.items())
    needed = mentions.select(pl.col("article_id").drop_nulls().unique())
    rows = (
        articles.lazy()
        .select("article_id")
        .with_row_index("_r")
        .join(needed.lazy(), on="article_id", how="semi", maintain_order="left")
        .collect()
    )
    # An article id listed twice: its last text, as a lookup table built row by row would give.
    texts = (
        rows.select("article_id", _doc=texts_at(rows.get_column("_r")))
        .drop_nulls("_doc")
        .unique("article_id", keep="last", maintain_order=True)
        .lazy()
    )
    del rows
    start, end = pl.col("start"), pl.col("end")
    left, right = _sentence_bounds(pl.col("_doc"), start, end)
    inside = (start >= 0) & (start <= end) & (end <= pl.col("_doc").str.len_chars())
    spans = (
        mentions.lazy()
        .with_row_index("_row")
        .join(texts, on="article_id", how="left", maintain_order="left")
        .filter(inside)
        .select("_row", "article_id", _left=left, _right=right, _doc="_doc")
        .with_columns(
            _text=pl.col("_doc").str.slice(pl.col("_left"), pl.col("_right") - pl.col("_left"))
        )
        .drop("_doc")
        .collect()
    )
    numbers = (
        spans.select("article_id", "_left", "_right")
        .unique(maintain_order=True)
        .with_row_index("_sentence")
        .with_columns(pl.col("_sentence").cast(pl.Int64))
    )
    spans = spans.join(numbers, on=["article_id", "_left", "_right"], maintain_order="left")
    spans = spans.with_columns(_first=pl.col("_sentence").is_first_distinct())
    return (
        mentions.with_row_index("_row")
        .join(spans.drop("article_id", "_right"), on="_row", how="left", maintain_order="left")
        .drop("_row")
    )


def _named(findings: pl.DataFrame, column: str, key: str) -> pl.LazyFrame:
    """The distinct ids the findings' `column` lists name, as a one-column frame `key` to
    semi-join a table of millions of rows on (ids are lists: exploded first)."""
    return (
        findings.lazy()
        .select(pl.col(column).explode().drop_nulls().cast(pl.String).alias(key))
        .unique()
    )


def _named_claims(claims: pl.DataFrame, findings: pl.DataFrame) -> pl.DataFrame:
    """The first row of every claim the findings' lists name (a repeated id: its first row),
    in table order: the columns the page shows of a claim (`_CLAIM_COLUMNS`) and `_keys`, the
    groups the claim puts a finding in (`_groups`). Built in Polars for the few rows named."""
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
    # A claim's groups: its event (an event claim with an identity) and its agreement.
    event, agreement = pl.col("_event"), pl.col("agreement").cast(pl.String)
    keys = pl.concat_list(
        pl.when((pl.col("kind") == "event") & (event != "")).then(pl.lit("event:") + event),
        pl.when(agreement != "").then(pl.lit("agreement:") + agreement),
    ).list.drop_nulls()
    return (
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
            mention_ids,
            "_event",
        )
        .unique("claim_id", keep="first", maintain_order=True)
        .with_columns(_keys=keys)
        .drop("_event")
        .collect()
    )


def _claim_groups(findings: pl.DataFrame, named: pl.DataFrame | None) -> dict[int, list[str]]:
    """Per finding (its row number), the groups its listed claims put it in."""
    if named is None or not named.height:
        return {}
    keys = (
        findings.lazy()
        .select(pl.col("claim_ids").cast(pl.List(pl.String)))
        .with_row_index("_f")
        .explode("claim_ids")
        .join(named.lazy().select("claim_id", "_keys"), left_on="claim_ids", right_on="claim_id")
        .select("_f", "_keys")
        .explode("_keys")
        .drop_nulls()
        .group_by("_f")
        .agg("_keys")
        .collect()
    )
    return dict(keys.iter_rows())


def _evidence(
    named: pl.DataFrame | None,
    frames: Frames | None,
    shown: list[tuple[list[str], list[str]]],
    texts_at: TextsAt | None = None,
) -> _Evidence:
    """The claims and mentions the page can show (`shown`: each finding's listed claim and
    mention ids, as the page lists them) with the sentences the mentions are in."""
    evidence = _Evidence([], {}, {})
    if named is None or not frames:
        return evidence
    listed = pl.Series(list({c for claim_ids, _ in shown for c in claim_ids}), dtype=pl.String)
    drawn = named.filter(pl.col("claim_id").is_in(listed.implode()))
    # The rows as tuples made by Polars, each a list in one C call (`map`): no Python step
    # per row (hundreds of thousands of claims and mentions at 10M claims).
    evidence.claims.update(
        zip(
            drawn.get_column("claim_id").to_list(),
            map(list, drawn.select(_CLAIM_COLUMNS).rows()),
            strict=True,
        )
    )
    wanted = pl.DataFrame(
        {"mention_id": sorted(_shown_mentions(shown, evidence.claims))},
        schema={"mention_id": pl.String},
    )
    mention_columns = frames["mentions"].collect_schema().names()
    has_value = "value" in mention_columns
    mentions = (
        frames["mentions"]
        .lazy()
        .join(wanted.lazy(), on="mention_id", how="semi", maintain_order="left")
        .select(
            "mention_id",
            *(
                (pl.col(c) if c in mention_columns else pl.lit(None)).cast(pl.String).alias(c)
                for c in ("article_id", "kind", "text")
            ),
            *(
                pl.col(c) if c in mention_columns else pl.lit(None).alias(c)
                for c in ("start", "end")
            ),
            pl.col("value").cast(pl.String)
            if has_value
            else pl.lit(None, pl.String).alias("value"),
        )
        .collect()
    )
    mentions = _with_sentences(mentions, frames.get("articles"), texts_at)
    shown_mentions = mentions.select(
        "article_id",
        "kind",
        _shortened(pl.col("text").fill_null(""), _MAX_VALUE),
        _shortened(pl.col("value"), _MAX_VALUE),
        "_sentence",
        pl.col("start") - pl.col("_left"),
        pl.col("end") - pl.col("_left"),
    )
    evidence.mentions.update(
        zip(
            mentions.get_column("mention_id").to_list(),
            map(list, shown_mentions.rows()),
            strict=True,
        )
    )
    del shown_mentions
    evidence.sentences.extend(
        mentions.filter(pl.col("_first")).select("article_id", "_text").rows()
    )
    return evidence


def _shown_mentions(
    shown: list[tuple[list[str], list[str]]], claims: Mapping[str, list[Any]]
) -> set[str]:
    """The mentions the page can show: for each finding, as report.js takes them, its listed
    mention ids, then those of its listed claims, the first `_MAX_SHOWN_MENTIONS` of them.
    Evidence for the others would be embedded and never drawn."""
    out: set[str] = set()
    mentions_of = _CLAIM_COLUMNS.index("mention_ids")
    for claim_ids, mention_ids in shown:
        order = list(mention_ids)
        listed = set(order)
        for claim_id in claim_ids:
            claim = claims.get(claim_id)
            for mention_id in claim[mentions_of] if claim else ():
                if mention_id not in listed:
                    listed.add(mention_id)
                    order.append(mention_id)
        out.update(order[:_MAX_SHOWN_MENTIONS])
    return out


def _groups(details: Any, claim_keys: list[str]) -> list[str]:
    """The groups of the "by event or entity" view a finding is in: what its details name,
    and the events and agreements of its claims."""
    keys = list(claim_keys)
    if isinstance(details, dict):
        for key, kind in _GROUP_KEYS.items():
            value = details.get(key)
            if isinstance(value, str) and value:
                keys.append(f"{kind}:{value}")
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
    identity are dropped. The key's columns are as `event_key_inputs` gives them.

    The key is a function of four columns that millions of claims share in a few hundred
    thousand combinations: the rows are grouped by those columns once, the key computed per
    group, and each row given its group's number (an integer scatter into a column of the
    rows as they are, not a join on the key's columns, a group on the long key text, or a
    sort and gather of every row).

    The columns the key does not read on a row are nulled before grouping (by the caller, as
    it selects the rows: no copy here): an agreement act's place, and its participants unless
    each party performs it. Grouping on a list column costs most; at 1M claims Parquet, where
    every event names an agreement, this took 0.353 -> 0.111 s for the same 33,682 groups and
    the same key on every row.
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
    rows = groups.join(numbers, on="block").select("_b", "_i").explode("_i")
    number = pl.repeat(None, events.height, dtype=pl.UInt32, eager=True).alias("_b")
    number = number.scatter(rows.get_column("_i"), rows.get_column("_b"))
    return events.drop(_KEY_COLUMNS).with_columns(number).drop_nulls("_b"), numbers


def _timelines(frames: Frames | None, flagged_claims: pl.Series) -> dict[str, dict[str, Any]]:
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
    # The distinct date values, and how long the longest article id is, read first: each date
    # value is parsed once, and rows carry `_d`, the rank of their (start, end) among the
    # parsed values (an integer to sort and pick by), the texts only the rows shown.
    seen = (
        claims.lazy()
        .filter(dated)
        .select(pl.col("date").unique().implode(), pl.col("article_id").str.len_bytes().max())
        .collect()
    )
    spans: dict[str, tuple[str, str]] = {}
    for value in seen.get_column("date")[0].drop_nulls().to_list():
        interval = parse_timex(value)
        if interval:
            spans[value] = (interval.start.isoformat(), interval.end.isoformat())
    pairs = sorted(set(spans.values()))
    rank = {pair: n for n, pair in enumerate(pairs)}
    ranks = pl.DataFrame(
        {"date": list(spans), "_d": [rank[pair] for pair in spans.values()]},
        schema={"date": pl.String, "_d": pl.Int32},
    )
    dates = pl.DataFrame(
        {"_d": range(len(pairs)), "_start": [p[0] for p in pairs], "_end": [p[1] for p in pairs]},
        schema={"_d": pl.Int32, "_start": pl.String, "_end": pl.String},
    )
    # The rank looked up in a map of a few hundred values, not a join of every row on text.
    rank_of = pl.col("date").replace_strict(
        ranks.get_column("date"), ranks.get_column("_d"), default=None, return_dtype=pl.Int32
    )
    # An id of at most `_MAX_ID` bytes is shown whole: the characters are counted (and the
    # id shortened) only when some id is longer.
    article = pl.col("article_id").fill_null("")
    longest = seen.get_column("article_id")[0]
    if isinstance(longest, int) and longest > _MAX_ID:
        article = _shortened(article, _MAX_ID)
    # One row per dated event with only what picks the events and their rows: `_order` (its
    # row in `claims`, the last sort key), `_d`, `_article`, `_hit` and the key's inputs
    # (`event_key_inputs`: no participants or place where the key does not read them). The
    # claim ids, dates and article ids stay in `claims` until the rows shown are known.
    events = (
        claims.lazy()
        .with_row_index("_order")
        .filter(dated)
        .select(
            "_order",
            *event_key_inputs(),
            _d=rank_of,
            _article=article,
            _hit=pl.col("claim_id").is_in(flagged_claims.cast(pl.String).implode()),
        )
        .drop_nulls("_d")
        .collect()
    )
    rows, numbers = _blocks(events)
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
    # Only the row numbers are picked per event (`_order` is unique) and the rows taken by a
    # semi join: gathering every column per group cost three times as much (at 1M claims
    # Parquet 0.105 -> 0.033 CPU s for the 15,576 rows of 300 events among 314,000).
    candidates = rows.join(blocks.select("_b"), on="_b", how="semi")
    first = (
        candidates.group_by("_b")
        .agg(pl.col("_order").top_k_by(order, k=_MAX_TIMELINE_ROWS, reverse=True))
        .explode("_order")
    )
    shown = (
        candidates.join(first.select("_order"), on="_order", how="semi")
        .join(blocks, on="_b")
        .join(dates, on="_d")
        .sort("block", *order)
    )
    del rows, candidates, first
    at = shown.get_column("_order")
    shown = shown.hstack(
        claims.lazy().select(pl.col("article_id", "date").gather(at)).collect().get_columns()
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
        hit,
    ) in shown.select(*columns, "_hit").iter_rows():
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


def _with_article_meta(
    rows: pl.DataFrame, articles: pl.DataFrame | pl.LazyFrame | None
) -> pl.DataFrame:
    """`rows` with the outlet and publication date of their article (the last row of an id
    that is listed twice, as a lookup table built from the articles would give)."""
    columns = articles.collect_schema().names() if articles is not None else []
    if "article_id" not in columns:
        return rows.with_columns(
            _outlet=pl.lit(None, pl.String), _published=pl.lit(None, pl.String)
        )
    meta = (
        articles.lazy()  # type: ignore[union-attr]
        .select(
            "article_id",
            (pl.col("outlet") if "outlet" in columns else pl.lit(None))
            .cast(pl.String)
            .alias("_outlet"),
            (pl.col("published") if "published" in columns else pl.lit(None))
            .cast(pl.String)
            .alias("_published"),
        )
        .filter(pl.col("article_id").is_in(rows.get_column("article_id").unique().implode()))
        .collect()
        .unique("article_id", keep="last", maintain_order=True)
    )
    return rows.join(meta, on="article_id", how="left", maintain_order="left")


def report_data(
    findings: pl.DataFrame,
    *,
    codes: list[tuple[str, str, str]],
    article_meta: Callable[[set[str]], Mapping[str, list[Any]]],
    frames: Frames | None,
    baseline: bool,
    flagged_claims: pl.Series | None = None,
    details_limit: int | None = None,
    texts_at: TextsAt | None = None,
) -> dict[str, Any]:
    """The JSON document the report's script reads (see the module docstring).

    Only what the page draws is embedded: the claims and mentions of the ids a finding lists
    (not of every id its lists hold), and `article_meta(ids)` of the article ids the page
    looks up (a finding's listed articles, its mentions' articles, its sides' articles).
    `flagged_claims` are the claims the timelines mark, by default those `findings` name;
    a caller that gives findings with their lists cut (`cap_id_lists`) gives every one.
    With `details_limit`, the lists in `details` are cut here as `cap_id_lists` would have
    (the caller cut only the id lists, `cap_id_columns`): each text is parsed once.
    `texts_at` reads the texts of rows of `frames["articles"]` for the evidence sentences
    (by default, its `text` column).
    """
    severities = ["error", "warning", "info"]
    extra = sorted(set(findings.get_column("severity").drop_nulls()) - set(severities))
    severities += extra
    code_index = {c[0]: i for i, c in enumerate(codes)}
    # The timelines first, so that the flagged claims (every id the findings list: millions
    # at 10M claims) are dropped before the findings' rows and evidence are built.
    if flagged_claims is None:
        flagged_claims = findings.get_column("claim_ids").explode().drop_nulls().unique()
    timelines = _timelines(frames, flagged_claims)
    del flagged_claims
    named = (
        _named_claims(frames["claims"], findings)
        if frames and "claims" in frames and "mentions" in frames
        else None
    )
    claim_groups = _claim_groups(findings, named)
    has_status = "status" in findings.columns
    rows = []
    shown: list[tuple[list[str], list[str]]] = []
    looked_up: set[str] = set()
    groups: dict[str, str] = {}
    present = set(findings.columns)
    columns = (
        "severity",
        "code",
        "message",
        "details",
        "fingerprint",
        "article_ids",
        "claim_ids",
        "mention_ids",
        "article_ids_total",
        "claim_ids_total",
        "mention_ids_total",
        "status",
        "waiver",
    )
    # Tuples, not a dict per finding; a column the frame lacks is a null.
    records = findings.select(pl.col(c) if c in present else pl.lit(None).alias(c) for c in columns)
    for n, (
        severity,
        code,
        message,
        raw_details,
        fingerprint,
        *lists,
        status,
        waiver,
    ) in enumerate(records.iter_rows()):
        details = _details(raw_details, details_limit)
        keys = _groups(details, claim_groups.get(n, ()))
        label = details.get("event_label") if isinstance(details, dict) else None
        for key in keys:
            groups.setdefault(
                key, _short(_group_label(key, label if key.startswith("event:") else None), 300)
            )
        article_ids = _ids(lists[0], lists[3])
        claim_ids = _ids(lists[1], lists[4])
        mention_ids = _ids(lists[2], lists[5])
        shown.append((claim_ids, mention_ids))
        looked_up.update(article_ids)
        looked_up.update(_side_articles(details))
        rows.append(
            [
                severities.index(severity) if severity in severities else 0,
                code_index[code],
                clip(message or ""),
                article_ids,
                claim_ids,
                mention_ids,
                details,
                _short(fingerprint or "", _MAX_ID),
                (status if has_status else None) or "new",
                _short(waiver or "", 500) if has_status else None,
                keys,
            ]
        )
    evidence = _evidence(named, frames, shown, texts_at)
    # report.js keys its lookups by the mention's article as JavaScript spells it (null: "null").
    looked_up.update("null" if m[0] is None else str(m[0]) for m in evidence.mentions.values())
    for key, timeline in timelines.items():
        groups.setdefault(key, timeline["label"])
    return {
        "severities": severities,
        "codes": [list(c) for c in codes],
        "articles": dict(article_meta(looked_up)),
        "findings": rows,
        "sentences": evidence.sentences,
        "mentions": evidence.mentions,
        "claims": evidence.claims,
        "groups": groups,
        "timelines": timelines,
        "baseline": baseline,
    }


def _side_articles(details: Any) -> list[str]:
    """The article ids report.js looks up for the side cards of `details` (its first
    `_SIDE_CARDS` sides; a side without an article id is shown as `?`)."""
    if not isinstance(details, dict):
        return []
    sides = details.get("sides")
    if not isinstance(sides, list):
        return []
    ids = []
    for side in sides[:_SIDE_CARDS]:
        article = side.get("article_id") if isinstance(side, dict) else None
        if isinstance(article, str | int) and not isinstance(article, bool) and article:
            ids.append(str(article))
        elif not article:
            ids.append("?")
    return ids
