"""Identity: deciding that two mentions or claims are about the same thing.

- Entities resolve through the reference tables: a mention's `value` when it names a known
  entity, otherwise its text matched against every known name (canonical names and aliases)
  under Arabic normalization and transliteration folding (`factlint.arabic.fold`).
- Events have two identities. `event_key` is the exact one: type plus agreement when there is
  one, otherwise type, sorted participants and place (FL101, FL102). `event_links` is the
  inferred one, for every event type and for people the reference does not know: it decides,
  pair by pair, that two event claims (in one article or two) describe one real event, with a
  confidence. An event acting on an agreement (a signing, a royal order) happens once and is
  joined by its type and agreement at any distance in time; any other event recurs (ministers
  meet every month, a force strikes every day), so two claims are joined only when both are
  news: dated within `RECURRING_WINDOW_DAYS` of their own article's publication, in articles
  published at most `PUBLICATION_WINDOW_DAYS` apart, sharing a participant, with no person on
  either side that the other side lacks and places that can nest.
"""

from __future__ import annotations

import re

import polars as pl

from factlint.arabic import fold, fold_expr, normalize_expr
from factlint.arabic.clitics import LEADING_ARTICLE, LEADING_CLITIC
from factlint.timeline import published_interval

__all__ = [
    "ENTITY_MENTION_KINDS",
    "LINK_COLUMNS",
    "MIN_IDENTITY",
    "PER_PARTY_ACTS",
    "PUBLICATION_WINDOW_DAYS",
    "RECURRING_WINDOW_DAYS",
    "claim_number",
    "event_block",
    "event_key",
    "event_key_inputs",
    "event_links",
    "exact_key",
    "identity_keys",
    "name_index",
    "name_key",
    "numbered_event_links",
    "person_key",
    "resolve_mentions",
]

# The columns of `event_links`: the two claims, their block, and how they were linked.
LINK_COLUMNS: tuple[str, ...] = (
    "claim_a",
    "claim_b",
    "block",
    "identity",
    "basis",
    "participants",
    "shared",
    "place",
    "published_apart",
)

ENTITY_MENTION_KINDS: tuple[str, ...] = ("person", "place", "organisation", "title", "agreement")

# The definite article and the proclitics a name can carry in running text (والمغرب, بالرباط),
# including ل before the article, where the article's alef is elided (للمغرب).
_LEADING_ARTICLE = LEADING_ARTICLE
# One conjunction or preposition attached to a name without the article (بموسكو, وباكو).
_LEADING_CLITIC = LEADING_CLITIC
# What must remain after stripping, so that a name that merely starts with those letters
# (كالاس, والاس, الله) is not cut down to a stub that collides with other names.
_MIN_STEM = 3


def _strip(text: pl.Expr, pattern: str, min_stem: int) -> pl.Expr:
    stripped = text.str.replace(pattern, "")
    return pl.when(stripped.str.len_chars() >= min_stem).then(stripped).otherwise(text)


def exact_key(text: pl.Expr) -> pl.Expr:
    """The strict matching key of a name: orthographic noise removed, nothing else."""
    return normalize_expr(text)


def name_key(text: pl.Expr) -> pl.Expr:
    """The loose matching key of a name: folded, no leading article, no spaces.

    Merges transliteration variants (ناغورنو / ناجورنو), the article and its proclitics
    (الأذربيجان / أذربيجان, للمغرب) and word splits (عبد الله / عبدالله, نور سلطان / نورسلطان).
    """
    return _key_of_folded(fold_expr(text))


def _key_of_folded(folded: pl.Expr) -> pl.Expr:
    """`name_key` of a text already folded: a frame of many names folds them into a column
    first (in `name_key` the fold is computed twice, once for each branch of the strip)."""
    return _strip(folded, _LEADING_ARTICLE, _MIN_STEM).str.replace_all(" ", "")


def person_key(text: str) -> str:
    """`name_key` of one name in Python: the key an unknown person is identified by.

    Two spellings of one person (سيرغي لافروف / سيرجي لافروف, عبد الله / عبدالله) get one key.
    """
    folded = fold(text)
    stripped = re.sub(_LEADING_ARTICLE, "", folded)
    if len(stripped) >= _MIN_STEM:
        folded = stripped
    return folded.replace(" ", "")


