"""The pandera models in `schemas/`: valid tables pass, each important check catches its case."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

import pandera.polars as pa
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandera.errors import SchemaErrors

from factlint.layout import ARTICLE_EXTRA_COLUMNS, CSV_TABLES, JSONL_TABLES
from schemas import MODELS, UNVALIDATED_COLUMNS
from schemas._common import list_is_sorted

SPECS = {spec.name: spec for spec in (*CSV_TABLES, *JSONL_TABLES)}

# Real Arabic news text (seed-002): a date with Arabic-Indic digits, a weekday and a paired
# Gregorian/Syriac month name.
TEXT = (
    "وزيرا خارجية روسيا وأذربيجان يناقشان تطبيع العلاقات بين باكو ويريفان\n\n"
    "٠٥ ديسمبر ٢٠٢٢\n\n"
    "يستقبل وزير الخارجية الروسي سيرغي لافروف نظيره الأذربيجاني جيهون بيراموف "
    "اليوم الاثنين 5 ديسمبر/كانون الأول 2022 في موسكو."
)
ARTICLE = "seed-002"


def span(text: str) -> tuple[int, int]:
    start = TEXT.index(text)
    return start, start + len(text)


def table(name: str, rows: list[Mapping[str, Any]]) -> pl.DataFrame:
    """A frame with exactly the columns and dtypes the loader produces for `name`."""
    columns = dict(SPECS[name].columns)
    if name == "articles":
        columns.update(ARTICLE_EXTRA_COLUMNS)
    return pl.DataFrame([{c: row.get(c) for c in columns} for row in rows], schema=columns)


def mention(number: int, kind: str, text: str, value: str | None, **fields: Any) -> dict:
    start, end = span(text)
    mention_id = f"{ARTICLE}-m{number:03d}"
    row = {"mention_id": mention_id, "article_id": ARTICLE, "kind": kind, "start": start}
    return {**row, "end": end, "text": text, "value": value, **fields}


def valid_frames() -> dict[str, pl.DataFrame]:
    """A small dataset that satisfies every model and every shipped suite."""
    date = {"granularity": "day", "calendar": "gregorian", "relative": False}
    return {
        "articles": table(
            "articles",
            [
                {
                    "article_id": ARTICLE,
                    "title": "وزيرا خارجية روسيا وأذربيجان يناقشان تطبيع العلاقات بين باكو ويريفان",
                    "outlet": None,
                    "url": "https://example.org/ru-az",
                    "language": "ar",
                    "published": "2022-12-05",
                    "sha256": hashlib.sha256(TEXT.encode()).hexdigest(),
                    "text": TEXT,
                    "file_status": "ok",
                }
            ],
        ),
        "mentions": table(
            "mentions",
            [
                mention(1, "date", "٠٥ ديسمبر ٢٠٢٢", "2022-12-05", **date),
                mention(2, "title", "وزير الخارجية الروسي", "office-russia-foreign-minister"),
                mention(3, "person", "سيرغي لافروف", "person-sergey-lavrov"),
                mention(
                    4,
                    "date",
                    "الاثنين 5 ديسمبر/كانون الأول 2022",
                    "2022-12-05",
                    weekday=1,
                    same_as=f"{ARTICLE}-m001",
                    **date,
                ),
                mention(5, "place", "موسكو", "city-moscow"),
            ],
        ),
        "claims": table(
            "claims",
            [
                {
                    "claim_id": f"{ARTICLE}-c001",
                    "article_id": ARTICLE,
                    "kind": "role",
                    "person": "person-sergey-lavrov",
                    "office": "office-russia-foreign-minister",
                    "date": "2022-12-05",
                    "date_mention": f"{ARTICLE}-m004",
                    "mention_ids": [f"{ARTICLE}-m002", f"{ARTICLE}-m003"],
                    "extractor": "curated",
                    "confidence": 1.0,
                },
                {
                    "claim_id": f"{ARTICLE}-c002",
                    "article_id": ARTICLE,
                    "kind": "event",
                    "event_type": "meeting",
                    "participants": ["country-azerbaijan", "country-russia"],
                    "place": "city-moscow",
                    "date": "2022-12-05",
                    "date_mention": f"{ARTICLE}-m004",
                    "status": "planned",
                    "mention_ids": [f"{ARTICLE}-m004", f"{ARTICLE}-m005"],
                    "extractor": "rule-extractor",
                    "extractor_version": "0.3.1",
                    "confidence": 0.8,
                },
                {
                    "claim_id": f"{ARTICLE}-c003",
                    "article_id": ARTICLE,
                    "kind": "agreement",
                    "agreement": "agreement-trilateral-2020",
                    "parties": ["country-armenia", "country-azerbaijan", "country-russia"],
                    "scopes": None,
                    "mention_ids": [f"{ARTICLE}-m001"],
                    "extractor": "curated",
                    "confidence": 0.9,
                },
            ],
        ),
        "entities": table(
            "entities",
            [
                {
                    "entity_id": "person-sergey-lavrov",
                    "type": "person",
                    "name_ar": "سيرغي لافروف",
                    "name_en": "Sergey Lavrov",
                    "source": "wikidata Q80137",
                },
                {
                    "entity_id": "city-moscow",
                    "type": "city",
                    "name_ar": "موسكو",
                    "name_en": "Moscow",
                    "source": None,
                },
            ],
        ),
        "aliases": table(
            "aliases",
            [
                {
                    "entity_id": "person-sergey-lavrov",
                    "alias": "سيرجي لافروف",
                    "source": "spelling",
                },
                {
                    "entity_id": "city-moscow",
                    "alias": "مُوسْكُو",
                    "valid_from": "1991",
                    "source": "vocalised spelling",
                },
            ],
        ),
        "office_holders": table(
            "office_holders",
            [
                {
                    "office_id": "office-russia-foreign-minister",
                    "person_id": "person-sergey-lavrov",
                    "start": "2004-03-09",
                    "end": None,
                    "source": "kremlin.ru",
                }
            ],
        ),
        "agreement_parties": table(
            "agreement_parties",
            [
                {"agreement_id": "agreement-trilateral-2020", "party_id": party, "source": "text"}
                for party in ("country-armenia", "country-azerbaijan", "country-russia")
            ],
        ),
        "scopes": table(
            "scopes", [{"scope_code": "military", "label_en": "military", "label_ar": "عسكري"}]
        ),
        "scope_phrases": table(
            "scope_phrases",
            [
                {"scope_code": "military", "phrase_ar": "التعاون العسكري"},
                {"scope_code": "military", "phrase_ar": "العسكرية التقنية"},
            ],
        ),
    }


def with_cell(frame: pl.DataFrame, column: str, value: Any, row: int = 0) -> pl.DataFrame:
    """`frame` with one cell replaced, keeping the column's dtype."""
    values = frame[column].to_list()
    values[row] = value
    return frame.with_columns(pl.Series(column, values, dtype=frame.schema[column]))


