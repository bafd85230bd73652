"""The command line: exit codes, outputs, and every kind of bad input named precisely."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dataset_factory import check_cli as check
from dataset_factory import jsonl, tree_digest, write_dataset
from dataset_factory import run_cli as run


def findings(out: Path) -> list[dict]:
    return json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]


def codes(out: Path) -> set[str]:
    return {f["code"] for f in findings(out)}


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return write_dataset(tmp_path / "data")


def test_valid_dataset_passes_and_writes_both_outputs(dataset, tmp_path, capsys):
    code, out, _ = check(dataset, tmp_path / "out", capsys)
    assert code == 0, out
    document = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert set(document) >= {"factlint_version", "dataset", "summary", "findings"}
    assert document["summary"] == {"error": 0, "warning": 0, "info": 0}
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "0 finding(s)" in out


def test_check_never_writes_into_the_dataset(dataset, tmp_path, capsys):
    before = tree_digest(dataset)
    check(dataset, tmp_path / "out", capsys)
    assert tree_digest(dataset) == before


def test_output_inside_the_dataset_is_refused(dataset, capsys):
    code, _, err = check(dataset, dataset / "reports", capsys)
    assert code == 2
    assert "never writes into a dataset" in err
    assert not (dataset / "reports").exists()


def test_findings_exit_1_and_fail_on_threshold(dataset, tmp_path, capsys):
    (dataset / "articles" / "art-1.txt").write_text("نص آخر", encoding="utf-8")
    code, out, _ = check(dataset, tmp_path / "out", capsys)
    assert code == 1
    assert {"FL005", "FL003"} <= codes(tmp_path / "out")
    assert "stale-article" in out


def test_warnings_only_pass_by_default_and_fail_with_fail_on_warning(dataset, tmp_path, capsys):
    (dataset / "claims" / "notes.txt").write_text("x", encoding="utf-8")
    assert check(dataset, tmp_path / "out", capsys)[0] == 0
    assert codes(tmp_path / "out") == {"FL011"}
    assert check(dataset, tmp_path / "out", capsys, "--fail-on", "warning")[0] == 1


def test_fingerprints_are_stable_across_runs_and_row_order(dataset, tmp_path, capsys):
    (dataset / "articles" / "art-1.txt").write_text("نص آخر تماما", encoding="utf-8")
    check(dataset, tmp_path / "a", capsys)
    path = dataset / "claims" / "art-1.mentions.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(reversed(lines)), encoding="utf-8")
    check(dataset, tmp_path / "b", capsys)
    first = sorted(f["fingerprint"] for f in findings(tmp_path / "a"))
    assert first and first == sorted(f["fingerprint"] for f in findings(tmp_path / "b"))


# --- Bad input: an input error (exit 2, file and line) or a finding, never a traceback. ---


def test_malformed_json_line_names_file_and_line(dataset, tmp_path, capsys):
    path = dataset / "claims" / "art-1.mentions.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2][:-1]  # drop the closing brace of line 3
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert "art-1.mentions.jsonl:3:" in err and "malformed JSON" in err
    assert "Traceback" not in err


def test_wrong_type_names_field_file_and_line(dataset, tmp_path, capsys):
    path = dataset / "claims" / "art-1.mentions.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    records[1]["start"] = "12"
    path.write_text(jsonl(records), encoding="utf-8")
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert "art-1.mentions.jsonl:2:" in err
    assert "'start' must be an integer, got a string" in err


def test_missing_required_field_is_a_schema_finding(dataset, tmp_path, capsys):
    path = dataset / "claims" / "art-1.claims.jsonl"
    record = json.loads(path.read_text(encoding="utf-8"))
    del record["extractor"]
    path.write_text(jsonl([record]), encoding="utf-8")
    assert check(dataset, tmp_path / "out", capsys)[0] == 1
    hits = [f for f in findings(tmp_path / "out") if f["code"] == "FL001"]
    assert any("extractor" in f["message"] and f["claim_ids"] == ["art-1-c001"] for f in hits)


def test_unknown_json_field_is_a_schema_finding(dataset, tmp_path, capsys):
    path = dataset / "claims" / "art-1.claims.jsonl"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["confidance"] = 0.5
    path.write_text(jsonl([record]), encoding="utf-8")
    assert check(dataset, tmp_path / "out", capsys)[0] == 1
    assert any(
        f["code"] == "FL001" and "confidance" in f["message"] for f in findings(tmp_path / "out")
    )


def test_unknown_csv_column_is_a_schema_finding(dataset, tmp_path, capsys):
    path = dataset / "articles.csv"
    header, row = path.read_text(encoding="utf-8").splitlines()
    path.write_text(f"{header},author\n{row},someone\n", encoding="utf-8")
    assert check(dataset, tmp_path / "out", capsys)[0] == 1
    assert any(
        f["code"] == "FL001" and "author" in f["message"] for f in findings(tmp_path / "out")
    )


def test_missing_required_csv_column_is_an_input_error(dataset, tmp_path, capsys):
    path = dataset / "reference" / "entities.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line.rsplit(",", 1)[0] for line in lines) + "\n", encoding="utf-8")
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert "entities.csv:1:" in err and "missing required column(s): source" in err


def test_non_utf8_jsonl_is_an_input_error_with_line(dataset, tmp_path, capsys):
    path = dataset / "claims" / "art-1.mentions.jsonl"
    data = path.read_bytes().split(b"\n")
    data[1] = data[1].replace("أذربيجان".encode(), "أذربيجان".encode()[:3] + b"\xff")
    path.write_bytes(b"\n".join(data))
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert "art-1.mentions.jsonl:2:" in err and "not valid UTF-8" in err


def test_non_utf8_csv_in_windows_1256_is_an_input_error(dataset, tmp_path, capsys):
    path = dataset / "articles.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1256"))
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert "articles.csv:2:" in err and "not valid UTF-8" in err


def test_non_utf8_article_file_is_a_finding(dataset, tmp_path, capsys):
    (dataset / "articles" / "art-1.txt").write_bytes("مراكش".encode("cp1256"))
    assert check(dataset, tmp_path / "out", capsys)[0] == 1
    assert "FL006" in codes(tmp_path / "out")


def test_bom_is_reported_and_does_not_break_the_header(dataset, tmp_path, capsys):
    path = dataset / "articles.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert check(dataset, tmp_path / "out", capsys)[0] == 0
    hits = [f for f in findings(tmp_path / "out") if f["code"] == "FL008"]
    assert len(hits) == 1 and "articles.csv" in hits[0]["message"]


def test_empty_dataset_is_an_input_error(dataset, tmp_path, capsys):
    path = dataset / "articles.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert "no articles" in err


def test_not_a_dataset_folder_is_an_input_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    code, _, err = check(tmp_path / "empty", tmp_path / "out", capsys)
    assert code == 2
    assert "articles.csv" in err


def test_article_id_escaping_the_folder_is_never_opened(dataset, tmp_path, capsys):
    secret = dataset.parent / "secret.txt"
    secret.write_text("سر", encoding="utf-8")
    path = dataset / "articles.csv"
    header, row = path.read_text(encoding="utf-8").splitlines()
    path.write_text(f"{header}\n{row}\n../secret,x,,,ar,,{'0' * 64}\n", encoding="utf-8")
    assert check(dataset, tmp_path / "out", capsys)[0] == 1
    hits = findings(tmp_path / "out")
    assert any(f["code"] == "FL001" and "../secret" in f["message"] for f in hits)
    # It was not read: no hash comparison and no 'missing file' against a path outside.
    assert not any(f["code"] in {"FL005", "FL006"} for f in hits)


def test_missing_article_file_is_a_finding(dataset, tmp_path, capsys):
    (dataset / "articles" / "art-1.txt").unlink()
    assert check(dataset, tmp_path / "out", capsys)[0] == 1
    hit = next(f for f in findings(tmp_path / "out") if f["code"] == "FL006")
    assert hit["article_ids"] == ["art-1"]


def test_duplicate_ids_are_a_schema_finding(dataset, tmp_path, capsys):
    path = dataset / "claims" / "art-1.mentions.jsonl"
    path.write_text(path.read_text(encoding="utf-8") * 2, encoding="utf-8")
    assert check(dataset, tmp_path / "out", capsys)[0] == 1
    hits = [f for f in findings(tmp_path / "out") if f["code"] == "FL001"]
    assert any("mention_id" in f["message"] and "art-1-m001" in f["mention_ids"] for f in hits)


def test_unknown_config_key_is_a_usage_error(dataset, tmp_path, capsys):
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.factlint]\nselct = ["ALL"]\n', encoding="utf-8")
    code, _, err = check(dataset, tmp_path / "out", capsys, "--config", str(config))
    assert code == 2
    assert "unknown key(s) in [tool.factlint]: selct" in err


def test_unknown_option_is_a_usage_error(dataset, tmp_path, capsys):
    code, _, err = run(["check", "--datasets", str(dataset), "--colour"], capsys)
    assert code == 2
    assert "--colour" in err


def test_rules_and_explain(capsys):
    code, out, _ = run(["rules"], capsys)
    assert code == 0 and "FL004" in out and "dangling-reference" in out
    code, out, _ = run(["explain", "FL004"], capsys)
    assert code == 0 and "What it checks:" in out
    code, out, _ = run(["explain", "stale-article"], capsys)
    assert code == 0 and "FL005" in out
    code, _, err = run(["explain", "FL999"], capsys)
    assert code == 2 and "unknown rule" in err


# --- Properties: no input makes the CLI crash. ---


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    target=st.sampled_from(
        [
            "claims/art-1.mentions.jsonl",
            "claims/art-1.claims.jsonl",
            "articles.csv",
            "reference/entities.csv",
            "articles/art-1.txt",
        ]
    ),
    payload=st.binary(max_size=300),
)
def test_arbitrary_bytes_never_crash(tmp_path_factory, capsys, target, payload):
    root = write_dataset(tmp_path_factory.mktemp("bytes") / "data")
    (root / target).write_bytes(payload)
    code, _, err = check(root, root.parent / "out", capsys)
    assert code in (0, 1, 2), err
    assert "Traceback" not in err and "internal error" not in err


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=6,
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    table=st.sampled_from(["mentions", "claims"]),
    field=st.sampled_from(
        [
            "mention_id",
            "article_id",
            "kind",
            "start",
            "end",
            "text",
            "value",
            "weekday",
            "relative",
            "claim_id",
            "participants",
            "mention_ids",
            "confidence",
            "date",
            "extra",
        ]
    ),
    value=json_values,
)
def test_arbitrary_json_values_never_crash(tmp_path_factory, capsys, table, field, value):
    root = write_dataset(tmp_path_factory.mktemp("json") / "data")
    path = root / "claims" / f"art-1.{table}.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    records[0][field] = value
    path.write_text(jsonl(records), encoding="utf-8")
    code, _, err = check(root, root.parent / "out", capsys)
    assert code in (0, 1, 2), err
    assert "Traceback" not in err and "internal error" not in err
    shutil.rmtree(root.parent)


# --- Found in review: quietly converted values, CSV shapes, I/O errors, guards. ---


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("extractor", {"name": "curated"}, "'extractor' must be a string, got an object"),
        ("mention_ids", [1, "art-1-m001"], "'mention_ids' must be a list of strings"),
        ("event_type", 5, "'event_type' must be a string, got an integer"),
        ("confidence", "high", "'confidence' must be a number, got a string"),
    ],
)
def test_mistyped_values_are_not_quietly_converted(
    dataset, tmp_path, capsys, field, value, message
):
    path = dataset / "claims" / "art-1.claims.jsonl"
    record = json.loads(path.read_text(encoding="utf-8"))
    record[field] = value
    path.write_text(jsonl([record]), encoding="utf-8")
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert "art-1.claims.jsonl:1:" in err and message in err


@pytest.mark.parametrize(
    ("raw", "message"),
    [("NaN", "NaN is not valid JSON"), ("1e400", "must be a number")],
)
def test_non_json_numbers_are_input_errors(dataset, tmp_path, capsys, raw, message):
    path = dataset / "claims" / "art-1.claims.jsonl"
    text = path.read_text(encoding="utf-8").replace('"confidence": 1.0', f'"confidence": {raw}')
    path.write_text(text, encoding="utf-8")
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert "art-1.claims.jsonl:1:" in err


def test_unpaired_surrogate_is_an_input_error(dataset, tmp_path, capsys):
    path = dataset / "claims" / "art-1.mentions.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace('"text": "', '"text": "\\ud800', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert "art-1.mentions.jsonl:2:" in err and "surrogate" in err


def test_blank_csv_lines_are_not_rows(dataset, tmp_path, capsys):
    path = dataset / "articles.csv"
    header, row = path.read_text(encoding="utf-8").splitlines()
    path.write_text(f"{header}\n\n{row}\n\n\n", encoding="utf-8")
    assert check(dataset, tmp_path / "out", capsys)[0] == 0
    assert findings(tmp_path / "out") == []


def test_duplicate_csv_header_is_an_input_error(dataset, tmp_path, capsys):
    path = dataset / "articles.csv"
    header, row = path.read_text(encoding="utf-8").splitlines()
    path.write_text(f"{header},title\n{row},x\n", encoding="utf-8")
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert "articles.csv:1:" in err and "duplicate column(s) in header: title" in err


def test_ragged_csv_row_names_its_line(dataset, tmp_path, capsys):
    path = dataset / "reference" / "entities.csv"
    path.write_text(path.read_text(encoding="utf-8") + "city-baku,city,باكو\n", encoding="utf-8")
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert "entities.csv:5:" in err and "3 fields where the header has 5" in err


def test_nul_byte_in_csv_is_an_input_error(dataset, tmp_path, capsys):
    path = dataset / "articles.csv"
    path.write_bytes(
        path.read_bytes()
        .replace("عنوان".encode(), b"x\x00y")
        .replace("المغرب يوقع".encode(), "المغرب\x00يوقع".encode())
    )
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert "articles.csv:2:" in err and "NUL" in err


def test_unwritable_output_is_a_usage_error_not_a_crash(dataset, tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = check(dataset, blocker / "sub", capsys)
    assert code == 2
    assert "internal error" not in err


def test_output_into_a_linked_dataset_folder_is_refused(dataset, tmp_path, capsys):
    shared = tmp_path / "shared-claims"
    (dataset / "claims").rename(shared)
    (dataset / "claims").symlink_to(shared)
    code, _, err = check(dataset, shared, capsys)
    assert code == 2
    assert "never writes into a dataset" in err


def test_file_findings_do_not_depend_on_the_dataset_folder_name(dataset, tmp_path, capsys):
    path = dataset / "articles.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    check(dataset, tmp_path / "a", capsys)
    moved = dataset.rename(tmp_path / "renamed")
    check(moved, tmp_path / "b", capsys)
    assert [f["fingerprint"] for f in findings(tmp_path / "a")] == [
        f["fingerprint"] for f in findings(tmp_path / "b")
    ]


def test_broken_pyproject_in_the_working_folder_is_a_usage_error(
    dataset, tmp_path, capsys, monkeypatch
):
    (tmp_path / "pyproject.toml").write_text("[tool.factlint\nselect = [", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert "pyproject.toml" in err and "TOML" in err


def test_a_symlinked_article_file_is_not_followed(dataset, tmp_path, capsys):
    outside = tmp_path / "outside.txt"
    article = dataset / "articles" / "art-1.txt"
    outside.write_bytes(article.read_bytes())
    article.unlink()
    article.symlink_to(outside)
    assert check(dataset, tmp_path / "out", capsys)[0] == 1
    hit = next(f for f in findings(tmp_path / "out") if f["code"] == "FL006")
    assert "symbolic link" in hit["message"]


def test_a_folder_named_like_a_claims_file_is_an_input_error(dataset, tmp_path, capsys):
    (dataset / "claims" / "art-9.claims.jsonl").mkdir()
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert "art-9.claims.jsonl" in err and "not a regular file" in err
