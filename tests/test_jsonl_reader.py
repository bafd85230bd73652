"""The JSON Lines reader finds what Arrow reads without a word in what Arrow read, not by a
scan of the bytes: JSON's missing constants wherever they stand, and lines nested too deeply
among lines full of brackets, each named by its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factlint.dataset import JSON_MAX_DEPTH
from factlint.errors import InputError
from factlint.formats._common import _is_utf8
from factlint.formats.jsonl import read_jsonl
from factlint.layout import CLAIMS

CLAIM = {
    "claim_id": "art-1-c1",
    "article_id": "art-1",
    "kind": "event",
    "event_type": "signing",
    "participants": ["country-egypt", "country-jordan"],
    "date": "2024-11-19",
    "mention_ids": ["art-1-m1"],
    "extractor": "test",
    "confidence": 0.9,
}


def _line(**fields: object) -> str:
    return json.dumps({**CLAIM, **fields}, ensure_ascii=False)


def _read(tmp_path: Path, lines: list[str]):
    path = tmp_path / "claims" / "a.claims.jsonl"
    path.parent.mkdir(exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_jsonl(path, CLAIMS, tmp_path, [])


@pytest.mark.parametrize("constant", ["NaN", "-NaN", "Infinity", "-Infinity", "Inf", "-Inf"])
@pytest.mark.parametrize(
    "place",
    [
        '"confidence": {}',
        '"score": {}',
        '"scores": [1.5, {}]',
        '"meta": {{"a": {{"b": [{}]}}}}',
    ],
    ids=["known", "unknown", "list", "object"],
)
def test_json_has_no_nan_or_infinity_anywhere(tmp_path, constant, place):
    bad = _line()[:-1] + ", " + place.format(constant) + "}"
    if place.startswith('"confidence"'):
        bad = _line().replace('"confidence": 0.9', place.format(constant))
    with pytest.raises(InputError, match="malformed JSON") as caught:
        _read(tmp_path, [_line(), bad, _line()])
    assert caught.value.line == 2


def test_the_constants_inside_strings_are_text(tmp_path):
    frame = _read(tmp_path, [_line(), _line(date="NaN Infinity Inf"), _line(note="-Inf")])
    assert frame.get_column("date").to_list()[1] == "NaN Infinity Inf"
    assert frame.get_column("note").to_list() == [None, None, "-Inf"]


def test_too_deep_a_line_among_lines_full_of_brackets(tmp_path):
    """Many lines hold more opening brackets than the limit in a row (a window of the limit
    spans few lines), but only the line nested deeper than the limit is refused."""
    shallow = _line(meta=[[]] * (JSON_MAX_DEPTH // 2))
    nested: object = []  # with the line's object, one level more than the limit
    for _ in range(JSON_MAX_DEPTH - 1):
        nested = [nested]
    lines = [shallow] * 5 + [_line(meta=nested)] + [shallow] * 5
    with pytest.raises(InputError, match=f"nested {JSON_MAX_DEPTH + 1} levels deep") as caught:
        _read(tmp_path, lines)
    assert caught.value.line == 6
    assert _read(tmp_path, [shallow] * 11).height == 11


@given(st.lists(st.binary(max_size=6) | st.text(max_size=4).map(str.encode), max_size=4))
def test_the_utf8_check_refuses_what_python_refuses(parts):
    data = b"".join(parts)
    try:
        data.decode("utf-8")
        python = True
    except UnicodeDecodeError:
        python = False
    assert _is_utf8(data) is python


def test_a_bad_byte_is_named_by_its_line_and_offset(tmp_path):
    lines = [_line(), _line(), _line(date="2024-11-19\udcff")]
    path = tmp_path / "claims" / "a.claims.jsonl"
    path.parent.mkdir()
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogateescape") + b"\n")
    offset = len("\n".join(lines[:2]).encode()) + 1 + lines[2].index("\udcff")
    with pytest.raises(
        InputError, match=rf"not valid UTF-8 \(byte 0xff at offset {offset}\)"
    ) as caught:
        read_jsonl(path, CLAIMS, tmp_path, [])
    assert caught.value.line == 3
