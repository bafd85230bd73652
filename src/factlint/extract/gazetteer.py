"""One multi-pattern matcher for every known name: reference entities, countries, scope phrases.

Names are keyed word by word (`factlint.arabic` normalization plus transliteration folding), and
indexed by their first word: matching an article is one dictionary look-up per word and reading
of its clitics, then a few look-ups for the names that start there, never a loop over names.
The longest name wins; a name that two entities share is kept with no value (ambiguous).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import polars as pl

from factlint.arabic.cities import cities
from factlint.arabic.clitics import split_proclitics
from factlint.arabic.countries import countries
from factlint.arabic.normalize import _FOLD_TABLE
from factlint.extract.text import Token, word_key

__all__ = ["ENTITY_KINDS", "Gazetteer", "Match", "NameEntry"]

# Mention kind of each reference entity type (events are named by their own mentions).
ENTITY_KINDS: dict[str, str] = {
    "person": "person",
    "country": "place",
    "city": "place",
    "region": "place",
    "place": "place",
    "organisation": "organisation",
    "office": "title",
    "agreement": "agreement",
}
# Which source wins when two name one string: the reference's own names, then the shorter
# forms derived from them, then CLDR countries, then scope phrases.
_RANK = {"reference": 0, "derived": 1, "cldr": 2, "scope": 3}
# Words that introduce a father's name inside a personal name.
_PATRONYMICS = frozenset({"بن", "بنت", "ابن"})
# Between two words of one name only spaces, a hyphen or a dash may stand.
_JOINERS = frozenset(" \t-–\u00a0")


@dataclass(frozen=True)
class NameEntry:
    kind: str
    value: str | None  # entity id or scope code; None when the name is ambiguous
    source: str  # "reference", "cldr", "scope"
    entity_type: str | None = None


@dataclass(slots=True)
class Match:
    start: int
    end: int
    first_token: int
    last_token: int
    entry: NameEntry


@lru_cache(maxsize=1 << 18)
def _key(word: str) -> str:
    return word_key(word).translate(_FOLD_TABLE)


@lru_cache(maxsize=1 << 18)
def _unfolded_readings(word: str) -> tuple[str, ...]:
    """The clitic readings of a written word as plain (unfolded) keys (cached per word)."""
    return tuple(word_key(stem) for _, stem, _ in split_proclitics(word))


@lru_cache(maxsize=1 << 18)
def _readings(word: str) -> tuple[tuple[int, str, bool], ...]:
    """The clitic readings of a written word with their folded keys (cached per word)."""
    return tuple(
        (offset, _key(stem), restored) for offset, stem, restored in split_proclitics(word)
    )


def _name_keys(name: str) -> tuple[str, ...]:
    from factlint.extract.text import tokens  # the same word split as the text side

    return tuple(_key(t.text) for t in tokens(name))


# Name parts written joined or apart (عبدالعزيز / عبد العزيز, أبوبكر / أبو بكر).
_SPLIT_PREFIXES = tuple(_key(p) for p in ("عبد", "أبو"))


def _spellings(key: tuple[str, ...]) -> set[tuple[str, ...]]:
    """A name's word keys with each compound part both joined and apart."""
    out = {key} if key else set()
    for prefix in _SPLIT_PREFIXES:
        for variant in list(out):
            joined: list[str] = []
            i = 0
            while i < len(variant):
                if variant[i] == prefix and i + 1 < len(variant):
                    joined.append(prefix + variant[i + 1])
                    i += 2
                else:
                    joined.append(variant[i])
                    i += 1
            split = []
            for word in variant:
                if word.startswith(prefix) and len(word) > len(prefix) + 2:
                    split += [prefix, word[len(prefix) :]]
                else:
                    split.append(word)
            out |= {tuple(joined), tuple(split)}
    return {k for k in out if k}


_SON_OF = tuple(_key(w) for w in ("بن", "ابن", "بنت"))


