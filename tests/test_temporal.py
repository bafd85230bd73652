"""The Arabic temporal tagger: the case table, invariants, round trips and the seed gold."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factlint.arabic.calendars import HIJRI_MONTHS, MONTH_SYSTEMS, WEEKDAYS
from factlint.arabic.digits import from_ascii_digits
from factlint.extract import temporal
from factlint.extract.temporal import TemporalMention, gregorian_value, tag_dates

ROOT = Path(__file__).resolve().parent.parent
CASES = yaml.safe_load((Path(__file__).parent / "temporal_cases.yml").read_text(encoding="utf-8"))
FIELDS = ("kind", "value", "granularity", "calendar", "weekday", "relative")


def _case_id(case: dict[str, Any]) -> str:
    return case.get("span") or f"not:{case.get('absent') or case.get('absent_date')}"


def _reference(mentions: list[TemporalMention], ref: int | str | None) -> str | None:
    """A mention's anchor / same_as as the text it points to (or `publication`)."""
    if ref is None or isinstance(ref, str):
        return ref
    return mentions[ref].text


def test_the_case_table_is_large_and_covers_negatives():
    assert len(CASES) >= 120
    assert sum(1 for c in CASES if "absent" in c or "absent_date" in c) >= 20


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_case(case: dict[str, Any]):
    text = case["text"]
    mentions = tag_dates(text, case["published"])
    if "absent" in case or "absent_date" in case:
        target = case.get("absent") or case.get("absent_date")
        start = text.index(target)
        end = start + len(target)
        overlapping = [
            (m.text, m.kind, m.value)
            for m in mentions
            if m.start < end and start < m.end and ("absent" in case or m.kind == "date")
        ]
        assert overlapping == [], (
            f"{target!r} is not a {'date' if 'absent_date' in case else 'mention'}"
        )
        return
    found = [m for m in mentions if m.text == case["span"]]
    assert found, f"no mention {case['span']!r}; got {[(m.text, m.value) for m in mentions]}"
    mention = found[0]
    expected = {f: case.get(f, "date" if f == "kind" else None) for f in FIELDS}
    actual = {f: getattr(mention, f) for f in FIELDS}
    for key in ("future",):
        if key in case:
            expected[key], actual[key] = case[key], getattr(mention, key)
    for key in ("same_as", "anchor"):
        if key in case:
            expected[key] = case[key]
            actual[key] = _reference(mentions, getattr(mention, key))
    assert actual == expected


# --- Invariants --------------------------------------------------------------------------------

WORDS = """يوم اليوم أمس غداً أول من الأول الماضي المقبل القادم الجاري الحالي منذ قبل بعد عام العام
    سنة هـ ه م الساعة مساءً صباح مطلع منتصف أواخر نهاية الربع النصف القرن الثمانينيات الموافق حسب
    تقويم أم القرى عشية حينها في خلال ثلاثة أيام ساعة يومين شهرا دقائق مائة الثامن التاسع الحادي
    والعشرين غرة عشر عشرة عدة بضعة نصف حاليا قريبا ( ) / - . : ، « 1436 2015 ٢٠١٥ ۱۴۳۶ 11:59
    99999999999999999999 0000 9999 31 30 29"""
VOCABULARY = [
    *(n for system in MONTH_SYSTEMS.values() for names in system.values() for n in names),
    *(n for names in HIJRI_MONTHS.values() for n in names),
    *(n for names in WEEKDAYS.values() for n in names),
    *WORDS.split(),
]
ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويأإآىةئؤءـًٌٍَُِّْ"
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"
noise = st.text(alphabet=ARABIC_LETTERS + DIGITS + " /.-():،\n\u200f\u00a0", max_size=20)
articles = st.lists(
    st.one_of(st.sampled_from(VOCABULARY), noise, st.integers().map(str)), max_size=25
).map(" ".join)
published = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.dates().map(lambda d: d.isoformat()),
    st.dates().map(lambda d: d.isoformat()[:7]),
    st.dates().map(lambda d: d.isoformat()[:4]),
)
INVARIANTS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_invariants(text: str, mentions: list[TemporalMention]) -> None:
    previous_end = 0
    for i, m in enumerate(mentions):
        assert text[m.start : m.end] == m.text and m.text, m
        assert m.start >= previous_end, "mentions overlap or are out of order"
        previous_end = m.end
        assert m.kind in ("date", "duration")
        for ref in (m.same_as, m.anchor):
            if isinstance(ref, int):
                assert 0 <= ref < len(mentions) and ref != i
        gregorian_value(m)


