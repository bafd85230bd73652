"""Arabic-Indic and Persian digits (factlint.arabic.digits), Python and Polars alike."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from factlint.arabic.digits import from_ascii_digits, to_ascii_digits, to_ascii_digits_expr


def test_both_digit_systems_map_to_ascii():
    assert to_ascii_digits("٩ / ١٠ / ١٤٣٦هـ") == "9 / 10 / 1436هـ"
    assert to_ascii_digits("۱۴۳۶/۱۱/۱۸") == "1436/11/18"
    assert to_ascii_digits("2015") == "2015"


@given(st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹ابت /-", max_size=30))
def test_python_and_polars_agree_and_keep_length(text):
    assert len(to_ascii_digits(text)) == len(text)
    frame = pl.DataFrame({"t": [text]}).select(to_ascii_digits_expr(pl.col("t")))
    assert frame.item() == to_ascii_digits(text)


@given(
    st.text(alphabet="0123456789-/ ", max_size=20),
    st.sampled_from(["ascii", "arabic-indic", "persian"]),
)
def test_written_in_any_system_and_read_back(text, system):
    assert to_ascii_digits(from_ascii_digits(text, system)) == text


def test_unknown_system_is_an_error():
    with pytest.raises(ValueError, match="unknown digit system"):
        from_ascii_digits("1", "roman")
