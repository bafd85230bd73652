"""Inputs from a review of the CLI against its contract (exit 2 naming the file, never a hang,
an internal error, a write into the dataset or a silent pass): each failed before its fix."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import polars as pl
import pytest

from factlint.dataset import load_dataset
from factlint.extract.builtin import BuiltinExtractor

from dataset_factory import check_cli as check
from dataset_factory import run_cli as run
from dataset_factory import write_dataset

ROOT = Path(__file__).resolve().parents[1] / "datasets"


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return write_dataset(tmp_path / "data")


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        h.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return h.hexdigest()


# --- never write into the dataset -------------------------------------------------------------


def test_extract_refuses_an_extracted_folder_that_is_a_link(dataset, capsys):
    (dataset / "extracted").symlink_to("claims")
    before = digest(dataset)
    code, _, err = run(["extract", "--datasets", str(dataset), "-q"], capsys)
    assert code == 2
    assert "extracted is a symbolic link or not a folder" in err
    assert digest(dataset) == before


def test_eval_output_inside_the_dataset_is_refused(dataset, capsys):
    before = digest(dataset)
    target = dataset / "articles.csv"
    code, _, err = run(["eval", "--datasets", str(dataset), "--output", str(target)], capsys)
    assert code == 2
    assert "is inside the dataset folder" in err
    assert digest(dataset) == before


def test_a_step_summary_inside_the_dataset_is_refused(dataset, tmp_path, capsys):
    before = digest(dataset)
    summary = dataset / "articles.csv"
    code, _, err = check(dataset, tmp_path / "out", capsys, "--step-summary", str(summary))
    assert code == 2
    assert "--step-summary" in err and "is inside the dataset folder" in err
    assert digest(dataset) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_step_summary_that_is_a_pipe_is_refused_without_blocking(dataset, tmp_path, capsys):
    os.mkfifo(tmp_path / "summary")
    code, _, err = check(
        dataset, tmp_path / "out", capsys, "--step-summary", str(tmp_path / "summary")
    )
    assert code == 2
    assert "exists and is not a regular file" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_an_output_file_that_is_a_pipe_is_not_replaced(dataset, tmp_path, capsys):
    os.mkfifo(tmp_path / "pipe")
    code, _, err = check(
        dataset,
        tmp_path / "out",
        capsys,
        "--output-format",
        "json",
        "--output-file",
        str(tmp_path / "pipe"),
    )
    assert code == 2
    assert "exists and is not a regular file" in err
    assert not (tmp_path / "pipe").is_file()


# --- baselines, waivers and gold files: exit 2 naming the file, never an internal error ------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"factlint_baseline": 1, "findings": 5}', "`findings` must be a list of entries"),
        (
            '{"factlint_baseline": 1, "findings": [{"fingerprint": "zz", "message": {"a": 1}}]}',
            "entry 1: message must be text",
        ),
        ('{"factlint_baseline": true, "findings": []}', "not a factlint baseline"),
        (
            '{"factlint_baseline": 1, "findings": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "nested too deeply",
        ),
    ],
)
def test_a_malformed_baseline_is_refused(dataset, tmp_path, capsys, body, message):
    path = tmp_path / "baseline.json"
    path.write_text(body, encoding="utf-8")
    code, _, err = check(dataset, tmp_path / "out", capsys, "--baseline", str(path))
    assert code == 2, err
    assert str(path) in err and message in err


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            '[[waiver]]\nfingerprint = "0123456789abcdef0123"\nreason = "x"\n'
            "expires = 2099-12-31T10:00:00\n",
            "`expires` must be a date like 2025-12-31",
        ),
        ("x = " + "[" * 100_000 + "]" * 100_000 + "\n", "invalid TOML: nested too deeply"),
    ],
)
def test_a_malformed_waivers_file_is_refused(dataset, tmp_path, capsys, body, message):
    path = tmp_path / "waivers.toml"
    path.write_text(body, encoding="utf-8")
    code, _, err = check(dataset, tmp_path / "out", capsys, "--waivers", str(path))
    assert code == 2, err
    assert message in err


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("- cluster: [unclosed\n", ":2: not valid YAML"),
        ("- 1\n", "entry 1: expected a mapping, got int"),
        ("- {cluster: x, sides: []}\n", "entry 1: needs an «event» text"),
        ("- {event: x, sides: 5}\n", "entry 1: «sides» must be a list"),
        ("a: 1\n", "expected a list of disagreements, got dict"),
    ],
)
def test_a_malformed_gold_file_is_refused(tmp_path, capsys, body, message):
    import shutil

    data = tmp_path / "d"
    shutil.copytree(ROOT, data)
    (data / "gold" / "disagreements.c10.yml").write_text(body, encoding="utf-8")
    code, _, err = run(["eval", "--conflicts", "--datasets", str(data)], capsys)
    assert code == 2, err
    assert "disagreements.c10.yml" in err and message in err


# --- never an internal error -------------------------------------------------------------------


def test_a_field_name_with_a_lone_surrogate_is_an_input_error(dataset, tmp_path, capsys):
    with open(dataset / "claims" / "art-1.claims.jsonl", "a", encoding="utf-8") as f:
        f.write('{"\\ud800": 1}\n')
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2, err
    assert "art-1.claims.jsonl" in err and "unpaired UTF-16 surrogate" in err


def test_a_duplicated_reference_row_is_a_schema_finding_not_a_crash(dataset, tmp_path, capsys):
    path = dataset / "reference" / "entities.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    _, out, err = check(dataset, tmp_path / "out", capsys)
    assert "FL009" not in out + err
    assert "FL001" in out and "duplicate value" in out


def test_eval_on_a_mention_without_offsets_measures_instead_of_crashing(tmp_path, capsys):
    import shutil

    data = tmp_path / "d"
    shutil.copytree(ROOT, data)
    path = data / "claims" / "seed-001.mentions.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace('"start": ', '"start": null, "_was": ', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(["eval", "--datasets", str(data)], capsys)
    assert code == 0, err
    assert "mentions.date" in out


# --- never a silent pass -----------------------------------------------------------------------


def test_extract_and_eval_with_no_readable_text_say_so(tmp_path, capsys):
    import shutil

    data = tmp_path / "d"
    shutil.copytree(ROOT, data)
    for path in (data / "articles").glob("*.txt"):
        path.unlink()
    for command in (["extract", "-q"], ["eval"]):
        code, _, err = run([command[0], "--datasets", str(data), *command[1:]], capsys)
        assert code == 2, err
        assert "have no readable text" in err and "nothing was extracted" in err


def test_parquet_articles_without_their_texts_are_unreadable_not_ok(tmp_path, capsys):
    target = tmp_path / "pq"
    code, _, err = run(["convert", str(ROOT), str(target)], capsys)
    assert code == 0, err
    articles = target / "articles.parquet"
    pl.read_parquet(articles).with_columns(
        pl.lit(None, dtype=pl.String).alias("text")
    ).write_parquet(articles)
    code, out, _ = check(target, tmp_path / "out", capsys)
    assert out.count("FL006") == 75


def test_an_empty_parquet_claims_table_beside_extraction_is_no_crash(tmp_path, capsys):
    target = tmp_path / "pq"
    code, _, err = run(["convert", str(ROOT), str(target)], capsys)
    assert code == 0, err
    claims = target / "claims" / "all.claims.parquet"
    pl.read_parquet(claims).head(0).write_parquet(claims)
    code, out, err = check(target, tmp_path / "out", capsys)
    assert "FL009" not in out + err


def test_the_changed_data_note_is_printed(tmp_path):
    from types import SimpleNamespace

    from factlint.outputs import OutputContext
    from factlint.outputs.text import summary_line

    result = SimpleNamespace(
        findings=pl.DataFrame(schema={"severity": pl.String, "status": pl.String}),
        fixed=pl.DataFrame(),
        settings={"changed_since": "HEAD", "scope": {"articles": 2}},
    )
    line = summary_line(result, OutputContext(version="x", fail_on="error"), [], 1.0)
    assert "[changed since HEAD: 2 article(s) touched]" in line


def test_names_in_a_text_without_stops_quote_a_bounded_context():
    extractor = BuiltinExtractor()
    extractor.prepare(dict(load_dataset(ROOT).frames))
    _, _, unknown = extractor.extract("a", "وزير خارجية " * 3000, "2024-01-01")
    assert unknown and max(len(u["sentence"]) for u in unknown) < 500


def test_a_full_disk_names_the_file_being_written(tmp_path, monkeypatch):
    """ENOSPC while writing: the error names the output file, not the temporary one, and the
    old file is kept."""
    import errno

    from factlint import atomic

    target = tmp_path / "findings.json"
    target.write_text("old", encoding="utf-8")

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(OSError) as raised:
        atomic.write_text_atomic(target, "new")
    assert raised.value.filename == str(target)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["findings.json"]


@pytest.mark.parametrize("layout", ["text", "parquet"])
def test_an_empty_article_is_reported_in_both_layouts(tmp_path, capsys, layout):
    """An article file of nothing but white space has nothing to check: FL006 says so, in the
    text layout and after `factlint convert`, instead of passing it."""
    import shutil

    data = tmp_path / "d"
    shutil.copytree(ROOT, data)
    (data / "articles" / "seed-001.txt").write_bytes(b"  \n")
    lines = (data / "articles.csv").read_text(encoding="utf-8").splitlines()
    digest_ = hashlib.sha256(b"  \n").hexdigest()
    lines = [
        ",".join([*line.split(",")[:-1], digest_]) if line.startswith("seed-001,") else line
        for line in lines
    ]
    (data / "articles.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if layout == "parquet":
        code, _, err = run(["convert", str(data), str(tmp_path / "pq")], capsys)
        assert code == 0, err
        data = tmp_path / "pq"
    _, out, _ = check(data, tmp_path / "out", capsys)
    assert "FL006" in out and "articles/seed-001.txt is empty: there is nothing to check" in out