@INVARIANTS
@given(articles, published)
def test_tagging_never_crashes_and_spans_slice_the_text(text, pub):
    _check_invariants(text, tag_dates(text, pub))


@INVARIANTS
@given(st.text(max_size=200), published)
def test_tagging_any_string_never_crashes(text, pub):
    _check_invariants(text, tag_dates(text, pub))


@INVARIANTS
@given(articles)
def test_the_candidate_scan_finds_what_the_full_pattern_finds(text):
    # The tagger tries its pattern only at candidate words, for speed; it must lose nothing.
    shadow = temporal._Shadow(text).text
    full = [m.span() for m in temporal._PIECE.finditer(shadow)]
    assert [m.span() for m in temporal._scan(shadow)] == full


def test_the_candidate_scan_loses_nothing_on_the_corpus():
    for path in sorted((ROOT / "datasets" / "articles").glob("*.txt")):
        shadow = temporal._Shadow(path.read_text(encoding="utf-8")).text
        full = [m.span() for m in temporal._PIECE.finditer(shadow)]
        assert [m.span() for m in temporal._scan(shadow)] == full, path.name


# --- Round trips: a date written in any supported format reads back as itself -------------------

days = st.dates(min_value=date(1950, 1, 1), max_value=date(2049, 12, 31))
digit_systems = st.sampled_from(["ascii", "arabic-indic", "persian"])
systems = st.sampled_from(sorted(MONTH_SYSTEMS))


@st.composite
def month_names(draw: st.DrawFn, month: int) -> str:
    """One spelling of `month`, or two of different systems paired (ديسمبر/كانون الأول)."""
    first = draw(st.sampled_from(MONTH_SYSTEMS[draw(systems)][month]))
    if not draw(st.booleans()):
        return first
    second = draw(st.sampled_from(MONTH_SYSTEMS[draw(systems)][month]))
    joiner = draw(st.sampled_from(["/", "/ ", " / ", " ", " ({})"]))
    return f"{first} ({second})" if "(" in joiner else f"{first}{joiner}{second}"


@st.composite
def written_dates(draw: st.DrawFn) -> tuple[str, str, str]:
    """(expression, TIMEX value, granularity) of a Gregorian date in one of the house formats."""
    day = draw(days)
    form = draw(st.sampled_from(["day", "day", "numeric", "month", "year"]))
    if form == "numeric":
        sep = draw(st.sampled_from(["/", "-", ".", " / ", " - ", " . ", "/ "]))
        text = f"{day.day}{sep}{day.month}{sep}{day.year}"
        if draw(st.booleans()):
            text = f"{day.year}{sep}{day.month}{sep}{day.day}"
        value, granularity = day.isoformat(), "day"
    elif form == "day":
        year = draw(st.sampled_from(["{y}", "عام {y}", "من العام {y}"])).format(y=day.year)
        text = f"{day.day} {draw(month_names(day.month))} {year}"
        value, granularity = day.isoformat(), "day"
    elif form == "month":
        text = f"{draw(month_names(day.month))} {day.year}"
        value, granularity = day.isoformat()[:7], "month"
    else:
        text = draw(st.sampled_from(["عام {y}", "العام {y}", "سنة {y}", "{y}م"])).format(y=day.year)
        value, granularity = str(day.year), "year"
    if form in ("day", "numeric", "month") and draw(st.booleans()):
        text += draw(st.sampled_from(["م", " م", "م", " ميلادي"]))
    if granularity == "day" and draw(st.booleans()):
        weekday = draw(st.sampled_from(WEEKDAYS[day.isoweekday()]))
        prefix = draw(st.sampled_from(["", "يوم "]))
        text = f"{prefix}{weekday}{draw(st.sampled_from([' ', '، ']))}{text}"
    return from_ascii_digits(text, draw(digit_systems)), value, granularity


