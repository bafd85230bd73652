"""The schema gate: pandera and Great Expectations failures as findings, crashes as findings."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import pandera.polars as pa
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing.parametric import column, dataframes
from test_schemas import ARTICLE, valid_frames, with_cell

from factlint.findings import FINDINGS_SCHEMA
from factlint.schema_gate import run_expectations, run_pandera
from schemas import MODELS, SUITES_DIR


def only(findings: pl.DataFrame, **equal: Any) -> dict[str, Any]:
    """The single finding whose fields equal `equal`."""
    rows = findings.filter(*(pl.col(k) == v for k, v in equal.items()))
    assert rows.height == 1, findings.select("code", "message").rows()
    return rows.row(0, named=True)


def write_suite(directory: Path, name: str, suite: Any) -> Path:
    path = directory / f"{name}.json"
    text = suite if isinstance(suite, str) else json.dumps(suite, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def suite(table: str, *expectations: dict[str, Any], **meta: Any) -> dict[str, Any]:
    return {"name": table, "meta": {"table": table, **meta}, "expectations": list(expectations)}


UNIQUE_SPANS = {
    "type": "expect_compound_columns_to_be_unique",
    "kwargs": {"column_list": ["article_id", "start", "end", "kind"]},
}


# --- pandera -----------------------------------------------------------------------------------


def test_valid_dataset_has_no_schema_findings() -> None:
    findings = run_pandera(valid_frames())
    assert findings.schema == pl.Schema(FINDINGS_SCHEMA)
    assert findings.height == 0, findings["message"].to_list()


def test_bad_value_names_table_column_check_value_and_ids() -> None:
    frames = valid_frames()
    frames["mentions"] = with_cell(frames["mentions"], "weekday", 9, 3)
    finding = only(run_pandera(frames))
    assert finding["code"] == "FL001"
    assert (finding["name"], finding["severity"], finding["source"]) == (
        "schema-violation",
        "error",
        "schema",
    )
    assert finding["message"] == ("mentions.weekday [seed-002-m004]: in_range(1, 7) failed for 9")
    assert finding["mention_ids"] == ["seed-002-m004"]
    assert finding["article_ids"] == [ARTICLE]
    assert finding["claim_ids"] == []
    assert json.loads(finding["details"])["column"] == "weekday"


def test_row_check_shows_the_columns_it_reads() -> None:
    frames = valid_frames()
    frames["claims"] = with_cell(frames["claims"], "office", None, 0)
    finding = only(run_pandera(frames))
    assert finding["message"] == (
        "claims [seed-002-c001]: role-requires-person-office failed "
        '(kind="role", person="person-sergey-lavrov", office=null)'
    )
    assert finding["claim_ids"] == ["seed-002-c001"]
    assert finding["article_ids"] == [ARTICLE]


def test_long_arabic_values_are_clipped_in_the_message() -> None:
    frames = valid_frames()
    long_title = "تطبيع العلاقات " * 20
    frames["articles"] = with_cell(frames["articles"], "url", long_title)
    finding = only(run_pandera(frames))
    assert "…" in finding["message"]
    assert len(finding["message"]) < 250
    assert json.loads(finding["details"])["value"] == long_title


def test_unknown_and_missing_columns_are_findings() -> None:
    frames = valid_frames()
    frames["claims"] = frames["claims"].with_columns(pl.lit("؟").alias("comment"))
    frames["scopes"] = frames["scopes"].drop("label_ar")
    findings = run_pandera(frames)
    assert only(
        findings, code="FL001", message="claims: unknown column 'comment' (the schema is strict)"
    )
    assert only(findings, message="scopes: required column 'label_ar' is missing")
    assert findings.filter(pl.col("code") != "FL001").height == 0


def test_loader_columns_of_articles_are_not_validated() -> None:
    frames = valid_frames()
    assert {"text", "file_status"} <= set(frames["articles"].columns)
    assert run_pandera({"articles": frames["articles"]}).height == 0


def test_offsets_the_loader_narrowed_are_judged_as_their_values() -> None:
    """`start`/`end` held as Int32 (the loader's narrowing) give the findings Int64 gives: a
    bad value is named as it is, and the narrow type is no dtype finding; another type is."""
    frames = valid_frames()
    bad = with_cell(frames["mentions"], "start", -4, 3)
    wide = run_pandera({**frames, "mentions": bad})
    narrow = run_pandera(
        {**frames, "mentions": bad.with_columns(pl.col("start", "end").cast(pl.Int32))}
    )
    assert only(narrow)["message"] == only(wide)["message"]
    assert only(narrow)["message"].endswith("(0) failed for -4")
    assert narrow.select("fingerprint").equals(wide.select("fingerprint"))
    clean = frames["mentions"].with_columns(pl.col("start", "end").cast(pl.Int32))
    assert run_pandera({**frames, "mentions": clean}).height == 0
    other = frames["mentions"].with_columns(pl.col("start").cast(pl.Int16))
    assert (
        "expected dtype Int64, found Int16"
        in only(run_pandera({**frames, "mentions": other}))["message"]
    )


def test_wrong_dtype_is_one_finding_not_a_crash() -> None:
    frames = valid_frames()
    frames["mentions"] = frames["mentions"].with_columns(pl.col("start").cast(pl.String))
    findings = run_pandera(frames)
    finding = only(findings)
    assert finding["message"] == "mentions.start: expected dtype Int64, found String"
    assert finding["code"] == "FL001"


def test_wrong_dtype_of_an_id_column_keeps_the_ids() -> None:
    frames = valid_frames()
    mentions = frames["mentions"].with_columns(pl.col("weekday").cast(pl.String))
    frames["mentions"] = with_cell(mentions, "kind", "datetime", 1)
    findings = run_pandera(frames)
    assert only(findings, message="mentions.weekday: expected dtype Int64, found String")
    assert only(findings, mention_ids=["seed-002-m002"])["code"] == "FL001"


def test_data_checks_run_whatever_the_pandera_environment() -> None:
    """Schema-only depth or disabled validation around the gate must not silence it."""
    from pandera.config import ValidationDepth, config_context

    frames = {"mentions": with_cell(valid_frames()["mentions"], "start", -1, 2).lazy()}
    with config_context(validation_enabled=False, validation_depth=ValidationDepth.SCHEMA_ONLY):
        # The same model, asked directly, checks nothing here: this is what the gate overrides.
        MODELS["mentions"].validate(frames["mentions"], lazy=True)
        findings = run_pandera(frames)  # type: ignore[arg-type]
    finding = only(findings)
    assert finding["message"].startswith("mentions.start [seed-002-m003]: greater_than_or_equal")


def test_duplicate_ids_are_one_finding_naming_every_row() -> None:
    frames = valid_frames()
    twin = frames["claims"].head(1).with_columns(pl.lit("seed-009").alias("article_id"))
    frames["claims"] = pl.concat([frames["claims"], twin])
    finding = only(
        run_pandera(frames),
        message=('claims.claim_id [seed-002-c001]: duplicate value "seed-002-c001"'),
    )
    assert finding["article_ids"] == [ARTICLE, "seed-009"]


def test_rows_without_ids_get_content_fingerprints() -> None:
    frames = valid_frames()
    mentions = with_cell(frames["mentions"], "mention_id", None, 0)
    frames["mentions"] = with_cell(mentions, "mention_id", None, 1)
    nulls = run_pandera(frames).filter(pl.col("message").str.contains("value is missing"))
    assert nulls.height == 2  # two different rows, two findings
    assert nulls["message"].str.starts_with("mentions.mention_id [row without mention_id]").all()


def test_a_model_that_raises_is_a_crash_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    # The gate validates the model's schema (less the checks that pass), not the model itself.
    monkeypatch.setattr(MODELS["scopes"], "to_schema", explode)
    finding = only(run_pandera(valid_frames()))
    assert (finding["code"], finding["name"], finding["source"]) == (
        "FL009",
        "check-crashed",
        "engine",
    )
    assert "table 'scopes'" in finding["message"]
    assert "RuntimeError: boom" in finding["message"]


def test_a_check_that_raises_is_a_crash_finding() -> None:
    class Fragile(pa.DataFrameModel):
        scope_code: str

        @pa.dataframe_check(name="fragile")
        @classmethod
        def fragile(cls, data: pa.PolarsData) -> pl.LazyFrame:
            return data.lazyframe.select(pl.col("no-such-column") > 0)

    findings = run_pandera({"scopes": valid_frames()["scopes"]}, models={"scopes": Fragile})
    crash = only(findings, code="FL009")
    assert crash["message"].startswith("check fragile on scopes: could not run")


def test_fingerprints_do_not_depend_on_row_order() -> None:
    frames = valid_frames()
    mentions = with_cell(frames["mentions"], "start", -1, 1)
    frames["mentions"] = with_cell(mentions, "calendar", "julian", 3)
    frames["claims"] = with_cell(frames["claims"], "confidence", 2.0, 2)
    before = run_pandera(frames)
    shuffled = {
        name: frame.sample(fraction=1.0, shuffle=True, seed=7) for name, frame in frames.items()
    }
    after = run_pandera(shuffled)
    assert before.height == 3
    assert sorted(before["fingerprint"]) == sorted(after["fingerprint"])
    assert before.sort("fingerprint").equals(after.sort("fingerprint"))


DTYPES = [
    pl.String,
    pl.Int64,
    pl.Int32,
    pl.Float64,
    pl.Boolean,
    pl.Date,
    pl.Categorical,
    pl.List(pl.String),
    pl.List(pl.Int64),
    pl.Null,
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    table=st.sampled_from(sorted(MODELS)),
    data=st.data(),
)
def test_any_frame_gives_findings_never_a_crash(table: str, data: st.DataObject) -> None:
    """Whatever columns and dtypes a table arrives with, the gate answers with findings."""
    names = list(MODELS[table].to_schema().columns)
    chosen = data.draw(st.lists(st.sampled_from([*names, "extra"]), unique=True, max_size=8))
    cols = [column(name, dtype=data.draw(st.sampled_from(DTYPES))) for name in chosen]
    frame = data.draw(dataframes(cols, max_size=6, allow_null=True))
    findings = run_pandera({table: frame})
    assert findings.schema == pl.Schema(FINDINGS_SCHEMA)
    assert findings["fingerprint"].is_unique().all()
    assert findings["message"].str.contains(table, literal=True).all()


@settings(max_examples=25, deadline=None)
@given(
    starts=st.lists(st.integers(-3, 40), min_size=1, max_size=5),
    seed=st.integers(0, 2**16),
)
def test_mention_findings_do_not_depend_on_order(starts: list[int], seed: int) -> None:
    base = valid_frames()["mentions"]
    rows = pl.concat([base] * len(starts)).head(len(starts))
    rows = rows.with_columns(
        pl.Series("start", starts, dtype=pl.Int64),
        pl.Series("mention_id", [f"{ARTICLE}-m{n:03d}" for n in range(len(starts))]),
    )
    before = run_pandera({"mentions": rows})
    after = run_pandera({"mentions": rows.sample(fraction=1.0, shuffle=True, seed=seed)})
    assert before.sort("fingerprint").equals(after.sort("fingerprint"))


# --- pandera asked only about the checks that fail ---------------------------------------------


def pandera_alone(table: str, frame: pl.DataFrame) -> pl.DataFrame | None:
    """The failure cases of the whole model, validated by pandera as it stands (code
    columns the gate keeps categorical and integers the loader narrowed typed so:
    `_as_loaded`)."""
    from pandera.config import ValidationDepth, config_context
    from pandera.errors import SchemaErrors

    from factlint.schema_gate import _as_loaded

    depth = ValidationDepth.SCHEMA_AND_DATA
    with config_context(validation_enabled=True, validation_depth=depth), warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            _as_loaded(MODELS[table].to_schema(), frame).validate(frame, lazy=True)
        except SchemaErrors as exc:
            return exc.failure_cases
    return None


def gate_failures(table: str, frame: pl.DataFrame) -> pl.DataFrame | None:
    from factlint.schema_gate import _pandera_failures, _prepare

    return _pandera_failures(_prepare(table, frame), MODELS[table])


def assert_same_failures(table: str, frame: pl.DataFrame) -> None:
    from factlint.schema_gate import _prepare

    expected = pandera_alone(table, _prepare(table, frame))
    found = gate_failures(table, frame)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert found.equals(expected), (found, expected)


def _broken_frames() -> list[tuple[str, pl.DataFrame]]:
    frames = valid_frames()
    mentions, claims = frames["mentions"], frames["claims"]
    return [
        *((name, frame) for name, frame in frames.items()),
        ("mentions", with_cell(mentions, "start", -1, 1)),
        ("mentions", with_cell(with_cell(mentions, "weekday", 9, 3), "kind", "datetime", 0)),
        ("mentions", with_cell(mentions, "end", 0, 2)),
        ("mentions", with_cell(mentions, "value", "2025-02-29", 0)),
        ("mentions", with_cell(mentions, "mention_id", None, 1)),
        ("mentions", pl.concat([mentions, mentions.head(2)])),
        ("mentions", mentions.with_columns(pl.col("start").cast(pl.String))),
        ("mentions", mentions.drop("granularity").with_columns(pl.lit(1).alias("extra"))),
        ("claims", with_cell(claims, "participants", ["country-russia", "Country-x"], 1)),
        ("claims", with_cell(claims, "participants", ["country-z", "country-a"], 1)),
        ("claims", with_cell(claims, "confidence", float("nan"), 0)),
        ("claims", with_cell(claims, "office", None, 0)),
        ("claims", with_cell(claims, "mention_ids", [], 2)),
        ("claims", pl.concat([claims, claims.head(1)])),
        ("articles", with_cell(frames["articles"], "published", "2022-13-01", 0)),
        ("scopes", frames["scopes"].drop("label_ar")),
    ]


@pytest.mark.parametrize(("table", "frame"), _broken_frames())
def test_the_gate_gets_the_failure_cases_pandera_gives(table: str, frame: pl.DataFrame) -> None:
    """Asking pandera only about the checks that fail gives every failure case it gives for
    the whole model, with the same check numbers and rows."""
    assert_same_failures(table, frame)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=st.sampled_from(sorted(MODELS)), data=st.data())
def test_the_gate_gets_pandera_s_failure_cases_for_any_frame(
    table: str, data: st.DataObject
) -> None:
    """Columns missing, unknown or of any dtype, nulls anywhere: the same failure cases."""
    names = list(MODELS[table].to_schema().columns)
    chosen = data.draw(st.lists(st.sampled_from([*names, "extra"]), unique=True, max_size=8))
    cols = [column(name, dtype=data.draw(st.sampled_from(DTYPES))) for name in chosen]
    assert_same_failures(table, data.draw(dataframes(cols, max_size=6, allow_null=True)))


def test_checks_that_pass_are_not_handed_to_pandera() -> None:
    """Only what fails is left for pandera: that is where the gate's time goes."""
    from factlint.schema_gate import _PASSED, _without_passing_checks

    claims = with_cell(valid_frames()["claims"], "confidence", 2.0, 1)
    schema = _without_passing_checks(MODELS["claims"].to_schema(), claims)
    left = [
        (name, check.name)
        for name, col in [*schema.columns.items(), (None, schema)]
        for check in col.checks
        if check is not _PASSED
    ]
    assert left == [("confidence", "in_range")]
    assert not any(col.unique for col in schema.columns.values())
    assert all(col.nullable for col in schema.columns.values())
    # The model itself is untouched.
    assert MODELS["claims"].to_schema().columns["claim_id"].unique


# --- Great Expectations -----------------------------------------------------------------------


def test_shipped_suites_pass_on_a_valid_dataset() -> None:
    findings = run_expectations(valid_frames(), SUITES_DIR)
    assert findings.schema == pl.Schema(FINDINGS_SCHEMA)
    assert findings.height == 0, findings["message"].to_list()


def test_every_shipped_suite_names_a_known_table() -> None:
    paths = sorted(SUITES_DIR.glob("*.json"))
    assert paths
    for path in paths:
        spec = json.loads(path.read_text(encoding="utf-8"))
        assert spec["meta"]["table"] in MODELS, path.name


def test_failed_expectation_is_fl002_with_a_readable_message_and_ids() -> None:
    frames = valid_frames()
    twin = frames["mentions"].slice(4, 1).with_columns(pl.lit("seed-002-m006").alias("mention_id"))
    frames["mentions"] = pl.concat([frames["mentions"], twin])
    finding = only(run_expectations(frames, SUITES_DIR))
    assert (finding["code"], finding["name"], finding["severity"], finding["source"]) == (
        "FL002",
        "expectation-failed",
        "error",
        "expectation",
    )
    assert finding["message"].startswith(
        'mentions: expect_compound_columns_to_be_unique(column_list=["article_id", "start", '
        '"end", "kind"]) failed: 2 of 6 rows unexpected (33.3%)'
    )
    assert finding["mention_ids"] == ["seed-002-m005", "seed-002-m006"]
    assert finding["article_ids"] == [ARTICLE]


def test_suite_severity_comes_from_meta(tmp_path: Path) -> None:
    frames = valid_frames()
    frames["claims"] = with_cell(frames["claims"], "date", None, 1)
    dated = {
        "type": "expect_column_values_to_not_be_null",
        "kwargs": {
            "column": "date",
            "row_condition": {
                "type": "comparison",
                "column": {"name": "kind"},
                "operator": "==",
                "parameter": "event",
            },
        },
    }
    write_suite(tmp_path, "claims", suite("claims", dated, severity="warning"))
    finding = only(run_expectations(frames, tmp_path))
    assert finding["severity"] == "warning"
    assert finding["claim_ids"] == ["seed-002-c002"]
    assert 'where kind == "event" failed: 1 of 1 rows unexpected' in finding["message"]


def test_expectation_meta_overrides_suite_severity(tmp_path: Path) -> None:
    empty = {
        "type": "expect_table_row_count_to_be_between",
        "kwargs": {"min_value": 10},
        "meta": {"severity": "info"},
    }
    write_suite(tmp_path, "scopes", suite("scopes", empty, severity="warning"))
    finding = only(run_expectations(valid_frames(), tmp_path))
    assert finding["severity"] == "info"
    assert finding["message"].endswith("failed: observed 1")


def test_invalid_json_is_a_crash_finding(tmp_path: Path) -> None:
    write_suite(tmp_path, "broken", '{"meta": {"table": "mentions"}, "expectations": [')
    finding = only(run_expectations(valid_frames(), tmp_path))
    assert finding["code"] == "FL009"
    assert finding["message"].startswith("expectation suite broken.json: cannot be read as JSON")


def test_unknown_expectation_is_a_crash_finding_and_the_rest_still_runs(tmp_path: Path) -> None:
    bogus = {"type": "expect_column_to_be_arabic", "kwargs": {"column": "text"}}
    write_suite(tmp_path, "mentions", suite("mentions", bogus, UNIQUE_SPANS))
    frames = valid_frames()
    frames["mentions"] = pl.concat([frames["mentions"], frames["mentions"].head(1)])
    findings = run_expectations(frames, tmp_path)
    crash = only(findings, code="FL009")
    assert "expectation #1" in crash["message"]
    assert "expect_column_to_be_arabic" in crash["message"]
    assert only(findings, code="FL002")["mention_ids"] == ["seed-002-m001"]


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        (
            suite(
                "aliases",
                {"type": "expect_table_row_count_to_be_between", "kwargs": {}},
                severity="fatal",
            ),
            "severity",
        ),
        ({"name": "x", "expectations": [UNIQUE_SPANS]}, "names no table"),
        (suite("mentions"), "has no expectations"),
        (
            suite(
                "mentions",
                {"expectation_type": "expect_table_row_count_to_be_between", "kwargs": {}},
            ),
            "unknown key",
        ),
        (
            suite(
                "mentions",
                {
                    "type": "expect_column_values_to_not_be_null",
                    "kwargs": {"column": "granularity", "mostly": "most"},
                },
            ),
            "#1",
        ),
        (
            suite(
                "mentions",
                {
                    "type": "expect_column_values_to_not_be_null",
                    "kwargs": {"column": "no_such_column"},
                },
            ),
            "could not run",
        ),
        (suite("sources", UNIQUE_SPANS), "applies to table 'sources', which is not loaded"),
    ],
)
def test_broken_suites_are_crash_findings(tmp_path: Path, spec: Any, problem: str) -> None:
    write_suite(tmp_path, "suite", spec)
    finding = only(run_expectations(valid_frames(), tmp_path))
    assert finding["code"] == "FL009"
    assert problem in finding["message"]


