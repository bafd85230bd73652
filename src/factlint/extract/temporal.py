"""The Arabic temporal tagger: every date and duration expression of an article, normalized.

The conventions it implements are in docs/data-model.md, "Temporal expressions: what is a date
mention". How it works, and why this way (the whole extractor must read hundreds of articles a
second on one core, so the tagger does one regex pass and a little Python per expression):

1. It matches a *shadow* of the text, not the text: diacritics, tatweel and bidi controls are
   deleted and hamza and alef forms, alef maqsura, taa marbuta and the three digit systems are
   mapped one to one (the folds of `factlint.arabic.normalize` that keep length), so one pattern
   covers أبريل/ابريل/إبريل and ٢٠١٥/۲۰۱۵/2015. Offsets map back through the few deleted
   characters with a bisect; a deleted mark after a span's last letter stays in the span.
2. One alternation regex, built at import from the calendar tables, finds the *pieces*: explicit
   and numeric dates, years, relative days and periods, weekdays, decades, centuries, vague
   references, durations, and the words that only qualify a date (part-of-period words, parts of
   day, clock times).
3. Pieces joined by nothing but spaces, a comma, parentheses or من form one expression
   (`الساعة 11:59` + `مساء` + `اليوم` + `الأحد`); a qualifier that joins no date is dropped.
4. Values are resolved against the publication date, calendar notes (الموافق، حسب تقويم أم
   القرى) link Hijri dates to their Gregorian twins, and expressions such as `عشية المحادثات` or
   `في اليوم التالي` are anchored to the nearest day mention before them.

A relative expression is resolved against the first and the last day of the publication
interval: when the two answers differ (`أمس` in an article dated only `2015-07`) the value is
None, never a guess.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from factlint.arabic.calendars import (
    GREGORIAN_MONTHS,
    HIJRI_MONTHS,
    WEEKDAYS,
    hijri_month_number,
    month_number,
    weekday_number,
)
from factlint.arabic.digits import DIGITS
from factlint.arabic.normalize import CONTROLS, MARKS

__all__ = ["TemporalMention", "gregorian_value", "tag_dates"]


@dataclass(frozen=True)
class TemporalMention:
    """One temporal expression of a text (see docs/data-model.md for the field conventions)."""

    start: int  # code-point offsets into `text`; text[start:end] == self.text
    end: int
    text: str
    kind: str  # "date" or "duration"
    value: str | None  # TIMEX3 value, PAST_REF/PRESENT_REF/FUTURE_REF, duration, or None
    granularity: str | None  # "day" | "month" | "year" | "decade" | None
    calendar: str | None  # "gregorian" | "hijri" for dates; None for durations
    weekday: int | None  # ISO weekday written in the expression
    relative: bool
    anchor: int | str | None  # "publication", the index of the anchoring mention, or None
    same_as: int | None  # index of the mention this one equals (Hijri -> Gregorian twin)
    future: bool  # the context says the expression is about the future


# --- The shadow text ------------------------------------------------------------------------

_DELETED = re.compile(f"[{MARKS}{CONTROLS}]")
_IS_MARK = re.compile(f"[{MARKS}]")
_FOLDS = {
    **dict.fromkeys("أإآٱٲٳ", "ا"),
    **dict.fromkeys("ىیېئ", "ي"),
    "ؤ": "و",
    **dict.fromkeys("ةۀ", "ه"),
    "ک": "ك",
    **DIGITS,
}
_SHADOW_TABLE = str.maketrans(_FOLDS)


def _fold(text: str) -> str:
    """The shadow form of a literal (table names, cue words)."""
    return _DELETED.sub("", text).translate(_SHADOW_TABLE)


class _Shadow:
    """The text matched by the patterns, with the map back to the original offsets."""

    __slots__ = ("_marks", "_positions", "original", "text")

    def __init__(self, original: str) -> None:
        self.original = original
        deleted = [m.start() for m in _DELETED.finditer(original)]
        if deleted:
            self.text = _DELETED.sub("", original).translate(_SHADOW_TABLE)
        else:
            self.text = original.translate(_SHADOW_TABLE)
        # A deleted character at original index r is just before shadow index r - k.
        self._positions = [r - k for k, r in enumerate(deleted)]
        self._marks = [_IS_MARK.match(original[r]) is not None for r in deleted]

    def start(self, s: int) -> int:
        return s + bisect_right(self._positions, s)

    def end(self, e: int) -> int:
        i = bisect_left(self._positions, e)
        # Diacritics and tatweel right after the last letter belong to it (غداً، هـ).
        while i < len(self._positions) and self._positions[i] == e and self._marks[i]:
            i += 1
        return e + i


# --- Vocabulary -------------------------------------------------------------------------------

_S = r"[^\S\n]"  # a space inside one expression (an expression never crosses a line)
_SP = _S + "+"
_SO = _S + "*"
# Left edge of a word, or of a word's stem after the clitics و ف ب ل ك (outside the span).
_LB = r"(?:(?<!\w)|(?<=(?<!\w)[وفبلك])|(?<=(?<!\w)[وف][بلك]))"
_RB = r"(?!\w)"


def _pattern(literal: str) -> str:
    """A literal phrase as a pattern: flexible spaces, optional hamza (الثلاثاء/الثلاثا)."""
    words = _fold(literal).split()
    parts = []
    for word in words:
        escaped = re.escape(word).replace("ء", "ء?")
        # و starting a word of a compound number may stand apart (الحادي و العشرين).
        if len(word) > 1 and word.startswith("و") and parts:
            escaped = "و" + _SO + escaped[1:]
        parts.append(escaped)
    return _SP.join(parts)


def _alt(literals: Iterable[str]) -> str:
    """One pattern for a set of literal phrases, longest first."""
    patterns = sorted({_pattern(x) for x in literals}, key=lambda p: (-len(p), p))
    return "(?:" + "|".join(patterns) + ")"


def _words(text: str) -> list[str]:
    """A word list written as one string (vocabulary tables stay short and greppable)."""
    return text.split()


def _vocabulary(text: str) -> frozenset[str]:
    """A set of words written as one string, in shadow form (for lookups of matched words)."""
    return frozenset(_fold(w) for w in text.split())


def _key(text: str) -> str:
    """Lookup key of a shadow phrase: no hamza, no spaces."""
    return "".join(text.replace("ء", "").split())


_ORDINAL_STEMS = {
    1: "اول",
    2: "ثاني",
    3: "ثالث",
    4: "رابع",
    5: "خامس",
    6: "سادس",
    7: "سابع",
    8: "ثامن",
    9: "تاسع",
    10: "عاشر",
}


def _ordinals() -> dict[str, int]:
    """Masculine ordinals 1..31 as written for days and centuries (التاسع، الحادي والعشرين)."""
    words: dict[str, int] = {}
    for n, stem in _ORDINAL_STEMS.items():
        words[f"ال{stem}"] = n
    for n in range(1, 10):
        stem = "حادي" if n == 1 else _ORDINAL_STEMS[n]
        words[f"ال{stem} عشر"] = 10 + n
        for tens, tens_words in ((20, ("العشرين", "العشرون")), (30, ("الثلاثين", "الثلاثون"))):
            if tens + n <= 31:
                for tens_word in tens_words:
                    words[f"ال{stem} و{tens_word}"] = tens + n
    words.update({"العشرين": 20, "العشرون": 20, "الثلاثين": 30, "الثلاثون": 30})
    return words


_ORDINALS = _ordinals()
# Day words: the ordinals, and أول / غرة (the first of a month).
_DAY_WORDS = {**_ORDINALS, "اول": 1, "غره": 1}
_DAY_WORD_VALUES = {_key(_fold(w)): n for w, n in _DAY_WORDS.items()}

_CARDINAL_UNITS = {
    "واحد": 1,
    "واحده": 1,
    "احد": 1,
    "اثنين": 2,
    "اثنان": 2,
    "اثني": 2,
    "اثنا": 2,
    "اثنتين": 2,
    "ثلاث": 3,
    "ثلاثه": 3,
    "اربع": 4,
    "اربعه": 4,
    "خمس": 5,
    "خمسه": 5,
    "ست": 6,
    "سته": 6,
    "سبع": 7,
    "سبعه": 7,
    "ثمان": 8,
    "ثماني": 8,
    "ثمانيه": 8,
    "تسع": 9,
    "تسعه": 9,
}
_CARDINAL_TENS = {
    "عشر": 10,
    "عشره": 10,
    "عشرين": 20,
    "عشرون": 20,
    "ثلاثين": 30,
    "ثلاثون": 30,
    "اربعين": 40,
    "اربعون": 40,
    "خمسين": 50,
    "خمسون": 50,
    "ستين": 60,
    "ستون": 60,
    "سبعين": 70,
    "سبعون": 70,
    "ثمانين": 80,
    "ثمانون": 80,
    "تسعين": 90,
    "تسعون": 90,
    "مئه": 100,
    "مائه": 100,
    "مئتين": 200,
    "مائتين": 200,
    "الف": 1000,
}
_CARDINAL_UNITS = {_fold(k): v for k, v in _CARDINAL_UNITS.items()}
_CARDINAL_TENS = {_fold(k): v for k, v in _CARDINAL_TENS.items()}
_CARDINALS = {**_CARDINAL_UNITS, **_CARDINAL_TENS}
_UNIT_ALT = _alt(_CARDINAL_UNITS)
_TENS_ALT = _alt(_CARDINAL_TENS)
# A number in words: 3, 13 (ثلاثة عشر), 20, 25 (خمسة وعشرين).
_CARDINAL = (
    f"(?:{_UNIT_ALT}{_SP}عشر(?:ه)?|{_UNIT_ALT}{_SP}و{_SO}{_TENS_ALT}|{_TENS_ALT}|{_UNIT_ALT})"
)

# Amount units -> TIMEX unit code.
_UNITS = {
    "ثانيه": "S",
    "ثوان": "S",
    "ثواني": "S",
    "دقيقه": "MIN",
    "دقائق": "MIN",
    "ساعه": "H",
    "ساعات": "H",
    "يوم": "D",
    "يوما": "D",
    "ايام": "D",
    "اسبوع": "W",
    "اسبوعا": "W",
    "اسابيع": "W",
    "شهر": "M",
    "شهرا": "M",
    "اشهر": "M",
    "شهور": "M",
    "سنه": "Y",
    "سنوات": "Y",
    "سنين": "Y",
    "عام": "Y",
    "عاما": "Y",
    "اعوام": "Y",
    "عقد": "DE",
    "عقود": "DE",
    "قرن": "CE",
    "قرون": "CE",
}
_DUALS = {
    "يومين": "D",
    "يومان": "D",
    "ساعتين": "H",
    "ساعتان": "H",
    "دقيقتين": "MIN",
    "دقيقتان": "MIN",
    "اسبوعين": "W",
    "اسبوعان": "W",
    "شهرين": "M",
    "شهران": "M",
    "عامين": "Y",
    "عامان": "Y",
    "سنتين": "Y",
    "سنتان": "Y",
    "عقدين": "DE",
    "قرنين": "CE",
}
_UNITS = {_fold(k): v for k, v in _UNITS.items()}
_DUALS = {_fold(k): v for k, v in _DUALS.items()}
_PLURAL_UNITS = ("ساعات", "ايام", "اسابيع", "اشهر", "شهور", "سنوات", "اعوام", "عقود", "دقايق")

_VAGUE: dict[str, str] = {
    **dict.fromkeys(
        [
            "السنوات الاخيره",
            "السنوات الماضيه",
            "السنين الاخيره",
            "الاعوام الاخيره",
            "الاعوام الماضيه",
            "الاشهر الاخيره",
            "الاشهر الماضيه",
            "الشهور الاخيره",
            "الشهور الماضيه",
            "الاسابيع الاخيره",
            "الاسابيع الماضيه",
            "الايام الاخيره",
            "الايام الماضيه",
            "الساعات الاخيره",
            "الساعات الماضيه",
            "العقود الاخيره",
            "العقود الماضيه",
            "الاونه الاخيره",
            "الفتره الاخيره",
            "الفتره الماضيه",
            "المرحله الماضيه",
            "الماضي القريب",
            "وقت سابق",
            "وقت مبكر",
            "سابقا",
            "موخرا",
            "قبل قليل",
            "الاسبوعين الماضيين",
            "الاسبوعين الاخيرين",
            "الشهرين الماضيين",
            "الشهرين الاخيرين",
            "العامين الماضيين",
            "العامين الاخيرين",
            "السنتين الماضيتين",
            "السنتين الاخيرتين",
            "العقدين الماضيين",
            "العقدين الاخيرين",
        ],
        "PAST_REF",
    ),
    **dict.fromkeys(
        [
            "حاليا",
            "الوقت الحالي",
            "الوقت الراهن",
            "الوقت الحاضر",
            "الفتره الحاليه",
            "المرحله الحاليه",
            "المرحله الراهنه",
            "الفتره الراهنه",
            "هذه الايام",
            "الان",
        ],
        "PRESENT_REF",
    ),
    **dict.fromkeys(
        [
            "قريبا",
            "اقرب وقت",
            "وقت لاحق",
            "القريب العاجل",
            "المستقبل القريب",
            "بعد قليل",
            "لاحقا",
            "الايام المقبله",
            "الايام القادمه",
            "الاسابيع المقبله",
            "الاسابيع القادمه",
            "الاشهر المقبله",
            "الاشهر القادمه",
            "الشهور المقبله",
            "الشهور القادمه",
            "السنوات المقبله",
            "السنوات القادمه",
            "الاعوام المقبله",
            "الاعوام القادمه",
            "الساعات المقبله",
            "الساعات القادمه",
            "الفتره المقبله",
            "الفتره القادمه",
            "المرحله المقبله",
        ],
        "FUTURE_REF",
    ),
}
_VAGUE_VALUES = {_key(_fold(k)): v for k, v in _VAGUE.items()}
# Vague references that can narrow a day: في وقت سابق من أمس.
_VAGUE_OF_DAY = frozenset(_key(w) for w in ("وقت سابق", "وقت لاحق", "وقت مبكر"))

# Modifiers of a period: which occurrence the text means.
_MODES = {
    **dict.fromkeys(["الماضي", "المنصرم", "الفائت", "السابق", "المنقضي"], "past"),
    **dict.fromkeys(["الماضيه", "المنصرمه", "الفائته", "السابقه", "المنقضيه"], "past"),
    **dict.fromkeys(["الجاري", "الحالي", "الجاريه", "الحاليه"], "present"),
    **dict.fromkeys(["المقبل", "القادم", "المقبله", "القادمه"], "future"),
}
_MODES = {_fold(k): v for k, v in _MODES.items()}
_MOD = _alt(_MODES) + _RB

_RELATIVE_DAYS = {
    "اليوم": 0,
    "هذا اليوم": 0,
    "امس": -1,
    "الامس": -1,
    "يوم امس": -1,
    "البارحه": -1,
    "الليله البارحه": -1,
    "الليله الماضيه": -1,
    "ليله امس": -1,
    "امس الاول": -2,
    "يوم امس الاول": -2,
    "اول امس": -2,
    "اول من امس": -2,
    "غدا": 1,
    "غد": 1,
    "يوم غد": 1,
    "يوم غدا": 1,
    "بعد غد": 2,
    "بعد غدا": 2,
    "الغد": 1,
}
_RELATIVE_DAY_VALUES = {_key(k): v for k, v in _RELATIVE_DAYS.items()}

_ERA = r"(?:هجريه|هجري|للهجره|ه|ميلاديه|ميلادي|للميلاد|م)" + _RB
_YEAR4 = r"[0-9]{4}(?![0-9])"
_DAYNUM = r"(?:ال)?[0-9]{1,2}(?![0-9])"
_GM = _alt(name for names in GREGORIAN_MONTHS.values() for name in names)
_HM = _alt(name for names in HIJRI_MONTHS.values() for name in names)
_WD = _alt(name for names in WEEKDAYS.values() for name in names)
_DAYW = _alt(_DAY_WORDS)
_ORD = _alt(_ORDINALS)
_UNIT = _alt(_UNITS) + _RB
_DUAL = _alt(_DUALS) + _RB
_APPROX = r"(?:نحو|حوالي|قرابه|زهاء|ما" + _SP + r"يقارب|اكثر" + _SP + r"من|اقل" + _SP + r"من)"
_NUMBER = r"[0-9]+(?:[.,][0-9]+)?"
_DAY_PARTS = _words(
    "صباح مساء ظهر عصر فجر ليله ليل ظهيره صبيحه ضحي منتصف صباحا مساءا ظهرا عصرا ليلا فجرا"
)
_ANAPHORA_FIRST_WORDS = _words(
    "عشيه غداه اليوم الليله نفس ذات ذلك تلك يومها الصباح المساء حينها حينه حينذاك انذاك"
    " وقتها وقتذاك وقتيذ عندها"
)
_DECADES = {
    "عشرين": 2,
    "ثلاثين": 3,
    "اربعين": 4,
    "خمسين": 5,
    "ستين": 6,
    "سبعين": 7,
    "ثمانين": 8,
    "تسعين": 9,
}

_PART_WORDS = (
    "مطلع|اوايل|بدايه|بدايات|مستهل|منتصف|اواسط|اوسط|اواخر|نهايه|اخر|ختام|صيف|شتاء|خريف|ربيع"
)
_PART_WORD_SET = frozenset(_PART_WORDS.split("|"))
_HOUR_WORDS = _alt(
    [
        "الواحده",
        "الثانيه",
        "الثالثه",
        "الرابعه",
        "الخامسه",
        "السادسه",
        "السابعه",
        "الثامنه",
        "التاسعه",
        "العاشره",
        "الحاديه عشره",
        "الثانيه عشره",
    ]
)
_DAY_ADVERB = rf"(?:صباحا|مساء|مساءا|ظهرا|عصرا|ليلا|فجرا|ص|م|ت{_SP}م|ت{_SP}غ){_RB}"
_MINUTES = (
    rf"(?:{_SP}و{_SO}(?:النصف|الربع|الثلث|{_CARDINAL}|[0-9]{{1,2}})"
    rf"(?:{_SP}(?:دقيقه|دقايق))?(?:{_SP}و{_SO}{_CARDINAL}(?:{_SP}(?:ثانيه|ثوان))?)?)"
)

# --- The pieces -------------------------------------------------------------------------------

_YEAR_LINK = rf"(?:{_SO}[,،]{_SO}|{_SP}(?:من{_SP})?(?:ال|لل)?(?:عام|سنه){_SP}|{_SP}من{_SP}|{_SO})"
_RELATIVE_YEAR = rf"(?:هذا{_SP}العام|هذه{_SP}السنه|العام{_SP}{_MOD}|السنه{_SP}{_MOD})"


def _calendar_date(p: str, months: str) -> str:
    """Day(s), month (or a pair of month names), then a year, a relative year or a modifier."""
    return (
        rf"(?P<{p}>(?:يوم{_SP})?"
        rf"(?:(?:(?P<{p}_dw>{_DAYW})|(?P<{p}_d>{_DAYNUM}))"
        rf"(?:{_SO}(?:و|-|–|الي|حتي){_SO}(?P<{p}_d2>{_DAYNUM}))?{_SP}(?:من{_SP})?)?"
        rf"(?P<{p}_shahr>شهر{_SP})?"
        rf"(?P<{p}_m>{months}){_RB}"
        rf"(?:(?:{_SO}[/\\\-–]{_SO}|{_SO}\({_SO}|{_SP})(?P<{p}_m2>{months}){_RB}(?:{_SO}\))?)?"
        rf"(?:{_YEAR_LINK}(?P<{p}_y>{_YEAR4})(?:{_SO}(?P<{p}_era>{_ERA}))?"
        rf"|{_SP}(?:من{_SP})?(?P<{p}_yr>{_RELATIVE_YEAR})"
        rf"(?:{_SO}[-–]{_SO}(?P<{p}_y3>{_YEAR4})(?:{_SO}{_ERA})?)?"
        rf"|{_SP}(?P<{p}_mod>{_MOD}))?"
        rf"(?P<{p}_every>{_SP}(?:من{_SP})?كل{_SP}(?:عام|سنه){_RB})?)"
    )


_AMOUNT = (
    rf"(?P<du_amt>(?:ال)?\({_SO}(?P<du_n1>{_NUMBER}|{_CARDINAL}){_SO}\){_SO}(?P<du_u1>{_UNIT})"
    rf"|(?:ال)?(?P<du_n2>{_NUMBER})(?:{_SO}\({_SO}{_CARDINAL}{_SO}\))?{_SO}(?P<du_u2>{_UNIT})"
    rf"|(?:ال)?(?P<du_n3>{_CARDINAL})(?:{_SO}\({_SO}[0-9]+{_SO}\))?{_SP}(?P<du_u3>{_UNIT})"
    rf"|(?P<du_dual>{_DUAL})"
    rf"|(?P<du_some>عده|بضعه|بضع){_SP}(?P<du_u4>{_UNIT})"
    rf"|(?P<du_u5>{_alt(_PLURAL_UNITS)}){_SP}عده{_RB}"
    rf"|ال(?P<du_u7>{_alt(_PLURAL_UNITS)}){_SP}(?:ال)?(?P<du_n4>{_CARDINAL}){_RB}"
    rf"|(?P<du_half>نصف|ربع|ثلث){_SP}(?P<du_u6>ساعه|يوم|قرن|شهر|عام|سنه){_RB}"
    rf"|(?<=مده{_S})(?P<du_one>ساعه|يوم|اسبوع|شهر|عام|سنه|عقد){_RB})"
)

_PIECES = [
    # Anaphoric: the day before / after / of a date given earlier.
    rf"(?P<an>(?P<an_eve>عشيه|غداه){_SP}(?!يوم|اليوم|امس|غدا|{_WD}|{_GM}|{_HM}|[0-9])\w+"
    rf"|(?P<an_day>(?:اليوم|الليله){_SP}(?:التالي|التاليه|السابق|السابقه|نفسه|نفسها|ذاته|ذاتها"
    rf"|الموالي))"
    rf"|(?P<an_same>(?:نفس|ذات|ذلك){_SP}اليوم|تلك{_SP}الليله|يومها)"
    rf"|(?P<an_then>حينها|حينه|حينذاك|انذاك|وقتها|وقتذاك|وقتيذ|عندها|ذلك{_SP}(?:الوقت|الحين)"
    rf"|تلك{_SP}(?:الفتره|الاثناء|الحقبه))"
    rf"|(?<=في{_S})(?P<an_part>الصباح|المساء)){_RB}",
    rf"(?P<vg>{_alt(_VAGUE)}"
    rf"|(?:ال)?(?:[0-9]+|{_CARDINAL}){_SP}{_alt(_PLURAL_UNITS)}{_SP}(?P<vg_mod>{_MOD}"
    rf"|الاخيره|الاخيرين)"
    rf"|ال{_alt(_PLURAL_UNITS)}{_SP}(?:ال)?{_CARDINAL}{_SP}(?P<vg_mod2>{_MOD}|الاخيره|الاخيرين)"
    rf"|(?<=في{_S})(?P<vg_word>الماضي|المستقبل)){_RB}",
    rf"(?P<snv>(?:منذ|قبل){_SP}(?:سنوات|اعوام|سنين|اشهر|شهور|عقود|اسابيع|ايام|دهر"
    rf"|زمن(?:{_SP}طويل|{_SP}بعيد)?|فتره(?:{_SP}طويله)?|مده(?:{_SP}طويله)?|وقت{_SP}طويل"
    rf"|امد(?:{_SP}بعيد)?)){_RB}",
    rf"(?P<du>(?:(?P<du_pre>منذ|قبل){_SP}(?P<du_approx>{_APPROX}{_SP}(?:ال)?)?)?{_AMOUNT}{_RB})",
    rf"(?P<num>(?:يوم{_SP})?(?<![0-9/.\-])"
    rf"(?:(?P<num_d>[0-9]{{1,2}}){_SO}(?P<num_s>[/.\-]){_SO}(?P<num_m>[0-9]{{1,2}}){_SO}"
    rf"(?P=num_s){_SO}(?P<num_y>[0-9]{{4}})"
    rf"|(?P<num_y2>[0-9]{{4}}){_SO}(?P<num_s2>[/.\-]){_SO}(?P<num_m2>[0-9]{{1,2}}){_SO}"
    rf"(?P=num_s2){_SO}(?P<num_d2>[0-9]{{1,2}})"
    rf"|(?P<num_d3>[0-9]{{1,2}}){_SO}/{_SO}(?:(?P<num_gm>{_GM})|(?P<num_hm>{_HM})){_SO}/{_SO}"
    rf"(?P<num_y3>[0-9]{{4}}))"
    rf"(?![0-9]|{_SO}[/.\-]{_SO}[0-9])(?:{_SO}(?P<num_era>{_ERA}))?)",
    _calendar_date("hd", _HM),
    _calendar_date("gd", _GM),
    rf"(?P<dm>(?:(?P<dm_dw>{_DAYW})|(?P<dm_d>{_DAYNUM})){_SP}من{_SP}(?:هذا{_SP})?الشهر"
    rf"(?:{_SP}(?P<dm_mod>{_MOD}))?{_RB})",
    rf"(?P<yr>(?:(?P<yr_cue>(?:ال|لل)?(?:عام|سنه)){_SP})?(?P<yr_y>{_YEAR4})"
    rf"(?:{_SO}(?:[-–/]|الي|حتي|لغايه){_SO}(?:(?:ال)?عام{_SP})?(?P<yr_y2>{_YEAR4}))?"
    rf"(?:{_SO}(?P<yr_era>{_ERA}))?)",
    rf"(?P<rp>(?P<rp_this>هذا|هذه){_SP}(?P<rp_u1>الاسبوع|الشهر|العام|السنه|العقد|الربع){_RB}"
    rf"|(?P<rp_u2>الاسبوع|الشهر|العام|السنه|العقد|الربع){_SP}(?P<rp_mod>{_MOD}"
    rf"|قبل{_SP}الماضي{_RB}|بعد{_SP}المقبل{_RB}|بعد{_SP}القادم{_RB})"
    rf"|(?P<rp_bare>الشهر|العام|السنه|الاسبوع){_RB})",
    rf"(?P<rd>(?:هذا{_SP})?اليوم|(?:يوم{_SP})?امس{_SP}الاول|اول{_SP}من{_SP}امس|اول{_SP}امس"
    rf"|(?:يوم{_SP})?(?:ال)?امس|(?:الليله{_SP})?البارحه|الليله{_SP}الماضيه|ليله{_SP}امس"
    rf"|بعد{_SP}غدا?|(?:يوم{_SP})?غدا?|الغد){_RB}",
    rf"(?P<wd>(?:يوم{_SP})?(?P<wd_n>{_WD}){_RB}(?:{_SP}(?P<wd_mod>{_MOD}))?)",
    rf"(?P<dec>(?P<dec_w>(?:ال)?(?:عشرين|ثلاثين|اربعين|خمسين|ستين|سبعين|ثمانين|تسعين)(?:يات|ات))"
    rf"{_RB}(?!{_SP}من{_SP}(?:ال)?عمر)"
    rf"(?:{_SP}(?:من{_SP})?القرن{_SP}(?P<dec_c>الماضي|المنصرم|الحالي|الجاري|العشرين"
    rf"|الحادي{_SP}و{_SO}العشرين|التاسع{_SP}عشر|الثامن{_SP}عشر){_RB})?)",
    rf"(?P<cen>(?:ال|لل)قرن{_SP}(?:(?P<cen_o>{_ORD})|(?P<cen_n>[0-9]{{1,2}})"
    rf"|(?P<cen_rel>الماضي|المنصرم|الحالي|الجاري|المقبل|القادم)){_RB}"
    rf"(?:{_SP}(?P<cen_cal>الهجري|الميلادي|للهجره|للميلاد){_RB})?)",
    rf"(?P<q>(?:الربع|النصف){_SP}(?P<q_o>الاول|الثاني|الثالث|الرابع|الاخير|المماثل){_RB})",
    rf"(?P<dp>(?:صباح|مساء|ظهر|بعد{_SP}ظهر|عصر|فجر|ليله|ليل|ظهيره|صبيحه|ضحي"
    rf"|منتصف{_SP}ليل(?:ه)?|صباحا|مساءا|ظهرا|عصرا|ليلا|فجرا){_RB})",
    rf"(?P<pp>(?:{_PART_WORDS}){_RB})",
    rf"(?P<tm>(?:الساعه{_SO}(?:\({_SO}[0-9]{{1,2}}(?::[0-9]{{2}})?{_SO}\)|[0-9]{{1,2}}(?::[0-9]{{2}})?"
    rf"|{_HOUR_WORDS}{_MINUTES}?)|[0-9]{{1,2}}:[0-9]{{2}})(?![0-9])"
    rf"(?:{_SP}(?:دقيقه|دقايق){_RB})?(?:{_SO}{_DAY_ADVERB})?"
    rf"(?:{_SP}(?:ب|حسب{_SP})?(?:ال)?توقيت{_SP}\w+(?:{_SP}(?:المكرمه|المحلي))?)?)",
]
_PIECE = re.compile(_LB + "(?:" + "|".join(_PIECES) + ")")


def _first_words(*phrases: str) -> set[str]:
    return {_fold(p).split()[0] for p in phrases}


def _trie(words: set[str]) -> str:
    """One pattern for many literal words, as a trie: the regex engine rejects a position on
    its first letter instead of trying every word (a flat alternation is several times slower)."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(root)


