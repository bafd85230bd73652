"""Independent sources: which articles are copies of one story.

Arabic papers reprint wire copy (واس، رويترز، أ ف ب) and each other's dispatches, lightly
edited. Ten papers printing one agency story are one source, not ten: counting them as ten
independent confirmations of a date turns one copying error into a majority. Two articles are
one source when
- their texts are the same after normalization, or near duplicates: at least `NEAR_DUPLICATE`
  of the shorter text's word `SHINGLE_WORDS`-grams (after `factlint.arabic.normalize`) occur
  in the other; or
- they name the same wire agency as their source (a dateline or byline `واس`, `(رويترز)`,
  `أ ف ب`, `لوكالة فرانس برس`), or one of them is that agency's own dispatch (its `outlet`).
Sources are the connected groups of that relation. The threshold is set from the corpus: papers
reprinting one Saudi Press Agency dispatch share 45% to 98% of their 5-word shingles, while
articles on different stories share at most 28% (the long honorific titles of the same princes)
and independently written reports of one story 6% to 37%.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from factlint.arabic import normalize, normalize_series
from factlint.groups import smallest_in_group

__all__ = [
    "NEAR_DUPLICATE",
    "SHINGLE_WORDS",
    "WIRE_AGENCIES",
    "SourceGroups",
    "SourceIndex",
    "containment",
    "links_of",
    "shingles",
    "source_groups",
    "source_groups_frame",
    "wire_attribution",
]

SHINGLE_WORDS = 5
NEAR_DUPLICATE = 0.5
# Fewer shared shingles than this never make two texts one source: two headlines can share a
# whole formula and nothing else.
_MIN_SHARED = 5
_POSTING_LIMIT = 64
# Members (scope, article rows) grouped at once: whole scopes, so one scope may make a chunk
# larger.
_CHUNK = 100_000
# Chunks grouped side by side (threads): much of a chunk's work runs in one thread.
_CHUNKS_AT_ONCE = 2
# Work done text by text (normalization, words, shingles) runs on pieces of a chunk's texts of
# at most `_CHUNK` texts and about this many bytes: a scope is whole in one chunk however
# large it is, and each step's temporaries are several times its texts' size.
_PIECE_BYTES = 8 << 20
# Shingle rows (node, shingle) grouped by shingle at once, in at most `_SHARES` groupings
# (each filters every row: more would cost more than they save).
_GROUPED_ROWS = 1_000_000
_SHARES = 8
# Shingles of candidate pairs' lists gathered at once, to count what each pair shares.
_PAIR_SHINGLES = 4_000_000

# Wire agencies by id, each with the names Arabic papers credit it by (normalized spellings,
# see `factlint.arabic.normalize`): the acronym in a dateline or byline, the full name.
WIRE_AGENCIES: dict[str, tuple[str, ...]] = {
    "spa": ("واس", "وكاله الانباء السعوديه"),
    "reuters": ("رويترز",),
    "afp": ("ا ف ب", "افب", "فرانس برس", "وكاله الصحافه الفرنسيه", "وكاله الانباء الفرنسيه"),
    "ap": ("اسوشيتد برس", "اسوشييتد برس", "ا ب"),
    "dpa": ("د ب ا", "الوكاله الالمانيه"),
    "anadolu": ("الاناضول",),
    "kuna": ("كونا",),
    "wam": ("وام",),
    "bna": ("بنا",),
    "qna": ("قنا",),
    "saba": ("سبا",),
    "mena": ("ا ش ا", "وكاله انباء الشرق الاوسط"),
    "map": ("لاماب", "وكاله المغرب العربي للانباء"),
    "aps": ("واج",),
    "sana": ("سانا",),
    "xinhua": ("شينخوا",),
    "tass": ("تاس",),
}
# Outlets that are themselves a wire agency (`articles.outlet`), by normalized name.
_AGENCY_OUTLETS: dict[str, str] = {
    "saudi press agency": "spa",
    "reuters": "reuters",
    "agence france presse": "afp",
    "afp": "afp",
    "associated press": "ap",
    "anadolu agency": "anadolu",
    "kuwait news agency": "kuna",
    "emirates news agency": "wam",
}
# Names that are also ordinary words or name parts (بنا "we built", وام, سبا, تاس, ا ب) count
# only where a dateline or byline puts them: in brackets or quotes, after a dash, or alone at
# the end of a line.
_AMBIGUOUS = frozenset({"بنا", "وام", "قنا", "سبا", "تاس", "ا ب", "واج"})


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[tuple[str, ...]]:
    """The word `size`-grams of `text` after matching normalization."""
    return _grams(normalize(text), size)


def _grams(normalized: str, size: int = SHINGLE_WORDS) -> frozenset[tuple[str, ...]]:
    words = normalized.split()
    return frozenset(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def containment(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    """Share of the smaller shingle set found in the other (1.0: one text contains the other)."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    if shared < _MIN_SHARED:
        return 0.0
    return shared / min(len(a), len(b))


