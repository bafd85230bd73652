"""The article texts of the columnar layout stay in `articles.parquet`: the loader hashes them
and keeps the rest, and `Dataset.lazy` / `Dataset.frame` give the table with its texts, equal
to what the text layout loads, whatever rows of it a run keeps."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pytest

from factlint.config import Config
from factlint.convert import convert_dataset
from factlint.dataset import Dataset, load_dataset
from factlint.engine import discover_rules, run_checks
from factlint.errors import InputError
from factlint.formats import write_parquet
from factlint.partition import run_partitioned

from dataset_factory import write_dataset


def _columnar(tmp_path: Path) -> tuple[Path, Path]:
    text = write_dataset(tmp_path / "text")
    # A second article that says nothing: two rows to reorder and keep apart.
    (text / "articles" / "art-2.txt").write_text("\ufeffنص ثان", encoding="utf-8")
    csv = (text / "articles.csv").read_text(encoding="utf-8")
    digest = hashlib.sha256((text / "articles" / "art-2.txt").read_bytes()).hexdigest()
    csv += f"art-2,,,,ar,2024-11-01,{digest}\n"
    (text / "articles.csv").write_text(csv, encoding="utf-8")
    columnar = tmp_path / "columnar"
    assert convert_dataset(text, columnar) == "parquet"
    return text, columnar


def test_the_columnar_layout_keeps_no_text_in_memory_and_gives_it_on_demand(tmp_path):
    text, columnar = _columnar(tmp_path)
    a, b = load_dataset(text), load_dataset(columnar)
    assert "text" in a.frames["articles"].columns
    assert "text" not in b.frames["articles"].columns
    assert b.frame("articles").equals(a.frame("articles"))
    assert b.lazy("articles").collect().equals(a.frames["articles"])
    assert (
        b.lazy("articles")
        .select("article_id")
        .collect()
        .equals(a.frames["articles"].select("article_id"))
    )
    # The byte-order mark note is made from the texts the loader hashed.
    assert [n.path for n in b.notes if n.kind == "bom"] == ["articles/art-2.txt"]
    assert [n.path for n in a.notes if n.kind == "bom"] == ["articles/art-2.txt"]


def test_a_run_that_keeps_some_articles_in_another_order_gets_their_own_texts(tmp_path):
    text, columnar = _columnar(tmp_path)
    whole = load_dataset(text).frame("articles")
    loaded = load_dataset(columnar)
    for kept in (
        loaded.frames["articles"].reverse(),
        loaded.frames["articles"].filter(pl.col("article_id") == "art-2"),
        loaded.frames["articles"].clear(),
    ):
        part = Dataset(root=loaded.root, frames={**loaded.frames, "articles": kept})
        expected = whole.join(kept.select("article_id"), on="article_id", how="semi")
        got = part.frame("articles")
        assert got.get_column("article_id").to_list() == kept.get_column("article_id").to_list()
        assert got.sort("article_id").equals(expected.sort("article_id"))


@pytest.mark.parametrize(
    "recorded",
    [
        {"source_file": ["a.csv", "b.csv"], "source_line": [2, 2]},  # one line in two files
        {"source_file": ["a.csv", "a.csv"], "source_line": [None, None]},  # no line
    ],
)
def test_a_cut_down_run_gets_each_articles_own_text_whatever_lines_the_file_records(
    tmp_path, recorded
):
    text, columnar = _columnar(tmp_path)
    whole = load_dataset(text).frame("articles").select("article_id", "text")
    path = columnar / "articles.parquet"
    frame = pl.read_parquet(path).sort("article_id")
    frame = frame.with_columns(
        pl.Series("source_file", recorded["source_file"], dtype=pl.String),
        pl.Series("source_line", recorded["source_line"], dtype=pl.Int64),
    )
    write_parquet(frame, path)
    loaded = load_dataset(columnar)
    for kept in (
        loaded.frames["articles"].reverse(),
        loaded.frames["articles"].filter(pl.col("article_id") == "art-2"),
    ):
        part = Dataset(root=loaded.root, frames={**loaded.frames, "articles": kept})
        got = part.frame("articles").select("article_id", "text")
        assert got.get_column("article_id").to_list() == kept.get_column("article_id").to_list()
        expected = whole.join(kept.select("article_id"), on="article_id", how="semi")
        assert got.sort("article_id").equals(expected.sort("article_id"))


def test_an_article_without_a_readable_text_has_none(tmp_path):
    _, columnar = _columnar(tmp_path)
    path = columnar / "articles.parquet"
    frame = pl.read_parquet(path).with_columns(
        article_id=pl.when(pl.col("article_id") == "art-2")
        .then(pl.lit("../art-2"))
        .otherwise("article_id")
    )
    write_parquet(frame, path)
    articles = load_dataset(columnar).frame("articles").sort("article_id")
    assert articles.get_column("file_status").to_list() == ["invalid-id", "ok"]
    assert articles.get_column("text").is_null().to_list() == [True, False]
    assert articles.get_column("file_sha256").is_null().to_list() == [True, False]


def test_a_text_column_of_the_wrong_type_names_file_and_column(tmp_path):
    _, columnar = _columnar(tmp_path)
    path = columnar / "articles.parquet"
    write_parquet(pl.read_parquet(path).with_columns(text=pl.lit(7)), path)
    with pytest.raises(InputError, match=r"articles\.parquet.*column 'text' must be String"):
        load_dataset(columnar)


def test_a_wrong_text_type_is_named_before_the_files_read_after_articles(tmp_path):
    # The articles are read first, and so are their errors, though the texts are hashed in
    # the background while the claims are read.
    _, columnar = _columnar(tmp_path)
    path = columnar / "articles.parquet"
    write_parquet(pl.read_parquet(path).with_columns(pl.col("text").cast(pl.Binary)), path)
    (columnar / "claims" / "all.claims.parquet").write_bytes(b"not parquet")
    with pytest.raises(InputError, match=r"articles\.parquet.*column 'text' must be String"):
        load_dataset(columnar)


def test_a_missing_column_message_lists_the_text_column_too(tmp_path):
    _, columnar = _columnar(tmp_path)
    path = columnar / "articles.parquet"
    write_parquet(pl.read_parquet(path).drop("published"), path)
    with pytest.raises(InputError, match=r"missing required column\(s\): published \(has: .*text"):
        load_dataset(columnar)


def test_partitions_of_a_columnar_dataset_give_the_whole_run(tmp_path):
    text, _ = _columnar(tmp_path / "a")
    # A mention whose span does not match the article's text: FL003 reads the texts.
    mentions = text / "claims" / "art-1.mentions.jsonl"
    lines = mentions.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace('"text": "المغرب"', '"text": "الجزائر"', 1)
    assert "الجزائر" in lines[0]
    mentions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    columnar = tmp_path / "columnar"
    convert_dataset(text, columnar)
    dataset = load_dataset(columnar)
    rules, _ = discover_rules("checks")
    codes = [r.code for r in rules]
    whole = run_checks(dataset, Config(), rules=rules).findings.filter(pl.col("code").is_in(codes))
    parted = run_partitioned(dataset, Config(), rules, parts=3)
    columns = ["code", "fingerprint"]
    assert parted.select(columns).sort(columns).equals(whole.select(columns).sort(columns))
    assert "FL003" in whole.get_column("code").to_list()


def test_a_query_without_texts_reads_no_column_of_the_file(tmp_path):
    """Whole or cut down, the articles give a query that selects no text without reading
    `articles.parquet` (its scan projects no column, only the row index)."""
    _, columnar = _columnar(tmp_path)
    loaded = load_dataset(columnar)
    for kept in (loaded.frames["articles"], loaded.frames["articles"].reverse()):
        part = Dataset(root=loaded.root, frames={**loaded.frames, "articles": kept})
        plan = part.lazy("articles").select("article_id", "published").explain()
        assert "PROJECT 0/" in plan, plan
        assert "PROJECT 0/" not in part.lazy("articles").select("text").explain()


def test_a_stale_article_keeps_the_hash_of_its_text(tmp_path):
    """`file_sha256` is the text's hash whether or not it is the recorded one (the columnar
    loader keeps only the hashes that differ and shares the recorded ones)."""
    text = write_dataset(tmp_path / "text")
    csv = (text / "articles.csv").read_text(encoding="utf-8")
    real = hashlib.sha256((text / "articles" / "art-1.txt").read_bytes()).hexdigest()
    (text / "articles.csv").write_text(csv.replace(real, "0" * 64), encoding="utf-8")
    columnar = tmp_path / "columnar"
    convert_dataset(text, columnar)
    for root in (text, columnar):
        articles = load_dataset(root).frame("articles")
        assert articles.get_column("sha256").to_list() == ["0" * 64]
        assert articles.get_column("file_sha256").to_list() == [real]


def test_every_kind_of_article_row_gets_the_hash_of_its_file(tmp_path):
    """Each branch of the columnar loader's `file_sha256`, several to a row group: the recorded
    hash where the text hashes to it (sharing its bytes), the text's own where it does not, the
    recorded file hash of a file that was not UTF-8, none for a missing file or an id that
    names no file."""
    real = hashlib.sha256("نص".encode()).hexdigest()
    kinds = [
        # article_id, text, sha256 (recorded), file_status, file_sha256, expected hash
        ("a-ok", "نص", real, None, None, real, "ok"),
        ("a-stale", "نص", "f" * 64, None, None, real, "ok"),
        ("a-latin", None, "e" * 64, "not-utf8", "d" * 64, "d" * 64, "not-utf8"),
        ("a-gone", None, "c" * 64, None, None, None, "missing"),
        ("../a", "نص", real, None, None, None, "invalid-id"),
        ("a-short", "نص", "short", None, None, real, "ok"),
    ]
    rows = [k for _ in range(7) for k in kinds]  # seven of each, over three row groups
    frame = pl.DataFrame(
        [
            {"article_id": f"{a}-{i}" if a != "../a" else a, "text": t, "sha256": s}
            | {"file_status": f, "file_sha256": h, "title": "", "outlet": "", "url": ""}
            | {"language": "ar", "published": "2024-01-01"}
            for i, (a, t, s, f, h, _, _) in enumerate(rows)
        ]
    )
    root = tmp_path / "d"
    (root / "claims").mkdir(parents=True)
    frame.write_parquet(root / "articles.parquet", row_group_size=15)
    articles = load_dataset(root).frame("articles")
    assert articles.get_column("file_sha256").to_list() == [k[5] for k in rows]
    assert articles.get_column("file_status").to_list() == [k[6] for k in rows]
    assert articles.get_column("file_sha256").n_chunks() == articles.get_column("sha256").n_chunks()