def name_index(entities: pl.LazyFrame, aliases: pl.LazyFrame) -> pl.LazyFrame:
    """Every known name of every entity with its validity period.

    Columns: `entity_id`, `name`, `exact` (`exact_key`), `key` (`name_key`), `valid_from`,
    `valid_to` (TIMEX or null = open). A canonical `name_ar` that matches an alias of the
    same entity (by `name_key`, so a hamza or a space does not matter) takes that alias's
    validity instead of being valid always.
    """
    # `name_key` in two steps, the fold of every name computed once.
    key = _key_of_folded(pl.col("key"))
    alias_rows = (
        aliases.select("entity_id", pl.col("alias").alias("name"), "valid_from", "valid_to")
        .with_columns(key=fold_expr(pl.col("name")))
        .with_columns(key=key)
    )
    canonical = (
        entities.select("entity_id", pl.col("name_ar").alias("name"))
        .with_columns(key=fold_expr(pl.col("name")))
        .with_columns(key=key)
        .join(alias_rows.select("entity_id", "key"), on=["entity_id", "key"], how="anti")
        .with_columns(
            valid_from=pl.lit(None, dtype=pl.String), valid_to=pl.lit(None, dtype=pl.String)
        )
    )
    return (
        pl.concat([canonical, alias_rows], how="diagonal_relaxed")
        .filter(pl.col("name").is_not_null())
        .with_columns(exact=exact_key(pl.col("name")))
        .select("entity_id", "name", "exact", "key", "valid_from", "valid_to")
    )


def _candidates(index: pl.LazyFrame, key: str, wanted: pl.Series, alias: str) -> pl.LazyFrame:
    """The entities each key in `wanted` names: only those keys' rows of the index are grouped,
    not every known name."""
    return (
        index.filter(pl.col(key).is_in(wanted.implode()))
        .group_by(key)
        .agg(pl.col("entity_id").unique().sort().alias(alias))
    )


def resolve_mentions(
    mentions: pl.LazyFrame,
    entities: pl.LazyFrame,
    aliases: pl.LazyFrame,
    *,
    index: pl.LazyFrame | None = None,
) -> pl.LazyFrame:
    """Entity mentions with `entity_id` and `resolved_by`.

    `resolved_by`: `value` (the mention's value is a reference entity), `name` (its text
    matches exactly one entity's name by `exact_key`), `variant` (no exact match, but exactly
    one by `name_key`, or by `name_key` after one leading clitic: بموسكو), `ambiguous` (the
    first tier that matches at all matches several entities), or null. Tiers are tried in
    that order, so a name that matches one entity exactly is never re-resolved loosely.
    Only kinds in `ENTITY_MENTION_KINDS` are returned; `key` is the text's `name_key`.
    `index` is `name_index(entities, aliases)` when the caller already has it (it normalizes
    every reference name: at scale it costs more than resolving the few distinct texts).
    """
    known = entities.select(pl.col("entity_id").alias("value"), pl.lit(True).alias("_known"))
    if index is None:
        index = name_index(entities, aliases)
    # Read three times below: computed once.
    index = index.collect(engine="in-memory").lazy()
    first_match = pl.coalesce(
        *[pl.when(pl.col(c).list.len() > 0).then(pl.col(c)) for c in ("_exact", "_key", "_clitic")]
    )
    tier = (
        pl.when(pl.col("_exact").list.len() > 0)
        .then(pl.lit("name"))
        .when((pl.col("_key").list.len() > 0) | (pl.col("_clitic").list.len() > 0))
        .then(pl.lit("variant"))
    )
    entity_mentions = mentions.filter(pl.col("kind").is_in(ENTITY_MENTION_KINDS))
    # Keys and candidates of each distinct text, computed once: a million mentions of news
    # name a few thousand distinct names.
    texts = (
        entity_mentions.select("text")
        .unique()
        .with_columns(
            _exact_text=exact_key(pl.col("text")),
            key=name_key(pl.col("text")),
            _clitic_text=name_key(_strip(exact_key(pl.col("text")), _LEADING_CLITIC, 4)),
        )
        .collect(engine="in-memory")
    )
    loose = pl.concat([texts.get_column("key"), texts.get_column("_clitic_text")]).unique()
    by_text = (
        texts.lazy()
        .join(
            _candidates(index, "exact", texts.get_column("_exact_text").unique(), "_exact"),
            left_on="_exact_text",
            right_on="exact",
            how="left",
        )
        .join(_candidates(index, "key", loose, "_key"), on="key", how="left")
        .join(
            _candidates(index, "key", loose, "_clitic"),
            left_on="_clitic_text",
            right_on="key",
            how="left",
        )
        .drop("_exact_text", "_clitic_text")
    )
    return (
        entity_mentions.join(by_text, on="text", how="left", nulls_equal=True)
        .join(known, on="value", how="left")
        .with_columns(
            [
                pl.col(c).fill_null(pl.lit([], dtype=pl.List(pl.String)))
                for c in ("_exact", "_key", "_clitic")
            ]
        )
        .with_columns(_match=first_match)
        .with_columns(
            entity_id=pl.when(pl.col("_known"))
            .then(pl.col("value"))
            .when(pl.col("_match").list.len() == 1)
            .then(pl.col("_match").list.first()),
            resolved_by=pl.when(pl.col("_known"))
            .then(pl.lit("value"))
            .when(pl.col("_match").list.len() == 1)
            .then(tier)
            .when(pl.col("_match").list.len() > 1)
            .then(pl.lit("ambiguous")),
        )
        .drop("_known", "_exact", "_key", "_clitic", "_match")
    )


