"""Partitioned execution: every rule run on partitions of the data split by its block key.

Every rule declares its block (`factlint.rules.BLOCKS`): what it must see at once. Its findings
on the whole dataset are the union of its findings on the blocks (`tests/test_blocks.py`), so
the rows can be split by block key into any number of partitions, each rule run on each
partition, and the findings joined. This module holds the block keys, the split and the run of
one partition, as pure functions of Polars frames: a distributed engine (Spark's grouped Arrow
functions, Ray's map over batches) groups rows by `block_keys` itself and calls `run_partition`
on each group; `run_partitioned` does the same in one process. There is no scheduler here.

A row whose key is null belongs to partition 0; rows a block shares with all of them (the
reference tables, the article list for context, non-role claims in an entity block) go to
every partition, so a finding about them can come from several partitions and is kept once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from factlint.config import Config
from factlint.dataset import Dataset
from factlint.engine import run_checks
from factlint.identity import event_block
from factlint.rules import BLOCKS, Rule

__all__ = ["BlockKey", "block_keys", "partition_frames", "run_partition", "run_partitioned"]


@dataclass(frozen=True)
class BlockKey:
    """How one table's rows fall into a block: `key` names the block of a row; a row for
    which `shared` is true belongs to every block."""

    key: pl.Expr
    shared: pl.Expr | None = None


def block_keys(block: str) -> dict[str, BlockKey]:
    """The tables a block splits and the key of each row; tables it does not name are seen
    whole by every partition."""
    if block not in BLOCKS:
        raise ValueError(f"unknown block {block!r}; expected one of {BLOCKS}")
    article = BlockKey(pl.col("article_id"))
    if block == "article":
        return {"articles": article, "mentions": article, "claims": article}
    if block == "event":
        # Every pair an event rule compares shares `event_block` (type and agreement).
        return {"claims": BlockKey(event_block())}
    if block == "agreement":
        return {"claims": BlockKey(pl.col("agreement"))}
    if block == "entity":
        roles = pl.col("kind") == "role"
        return {
            "mentions": BlockKey(pl.col("value")),
            "claims": BlockKey(pl.col("person"), shared=~roles.fill_null(False)),
        }
    return {}  # reference: the reference tables alone, never split


def partition_of(key: pl.Expr, parts: int) -> pl.Expr:
    """The partition (0..parts-1) of a block key: a hash of its text, stable across runs of
    one Polars version; a null key is partition 0."""
    hashed = key.cast(pl.String).hash(seed=0) % parts
    return pl.when(key.is_null()).then(0).otherwise(hashed).cast(pl.Int64)


def partition_frames(
    frames: Mapping[str, pl.DataFrame], block: str, parts: int, index: int
) -> dict[str, pl.DataFrame]:
    """The frames partition `index` of `parts` of `block` sees."""
    selected = dict(frames)
    for table, spec in block_keys(block).items():
        if table not in frames:
            continue
        keep = partition_of(spec.key, parts) == index
        if spec.shared is not None:
            keep = keep | spec.shared
        selected[table] = frames[table].filter(keep)
    return selected


def run_partition(
    frames: Mapping[str, pl.DataFrame], rules: list[Rule], config: Config, dataset: Dataset
) -> pl.DataFrame:
    """The findings of `rules` on one partition's frames (a pure function of the frames: the
    dataset only lends its root, notes and missing tables)."""
    part = Dataset(
        root=dataset.root,
        frames=dict(frames),
        notes=[],
        missing_tables=dataset.missing_tables,
    )
    return run_checks(part, config, rules=rules).findings


def run_partitioned(
    dataset: Dataset, config: Config, rules: list[Rule], parts: int
) -> pl.DataFrame:
    """Every rule on every partition of its block, the findings joined: the findings of
    `run_checks` on the whole dataset (without its schema gate and load notes, which look at
    whole tables). The engine's own partitioned run (`run_checks(partitions=...)`), one
    partition in memory at a time."""
    if parts < 1:
        raise ValueError("parts must be at least 1")
    bare = Dataset(
        root=dataset.root, frames=dataset.frames, notes=[], missing_tables=dataset.missing_tables
    )
    return run_checks(bare, config, rules=rules, partitions=parts).findings
