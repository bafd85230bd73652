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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import polars as pl

from factlint.arabic import normalize, normalize_expr
from factlint.groups import smallest_of_groups

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
    members: pl.DataFrame, articles: pl.LazyFrame, *, exact_up_to: int | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Independent sources of many sets of articles at once, in Polars.

    `members` has `scope` (one set of articles, e.g. one finding) and `article_id`; `articles`
    has `article_id`, `text` and `outlet`. Returns the unique `scope`, `article_id` with
    `group`: the same partition `SourceIndex(texts, outlets).groups(ids)` gives each scope's
    articles (see the module docstring), as the smallest article id of the group. Only the
    wire credits of texts that name an agency at all are read by Python regular expressions
    (they need look-around); normalization, shingles, candidate pairs and containment are
    columnar, so that a story reprinted by a hundred thousand articles costs no Python loop.

    Also returns the edges that join articles: `scope`, `first`, `article_id`, `reason` (`same
    text`, `wire spa`; null for near duplicates, whose containment is `share`) and `phase`,
    `key1`, `key2`, the order in which `SourceIndex.groups` meets them: a union-find over one
    scope's edges in that order gives its `links` (`links_of`). With `exact_up_to`, only
    scopes of at most that many articles get every near-duplicate edge; larger ones get the
    edges that make their groups (the groups are the same), found in two cheaper rounds.
    """
    members = members.select("scope", "article_id").unique()
    if exact_up_to is None:
        exact_up_to = members.height
    features = _features_frame(members.select("article_id").unique(), articles)
    scoped = members.join(features, on="article_id", how="left")
    texts = scoped.filter(pl.col("norm") != "")
    # Articles with one normalized text, and articles crediting one agency, are one source.
    same_text = texts.with_columns(first=pl.col("article_id").min().over("scope", "norm")).filter(
        pl.col("first") != pl.col("article_id")
    )
    credits = scoped.select("scope", "article_id", "credits").explode("credits").drop_nulls()
    same_agency = credits.with_columns(
        first=pl.col("article_id").min().over("scope", "credits")
    ).filter(pl.col("first") != pl.col("article_id"))
    sizes = members.group_by("scope").agg(pl.len())
    near = _near_duplicates(texts, sizes.filter(pl.col("len") <= exact_up_to).select("scope"))
    edges = pl.concat(
        [
            same_text.select(
                "scope",
                "first",
                "article_id",
                reason=pl.lit("same text"),
                share=pl.lit(None, dtype=pl.Float64),
                phase=pl.lit(0),
                key1=pl.col("article_id"),
                key2=pl.lit(""),
            ),
            same_agency.select(
                "scope",
                "first",
                "article_id",
                reason=pl.format("wire {}", pl.col("credits")),
                share=pl.lit(None, dtype=pl.Float64),
                phase=pl.lit(0),
                key1=pl.col("article_id"),
                key2=pl.col("credits"),
            ),
            near.select(
                "scope",
                "first",
                "article_id",
                reason=pl.lit(None, dtype=pl.String),
                share="share",
                phase=pl.lit(1),
                key1=pl.col("first"),
                key2=pl.col("article_id"),
            ),
        ]
    )
    groups = smallest_of_groups(
        members,
        edges.select(
            pl.col("scope").alias("scope_a"),
            pl.col("first").alias("article_id_a"),
            pl.col("scope").alias("scope_b"),
            pl.col("article_id").alias("article_id_b"),
        ),
        ["scope", "article_id"],
    )
    return groups, edges


def _features_frame(ids: pl.DataFrame, articles: pl.LazyFrame) -> pl.DataFrame:
    """`article_id`, `text`, `norm` (the normalized text, empty when there is none) and
    `credits` (`wire_attribution` of the text and outlet, a list) of each article of `ids`."""
    rows = (
        articles.join(ids.lazy(), on="article_id", how="semi")
        .select("article_id", "text", "outlet")
        .collect(engine="in-memory")
        # One row per article, the last as a dict built from the rows would keep.
        .unique("article_id", keep="last", maintain_order=True)
    )
    outlet = pl.col("outlet").str.to_lowercase().str.replace_all(r"\s+", " ").str.strip_chars()
    found = ids.join(rows, on="article_id", how="left").with_columns(
        norm=normalize_expr(pl.col("text").fill_null("")),
        _outlet_agency=outlet.replace_strict(_AGENCY_OUTLETS, default=None, return_dtype=pl.String),
    )
    named = found.filter(
        pl.format(" {} ", pl.col("norm")).str.contains_any(_NAME_PATTERNS) & (pl.col("norm") != "")
    ).select("article_id", "text")
    credited = pl.DataFrame(
        [(a, sorted(wire_attribution(text))) for a, text in named.iter_rows()],
        schema={"article_id": pl.String, "_text_credits": pl.List(pl.String)},
        orient="row",
    )
    return found.join(credited, on="article_id", how="left").select(
        "article_id",
        "text",
        "norm",
        credits=pl.concat_list(
            pl.col("_text_credits").fill_null(pl.lit([], dtype=pl.List(pl.String))),
            pl.col("_outlet_agency"),
        )
        .list.drop_nulls()
        .list.unique()
        .list.eval(pl.element().sort()),
    )


def _near_duplicates(texts: pl.DataFrame, exact_scopes: pl.DataFrame) -> pl.DataFrame:
    """`scope`, `first`, `article_id`, `share`: pairs of a scope's distinct texts (each
    represented by its smallest article id) that are near duplicates, among the candidates
    `_candidates` would compare (they share a shingle; a shingle held by more than
    `_POSTING_LIMIT` texts pairs each text only with the next).

    Articles and texts are numbered (article numbers in id order) so that the joins run on
    integers, and each shingle stands as a 64-bit hash of its words. Every candidate pair is
    compared only in `exact_scopes`; in the others a pair is skipped when the first round
    already put it in one group.
    """
    reps = texts.group_by("scope", "norm").agg(pl.col("article_id").min())
    numbers = reps.select("article_id").unique().sort("article_id").with_row_index("n")
    distinct = reps.select("norm").unique().with_row_index("text_id")
    reps = (
        reps.join(distinct, on="norm")
        .join(numbers, on="article_id")
        .select("scope", "n", "text_id")
    )
    words = distinct.select("text_id", word=pl.col("norm").str.split(" ")).explode("word")
    # A text's words are consecutive rows: a shingle starts where the row `SHINGLE_WORDS - 1`
    # further down still belongs to the same text.
    last = SHINGLE_WORDS - 1
    # One set of shingles per text (a list, deduplicated per text: cheaper than a unique over
    # every shingle row).
    sets = (
        words.select(
            "text_id",
            gram=pl.concat_str(
                [pl.col("word").shift(-k) for k in range(SHINGLE_WORDS)], separator=" "
            ).hash(),
            _whole=pl.col("text_id").shift(-last) == pl.col("text_id"),
        )
        .filter(pl.col("_whole"))
        .group_by("text_id")
        .agg(pl.col("gram").unique())
    )
    grams = sets.explode("gram")
    sizes = sets.select("text_id", size=pl.col("gram").list.len()).filter(
        pl.col("size") >= _MIN_SHARED
    )
    reps = reps.join(sizes, on="text_id")
    postings = (
        reps.join(grams, on="text_id")
        .select("scope", "gram", "n")
        .with_columns(holders=pl.len().over("scope", "gram"))
        .filter(pl.col("holders") > 1)
    )
    chained = (
        postings.filter(pl.col("holders") > _POSTING_LIMIT)
        .sort("scope", "gram", "n")
        .with_columns(b=pl.col("n").shift(-1))
        .filter(
            (pl.col("scope").shift(-1) == pl.col("scope"))
            & (pl.col("gram").shift(-1) == pl.col("gram"))
        )
        .select("scope", pl.col("n").alias("a"), "b")
    )
    few = postings.filter(pl.col("holders") <= _POSTING_LIMIT).select(
        "scope", "gram", pl.col("n").alias("a")
    )
    # Shingles shared by each candidate pair: an intersection of the two texts' hash lists
    # (lists gathered by text number), not a join of every shingle of every pair.
    lists = (
        sets.join(distinct.select("text_id"), on="text_id", how="right")
        .sort("text_id")
        .get_column("gram")
    )
    text_of = reps.select("scope", "n", "text_id", "size")

    def near_of(pairs: pl.DataFrame) -> pl.DataFrame:
        """The candidate pairs that are near duplicates, with `shared` and `smaller`."""
        found = (
            pairs.unique()
            .join(
                text_of.rename({"n": "a", "text_id": "text_a", "size": "size_a"}), on=["scope", "a"]
            )
            .join(
                text_of.rename({"n": "b", "text_id": "text_b", "size": "size_b"}), on=["scope", "b"]
            )
        )
        found = found.with_columns(
            shared=lists.gather(found.get_column("text_a"))
            .list.set_intersection(lists.gather(found.get_column("text_b")))
            .list.len(),
            smaller=pl.min_horizontal("size_a", "size_b"),
        )
        return found.filter(
            (pl.col("shared") >= _MIN_SHARED)
            & (pl.col("shared") / pl.col("smaller") >= NEAR_DUPLICATE)
        ).select("scope", "a", "b", "shared", "smaller")

    # Scopes whose links are listed: every candidate pair, as `SourceIndex` compares them.
    exact = exact_scopes.select("scope")
    exact_few = few.join(exact, on="scope", how="semi")
    paired = (
        exact_few.join(exact_few.rename({"a": "b"}), on=["scope", "gram"])
        .filter(pl.col("a") < pl.col("b"))
        .select("scope", "a", "b")
    )
    found = [near_of(pl.concat([chained.join(exact, on="scope", how="semi"), paired]))]
    # Other scopes need only the groups: first the candidates next to each other in each
    # shingle's holders, then, of the other candidate pairs, only those the first round left
    # in two groups (a pair already in one group cannot change the groups).
    wide_few = few.join(exact, on="scope", how="anti").sort("scope", "gram", "a")
    nexts = wide_few.with_columns(b=pl.col("a").shift(-1)).filter(
        (pl.col("scope").shift(-1) == pl.col("scope"))
        & (pl.col("gram").shift(-1) == pl.col("gram"))
    )
    first = near_of(
        pl.concat([chained.join(exact, on="scope", how="anti"), nexts.select("scope", "a", "b")])
    )
    groups = smallest_of_groups(
        reps.join(exact, on="scope", how="anti").select("scope", "n"),
        first.select(
            pl.col("scope").alias("scope_a"),
            pl.col("a").alias("n_a"),
            pl.col("scope").alias("scope_b"),
            pl.col("b").alias("n_b"),
        ),
        ["scope", "n"],
    )
    split = (
        wide_few.join(groups.rename({"n": "a"}), on=["scope", "a"])
        .with_columns(_groups=pl.col("group").n_unique().over("scope", "gram"))
        .filter(pl.col("_groups") > 1)
        .select("scope", "gram", "a", "group")
    )
    second = (
        split.join(split.rename({"a": "b", "group": "group_b"}), on=["scope", "gram"])
        .filter((pl.col("a") < pl.col("b")) & (pl.col("group") != pl.col("group_b")))
        .select("scope", "a", "b")
    )
    near = pl.concat([*found, first, near_of(second)]).unique(["scope", "a", "b"])
    ids = numbers.get_column("article_id")
    return near.select(
        "scope",
        first=ids.gather(near.get_column("a")),
        article_id=ids.gather(near.get_column("b")),
        share=pl.col("shared") / pl.col("smaller"),
    )


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