# Acts each party performs for itself: Azerbaijan's ratification and Morocco's are two events.
PER_PARTY_ACTS: tuple[str, ...] = ("ratification", "approval")


def event_key() -> pl.Expr:
    """The identity of an event claim across articles, or null when it has none.

    An agreement act is identified by its type and agreement, plus its participants for acts
    each party performs separately (`PER_PARTY_ACTS`); any other event by its type, sorted
    participants and place.
    """
    # concat_str, not pl.format: Polars 2.1's streaming engine panicked on pl.format over a
    # list.join of a filtered frame (seen on the seed claims).
    # The participants are sorted and joined only on the rows whose identity holds them (a
    # list that is null costs nothing): Polars computes every branch of a `when` for every
    # row, and most events are agreement acts identified without them.
    participants = (
        id_strings(pl.when(_reads_participants()).then(pl.col("participants")))
        .list.unique()
        .list.eval(pl.element().sort())
        .list.join(",")
    )
    per_party = pl.when(pl.col("event_type").is_in(PER_PARTY_ACTS)).then(
        pl.lit("participants=") + participants
    )
    by_agreement = pl.when(pl.col("agreement").is_not_null()).then(
        pl.concat_str(
            [pl.col("event_type"), pl.lit("agreement=") + pl.col("agreement"), per_party],
            separator="|",
            ignore_nulls=True,
        )
    )
    by_place = pl.concat_str(
        [
            pl.col("event_type"),
            pl.lit("participants=") + participants,
            pl.lit("place=") + pl.col("place"),
        ],
        separator="|",
    )
    has_participants = pl.col("participants").list.len() > 0
    return pl.coalesce(by_agreement, pl.when(has_participants).then(by_place))


def _reads_participants() -> pl.Expr:
    """Whether `event_key` reads a row's participants: an event without an agreement, or an
    act each party performs separately."""
    return pl.col("agreement").is_null() | pl.col("event_type").is_in(PER_PARTY_ACTS)


def event_key_inputs() -> list[pl.Expr]:
    """The columns `event_key` reads (`event_type`, `agreement`, `participants`, `place`), as
    it reads them on each row: the place of a row with an agreement, and its participants
    unless `_reads_participants`, are null. Rows equal on these have the same key, so a
    grouping of rows by their key can group on these first, and rarely on a list."""
    return [
        pl.col("event_type"),
        pl.col("agreement"),
        pl.when(_reads_participants()).then(pl.col("participants")).alias("participants"),
        pl.when(pl.col("agreement").is_null()).then(pl.col("place")).alias("place"),
    ]