def failures(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """pandera's failure cases for one table, validated eagerly at full depth."""
    frame = frame.drop(UNVALIDATED_COLUMNS.get(name, ()), strict=False)
    with pytest.raises(SchemaErrors) as caught:
        MODELS[name].validate(frame, lazy=True)
    return caught.value.failure_cases


# ---------------------------------------------------------------------------------------------


def test_models_cover_every_table_of_the_layout() -> None:
    assert set(MODELS) == set(SPECS)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_model_columns_and_dtypes_match_the_layout(name: str) -> None:
    schema = MODELS[name].to_schema()
    declared = {column: str(c.dtype) for column, c in schema.columns.items()}
    assert declared == {column: str(dtype) for column, dtype in SPECS[name].columns.items()}
    assert schema.strict is True


@pytest.mark.parametrize("name", sorted(SPECS))
def test_model_accepts_valid_frame(name: str) -> None:
    frame = valid_frames()[name].drop(UNVALIDATED_COLUMNS.get(name, ()), strict=False)
    MODELS[name].validate(frame, lazy=True)


# (table, row, column, bad value, check expected in the failure cases)
COLUMN_CASES = [
    ("articles", 0, "article_id", "../seed-002", "str_matches"),
    ("articles", 0, "article_id", "seed/002", "str_matches"),
    ("articles", 0, "article_id", "Seed-002", "str_matches"),
    ("articles", 0, "published", "٢٠٢٢-١٢-٠٥", "str_matches"),
    ("articles", 0, "published", "2022-13", "str_matches"),
    ("articles", 0, "published", "5 ديسمبر 2022", "str_matches"),
    ("articles", 0, "sha256", "abc123", "str_matches"),
    ("articles", 0, "language", "Arabic", "str_matches"),
    ("articles", 0, "language", None, "not_nullable"),
    ("articles", 0, "url", "example.org/ru-az", "str_matches"),
    ("mentions", 0, "kind", "datetime", "isin"),
    ("mentions", 0, "start", -1, "greater_than_or_equal_to"),
    ("mentions", 3, "weekday", 8, "in_range"),
    ("mentions", 3, "weekday", 0, "in_range"),
    ("mentions", 0, "granularity", "week", "isin"),
    ("mentions", 0, "calendar", "julian", "isin"),
    ("mentions", 0, "text", None, "not_nullable"),
    ("mentions", 3, "same_as", "seed-002 m001", "str_matches"),
    ("claims", 0, "confidence", 1.5, "in_range"),
    ("claims", 0, "confidence", -0.1, "in_range"),
    ("claims", 0, "confidence", None, "not_nullable"),
    ("claims", 1, "event_type", "party", "isin"),
    ("claims", 1, "status", "done", "isin"),
    ("claims", 1, "date", "2022-12-5", "str_matches"),
    ("claims", 0, "mention_ids", [], "not-empty"),
    ("claims", 0, "mention_ids", None, "not_nullable"),
    ("claims", 1, "participants", ["country-russia", "Country-Azerbaijan"], "ids-well-formed"),
    ("claims", 1, "participants", ["country-russia", "country-azerbaijan"], "ids-sorted"),
    ("claims", 0, "extractor", None, "not_nullable"),
    ("entities", 0, "type", "planet", "isin"),
    ("entities", 0, "name_ar", "Sergey Lavrov", "str_contains"),
    ("aliases", 0, "valid_to", "202", "str_matches"),
    ("aliases", 0, "source", None, "not_nullable"),
    ("office_holders", 0, "start", None, "not_nullable"),
    ("agreement_parties", 0, "party_id", "country_armenia", "str_matches"),
    ("scopes", 0, "label_ar", "military", "str_contains"),
    ("scope_phrases", 0, "scope_code", "Military", "str_matches"),
]


@pytest.mark.parametrize(("name", "row", "column", "value", "check"), COLUMN_CASES)
def test_bad_value_is_caught_in_its_column(
    name: str, row: int, column: str, value: Any, check: str
) -> None:
    frame = with_cell(valid_frames()[name], column, value, row)
    cases = failures(name, frame).filter(pl.col("column") == column)
    assert cases.height >= 1
    assert cases["check"].str.contains(check, literal=True).any()
    assert cases["index"].to_list() == [row] * cases.height


def _mention_edits() -> list[tuple[str, Callable[[pl.DataFrame], pl.DataFrame]]]:
    return [
        ("end-after-start", lambda f: with_cell(f, "end", f["start"][0], 0)),
        ("value-matches-kind", lambda f: with_cell(f, "value", "5/12/2022", 0)),
        ("value-matches-kind", lambda f: with_cell(f, "value", "Moscow", 4)),
        ("date-fields-only-on-dates", lambda f: with_cell(f, "calendar", "gregorian", 4)),
        ("id-prefixed-by-article", lambda f: with_cell(f, "mention_id", "seed-003-m005", 4)),
    ]


@pytest.mark.parametrize(("check", "edit"), _mention_edits())
def test_mention_row_checks(check: str, edit: Callable[[pl.DataFrame], pl.DataFrame]) -> None:
    cases = failures("mentions", edit(valid_frames()["mentions"]))
    assert cases.filter(pl.col("check") == check).height == 1


@pytest.mark.parametrize(
    ("row", "column", "check"),
    [
        (1, "participants", "event-requires-event_type-participants"),
        (1, "event_type", "event-requires-event_type-participants"),
        (0, "office", "role-requires-person-office"),
        (0, "person", "role-requires-person-office"),
        (2, "parties", "agreement-requires-agreement-parties"),
        (2, "agreement", "agreement-requires-agreement-parties"),
    ],
)
def test_claim_kind_requirements(row: int, column: str, check: str) -> None:
    claims = valid_frames()["claims"]
    cases = failures("claims", with_cell(claims, column, None, row))
    assert cases.filter(pl.col("check") == check)["index"].to_list() == [row]


def test_empty_participants_do_not_satisfy_an_event() -> None:
    claims = with_cell(valid_frames()["claims"], "participants", [], 1)
    cases = failures("claims", claims)
    assert "event-requires-event_type-participants" in cases["check"].to_list()


def test_claim_id_must_extend_its_article_id() -> None:
    claims = with_cell(valid_frames()["claims"], "claim_id", "seed-002-x001", 0)
    cases = failures("claims", claims)
    assert cases.filter(pl.col("check") == "id-prefixed-by-article")["index"].to_list() == [0]


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2022-12-05", True),
        ("2022-12", True),
        ("2022", True),
        ("202X", True),
        ("PAST_REF", True),
        ("1446-08-29", True),
        (None, True),
        ("2022-12-32", False),
        ("20XX", False),
        ("past_ref", False),
        ("٢٠٢٢", False),
    ],
)
def test_date_mention_values(value: str | None, ok: bool) -> None:
    mentions = with_cell(valid_frames()["mentions"], "value", value, 0)
    if ok:
        MODELS["mentions"].validate(mentions, lazy=True)
    else:
        assert "value-matches-kind" in failures("mentions", mentions)["check"].to_list()


