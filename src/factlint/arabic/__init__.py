"""The Arabic-language package shared by the rules and the extractor.

- `normalize`: matching keys (orthographic normalization and transliteration folding).
- `clitics`: the definite article and the proclitics attached to words.
- `calendars`: month names of every system, weekday and Hijri month names, from CLDR via Babel
  plus the spellings CLDR lacks.
- `digits`: Arabic-Indic and Persian digits.
- `countries`: the Arabic names of every country (CLDR via Babel) and their adjectives.
- `cities`: the Arabic names of the world's principal cities (CLDR's exemplar cities).

Normalization is for matching only: stored text and offsets never change.
"""

from factlint.arabic.digits import to_ascii_digits, to_ascii_digits_expr
from factlint.arabic.normalize import fold, fold_expr, normalize, normalize_expr, normalize_series

__all__ = [
    "fold",
    "fold_expr",
    "normalize",
    "normalize_expr",
    "normalize_series",
    "to_ascii_digits",
    "to_ascii_digits_expr",
]
