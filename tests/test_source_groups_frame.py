"""Independent sources in Polars (`source_groups_frame`) against the Python `SourceIndex`, and
connected groups (`factlint.groups`) against a union-find."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from factlint import sources
from factlint.arabic import normalize_expr, normalize_series
from factlint.arabic.normalize import _CASELESS
from factlint.groups import smallest_in_group
from factlint.sources import SourceIndex, links_of, source_groups_frame

ARTICLES = Path(__file__).parent.parent / "datasets" / "articles"

# Sentences of a story and of others; texts are drawn from them, so that some are copies, some
# near duplicates, some credit a wire agency and some share only a formula.
_SENTENCES = [
    "استقبل صاحب السمو الملكي الأمير محمد بن سلمان بن عبدالعزيز ولي ولي العهد وزير الدفاع",
    "في قصر السلام بجدة مساء اليوم وزير الدولة لشئون الدفاع بدولة قطر والوفد المرافق له",
    "وجرى خلال الاستقبال استعراض روابط التعاون الثنائي بين البلدين الشقيقين",
    "كابول (رويترز) - اختارت حركة طالبان زعيما جديدا لها بعد وفاة الملا عمر",
    "واس - الرياض",
    "وقع المغرب وأذربيجان اتفاقية للتعاون العسكري في باكو يوم 30 أكتوبر 2024",
    "وقال الخبير لوكالة فرانس برس إن المحادثات فقدت زخمها",
    "",
]


def _python_groups(texts, outlets, scopes):
    index = SourceIndex(texts, outlets)
    return {i: index.groups(ids) for i, ids in enumerate(scopes)}


def _frame_groups(texts, outlets, scopes, exact_up_to=None):
    articles = pl.LazyFrame(
        {"article_id": list(texts), "text": list(texts.values()), "outlet": list(outlets.values())},
        schema={"article_id": pl.String, "text": pl.String, "outlet": pl.String},
    )
    members = pl.DataFrame(
        [(i, a) for i, ids in enumerate(scopes) for a in ids],
        schema={"scope": pl.Int64, "article_id": pl.String},
        orient="row",
    )
    return source_groups_frame(members, articles, exact_up_to=exact_up_to)


def _scope_links(edges: pl.DataFrame, scope: int) -> list:
    """`SourceGroups.links` of one scope, from `source_groups_frame`'s edges in their order."""
    ordered = (
        edges.filter(pl.col("scope") == scope)
        .sort("phase", "key1", "key2")
        .select("first", "article_id", "reason", "share")
        .iter_rows()
    )
    return links_of(ordered)


def _assert_same(texts, outlets, scopes, exact_up_to=None):
    expected = _python_groups(texts, outlets, scopes)
    groups, edges = _frame_groups(texts, outlets, scopes, exact_up_to)
    got = {(s, a): g for s, a, g in groups.iter_rows()}
    assert groups.height == len(got) == sum(len(set(ids)) for ids in scopes)
    for scope, found in expected.items():
        assert {a: got[(scope, a)] for a in scopes[scope]} == dict(found.group)
        if exact_up_to is not None and len(set(scopes[scope])) > exact_up_to:
            continue  # groups only: the links are listed for small scopes
        assert _scope_links(edges, scope) == list(found.links)


@settings(max_examples=40, deadline=None)
@given(st.data(), st.sampled_from([None, 0, 3]))
def test_the_polars_groups_and_links_are_the_python_ones(data, exact_up_to):
    count = data.draw(st.integers(min_value=1, max_value=14))
    texts, outlets = {}, {}
    for i in range(count):
        picks = data.draw(st.lists(st.sampled_from(_SENTENCES), min_size=0, max_size=4))
        texts[f"a-{i:02d}"] = "\n".join(picks) or None
        outlets[f"a-{i:02d}"] = data.draw(st.sampled_from([None, "Saudi Press Agency", "Okaz"]))
    ids = list(texts)
    scopes = [
        sorted(data.draw(st.sets(st.sampled_from(ids), min_size=1)))
        for _ in range(data.draw(st.integers(min_value=1, max_value=3)))
    ]
    _assert_same(texts, outlets, scopes, exact_up_to)


def test_the_polars_groups_are_the_python_ones_on_the_corpus():
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))}
    outlets = dict.fromkeys(texts)
    rng = random.Random(0)
    scopes = [sorted(texts)] + [sorted(rng.sample(sorted(texts), 12)) for _ in range(10)]
    _assert_same(texts, outlets, scopes)
    _assert_same(texts, outlets, scopes, exact_up_to=5)


def test_scopes_grouped_in_chunks_are_grouped_as_at_once(monkeypatch):
    # Chunks of whole scopes, smaller than one scope: each chunk numbers its own articles.
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))}
    outlets = dict.fromkeys(texts)
    rng = random.Random(1)
    scopes = [sorted(rng.sample(sorted(texts), 9)) for _ in range(12)]
    monkeypatch.setattr(sources, "_CHUNK", 20)
    _assert_same(texts, outlets, scopes)
    _assert_same(texts, outlets, scopes, exact_up_to=5)


