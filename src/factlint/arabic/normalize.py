"""Arabic text normalization for matching names; never applied to stored text or offsets.

Two levels:
- `normalize`: orthographic noise removed: diacritics, tatweel, bidi and zero-width controls,
  alef and hamza forms, alef maqsura, taa marbuta, Arabic-Indic and Persian digits, Persian
  letter forms, punctuation and spacing.
- `fold`: on top of that, the letters that transliterate the same foreign sound are merged
  (g in ناغورنو / ناجورنو / ناقورنو, سيرغي / سيرجي; v in ڤ / ف), so spelling variants of one
  foreign name get one key.

Each exists as a Python function for single strings and as a Polars expression for columns.
"""

from __future__ import annotations

import re

import polars as pl

from factlint.arabic.digits import DIGITS

__all__ = [
    "CONTROLS",
    "MARKS",
    "fold",
    "fold_expr",
    "normalize",
    "normalize_expr",
    "normalize_series",
]

# Harakat, Quranic marks, superscript alef, tatweel: ranges of code points, first and last.
_MARK_RANGES = (
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06ED),
    (0x0640, 0x0640),
)
# Bidi controls, zero-width characters, byte-order mark.
_CONTROL_RANGES = (
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2066, 0x2069),
    (0x061C, 0x061C),
    (0xFEFF, 0xFEFF),
)


def _class_body(ranges: tuple[tuple[int, int], ...]) -> str:
    """The inside of a regular-expression character class matching `ranges`."""
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


# The marks and controls as the inside of a character class (`[{MARKS}]`), for the extractor's
# shadow text as for `normalize`.
MARKS = _class_body(_MARK_RANGES)
CONTROLS = _class_body(_CONTROL_RANGES)
_MARKS = f"[{MARKS}]"
_CONTROLS = f"[{CONTROLS}]"
# Everything that is neither a letter nor a digit separates words.
_SEPARATORS = r"[^\p{L}\p{N}]+"

_LETTERS: dict[str, str] = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ٲ": "ا",
    "ٳ": "ا",
    "ؤ": "و",
    "ئ": "ي",
    "ى": "ي",
    "ی": "ي",
    "ې": "ي",
    "ة": "ه",
    "ۀ": "ه",
    "ک": "ك",
    "ء": "",
}
_DIGITS: dict[str, str] = DIGITS  # one digit table for the package (factlint.arabic.digits)
# One letter for each foreign sound that Arabic writers spell in several ways.
_FOLDS: dict[str, str] = {
    "غ": "ج",
    "ق": "ج",
    "گ": "ج",
    "ڨ": "ج",
    "چ": "ج",
    "ڤ": "ف",
    "پ": "ب",
    "ژ": "ز",
}

_NORMALIZE_TABLE = str.maketrans({**_LETTERS, **_DIGITS})
_FOLD_TABLE = str.maketrans(_FOLDS)


def normalize(text: str) -> str:
    """The orthographic matching key of `text`."""
    text = re.sub(_MARKS, "", text)
    text = re.sub(_CONTROLS, "", text)
    text = text.translate(_NORMALIZE_TABLE).lower()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def fold(text: str) -> str:
    """The transliteration-folded matching key of `text` (implies `normalize`)."""
    return normalize(text).translate(_FOLD_TABLE)


# What `normalize` removes or replaces character by character, as one mapping: Polars
# replaces them all in one pass over a column (Aho-Corasick) instead of three.
_DROPPED = dict.fromkeys(
    (chr(c) for a, b in _MARK_RANGES + _CONTROL_RANGES for c in range(a, b + 1)), ""
)
_REPLACED: dict[str, str] = {**_DROPPED, **_LETTERS, **_DIGITS}


def normalize_expr(text: pl.Expr) -> pl.Expr:
    """Polars version of `normalize` for a string column."""
    out = text.str.replace_many(list(_REPLACED), list(_REPLACED.values())).str.to_lowercase()
    return out.str.replace_all(_SEPARATORS, " ").str.strip_chars(" ")


# Characters Polars' `str.to_lowercase` never changes (ASCII but the capitals, the Arabic
# block; `tests/test_source_groups_frame.py` checks every code point): a text of these alone is
# its own lowercase.
_CASELESS = r"\x00-\x40\x5B-\x7F\u0600-\u06FF"
# A run of separators that is not already the single space `normalize_expr` makes of it.
_SEPARATOR_RUNS = r"[^\p{L}\p{N}]{2,}|[^\p{L}\p{N} ]"


def normalize_series(text: pl.Series) -> pl.Series:
    """`normalize_expr` of a string column, with the same result, cheaper (eager):
    only the texts with a character that has a lowercase are lowercased (Arabic text has
    none; the lowercase was a third of the normalization), and only the separator runs that are
    not a single space already are replaced. The order of the steps is `normalize_expr`'s:
    lowercasing before the separators are replaced keeps its context (a final sigma, the dot
    of a lowercased İ)."""
    out = text.str.replace_many(list(_REPLACED), list(_REPLACED.values()))
    cased = out.str.contains(f"[^{_CASELESS}]").fill_null(False)
    if cased.any():
        at = cased.arg_true()
        out = out.scatter(at, out.gather(at).str.to_lowercase())
    return out.str.replace_all(_SEPARATOR_RUNS, " ").str.strip_chars(" ")


def fold_expr(text: pl.Expr) -> pl.Expr:
    """Polars version of `fold` for a string column."""
    return normalize_expr(text).str.replace_many(list(_FOLDS), list(_FOLDS.values()))