def test_wrong_dtypes_do_not_crash_the_suites() -> None:
    frames = valid_frames()
    frames["mentions"] = frames["mentions"].with_columns(pl.col("start").cast(pl.String))
    frames["claims"] = frames["claims"].with_columns(
        pl.col("participants").list.eval(pl.element().str.len_bytes().cast(pl.Int64))
    )
    frames["articles"] = frames["articles"].lazy()  # type: ignore[assignment]
    findings = run_expectations(frames, SUITES_DIR)
    assert findings.schema == pl.Schema(FINDINGS_SCHEMA)
    assert findings.height == 0, findings["message"].to_list()


def test_no_suites_is_a_finding_not_a_pass(tmp_path: Path) -> None:
    finding = only(run_expectations(valid_frames(), tmp_path / "missing"))
    assert finding["code"] == "FL009"
    assert "no suite files" in finding["message"]


def test_expectation_fingerprints_do_not_depend_on_row_order() -> None:
    frames = valid_frames()
    frames["mentions"] = pl.concat([frames["mentions"], frames["mentions"].slice(1, 2)])
    frames["articles"] = with_cell(frames["articles"], "language", "ru")
    before = run_expectations(frames, SUITES_DIR)
    shuffled = {
        name: frame.sample(fraction=1.0, shuffle=True, seed=3) for name, frame in frames.items()
    }
    after = run_expectations(shuffled, SUITES_DIR)
    assert before.height == 2
    assert before.sort("fingerprint").equals(after.sort("fingerprint"))


