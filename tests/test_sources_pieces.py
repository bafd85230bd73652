"""`source_groups_frame` on bounded pieces: a scope larger than a chunk, texts normalized and
shingled a piece at a time, shingle rows grouped a share at a time, candidate pairs compared a
batch at a time, all equal to the Python `SourceIndex`; and the helpers that bound the pieces
and tell equal texts apart."""

from __future__ import annotations

from contextlib import contextmanager
from itertools import accumulate

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_source_groups_frame import _SENTENCES as _SHARED_SENTENCES
from test_source_groups_frame import _assert_same

from factlint import sources

# test_source_groups_frame's sentences, and one of them with its diacritics written.
_SENTENCES = [
    *_SHARED_SENTENCES[:-1],
    "استقبل صاحبُ السموِّ الملكيّ الأمير محمد بن سلمان بن عبدالعزيز ولي ولي العهد وزير الدفاع",
    "",
]


@contextmanager
def _tiny_pieces():
    # Chunks of 4 members (every scope below is larger), pieces of a few texts, shingle rows
    # grouped a few at a time, candidate pairs compared a few at a time: every bound is crossed.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sources, "_CHUNK", 4)
        patch.setattr(sources, "_PIECE_BYTES", 300)
        patch.setattr(sources, "_GROUPED_ROWS", 7)
        patch.setattr(sources, "_PAIR_SHINGLES", 20)
        yield


@settings(max_examples=30, deadline=None)
@given(st.data(), st.sampled_from([None, 0, 3]))
def test_scopes_larger_than_a_chunk_in_small_pieces_group_as_in_python(data, exact_up_to):
    count = data.draw(st.integers(min_value=5, max_value=16))
    texts, outlets = {}, {}
    for i in range(count):
        picks = data.draw(st.lists(st.sampled_from(_SENTENCES), min_size=0, max_size=4))
        texts[f"a-{i:02d}"] = "\n".join(picks) or data.draw(st.sampled_from([None, ""]))
        outlets[f"a-{i:02d}"] = data.draw(st.sampled_from([None, "Saudi Press Agency", "Okaz"]))
    ids = list(texts)
    scopes = [
        sorted(data.draw(st.sets(st.sampled_from(ids), min_size=5)))
        for _ in range(data.draw(st.integers(min_value=1, max_value=3)))
    ]
    with _tiny_pieces():
        _assert_same(texts, outlets, scopes, exact_up_to)


def test_a_story_printed_everywhere_chains_in_small_pieces():
    # More holders than `_POSTING_LIMIT` for each shingle, in one scope of many chunks'
    # worth, its shingle rows grouped in many shares.
    story = " ".join(_SENTENCES[:3])
    texts = {f"a-{i:03d}": f"{story} المرجع {i}" for i in range(90)}
    texts["a-900"] = _SENTENCES[5]
    outlets = dict.fromkeys(texts)
    with _tiny_pieces():
        _assert_same(texts, outlets, [sorted(texts)])
        _assert_same(texts, outlets, [sorted(texts), sorted(texts)[:20]], exact_up_to=30)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=700)), max_size=40),
    st.integers(min_value=1, max_value=6),
    st.integers(min_value=1, max_value=900),
)
def test_pieces_cover_every_text_in_order_within_the_bounds(lengths, chunk, limit):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sources, "_CHUNK", chunk)
        patch.setattr(sources, "_PIECE_BYTES", limit)
        pieces = sources._pieces(pl.Series(lengths, dtype=pl.UInt32))
    if not lengths:
        assert pieces == [(0, 0)]
        return
    assert [offset for offset, _ in pieces] == [0, *accumulate(n for _, n in pieces)][:-1]
    assert sum(length for _, length in pieces) == len(lengths)
    for offset, length in pieces:
        sizes = [n or 0 for n in lengths[offset : offset + length]]
        assert 1 <= length <= chunk
        assert length == 1 or sum(sizes) <= limit
    # Greedy: a piece stops only where the next text would cross a bound.
    for offset, length in pieces[:-1]:
        sizes = [n or 0 for n in lengths[offset : offset + length + 1]]
        assert length == chunk or sum(sizes) > limit


def test_equal_values_are_told_apart_from_shared_hashes_by_their_strings():
    # Positions 0, 1, 2 and 4 share a hash (as a collision would); only they are read.
    hashes = pl.Series([7, 7, 7, 8, 7, 9], dtype=pl.UInt64)
    values = pl.Series(["x", "y", "x", "z", "y", "w"])
    read = []

    def values_at(at: pl.Series) -> pl.Series:
        read.append(at.to_list())
        return values.gather(at)

    assert sources._first_equal(hashes, values_at).to_list() == [0, 1, 0, 3, 1, 5]
    assert read == [[0, 1, 2, 4]]
    assert sources._first_equal(pl.Series([3, 4], dtype=pl.UInt64), values_at).to_list() == [0, 1]
    assert read == [[0, 1, 2, 4]]


def test_ids_and_texts_that_share_a_hash_still_meet_their_own_rows(monkeypatch):
    # Every id and every normalized text hashed alike (as collisions would be): the members
    # are joined to their rows by their strings, and equal texts told apart by theirs.
    monkeypatch.setattr(
        pl.Series, "hash", lambda self, *a, **k: pl.zeros(self.len(), pl.UInt64, eager=True)
    )
    story = " ".join(_SENTENCES[:3])
    texts = {
        "a-1": story,
        "a-2": story.replace("الملكي", "المَلَكـي"),
        "a-3": _SENTENCES[3],
        "a-4": f"{story} {_SENTENCES[5]}",
        "a-5": None,
        "a-6": _SENTENCES[6],
    }
    outlets = {**dict.fromkeys(texts), "a-6": "Saudi Press Agency"}
    _assert_same(texts, outlets, [sorted([*texts, "a-9"]), ["a-2", "a-3", "a-6"]])
