"""The rules' columnar computations give one answer whatever engine or chunking runs them: the
inferred event links (computed per distinct participant profile) and the same-event groups."""

from __future__ import annotations

import polars as pl

from bench.generate import generate
from factlint.dataset import load_dataset
from factlint.identity import event_links
from factlint.timeline import dated_claims


def _links(dataset, engine: str, chunks: int) -> pl.DataFrame:
    claims = dataset.frames["claims"]
    size = max(1, claims.height // chunks)
    pieces = [claims.slice(i, size) for i in range(0, claims.height, size)]
    chunked = pl.concat(pieces, rechunk=False)
    events = dated_claims(chunked.lazy().filter(pl.col("kind") == "event")).filter(
        pl.col("date_start").is_not_null()
    )
    found = event_links(
        events, dataset.lazy("articles"), dataset.lazy("entities"), dataset.lazy("aliases")
    ).collect(engine=engine)
    return found.sort("claim_a", "claim_b")


def test_event_links_do_not_depend_on_the_engine_or_the_chunks(tmp_path):
    generate(tmp_path / "data", 2000, layout="parquet", seed=5, rate=0.02)
    dataset = load_dataset(tmp_path / "data")
    reference = _links(dataset, "in-memory", 1)
    assert reference.height > 0
    assert (reference.get_column("shared").list.len() > 0).all()
    for engine, chunks in (("streaming", 1), ("in-memory", 7), ("streaming", 5)):
        assert _links(dataset, engine, chunks).equals(reference), (engine, chunks)


def test_event_links_of_the_seed_dataset_do_not_depend_on_the_engine():
    dataset = load_dataset("datasets")
    assert _links(dataset, "streaming", 3).equals(_links(dataset, "in-memory", 1))
