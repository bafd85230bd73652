"""Block locality: a rule's findings on the whole dataset are the union of its findings on any
partition of the dataset into blocks. This is what a changed-data mode (check only the blocks a
change touches) and a partitioned, distributed run rely on.

The dataset is the seed dataset with several planted contradictions, so every family has
findings to lose if a rule looked beyond its block. Event rules are split by `event_block`,
the key every pair they compare shares.
"""

from __future__ import annotations

import shutil
import zlib

import polars as pl
import pytest
from test_planted import (
    SEEDS,
    plant_fl101,
    plant_fl106,
    plant_fl108,
    plant_fl109,
    plant_fl110,
    plant_fl201,
    plant_fl202,
    plant_fl302,
)

from factlint.config import Config
from factlint.dataset import Dataset, load_dataset
from factlint.engine import discover_rules, run_checks
from factlint.identity import event_block

RULES, _ = discover_rules("checks")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    root = tmp_path_factory.mktemp("blocks") / "data"
    shutil.copytree(SEEDS, root)
    for plant in (
        plant_fl101,
        plant_fl106,
        plant_fl108,
        plant_fl109,
        plant_fl110,
        plant_fl201,
        plant_fl202,
    ):
        plant(root)
    # FL302's plant copies seed-004 under the same new id as FL101's: apply it to a second copy.
    other = root.parent / "other"
    shutil.copytree(SEEDS, other)
    plant_fl302(other)
    for kind in ("mentions", "claims"):
        source = other / "claims" / f"plant-004.{kind}.jsonl"
        text = source.read_text(encoding="utf-8").replace('"plant-004', '"plant-104')
        (root / "claims" / f"plant-104.{kind}.jsonl").write_text(text, encoding="utf-8")
    shutil.copy(other / "articles" / "plant-004.txt", root / "articles" / "plant-104.txt")
    rows = (other / "articles.csv").read_text(encoding="utf-8").splitlines()
    row = next(r for r in rows if r.startswith("plant-004,")).replace("plant-004", "plant-104")
    with (root / "articles.csv").open("a", encoding="utf-8") as handle:
        handle.write(row + "\n")
    return load_dataset(root)


def _group(key: pl.Expr) -> pl.Expr:
    """0 or 1 per block key, stable across runs (null keys go to 0)."""
    return key.fill_null("").map_elements(
        lambda k: zlib.crc32(k.encode()) % 2, return_dtype=pl.Int64
    )


def _split(dataset: Dataset, block: str) -> list[Dataset]:
    frames = dataset.frames
    parts = []
    for side in (0, 1):
        changed: dict[str, pl.DataFrame] = {}
        if block == "article":
            keep = _group(pl.col("article_id")) == side
            for table in ("articles", "mentions", "claims"):
                changed[table] = frames[table].filter(keep)
        elif block == "event":
            # Every pair an event rule compares shares `event_block` (type and agreement), the
            # coarsest event key: `event_key` and `event_links` both refine it.
            changed["claims"] = frames["claims"].filter(_group(event_block()) == side)
        elif block == "agreement":
            changed["claims"] = frames["claims"].filter(_group(pl.col("agreement")) == side)
        elif block == "entity":
            changed["mentions"] = frames["mentions"].filter(_group(pl.col("value")) == side)
            roles = pl.col("kind") == "role"
            changed["claims"] = frames["claims"].filter(~roles | (_group(pl.col("person")) == side))
        else:
            pytest.skip(f"no partition for block {block!r}")
        parts.append(
            Dataset(
                root=dataset.root,
                frames={**frames, **changed},
                notes=dataset.notes,
                missing_tables=dataset.missing_tables,
            )
        )
    return parts


def _fingerprints(dataset: Dataset, rule) -> set[str]:
    config = Config(select=(rule.code, "FL009", "FL010"))
    findings = run_checks(dataset, config, rules=[rule]).findings
    assert set(findings["code"]) <= {rule.code}, findings["message"].to_list()
    return set(findings["fingerprint"])


def test_the_planted_dataset_has_findings_in_every_cross_article_family(dataset):
    codes = {
        code
        for rule in RULES
        for code in [rule.code]
        if _fingerprints(dataset, rule) and rule.block != "article"
    }
    assert {
        "FL101",
        "FL106",
        "FL108",
        "FL109",
        "FL110",
        "FL201",
        "FL202",
        "FL301",
        "FL302",
    } <= codes


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.code}-{r.block}")
def test_findings_are_the_union_over_a_partition_into_blocks(dataset, rule):
    whole = _fingerprints(dataset, rule)
    union = set().union(*(_fingerprints(part, rule) for part in _split(dataset, rule.block)))
    assert union == whole