def _credit_patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for agency, names in WIRE_AGENCIES.items():
        for name in names:
            spaced = r"\s*".join(re.escape(part) for part in name.split())
            if name in _AMBIGUOUS:
                # (واس) «واس» - واس / واس at a line end
                pattern = rf"(?:[(«\"“'\-–—]\s*{spaced}(?!\w)|(?<!\S){spaced}\s*$)"
            else:
                # With a proclitic: «لوكالة فرانس برس», «ورويترز».
                pattern = rf"(?<!\w)(?:و?[لبف])?{spaced}(?!\w)"
            out.append((agency, re.compile(pattern, re.MULTILINE)))
    return out


_CREDITS = _credit_patterns()
# Every agency name as a word sequence of normalized text, for a quick test before the credit
# patterns run: short names must stand alone, longer ones may carry a proclitic (لوكالة ...).
_AGENCY_NAMES = tuple(sorted({name for names in WIRE_AGENCIES.values() for name in names}))


def _names_an_agency(normalized: str) -> bool:
    padded = f" {normalized} "
    return any(
        (f" {name} " in padded) if len(name) <= 3 else (f"{name} " in padded)
        for name in _AGENCY_NAMES
    )


_KEPT_MARKS = "()«»\"“”'-–—"
# Marks a credit stands between survive `normalize` as words of their own: Latin placeholders.
_MARK_WORDS = {mark: f" zmark{i}z " for i, mark in enumerate(_KEPT_MARKS)}
_PROTECT = str.maketrans(_MARK_WORDS)
_RESTORE = {word.strip(): mark for mark, word in _MARK_WORDS.items()}


def _credit_text(text: str) -> str:
    """The text normalized line by line, keeping brackets, quotes, dashes and line breaks
    (the marks that make a dateline or byline credit) as words of their own."""
    lines = []
    for line in text.splitlines():
        words = normalize(line.translate(_PROTECT)).split()
        lines.append(" ".join(_RESTORE.get(w, w) for w in words))
    return "\n".join(lines)


def wire_attribution(text: str | None, outlet: str | None = None) -> frozenset[str]:
    """The wire agencies an article credits as its source, by id (`WIRE_AGENCIES`)."""
    found: set[str] = set()
    if outlet:
        agency = _AGENCY_OUTLETS.get(" ".join(outlet.lower().split()))
        if agency:
            found.add(agency)
    if text:
        credited = _credit_text(text)
        for agency, pattern in _CREDITS:
            if pattern.search(credited):
                found.add(agency)
    return frozenset(found)


@dataclass(frozen=True)
class SourceGroups:
    """Articles grouped into independent sources.

    `group` maps each article id to its source's id: the smallest article id of the group, so
    that the labels do not depend on the order articles are given in. `links` lists why
    articles were joined: `(a, b, reason)` with reason `same text`, `near-duplicate 0.87` or
    `wire spa`.
    """

    group: Mapping[str, str]
    links: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)

    def count(self, article_ids: Iterable[str]) -> int:
        """How many independent sources the articles are."""
        return len({self.group.get(a, a) for a in article_ids})

    def members(self, article_ids: Iterable[str]) -> list[list[str]]:
        """The articles grouped by source, each group sorted, groups by their first id."""
        by_group: dict[str, set[str]] = {}
        for article_id in article_ids:
            by_group.setdefault(self.group.get(article_id, article_id), set()).add(article_id)
        return sorted(sorted(members) for members in by_group.values())


