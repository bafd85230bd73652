"""Code columns (`factlint.layout.CODE_COLUMNS`) load as categorical in every layout, and stay
strings for everything that judges them: rule expressions, the schema gate's findings."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from bench.generate import generate
from factlint.config import Config
from factlint.convert import convert_dataset
from factlint.dataset import Dataset, load_dataset
from factlint.engine import run_checks
from factlint.layout import CODE_COLUMNS, CODE_LIST_COLUMNS, LOADER_CODE_COLUMNS
from factlint.schema_gate import run_expectations, run_pandera
from schemas import SUITES_DIR

from dataset_factory import write_dataset


def _with_unknown_kind(root: Path) -> Path:
    """The one-article dataset, its claim of a kind the data model does not know."""
    path = root / "claims" / "art-1.claims.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows[0]["kind"] = "rumour"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return root


def test_code_columns_load_as_categorical_in_both_layouts(tmp_path: Path) -> None:
    text = write_dataset(tmp_path / "text")
    columnar = tmp_path / "columnar"
    convert_dataset(text, columnar)
    for root in (text, columnar):
        frames = load_dataset(root).frames
        for table, columns in CODE_COLUMNS.items():
            for column in columns:
                assert frames[table].schema[column] == pl.Categorical, (root, table, column)
        for table, frame in frames.items():
            for column in LOADER_CODE_COLUMNS:
                assert frame.schema[column] == pl.Categorical, (root, table, column)
        assert frames["articles"].schema["file_status"] == pl.Categorical, root
        for table, columns in CODE_LIST_COLUMNS.items():
            for column in columns:
                assert frames[table].schema[column] == pl.List(pl.Categorical), (root, column)
        assert frames["articles"].filter(pl.col("file_status") == "ok").height == 1, root


def test_source_files_survive_a_round_trip_through_both_layouts(tmp_path: Path) -> None:
    """`source_file` is categorical as loaded; converting writes and reads back the same names
    (text to Parquet keeps them recorded, Parquet to text puts each row back in its file)."""
    text = write_dataset(tmp_path / "text")
    columnar, back = tmp_path / "columnar", tmp_path / "back"
    convert_dataset(text, columnar)
    convert_dataset(columnar, back)

    def named(root: Path) -> dict[str, list[tuple[str, int]]]:
        frames = load_dataset(root).frames
        return {
            table: sorted(frames[table].select("source_file", "source_line").rows())
            for table in ("articles", "mentions", "claims")
        }

    assert named(text) == named(columnar) == named(back)
    assert any(f.startswith("claims/") for f, _ in named(text)["claims"])


def test_code_columns_compare_with_strings_as_strings_do(tmp_path: Path) -> None:
    claims = load_dataset(write_dataset(tmp_path / "d")).frame("claims")
    as_text = claims.with_columns(pl.col(CODE_COLUMNS["claims"]).cast(pl.String))
    for condition in (
        pl.col("kind") == "event",
        pl.col("kind") != "nothing-of-the-kind",
        pl.col("event_type").is_in(["signing", "visit", "nothing-of-the-kind"]),
        pl.col("status").is_null(),
    ):
        assert claims.filter(condition).height == as_text.filter(condition).height
    assert claims.filter(pl.col("kind") == "event").height > 0


def test_an_unknown_code_is_a_schema_finding_naming_its_row(tmp_path: Path) -> None:
    text = _with_unknown_kind(write_dataset(tmp_path / "text"))
    columnar = tmp_path / "columnar"
    convert_dataset(text, columnar)
    messages = []
    for root in (text, columnar):
        frames = load_dataset(root).frames
        assert frames["claims"].schema["kind"] == pl.Categorical
        found = pl.concat([run_pandera(frames), run_expectations(frames, SUITES_DIR)])
        kind = found.filter(pl.col("message").str.contains("rumour"))
        assert kind.height >= 1, found.get_column("message").to_list()
        assert kind.get_column("message").str.contains("[art-1-c001]", literal=True).all()
        messages.append(sorted(found.get_column("message").to_list()))
    assert messages[0] == messages[1]


def test_the_gate_judges_code_columns_as_the_strings_the_files_hold(tmp_path: Path) -> None:
    frames = load_dataset(_with_unknown_kind(write_dataset(tmp_path / "d"))).frames
    as_text = {name: _as_text(frame) for name, frame in frames.items()}
    for gate in (run_pandera, lambda f: run_expectations(f, SUITES_DIR, engine="gx")):
        assert gate(frames).equals(gate(as_text))


def _as_text(frame: pl.DataFrame, *, codes: bool = True) -> pl.DataFrame:
    """`frame` with its code lists (and its codes, unless not `codes`) as the strings the
    files hold."""
    lists = [n for n, t in frame.schema.items() if t == pl.List(pl.Categorical)]
    strings = [pl.col(pl.Categorical).cast(pl.String)] if codes else []
    return frame.with_columns(*strings, pl.col(lists).cast(pl.List(pl.String)))


def _findings_of(dataset: Dataset) -> pl.DataFrame:
    found = run_checks(dataset, Config()).findings
    return found.sort("code", "fingerprint", "message")


def test_the_gate_judges_code_lists_as_the_strings_the_files_hold(tmp_path: Path) -> None:
    """An unsorted participant list and a malformed party id are schema findings, worded the
    same whether the lists are held as categoricals or as strings."""
    root = write_dataset(tmp_path / "d")
    path = root / "claims" / "art-1.claims.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    event = next(r for r in rows if r.get("participants"))
    event["participants"] = sorted(event["participants"] + ["country-zz", "country-aa"])[::-1]
    rows.append({**event, "claim_id": "art-1-c099", "kind": "agreement", "parties": ["Bad Id"]})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    frames = load_dataset(root).frames
    assert frames["claims"].schema["participants"] == pl.List(pl.Categorical)
    as_text = {name: _as_text(frame) for name, frame in frames.items()}
    for gate in (run_pandera, lambda f: run_expectations(f, SUITES_DIR, engine="gx")):
        assert gate(frames).equals(gate(as_text))
    details = " ".join(run_pandera(frames).get_column("details").to_list())
    assert '"column": "participants"' in details and '"column": "parties"' in details, details


def test_every_rule_finds_the_same_with_code_lists_held_as_strings(tmp_path: Path) -> None:
    """The rules read the entity lists as the strings they are: on the dataset of record and
    on a generated one with every rule family's contradictions planted, the findings are the
    same whether the loader's categoricals or their strings are checked."""
    generate(tmp_path / "g", 3000, layout="parquet", seed=11, rate=0.03)
    for root in (Path("datasets"), tmp_path / "g"):
        dataset = load_dataset(root)
        claims = dataset.frames["claims"]
        assert claims.schema["participants"] == pl.List(pl.Categorical), root
        assert claims.get_column("participants").list.len().sum() > 0, root
        assert claims.get_column("parties").list.len().sum() > 0, root
        as_text = Dataset(
            root=dataset.root,
            frames={**dataset.frames, "claims": _as_text(claims, codes=False)},
            notes=dataset.notes,
            missing_tables=dataset.missing_tables,
        )
        loaded, textual = _findings_of(dataset), _findings_of(as_text)
        assert loaded.height > 0, root
        assert loaded.equals(textual), root