@pytest.mark.parametrize(
    ("value", "ok"), [("P3D", True), ("PT24H", True), ("PXY", True), ("P", False), ("PT", False)]
)
def test_duration_mention_values(value: str, ok: bool) -> None:
    mentions = valid_frames()["mentions"]
    mentions = with_cell(with_cell(mentions, "kind", "duration", 4), "value", value, 4)
    if ok:
        MODELS["mentions"].validate(mentions, lazy=True)
    else:
        assert "value-matches-kind" in failures("mentions", mentions)["check"].to_list()


@pytest.mark.parametrize(
    ("name", "column"),
    [
        ("articles", "article_id"),
        ("mentions", "mention_id"),
        ("claims", "claim_id"),
        ("entities", "entity_id"),
        ("scopes", "scope_code"),
    ],
)
def test_ids_are_unique(name: str, column: str) -> None:
    frame = valid_frames()[name]
    duplicated = pl.concat([frame, frame.head(1)])
    cases = failures(name, duplicated).filter(pl.col("column") == column)
    assert cases["check"].to_list() == ["field_uniqueness", "field_uniqueness"]


@pytest.mark.parametrize("name", sorted(SPECS))
def test_unknown_column_is_rejected(name: str) -> None:
    frame = valid_frames()[name].with_columns(pl.lit("زائد").alias("notes"))
    cases = failures(name, frame)
    assert cases.filter(pl.col("check") == "column_in_schema")["failure_case"].to_list() == [
        "notes"
    ]


