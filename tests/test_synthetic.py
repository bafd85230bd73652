"""The benchmark's synthetic data as a correctness check (not a timing): every contradiction
the generator plants is found, and the data it leaves clean gives no finding."""

from __future__ import annotations

import polars as pl
import pytest

from bench.generate import PLANTED_CODES, generate, score
from factlint.config import Config
from factlint.dataset import load_dataset
from factlint.engine import run_checks


def full_check(root) -> pl.DataFrame:
    from factlint.schema_gate import run_expectations, run_pandera
    from schemas import SUITES_DIR

    def gate(data):
        return pl.concat([run_pandera(data.frames), run_expectations(data.frames, SUITES_DIR)])

    return run_checks(load_dataset(root), Config(), schema_gate=gate).findings


@pytest.mark.parametrize("layout", ["text", "parquet"])
def test_every_planted_contradiction_is_found_and_nothing_else(tmp_path, layout):
    planted = generate(tmp_path / "data", 600, layout=layout, seed=7, rate=0.03)
    assert all(planted[code] for code in PLANTED_CODES)
    result = score(full_check(tmp_path / "data"), planted)
    assert result["recall"] == dict.fromkeys(PLANTED_CODES, 1.0), result
    assert result["stray_count"] == 0, result["stray_findings"]


def test_clean_synthetic_data_gives_no_finding(tmp_path):
    planted = generate(tmp_path / "data", 400, seed=3, rate=0.0)
    assert not any(planted.values())
    findings = full_check(tmp_path / "data")
    assert findings.height == 0, findings.select("code", "message").rows()
