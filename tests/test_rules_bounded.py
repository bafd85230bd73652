"""Findings that involve many articles stay readable: a message names a few ids and counts the
rest, the evidence in `details` keeps a bounded number of ids with their counts, and the id
columns still list every article, claim and mention."""

from __future__ import annotations

import json

import polars as pl

from bench.generate import generate
from factlint.config import Config
from factlint.dataset import load_dataset
from factlint.engine import run_checks
from factlint.messages import IDS_SHOWN

# Longer than any message of a few examples; far shorter than a list of hundreds of ids.
_MESSAGE_LIMIT = 1500


def test_a_finding_over_many_articles_has_a_bounded_message_and_evidence(tmp_path):
    generate(tmp_path / "data", 3000, layout="parquet", seed=11, rate=0.01)
    dataset = load_dataset(tmp_path / "data")
    findings = run_checks(dataset, Config()).findings
    wide = findings.filter(pl.col("article_ids").list.len() > IDS_SHOWN * 2)
    assert set(wide.get_column("code")) >= {"FL101", "FL302"}
    for row in wide.iter_rows(named=True):
        assert len(row["message"]) < _MESSAGE_LIMIT, row["message"][:300]
        # The largest date or party set of the finding is named by a few of its articles.
        assert " more" in row["message"]
        assert row["message"].count("art-") < len(row["article_ids"])
    claims = dataset.frames["claims"]
    for row in wide.filter(pl.col("code") == "FL101").iter_rows(named=True):
        # The ids columns are complete: every article with a claim of the event.
        agreement = json.loads(row["details"])["event"].split("agreement=")[1]
        expected = (
            claims.filter((pl.col("agreement") == agreement) & (pl.col("kind") == "event"))
            .get_column("article_id")
            .unique()
            .sort()
            .to_list()
        )
        assert row["article_ids"] == expected
        details = json.loads(row["details"])
        assert sum(s["article_count"] for s in details["support"]) == len(expected)
        assert all(len(s["articles"]) <= IDS_SHOWN for s in details["support"])
        assert all(len(d["article_ids"]) <= IDS_SHOWN for d in details["dates"])
        assert sum(d["article_count"] for d in details["dates"]) == len(expected)
        assert details["sides_left_out"] == len(expected) - len(details["sides"])