# The first word of every piece (shadow form): the pattern is tried only where a word, after at
# most two clitics, is one of these (with or without its hamza) or a number. Trying the whole
# alternation at every word of an article costs several times more than the rest of the tagger.
_TRIGGER_FORMS = frozenset(
    _first_words(
        *_VAGUE,
        *(n for names in GREGORIAN_MONTHS.values() for n in names),
        *(n for names in HIJRI_MONTHS.values() for n in names),
        *(n for names in WEEKDAYS.values() for n in names),
        *_DAY_WORDS,
        *_CARDINALS,
        *(f"ال{w}" for w in _CARDINALS),
        *_UNITS,
        *(f"ال{w}" for w in _PLURAL_UNITS),
        *_DUALS,
        *_RELATIVE_DAYS,
        *(f"{a}{stem}{b}" for a in ("", "ال") for stem in _DECADES for b in ("يات", "ات")),
        *_PART_WORDS.split("|"),
        *_DAY_PARTS,
        *_ANAPHORA_FIRST_WORDS,
        *_words("هذا هذه الاسبوع الشهر العام السنه العقد الربع النصف القرن للقرن الساعه"),
        *_words("يوم شهر عام للعام سنه للسنه منذ قبل بعد عده بضعه بضع نصف ربع ثلث"),
        *_words("الماضي المستقبل ال ذو ذي ذا"),
    )
)
_TRIGGERS = frozenset(w.replace("ء", "") for w in _TRIGGER_FORMS)
# Words (after at most two clitics) that may start a piece: a trigger word or a number.
_CANDIDATE = re.compile(
    r"(?<!\w)[وفبلك]{0,2}(?:" + _trie(_TRIGGER_FORMS | _TRIGGERS) + r"(?!\w)|ال[0-9]|[0-9])"
)
_WORD = re.compile(r"\w+")
_CLITIC_PAIRS = frozenset(a + b for a in "وف" for b in "بلك")


