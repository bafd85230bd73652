"""Arabic matching normalization: orthographic noise and transliteration variants."""

from __future__ import annotations

import unicodedata

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from factlint.arabic import fold, fold_expr, normalize, normalize_expr


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("إلهام علييف", "الهام عليیف"),  # hamza under alef, Persian yeh
        ("أستانا", "آستانا"),  # alef forms
        ("الصحراء المغربية", "الصحراء المغربيه"),  # taa marbuta
        ("موسكو", "موسـكو"),  # tatweel
        ("مُرَادْ", "مراد"),  # diacritics
        ("٢٠٢٢", "2022"),  # Arabic-Indic digits
        ("۲۰۲۲", "2022"),  # Persian digits
        ("\u200fباكو\u200e", "باكو"),  # bidi marks
        ("مصطفى", "مصطفي"),  # alef maqsura
        ("ناغورنو-كاراباخ", "ناغورنو كاراباخ"),  # hyphen is a separator
    ],
)
def test_normalize_merges_orthographic_variants(a, b):
    assert normalize(a) == normalize(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ناغورنو كاراباخ", "ناجورنو كاراباخ"),
        ("سيرغي لافروف", "سيرجي لافروف"),
        ("ناقورنو كاراباخ", "ناجورنو كاراباخ"),
        ("ڤلاديمير", "فلاديمير"),
    ],
)
def test_fold_merges_transliteration_variants_that_normalize_keeps_apart(a, b):
    assert normalize(a) != normalize(b)
    assert fold(a) == fold(b)


def test_fold_keeps_different_names_apart():
    assert fold("باكو") != fold("يريفان")
    assert fold("الرباط") != fold("مراكش")


arabicish = st.text(
    alphabet=st.sampled_from(
        [
            *"ابتثجحخدذرزسشصضطظعغفقكلمنهويأإآىةئؤءـًٌٍَُِّْ٠١٢٣٤٥٦٧٨٩۰۱ گچپڤکی-/.،",
            *["\u200f", "\u200e", "\u2066", "\ufeff", "a", "Z", "7", "_"],
        ]
    ),
    max_size=40,
)


# Characters Python's Unicode database knows: for code points assigned only in a newer Unicode
# version, Python and Polars (Rust) may classify them differently, and neither is wrong.
assigned_text = st.text(
    alphabet=st.characters(exclude_categories=("Cn", "Cs")).filter(
        lambda c: unicodedata.category(c) != "Cn"
    ),
    max_size=20,
)


@given(st.lists(st.one_of(arabicish, assigned_text), min_size=1, max_size=20))
def test_polars_and_python_normalization_agree(texts):
    frame = pl.DataFrame({"t": texts}).select(
        n=normalize_expr(pl.col("t")), f=fold_expr(pl.col("t"))
    )
    assert frame.get_column("n").to_list() == [normalize(t) for t in texts]
    assert frame.get_column("f").to_list() == [fold(t) for t in texts]


@given(st.text())
def test_normalization_is_idempotent_and_never_crashes(text):
    assert normalize(normalize(text)) == normalize(text)
    assert fold(fold(text)) == fold(text)


def test_cldr_cities_name_places_not_countries_or_words():
    """CLDR's exemplar cities in Arabic, as `city-<english>` ids: the capitals news names,
    without the names that are a country's (تونس، الكويت) or an everyday word (ترك، نوم)."""
    from factlint.arabic.cities import cities

    by_name = {c.name_ar: c.entity_id for c in cities()}
    assert by_name["بيروت"] == "city-beirut"
    assert by_name["نواكشوط"] == "city-nouakchott"
    assert by_name["غزة"] == "city-gaza"
    assert not {"تونس", "الكويت", "ترك", "نوم"} & set(by_name)
    assert len(set(by_name.values())) == len(by_name)