# --- Inferred event identity ---------------------------------------------------------------------
#
# The windows are set from the curated corpus gold (`python -m bench.conflicts --windows`
# prints the figures, `factlint.conflict_eval.window_evidence`). Over the 29 gold date entries
# the outlets of one story publish at most 5 days apart (an exhibition announced five days
# ahead and reported on the day), so a week joins every report of one story. A story's own
# events lie from 5 days after publication (announced) to 16 days before it (a strike the
# Pentagon announced two weeks later); the other events the same articles recall lie 295 days
# or more back (a strike of the previous September, the 2001 attacks), except two statements
# 17 and 19 days back (a newspaper report, an earlier letter), and statements are not joined
# by the date rules. A month on either side of publication keeps every news event with twice
# the largest delay seen, and stays far from the recalled ones.

# An event is news when its date interval reaches within this many days of its article's
# publication interval; only news events of a recurring kind are joined.
RECURRING_WINDOW_DAYS = 31
# Two articles report one recurring event only when published at most this many days apart.
PUBLICATION_WINDOW_DAYS = 7
# Pairs below this identity are different events (see `event_links` for the scores).
MIN_IDENTITY = 0.5
# How much each relation of two claims' participants and places says for one event. Equal
# participants and the same place: 0.9; one outlet naming fewer participants: 0.5 + place;
# participants that only overlap (an American strike against a strike by the coalition the
# United States leads) need the same place to reach `MIN_IDENTITY`.
PARTICIPANT_SCORES: dict[str, float] = {
    "equal": 0.6,
    "subset": 0.5,
    # One key in common and nothing else on a side: one person does many things.
    "equal-one": 0.5,
    "subset-one": 0.45,
    "overlap": 0.35,
}
PLACE_SCORES: dict[str, float] = {
    "same": 0.3,
    "both-missing": 0.1,
    "one-missing": 0.05,
    "nested": 0.0,
}
# An act on one agreement (the thing acted on) by the same parties.
ONCE_IDENTITY = 0.95
# Claims of one act linked to the first claims of each date of it (see `event_links`).
_REPRESENTATIVES = 3
# A participant key named by more claims than this, of one type in one week, joins nothing
# by itself (see `event_links`).
_HUB_LIMIT = 200

# A key that is an entity id (`person-…`, `country-…`) rather than an unknown person's name key.
_ENTITY_ID = r"^[a-z][a-z0-9]*-[a-z0-9-]*$"
_IDS = pl.List(pl.String)


def id_strings(column: str | pl.Expr) -> pl.Expr:
    """An id list as a list of strings, for a join with a table of strings or a `list.join`:
    the loader holds the entity lists as lists of categoricals
    (`factlint.layout.CODE_LIST_COLUMNS`), which compare, sort and group as their strings do
    but join only with their own kind. A list of strings is returned as it is."""
    expr = pl.col(column) if isinstance(column, str) else column
    return expr.cast(_IDS)


def event_block() -> pl.Expr:
    """The block of an event claim: its type and the agreement it acts on (empty when none).

    Every pair `event_links` may join shares a block, so a rule that compares only joined
    claims is local to it: a changed-data or partitioned run checks one block at a time.
    """
    return pl.concat_str(
        [pl.col("event_type").fill_null(""), pl.col("agreement").fill_null("")], separator="|"
    )


def identity_keys() -> pl.Expr:
    """Who an event claim says took part: `participant_keys` (reference entity ids and the
    `person_key` of people the reference does not know), else `participants`; sorted, unique,
    never null."""
    keys = pl.coalesce(
        pl.col("participant_keys").cast(_IDS), pl.col("participants").cast(_IDS)
    ).fill_null(pl.lit([], dtype=_IDS))
    # Sorted by `list.eval`: Polars 2.1's `list.sort` costs some 15 µs a row on one chunk
    # (8 s for 500k claims), the same sort inside `list.eval` under 1 µs.
    return keys.list.drop_nulls().list.unique().list.eval(pl.element().sort())


