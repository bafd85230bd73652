"""Outputs stay small when one finding names 100,000 articles: every writer shows the first ids
of a list and says how many there are; the findings table of the API keeps them all."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import polars as pl
import pytest
from test_pipeline import small_seed_dataset

from factlint.config import Config
from factlint.findings import ID_LIST_LIMIT, cap_id_lists, finalize_findings
from factlint.outputs import FORMATS, OutputContext, render
from factlint.pipeline import RunResult, run

MANY = 100_000


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    root = small_seed_dataset(tmp_path_factory.mktemp("bounded") / "data")
    return run(root, config=Config(), expectations=False)


def _huge_finding(many: int = MANY) -> pl.DataFrame:
    articles = [f"art-{i:06d}" for i in range(many)]
    details = {
        "event": "signing|agreement-x",
        "dates": [{"value": "2024-10-07", "articles": articles}],
    }
    rows = pl.DataFrame(
        {
            "message": ["signing of agreement-x is dated twice"],
            "article_ids": [articles],
            "claim_ids": [[f"{a}-c1" for a in articles]],
            "mention_ids": [[f"{a}-m1" for a in articles]],
            "key": ["agreement-x"],
            "details": [json.dumps(details)],
        }
    )
    found = finalize_findings(rows, code="FL101", name="x", severity="error", source="rule")
    return found.with_columns(status=pl.lit("new"), waiver=pl.lit(None, pl.String))


@pytest.fixture(scope="module")
def huge(plain: RunResult) -> RunResult:
    findings = pl.concat([plain.findings, _huge_finding()], how="vertical_relaxed")
    return dataclasses.replace(plain, findings=findings)


@pytest.fixture(scope="module")
def tenth(plain: RunResult) -> RunResult:
    findings = pl.concat([plain.findings, _huge_finding(MANY // 10)], how="vertical_relaxed")
    return dataclasses.replace(plain, findings=findings)


@pytest.fixture(scope="module")
def context(plain: RunResult) -> OutputContext:
    return OutputContext(generated_at="2025-03-01T12:00:00+00:00", base=Path(plain.dataset.root))


@pytest.mark.parametrize("name", FORMATS)
def test_one_finding_of_100k_articles_adds_little_to_any_output(
    name: str, plain: RunResult, tenth: RunResult, huge: RunResult, context: OutputContext
) -> None:
    without = len(render(name, plain, context).encode())
    with_10k = len(render(name, tenth, context).encode())
    with_100k = len(render(name, huge, context).encode())
    # Ten times the ids changes only the counts the output states.
    assert abs(with_100k - with_10k) < 2_000, (name, with_10k, with_100k)
    # 100,000 ids of three lists are over 3 MB as text; the finding adds a few KB, and in the
    # report the rows of the articles table it names, which the page caps at 2,000 rows.
    allowed = 40_000 + (2_000 * 600 if name == "html" else 0)
    assert with_100k - without < allowed, (name, without, with_100k)


def test_findings_json_says_how_many_ids_it_left_out(
    huge: RunResult, context: OutputContext
) -> None:
    document = json.loads(render("json", huge, context))
    assert document["id_list_limit"] == ID_LIST_LIMIT
    finding = next(f for f in document["findings"] if f["message"].startswith("signing of"))
    assert finding["article_ids"] == [f"art-{i:06d}" for i in range(ID_LIST_LIMIT)]
    assert finding["article_ids_total"] == finding["claim_ids_total"] == MANY
    assert len(finding["mention_ids"]) == ID_LIST_LIMIT
    listed = finding["details"]["dates"][0]["articles"]
    assert listed[:-1] == [f"art-{i:06d}" for i in range(ID_LIST_LIMIT)]
    assert listed[-1] == f"… {MANY - ID_LIST_LIMIT:,} more ({MANY:,} in all)"
    others = [f for f in document["findings"] if f is not finding]
    assert others and all(f["article_ids_total"] == len(f["article_ids"]) for f in others)


def test_sarif_and_report_carry_the_totals(huge: RunResult, context: OutputContext) -> None:
    log = json.loads(render("sarif", huge, context))
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "FL101")
    assert result["properties"]["article_ids_total"] == MANY
    assert len(result["properties"]["article_ids"]) == ID_LIST_LIMIT
    page = render("html", huge, context)
    assert f"… {MANY - 25} more" in page  # the report shows 25 ids and counts the rest
    text = render("text", huge, context)
    assert f"{MANY:,} in all" in text


def test_the_api_keeps_every_id(huge: RunResult) -> None:
    big = huge.findings.filter(pl.col("message").str.starts_with("signing of"))
    assert big.get_column("article_ids").list.len().item() == MANY


def test_capping_leaves_short_lists_and_their_details_as_they_are(plain: RunResult) -> None:
    capped = cap_id_lists(plain.findings)
    assert capped.get_column("details").to_list() == plain.findings.get_column("details").to_list()
    for column in ("article_ids", "claim_ids", "mention_ids"):
        assert capped.get_column(column).to_list() == plain.findings.get_column(column).to_list()
        assert (capped.get_column(f"{column}_total") == capped.get_column(column).list.len()).all()


def test_capping_cuts_nested_lists_and_leaves_text_that_is_not_json() -> None:
    nested = json.dumps({"groups": [[str(i) for i in range(7)], ["a"]], "n": 3})
    frame = pl.DataFrame(
        {
            "article_ids": [["a", "b", "c"], []],
            "details": [nested, "not json " + "x" * 50],
        }
    )
    capped = cap_id_lists(frame, limit=2)
    first, second = capped.get_column("details").to_list()
    assert json.loads(first) == {"groups": [["0", "1", "… 5 more (7 in all)"], ["a"]], "n": 3}
    assert second == "not json " + "x" * 50
    assert capped.get_column("article_ids").to_list() == [["a", "b"], []]
    assert capped.get_column("article_ids_total").to_list() == [3, 0]