def test_no_members_no_groups():
    groups, edges = _frame_groups({"a": "نص"}, {"a": None}, [])
    assert groups.height == 0
    assert edges.height == 0


def test_a_story_held_by_many_texts_chains_them_into_one_source():
    # More texts than `_POSTING_LIMIT` hold each shingle: each is compared with the next only.
    story = " ".join(_SENTENCES[:3])
    texts = {f"a-{i:03d}": f"{story} المرجع {i}" for i in range(150)}
    outlets = dict.fromkeys(texts)
    _assert_same(texts, outlets, [sorted(texts)])
    _assert_same(texts, outlets, [sorted(texts)], exact_up_to=10)
    groups, _ = _frame_groups(texts, outlets, [sorted(texts)], exact_up_to=10)
    assert groups.get_column("group").unique().to_list() == ["a-000"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=30)),
        max_size=60,
    )
)
def test_connected_groups_are_a_union_finds(edges):
    nodes = [f"c{i:02d}" for i in range(31)]
    parent = {n: n for n in nodes}

    def find(x):
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(nodes[a]), find(nodes[b])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    label = smallest_in_group(
        len(nodes),
        np.array([a for a, _ in edges], dtype=np.int64),
        np.array([b for _, b in edges], dtype=np.int64),
    )
    assert {n: nodes[label[i]] for i, n in enumerate(nodes)} == {n: find(n) for n in nodes}


def test_reprints_missing_texts_and_repeated_rows_group_as_in_python():
    # Byte-identical reprints, a copy differing only in diacritics and tatweel, an article
    # with no text, one missing from `articles`, and an article given twice (the last row
    # counts, as a dict built from the rows keeps it).
    story = " ".join(_SENTENCES[:3])
    texts = {
        "a-1": story,
        "a-2": story,
        "a-3": story.replace("الملكي", "المَلَكـي"),
        "a-4": None,
        "a-5": "كابول (رويترز) - نص آخر تماما",
        "a-6": _SENTENCES[5],
    }
    outlets = dict.fromkeys(texts)
    scopes = [sorted([*texts, "a-9"]), ["a-2", "a-3", "a-6"], ["a-4", "a-5"]]
    articles = pl.LazyFrame(
        {
            "article_id": [*texts, "a-6"],
            "text": [*texts.values(), _SENTENCES[3]],
            "outlet": [None] * (len(texts) + 1),
        },
        schema={"article_id": pl.String, "text": pl.String, "outlet": pl.String},
    )
    members = pl.DataFrame(
        [(i, a) for i, ids in enumerate(scopes) for a in ids for _ in range(2)],
        schema={"scope": pl.Int64, "article_id": pl.String},
        orient="row",
    )
    groups, edges = source_groups_frame(members, articles)
    got = {(s, a): g for s, a, g in groups.iter_rows()}
    index = SourceIndex({**texts, "a-6": _SENTENCES[3]}, outlets)
    for scope, ids in enumerate(scopes):
        found = index.groups(ids)
        assert {a: got[(scope, a)] for a in ids} == dict(found.group)
        assert _scope_links(edges, scope) == list(found.links)
    assert got[(0, "a-3")] == "a-1"
    assert got[(0, "a-6")] == "a-5"  # the last row of a-6 credits Reuters, as a-5 does


# Characters of every kind `normalize_expr` treats apart: Arabic letters and their variants,
# harakat and tatweel, controls, Arabic-Indic digits, Latin capitals, a Greek capital sigma
# (lowercased by its context), İ (lowercased to i and a combining dot), separators and spaces.
_ALPHABET = "ابةىأإآءؤئکیٱ" + "\u064e\u0651\u0640\u200f\u200b\ufeff" + "٠١٩۴" + "AZaz09" + "ΣΑΒİ"
_ALPHABET += " \t\n\u00a0.,-–«»()'\u0307"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET, max_size=30), min_size=1, max_size=20))
def test_the_cheaper_normalization_is_normalize_expr(texts):
    column = pl.Series(texts, dtype=pl.String)
    expected = column.to_frame("t").select(normalize_expr(pl.col("t"))).to_series()
    assert normalize_series(column).to_list() == expected.to_list()


def test_the_cheaper_normalization_is_normalize_expr_on_the_corpus():
    column = pl.Series([p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))])
    expected = column.to_frame("t").select(normalize_expr(pl.col("t"))).to_series()
    assert normalize_series(column).to_list() == expected.to_list()
    assert normalize_series(pl.Series([None, ""], dtype=pl.String)).to_list() == [None, ""]


def test_the_characters_taken_as_caseless_have_no_lowercase():
    # `normalize_series` lowercases only the texts with a character outside `_CASELESS`.
    caseless = pl.Series([chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF])
    caseless = caseless.filter(caseless.str.contains(f"^[{_CASELESS}]$"))
    assert caseless.len() == 0x41 + 0x25 + 0x100
    assert (caseless.str.to_lowercase() == caseless).all()