def _entity_kind(key: pl.Expr, types: pl.Expr) -> pl.Expr:
    """What a participant or place key names: the reference type, else the id's prefix, else
    `person` (a name key is an unknown person's)."""
    return pl.coalesce(
        types,
        pl.when(key.str.contains(_ENTITY_ID)).then(key.str.extract(r"^([a-z0-9]+)-", 1)),
        pl.lit("person"),
    )


def _days(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.Date).cast(pl.Int64)


def _canonical_keys(
    claims: pl.LazyFrame, entities: pl.LazyFrame, aliases: pl.LazyFrame | None
) -> pl.LazyFrame:
    """`keys` with each unknown person's name key replaced by the reference person whose name
    (or alias) has that `name_key`, when exactly one has: one outlet's extraction may resolve
    سامح شكري to `person-sameh-shoukry` and another keep his name key. Claims are told apart
    by their number `_n` (`claim_number`)."""
    if aliases is None:
        aliases = pl.LazyFrame(
            schema={n: pl.String for n in ("entity_id", "alias", "valid_from", "valid_to")}
        )
    # Only people's names are read: the index of the person entities alone (a name's
    # validity depends only on its own entity's rows), not of every reference entity
    # (agreements, places, bodies), whose names would all be normalized for nothing.
    people = entities.filter(pl.col("type") == "person").select("entity_id").unique()
    names = (
        name_index(
            entities.join(people, on="entity_id", how="semi"),
            aliases.join(people, on="entity_id", how="semi"),
        )
        .group_by("key")
        .agg(pl.col("entity_id").unique())
        .filter(pl.col("entity_id").list.len() == 1)
        .select(pl.col("key").alias("_key"), pl.col("entity_id").list.first().alias("_person"))
    )
    named = claims.select("_n", pl.col("keys").alias("_key")).explode("_key")
    # Only claims with a key that names a reference person change; the others keep their keys
    # (sorted and unique, as `identity_keys` gives them).
    touched = named.join(names, on="_key", how="semi").select("_n").unique()
    resolved = (
        named.join(touched, on="_n", how="semi")
        .drop_nulls("_key")
        .join(names, on="_key", how="left")
        .group_by("_n")
        .agg(pl.coalesce("_person", "_key").unique().sort().alias("_resolved"))
    )
    return (
        claims.join(resolved, on="_n", how="left")
        .with_columns(keys=pl.col("_resolved").fill_null(pl.col("keys")))
        .drop("_resolved")
    )


def claim_number() -> pl.Expr:
    """`_n`, a number per claim id that sorts as the ids do (0 for the smallest; one number for
    rows that repeat an id): what `numbered_event_links` joins and compares instead of the
    ids, which at millions of claims are much dearer to hash and compare."""
    return (pl.col("claim_id").rank("dense") - 1).alias("_n")