def test_gx_stays_quiet(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    write_suite(tmp_path, "mentions", suite("mentions", UNIQUE_SPANS))
    run_expectations(valid_frames(), tmp_path)
    out, err = capfd.readouterr()
    assert out == ""
    assert "Calculating Metrics" not in err


# --- Both engines: the Polars evaluator and Great Expectations on pandas -------------------------

# Every expectation type the Polars engine evaluates, with every kind of row condition.
EVERY_KIND = [
    {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1, "max_value": 4}},
    {
        "type": "expect_column_values_to_not_be_null",
        "kwargs": {
            "column": "date",
            "mostly": 0.5,
            "row_condition": {
                "type": "comparison",
                "column": {"name": "kind"},
                "operator": "==",
                "parameter": "event",
            },
        },
    },
    {
        "type": "expect_column_values_to_not_be_null",
        "kwargs": {
            "column": "extractor_version",
            "row_condition": {
                "type": "comparison",
                "column": {"name": "extractor"},
                "operator": "!=",
                "parameter": "curated",
            },
        },
    },
    {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "claim_id"}},
    {
        "type": "expect_column_values_to_be_in_set",
        "kwargs": {"column": "status", "value_set": ["occurred", "planned"]},
    },
    {
        "type": "expect_column_values_to_be_in_set",
        "kwargs": {
            "column": "kind",
            "value_set": ["event"],
            "row_condition": {
                "type": "or",
                "conditions": [
                    {"type": "nullity", "column": {"name": "date"}, "is_null": True},
                    {
                        "type": "comparison",
                        "column": {"name": "status"},
                        "operator": "IN",
                        "parameter": ["planned"],
                    },
                ],
            },
        },
    },
    {
        "type": "expect_compound_columns_to_be_unique",
        "kwargs": {"column_list": ["article_id", "date", "participants"]},
    },
    {
        "type": "expect_column_values_to_be_unique",
        "kwargs": {"column": "confidence", "mostly": 0.9},
    },
]


