"""The definite article and the proclitics written attached to Arabic words.

One description for the whole project: a word in running text can carry a conjunction (و، ف),
then a preposition (ب، ك، ل), then the article (ال); ل before the article elides its alef (للمغرب).
Names are stored with the article when it is part of the name (المغرب) and without the clitics.

- `split_proclitics(word)` gives the ways to read a written word as clitics + stem, with the
  stem's offset in the word, longest clitic first, for matching words against a lexicon.
- `LEADING_ARTICLE` / `LEADING_CLITIC` are the same facts as regexes for Polars expressions.
"""

from __future__ import annotations

__all__ = [
    "CONJUNCTIONS",
    "LEADING_ARTICLE",
    "LEADING_CLITIC",
    "PREPOSITIONS",
    "split_proclitics",
]

CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ك", "ل")

# The article with the clitics that can stand before it (والمغرب, بالرباط, وللمغرب, للمغرب).
LEADING_ARTICLE = r"^(?:و|ف)?(?:(?:ب|ك)?ال|لل)"
# One conjunction or preposition attached to a word without the article (بموسكو, وباكو).
LEADING_CLITIC = r"^[وفبلك]"

# Shortest stem left after removing clitics, so that a name merely starting with those letters
# (وليد, كامل, بلال) still has a reading as itself, which is always tried too.
_MIN_STEM = 2


def split_proclitics(word: str) -> list[tuple[int, str, bool]]:
    """Readings of `word` as `(offset, stem, article_restored)`, the whole word first.

    `offset` is where the stem starts in `word`. For ل + article (للمغرب) the stem is the
    article form (المغرب) and `article_restored` is True: no substring of the word spells it,
    so a span must cover the whole word.
    """
    readings = [(0, word, False)]
    seen = {word}

    def add(offset: int, stem: str, restored: bool = False) -> None:
        if len(stem) >= _MIN_STEM and stem not in seen:
            seen.add(stem)
            readings.append((offset, stem, restored))

    rest, offset = word, 0
    if rest[:1] in CONJUNCTIONS:
        rest, offset = rest[1:], 1
        add(offset, rest)
    for base_offset, base in ((0, word), (offset, rest)):
        if base.startswith("لل") and len(base) > 3:
            add(base_offset, "ال" + base[2:], True)
        elif base[:1] in PREPOSITIONS:
            add(base_offset + 1, base[1:])
    return sorted(readings, key=lambda r: (r[0] != 0 or r[2], -r[0]))
