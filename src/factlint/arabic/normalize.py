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

__all__ = ["fold", "fold_expr", "normalize", "normalize_expr"]

# Harakat, Quranic marks, superscript alef, tatweel.
_MARKS = r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]"
# Bidi controls, zero-width characters, byte-order mark.
_CONTROLS = r"[\u200B-\u200F\u202A-\u202E\u2066-\u2069\u061C\uFEFF]"
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


def _characters(pattern: str) -> list[str]:
    """Every character a bracketed class of single characters and ranges matches."""
    found = re.findall(r"\\u([0-9A-F]{4})(?:-\\u([0-9A-F]{4}))?", pattern)
    return [
        chr(c) for first, last in found for c in range(int(first, 16), int(last or first, 16) + 1)
    ]


# What `normalize` removes or replaces character by character, as one mapping: Polars
# replaces them all in one pass over a column (Aho-Corasick) instead of three.
_DROPPED = dict.fromkeys(_characters(_MARKS) + _characters(_CONTROLS), "")
_REPLACED: dict[str, str] = {**_DROPPED, **_LETTERS, **_DIGITS}


def normalize_expr(text: pl.Expr) -> pl.Expr:
    """Polars version of `normalize` for a string column."""
    out = text.str.replace_many(list(_REPLACED), list(_REPLACED.values())).str.to_lowercase()
    return out.str.replace_all(_SEPARATORS, " ").str.strip_chars(" ")


def fold_expr(text: pl.Expr) -> pl.Expr:
    """Polars version of `fold` for a string column."""
    return normalize_expr(text).str.replace_many(list(_FOLDS), list(_FOLDS.values()))
