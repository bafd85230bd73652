"""Month names of every system Arabic news uses, weekday names and Hijri month names.

Arabic has several sets of Gregorian month names, and one article may pair two of them
(`5 ديسمبر/كانون الأول 2022`, `2 أغسطس (آب) 1990`):

- `msa`: the transliterated names of Egypt, the Gulf, Sudan and most pan-Arab outlets (يناير..).
- `levantine`: the Syriac names of Syria, Lebanon, Jordan, Palestine and Iraq (كانون الثاني..),
  with the abbreviations ك2، ت1 of Levantine and Iraqi papers.
- `maghrebi`: the French-derived names of Algeria and Tunisia (جانفي، جوان، جويلية، أوت..).
- `moroccan`: Morocco's names (يوليوز، غشت، شتنبر، نونبر، دجنبر).
- `mauritanian`: Mauritania's names (أغشت، شتمبر، دجمبر).

What CLDR has comes from Babel (its `ar` locales); the spellings news writes and CLDR lacks are
added by hand: forms with and without hamza (ابريل، إبريل), the Egyptian يونيه/يوليه, the
abbreviations. Babel has no Islamic-calendar month names (its locale data holds the Gregorian
calendar only), so the Hijri months are a typed table here, with the variants news writes
(ذو/ذي القعدة, ربيع الآخر/الثاني ...).

Lookups are keyed by `factlint.arabic.normalize`, so they ignore hamza and alef forms, taa
marbuta, alef maqsura, diacritics, tatweel and spacing: `month_number("اغسطس") == 8`.
"""

from __future__ import annotations

from babel.dates import get_day_names, get_month_names

from factlint.arabic.normalize import normalize

__all__ = [
    "GREGORIAN_MONTHS",
    "HIJRI_MONTHS",
    "MONTH_SYSTEMS",
    "WEEKDAYS",
    "WEEKDAYS_AR",
    "WEEKDAYS_EN",
    "hijri_month_number",
    "month_number",
    "weekday_number",
]

Names = dict[int, tuple[str, ...]]

# The Babel locales whose month names make up each system.
_SYSTEM_LOCALES: dict[str, tuple[str, ...]] = {
    "msa": ("ar", "ar_EG", "ar_SA"),
    "levantine": ("ar_SY", "ar_LB", "ar_JO", "ar_PS", "ar_IQ"),
    "maghrebi": ("ar_DZ", "ar_TN"),
    "moroccan": ("ar_MA",),
    "mauritanian": ("ar_MR",),
}

# Spellings news writes that CLDR does not list (hamza forms, Egyptian and colloquial forms,
# abbreviations). Variants differing only in hamza or alef forms match anyway through
# `normalize`; they are listed so that the table says what real text contains.
_EXTRA_MONTHS: dict[str, Names] = {
    "msa": {
        1: ("ينايِر",),
        2: ("فبرايِر",),
        4: ("ابريل", "إبريل", "أبريل"),
        6: ("يونيه", "يونية"),
        7: ("يوليه", "يولية"),
        8: ("اغسطس", "أغسطس", "أغسطوس"),
        10: ("اكتوبر",),
    },
    "levantine": {
        1: ("كانون ثاني", "ك2", "ك 2"),
        3: ("اذار", "آذار"),
        5: ("ايار", "أيار"),
        8: ("اب", "آب"),
        9: ("ايلول", "أيلول"),
        10: ("تشرين الاول", "تشرين أول", "ت1", "ت 1"),
        11: ("تشرين ثاني", "ت2", "ت 2"),
        12: ("كانون الاول", "كانون أول", "ك1", "ك 1"),
    },
    "maghrebi": {
        2: ("فيفرى",),
        4: ("افريل", "أفريل"),
        7: ("جويليه", "جويلة"),
        8: ("اوت", "أوت"),
    },
    "moroccan": {
        4: ("ابريل", "أبريل"),
        5: ("مايو",),
        7: ("يوليوز",),
        8: ("غشت",),
        9: ("شتنبر",),
        11: ("نونبر",),
        12: ("دجنبر",),
    },
    "mauritanian": {4: ("إبريل",), 8: ("أغشت",), 9: ("شتمبر",), 12: ("دجمبر",)},
}