def event_links(
    events: pl.LazyFrame,
    articles: pl.LazyFrame,
    entities: pl.LazyFrame,
    aliases: pl.LazyFrame | None = None,
    *,
    window_days: int = RECURRING_WINDOW_DAYS,
    publication_window_days: int = PUBLICATION_WINDOW_DAYS,
    min_identity: float = MIN_IDENTITY,
) -> pl.LazyFrame:
    """Pairs of event claims that describe one real event, with the confidence of that identity.

    `events` are event claims with a date interval (`date_start`, `date_end`, see
    `factlint.timeline.dated_claims`); `articles` gives their publication dates, `entities` the
    kinds of participants and places, and `entities` with `aliases` the names that turn an
    unknown person's name key into the reference person it names. Two claims are joined when
    - they share `event_block` (type and agreement);
    - an agreement act (the agreement is set) happens once: any two are one event
      (`ONCE_IDENTITY`), except that acts each party performs alone (`PER_PARTY_ACTS`) need the
      same participants. Each claim is linked to the act's first claim and to the first claims
      of every date of the act that its own date does not overlap: the group and every pair a
      date rule reports, not every pair of the act;
    - any other event recurs: both must be news (dated within `window_days` of their own
      article's publication; an article without a publication date has no news) in articles
      published at most `publication_window_days` apart, and
      - participants (`identity_keys`) must share at least one key (a key more than
        `_HUB_LIMIT` claims of the type name in one week, a country or a ministry, is not
        enough by itself), and no person (a person
        entity or an unknown person's name key) may be named on each side that the other side
        lacks: the king receiving the Egyptian minister and the crown prince receiving him are
        two meetings, while an American strike and a strike by the coalition the United
        States leads may be one (bodies nest, people do not);
      - places must be able to nest: equal, missing on a side, or of different kinds (the
        kingdom, Jeddah, Jeddah's airport: one departure); two different cities, countries or
        regions are two events;
      - the identity is `PARTICIPANT_SCORES[relation] + PLACE_SCORES[relation]` and must reach
        `min_identity`.

    Columns: `claim_a`, `claim_b` (`claim_a < claim_b`), `block`, `identity`, `basis`
    (`agreement` or `news`), `participants` (`equal`, `subset`, `overlap`; `equal-one`,
    `subset-one` when a side names only the one key they share), `shared` (the
    participant keys both name), `place` (`same`, `nested`, `one-missing`, `both-missing`),
    `published_apart` (days between the articles' publication dates, null when unknown).
    """
    numbered = events.with_columns(claim_number())
    ids = numbered.select("_n", "claim_id").unique("_n")
    links = numbered_event_links(
        numbered,
        articles,
        entities,
        aliases,
        window_days=window_days,
        publication_window_days=publication_window_days,
        min_identity=min_identity,
    )
    return (
        links.join(ids.rename({"_n": "_a", "claim_id": "claim_a"}), on="_a")
        .join(ids.rename({"_n": "_b", "claim_id": "claim_b"}), on="_b")
        .select(*LINK_COLUMNS)
    )