def _scan(shadow: str) -> list[re.Match[str]]:
    """`_PIECE.finditer(shadow)`, tried only at the words that can start a piece."""
    found: list[re.Match[str]] = []
    end = 0
    for candidate in _CANDIDATE.finditer(shadow):
        start = candidate.start()
        if start < end:
            continue
        word = _WORD.match(shadow, start)
        if word is None:
            continue
        text = word.group()
        positions: list[int] = []
        if start > 0 and shadow[start - 1] == "(":
            positions.append(start - 1)  # (24) شهرا، (خمسة) أيام
        if text[0].isdigit() or text in _TRIGGERS or text.replace("ء", "") in _TRIGGERS:
            positions.append(start)
        elif text[:2] == "ال" and len(text) > 2 and text[2].isdigit():
            positions.append(start)  # الـ8
        if len(text) > 1 and text[0] in "وفبلك":
            rest = text[1:]
            if rest[0].isdigit() or rest.replace("ء", "") in _TRIGGERS:
                positions.append(start + 1)
            elif len(text) > 2 and text[:2] in _CLITIC_PAIRS:
                rest = text[2:]
                if rest[0].isdigit() or rest.replace("ء", "") in _TRIGGERS:
                    positions.append(start + 2)
        for position in positions:
            if position < end:
                continue
            match = _PIECE.match(shadow, position)
            if match is not None and match.end() > match.start():
                found.append(match)
                end = match.end()
                break
    return found