@st.composite
def written_hijri_dates(draw: st.DrawFn) -> tuple[str, str, str]:
    year = draw(st.integers(1400, 1450))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 29))
    era = draw(st.sampled_from(["هـ", " هـ", "ه", " ه"]))
    form = draw(st.sampled_from(["name", "dmy", "ymd"]))
    if form == "name":
        text = f"{day} {draw(st.sampled_from(HIJRI_MONTHS[month]))} {year}{era}"
    elif form == "dmy":
        sep = draw(st.sampled_from(["/", " / ", "-", " - "]))
        text = f"{day}{sep}{month}{sep}{year}{era}"
    else:
        text = f"{year}/{month}/{day}{era}"
    return from_ascii_digits(text, draw(digit_systems)), f"{year}-{month:02d}-{day:02d}", "day"


ROUND_TRIPS = settings(max_examples=400, deadline=None)


def _single_date(sentence: str, expression: str) -> TemporalMention:
    dates = [m for m in tag_dates(sentence, "2015-07-22") if m.kind == "date"]
    assert len(dates) == 1, (expression, [(m.text, m.value) for m in dates])
    return dates[0]


@ROUND_TRIPS
@given(written_dates())
def test_a_gregorian_date_in_any_format_reads_back(written):
    expression, value, granularity = written
    mention = _single_date(f"وقع الاتفاق {expression} في الرياض.", expression)
    assert (mention.text, mention.value, mention.granularity) == (expression, value, granularity)
    assert mention.calendar == "gregorian"


@ROUND_TRIPS
@given(written_hijri_dates())
def test_a_hijri_date_in_any_format_reads_back(written):
    expression, value, granularity = written
    mention = _single_date(f"صدر الأمر بتاريخ {expression} بعون الله.", expression)
    assert (mention.text, mention.value, mention.granularity) == (expression, value, granularity)
    assert mention.calendar == "hijri"
    assert gregorian_value(mention) is not None


def test_gregorian_value_converts_hijri_by_umm_al_qura():
    hijri, gregorian = tag_dates("صدر الأمر في 9 شوال 1436هـ الموافق 25 يوليو 2015م.", None)
    assert (hijri.value, gregorian_value(hijri)) == ("1436-10-09", "2015-07-25")
    assert hijri.same_as == 1 and gregorian_value(gregorian) == "2015-07-25"
    # A Hijri month straddles two Gregorian months: the smallest period holding it, the year.
    (ramadan,) = tag_dates("تنطلق الدورة في رمضان 1436هـ.", None)
    assert (ramadan.value, gregorian_value(ramadan)) == ("1436-09", "2015")
    (vague,) = tag_dates("يقوم حاليا بزيارة.", None)
    assert gregorian_value(vague) is None


# --- The seed gold -------------------------------------------------------------------------------


def _seed_articles() -> list[tuple[str, str | None]]:
    with (ROOT / "datasets" / "articles.csv").open(encoding="utf-8", newline="") as f:
        published = {row["article_id"]: row["published"] or None for row in csv.DictReader(f)}
    return [(a, published[a]) for a in sorted(published) if a.startswith("seed-")]


def test_seed_date_mentions_reach_f1_095_against_the_curated_gold():
    """Span overlap and the same value; gold `value: null` matches a tagged None."""
    true_positives = false_positives = false_negatives = 0
    report = []
    for article_id, published in _seed_articles():
        text = (ROOT / "datasets" / "articles" / f"{article_id}.txt").read_text(encoding="utf-8")
        gold_path = ROOT / "datasets" / "claims" / f"{article_id}.mentions.jsonl"
        gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()]
        gold = [g for g in gold if g["kind"] == "date"]
        tagged = [m for m in tag_dates(text, published) if m.kind == "date"]
        used: set[int] = set()
        for g in gold:
            hit = next(
                (
                    i
                    for i, m in enumerate(tagged)
                    if i not in used
                    and m.start < g["end"]
                    and g["start"] < m.end
                    and m.value == g.get("value")
                ),
                None,
            )
            if hit is None:
                false_negatives += 1
                report.append(f"missed {article_id} {g['text']!r} = {g.get('value')}")
            else:
                used.add(hit)
                true_positives += 1
        for i, m in enumerate(tagged):
            if i not in used:
                false_positives += 1
                report.append(f"extra  {article_id} {m.text!r} = {m.value}")
    precision = true_positives / max(1, true_positives + false_positives)
    recall = true_positives / max(1, true_positives + false_negatives)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"seed date F1 {f1:.3f} (P {precision:.3f}, R {recall:.3f})", *report, sep="\n")
    assert f1 >= 0.95, "\n".join(report)
