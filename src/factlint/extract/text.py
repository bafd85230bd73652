"""Words and sentences of an article, with their offsets (code points into the stored text)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factlint.arabic.normalize import _DIGITS, _LETTERS

__all__ = ["Sentence", "Token", "sentences", "tokens", "word_key"]

# A word: letters, digits and combining marks (harakat), plus tatweel inside it.
_WORD = re.compile(r"[^\W_]+(?:[\u0640\u064B-\u065F\u0670][^\W_]*)*", re.UNICODE)
# Sentence ends: full stops (not between digits: 22.12.2017, 3.5), ؟ ! ; and line breaks.
_SENTENCE_END = re.compile(r"(?<![0-9٠-٩])[.](?![0-9٠-٩])|[!?؟؛\n]+")


# Not frozen: a frozen dataclass costs three times as much to build, and an article has
# thousands of words. Treat them as read-only all the same.
@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    key: str  # factlint.arabic.normalize of the text


@dataclass(slots=True)
class Sentence:
    index: int
    start: int
    end: int


# `factlint.arabic.normalize` for a single word, as one str.translate (marks and controls
# deleted, letter and digit forms mapped): the extractor keys every word of every article.
_DELETE = dict.fromkeys(
    [
        *range(0x0610, 0x061B),
        *range(0x064B, 0x0660),
        0x0670,
        *range(0x06D6, 0x06EE),
        0x0640,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        0x061C,
        0xFEFF,
    ]
)
_WORD_TABLE = str.maketrans({**{ord(k): v for k, v in {**_LETTERS, **_DIGITS}.items()}, **_DELETE})


def word_key(word: str) -> str:
    """The normalized matching key of one word (equals `normalize(word)` for a single word)."""
    return word.translate(_WORD_TABLE).lower()


_KEYS: dict[str, str] = {}


def tokens(text: str) -> list[Token]:
    """Every word of `text` with its normalized key (keys cached: news vocabulary repeats)."""
    keys = _KEYS
    out = []
    for m in _WORD.finditer(text):
        word = m.group()
        key = keys.get(word)
        if key is None:
            key = word.translate(_WORD_TABLE).lower()
            if len(keys) < 1 << 18:
                keys[word] = key
        out.append(Token(m.start(), m.end(), word, key))
    return out


# The longest span read as one sentence. News sentences run to a few hundred characters; a
# text without stops (a list, a table, a broken feed) is cut at a space after this many, so
# that what is compared within a sentence stays bounded and extraction stays linear.
MAX_SENTENCE_CHARS = 3000


def sentences(text: str) -> list[Sentence]:
    """Sentence spans of `text` (the title line is a sentence of its own)."""
    out: list[Sentence] = []
    start = 0
    for match in [*_SENTENCE_END.finditer(text), None]:
        end = match.start() if match is not None else len(text)
        while end - start > MAX_SENTENCE_CHARS:
            cut = text.rfind(" ", start + 1, start + MAX_SENTENCE_CHARS)
            cut = cut if cut > start else start + MAX_SENTENCE_CHARS
            if text[start:cut].strip():
                out.append(Sentence(len(out), start, cut))
            start = cut
        if text[start:end].strip():
            out.append(Sentence(len(out), start, end))
        if match is not None:
            start = match.end()
    return out
