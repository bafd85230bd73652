"""Month, weekday and Hijri month names (factlint.arabic.calendars)."""

from __future__ import annotations

import pytest
from babel.dates import get_day_names, get_month_names
from hijridate import Hijri

from factlint.arabic.calendars import (
    GREGORIAN_MONTHS,
    HIJRI_MONTHS,
    MONTH_SYSTEMS,
    WEEKDAYS,
    WEEKDAYS_AR,
    WEEKDAYS_EN,
    hijri_month_number,
    month_number,
    weekday_number,
)


@pytest.mark.parametrize(
    ("locale", "system"),
    [
        ("ar", "msa"),
        ("ar_SY", "levantine"),
        ("ar_IQ", "levantine"),
        ("ar_LB", "levantine"),
        ("ar_JO", "levantine"),
        ("ar_DZ", "maghrebi"),
        ("ar_TN", "maghrebi"),
        ("ar_MA", "moroccan"),
    ],
)
def test_every_cldr_name_is_in_its_system(locale, system):
    for month, name in get_month_names("wide", locale=locale).items():
        assert month_number(name) == month, name
        assert " ".join(name.split()) in MONTH_SYSTEMS[system][month]


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("يناير", 1),
        ("كانون الثاني", 1),
        ("ك2", 1),
        ("جانفي", 1),
        ("فبراير", 2),
        ("شباط", 2),
        ("فيفري", 2),
        ("آذار", 3),
        ("اذار", 3),
        ("مارس", 3),
        ("أبريل", 4),
        ("ابريل", 4),
        ("إبريل", 4),
        ("نيسان", 4),
        ("أفريل", 4),
        ("مايو", 5),
        ("أيار", 5),
        ("ايار", 5),
        ("ماي", 5),
        ("يونيو", 6),
        ("يونيه", 6),
        ("حزيران", 6),
        ("جوان", 6),
        ("يوليو", 7),
        ("يوليه", 7),
        ("تموز", 7),
        ("جويلية", 7),
        ("يوليوز", 7),
        ("أغسطس", 8),
        ("اغسطس", 8),
        ("آب", 8),
        ("أوت", 8),
        ("غشت", 8),
        ("سبتمبر", 9),
        ("أيلول", 9),
        ("ايلول", 9),
        ("شتنبر", 9),
        ("أكتوبر", 10),
        ("اكتوبر", 10),
        ("تشرين الأول", 10),
        ("تشرين الاول", 10),
        ("ت1", 10),
        ("نوفمبر", 11),
        ("تشرين الثاني", 11),
        ("ت2", 11),
        ("نونبر", 11),
        ("ديسمبر", 12),
        ("كانون الأول", 12),
        ("ك1", 12),
        ("دجنبر", 12),
    ],
)
def test_month_names_of_every_system_and_spelling(name, month):
    assert month_number(name) == month
    assert month_number(f"  {name.replace(' ', '  ')} ") == month  # spacing does not matter


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("محرم", 1),
        ("صفر", 2),
        ("ربيع الأول", 3),
        ("ربيع الاول", 3),
        ("ربيع الأولى", 3),
        ("ربيع الآخر", 4),
        ("ربيع الثاني", 4),
        ("جمادى الأولى", 5),
        ("جمادى الآخرة", 6),
        ("رجب", 7),
        ("شعبان", 8),
        ("رمضان", 9),
        ("شوال", 10),
        ("ذو القعدة", 11),
        ("ذي القعدة", 11),
        ("ذو الحجة", 12),
        ("ذي الحجة", 12),
        ("ذى الحجه", 12),
    ],
)
def test_hijri_month_names(name, month):
    assert hijri_month_number(name) == month
    assert month_number(name) is None


def test_hijridate_month_names_are_in_the_table():
    for month in range(1, 13):
        assert hijri_month_number(Hijri(1446, month, 1).month_name("ar")) == month


def test_weekdays_follow_iso_and_cldr():
    for day, name in get_day_names("wide", locale="ar").items():
        assert weekday_number(name) == day + 1
    assert WEEKDAYS_AR[1] == "الاثنين" and WEEKDAYS_EN[7] == "Sunday"
    for spelling, day in [
        ("الإثنين", 1),
        ("الثلاثا", 2),
        ("الاربعاء", 3),
        ("الجمعه", 5),
        ("الاحد", 7),
    ]:
        assert weekday_number(spelling) == day


def test_no_spelling_names_two_months_across_tables():
    assert set(GREGORIAN_MONTHS) == set(HIJRI_MONTHS) == set(range(1, 13))
    assert set(WEEKDAYS) == set(range(1, 8))
    assert all(month_number(n) == m for m, names in GREGORIAN_MONTHS.items() for n in names)