def engines_agree(frames: dict[str, pl.DataFrame], suites: Path) -> pl.DataFrame:
    """Both engines' findings on `frames`, asserted identical; the findings."""
    polars = run_expectations(frames, suites, engine="polars")
    gx = run_expectations(frames, suites, engine="gx")
    assert polars.sort("fingerprint").to_dicts() == gx.sort("fingerprint").to_dicts()
    return polars


def claims_rows(rows: list[dict[str, Any]]) -> pl.DataFrame:
    from factlint.layout import CLAIMS

    return pl.DataFrame(rows, schema=CLAIMS.columns)


def test_the_engines_agree_on_the_shipped_suites_with_failures() -> None:
    frames = valid_frames()
    twin = frames["mentions"].slice(4, 1).with_columns(pl.lit("seed-002-m006").alias("mention_id"))
    frames["mentions"] = pl.concat([frames["mentions"], twin])
    frames["claims"] = with_cell(frames["claims"], "date", None, 1)
    frames["claims"] = with_cell(frames["claims"], "extractor", "machine", 0)
    frames["articles"] = with_cell(frames["articles"], "language", "ru")
    findings = engines_agree(frames, SUITES_DIR)
    assert set(findings["code"]) == {"FL002"} and findings.height >= 2


def test_the_engines_agree_on_every_kind_and_condition(tmp_path: Path) -> None:
    write_suite(tmp_path, "claims", suite("claims", *EVERY_KIND))
    base = {"article_id": "a", "kind": "event", "extractor": "x", "confidence": 0.5}
    frames = {
        "claims": claims_rows(
            [
                {**base, "claim_id": "a-c1", "date": "2024", "status": "occurred"},
                {**base, "claim_id": "a-c1", "date": None, "status": "ongoing"},
                {**base, "claim_id": None, "date": None, "kind": "role", "extractor": None},
                {**base, "claim_id": None, "date": "2024", "participants": ["p", "q"]},
                {**base, "claim_id": "a-c4", "date": "2024", "participants": ["p", "q"]},
                {**base, "claim_id": "a-c5", "status": "planned", "confidence": None},
            ]
        )
    }
    findings = engines_agree(frames, tmp_path)
    messages = "\n".join(findings["message"])
    assert findings.height == 7, messages
    assert "expect_compound_columns_to_be_unique" in messages
    assert "expect_table_row_count_to_be_between" in messages


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "claim_id": st.sampled_from(["a-c1", "a-c2", "b-c1", None]),
                "article_id": st.sampled_from(["a", "b", None]),
                "kind": st.sampled_from(["event", "role", None]),
                "date": st.sampled_from(["2024", "2024-05", None]),
                "status": st.sampled_from(["occurred", "ongoing", "planned", None]),
                "extractor": st.sampled_from(["curated", "x", None]),
                "extractor_version": st.sampled_from(["1", None]),
                "participants": st.sampled_from([["p"], ["p", "q"], [], None]),
                "confidence": st.sampled_from([0.5, 1.0, None]),
            }
        ),
        min_size=0,
        max_size=8,
    )
)
def test_the_engines_agree_on_any_small_table(tmp_path_factory, rows) -> None:
    suites = tmp_path_factory.mktemp("suites")
    write_suite(suites, "claims", suite("claims", *EVERY_KIND))
    engines_agree({"claims": claims_rows(rows)}, suites)


