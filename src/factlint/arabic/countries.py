"""The Arabic names of the world's countries (CLDR via Babel) and their adjectives.

`countries()` gives one `Country` per ISO 3166 region code that CLDR names: its id
(`country-<english-name>`, the project's entity-id convention), its Arabic name and the
spellings news uses besides it. CLDR has no demonyms, so the adjectives (المصري, الأمريكي) are
derived from the names by the regular nisba rule (drop a final ا or ة, add ي) and completed by
`_EXTRA_NAMES` and `_EXTRA_ADJECTIVES`, which hold only what the rule and CLDR cannot give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

__all__ = ["Country", "countries", "slug"]

# Short or common names news uses where CLDR gives the formal one.
_EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "SA": ("السعودية", "المملكة", "المملكة السعودية"),
    "US": (
        "أمريكا",
        "أميركا",
        "الولايات المتحدة الأمريكية",
        "الولايات المتحدة الأميركية",
        "واشنطن",
    ),
    "GB": ("بريطانيا", "المملكة المتحدة"),
    "AE": ("الإمارات",),
    "PS": ("فلسطين",),
    "SY": ("سورية",),
    "CZ": ("جمهورية التشيك", "تشيكيا"),
    "KR": ("كوريا الجنوبية",),
    "KP": ("كوريا الشمالية",),
    "RU": ("روسيا الاتحادية",),
    "IR": ("إيران",),
    "NL": ("هولندا",),
    "CN": ("الصين",),
    "AZ": ("جمهورية أذربيجان",),
    "MA": ("المملكة المغربية",),
    "JO": ("الأردن", "المملكة الأردنية الهاشمية"),
    "EG": ("جمهورية مصر العربية",),
    "YE": ("الجمهورية اليمنية",),
    "IQ": ("جمهورية العراق",),
}
# Adjectives the nisba rule cannot derive from the CLDR name.
_EXTRA_ADJECTIVES: dict[str, tuple[str, ...]] = {
    "US": ("أمريكي", "أميركي"),
    "GB": ("بريطاني",),
    "AE": ("إماراتي",),
    "SA": ("سعودي",),
    "PS": ("فلسطيني",),
    "KR": ("كوري جنوبي",),
    "KP": ("كوري شمالي",),
    "CZ": ("تشيكي",),
    "AZ": ("أذري",),
    "IR": ("إيراني",),
    "YE": ("يمني",),
}
# CLDR names that are also everyday Arabic words: بنين (sons) for Benin, مالي (financial) for
# Mali, whose adjective المالي would make وزير المالية a Malian minister. These countries are
# matched by their longer forms only (جمهورية بنين، جمهورية مالي).
_COMMON_WORDS: dict[str, tuple[str, ...]] = {
    "BJ": ("جمهورية بنين",),
    "ML": ("جمهورية مالي",),
}
# Region codes CLDR lists that are not countries news calls countries.
_NOT_COUNTRIES = frozenset({"AC", "CP", "DG", "EA", "IC", "TA", "QO", "EU", "EZ", "UN", "XA", "XB"})


@dataclass(frozen=True)
class Country:
    code: str
    entity_id: str
    name_ar: str
    name_en: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]


def slug(text: str) -> str:
    """The ASCII id part of an English name: `Saudi Arabia` -> `saudi-arabia`."""
    ascii_text = text.replace("&", "and").encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _nisba(name: str) -> str | None:
    """The adjective of a one-word country name by the regular rule: مصر -> مصري."""
    if " " in name or "-" in name:
        return None
    stem = name[2:] if name.startswith("ال") else name
    if len(stem) < 3:
        return None
    if stem.endswith(("ا", "ة")):
        stem = stem[:-1]
    if stem.endswith("ي"):
        return stem
    return stem + "ي"


@cache
def countries() -> tuple[Country, ...]:
    """Every country CLDR names, with its Arabic names and adjectives."""
    from babel import Locale  # imported here: only the extractor needs the CLDR tables

    arabic = Locale("ar").territories
    english = Locale("en").territories
    out = []
    for code in sorted(arabic):
        if not re.fullmatch(r"[A-Z]{2}", code) or code in _NOT_COUNTRIES or code not in english:
            continue
        name_ar = arabic[code]
        names = tuple(dict.fromkeys((name_ar, *_EXTRA_NAMES.get(code, ()))))
        derived = [_nisba(n) for n in names]
        if code in _COMMON_WORDS:
            names, derived = _COMMON_WORDS[code], []
        adjectives = tuple(
            dict.fromkeys(a for a in (*_EXTRA_ADJECTIVES.get(code, ()), *derived) if a)
        )
        out.append(
            Country(
                code=code,
                entity_id=f"country-{slug(english[code])}",
                name_ar=name_ar,
                name_en=english[code],
                names=names,
                adjectives=adjectives,
            )
        )
    return tuple(out)