# Gaps allowed between the pieces of one expression.
_GAP_LINK = re.compile(rf"{_SO}(?:[(),،]{_SO}){{0,2}}")
_GAP_SPACE = re.compile(_SO)
_GAP_COMMA = re.compile(rf"{_SO}[,،]?{_SO}")
_GAP_OF = re.compile(rf"{_SP}من{_SP}")
_GAP_PART = re.compile(rf"{_SP}(?:من{_SP}|ل)?")
# A calendar note between two dates: they are one date in two calendars.
_NOTE = re.compile(
    rf"{_SO}[,،]?{_SO}(?:\(?{_SO}(?:حسب|بحسب|وفق|وفقا{_SP}ل){_SO}تقويم{_SP}ام{_SP}القري{_SO}\)?"
    rf"{_SO}[,،]?{_SO})?(?:\(?{_SO}(?:و)?(?:الموافق|الموافقه|يوافق|الموافقين)(?:{_SP}ل)?{_SO}[:]?"
    rf"{_SO}\(?{_SO})"
)
_TWIN_GAP = re.compile(rf"{_SO}(?:\(|/|[-–]){_SO}")

# Words before a bare month or year that make it a date (في مايو، منذ 2001).
_CUES = _vocabulary(
    "في خلال منذ حتى قبل بعد من إلى الى طيلة طوال لغاية ابتداء اعتبارا بحلول أواخر مطلع "
    "أوائل منتصف بداية نهاية أواسط مستهل ختام عن مع"
)
_PREV_WORD = re.compile(r"(\w+)[^\w\n]*\Z")
_NEXT_WORD = re.compile(rf"{_SO}(\w*)")
# Words that can follow a bare year (في 2001 عندما ...), unlike the noun a count is followed by.
_CLAUSE_WORDS = _vocabulary(
    "و في على إلى الى من عن مع حتى بعد قبل خلال ثم حيث لكن إلا أن أنه كما أو عندما حين حينما"
    " إثر عقب لدى بين وفي وقد وكان وهو وهي ولم ولكن فقد"
)
# Not a date after these words: the outlet عين اليوم, روسيا اليوم; Friday prayers.
_OUTLET_WORDS = _vocabulary("عين صحيفة جريدة أخبار روسيا قناة موقع مجلة برنامج")
_NOT_A_DAY_AFTER = _vocabulary(
    "الوطني العالمي الدولي العربي الخليجي الأول الثاني الثالث الرابع الخامس الأخير "
    "التدريبي الدراسي المفتوح المحدد الموعود المشهود الختامي الافتتاحي الكامل الطويل "
    "الواحد"
)
_RECURRING_WEEKDAY_BEFORE = _vocabulary("صلاة خطبة صلاتي كل أيام خطب جمعة")
_TWO_BEFORE = _vocabulary("بين كلا هذين هاتين")
# Nouns that العام qualifies as an adjective ("general"): الأمين العام الحالي is no year.
_GENERAL_NOUNS = _vocabulary(
    "الأمين أمين المدير مدير المفتش النائب المدعي الرأي القطاع الشأن النظام المال الأمن "
    "المشرف المنسق المراقب الادعاء النفع الذوق الصالح الاكتتاب المرشد الوكيل المساعد "
    "الإضراب العفو التعليم"
)
_AGE_BEFORE = re.compile(
    r"(?:عمره|عمرها|عمرهم|عمر|البالغ|البالغه|يبلغ|تبلغ|بعمر|بلغ|ناهز|يناهز|ذو|ذات|سن)"
    rf"{_SO}(?:ال)?{_SO}\(?{_SO}\Z"
)
_AGE_AFTER = re.compile(rf"{_SP}من{_SP}(?:ال)?عمر")
_BYLINE = re.compile(rf"{_SO}[-–|]")
# قبل يومين من مقتله: an amount before an event, not before publication.
_BEFORE_EVENT = re.compile(rf"{_SP}من{_SP}(?!الان)")
# Past-tense markers and the perfect verbs news reports events with: a bare month in their
# clause is the last one (قتل في سبتمبر: September before publication).
_PAST_WORDS = _vocabulary(
    "قد لقد لم لما كان كانت كانوا كانا تم جرى جرت وقع وقعت وقعا حدث حدثت شهد شهدت "
    "أعلن أعلنت قال قالت "
    "أكد أكدت أفاد أفادت ذكر ذكرت أشار أشارت قتل قتلت استهدف استهدفت صدر صدرت عقد عقدت زار "
    "زارت التقى التقت استقبل استقبلت وصل وصلت غادر غادرت انطلق انطلقت بدأ بدأت اندلع اندلعت "
    "أصدر أصدرت نشر نشرت صادق صادقت أطلق أطلقت سقط سقطت توفي ولد تأسس تأسست أدى أدت شارك "
    "شاركت أجرى أجرت تعرض تعرضت اجتاح دخل دخلت انسحب انسحبت جاء جاءت أقيم أقيمت بلغ بلغت "
    "ارتفع ارتفعت تراجع تراجعت سجل سجلت كشف كشفت أوضح أوضحت اعتقل اعتقلت أسس بحث بحثا بحثت "
    "ناقش ناقشت دعا دعت طالب طالبت رحب رحبت اتفق اتفقا اتفقت أبرم أبرمت دشن دشنت افتتح "
    "افتتحت ألقى ضرب ضربت فاز فازت خسر تولى عين عينت أقال استقال انتخب انتخبت قام قامت "
    "مات لقي لقيت أسفر أسفرت هاجم هاجمت اغتيل انعقد انعقدت صنف صنفت استضاف استضافت "
    "أبلغ أبلغت وافق وافقت قرر قررت أقر أقرت رفض رفضت أعرب أعربت نفذ نفذت أنهى أنهت "
    "حصل حصلت أودع فر هرب اختفى ظهر ظهرت احتفل احتفلت نظم نظمت أجريت وقعوا أعلنوا قالوا "
    "رصد رصدت"
)
_OBJECT_PRONOUN = re.compile(r"(?:هما|هم|هن|ها|ه|نا|كم)\Z")
_SENTENCE_END = re.compile(r"[.!?؟؛\n]")
# Future context: سوف, من المقرر ..., or a verb with the future prefix سـ.
_FUTURE_CUE = re.compile(
    rf"(?<!\w)(?:[وف]?سوف|من{_SP}(?:المقرر|المتوقع|المنتظر|المزمع)|المزمع|المرتقب|يعتزم|تعتزم"
    rf"|يرتقب|غدا|المقبل|المقبله|القادم|القادمه)(?!\w)|(?<!\w)[وف]?(?P<verb>س[يتن]\w{{3,}})"
)
_NOT_FUTURE_VERBS = _vocabulary(
    "سياسة سياسي سياسية سياسيا سياسات سياسيين سيارة سيارات سيادة سياحة سياحي سياحية سياق "
    "سيطرة سيرة سينما سيول سيناء سيناريو سيرغي سيرجي سيدة سيدات ستين ستون ستار سنوات "
    "سنوية سنويا سنوي سنين سنغافورة سنغال سندات ستراتيجية سيتي ستيفن سيمون سيدني سياج "
    "سيولة ستوكهولم سنتيمتر"
)

# --- Publication date ------------------------------------------------------------------------

_PUBLISHED = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


def _publication(published: str | None) -> tuple[date, date] | None:
    """First and last day of the publication interval, or None when it is not a calendar value."""
    if not published:
        return None
    match = _PUBLISHED.fullmatch(published)
    if match is None:
        return None
    try:
        year = int(match[1])
        if match[3]:
            day = date(year, int(match[2]), int(match[3]))
            return day, day
        if match[2]:
            month = int(match[2])
            return date(year, month, 1), _month_end(year, month)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


# --- Calendar arithmetic ---------------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def _smallest_period(start: date, end: date) -> tuple[str | None, str | None]:
    """The TIMEX value and granularity of the smallest period holding start..end."""
    if start == end:
        return start.isoformat(), "day"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.year:04d}-{start.month:02d}", "month"
    if start.year == end.year:
        return f"{start.year:04d}", "year"
    if start.year // 10 == end.year // 10:
        return f"{start.year // 10:03d}X", "decade"
    return None, None


def _week(day: date) -> tuple[str | None, str | None]:
    """A week has no TIMEX granularity: its month when it lies in one, else its year.

    Arab countries start the week on Saturday, Sunday or Monday, and an article does not say
    which: the span covers the week containing `day` under each, so that «الأسبوع الماضي» of a
    Sunday's paper (24 February to 2 March under a Sunday week) is not read as February alone.
    """
    starts = [day - timedelta(days=(day.weekday() - first) % 7) for first in (5, 6, 0)]
    return _smallest_period(min(starts), max(starts) + timedelta(days=6))


def _gregorian_day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _hijri_span(year: int, month: int, day: int | None) -> tuple[date, date] | None:
    """Gregorian first and last day of a Hijri day or month (Umm al-Qura), None outside it."""
    from hijridate import Hijri  # the conversion tables load on first use

    try:
        first = Hijri(year, month, 1)
        length = first.month_length()
        if day is not None:
            # Day 30 of a month Umm al-Qura gives 29 days is the day after the 29th.
            extra = max(0, day - length)
            start = Hijri(year, month, day - extra).to_gregorian() + timedelta(days=extra)
            return start, start
        return first.to_gregorian(), Hijri(year, month, length).to_gregorian()
    except (OverflowError, ValueError):
        return None