def test_missing_column_is_rejected() -> None:
    cases = failures("mentions", valid_frames()["mentions"].drop("granularity"))
    assert cases.filter(pl.col("check") == "column_in_dataframe")["failure_case"].to_list() == [
        "granularity"
    ]


def test_data_checks_run_even_when_the_environment_asks_for_schema_only() -> None:
    """A LazyFrame under the default config gets schema checks only; the gate's config does not."""
    from pandera.config import ValidationDepth, config_context

    mentions = with_cell(valid_frames()["mentions"], "start", -5, 0)
    with config_context(validation_depth=ValidationDepth.SCHEMA_ONLY):
        MODELS["mentions"].validate(mentions.lazy(), lazy=True).collect()  # passes: no data checks
    with (
        config_context(validation_depth=ValidationDepth.SCHEMA_AND_DATA),
        pytest.raises(SchemaErrors) as caught,
    ):
        MODELS["mentions"].validate(mentions.lazy(), lazy=True)
    assert "start" in caught.value.failure_cases["column"].to_list()


def test_models_are_plain_pandera_models() -> None:
    assert all(issubclass(model, pa.DataFrameModel) for model in MODELS.values())
    for model in MODELS.values():
        meta = model.Config.metadata
        assert set(meta) == {"row_key", "row_checks"}
        columns = set(model.to_schema().columns)
        assert set(meta["row_key"]) <= columns
        assert all(set(cols) <= columns for cols in meta["row_checks"].values())
        assert set(meta["row_checks"]) == {check.name for check in model.to_schema().checks}


