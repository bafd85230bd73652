"""The readers behind the table specs: the text and the Parquet layout give the same frames and
the same findings, and bad Parquet input is named like bad text input."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_planted import SEEDS, plant_fl101, plant_fl201, plant_fl302

from bench.generate import generate
from factlint.config import Config
from factlint.convert import convert_dataset
from factlint.dataset import load_dataset
from factlint.engine import run_checks
from factlint.errors import InputError
from factlint.extract import records_of_record
from factlint.formats import write_parquet
from factlint.formats._common import aligned, picked_strings
from factlint.layout import CLAIMS

from dataset_factory import write_dataset


def findings_of(root: Path) -> list[tuple[str, str, str, str]]:
    """Every finding of a full check (schema gate with both gates, every rule), as
    (code, fingerprint, message, details)."""
    from factlint.schema_gate import run_expectations, run_pandera
    from schemas import SUITES_DIR

    dataset, _ = records_of_record(load_dataset(root), extract_missing=False)

    def gate(data):
        return pl.concat([run_pandera(data.frames), run_expectations(data.frames, SUITES_DIR)])

    found = run_checks(dataset, Config(), schema_gate=gate).findings
    return sorted(found.select("code", "fingerprint", "message", "details").iter_rows())


def same_frames(text: Path, columnar: Path) -> None:
    """The tables of both layouts are equal, the articles with their texts (which the
    columnar layout reads from disk when asked)."""
    a, b = load_dataset(text), load_dataset(columnar)
    assert a.frames.keys() == b.frames.keys()
    for name in a.frames:
        assert a.frame(name).equals(b.frame(name)), name
        assert a.lazy(name).collect().equals(b.lazy(name).collect()), name


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("planted") / "data"
    shutil.copytree(SEEDS, root, ignore=shutil.ignore_patterns("gold"))
    for plant in (plant_fl101, plant_fl201, plant_fl302):
        plant(root)
    return root


def test_the_seeds_give_the_same_findings_in_both_layouts(planted, tmp_path):
    columnar = tmp_path / "columnar"
    assert convert_dataset(planted, columnar) == "parquet"
    assert (columnar / "articles.parquet").is_file()
    assert not (columnar / "articles").exists()
    same_frames(planted, columnar)
    before = findings_of(planted)
    codes = {code for code, *_ in before}
    assert {"FL201", "FL302"} <= codes and any(c.startswith("FL1") for c in codes)
    assert findings_of(columnar) == before


def test_converting_back_gives_the_text_layout_again(planted, tmp_path):
    columnar, text = tmp_path / "columnar", tmp_path / "text"
    convert_dataset(planted, columnar)
    assert convert_dataset(columnar, text) == "text"
    same_frames(planted, text)
    names = sorted(p.name for p in (planted / "claims").iterdir())
    assert sorted(p.name for p in (text / "claims").iterdir()) == names


def test_a_generated_dataset_gives_the_same_findings_in_both_layouts(tmp_path):
    text, columnar = tmp_path / "text", tmp_path / "columnar"
    generate(text, 400)
    generate(columnar, 400, layout="parquet")
    assert findings_of(columnar) == findings_of(text)


def test_a_native_parquet_dataset_names_rows_by_file_and_row(tmp_path):
    root = write_dataset(tmp_path / "data")
    columnar = tmp_path / "columnar"
    convert_dataset(root, columnar)
    claims = pl.read_parquet(columnar / "claims" / "all.claims.parquet")
    native = claims.drop("source_file", "source_line").with_columns(
        pl.when(pl.int_range(pl.len()) == 1).then(None).otherwise("claim_id").alias("claim_id")
    )
    write_parquet(native, columnar / "claims" / "all.claims.parquet")
    frame = load_dataset(columnar).frame("claims")
    assert frame.get_column("source_file").unique().to_list() == ["claims/all.claims.parquet"]
    assert frame.get_column("source_line").to_list() == list(range(1, claims.height + 1))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda f: f.with_columns(pl.col("confidence").cast(pl.String)),
            "column 'confidence' must be Float64, found String",
        ),
        (
            lambda f: f.with_columns(pl.col("mention_ids").list.join(",")),
            "column 'mention_ids' must be List(String), found String",
        ),
        (
            lambda f: f.with_columns(pl.lit(float("nan")).alias("confidence")),
            "column 'confidence', row 1: nan is not a finite number",
        ),
        (
            lambda f: f.drop("source_line"),
            "records source_file without source_line",
        ),
    ],
)
def test_a_parquet_column_of_the_wrong_type_names_file_and_column(tmp_path, change, message):
    root = write_dataset(tmp_path / "data")
    columnar = tmp_path / "columnar"
    convert_dataset(root, columnar)
    path = columnar / "claims" / "all.claims.parquet"
    write_parquet(change(pl.read_parquet(path)), path)
    with pytest.raises(InputError, match=r"all\.claims\.parquet") as caught:
        load_dataset(columnar)
    assert message in str(caught.value)


def test_parquet_integers_and_categoricals_of_other_widths_are_read(tmp_path):
    root = write_dataset(tmp_path / "data")
    columnar = tmp_path / "columnar"
    convert_dataset(root, columnar)
    path = columnar / "claims" / "all.mentions.parquet"
    frame = pl.read_parquet(path)
    write_parquet(
        frame.with_columns(pl.col("start").cast(pl.Int32), pl.col("kind").cast(pl.Categorical)),
        path,
    )
    assert load_dataset(columnar).frame("mentions").equals(load_dataset(root).frame("mentions"))


@pytest.mark.parametrize("table", ["articles.parquet", "claims/all.claims.parquet"])
def test_a_parquet_file_repeating_a_column_name_is_refused_by_name(tmp_path, table):
    """Polars reads a schema as a mapping and would refuse the file with its own words; the
    reader names the repeated column (articles.parquet is read by path, the others as bytes)."""
    root = write_dataset(tmp_path / "data")
    columnar = tmp_path / "columnar"
    convert_dataset(root, columnar)
    path = columnar / table
    read = pq.read_table(path)
    repeated = pa.Table.from_arrays(
        [*read.columns, read.column("article_id")], names=[*read.column_names, "article_id"]
    )
    pq.write_table(repeated, path)
    with pytest.raises(InputError, match=r"duplicate column\(s\): article_id") as caught:
        load_dataset(columnar)
    assert table in str(caught.value)


def test_a_file_that_is_not_parquet_and_a_linked_one_are_refused(tmp_path):
    root = write_dataset(tmp_path / "data")
    columnar = tmp_path / "columnar"
    convert_dataset(root, columnar)
    path = columnar / "claims" / "all.claims.parquet"
    data = path.read_bytes()
    path.write_bytes(b"not parquet")
    with pytest.raises(InputError, match="cannot be read as Parquet"):
        load_dataset(columnar)
    elsewhere = tmp_path / "elsewhere.parquet"
    elsewhere.write_bytes(data)
    path.unlink()
    os.symlink(elsewhere, path)
    with pytest.raises(InputError, match="is a symbolic link"):
        load_dataset(columnar)


def test_a_table_in_both_layouts_at_once_is_refused(tmp_path):
    root = write_dataset(tmp_path / "data")
    write_parquet(load_dataset(root).frame("entities"), root / "reference" / "entities.parquet")
    with pytest.raises(InputError, match=r"both reference/entities\.csv and"):
        load_dataset(root)


def test_convert_refuses_a_folder_that_is_not_empty_or_inside_the_dataset(tmp_path):
    from factlint.errors import ConfigError

    root = write_dataset(tmp_path / "data")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(ConfigError, match="not empty"):
        convert_dataset(root, tmp_path / "full")
    with pytest.raises(ConfigError, match="inside the dataset"):
        convert_dataset(root, root / "parquet")


def test_json_lines_blank_lines_keep_the_numbers_of_the_others(tmp_path):
    root = write_dataset(tmp_path / "data")
    path = root / "claims" / "art-1.claims.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n  \n".join(lines) + "\n\n", encoding="utf-8")
    frame = (
        load_dataset(root)
        .frame("claims")
        .filter(pl.col("source_file").cast(pl.String).str.contains("art-1"))
    )
    assert frame.get_column("source_line").to_list() == list(range(1, 2 * len(lines), 2))


def test_json_lines_of_many_chunks_name_the_refused_line(tmp_path):
    root = write_dataset(tmp_path / "data")
    path = root / "claims" / "art-1.claims.jsonl"
    line = path.read_text(encoding="utf-8").splitlines()[0]
    bad = line.replace('"kind": "event"', '"kind": 5')
    path.write_text("\n".join([line] * 5000 + [bad] + [line] * 10) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"art-1.claims.jsonl:5001: field 'kind' must be a string"):
        load_dataset(root)


def test_the_claims_spec_reads_parquet_twins_in_name_order(tmp_path):
    root = write_dataset(tmp_path / "data")
    claims = load_dataset(root).frame("claims")
    write_parquet(
        claims.head(1).drop("source_file", "source_line"), root / "claims" / "z.claims.parquet"
    )
    frame = load_dataset(root).frame("claims")
    assert frame.height == claims.height + 1
    assert frame.get_column("source_file").to_list()[-1] == "claims/z.claims.parquet"
    assert CLAIMS.parquet_path == "claims/*.claims.parquet"


@pytest.mark.parametrize("layout", ["text", "parquet"])
def test_every_loaded_column_is_chunked_like_the_others(tmp_path, layout):
    # Columns chunked differently make every eager select, filter or gather of a rule copy
    # the whole table to align them: the loader hands out tables aligned once.
    root = tmp_path / "data"
    generate(root, 2000, layout=layout)
    if layout == "parquet":
        for name in ("claims", "mentions"):
            path = root / "claims" / f"all.{name}.parquet"
            pl.read_parquet(path).write_parquet(path, row_group_size=500)
    dataset = load_dataset(root)
    chunked = 0
    for name, frame in dataset.frames.items():
        layouts = {tuple(column.chunk_lengths()) for column in frame.iter_columns()}
        assert len(layouts) == 1, (name, layouts)
        chunked += frame.n_chunks() > 1
    assert chunked  # the case the test is for: tables read in several chunks


def test_aligning_keeps_the_layout_of_the_columns_holding_the_most_bytes():
    """More narrow columns in one layout (code columns a lazy cast split) than wide ones in
    another (ids read from the file): the narrow ones are cut to the wide ones' chunks, and
    the wide ones are not copied."""
    rows = 1000
    pieces = [[f"article-{i:06d}-claim" for i in range(k, k + 250)] for k in range(0, rows, 250)]
    ids = pl.concat([pl.Series("id", piece) for piece in pieces], rechunk=False)
    narrow = {
        f"code{n}": pl.concat(
            [pl.Series([n] * 100, dtype=pl.Int8) for _ in range(rows // 100)], rechunk=False
        )
        for n in range(3)
    }
    frame = pl.DataFrame([ids, *(s.alias(name) for name, s in narrow.items())])
    assert frame.get_column("id").n_chunks() == 4 and frame.get_column("code0").n_chunks() == 10
    result = aligned(frame)
    assert {tuple(c.chunk_lengths()) for c in result.iter_columns()} == {(250,) * 4}
    assert result.equals(frame)


@pytest.mark.parametrize("seed", range(5))
def test_picked_strings_are_what_when_then_gives(seed):
    """`picked_strings` gives the rows `pl.when` would, over chunks, nulls, inline (up to 12
    bytes) and longer strings, and shares the strings of its sources instead of copying them."""
    rng = np.random.default_rng(seed)
    rows = 3000
    words = [
        "",
        "short",
        "twelve bytes",
        "thirteen byte",
        "a longer string of hex 0123456789abcdef",
    ]

    def source(name: str) -> pl.Series:
        values = [
            None if rng.random() < 0.1 else str(rng.choice(words)) + name for _ in range(rows)
        ]
        cut = [0, *sorted(int(c) for c in rng.choice(range(1, rows), 3, replace=False)), rows]
        parts = [pl.Series(name, values[a:b], dtype=pl.String) for a, b in itertools.pairwise(cut)]
        return pl.concat(parts, rechunk=False)

    sources = [source(n) for n in ("a", "b", "c")]
    choice = pl.Series("choice", rng.integers(-1, 4, rows), dtype=pl.Int8)
    frame = pl.DataFrame([choice, *sources])
    expected = frame.select(
        pl.when(pl.col("choice") == 0)
        .then("a")
        .when(pl.col("choice") == 1)
        .then("b")
        .when(pl.col("choice") == 2)
        .then("c")
    ).to_series()
    picked = picked_strings(frame.get_column("choice"), frame.get_columns()[1:], "picked")
    assert picked.to_list() == expected.to_list()
    assert picked.chunk_lengths() == frame.get_column("choice").chunk_lengths()

    # Every long string's bytes are in a buffer of a source: none was copied.
    def data_buffers(series: pl.Series) -> set[int]:
        array = series.to_arrow(compat_level=pl.CompatLevel.newest())
        chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
        return {b.address for c in chunks for b in c.buffers()[2:] if b is not None and b.size}

    assert data_buffers(picked) <= set().union(*(data_buffers(s) for s in sources))


def test_line_numbers_are_held_in_four_bytes_unless_a_file_records_larger_ones(tmp_path):
    """`source_line` loads as Int32 where a file's numbers fit; a Parquet file that records a
    line past 2**31 keeps Int64 for its table, with every number as recorded."""
    root = write_dataset(tmp_path / "data")
    loaded = load_dataset(root)
    for table in ("articles", "mentions", "claims"):
        assert loaded.frames[table].schema["source_line"] == pl.Int32, table
    assert loaded.frames["mentions"].select("start", "end").dtypes == [pl.Int32, pl.Int32]
    lines = loaded.frame("claims").get_column("source_line").to_list()
    big = pl.concat([loaded.frame("claims").head(1)] * 2).with_columns(
        pl.Series("source_line", [2**31, 2**40], dtype=pl.Int64),
        pl.col("source_file").cast(pl.String),
    )
    write_parquet(big, root / "claims" / "z.claims.parquet")
    frame = load_dataset(root).frame("claims")
    assert frame.schema["source_line"] == pl.Int64
    assert frame.get_column("source_line").to_list() == [*lines, 2**31, 2**40]


def test_mention_offsets_past_2_30_keep_int64(tmp_path):
    """Offsets are narrowed only where every value lies within +-2**30, so that `end - start`
    cannot overflow; a file with a larger one keeps Int64 for that column, values as read."""
    root = write_dataset(tmp_path / "data")
    mentions = load_dataset(root).frame("mentions")
    far = mentions.head(1).with_columns(
        pl.lit(2**30, dtype=pl.Int64).alias("end"), pl.col("source_file").cast(pl.String)
    )
    write_parquet(far, root / "claims" / "z.mentions.parquet")
    frame = load_dataset(root).frame("mentions")
    assert frame.select("start", "end").dtypes == [pl.Int32, pl.Int64]
    assert frame.get_column("end").to_list() == [*mentions.get_column("end").to_list(), 2**30]


def test_a_parquet_column_without_values_loads_as_nulls_of_its_type(tmp_path):
    """An optional column a file holds empty is kept as one null (no memory a row), typed as a
    column with values would be: a string, a code (categorical), an integer, a narrowed one."""
    root = write_dataset(tmp_path / "data")
    columnar = tmp_path / "columnar"
    convert_dataset(root, columnar)
    path = columnar / "claims" / "all.mentions.parquet"
    mentions = pl.read_parquet(path)
    empty = ("value", "granularity", "weekday", "start")
    nulls = [pl.lit(None, dtype=mentions.schema[c]).alias(c) for c in empty]
    write_parquet(mentions.with_columns(nulls), path)
    frame = load_dataset(columnar).frame("mentions")
    assert frame.select(empty).dtypes == [pl.String, pl.Categorical, pl.Int64, pl.Int32]
    assert frame.select(pl.col(empty).null_count()).row(0) == (frame.height,) * 4
    assert frame.get_column("end").to_list() == mentions.get_column("end").to_list()
