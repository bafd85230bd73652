"""`Dataset.texts_at` gives the texts `lazy("articles")` gives of any rows, whatever the
slice size: in the text layout, for the columnar layout's own frame (read a slice of the file
at a time) and for a frame cut down from it (a changed-data or partitioned run, whose texts
are joined by row)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factlint.convert import convert_dataset
from factlint.dataset import Dataset, load_dataset

DATASETS = Path(__file__).resolve().parents[1] / "datasets"


@pytest.fixture(scope="module")
def layouts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Dataset]:
    parquet = tmp_path_factory.mktemp("slices") / "parquet"
    convert_dataset(DATASETS, parquet, "parquet")
    text = load_dataset(DATASETS)
    columnar = load_dataset(parquet)
    # Every other article, in reverse order: rows no longer line up with the file's.
    articles = columnar.frames["articles"]
    cut = articles.gather(list(range(articles.height - 1, -1, -2)))
    frames = dict(columnar.frames, articles=cut)
    return {
        "text": text,
        "parquet": columnar,
        "cut": Dataset(root=columnar.root, frames=frames),
    }


def _expected(dataset: Dataset) -> list[str | None]:
    return dataset.lazy("articles").select("text").collect().get_column("text").to_list()


@pytest.mark.parametrize("layout", ["text", "parquet", "cut"])
@settings(max_examples=25, deadline=None)
@given(size=st.integers(1, 9), picks=st.lists(st.booleans(), max_size=40))
def test_texts_at_gives_the_tables_texts(
    layouts: dict[str, Dataset], layout: str, size: int, picks: list[bool]
) -> None:
    dataset = layouts[layout]
    expected = _expected(dataset)
    assert any(expected), "the dataset has texts to compare"
    every = pl.Series(range(len(expected)), dtype=pl.UInt32)
    assert dataset.texts_at(every, size).to_list() == expected
    rows = [i for i, pick in enumerate(picks[: len(expected)]) if pick]
    texts = dataset.texts_at(pl.Series(rows, dtype=pl.UInt32), size)
    assert texts.to_list() == [expected[i] for i in rows]