def _to_hijri(day: date) -> tuple[int, int, int] | None:
    from hijridate import Gregorian

    try:
        hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    except (OverflowError, ValueError):
        return None
    return hijri.year, hijri.month, hijri.day


Candidate = tuple[str, date, date]


def _select(candidates: list[Candidate], day: date, mode: str) -> str | None:
    """The occurrence the text means, relative to `day`.

    `past` / `future`: the last one strictly before, the next one strictly after; `upto` /
    `from`: the last one begun on or before, the first one not over on or after; otherwise
    the nearest.
    """
    if not candidates:
        return None
    if mode == "past":
        before = [c for c in candidates if c[2] < day]
        return max(before, key=lambda c: c[1])[0] if before else None
    if mode == "future":
        after = [c for c in candidates if c[1] > day]
        return min(after, key=lambda c: c[1])[0] if after else None
    if mode == "upto":
        begun = [c for c in candidates if c[1] <= day]
        return max(begun, key=lambda c: c[1])[0] if begun else None
    if mode == "from":
        unfinished = [c for c in candidates if c[2] >= day]
        return min(unfinished, key=lambda c: c[1])[0] if unfinished else None

    def distance(c: Candidate) -> tuple[int, date]:
        if c[1] <= day <= c[2]:
            return 0, c[1]
        return min(abs((c[1] - day).days), abs((c[2] - day).days)), c[1]

    return min(candidates, key=distance)[0]


def _gregorian_candidates(year: int, month: int, day: int | None) -> list[Candidate]:
    found = []
    for y in (year - 1, year, year + 1):
        try:
            if day is None:
                found.append((f"{y:04d}-{month:02d}", date(y, month, 1), _month_end(y, month)))
            else:
                d = date(y, month, day)
                found.append((d.isoformat(), d, d))
        except ValueError:
            continue
    return found


def _hijri_candidates(year: int, month: int, day: int | None) -> list[Candidate]:
    found = []
    for y in (year - 1, year, year + 1):
        span = _hijri_span(y, month, day)
        if span is not None:
            value = f"{y:04d}-{month:02d}" + (f"-{day:02d}" if day is not None else "")
            found.append((value, *span))
    return found


# --- Pieces and expressions ------------------------------------------------------------------

Resolver = Callable[[date], str | None]


@dataclass
class _Piece:
    """One regex match: its role in an expression and what it says."""

    kind: str
    start: int
    end: int
    match: re.Match[str]
    # Filled by the interpreter:
    value: str | None = None
    resolve: Resolver | None = None  # relative: the value for a publication day
    granularity: str | None = None
    calendar: str | None = "gregorian"
    weekday: int | None = None
    needs_cue: bool = False
    bare: bool = False  # a month name alone


@dataclass
class _Expr:
    """One mention being built (shadow offsets until the end)."""

    start: int
    end: int
    kind: str = "date"
    value: str | None = None
    granularity: str | None = None
    calendar: str | None = "gregorian"
    weekday: int | None = None
    relative: bool = False
    future: bool = False
    anchor: str | _Expr | None = None  # "publication", the anchoring expression, or None
    same_as: _Expr | None = None
    head: str = ""  # kind of the piece that gives the value
    day_offset: int | None = None  # for anaphoric expressions
    weekday_only: bool = False
    explicit: bool = False  # a weekday with its own modifier (الخميس القادم)


_HEADS = {"num", "gd", "hd", "yr", "dm", "rp", "dec", "cen"}
_DAYLIKE = {"num", "gd", "hd"}


def _joins(last: _Piece, new: _Piece, gap: str, kinds: set[str]) -> bool:
    """Whether `new` continues the expression whose last piece is `last`."""
    a, b = last.kind, new.kind
    if b in ("tm", "dp") and a in {"rd", "wd"} | _DAYLIKE:
        # A clock time or a part of day after a day: الأحد الساعة 11:59، اليوم مساء.
        if a in _DAYLIKE and not _is_day_level(last):
            return False
        return _GAP_COMMA.fullmatch(gap) is not None and "tm" not in kinds
    if a == "tm":
        return b in {"dp", "rd", "wd", "an"} | _DAYLIKE and (
            _GAP_SPACE.fullmatch(gap) is not None or _GAP_OF.fullmatch(gap) is not None
        )
    if a == "dp":
        return b in {"rd", "wd", "an"} | _DAYLIKE and _GAP_SPACE.fullmatch(gap) is not None
    if a == "rd":
        if b == "rd":
            return "(" in gap and _GAP_LINK.fullmatch(gap) is not None
        return b in {"wd"} | _DAYLIKE and _GAP_LINK.fullmatch(gap) is not None
    if a == "wd":
        return b in _DAYLIKE and _GAP_LINK.fullmatch(gap) is not None
    if a == "vg":
        # في وقت سابق من أمس: earlier on that day.
        return (
            b in {"rd", "wd"}
            and _key(last.match.group("vg")) in _VAGUE_OF_DAY
            and _GAP_OF.fullmatch(gap) is not None
        )
    if a == "pp":
        return b in {"gd", "hd", "yr", "rp", "dec", "cen"} and _GAP_SPACE.fullmatch(gap) is not None
    if a == "q":
        return b in {"gd", "hd", "yr", "rp", "cen"} and _GAP_PART.fullmatch(gap) is not None
    return False


def _is_day_level(piece: _Piece) -> bool:
    m = piece.match
    if piece.kind == "num":
        return True
    p = piece.kind
    return bool(m.group(f"{p}_d") or m.group(f"{p}_dw")) and not m.group(f"{p}_d2")


def _prev_word(shadow: str, start: int) -> str:
    found = _PREV_WORD.search(shadow, max(0, start - 40), start)
    return found[1] if found else ""


def _has_cue(shadow: str, start: int) -> bool:
    """A preposition before a bare month or year: في مايو، بمايو، وفي 2001، ومنذ 2001."""
    # The clitics the pattern left outside the span (at most two letters: وب، فل).
    first = start
    while first > 0 and start - first < 2 and shadow[first - 1] in "وفبلك":
        first -= 1
    if first < start and (first == 0 or not shadow[first - 1].isalnum()):
        if any(c in "بلك" for c in shadow[first:start]):
            return True  # بمايو، لعام
    else:
        first = start
    word = _prev_word(shadow, first)
    return word in _CUES or (len(word) > 1 and word[0] in "وف" and word[1:] in _CUES)


def _parse(piece: _Piece, shadow: str, future: bool, tense: str | None = None) -> bool:
    """Fill in what `piece` says; False when it is not a temporal expression after all."""
    m, kind = piece.match, piece.kind
    if kind in ("gd", "hd"):
        return _parse_calendar_date(piece, shadow, tense)
    if kind == "num":
        return _parse_numeric(piece)
    if kind == "yr":
        return _parse_year(piece, shadow)
    if kind == "dm":
        day = _day_number(m["dm_dw"], m["dm_d"])
        if day is None:
            return False
        mode = _MODES.get(m["dm_mod"] or "", "present")
        by = {"past": -1, "present": 0, "future": 1}[mode]

        def resolve_dm(p: date) -> str | None:
            y, mo = _shift_month(p.year, p.month, by)
            return _gregorian_day(y, mo, day)

        piece.resolve, piece.granularity = resolve_dm, "day"
        return True
    if kind == "rp":
        return _parse_relative_period(piece, shadow)
    if kind == "rd":
        return _parse_relative_day(piece, shadow)
    if kind == "wd":
        return _parse_weekday(piece, shadow, future)
    if kind == "dec":
        return _parse_decade(piece)
    if kind == "cen":
        piece.granularity = None
        piece.calendar = "hijri" if m["cen_cal"] in ("الهجري", "للهجره") else "gregorian"
        if m["cen_rel"]:
            piece.resolve = lambda p: None  # no granularity for centuries: relative, no value
        return True
    return True  # the other pieces say what they say when the expression is interpreted


def _day_number(word: str | None, digits: str | None) -> int | None:
    if digits is not None:
        day = int(digits.removeprefix("ال"))
    elif word is not None:
        day = _DAY_WORD_VALUES.get(_key(word), 0)
    else:
        return None
    return day if 1 <= day <= 31 else None


def _parse_calendar_date(piece: _Piece, shadow: str, tense: str | None) -> bool:
    m, p = piece.match, piece.kind
    hijri = p == "hd"
    lookup = hijri_month_number if hijri else month_number
    month = lookup(m[f"{p}_m"])
    second = lookup(m[f"{p}_m2"]) if m[f"{p}_m2"] else month
    if month is None or second != month:
        return False
    if m[f"{p}_every"]:
        if not (m[f"{p}_y"] or m[f"{p}_yr"]):
            return False  # ليلة 14 رمضان من كل عام: every year, no calendar time
        piece.end = m.start(f"{p}_every")  # ذكرى 15 أيار 1948 كل عام: the date is 1948
    has_day = bool(m[f"{p}_d"] or m[f"{p}_dw"])
    day = _day_number(m[f"{p}_dw"], m[f"{p}_d"]) if has_day else None
    if has_day and day is None:
        return False
    day2 = _day_number(None, m[f"{p}_d2"]) if m[f"{p}_d2"] else None
    if day is not None and day2 is not None and day2 <= day:
        day2 = None
    if hijri and (day or 0) > 30:
        return False
    piece.calendar = "hijri" if hijri else "gregorian"
    year_text = m[f"{p}_y"] or m[f"{p}_y3"]
    if year_text is not None:
        year = int(year_text)
        era = m[f"{p}_era"] or ""
        if era and (era.startswith("ه") or "هجر" in era) != hijri:
            return False  # a Hijri month with a Gregorian year (or the reverse)
        if not 1000 <= year <= 2200:
            return False
    else:
        year = None
    if day is not None and day2 is not None:
        piece.granularity = "month"  # a range of days in one month
        day = None
    else:
        piece.granularity = "day" if day is not None else "month"
    bare = day is None and day2 is None and year is None
    bare = bare and not (m[f"{p}_yr"] or m[f"{p}_mod"] or m[f"{p}_m2"] or m[f"{p}_shahr"])
    piece.needs_cue = bare and not _has_cue(shadow, piece.start)
    piece.bare = bare
    if year is not None:
        piece.value = _calendar_value(hijri, year, month, day)  # None for 30 February
        if m[f"{p}_yr"]:
            piece.resolve = _const(piece.value)  # من العام الجاري - 2022: the year is given
        return True
    if m[f"{p}_yr"]:
        offset = _year_offset(m[f"{p}_yr"])

        def resolve_year(day_: date) -> str | None:
            y = _current_year(day_, hijri) if offset is not None else None
            if y is None or offset is None:
                return None
            return _calendar_value(hijri, y + offset, month, day)

        piece.resolve = resolve_year
        return True
    # No modifier: the last occurrence on or before publication when the clause speaks of the
    # past, the next one on or after it when it speaks of the future, else the nearest one.
    default = {"future": "from", "past": "upto"}.get(tense or "", "nearest")
    mode = _MODES.get(m[f"{p}_mod"] or "", default)
    piece.resolve = _occurrence(hijri, month, day, mode)
    return True


