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

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from factlint.arabic import normalize

__all__ = [
    "NEAR_DUPLICATE",
    "SHINGLE_WORDS",
    "WIRE_AGENCIES",
    "SourceGroups",
    "containment",
    "shingles",
    "source_groups",
    "wire_attribution",
]

SHINGLE_WORDS = 5
NEAR_DUPLICATE = 0.5
# Fewer shared shingles than this never make two texts one source: two headlines can share a
# whole formula and nothing else.
_MIN_SHARED = 5

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
    words = normalize(text).split()
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


_KEPT_MARKS = "()«»\"“”'-–—"


def _credit_text(text: str) -> str:
    """The text normalized letter by letter, keeping brackets, quotes, dashes and line breaks
    (the marks that make a dateline or byline credit)."""
    lines = []
    for line in text.splitlines():
        chars = []
        for char in line:
            if char.isalnum():
                chars.append(normalize(char))
            elif char in _KEPT_MARKS:
                chars.append(f" {char} ")
            else:
                chars.append(" ")
        lines.append(" ".join("".join(chars).split()))
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


def source_groups(
    texts: Mapping[str, str | None], outlets: Mapping[str, str | None] | None = None
) -> SourceGroups:
    """Group articles (id -> text, id -> outlet) into independent sources (see module doc)."""
    outlets = outlets or {}
    ids = sorted(texts)
    parent = {a: a for a in ids}

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    links: list[tuple[str, str, str]] = []
    shingled = {a: shingles(texts[a] or "") for a in ids}
    normalized = {a: normalize(texts[a] or "") for a in ids}
    credits = {a: wire_attribution(texts[a], outlets.get(a)) for a in ids}
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            if normalized[a] and normalized[a] == normalized[b]:
                links.append((a, b, "same text"))
                union(a, b)
                continue
            share = containment(shingled[a], shingled[b])
            if share >= NEAR_DUPLICATE:
                links.append((a, b, f"near-duplicate {share:.2f}"))
                union(a, b)
                continue
            common = credits[a] & credits[b]
            if common:
                links.append((a, b, "wire " + ",".join(sorted(common))))
                union(a, b)
    return SourceGroups(group={a: find(a) for a in ids}, links=tuple(links))