class SourceIndex:
    """Articles' normalized texts, shingles and wire credits, each computed once, so that many
    events' sources can be grouped without re-reading the same articles."""

    def __init__(
        self, texts: Mapping[str, str | None], outlets: Mapping[str, str | None] | None = None
    ) -> None:
        self._texts = texts
        self._outlets = outlets or {}
        self._cache: dict[str, tuple[str, frozenset[tuple[str, ...]], frozenset[str]]] = {}

    def _features(self, article_id: str) -> tuple[str, frozenset[tuple[str, ...]], frozenset[str]]:
        if article_id not in self._cache:
            text = self._texts.get(article_id) or ""
            normalized = normalize(text)
            # The credits are looked for only in texts that name an agency at all.
            named = _names_an_agency(normalized)
            self._cache[article_id] = (
                normalized,
                _grams(normalized),
                wire_attribution(text if named else None, self._outlets.get(article_id)),
            )
        return self._cache[article_id]

    def same_text(self, a: str, b: str) -> bool:
        """True when the two articles' texts are the same after normalization (a reprint)."""
        text = self._features(a)[0]
        return bool(text) and text == self._features(b)[0]

    def groups(self, article_ids: Iterable[str]) -> SourceGroups:
        """Group the articles into independent sources (see the module docstring).

        Articles with one normalized text, and articles crediting one agency, are joined
        first, in linear time; near duplicates are then looked for among the distinct texts
        only, in id order, never comparing two articles already in one group. The groups and
        the links that made them do not depend on the order the articles are given in.
        """
        ids = sorted(set(article_ids))
        parent = {a: a for a in ids}

        def find(a: str) -> str:
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        links: list[tuple[str, str, str]] = []

        def join(a: str, b: str, reason: str) -> None:
            ra, rb = find(a), find(b)
            if ra != rb:
                links.append((a, b, reason))
                parent[max(ra, rb)] = min(ra, rb)

        first_of_text: dict[str, str] = {}
        first_of_agency: dict[str, str] = {}
        for a in ids:
            text, _, credits = self._features(a)
            if text:
                first = first_of_text.setdefault(text, a)
                if first != a:
                    join(first, a, "same text")
            for agency in sorted(credits):
                first = first_of_agency.setdefault(agency, a)
                if first != a:
                    join(first, a, f"wire {agency}")
        for a, b in self._candidates(sorted(set(first_of_text.values()))):
            if find(a) == find(b):
                continue
            share = containment(self._features(a)[1], self._features(b)[1])
            if share >= NEAR_DUPLICATE:
                join(a, b, f"near-duplicate {share:.2f}")
        return SourceGroups(group={a: find(a) for a in ids}, links=tuple(links))

    def _candidates(self, distinct: list[str]) -> list[tuple[str, str]]:
        """Pairs of distinct texts worth comparing: they share a shingle. A shingle in more
        than `_POSTING_LIMIT` texts (a formula, or a story printed everywhere) links each text
        only to the next one holding it, so that mass copies still chain into one group
        without comparing every pair."""
        postings: dict[tuple[str, ...], list[str]] = {}
        for a in distinct:
            grams = self._features(a)[1]
            if len(grams) >= _MIN_SHARED:
                for gram in grams:
                    postings.setdefault(gram, []).append(a)
        pairs: set[tuple[str, str]] = set()
        for holders in postings.values():
            if len(holders) > _POSTING_LIMIT:
                pairs.update(itertools.pairwise(holders))
            elif len(holders) > 1:
                pairs.update((x, y) for i, x in enumerate(holders) for y in holders[i + 1 :])
        return sorted(pairs)


def source_groups(
    texts: Mapping[str, str | None], outlets: Mapping[str, str | None] | None = None
) -> SourceGroups:
    """Group articles (id -> text, id -> outlet) into independent sources (see module doc)."""
    return SourceIndex(texts, outlets).groups(texts)


# The credit a normalized text must contain for `wire_attribution` to be worth running: each
# agency name as `_names_an_agency` looks for it in the text padded with a space on each side.
_NAME_PATTERNS = [f" {name} " if len(name) <= 3 else f"{name} " for name in _AGENCY_NAMES]


