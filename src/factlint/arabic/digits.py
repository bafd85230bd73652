"""Arabic-Indic (٠-٩) and Persian (۰-۹) digits, and their ASCII equivalents.

Arabic news writes numbers in either digit system, sometimes both in one article, and Persian
digits turn up in copy that passed through Persian or Urdu keyboards. Everything that reads a
number (dates, TIMEX values, matching keys) maps them to ASCII first, as a Python function for
one string and as a Polars expression for a column, so that the two always agree.
"""

from __future__ import annotations

import polars as pl

__all__ = [
    "ARABIC_INDIC_DIGITS",
    "ASCII_DIGITS",
    "DIGITS",
    "PERSIAN_DIGITS",
    "from_ascii_digits",
    "to_ascii_digits",
    "to_ascii_digits_expr",
]

ASCII_DIGITS = "0123456789"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"  # U+0660..U+0669
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"  # U+06F0..U+06F9 (Extended Arabic-Indic)

# Every non-ASCII decimal digit this package reads -> its ASCII digit.
DIGITS: dict[str, str] = {
    **dict(zip(ARABIC_INDIC_DIGITS, ASCII_DIGITS, strict=True)),
    **dict(zip(PERSIAN_DIGITS, ASCII_DIGITS, strict=True)),
}
_TO_ASCII = str.maketrans(DIGITS)
_FROM_ASCII = {
    "ascii": str.maketrans(ASCII_DIGITS, ASCII_DIGITS),
    "arabic-indic": str.maketrans(ASCII_DIGITS, ARABIC_INDIC_DIGITS),
    "persian": str.maketrans(ASCII_DIGITS, PERSIAN_DIGITS),
}


def to_ascii_digits(text: str) -> str:
    """`text` with Arabic-Indic and Persian digits replaced by ASCII ones (same length)."""
    return text.translate(_TO_ASCII)


def to_ascii_digits_expr(text: pl.Expr) -> pl.Expr:
    """Polars version of `to_ascii_digits` for a string column."""
    return text.str.replace_many(list(DIGITS), list(DIGITS.values()))


def from_ascii_digits(text: str, system: str) -> str:
    """`text` with its ASCII digits written in `system`: `ascii`, `arabic-indic` or `persian`.

    For rendering test cases and examples in the digits real articles use.
    """
    try:
        return text.translate(_FROM_ASCII[system])
    except KeyError:
        raise ValueError(f"unknown digit system: {system!r}") from None