def numbered_event_links(
    events: pl.LazyFrame,
    articles: pl.LazyFrame,
    entities: pl.LazyFrame,
    aliases: pl.LazyFrame | None = None,
    *,
    window_days: int = RECURRING_WINDOW_DAYS,
    publication_window_days: int = PUBLICATION_WINDOW_DAYS,
    min_identity: float = MIN_IDENTITY,
) -> pl.LazyFrame:
    """`event_links` by claim numbers: `events` carry `_n` (`claim_number`), and each link
    names its claims `_a` and `_b` (`_a < _b`) instead of `claim_a` and `claim_b`.

    Every join, group and comparison works on the numbers (and on numbered blocks, acts and
    participant profiles), never on the string ids: at ten million claims the string joins
    cost more than the rest of the rule.
    """
    kinds = entities.select(pl.col("entity_id").alias("key"), pl.col("type").alias("_type")).unique(
        "key", keep="first"
    )
    # The events are read twice (their articles, then the join): collected once. Only their
    # articles' publication dates are parsed, not every article's.
    events = events.collect(engine="in-memory").lazy()
    published = published_interval(
        articles.join(events.select("article_id").unique(), on="article_id", how="semi")
    ).select("article_id", pl.col("published_start").alias("_pub_start"), "published_end")
    prepared = _canonical_keys(
        events.join(published, on="article_id", how="left").with_columns(
            block=event_block(), keys=identity_keys(), _once=pl.col("agreement").is_not_null()
        ),
        entities,
        aliases,
    )
    prepared = prepared.with_columns(
        _news=pl.col("_pub_start").is_not_null()
        & (pl.col("date_start") <= pl.col("published_end").dt.offset_by(f"{window_days}d"))
        & (pl.col("date_end") >= pl.col("_pub_start").dt.offset_by(f"-{window_days}d"))
    ).filter(pl.col("_once") | (pl.col("_news") & (pl.col("keys").list.len() > 0)))
    # Read by the persons and the sides below: computed once.
    prepared = prepared.collect(engine="in-memory").lazy()
    persons = (
        prepared.select("_n", pl.col("keys").alias("key"))
        .explode("key")
        .drop_nulls("key")
        .join(kinds, on="key", how="left")
        .filter(_entity_kind(pl.col("key"), pl.col("_type")) == "person")
        .group_by("_n")
        .agg(pl.col("key").unique().sort().alias("persons"))
    )
    place_kinds = kinds.select(pl.col("key").alias("place"), pl.col("_type").alias("_place_type"))
    per_party = pl.col("event_type").is_in(PER_PARTY_ACTS)
    participants_key = (
        pl.col("participants")
        .cast(_IDS)
        .fill_null(pl.lit([], dtype=_IDS))
        .list.unique()
        .list.eval(pl.element().sort())
    )
    sides = (
        prepared.join(persons, on="_n", how="left")
        .join(place_kinds, on="place", how="left")
        .select(
            "_n",
            # Blocks, acts and participant profiles numbered (`rank("dense")`: one number per
            # distinct value), so that the joins and groups below hash integers.
            "block",
            pl.col("block").rank("dense").alias("_block"),
            "keys",
            pl.col("persons").fill_null(pl.lit([], dtype=_IDS)),
            "place",
            pl.when(pl.col("place").is_not_null())
            .then(_entity_kind(pl.col("place"), pl.col("_place_type")))
            .alias("place_kind"),
            "_once",
            per_party.alias("_per_party"),
            pl.col("_pub_start").cast(pl.Int64).alias("_pub"),
            "date",
            "date_start",
            "date_end",
            pl.when(per_party).then(participants_key).alias("_party"),
        )
        .with_columns(
            _act=pl.struct("_block", "_party").rank("dense"),
            _profile=pl.struct("keys", "persons", "place", "place_kind").rank("dense"),
        )
        # Read by every branch below (acts, news, both sides of each pair): computed once.
        .collect(engine="in-memory")
        .lazy()
    )
    # Candidates. Acts on one agreement are one event: each claim is linked to the act's first
    # claim (so that they form one group) and to the first claims of every date of the act
    # its own date does not overlap (the pairs a date rule reports), never to every claim of
    # the act, which a much-reported agreement would square.
    once = sides.filter(pl.col("_once"))
    values = once.group_by("_act", "date").agg(
        pl.col("date_start").first().alias("_v_start"),
        pl.col("date_end").first().alias("_v_end"),
        pl.col("_n").sort().head(_REPRESENTATIVES).alias("_n_b"),
    )
    first = once.with_columns(_n_b=pl.col("_n").min().over("_act")).select("_n", "_block", "_n_b")
    apart = (
        once.join(values, on="_act")
        .filter(
            (pl.col("date_end") < pl.col("_v_start")) | (pl.col("date_start") > pl.col("_v_end"))
        )
        .explode("_n_b")
        .select("_n", "_block", "_n_b")
    )
    once_pairs = (
        pl.concat([first, apart])
        .filter(pl.col("_n") != pl.col("_n_b"))
        .select(
            pl.min_horizontal("_n", "_n_b").alias("_n"),
            "_block",
            pl.max_horizontal("_n", "_n_b").alias("_n_b"),
        )
    )
    # News sharing a participant, published close enough (bucketed by publication so that
    # the join never pairs a story with last year's). A participant named by more than
    # `_HUB_LIMIT` claims of one type in one bucket (a country, a ministry) joins nothing by
    # itself: the pair must share another key.
    width = max(1, publication_window_days)
    news = (
        sides.filter(~pl.col("_once"))
        .select("_n", "_block", pl.col("keys").alias("key"), "_pub")
        .explode("key")
        .with_columns(_bucket=pl.col("_pub") // width)
        .filter(pl.len().over("_block", "key", "_bucket") <= _HUB_LIMIT)
    )
    shifted = news.with_columns(_shift=pl.lit([-1, 0, 1])).explode("_shift")
    shifted = shifted.with_columns(_bucket=pl.col("_bucket") + pl.col("_shift")).drop("_shift")
    news_pairs = (
        news.join(shifted, on=["_block", "key", "_bucket"], suffix="_b")
        .filter(
            (pl.col("_n") < pl.col("_n_b"))
            & ((pl.col("_pub") - pl.col("_pub_b")).abs() <= publication_window_days)
        )
        .select("_n", "_block", "_n_b")
    )
    pairs = pl.concat([once_pairs, news_pairs]).unique()
    # The relation of two claims' participants and places depends only on their keys, persons,
    # places and place kinds: it is computed once per distinct pair of such profiles (a much-
    # reported act has one or two), not once per linked pair.
    profiles = sides.select("_profile", "keys", "persons", "place", "place_kind").unique("_profile")
    scalars = sides.select("_n", "_profile", "_once", "_per_party", "_pub")
    joined = pairs.join(scalars, on="_n").join(
        scalars.select(pl.all().name.suffix("_b")), on="_n_b"
    )
    relation = (
        joined.select("_profile", "_profile_b")
        .unique()
        .join(profiles, on="_profile")
        .join(profiles.select(pl.all().name.suffix("_b")), on="_profile_b")
        .with_columns(
            _only_a=pl.col("keys").list.set_difference(pl.col("keys_b")).list.len(),
            _only_b=pl.col("keys_b").list.set_difference(pl.col("keys")).list.len(),
            _shared=pl.col("keys")
            .list.set_intersection(pl.col("keys_b"))
            .list.eval(pl.element().sort()),
            _clash=(pl.col("persons").list.set_difference(pl.col("persons_b")).list.len() > 0)
            & (pl.col("persons_b").list.set_difference(pl.col("persons")).list.len() > 0),
        )
    )
    only_a, only_b, shared = pl.col("_only_a"), pl.col("_only_b"), pl.col("_shared")
    participants = (
        pl.when(shared.list.len() == 0)
        .then(pl.lit(None, dtype=pl.String))
        .when(pl.col("_clash"))
        .then(pl.lit(None, dtype=pl.String))
        .when((only_a == 0) & (only_b == 0))
        .then(pl.lit("equal"))
        .when((only_a == 0) | (only_b == 0))
        .then(pl.lit("subset"))
        .otherwise(pl.lit("overlap"))
    )
    one = (shared.list.len() == 1) & participants.is_in(["equal", "subset"])
    participants = pl.when(one).then(participants + "-one").otherwise(participants)
    place = (
        pl.when(pl.col("place").is_null() & pl.col("place_b").is_null())
        .then(pl.lit("both-missing"))
        .when(pl.col("place").is_null() | pl.col("place_b").is_null())
        .then(pl.lit("one-missing"))
        .when(pl.col("place") == pl.col("place_b"))
        .then(pl.lit("same"))
        # A country holds cities, a city palaces and airports: places of different kinds may
        # nest; two of one kind (two cities, two countries) cannot.
        .when(pl.col("place_kind") != pl.col("place_kind_b"))
        .then(pl.lit("nested"))
    )
    relation = relation.select(
        "_profile", "_profile_b", "_shared", participants=participants, place=place
    )
    joined = joined.join(relation, on=["_profile", "_profile_b"])
    news_identity = pl.col("participants").replace_strict(
        PARTICIPANT_SCORES, default=None, return_dtype=pl.Float64
    ) + pl.col("place").replace_strict(PLACE_SCORES, default=None, return_dtype=pl.Float64)
    per_party_ok = ~pl.col("_per_party") | pl.col("participants").is_in(
        ["equal", "subset", "equal-one", "subset-one"]
    )
    identity = (
        pl.when(pl.col("_once"))
        .then(pl.when(per_party_ok).then(pl.lit(ONCE_IDENTITY)))
        .otherwise(news_identity)
        .round(2)
    )
    blocks = sides.select("_block", "block").unique("_block")
    return (
        joined.with_columns(
            identity=identity,
            basis=pl.when(pl.col("_once")).then(pl.lit("agreement")).otherwise(pl.lit("news")),
            shared=shared,
            published_apart=(pl.col("_pub") - pl.col("_pub_b")).abs(),
        )
        .filter(pl.col("identity") >= min_identity)
        .join(blocks, on="_block", how="left", maintain_order="left")
        .select(pl.col("_n").alias("_a"), pl.col("_n_b").alias("_b"), *LINK_COLUMNS[2:])
    )