def test_the_polars_engine_imports_no_great_expectations() -> None:
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from test_schemas import valid_frames\n"
        "from factlint.schema_gate import run_expectations\n"
        "from schemas import SUITES_DIR\n"
        "assert run_expectations(valid_frames(), SUITES_DIR).height == 0\n"
        "assert 'great_expectations' not in sys.modules\n"
    )
    tests = Path(__file__).parent
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tests, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_an_expectation_the_polars_engine_does_not_know_runs_on_gx(tmp_path: Path) -> None:
    regex = {
        "type": "expect_column_values_to_match_regex",
        "kwargs": {"column": "language", "regex": "^en$"},
    }
    write_suite(tmp_path, "articles", suite("articles", regex))
    finding = only(run_expectations(valid_frames(), tmp_path))
    assert finding["code"] == "FL002"
    assert "expect_column_values_to_match_regex" in finding["message"]


def test_an_unknown_engine_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown expectations engine"):
        run_expectations(valid_frames(), SUITES_DIR, engine="spark")


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.sampled_from(["a", "b", "art-1", ""])),
            st.one_of(st.none(), st.integers(-2, 2)),
            st.one_of(st.none(), st.booleans()),
        ),
        max_size=40,
    )
)
def test_uniqueness_by_sorted_hashes_flags_exactly_the_duplicated_rows(
    rows: list[tuple[Any, Any, Any]],
) -> None:
    from factlint.expectation_engine import duplicated

    frame = pl.DataFrame(
        rows, schema={"a": pl.String, "n": pl.Int64, "b": pl.Boolean}, orient="row"
    )
    for columns in (["a"], ["n"], ["a", "n"], ["a", "n", "b"]):
        exact = (pl.struct(columns) if len(columns) > 1 else pl.col(columns[0])).is_duplicated()
        expected = frame.select(exact).to_series().to_list()
        assert duplicated(frame, columns).to_list() == expected