def _const(value: str | None) -> Resolver:
    return lambda p: value


def _calendar_value(hijri: bool, year: int, month: int, day: int | None) -> str | None:
    if not 1 <= year <= 9999:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    if hijri:
        return f"{year:04d}-{month:02d}-{day:02d}" if day <= 30 else None
    return _gregorian_day(year, month, day)


def _year_offset(text: str) -> int | None:
    words = text.split()
    if words[0] in ("هذا", "هذه"):
        return 0
    mode = _MODES.get(words[-1])
    return {"past": -1, "present": 0, "future": 1}.get(mode or "")


def _current_year(day: date, hijri: bool) -> int | None:
    if not hijri:
        return day.year
    converted = _to_hijri(day)
    return converted[0] if converted else None


def _occurrence(hijri: bool, month: int, day: int | None, mode: str) -> Resolver:
    """A day and month, or a month, without a year: which occurrence, from the publication."""

    def resolve(p: date) -> str | None:
        if hijri:
            today = _to_hijri(p)
            if today is None:
                return None
            candidates = _hijri_candidates(today[0], month, day)
            current = today[0]
        else:
            candidates = _gregorian_candidates(p.year, month, day)
            current = p.year
        if mode == "present":
            candidates = [c for c in candidates if c[0].startswith(f"{current:04d}-")]
            mode_ = "nearest"
        else:
            mode_ = mode
        return _select(candidates, p, mode_)

    return resolve


def _numeric_calendar(year: int, era: str) -> str | None:
    if era:
        return "hijri" if era.startswith("ه") or "هجر" in era else "gregorian"
    if 1900 <= year <= 2100:
        return "gregorian"
    if 1300 <= year <= 1500:
        return "hijri"
    return None


def _parse_numeric(piece: _Piece) -> bool:
    m = piece.match
    era = m["num_era"] or ""
    if m["num_y"]:
        day, month, year = int(m["num_d"]), int(m["num_m"]), int(m["num_y"])
        if month > 12 and day <= 12:
            day, month = month, day  # written month first (9/25/2015)
    elif m["num_y2"]:
        year, month, day = int(m["num_y2"]), int(m["num_m2"]), int(m["num_d2"])
    else:
        day, year = int(m["num_d3"]), int(m["num_y3"])
        name = m["num_gm"] or m["num_hm"]
        month = (month_number if m["num_gm"] else hijri_month_number)(name) or 0
        era = era or ("ه" if m["num_hm"] else "")
    calendar = _numeric_calendar(year, era)
    if calendar is None or not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    if calendar == "hijri" and (day > 30 or not 1000 <= year <= 1600):
        return False
    if calendar == "gregorian" and not 1000 <= year <= 2200:
        return False
    piece.calendar, piece.granularity = calendar, "day"
    piece.value = _calendar_value(calendar == "hijri", year, month, day)
    return True


def _parse_year(piece: _Piece, shadow: str) -> bool:
    m = piece.match
    year = int(m["yr_y"])
    era = m["yr_era"] or ""
    hijri = bool(era) and (era.startswith("ه") or "هجر" in era)
    if hijri:
        if not 1000 <= year <= 1600:
            return False
    elif not 1900 <= year <= 2100:
        return False
    if not (m["yr_cue"] or era or m["yr_y2"]):
        # في 2001: a year; في 2000 موقع: a count. A bare number is a year only after a cue
        # and before the end of the clause or a function word.
        follower = _NEXT_WORD.match(shadow, piece.end)
        after_part = _prev_word(shadow, piece.start) in _PART_WORD_SET  # أواخر 2012 بدأ
        if follower and follower[1] and follower[1] not in _CLAUSE_WORDS and not after_part:
            return False
        piece.needs_cue = not _has_cue(shadow, piece.start)
    piece.calendar = "hijri" if hijri else "gregorian"
    if m["yr_y2"]:
        second = int(m["yr_y2"])
        if not (era or m["yr_cue"] or _has_cue(shadow, piece.start)):
            return False  # استراتيجية 2020-2025: a name or a plan, not a date
        if hijri or second <= year:
            piece.value, piece.granularity = None, None
        else:
            piece.value, piece.granularity = _smallest_period(
                date(year, 1, 1), date(second, 12, 31)
            )
        return True
    piece.value, piece.granularity = f"{year:04d}", "year"
    return True


def _parse_relative_period(piece: _Piece, shadow: str) -> bool:
    m = piece.match
    if m["rp_bare"]:
        # مطلع الشهر، نهاية العام: only after a part-of-period word (checked when joining).
        piece.needs_cue = True
        unit, by = m["rp_bare"], 0
    else:
        unit = m["rp_u1"] or m["rp_u2"]
        mod = m["rp_mod"]
        if mod is None:
            by = 0
        elif mod.startswith("قبل"):
            by = -2
        elif mod.startswith("بعد"):
            by = 2
        else:
            by = {"past": -1, "present": 0, "future": 1}[_MODES[mod]]
    if unit in ("العام", "السنه") and _prev_word(shadow, piece.start) in _GENERAL_NOUNS:
        return False  # الأمين العام الحالي: "general", not "year"
    if unit == "الاسبوع":
        piece.granularity = None

        def resolve_week(p: date) -> str | None:
            return _week(p + timedelta(days=7 * by))[0]

        piece.resolve = resolve_week
    elif unit == "الشهر":
        piece.granularity = "month"

        def resolve_month(p: date) -> str | None:
            y, mo = _shift_month(p.year, p.month, by)
            return f"{y:04d}-{mo:02d}" if 1 <= y <= 9999 else None

        piece.resolve = resolve_month
    elif unit in ("العام", "السنه"):
        piece.granularity = "year"
        piece.resolve = lambda p: f"{p.year + by:04d}" if 1 <= p.year + by <= 9999 else None
    elif unit == "العقد":
        piece.granularity = "decade"
        piece.resolve = lambda p: f"{p.year // 10 + by:03d}X" if p.year // 10 + by > 0 else None
    else:  # الربع: a quarter lies in one year
        piece.granularity = "year"

        def resolve_quarter(p: date) -> str | None:
            y, _ = _shift_month(p.year, p.month, 3 * by)
            return f"{y:04d}" if 1 <= y <= 9999 else None

        piece.resolve = resolve_quarter
    return True


def _parse_relative_day(piece: _Piece, shadow: str) -> bool:
    text = piece.match.group("rd")
    offset = _RELATIVE_DAY_VALUES.get(_key(text))
    if offset is None:
        return False
    if text == "الغد" and not _has_cue(shadow, piece.start):
        return False  # حزب الغد، صحيفة الغد: names; من الغد، في الغد: tomorrow
    if text.endswith("اليوم") and not text.startswith("هذا"):
        before = shadow[piece.start - 1] if piece.start else ""
        after = shadow[piece.end] if piece.end < len(shadow) else ""
        if before in "«\"“'" and after in "»\"”'":
            return False  # «اليوم»: the newspaper
        if _prev_word(shadow, piece.start) in _OUTLET_WORDS:
            return False  # عين اليوم، روسيا اليوم
        following = re.match(rf"{_SP}(\w+)", shadow[piece.end : piece.end + 30])
        if following and following[1] in _NOT_A_DAY_AFTER:
            return False  # اليوم الوطني، اليوم الأول
    piece.granularity = "day"
    piece.resolve = lambda p: _add_days(p, offset)
    return True


def _add_days(day: date, days: int) -> str | None:
    try:
        return (day + timedelta(days=days)).isoformat()
    except OverflowError:
        return None


def _parse_weekday(piece: _Piece, shadow: str, future: bool) -> bool:
    m = piece.match
    weekday = weekday_number(m["wd_n"])
    if weekday is None:
        return False
    before = _prev_word(shadow, piece.start)
    if not m.group("wd").startswith("يوم") and (
        before in _RECURRING_WEEKDAY_BEFORE or (weekday == 1 and before in _TWO_BEFORE)
    ):
        return False  # صلاة الجمعة، كل خميس; بين الاثنين (the two)
    piece.weekday, piece.granularity = weekday, "day"
    mode = _MODES.get(m["wd_mod"] or "")

    def resolve(p: date) -> str | None:
        today = p.isoweekday()
        if mode == "past":
            back = (today - weekday) % 7 or 7
            return _add_days(p, -back)
        if mode == "future":
            ahead = (weekday - today) % 7 or 7
            return _add_days(p, ahead)
        if future:
            return _add_days(p, (weekday - today) % 7)
        return _add_days(p, -((today - weekday) % 7))

    piece.resolve = resolve
    return True


def _parse_decade(piece: _Piece) -> bool:
    m = piece.match
    word = m["dec_w"].removeprefix("ال")
    tens = next((n for stem, n in _DECADES.items() if word.startswith(stem)), None)
    if tens is None:
        return False
    piece.granularity = "decade"
    century = m["dec_c"]
    if century is None or _key(century) == "العشرين":
        piece.value = f"19{tens}X"
    elif _key(century) in ("الحاديوالعشرين",):
        piece.value = f"20{tens}X"
    elif _key(century) == "التاسععشر":
        piece.value = f"18{tens}X"
    elif _key(century) == "الثامنعشر":
        piece.value = f"17{tens}X"
    else:
        by = -1 if century in ("الماضي", "المنصرم") else 0

        def resolve(p: date) -> str | None:
            hundreds = p.year // 100 + by
            return f"{hundreds:02d}{tens}X" if 0 < hundreds < 100 else None

        piece.resolve = resolve
    return True


def _amount(m: re.Match[str]) -> tuple[str, int | None, bool]:
    """(unit code, number or None for an unknown amount, whether it is fractional)."""
    if m["du_dual"]:
        return _DUALS[_key(m["du_dual"])], 2, False
    if m["du_half"]:
        return _UNITS[_key(m["du_u6"])], None, True
    if m["du_one"]:
        return _UNITS[_key(m["du_one"])], 1, False
    unit_text = m["du_u1"] or m["du_u2"] or m["du_u3"] or m["du_u4"] or m["du_u5"] or m["du_u7"]
    unit = _UNITS[_key(unit_text or "")]
    number_text = m["du_n1"] or m["du_n2"] or m["du_n3"] or m["du_n4"]
    if number_text is None:
        return unit, None, False
    number, fraction = _number(number_text)
    return unit, number, fraction