def test_days_that_do_not_exist_are_caught_where_dates_are_stored():
    """2025-02-29 fits the TIMEX pattern but is no day; every date rule would skip it."""
    from factlint.schema_gate import run_pandera

    frame = pl.DataFrame(
        {
            "office_id": ["office-russia-foreign-minister"],
            "person_id": ["person-sergey-lavrov"],
            "start": ["2004-03-09"],
            "end": ["2025-02-29"],
            "source": ["test"],
        }
    )
    found = run_pandera({"office_holders": frame})
    assert found.height == 1
    assert "real-calendar-day" in found["message"][0]
    assert "2025-02-29" in found["message"][0]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.lists(st.one_of(st.none(), st.sampled_from("abc")), max_size=9)),
        max_size=20,
    )
)
def test_sorted_id_lists_are_judged_as_by_list_sort(lists: list[list[str | None] | None]) -> None:
    """`list_is_sorted` compares short lists item by item and sorts long ones with `list.eval`
    (both faster), and judges every list as comparing it with `list.sort()` does: nulls
    first, empty and null lists, short and long ones."""
    frame = pl.DataFrame({"ids": lists}, schema={"ids": pl.List(pl.String)})
    judged = list_is_sorted(pa.PolarsData(frame.lazy(), "ids")).collect().to_series()
    expected = frame.select(pl.col("ids").list.sort() == pl.col("ids")).to_series()
    assert judged.to_list() == expected.to_list()


DATE_VALUES = ["2024-02-29", "2025-02-29", "1446-08-29", "9999", "966X", "0000", "000X", "", None]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["date", "place", None]),
            st.sampled_from(["gregorian", "hijri", "julian", None]),
            st.sampled_from(DATE_VALUES),
        ),
        max_size=12,
    )
)
def test_date_checks_parse_only_what_they_judge(rows: list[tuple[Any, Any, Any]]) -> None:
    """The mention date checks parse only the values of the rows they judge, and judge every
    row as parsing every value does."""
    from schemas._common import gregorian_date_exists, hijri_year_in_range

    frame = pl.DataFrame(
        rows, schema={"kind": pl.String, "calendar": pl.String, "value": pl.String}, orient="row"
    )
    kind, calendar, value = pl.col("kind"), pl.col("calendar"), pl.col("value")
    gregorian = (kind == "date") & (calendar.fill_null("gregorian") == "gregorian")
    hijri = (kind == "date") & (calendar == "hijri")
    expected = {
        "real_calendar_day": (~gregorian | gregorian_date_exists(value)).fill_null(True),
        "hijri_year_in_range": (~hijri | hijri_year_in_range(value)).fill_null(True),
    }
    for check, parse_all in expected.items():
        judged = getattr(MODELS["mentions"], check)(pa.PolarsData(frame.lazy(), "*"))
        expected_verdicts = frame.select(parse_all).to_series().to_list()
        assert judged.collect().to_series().to_list() == expected_verdicts