def _short_forms(key: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Shorter forms of a patronymic chain: «محمد بن سلمان بن عبدالعزيز» is also written
    «محمد بن سلمان». Never shorter than «X بن Y»."""
    out = set()
    for i, word in enumerate(key):
        if word in _SON_OF and i + 1 < len(key) and i + 2 < len(key):
            for spelled in _spellings(key[: i + 2]):
                out.add(spelled)
    return out


@dataclass
class Gazetteer:
    """Names by their word keys; build with `Gazetteer.build`."""

    names: dict[tuple[str, ...], NameEntry] = field(default_factory=dict)
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    entity_types: dict[str, str] = field(default_factory=dict)
    country_ids: dict[str, str] = field(default_factory=dict)  # CLDR id -> id used here
    # Unfolded keys of one-word names: folding (غ/ق/ج) is for foreign names written several
    # ways; a one-word Arabic name must match as written (المقرب is not المغرب).
    single_words: set[str] = field(default_factory=set)
    # Per written word: its clitic readings that start a known name (most words: none).
    _starts: dict[str, tuple[tuple[int, str, bool, tuple[int, ...]], ...]] = field(
        default_factory=dict
    )

    @classmethod
    def build(cls, frames: dict[str, pl.DataFrame]) -> Gazetteer:
        """From the reference tables in `frames` (any may be empty) plus CLDR country names."""
        gaz = cls()
        entities = frames.get("entities")
        aliases = frames.get("aliases")
        names: list[tuple[str, str, str]] = []  # (name, entity_id, type)
        if entities is not None and entities.height:
            types = dict(
                entities.select("entity_id", "type").drop_nulls().iter_rows()  # small table
            )
            gaz.entity_types.update(types)
            names += [
                (n, e, types.get(e, ""))
                for e, n in entities.select("entity_id", "name_ar").iter_rows()
            ]
            if aliases is not None and aliases.height:
                names += [
                    (n, e, types.get(e, ""))
                    for e, n in aliases.select("entity_id", "alias").iter_rows()
                ]
        reference_keys: dict[tuple[str, ...], set[str]] = {}
        for name, entity_id, etype in names:
            kind = ENTITY_KINDS.get(etype)
            if not name or not entity_id or kind is None:
                continue
            for key in _spellings(_name_keys(name)):
                reference_keys.setdefault(key, set()).add(entity_id)
                gaz._add(key, NameEntry(kind, entity_id, "reference", etype), name)
            if kind == "person":
                for key in _short_forms(_name_keys(name)):
                    gaz._add(key, NameEntry(kind, entity_id, "derived", etype), name)
        country_keys: set[tuple[str, ...]] = set()
        for country in countries():
            keys = [_name_keys(n) for n in country.names]
            country_keys.update(keys)
            known = {e for k in keys for e in reference_keys.get(k, ())}
            country_id = next(iter(known)) if len(known) == 1 else country.entity_id
            gaz.country_ids[country.entity_id] = country_id
            for name, key in zip(country.names, keys, strict=True):
                if key and key not in reference_keys:
                    gaz._add(key, NameEntry("place", country_id, "cldr", "country"), name)
        # CLDR's cities after the countries: a name the reference or a country already has
        # (القاهرة، تونس) stays theirs.
        for city in cities():
            key = _name_keys(city.name_ar)
            if key and key not in reference_keys and key not in country_keys:
                gaz._add(key, NameEntry("place", city.entity_id, "cldr", "city"), city.name_ar)
        scope_phrases = frames.get("scope_phrases")
        if scope_phrases is not None and scope_phrases.height:
            for code, phrase in scope_phrases.select("scope_code", "phrase_ar").iter_rows():
                key = _name_keys(phrase or "")
                if key and code:
                    gaz._add(key, NameEntry("scope", code, "scope"), phrase)
        gaz.lengths = {
            first: tuple(sorted(lengths, reverse=True))
            for first, lengths in _first_word_lengths(gaz.names).items()
        }
        return gaz

    def _add(self, key: tuple[str, ...], entry: NameEntry, name: str | None = None) -> None:
        if len(key) == 1 and name is not None:
            from factlint.extract.text import tokens

            words = tokens(name)
            if len(words) == 1:
                self.single_words.add(word_key(words[0].text))
            else:  # a joined spelling of a two-word name (عبدالعزيز)
                self.single_words.add("".join(word_key(w.text) for w in words))
        old = self.names.get(key)
        if old is None or _RANK[entry.source] < _RANK[old.source]:
            self.names[key] = entry
        elif old.value != entry.value and old.source == entry.source and old.kind == entry.kind:
            self.names[key] = NameEntry(entry.kind, None, entry.source, entry.entity_type)

    def match(self, text: str, words: list[Token]) -> list[Match]:
        """Longest known names in `words` (the tokens of `text`), left to right, not overlapping."""
        out: list[Match] = []
        starts = self._starts
        i, count = 0, len(words)
        while i < count:
            if starts.get(words[i].text) == ():
                i += 1  # a word known to start no name
                continue
            found = self._match_at(text, words, i)
            if found is None:
                i += 1
                continue
            if not _someone_else(text, words, found):
                out.append(found)
            i = found.last_token + 1
        return out

    def _match_at(self, text: str, words: list[Token], i: int) -> Match | None:
        word = words[i]
        best: Match | None = None
        readings = self._starts.get(word.text)
        if readings is None:
            readings = tuple(
                (offset, first, restored, self.lengths[first])
                for offset, first, restored in _readings(word.text)
                if first in self.lengths
            )
            if len(self._starts) < 1 << 18:
                self._starts[word.text] = readings
        if not readings:
            return None
        run = _adjacent_run(text, words, i, max(max(r[3]) for r in readings))
        for offset, first, restored, lengths in readings:
            for n in lengths:
                if n > run or (best is not None and n <= best.last_token - i + 1):
                    continue
                key = (first, *(_key(w.text) for w in words[i + 1 : i + n]))
                entry = self.names.get(key)
                if entry is not None and n == 1 and not self._as_written(word.text):
                    entry = None
                if entry is not None:
                    start = word.start if restored else word.start + offset
                    best = Match(start, words[i + n - 1].end, i, i + n - 1, entry)
                    break
        return best

    def _as_written(self, word: str) -> bool:
        """Whether some clitic reading of `word` is a one-word name without folding."""
        return any(stem in self.single_words for stem in _unfolded_readings(word))


def _someone_else(text: str, words: list[Token], found: Match) -> bool:
    """A known person's name without a patronymic, followed by one (سلمان بن حمد, when only
    سلمان بن عبدالعزيز is known), is the start of someone else's longer name: the whole of a
    known one would have matched."""
    after = found.last_token + 1
    if found.entry.kind != "person" or after + 1 >= len(words):
        return False
    if (
        words[after].key not in _PATRONYMICS
        or text[words[after - 1].end : words[after].start] != " "
    ):
        return False
    return not any(w.key in _PATRONYMICS for w in words[found.first_token : after])


def _adjacent_run(text: str, words: list[Token], i: int, limit: int) -> int:
    """How many words from `i` on (at most `limit`) stand next to each other as one name."""
    n = 1
    while n < limit and i + n < len(words):
        gap = text[words[i + n - 1].end : words[i + n].start]
        if len(gap) > 3 or any(c not in _JOINERS for c in gap):
            break
        n += 1
    return n


def _first_word_lengths(names: Iterable[tuple[str, ...]]) -> dict[str, set[int]]:
    out: dict[str, set[int]] = {}
    for key in names:
        out.setdefault(key[0], set()).add(len(key))
    return out