def _number(text: str) -> tuple[int | None, bool]:
    if text[0].isdigit():
        if "." in text or "," in text:
            return None, True
        return int(text), False
    words = [w.removeprefix("و") if w not in _CARDINALS else w for w in text.split()]
    words = [
        w.removeprefix("ال") if w.startswith("ال") and w not in _CARDINALS else w for w in words
    ]
    values = [_CARDINALS.get(w, 0) for w in words]
    if len(values) == 2 and words[1] in ("عشر", "عشره"):
        return values[0] + 10, False
    return sum(values) or None, False


def _counted_span(text: str) -> str | None:
    """The TIMEX3 duration of «الستة أشهر الماضية» (P6M), or None when no number is given
    (الأشهر الأخيرة stays a vague reference)."""
    words = [_key(w) for w in text.split()]
    units = [_UNITS[w.removeprefix("ال")] for w in words if w.removeprefix("ال") in _UNITS]
    numbers = [
        w for w in words if w.isdigit() or w.removeprefix("ال") in _CARDINALS or w in _CARDINALS
    ]
    if len(units) != 1 or not numbers:
        return None
    number, fraction = _number(" ".join(numbers))
    if number is None or fraction:
        return None
    return _whole_duration(units[0], number)


def _duration_value(unit: str, number: int | None, fraction: bool, m: re.Match[str]) -> str:
    if fraction and m["du_half"]:
        half = {"نصف": 0.5, "ربع": 0.25, "ثلث": 1 / 3}[_key(m["du_half"])]
        if unit == "H":
            return f"PT{round(half * 60)}M"
        return f"P{half:g}{_TIMEX_UNITS[unit][1]}"
    if fraction:
        text = (m["du_n1"] or m["du_n2"] or "").replace(",", ".")
        prefix, letter = _TIMEX_UNITS[unit]
        return f"{prefix}{text}{letter}"
    return _whole_duration(unit, number)


def _whole_duration(unit: str, number: int | None) -> str:
    """`P3D`, `PT24H`, `P20Y` for two decades; `PXD` when the number is unknown."""
    prefix, letter = _TIMEX_UNITS[unit]
    if number is None:
        return f"{prefix}X{letter}"
    factor = {"DE": 10, "CE": 100}.get(unit, 1)
    return f"{prefix}{number * factor}{letter}"


_TIMEX_UNITS = {
    "S": ("PT", "S"),
    "MIN": ("PT", "M"),
    "H": ("PT", "H"),
    "D": ("P", "D"),
    "W": ("P", "W"),
    "M": ("P", "M"),
    "Y": ("P", "Y"),
    "DE": ("P", "Y"),
    "CE": ("P", "Y"),
}


