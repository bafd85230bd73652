"""Identity: name keys of unknown people, and which event claims describe one real event."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factlint.identity import (
    LINK_COLUMNS,
    MIN_IDENTITY,
    PARTICIPANT_SCORES,
    PLACE_SCORES,
    claim_number,
    event_block,
    event_links,
    numbered_event_links,
    person_key,
)
from factlint.layout import CLAIMS
from factlint.timeline import dated_claims

ENTITIES = pl.DataFrame(
    [
        ("person-salman-bin-abdulaziz", "person", "سلمان بن عبدالعزيز آل سعود"),
        ("person-mohammed-bin-nayef", "person", "محمد بن نايف"),
        ("person-sameh-shoukry", "person", "سامح شكري"),
        ("country-saudi-arabia", "country", "المملكة العربية السعودية"),
        ("country-egypt", "country", "مصر"),
        ("city-jeddah", "city", "جدة"),
        ("city-riyadh", "city", "الرياض"),
        ("place-al-salam-palace-jeddah", "region", "قصر السلام"),
        ("organisation-arab-coalition", "organisation", "التحالف العربي"),
        ("country-morocco", "country", "المغرب"),
        ("country-azerbaijan", "country", "أذربيجان"),
    ],
    schema=["entity_id", "type", "name_ar"],
    orient="row",
).with_columns(name_en=pl.lit("x"), source=pl.lit("test"))
ALIASES = pl.DataFrame(
    schema={
        "entity_id": pl.String,
        "alias": pl.String,
        "valid_from": pl.String,
        "valid_to": pl.String,
    }
)


def _claim(claim_id: str, article_id: str, date: str, **fields: Any) -> dict[str, Any]:
    return {
        "claim_id": claim_id,
        "article_id": article_id,
        "kind": "event",
        "event_type": fields.pop("event_type", "meeting"),
        "participants": fields.pop("participants", []),
        "date": date,
        "status": "occurred",
        "mention_ids": [],
        "extractor": "curated",
        "confidence": 1.0,
        **fields,
    }


def _links(claims: list[dict[str, Any]], published: dict[str, str | None]) -> pl.DataFrame:
    frame = pl.DataFrame(
        [{c: r.get(c) for c in CLAIMS.columns} for r in claims], schema=CLAIMS.columns
    )
    articles = pl.DataFrame(
        {"article_id": list(published), "published": list(published.values())},
        schema={"article_id": pl.String, "published": pl.String},
    )
    events = dated_claims(frame.lazy())
    return (
        event_links(events, articles.lazy(), ENTITIES.lazy(), ALIASES.lazy())
        .collect()
        .sort("claim_a", "claim_b")
    )


def _pairs(links: pl.DataFrame) -> set[tuple[str, str]]:
    return set(links.select("claim_a", "claim_b").iter_rows())


def test_two_spellings_of_one_unknown_person_have_one_key():
    assert person_key("سيرغي لافروف") == person_key("سيرجي لافروف")
    assert person_key("عبد الفتاح السيسي") == person_key("عبدالفتاح السيسي")
    assert person_key("الملا أختر منصور") != person_key("أختر منصور")


def test_unknown_people_spelled_two_ways_join_one_meeting():
    keys = [person_key("عبد الفتاح السيسي"), person_key("محمد بن سلمان")]
    other = [person_key("عبدالفتاح السيسي"), person_key("محمد بن سلمان")]
    links = _links(
        [
            _claim("a-c1", "a", "2015-07-30", participant_keys=sorted(keys), place="country-egypt"),
            _claim(
                "b-c1", "b", "2015-07-30", participant_keys=sorted(other), place="country-egypt"
            ),
        ],
        {"a": "2015-07-31", "b": "2015-07-31"},
    )
    assert links.row(0, named=True) | {"shared": None} == {
        "claim_a": "a-c1",
        "claim_b": "b-c1",
        "block": "meeting|",
        "identity": round(PARTICIPANT_SCORES["equal"] + PLACE_SCORES["same"], 2),
        "basis": "news",
        "participants": "equal",
        "shared": None,
        "place": "same",
        "published_apart": 0,
    }


def test_a_name_key_that_is_a_reference_name_is_that_person():
    links = _links(
        [
            _claim(
                "a-c1",
                "a",
                "2015-07-23",
                participant_keys=["person-salman-bin-abdulaziz", "person-sameh-shoukry"],
            ),
            _claim(
                "b-c1",
                "b",
                "2015-07-23",
                participant_keys=["person-salman-bin-abdulaziz", person_key("سامح شكري")],
            ),
        ],
        {"a": "2015-07-24", "b": "2015-07-24"},
    )
    assert links["participants"].to_list() == ["equal"]


def test_a_person_on_each_side_the_other_lacks_makes_two_events():
    links = _links(
        [
            _claim(
                "a-c1",
                "a",
                "2015-07-22",
                participants=["person-mohammed-bin-nayef"],
                participant_keys=["person-mohammed-bin-nayef", "سامحشكري"],
                place="city-jeddah",
            ),
            _claim(
                "b-c1",
                "b",
                "2015-07-23",
                participants=["person-salman-bin-abdulaziz"],
                participant_keys=["person-salman-bin-abdulaziz", "سامحشكري"],
                place="city-jeddah",
            ),
        ],
        {"a": "2015-07-23", "b": "2015-07-24"},
    )
    assert links.height == 0


def test_bodies_may_nest_people_may_not():
    links = _links(
        [
            _claim(
                "a-c1",
                "a",
                "2015-07-08",
                event_type="military_operation",
                participants=["country-united-states", "person-muhsin-al-fadhli"],
                place="city-sarmada",
            ),
            _claim(
                "b-c1",
                "b",
                "2015-07-08",
                event_type="military_operation",
                participants=["organisation-international-coalition", "person-muhsin-al-fadhli"],
                place="city-sarmada",
            ),
        ],
        {"a": "2015-07-22", "b": "2015-07-23"},
    )
    assert links["participants"].to_list() == ["overlap"]
    assert links["identity"].to_list() == [
        round(PARTICIPANT_SCORES["overlap"] + PLACE_SCORES["same"], 2)
    ]


@pytest.mark.parametrize(
    ("place_a", "place_b", "relation"),
    [
        ("country-saudi-arabia", "city-jeddah", "nested"),
        ("city-jeddah", "place-al-salam-palace-jeddah", "nested"),
        ("city-jeddah", None, "one-missing"),
        ("city-jeddah", "city-riyadh", None),
        ("country-saudi-arabia", "country-egypt", None),
    ],
)
def test_places_of_different_kinds_may_nest(place_a, place_b, relation):
    keys = ["person-salman-bin-abdulaziz", "person-sameh-shoukry"]
    links = _links(
        [
            _claim("a-c1", "a", "2015-07-25", participant_keys=keys, place=place_a),
            _claim("b-c1", "b", "2015-07-25", participant_keys=keys, place=place_b),
        ],
        {"a": "2015-07-25", "b": "2015-07-26"},
    )
    assert links["place"].to_list() == ([relation] if relation else [])


def test_recurring_events_are_joined_only_as_news():
    keys = ["person-salman-bin-abdulaziz", "person-sameh-shoukry"]
    links = _links(
        [
            _claim("a-c1", "a", "2015-07-23", participant_keys=keys),
            # a meeting recalled from last year in an article of the same week
            _claim("b-c1", "b", "2014-07-10", participant_keys=keys),
            # the same meeting in an article published two weeks later
            _claim("c-c1", "c", "2015-07-23", participant_keys=keys),
            # no publication date: nothing to tell news from history
            _claim("d-c1", "d", "2015-07-23", participant_keys=keys),
        ],
        {"a": "2015-07-24", "b": "2015-07-25", "c": "2015-08-07", "d": None},
    )
    assert links.height == 0


def test_an_act_on_an_agreement_happens_once_whenever_it_is_dated():
    agreement = "agreement-mar-aze-military-2024"
    parties = ["country-azerbaijan", "country-morocco"]
    links = _links(
        [
            _claim(
                "a-c1",
                "a",
                "2024-10-30",
                event_type="signing",
                participants=parties,
                agreement=agreement,
            ),
            _claim(
                "b-c1", "b", "2023", event_type="signing", participants=parties, agreement=agreement
            ),
            _claim(
                "c-c1",
                "c",
                "2025-01",
                event_type="ratification",
                participants=["country-azerbaijan"],
                agreement=agreement,
            ),
            _claim(
                "d-c1",
                "d",
                "2025-02",
                event_type="ratification",
                participants=["country-morocco"],
                agreement=agreement,
            ),
        ],
        {"a": None, "b": None, "c": None, "d": None},
    )
    assert _pairs(links) == {("a-c1", "b-c1")}
    assert links["basis"].to_list() == ["agreement"]


def test_one_shared_participant_and_nothing_else_is_weak():
    links = _links(
        [
            _claim(
                "a-c1",
                "a",
                "2015-07-23",
                participant_keys=["person-sameh-shoukry"],
                place="country-saudi-arabia",
            ),
            _claim(
                "b-c1",
                "b",
                "2015-07-30",
                participant_keys=["person-sameh-shoukry", "سيسي"],
                place="city-riyadh",
            ),
        ],
        {"a": "2015-07-24", "b": "2015-07-31"},
    )
    score = PARTICIPANT_SCORES["subset-one"] + PLACE_SCORES["nested"]
    assert score < MIN_IDENTITY
    assert links.height == 0


EVENT_ROWS = [
    _claim(
        "a-c1",
        "a",
        "2015-07-23",
        participant_keys=["person-salman-bin-abdulaziz", "سامحشكري"],
        place="place-al-salam-palace-jeddah",
    ),
    _claim(
        "b-c1",
        "b",
        "2015-07-24",
        participant_keys=["person-salman-bin-abdulaziz", "سامحشكري"],
        place="place-al-salam-palace-jeddah",
    ),
    _claim(
        "c-c1", "c", "2015-07-23", participants=["person-salman-bin-abdulaziz"], place="city-jeddah"
    ),
    _claim(
        "c-c2",
        "c",
        "2015-07-25",
        event_type="departure",
        participants=["person-salman-bin-abdulaziz"],
        place="country-saudi-arabia",
    ),
    _claim(
        "d-c1",
        "d",
        "2015-07-25",
        event_type="departure",
        participants=["person-salman-bin-abdulaziz"],
        place="city-jeddah",
    ),
]
PUBLISHED = {"a": "2015-07-24", "b": "2015-07-24", "c": "2015-07-25", "d": "2015-07-26"}


@settings(max_examples=40, deadline=None)
@given(st.permutations(EVENT_ROWS))
def test_links_do_not_depend_on_row_order(rows):
    assert _links(rows, PUBLISHED).to_dicts() == _links(EVENT_ROWS, PUBLISHED).to_dicts()


def test_every_link_stays_within_one_block():
    links = _links(EVENT_ROWS, PUBLISHED)
    blocks = dict(
        pl.DataFrame(
            [{c: r.get(c) for c in CLAIMS.columns} for r in EVENT_ROWS], schema=CLAIMS.columns
        )
        .select("claim_id", event_block().alias("block"))
        .iter_rows()
    )
    assert links.height == 2  # the meeting's two reports; the departure from nested places
    for row in links.iter_rows(named=True):
        assert blocks[row["claim_a"]] == blocks[row["claim_b"]] == row["block"]


def test_claim_numbers_sort_as_the_ids_and_repeat_with_them():
    ids = ["b-2", "a-10", "a-9", "b-2", "a-1"]
    numbers = pl.DataFrame({"claim_id": ids}).select(claim_number()).to_series().to_list()
    assert [x for _, x in sorted(zip(ids, numbers, strict=True))] == sorted(numbers)
    assert numbers[0] == numbers[3] and len(set(numbers)) == 4 and min(numbers) == 0


@settings(max_examples=20, deadline=None)
@given(st.permutations(EVENT_ROWS))
def test_numbered_links_are_the_links_by_claim_number(rows):
    frame = pl.DataFrame(
        [{c: r.get(c) for c in CLAIMS.columns} for r in rows], schema=CLAIMS.columns
    )
    articles = pl.DataFrame(
        {"article_id": list(PUBLISHED), "published": list(PUBLISHED.values())}
    ).lazy()
    events = dated_claims(frame.lazy()).with_columns(claim_number())
    number = dict(events.select("claim_id", "_n").collect().iter_rows())
    numbered = numbered_event_links(events, articles, ENTITIES.lazy(), ALIASES.lazy()).collect()
    by_id = _links(rows, PUBLISHED)

    def rows_of(frame: pl.DataFrame) -> set[tuple[Any, ...]]:
        return {
            tuple(tuple(x) if isinstance(x, list) else x for x in row) for row in frame.iter_rows()
        }

    renamed = by_id.select(
        pl.col("claim_a").replace_strict(number).alias("_a"),
        pl.col("claim_b").replace_strict(number).alias("_b"),
        *LINK_COLUMNS[2:],
    )
    assert by_id.height == numbered.height == 2
    assert rows_of(numbered.select("_a", "_b", *LINK_COLUMNS[2:])) == rows_of(renamed)