# Babel has no Islamic-calendar names (only the Gregorian calendar is in its locale data):
# this table is the source. The first spelling of each month is the usual Saudi one.
HIJRI_MONTHS: Names = {
    1: ("محرم", "المحرم"),
    2: ("صفر",),
    3: ("ربيع الأول", "ربيع الاول", "ربيع الأولى", "ربيع أول"),
    4: ("ربيع الآخر", "ربيع الثاني", "ربيع الاخر", "ربيع ثاني", "ربيع الآخرة"),
    5: ("جمادى الأولى", "جمادى الاولى", "جمادى الأول", "جمادى الاول", "جمادي الأولى"),
    6: ("جمادى الآخرة", "جمادى الاخرة", "جمادى الآخر", "جمادى الثانية", "جمادى الثاني"),
    7: ("رجب",),
    8: ("شعبان",),
    9: ("رمضان",),
    10: ("شوال",),
    11: ("ذو القعدة", "ذي القعدة", "ذا القعدة", "ذو القعده", "ذى القعدة"),
    12: ("ذو الحجة", "ذي الحجة", "ذا الحجة", "ذو الحجه", "ذى الحجة"),
}

# Weekday spellings CLDR lacks: hamza forms and the final hamza often dropped.
_EXTRA_WEEKDAYS: Names = {
    1: ("الإثنين", "الأثنين"),
    2: ("الثلاثا",),
    3: ("الاربعاء", "الأربعا", "الاربعا"),
    5: ("الجمعه",),
    7: ("الاحد",),
}


def _clean(name: str) -> str:
    # CLDR writes some two-word names with a no-break space (ar_IQ تشرين\xa0الأول).
    return " ".join(name.split())


def _unique(names: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def _babel_months(locales: tuple[str, ...]) -> Names:
    found: dict[int, list[str]] = {month: [] for month in range(1, 13)}
    for locale in locales:
        for context in ("format", "stand-alone"):
            for month, name in get_month_names("wide", context=context, locale=locale).items():
                found[month].append(_clean(name))
    return {month: _unique(names) for month, names in found.items()}


def _systems() -> dict[str, Names]:
    systems = {}
    for system, locales in _SYSTEM_LOCALES.items():
        months = _babel_months(locales)
        extra = _EXTRA_MONTHS.get(system, {})
        systems[system] = {m: _unique([*months[m], *extra.get(m, ())]) for m in range(1, 13)}
    return systems


# system -> month number -> spellings, the CLDR name first.
MONTH_SYSTEMS: dict[str, Names] = _systems()

# Every Gregorian month spelling of every system.
GREGORIAN_MONTHS: Names = {
    m: _unique([name for names in MONTH_SYSTEMS.values() for name in names[m]])
    for m in range(1, 13)
}

# ISO weekday (1 = Monday .. 7 = Sunday) -> spellings, the CLDR name first. Babel numbers
# weekdays from 0 = Monday.
WEEKDAYS: Names = {
    day + 1: _unique([_clean(name), *_EXTRA_WEEKDAYS.get(day + 1, ())])
    for day, name in sorted(get_day_names("wide", locale="ar").items())
}
# The name as written in MSA news, and the English one for editors (finding messages).
WEEKDAYS_AR: dict[int, str] = {day: names[0] for day, names in WEEKDAYS.items()}
WEEKDAYS_EN: dict[int, str] = {
    day + 1: name for day, name in sorted(get_day_names("wide", locale="en").items())
}


def _index(table: Names, what: str) -> dict[str, int]:
    index: dict[str, int] = {}
    for number, names in table.items():
        for name in names:
            key = normalize(name)
            if index.setdefault(key, number) != number:
                raise ValueError(f"{what} spelling {name!r} names two months")
    return index


_GREGORIAN_INDEX = _index(GREGORIAN_MONTHS, "Gregorian month")
_HIJRI_INDEX = _index(HIJRI_MONTHS, "Hijri month")
_WEEKDAY_INDEX = _index(WEEKDAYS, "weekday")


def month_number(name: str) -> int | None:
    """The Gregorian month (1..12) a month name of any system names, or None."""
    return _GREGORIAN_INDEX.get(normalize(name))


def hijri_month_number(name: str) -> int | None:
    """The Hijri month (1..12) a Hijri month name names, or None."""
    return _HIJRI_INDEX.get(normalize(name))


def weekday_number(name: str) -> int | None:
    """The ISO weekday (1 = Monday .. 7 = Sunday) a weekday name names, or None."""
    return _WEEKDAY_INDEX.get(normalize(name))