def source_groups_frame(
    members: pl.DataFrame,
    articles: pl.LazyFrame | pl.DataFrame,
    *,
    exact_up_to: int | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Independent sources of many sets of articles at once, in Polars.

    `members` has `scope` (one set of articles, e.g. one finding) and `article_id`; `articles`
    has `article_id`, `text` and `outlet` (a frame, when its caller reads the texts too).
    Returns the unique `scope`, `article_id` with `group`: the same partition
    `SourceIndex(texts, outlets).groups(ids)` gives each scope's articles (see the module
    docstring), as the smallest article id of the group. Only the
    wire credits of texts that name an agency at all are read by Python regular expressions
    (they need look-around); normalization, shingles, candidate pairs and containment are
    columnar, so that a story reprinted by a hundred thousand articles costs no Python loop.

    Also returns the edges that join articles: `scope`, `first`, `article_id`, `reason` (`same
    text`, `wire spa`; null for near duplicates, whose containment is `share`) and `phase`,
    `key1`, `key2`, the order in which `SourceIndex.groups` meets them: a union-find over one
    scope's edges in that order gives its `links` (`links_of`). With `exact_up_to`, only
    scopes of at most that many articles get edges (and every near-duplicate edge); larger
    ones get only their groups (the same groups), found in two cheaper rounds.

    A finding of a much-reported event covers most articles, so the work is done once per
    article or distinct text of a chunk (whole scopes, about `_CHUNK` members each, so that the
    peak memory does not grow with the data) wherever a scope does not matter, and on
    integers: articles are numbered in id order (`n`), each scope's article is a node numbered
    in (scope, id) order, so that a scope's smallest node is its smallest id and an edge needs
    no scope beside its two nodes. Identical texts of a chunk are normalized, shingled and read
    for credits once; ids are strings again only in the result. Members without an article id
    are left out.
    """
    members = members.drop_nulls("article_id")
    if exact_up_to is None:
        exact_up_to = members.height
    # Each article's text and outlet are read from its last row (`_r`), as a dict built from
    # the rows would keep it; texts are gathered by that number one chunk at a time.
    # Joined with every row first, on the ids' 64-bit hashes (a join on the strings holds a
    # hash table of every id several times their size): when no member's id hash is on two
    # rows (the usual case) and every id met is the member's own (no two ids share a hash),
    # each member met at most one row, its last, and no pass over every id finds the last rows.
    table = articles.lazy().select("article_id", "text", "outlet").collect(engine="in-memory")
    ids, wanted = table.get_column("article_id"), members.get_column("article_id")
    at = (
        pl.DataFrame({"_h": wanted.hash()})
        .join(
            pl.DataFrame({"_h": ids.hash()}).with_row_index("_r"),
            on="_h",
            how="left",
            maintain_order="left",
        )
        .get_column("_r")
    )
    if at.len() != members.height or not (at.is_null() | ids.gather(at).eq_missing(wanted)).all():
        rows = table.select("article_id").with_row_index("_r")
        last_row = rows.filter(pl.col("article_id").is_last_distinct())
        at = members.join(last_row, on="article_id", how="left", maintain_order="left")["_r"]
        del rows, last_row
    members = members.with_columns(_r=at)
    del ids, wanted, at
    # With each text's length and 64-bit hash, read by the chunks (a number per article).
    table = table.select(
        "text",
        "outlet",
        bytes=pl.col("text").str.len_bytes(),
        hash=pl.col("text").fill_null("").hash(),
    )
    # Whole scopes in chunks of about `_CHUNK` rows: every intermediate (texts, words,
    # shingles, runs) is of one chunk at a time, so that the peak does not grow with the data.
    # The members sorted by scope once, each chunk a slice of them (no copy per chunk).
    members = members.sort("scope", maintain_order=True)
    ends = members.group_by("scope").len().sort("scope").get_column("len").cum_sum().to_numpy()
    chunk = (ends - np.diff(ends, prepend=0)) // _CHUNK
    # Each chunk ends with its last scope's rows.
    last = np.flatnonzero(np.diff(chunk, append=-1) != 0)
    bounds = [0, *ends[last].tolist()]
    parts = [members.slice(start, end - start) for start, end in itertools.pairwise(bounds)]
    del ends, chunk, last
    # Two chunks at a time: much of a chunk's work is in one thread (Python, and Polars'
    # string functions over one column), and chunks are independent.
    with ThreadPoolExecutor(max_workers=_CHUNKS_AT_ONCE) as pool:
        results = list(
            pool.map(lambda part: _chunk_groups(part, table, exact_up_to), parts or [members])
        )
    del members, parts
    return (
        pl.concat([groups for groups, _ in results]),
        pl.concat([edges for _, edges in results]),
    )


def _chunk_groups(
    members: pl.DataFrame, table: pl.DataFrame, exact_up_to: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`source_groups_frame` of whole scopes: `members` has `scope`, `article_id` and `_r`,
    the row of `table` (`text`, `outlet`) that article reads, null for none."""
    # Article numbers from one sort of the ids (no unique and join on strings).
    article = members.get_column("article_id")
    order = article.arg_sort()
    ordered = article.gather(order)
    starts = (ordered != ordered.shift(1)).fill_null(True)
    ids = ordered.filter(starts)
    numbers = pl.DataFrame(
        {"article_id": ids, "_r": members.get_column("_r").gather(order).filter(starts)}
    ).with_row_index("n")
    n_of_row = pl.zeros(article.len(), dtype=pl.UInt32, eager=True).scatter(
        order, starts.cum_sum().cast(pl.UInt32) - 1
    )
    # Nodes: the unique (scope, article) as one 64-bit key, scope's rank above the number.
    scopes = members.get_column("scope").unique().sort()
    part_of_row = members.get_column("scope").rank("dense").cast(pl.UInt64) - 1
    key = (part_of_row * _HALF + n_of_row.cast(pl.UInt64)).unique().sort()
    part = (key // _HALF).cast(pl.UInt32)
    nodes = pl.DataFrame(
        {"scope": scopes.gather(part), "n": (key % _HALF).cast(pl.UInt32), "part": part}
    ).with_row_index("node")
    norm_of, size, lists, credits = _features(numbers, table)
    number = nodes.get_column("n")
    texts = nodes.select("node", "part", norm=norm_of.gather(number))
    # Articles with one normalized text, and articles crediting one agency, are one source.
    same_text = (
        texts.drop_nulls("norm")
        .with_columns(first=pl.col("node").min().over("part", "norm"))
        .filter(pl.col("first") != pl.col("node"))
        .select("first", "node", reason=pl.lit("same text"), key2=pl.lit(""))
    )
    same_agency = (
        nodes.join(credits, on="n")
        .with_columns(first=pl.col("node").min().over("part", "agency"))
        .filter(pl.col("first") != pl.col("node"))
        .select("first", "node", reason=pl.format("wire {}", pl.col("agency")), key2="agency")
    )
    exact = nodes.group_by("part").agg(pl.len() <= exact_up_to).sort("part").get_column("len")
    phase0 = pl.concat([same_text, same_agency])
    # What copies and credits join already: a near-duplicate pair inside one of these groups
    # changes no group, so the scopes that need only groups never compare it.
    joined = pl.Series(
        smallest_in_group(
            nodes.height,
            phase0.get_column("first").to_numpy(),
            phase0.get_column("node").to_numpy(),
        ),
        dtype=pl.UInt32,
    )
    near = _near_duplicates(texts, size, lists, exact, joined)
    del size, lists
    label = smallest_in_group(
        nodes.height,
        pl.concat(
            [pl.int_range(0, nodes.height, dtype=pl.UInt32, eager=True), near["a"]]
        ).to_numpy(),
        pl.concat([joined, near["b"]]).to_numpy(),
    )
    groups = nodes.select(
        "scope", article_id=ids.gather(number), group=ids.gather(number.gather(label))
    )
    # The edges, for the scopes whose links are listed.
    exact_node = exact.gather(nodes.get_column("part"))
    edges = pl.concat(
        [
            phase0.with_columns(share=pl.lit(None, dtype=pl.Float64), phase=pl.lit(0)),
            near.select(
                first="a",
                node="b",
                reason=pl.lit(None, dtype=pl.String),
                key2=pl.lit(None, dtype=pl.String),
                share="share",
                phase=pl.lit(1),
            ),
        ]
    )
    edges = edges.filter(pl.lit(exact_node).gather(pl.col("first")))
    scope = nodes.get_column("scope")
    first = ids.gather(number.gather(edges.get_column("first")))
    article = ids.gather(number.gather(edges.get_column("node")))
    edges = edges.select(
        scope=scope.gather(edges.get_column("first")),
        first=first,
        article_id=article,
        reason="reason",
        share="share",
        phase="phase",
        key1=pl.when(pl.col("phase") == 0).then(article).otherwise(first),
        key2=pl.col("key2").fill_null(article),
    )
    return groups, edges


def _first_equal(hashes: pl.Series, values_at: Callable[[pl.Series], pl.Series]) -> pl.Series:
    """For each value, the position of the first value equal to it (`u32`), from the values'
    64-bit `hashes`.

    Only the few values that share a hash (copies, or in principle a collision) are read, by
    `values_at` (positions -> values), and compared as strings, so that millions of distinct
    texts cost one hash each, no string join and no copy of every text."""
    firsts = pl.int_range(0, hashes.len(), dtype=pl.UInt32, eager=True)
    shared = hashes.is_duplicated()
    if not shared.any():
        return firsts
    at = shared.arg_true().cast(pl.UInt32)
    copies = (
        pl.DataFrame({"i": at, "value": values_at(at)})
        .with_columns(first=pl.col("i").min().over("value"))
        .filter(pl.col("first") != pl.col("i"))
    )
    return firsts.scatter(copies.get_column("i"), copies.get_column("first"))


def _features(
    numbers: pl.DataFrame, table: pl.DataFrame
) -> tuple[pl.Series, pl.Series, pl.Series, pl.DataFrame]:
    """What grouping needs of each article of `numbers` (`n`, `_r`, its row of `table`, in `n`
    order; `table` has `text`, `outlet`, and the text's length `bytes` and `hash`):

    - `norm_of`: by `n`, a number for its normalized text (equal numbers for equal texts, `0 ..`),
      null when the text is missing or normalizes to nothing;
    - `size` and `lists`, by that number: how many shingles it has, and the list of those
      another text of the chunk holds too (`_shared_shingles`);
    - `credits`: `n`, `agency`: the wire agencies it credits (`wire_attribution` of its text
      and outlet).

    Identical raw texts are normalized and read for credits once. Texts are read from `table`
    a piece at a time (`_pieces`), hashed, normalized and shingled there, and only hashes and
    shingles are kept: the chunk's texts are never all copied at once, raw or normalized, and
    of the shingles only those two texts share outlive the function."""
    at = numbers.get_column("_r")
    every_text = table.get_column("text")

    def raw(rows: pl.Series) -> pl.Series:
        return every_text.gather(rows).fill_null("")

    # Each distinct raw text once (rows `distinct`), and which of them each article has (`copy`).
    first = _first_equal(table.get_column("hash").gather(at), lambda i: raw(at.gather(i)))
    is_first = first == pl.int_range(0, at.len(), dtype=pl.UInt32, eager=True)
    copy = (is_first.cum_sum().cast(pl.UInt32) - 1).gather(first)
    # (Most texts are their own: no filter copies them then.)
    distinct = at if is_first.all() else at.filter(is_first)
    # Each distinct text normalized and shingled, a piece at a time: `sets` numbered by copy.
    hashes, empty, named, sets = [], [], [], []
    offset = 0
    for piece in _pieces(table.get_column("bytes").gather(distinct)):
        norm = normalize_series(raw(distinct.slice(*piece)))
        hashes.append(norm.hash())
        empty.append(norm.str.len_bytes() == 0)
        # The credits are looked for only in texts that name an agency at all.
        named.append(
            norm.to_frame("norm")
            .select(
                (pl.col("norm") != "")
                & pl.format(" {} ", pl.col("norm")).str.contains_any(_NAME_PATTERNS)
            )
            .to_series()
        )
        index = pl.int_range(offset, offset + norm.len(), dtype=pl.UInt32, eager=True)
        sets.append(_shingle_sets(pl.DataFrame({"norm": index, "text": norm})))
        offset += norm.len()
        del norm
    is_empty = pl.concat(empty)

    def normalized(i: pl.Series) -> pl.Series:
        return normalize_series(raw(distinct.gather(i)))

    # Distinct raw texts that normalize alike (they differ in diacritics or spacing) are one.
    same_norm = _first_equal(pl.concat(hashes), normalized)
    del hashes
    kept = (same_norm == pl.int_range(0, distinct.len(), dtype=pl.UInt32, eager=True)) & ~is_empty
    dense = (kept.cum_sum().cast(pl.UInt32) - 1).gather(same_norm).set(is_empty, None)
    norm_of = dense.gather(copy)
    # Texts with too few shingles are never compared.
    shingled = pl.concat(sets).filter(pl.col("size") >= _MIN_SHARED)
    del sets
    if not kept.all():
        shingled = shingled.filter(kept.gather(shingled.get_column("norm"))).with_columns(
            norm=pl.lit(dense).gather(pl.col("norm"))
        )
    # In text order already (`_shingle_sets`; `dense` keeps the order): marked sorted once
    # checked, since a grouping of the shingle rows by text is several times faster so.
    norm = shingled.get_column("norm")
    shingled = (
        shingled.with_columns(norm.set_sorted()) if norm.is_sorted() else shingled.sort("norm")
    )
    del norm
    size, lists = _shared_shingles(shingled, int(kept.sum()))
    del shingled
    copies_named = pl.concat(named).arg_true().cast(pl.UInt32)
    credited = pl.DataFrame(
        [
            (i, agency)
            for i, text in zip(copies_named, raw(distinct.gather(copies_named)), strict=True)
            for agency in wire_attribution(text)
        ],
        schema={"copy": pl.UInt32, "agency": pl.String},
        orient="row",
    )
    outlet = pl.col("outlet").str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()
    by_outlet = (
        pl.DataFrame(
            {"n": numbers.get_column("n"), "outlet": table.get_column("outlet").gather(at)}
        )
        .select(
            "n", agency=outlet.replace_strict(_AGENCY_OUTLETS, default=None, return_dtype=pl.String)
        )
        .drop_nulls("agency")
    )
    by_text = (
        pl.DataFrame({"copy": copy})
        .with_row_index("n")
        .join(credited, on="copy")
        .select("n", "agency")
    )
    credits = pl.concat([by_text, by_outlet]).unique()
    return norm_of, size, lists, credits


# An odd 64-bit multiplier: a shingle is the polynomial of its words' hashes (wrapping).
_GRAM_BASE = 0x9E3779B97F4A7C15
_HALF = 1 << 32


def _pieces(
    lengths: pl.Series, limit: int | None = None, most: int | None = None
) -> list[tuple[int, int]]:
    """`(offset, length)` of consecutive pieces of texts of these byte `lengths` (null: none),
    each of at most `most` texts (`_CHUNK`) and `limit` bytes (`_PIECE_BYTES`; a longer text
    alone), covering them all in order (one empty piece for none). Few: one per `limit` bytes
    of text or `most` texts."""
    limit = _PIECE_BYTES if limit is None else limit
    most = _CHUNK if most is None else max(1, most)
    ends = lengths.fill_null(0).cast(pl.UInt64).cum_sum().to_numpy()
    pieces, start = [], 0
    while start < len(ends):
        before = int(ends[start - 1]) if start else 0
        end = int(np.searchsorted(ends, before + limit, side="right"))
        end = min(max(end, start + 1), start + most)
        pieces.append((start, end - start))
        start = end
    return pieces or [(0, 0)]


def _shingle_sets(norms: pl.DataFrame) -> pl.DataFrame:
    """`norm`, `gram`, `size`: the set of word `SHINGLE_WORDS`-gram hashes of each text of
    `norms` (`norm`, `text`) that has any, as a list, and its length."""
    words = norms.select("norm", word=pl.col("text").str.split(" ")).explode("word")
    words = words.with_columns(pl.col("word").hash())
    # A text's words are consecutive rows: a shingle starts where the row `SHINGLE_WORDS - 1`
    # further down still belongs to the same text.
    last = SHINGLE_WORDS - 1
    gram = pl.col("word")
    for k in range(1, SHINGLE_WORDS):
        gram = gram * _GRAM_BASE + pl.col("word").shift(-k)
    # One set of shingles per text (a list, deduplicated per text: cheaper than a unique over
    # every shingle row).
    return (
        words.select("norm", gram=gram, _whole=pl.col("norm").shift(-last) == pl.col("norm"))
        .filter(pl.col("_whole"))
        .group_by("norm", maintain_order=True)
        .agg(pl.col("gram").unique())
        .with_columns(size=pl.col("gram").list.len())
    )


def _shared_shingles(sets: pl.DataFrame, count: int) -> tuple[pl.Series, pl.Series]:
    """By text number `0 .. count-1`: the size of its shingle set in `sets` (`norm`, sorted,
    `gram`, `size`), and the list of its shingles another text holds too (null for none, or
    for a text not in `sets`). Only those can pair anything: in real news most shingles are
    one text's own."""
    held = sets.select("norm", "gram").explode("gram").filter(pl.col("gram").is_duplicated())
    slots = pl.DataFrame({"norm": pl.int_range(0, count, dtype=pl.UInt32, eager=True)})
    size = slots.join(sets.select("norm", "size"), on="norm", how="left", maintain_order="left")
    lists = slots.join(
        held.group_by("norm").agg("gram"), on="norm", how="left", maintain_order="left"
    )
    return size.get_column("size"), lists.get_column("gram")


def _pair_key(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """Two node numbers as one 64-bit integer, so that pairs are deduplicated on one column."""
    return a.cast(pl.UInt64) * _HALF + b.cast(pl.UInt64)


def _near_duplicates(
    texts: pl.DataFrame, size: pl.Series, lists: pl.Series, exact: pl.Series, joined: pl.Series
) -> pl.DataFrame:
    """`a`, `b`, `share`: pairs of nodes of a scope's distinct texts (each represented by its
    smallest node) that are near duplicates, among the candidates `_candidates` would compare
    (they share a shingle; a shingle held by more than `_POSTING_LIMIT` texts pairs each text
    only with the next). In the scopes not `exact`, only enough of them to make the same
    groups, with `share` null where it was not needed.

    `texts` has `node`, `part` (the scope) and `norm` (the number of its normalized text, null
    without one), one row per node in node order; `size` and `lists`, by that number, its
    number of shingles and those another text holds too (`_features`: made once per distinct
    text, each as a 64-bit hash of its words; two shingles that hash alike count as one);
    `exact` tells by `part` whether a scope's every
    candidate pair is compared; `joined`, by node, the group that copies and credits alone make
    (the smallest node). A shingle's holders in a scope, in node order, are one group of rows
    already in node order, with no sort of the shingle rows. In the scopes not `exact`, a pair
    is skipped when the first round already put it in one group. Pairs are one 64-bit key each
    (`_pair_key`): nodes name their scope, so a pair needs no scope column.

    In the scopes not `exact`, a pair already in one group of `joined` is never compared (it
    cannot change the groups), and a pair of neighbours in `c` shingles' holders shares at
    least those `c`: when `c` alone passes the thresholds, no intersection is made.
    """
    reps = texts.drop_nulls("norm").group_by("part", "norm").agg(pl.col("node").min())
    # Each (scope, shingle)'s holders, in node order: rows in node order grouped (a group
    # keeps its rows' order), with no sort of the shingle rows. The shingle rows are grouped
    # a share of the shingles at a time (by hash), about `_GROUPED_ROWS` rows each and at
    # most `_SHARES` shares: a grouping's temporaries are several times its rows. (The texts
    # without a shared shingle, short ones included, have no rows.)
    reps = reps.sort("node")
    rows = (
        reps.select("part", "node")
        .with_columns(gram=lists.gather(reps.get_column("norm")))
        .drop_nulls("gram")
        .explode("gram")
    )
    del reps
    shares = min(_SHARES, max(1, -(-rows.height // _GROUPED_ROWS)))
    runs = pl.concat(
        [
            (rows if shares == 1 else rows.filter(pl.col("gram") % shares == share))
            .group_by("part", "gram")
            .agg(holders="node")
            .select(exact=pl.lit(exact).gather(pl.col("part")), holders="holders")
            .with_columns(count=pl.col("holders").list.len())
            .filter(pl.col("count") > 1)
            for share in range(shares)
        ]
    ).with_row_index("run")
    del rows
    # Shingles shared by each candidate pair: an intersection of the two texts' hash lists
    # (lists gathered by text number), not a join of every shingle of every pair.
    # A shingle two texts share is one two texts hold: the lists hold only those.
    norm_of = texts.get_column("norm")

    lengths = lists.list.len().fill_null(0)

    def near_of(keys: pl.Series) -> pl.DataFrame:
        """The candidate pairs (`_pair_key`) that are near duplicates: `a`, `b`, `share`.
        Their lists are gathered and intersected a batch of pairs at a time, of about
        `_PAIR_SHINGLES` shingles in all: long texts have hundreds each."""
        keys = keys.unique()
        a = (keys // _HALF).cast(pl.UInt32)
        b = (keys % _HALF).cast(pl.UInt32)
        text_a, text_b = norm_of.gather(a), norm_of.gather(b)
        held = lengths.gather(text_a) + lengths.gather(text_b)
        shared = pl.concat(
            [
                lists.gather(text_a.slice(*batch))
                .list.set_intersection(lists.gather(text_b.slice(*batch)))
                .list.len()
                for batch in _pieces(held, _PAIR_SHINGLES, keys.len())
            ]
        )
        del held
        smaller = pl.min_horizontal(size.gather(text_a), size.gather(text_b))
        found = pl.DataFrame({"a": a, "b": b, "shared": shared}).with_columns(smaller=smaller)
        return found.filter(
            (pl.col("shared") >= _MIN_SHARED)
            & (pl.col("shared") / pl.col("smaller") >= NEAR_DUPLICATE)
        ).select("a", "b", share=pl.col("shared") / pl.col("smaller"))

    def next_pairs(chosen: pl.DataFrame) -> pl.Series:
        """Each holder of the runs `chosen` paired with the next one."""
        step = pl.col("count") - 1
        return (
            chosen.select(a=pl.col("holders").list.head(step), b=pl.col("holders").list.tail(step))
            .explode("a", "b")
            .select(key=_pair_key(pl.col("a"), pl.col("b")))
            .get_column("key")
        )

    def holders(chosen: pl.DataFrame) -> pl.DataFrame:
        """`run`, `a`: each holder of the runs `chosen`."""
        return chosen.select("run", a="holders").explode("a")

    wide = pl.col("count") > _POSTING_LIMIT
    # Scopes whose links are listed: every candidate pair, as `SourceIndex` compares them.
    exact_few = holders(runs.filter(pl.col("exact") & ~wide))
    paired = exact_few.join(exact_few.select("run", b="a"), on="run").filter(
        pl.col("a") < pl.col("b")
    )
    found = near_of(
        pl.concat(
            [
                next_pairs(runs.filter(pl.col("exact") & wide)),
                paired.select(key=_pair_key(pl.col("a"), pl.col("b"))).get_column("key"),
            ]
        )
    )
    # Other scopes need only the groups: first the candidates next to each other in each
    # shingle's holders, then, of the other candidate pairs, only those the first round left
    # in two groups (a pair already in one group cannot change the groups).
    # Runs with the same holders (the shingles of one copied passage) give the same pairs:
    # each distinct list is paired once, its pairs counted as often as it occurs.
    lists_of_holders = (
        runs.filter(~pl.col("exact"))
        .group_by("holders")
        .agg(pl.col("count").first(), times=pl.len())
    )
    step = pl.col("count") - 1
    neighbours = (
        lists_of_holders.select(
            "times", a=pl.col("holders").list.head(step), b=pl.col("holders").list.tail(step)
        )
        .explode("a", "b")
        .group_by(key=_pair_key(pl.col("a"), pl.col("b")))
        .agg(count=pl.col("times").sum())
        .with_columns(
            a=(pl.col("key") // _HALF).cast(pl.UInt32), b=(pl.col("key") % _HALF).cast(pl.UInt32)
        )
        .filter(pl.lit(joined).gather(pl.col("a")) != pl.lit(joined).gather(pl.col("b")))
        .with_columns(
            smaller=pl.min_horizontal(
                pl.lit(size).gather(pl.lit(norm_of).gather(pl.col("a"))),
                pl.lit(size).gather(pl.lit(norm_of).gather(pl.col("b"))),
            )
        )
    )
    sure = (pl.col("count") >= _MIN_SHARED) & (2 * pl.col("count") >= pl.col("smaller"))
    first = pl.concat(
        [
            neighbours.filter(sure).select("a", "b", share=pl.lit(None, dtype=pl.Float64)),
            near_of(neighbours.filter(~sure).get_column("key")),
        ]
    )
    del neighbours
    label = pl.Series(
        smallest_in_group(
            texts.height,
            pl.concat(
                [pl.int_range(0, texts.height, dtype=pl.UInt32, eager=True), first["a"]]
            ).to_numpy(),
            pl.concat([joined, first["b"]]).to_numpy(),
        ),
        dtype=pl.UInt32,
    )
    split = (
        holders(runs.filter(~pl.col("exact") & ~wide))
        .with_columns(group=pl.lit(label).gather(pl.col("a")))
        .filter(pl.col("group").n_unique().over("run") > 1)
    )
    second = (
        split.join(split.select("run", b="a", group_b="group"), on="run")
        .filter((pl.col("a") < pl.col("b")) & (pl.col("group") != pl.col("group_b")))
        .select(key=_pair_key(pl.col("a"), pl.col("b")))
    )
    # Disjoint: `found` is of other scopes, and a pair of the second round is in two groups
    # of the first round's near duplicates.
    return pl.concat([found, first, near_of(second["key"])])


def links_of(
    edges: Iterable[tuple[str, str, str | None, float | None]],
) -> list[tuple[str, str, str]]:
    """`SourceGroups.links` from one scope's edges of `source_groups_frame`, given in its order
    (`phase`, `key1`, `key2`): `(first, article_id, reason, share)` each. Python, for the few
    articles of a finding whose evidence lists them."""
    parent: dict[str, str] = {}

    def find(a: str) -> str:
        parent.setdefault(a, a)
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    links = []
    for a, b, reason, share in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            links.append((a, b, reason or f"near-duplicate {share:.2f}"))
            parent[max(ra, rb)] = min(ra, rb)
    return links