def _since(unit: str, number: int) -> tuple[Resolver, str | None]:
    """منذ + an amount: the time that long before the publication, at the unit's precision."""
    if unit in ("S", "MIN", "H", "D"):
        days = number if unit == "D" else {"H": number // 24, "MIN": 0, "S": 0}[unit]
        return (lambda p: _add_days(p, -days)), "day"
    if unit == "W":

        def resolve_week(p: date) -> str | None:
            try:
                return _week(p - timedelta(days=7 * number))[0]
            except OverflowError:
                return None

        return resolve_week, None
    if unit == "M":

        def resolve_month(p: date) -> str | None:
            y, mo = _shift_month(p.year, p.month, -number)
            return f"{y:04d}-{mo:02d}" if 1 <= y <= 9999 else None

        return resolve_month, "month"
    years = number * {"Y": 1, "DE": 10, "CE": 100}[unit]
    return (lambda p: f"{p.year - years:04d}" if 1 <= p.year - years <= 9999 else None), "year"


def _past_context(shadow: str, start: int, end: int) -> bool:
    """A past-tense verb in the clause around an expression (قتل في سبتمبر، في مايو أعلنت)."""
    before = shadow[max(0, start - 90) : start]
    ends = list(_SENTENCE_END.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    after = shadow[end : end + 60]
    stop = _SENTENCE_END.search(after)
    if stop:
        after = after[: stop.start()]
    for word in _WORD.findall(before + " " + after):
        if word[0] in "وف" and len(word) > 3 and word[1:] in _PAST_WORDS:
            return True
        # رصدتها، أعلنه: a perfect verb with an object pronoun.
        stem = _OBJECT_PRONOUN.sub("", word) if len(word) > 4 else word
        if word in _PAST_WORDS or stem in _PAST_WORDS:
            return True
    return False


def _future_context(shadow: str, start: int) -> bool:
    """A future verb or word earlier in the same sentence (سيزور، من المقرر، سوف)."""
    window_start = max(0, start - 90)
    window = shadow[window_start:start]
    ends = list(_SENTENCE_END.finditer(window))
    if ends:
        window = window[ends[-1].end() :]
    for found in _FUTURE_CUE.finditer(window):
        verb = found["verb"]
        if verb is None or verb not in _NOT_FUTURE_VERBS:
            return True
    return False


def _pieces(shadow: str) -> list[_Piece]:
    return [_Piece(m.lastgroup or "", m.start(), m.end(), m) for m in _scan(shadow)]


def _group(pieces: list[_Piece], shadow: str) -> list[list[_Piece]]:
    groups: list[list[_Piece]] = []
    for piece in pieces:
        if groups:
            current = groups[-1]
            last = current[-1]
            kinds = {p.kind for p in current}
            if _joins(last, piece, shadow[last.end : piece.start], kinds):
                current.append(piece)
                continue
        groups.append([piece])
    return groups


def _interpret(group: list[_Piece], sh: _Shadow, pub: tuple[date, date] | None) -> _Expr | None:
    shadow = sh.text
    kinds = [p.kind for p in group]
    start = group[0].start
    future = _future_context(shadow, start)
    tense = "future" if future else None
    if not future and any(p.kind in ("gd", "hd") for p in group):
        tense = "past" if _past_context(shadow, start, group[-1].end) else None
    for piece in group:
        if not _parse(piece, shadow, future, tense):
            return None
    expr = _Expr(start, group[-1].end)
    head = next((p for p in group if p.kind in _HEADS), None)
    days = [p for p in group if p.kind == "rd"]
    weekday = next((p for p in group if p.kind == "wd"), None)
    single = group[0]
    if len(group) == 1 and single.kind in ("an", "vg", "snv", "du"):
        return _interpret_single(single, shadow, pub, future)
    if head is None and not days and weekday is None:
        quarter = (single.match.group("q") or "") if single.kind == "q" else ""
        if quarter.startswith("الربع") and single.match["q_o"] != "المماثل" and len(group) == 1:
            return _interpret_quarter(single, pub)
        if "an" in kinds:
            expr_an = _interpret_single(group[-1], shadow, pub, future)
            if expr_an is not None:
                expr_an.start = start
            return expr_an
        return None  # a clock time, a part of day or a part-of-period word alone
    if head is not None and head.needs_cue and not any(k in ("pp", "q") for k in kinds):
        return None
    if head is not None and head.bare and head.kind == "gd":
        month_start = head.match.start("gd_m")
        if _key(head.match["gd_m"]) == "اب" and sh.original[sh.start(month_start)] != "آ":
            return None  # أب (a father), باب (a door): آب alone is written with its madda
    if days and len(days) == 1 and _key(days[0].match.group("rd")) == "غد" and weekday is None:
        return None  # غد alone is rare and ambiguous; يوم غد، غدا are dates
    expr.weekday = weekday.weekday if weekday is not None else None
    if head is not None:
        expr.head = head.kind
        expr.calendar = head.calendar
        expr.granularity = head.granularity
        resolve = head.resolve
        value = head.value
        expr.relative = resolve is not None or bool(days)
        if head.kind == "yr" and any(k == "q" for k in kinds):
            expr.granularity = "year"
    elif days:
        day_piece = days[-1]  # هذا اليوم (أمس): the clarification wins
        expr.head, expr.calendar, expr.granularity = "rd", "gregorian", "day"
        resolve, value, expr.relative = day_piece.resolve, None, True
    else:
        assert weekday is not None
        expr.head, expr.calendar, expr.granularity = "wd", "gregorian", "day"
        resolve, value, expr.relative = weekday.resolve, None, True
        expr.weekday_only = True
        expr.explicit = weekday.match["wd_mod"] is not None
    if resolve is not None:
        value = _resolve(resolve, pub)
    if (resolve is not None or days) and pub is not None:
        expr.anchor = "publication"
    expr.value = value
    # The context decides only for what depends on it; an explicit date says it itself.
    expr.future = (future and expr.relative) or _says_future(group)
    if expr.granularity is None and value is not None:
        expr.granularity = _granularity_of(value)
    return expr


def _granularity_of(value: str) -> str | None:
    if value.endswith("X"):
        return "decade"
    return {4: "year", 7: "month", 10: "day"}.get(len(value))


def _says_future(group: list[_Piece]) -> bool:
    for piece in group:
        text = piece.match.group(piece.kind) or ""
        if any(w in ("المقبل", "القادم", "المقبله", "القادمه", "غدا", "غد") for w in text.split()):
            return True
    return False


def _resolve(resolve: Resolver, pub: tuple[date, date] | None) -> str | None:
    if pub is None:
        return None
    first, last = resolve(pub[0]), resolve(pub[1])
    return first if first == last else None


def _interpret_quarter(piece: _Piece, pub: tuple[date, date] | None) -> _Expr:
    """الربع الثاني alone (financial news): the year of the nearest such quarter.

    A quarter lies in one year, the granularity it gets (like a week that spans two months).
    """
    order = {"الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الاخير": 0}[piece.match["q_o"]]
    half = piece.match.group("q").startswith("النصف")
    parts = 2 if half else 4
    index = order or parts
    size = 12 // parts

    def resolve(p: date) -> str | None:
        candidates = []
        for y in (p.year - 1, p.year, p.year + 1):
            if not 1 <= y <= 9999:
                continue
            first = date(y, (index - 1) * size + 1, 1)
            last = _month_end(y, index * size)
            candidates.append((f"{y:04d}", first, last))
        return _select(candidates, p, "nearest")

    value = _resolve(resolve, pub)
    return _Expr(
        piece.start,
        piece.end,
        value=value,
        granularity="year",
        relative=True,
        anchor="publication" if pub is not None else None,
        head="q",
    )


def _vague(
    piece: _Piece, value: str, pub: tuple[date, date] | None, future: bool = False, head: str = "vg"
) -> _Expr:
    """A vague reference (PAST_REF ...): relative, no granularity."""
    anchor = "publication" if pub is not None else None
    return _Expr(
        piece.start, piece.end, value=value, relative=True, anchor=anchor, future=future, head=head
    )


def _interpret_single(
    piece: _Piece, shadow: str, pub: tuple[date, date] | None, future: bool
) -> _Expr | None:
    m = piece.match
    if piece.kind == "vg":
        if m["vg_mod"] or m["vg_mod2"]:
            amount = _counted_span(m.group(0))
            if amount is not None:
                # الستة أشهر الماضية، الأيام الثلاثة المقبلة: an amount of time (a duration),
                # only placed before or after publication.
                return _Expr(
                    piece.start, piece.end, kind="duration", value=amount, calendar=None, head="du"
                )
            mode = _MODES.get(m["vg_mod"] or m["vg_mod2"], "past")
            value = {"past": "PAST_REF", "present": "PRESENT_REF", "future": "FUTURE_REF"}[mode]
        elif m["vg_word"]:
            value = "PAST_REF" if m["vg_word"] == "الماضي" else "FUTURE_REF"
        else:
            value = _VAGUE_VALUES.get(_key(m["vg"]))
            if value is None:
                return None
        return _vague(piece, value, pub, future=value == "FUTURE_REF" or future)
    if piece.kind == "snv":
        return _vague(piece, "PAST_REF", pub)
    if piece.kind == "an":
        if m["an_then"]:
            # حينها، آنذاك: the time of the date before it, else some time in the past.
            return _vague(piece, "PAST_REF", pub, head="an_then")
        if m["an_eve"]:
            offset = -1 if m["an_eve"] == "عشيه" else 1
        elif m["an_day"]:
            word = m["an_day"].split()[-1]
            offset = 1 if word.startswith(("التالي", "الموالي")) else -1
            offset = offset if not word.startswith(("نفس", "ذات")) else 0
        else:
            offset = 0
        return _Expr(
            piece.start,
            piece.end,
            granularity="day",
            relative=True,
            head="an_part" if m["an_part"] else "an",
            day_offset=offset,
            future=future,
        )
    # Amounts: a duration, or (منذ / قبل + amount) a date that long before publication.
    return _interpret_amount(piece, shadow, pub, future)


def _interpret_amount(
    piece: _Piece, shadow: str, pub: tuple[date, date] | None, future: bool
) -> _Expr | None:
    m = piece.match
    amount_start = m.start("du_amt")
    unit, number, fraction = _amount(m)
    before = shadow[max(0, amount_start - 20) : amount_start]
    after = shadow[piece.end : piece.end + 20]
    if unit == "Y" and (_AGE_BEFORE.search(before) or _AGE_AFTER.match(after)):
        return None  # البالغ 26 عاما: an age
    if unit == "Y" and (
        (amount_start > 0 and shadow[amount_start - 1] == "(" and after.startswith(")"))
        or (before.endswith("«") and after.startswith("»"))
    ):
        return None  # يوسف السليمان (21 عاما): an age
    line_start = shadow.rfind("\n", 0, amount_start) + 1
    if not shadow[line_start:amount_start].strip() and _BYLINE.match(after):
        return None  # «24 ساعة-متابعة»: an outlet's byline
    prefix = m["du_pre"]
    if prefix == "قبل" and _BEFORE_EVENT.match(after):
        prefix = None  # قبل يومين من مقتله: before an event, a duration
        piece_start = amount_start
    else:
        piece_start = piece.start if prefix else amount_start
    if prefix is None:
        return _Expr(
            piece_start,
            piece.end,
            kind="duration",
            value=_duration_value(unit, number, fraction, m),
            calendar=None,
            head="du",
        )
    approx = m["du_approx"] or ""
    if number is None or fraction or approx.startswith(("اكثر", "اقل")):
        return _vague(piece, "PAST_REF", pub)  # منذ عدة أيام، قبل أكثر من شهرين
    resolve, granularity = _since(unit, number)
    value = _resolve(resolve, pub)
    if granularity is None and value is not None:
        granularity = _granularity_of(value)
    return _Expr(
        piece.start,
        piece.end,
        value=value,
        granularity=granularity,
        relative=True,
        anchor="publication" if pub is not None else None,
        head="sn",
        future=future,
    )


def _link_anaphora(exprs: list[_Expr]) -> list[_Expr]:
    """عشية المحادثات، في اليوم التالي، في الصباح: the day of the nearest day mention before."""
    out: list[_Expr] = []
    for expr in exprs:
        if expr.head == "an_then":
            then = next(
                (
                    e
                    for e in reversed(out)
                    if e.kind == "date"
                    and e.value is not None
                    and not e.value.endswith("_REF")
                    and e.start >= expr.start - 600
                ),
                None,
            )
            if then is not None:
                expr.value, expr.granularity = then.value, then.granularity
                expr.calendar, expr.anchor = then.calendar, then
            out.append(expr)
            continue
        if expr.head not in ("an", "an_part"):
            out.append(expr)
            continue
        anchor = next(
            (
                e
                for e in reversed(out)
                if e.kind == "date" and e.granularity == "day" and e.start >= expr.start - 600
            ),
            None,
        )
        if anchor is None:
            if expr.head == "an_part":
                continue  # في الصباح with no date before it: a part of day, no mention
            out.append(expr)
            continue
        base = _day_of(anchor)
        expr.anchor = anchor
        if base is not None and expr.day_offset is not None:
            expr.value = _add_days(base, expr.day_offset)
        out.append(expr)
    return out


def _day_of(expr: _Expr) -> date | None:
    if expr.value is None or expr.granularity != "day":
        return None
    if expr.calendar == "hijri":
        year, month, day = (int(x) for x in expr.value.split("-"))
        span = _hijri_span(year, month, day)
        return span[0] if span else None
    try:
        return date.fromisoformat(expr.value)
    except ValueError:
        return None


def _harmonize_weekdays(exprs: list[_Expr]) -> None:
    """A bare weekday takes the day the article gives that weekday elsewhere.

    A headline's `الخميس` and the body's `الخميس القادم` (or `الخميس 23 يوليو`) are one day;
    the body's modifier or date says which, where the bare weekday could only guess.
    """
    known: dict[int, _Expr] = {}
    for e in exprs:
        said = not e.weekday_only or e.explicit  # a date, or a weekday with its modifier
        if e.weekday is not None and e.value is not None and said:
            known.setdefault(e.weekday, e)
    for e in exprs:
        if e.weekday_only and not e.explicit and e.weekday in known:
            source = known[e.weekday]
            if source.value != e.value and source.granularity == "day":
                e.value = source.value if source.calendar == "gregorian" else _gregorian_of(source)
                e.future = e.future or source.future


def _link_twins(exprs: list[_Expr], shadow: str) -> None:
    """A date, a calendar note and the same date in the other calendar (الموافق، حسب تقويم)."""
    for a, b in pairwise(exprs):
        if a.kind != "date" or b.kind != "date" or a.head in ("vg", "du") or b.head in ("vg",):
            continue
        gap = shadow[a.end : b.start]
        noted = _NOTE.fullmatch(gap) is not None
        if not noted and not (
            _TWIN_GAP.fullmatch(gap) is not None
            and a.calendar != b.calendar
            and a.granularity == b.granularity
        ):
            continue
        if a.weekday_only and b.value is not None:
            # يوم الخميس الموافق 21-10-1436هـ: the weekday is that date.
            a.value = b.value if b.calendar == "gregorian" else _gregorian_of(b)
            a.anchor = b
            if b.calendar == "hijri":
                b.same_as = a
            continue
        if a.calendar == "hijri" and b.calendar == "gregorian":
            a.same_as = b
        elif b.calendar == "hijri" and a.calendar == "gregorian":
            b.same_as = a


def _gregorian_of(expr: _Expr) -> str | None:
    return _gregorian(expr.value, expr.calendar, expr.granularity)


def _gregorian(value: str | None, calendar: str | None, granularity: str | None) -> str | None:
    if value is None or value.endswith("_REF"):
        return None
    if calendar != "hijri":
        return value
    parts = value.split("-")
    if not all(p.isdigit() for p in parts):
        return None
    year = int(parts[0])
    if len(parts) == 1:
        first = _hijri_span(year, 1, None)
        last = _hijri_span(year, 12, None)
        if first is None or last is None:
            return None
        return _smallest_period(first[0], last[1])[0]
    span = _hijri_span(year, int(parts[1]), int(parts[2]) if len(parts) == 3 else None)
    if span is None:
        return None
    return _smallest_period(*span)[0]


def _balance(expr: _Expr, shadow: str) -> None:
    """Take in the closing parenthesis of an opening one inside the span: اليوم (الأربعاء)."""
    inside = shadow[expr.start : expr.end]
    if inside.count("(") > inside.count(")"):
        closing = re.match(rf"{_SO}\)", shadow[expr.end : expr.end + 8])
        if closing:
            expr.end += closing.end()


def tag_dates(text: str, published: str | None) -> list[TemporalMention]:
    """Every temporal expression in `text`, sorted by start, non-overlapping."""
    shadow = _Shadow(text)
    pub = _publication(published)
    exprs = []
    for group in _group(_pieces(shadow.text), shadow.text):
        expr = _interpret(group, shadow, pub)
        if expr is not None:
            _balance(expr, shadow.text)
            exprs.append(expr)
    exprs = _link_anaphora(exprs)
    _harmonize_weekdays(exprs)
    _link_twins(exprs, shadow.text)
    index = {id(e): i for i, e in enumerate(exprs)}
    out = []
    for e in exprs:
        start, end = shadow.start(e.start), shadow.end(e.end)
        anchor = e.anchor if isinstance(e.anchor, str) or e.anchor is None else index[id(e.anchor)]
        out.append(
            TemporalMention(
                start=start,
                end=end,
                text=text[start:end],
                kind=e.kind,
                value=e.value,
                granularity=e.granularity if e.kind == "date" else None,
                calendar=e.calendar if e.kind == "date" else None,
                weekday=e.weekday,
                relative=e.relative,
                anchor=anchor,
                same_as=index[id(e.same_as)] if e.same_as is not None else None,
                future=e.future,
            )
        )
    return out


def gregorian_value(m: TemporalMention) -> str | None:
    """The Gregorian TIMEX value of a mention; None for vague or unresolved ones.

    Hijri values are converted by the Umm al-Qura calendar (hijridate): a day gives its day; a
    Hijri month or year, which straddles Gregorian months, gives the smallest Gregorian period
    holding it (a month, a year or a decade), never a false precision.
    """
    if m.kind != "date":
        return None
    return _gregorian(m.value, m.calendar, m.granularity)
