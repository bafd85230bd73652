"""Partitioned execution: the findings of every rule run partition by partition, split by
block key in the engine, are those of the whole run."""

from __future__ import annotations

import polars as pl
import pytest
from test_blocks import dataset  # noqa: F401  (the planted seed dataset fixture)

from factlint.config import Config
from factlint.engine import discover_rules, run_checks
from factlint.partition import block_keys, partition_frames, run_partitioned
from factlint.rules import BLOCKS

RULES, _ = discover_rules("checks")


@pytest.mark.parametrize("parts", [1, 2, 3])
def test_partitioned_runs_give_the_findings_of_the_whole_run(dataset, parts):  # noqa: F811
    config = Config()
    whole = run_checks(dataset, config, rules=RULES).findings
    whole = whole.filter(pl.col("source") == "rule")
    split = run_partitioned(dataset, config, RULES, parts)
    assert split.height
    assert sorted(split["fingerprint"]) == sorted(whole["fingerprint"])


@pytest.mark.parametrize("block", [b for b in BLOCKS if block_keys(b)])
def test_each_row_of_a_split_table_is_in_exactly_one_partition(dataset, block):  # noqa: F811
    parts = [partition_frames(dataset.frames, block, 3, i) for i in range(3)]
    for table, spec in block_keys(block).items():
        frame = dataset.frames[table]
        own = frame.filter(~spec.shared) if spec.shared is not None else frame
        counts = sum(
            (p[table].filter(~spec.shared) if spec.shared is not None else p[table]).height
            for p in parts
        )
        assert counts == own.height, table


def test_an_unknown_block_is_an_error():
    with pytest.raises(ValueError, match="unknown block"):
        block_keys("outlet")
