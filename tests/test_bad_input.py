"""Bad input: factlint never hangs, never ends in an internal error, never passes silently.

Each case is an input a user can really produce (an editor's backup file, a named pipe, a
folder name in the wrong encoding, an extractor that emits one key twice), with the exact
exit code and message or finding it must give. Cases that used to hang run the CLI in a
child process with a generous timeout: a regression fails the test instead of hanging it.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from factlint.atomic import write_text_atomic
from factlint.config import Config, load_config
from factlint.dataset import JSON_MAX_DEPTH, load_dataset
from factlint.engine import run_checks
from factlint.errors import ConfigError, InputError
from factlint.report import render_report

from dataset_factory import ARTICLE_COLUMNS, csv_text, jsonl, write_dataset
from dataset_factory import check_cli as check
from dataset_factory import run_cli as run

# Generous: a run of the small test dataset takes a few seconds; a hang never ends.
TIMEOUT = 120


def check_in_child(dataset: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """The CLI in a child process, killed (and the test failed) if it does not finish."""
    command = [sys.executable, "-m", "factlint.cli", "check", "--datasets", str(dataset)]
    command += ["--output", str(out), "--no-expectations", *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)


def findings(out: Path) -> list[dict]:
    return json.loads((out / "findings.json").read_text(encoding="utf-8"))["findings"]


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    return write_dataset(tmp_path / "data")


# --- Hangs: special files are refused before they are opened ----------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("articles/art-1.txt", "articles/art-1.txt: is a named pipe (FIFO), not a regular file"),
        (
            "claims/art-1.claims.jsonl",
            "claims/art-1.claims.jsonl: named like a data file but is a named pipe (FIFO), "
            "not a regular file",
        ),
        (
            "reference/aliases.csv",
            "reference/aliases.csv: named like a data file but is a named pipe (FIFO), "
            "not a regular file",
        ),
        (
            "articles.csv",
            "articles.csv: named like a data file but is a named pipe (FIFO), not a regular file",
        ),
    ],
)
def test_a_named_pipe_in_the_dataset_is_refused_without_blocking(
    dataset, tmp_path, target, message
):
    (dataset / target).unlink()
    os.mkfifo(dataset / target)
    result = check_in_child(dataset, tmp_path / "out")
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need POSIX")
def test_a_named_pipe_as_config_is_refused_without_blocking(dataset, tmp_path):
    os.mkfifo(tmp_path / "pyproject.toml")
    result = check_in_child(dataset, tmp_path / "out", "--config", str(tmp_path / "pyproject.toml"))
    assert result.returncode == 2, result.stderr
    assert "pyproject.toml: cannot read: is a named pipe (FIFO), not a regular file" in (
        result.stderr
    )


def test_json_nested_too_deeply_is_refused_before_parsing(dataset, tmp_path, capsys):
    path = dataset / "claims" / "art-1.claims.jsonl"
    record = json.dumps(records(path)[0], ensure_ascii=False)
    deep = "[" * 10_000 + "]" * 10_000
    path.write_text(record + "\n" + record[:-1] + f', "extra": {deep}}}\n', encoding="utf-8")
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert "art-1.claims.jsonl:2: JSON nested 10001 levels deep; factlint reads at most 64" in err


@pytest.mark.parametrize("field", ["extra", "meta"])
def test_json_nesting_limit_is_exact_and_brackets_in_strings_do_not_count(dataset, field):
    path = dataset / "claims" / "art-1.claims.jsonl"
    record = records(path)[0]
    # The line is one level; a value nested to the limit loads (as a schema matter), one more
    # level does not. Brackets inside strings are text, however many.
    record[field] = [["[" * 500]]
    for _ in range(JSON_MAX_DEPTH - 3):
        record[field] = [record[field]]
    path.write_text(jsonl([record]), encoding="utf-8")
    assert load_dataset(dataset).frame("claims").height == 1
    record[field] = [record[field]]
    path.write_text(jsonl([record]), encoding="utf-8")
    with pytest.raises(InputError, match=f"nested {JSON_MAX_DEPTH + 1} levels deep"):
        load_dataset(dataset)


def test_long_values_render_in_linear_time_and_stay_whole_in_findings_json(dataset, tmp_path):
    long_text = "قال" + "a" * 200_000 + "-b"  # a 200,000-letter word ending like an id
    path = dataset / "claims" / "art-1.mentions.jsonl"
    mentions = records(path)
    mentions[0]["text"] = long_text
    path.write_text(jsonl(mentions), encoding="utf-8")
    articles = dataset / "articles.csv"
    rows = pl.read_csv(articles, infer_schema=False).with_columns(title=pl.lit("t1" * 50_000))
    articles.write_text(csv_text(ARTICLE_COLUMNS, rows.to_dicts()), encoding="utf-8")
    result = check_in_child(dataset, tmp_path / "out")
    assert result.returncode == 1, result.stderr
    mismatch = next(f for f in findings(tmp_path / "out") if f["code"] == "FL003")
    assert long_text in mismatch["message"]
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert page.count("more characters in ") == 2  # the message and the title
    assert long_text not in page and "t1" * 50_000 not in page
    assert len(page) < 200_000


def test_render_report_is_linear_in_runs_of_letters_and_digits(tmp_path):
    # The id regex used to backtrack at every letter: 40,000 characters took 30 s.
    script = (
        "import polars as pl\n"
        "from factlint.findings import findings_from_records\n"
        "from factlint.report import render_report\n"
        "texts = ['a' * 1_000_000, 'a1' * 500_000, 'x-' * 500_000, '9' * 1_000_000]\n"
        "frame = findings_from_records([{'message': t, 'key': str(i), 'details': "
        "'{\"v\": \"' + t + '\"}'} for i, t in enumerate(texts)], code='FL901', "
        "name='long', severity='error', source='rule')\n"
        "print(len(render_report(frame, dataset='d', factlint_version='0', "
        "generated_at='2025-01-01T00:00:00+00:00')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) < 200_000


# --- Exit 3 where the user deserves a message -----------------------------------------------


def test_claims_folder_as_a_symlink_loop_is_an_input_error(dataset, tmp_path, capsys):
    claims = dataset / "claims"
    for path in claims.iterdir():
        path.unlink()
    claims.rmdir()
    claims.symlink_to(claims)
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2, err
    assert f"{claims}: Too many levels of symbolic links" in err


def test_claims_folder_as_a_symlink_loop_names_the_folder_when_loading(dataset):
    claims = dataset / "claims"
    for path in claims.iterdir():
        path.unlink()
    claims.rmdir()
    claims.symlink_to(claims)
    with pytest.raises(
        InputError, match="claims: cannot be read as a folder: a symbolic link loop"
    ):
        load_dataset(dataset)


def test_a_file_name_that_is_not_utf8_is_named_escaped(dataset, tmp_path, capsys):
    (dataset / "claims" / os.fsdecode(b"notes\xff.txt")).write_text("x", encoding="utf-8")
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert "claims/notes\\xff.txt: the name is not valid UTF-8" in err
    assert not (tmp_path / "out").exists()


def test_a_dataset_folder_name_that_is_not_utf8_is_an_input_error(tmp_path, capsys):
    dataset = write_dataset(tmp_path / os.fsdecode(b"data\xe9"))
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert "data\\xe9: the name is not valid UTF-8" in err
    assert not (tmp_path / "out").exists()


def test_an_output_folder_name_that_is_not_utf8_is_refused_before_the_run(
    dataset, tmp_path, capsys
):
    code, _, err = check(dataset, tmp_path / os.fsdecode(b"out\xff"), capsys)
    assert code == 2
    assert "--output " in err and "out\\xff: the name is not valid UTF-8" in err


@pytest.mark.parametrize("name", ["report.html", "findings.json"])
def test_an_output_file_that_is_a_folder_is_named(dataset, tmp_path, capsys, name):
    (tmp_path / "out" / name).mkdir(parents=True)
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert f"factlint: error: {tmp_path / 'out' / name}: is a folder, not a file" in err
    assert ".tmp" not in err


# --- Silent passes and wrong findings ------------------------------------------------------------


def write_config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "factlint.toml"
    path.write_text("[tool.factlint]\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            'rules-package = "json"\n',
            "rules package 'json' holds no factlint rules (no module in it declares one with "
            "@rule)",
        ),
        (
            'rules-package = "no_such_rules_package"\n',
            "rules-package 'no_such_rules_package' is not an importable package (not installed, "
            "or not on the Python path)",
        ),
        (
            "rules-package = 5\n",
            "rules-package must be the dotted name of a Python package holding factlint rules "
            '(such as "checks"), not 5',
        ),
        ('rules-package = "../checks"\n', "rules-package must be the dotted name"),
        (
            "[tool.factlint.options.FL101]\nevent_types = [1, 2, 3]\n",
            "option 'event_types' of FL101 must be list of str, not list of int",
        ),
        (
            '[tool.factlint.options.FL101]\nevent_types = ["signing", 2]\n',
            "option 'event_types' of FL101 must be list of str, not list of int, str",
        ),
        (
            "[tool.factlint.options.FL101]\nevent_types = " + "[" * 3000 + "]" * 3000 + "\n",
            "invalid TOML: arrays or tables nested too deeply",
        ),
        ("select = []\n", "select/ignore leave no rule to run (select = [], ignore = [])"),
        ('ignore = ["ALL"]\n', "select/ignore leave no rule to run"),
    ],
)
def test_a_configuration_that_would_check_nothing_is_a_usage_error(
    dataset, tmp_path, capsys, body, message
):
    config = write_config(tmp_path, body)
    code, out, err = check(dataset, tmp_path / "out", capsys, "--config", str(config))
    assert code == 2, out + err
    assert f"factlint: error: {config}: {message}" in err
    assert not (tmp_path / "out").exists()


def test_options_with_the_right_element_types_still_pass(dataset, tmp_path, capsys):
    config = write_config(
        tmp_path, '[tool.factlint.options.FL101]\nevent_types = ["signing", "visit"]\n'
    )
    assert check(dataset, tmp_path / "out", capsys, "--config", str(config))[0] == 0


def test_hidden_files_in_claims_are_not_data(dataset, tmp_path, capsys):
    claims = dataset / "claims"
    backup = claims / ".art-1.claims.jsonl"
    backup.write_text(jsonl([{**records(claims / "art-1.claims.jsonl")[0], "kind": "x"}]))
    (claims / ".#art-1.claims.jsonl").symlink_to("user@host.1234:1700000000")  # an editor lock
    (claims / ".DS_Store").write_bytes(b"\x00\x01")
    code, out, _ = check(dataset, tmp_path / "out", capsys)
    assert code == 0, out
    assert findings(tmp_path / "out") == []


def test_a_symlinked_claims_file_is_refused_like_a_symlinked_article(dataset, tmp_path, capsys):
    outside = tmp_path / "elsewhere.claims.jsonl"
    claims = dataset / "claims" / "art-1.claims.jsonl"
    claims.rename(outside)
    claims.symlink_to(outside)
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert (
        "claims/art-1.claims.jsonl: is a symbolic link, not a regular file: factlint does not "
        "follow links to files"
    ) in err


def test_a_missing_claims_folder_says_what_is_missing(dataset):
    for path in (dataset / "claims").iterdir():
        path.unlink()
    (dataset / "claims").rmdir()
    loaded = load_dataset(dataset)
    assert {"mentions", "claims"} <= loaded.missing_tables
    assert [n.message for n in loaded.notes if n.kind == "missing-table"] == [
        "folder claims/ is missing: no mentions were loaded",
        "folder claims/ is missing: no claims were loaded",
    ]
    found = run_checks(loaded, Config()).findings
    cannot_run = found.filter(pl.col("code") == "FL010").get_column("message").to_list()
    assert "FL101 conflicting-event-dates cannot run: the dataset has no claims table" in (
        cannot_run
    )


def test_a_file_in_place_of_the_claims_folder_is_an_input_error(dataset, tmp_path, capsys):
    for path in (dataset / "claims").iterdir():
        path.unlink()
    (dataset / "claims").rmdir()
    (dataset / "claims").write_text("not a folder", encoding="utf-8")
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert "claims: expected a folder, but it is a regular file" in err


# --- Messages name the file and line ---------------------------------------------------------


def edit_first_line(dataset: Path, table: str, edit) -> Path:
    path = dataset / "claims" / f"art-1.{table}.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = edit(lines[0])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("table", "edit", "message"),
    [
        (
            "claims",
            lambda line: line.replace('"kind": "event"', '"kind": "event", "kind": "role"'),
            "art-1.claims.jsonl:1: malformed JSON: key 'kind' appears twice in one object",
        ),
        (
            "mentions",
            lambda line: line + "\n\ufeff" + line.replace("m001", "m009"),
            "art-1.mentions.jsonl:2: a UTF-8 byte-order mark in the middle of the file",
        ),
        (
            "mentions",
            lambda line: line.replace('"start": 0', f'"start": {2**70}'),
            "art-1.mentions.jsonl:1: field 'start' is out of range: 1180591620717411303424 does "
            "not fit in 64 bits",
        ),
        (
            "claims",
            lambda line: line.replace('"confidence": 1.0', '"confidence": 1e400'),
            "art-1.claims.jsonl:1: field 'confidence' is out of range: the number is too large "
            "for a 64-bit float",
        ),
        (
            "claims",
            lambda line: line + "\nnull",
            "art-1.claims.jsonl:2: expected a JSON object, got null",
        ),
        (
            # Polars cannot give one column two shapes: the exact reader loads it.
            "claims",
            lambda line: line[:-1] + ', "note": [1]}\n' + line[:-1] + ', "note": 2, "x": 1}',
            None,
        ),
    ],
)
def test_json_lines_problems_name_file_and_line(dataset, tmp_path, capsys, table, edit, message):
    edit_first_line(dataset, table, edit)
    code, out, err = check(dataset, tmp_path / "out", capsys)
    if message is None:
        assert code == 1, err
        unknown = {f["message"] for f in findings(tmp_path / "out") if f["code"] == "FL001"}
        assert {
            "claims: unknown column 'note' (the schema is strict)",
            "claims: unknown column 'x' (the schema is strict)",
        } <= unknown
        return
    assert code == 2, out
    assert message in err
    assert "got an integer" not in err and "NoneType" not in err


def test_a_row_without_its_id_is_named_by_file_and_line(dataset, tmp_path, capsys):
    path = dataset / "claims" / "art-1.claims.jsonl"
    claim = records(path)[0]
    second = {**claim, "claim_id": None}
    path.write_text(jsonl([claim, second]), encoding="utf-8")
    assert check(dataset, tmp_path / "out", capsys)[0] == 1
    messages = [f["message"] for f in findings(tmp_path / "out")]
    assert (
        "claims.claim_id [row without claim_id at claims/art-1.claims.jsonl:2]: value is missing "
        "but the column is required"
    ) in messages


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            'city-x,city,"باكو,Baku,test\ncity-y,city,y,y,test\n',
            "entities.csv:5: malformed CSV: the quoted field in the row starting here is never "
            "closed",
        ),
        ('city-x,city,باكو,Baku,"test\n', "entities.csv:5: malformed CSV: the quoted field"),
        (
            'city-x,city,"باكو" x,Baku,test\n',
            "entities.csv:5: malformed CSV: ',' expected after '\"'",
        ),
    ],
)
def test_csv_quote_problems_name_the_line_the_row_starts_on(
    dataset, tmp_path, capsys, rows, message
):
    path = dataset / "reference" / "entities.csv"
    path.write_text(path.read_text(encoding="utf-8") + rows, encoding="utf-8")
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert message in err


def test_a_multiline_quoted_csv_field_still_loads(dataset):
    path = dataset / "reference" / "entities.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + 'city-baku,city,باكو,"Baku,\nAzerbaijan",test\n',
        encoding="utf-8",
    )
    entities = load_dataset(dataset).frame("entities")
    assert entities.filter(pl.col("entity_id") == "city-baku")["name_en"].to_list() == [
        "Baku,\nAzerbaijan"
    ]


# --- Leftovers of a killed writer --------------------------------------------------------------


def test_temporary_files_of_a_killed_writer_are_removed_by_the_next_write(tmp_path):
    target = tmp_path / "report.html"
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead = int(child.stdout)  # that process has exited
    orphan = tmp_path / f".report.html.{dead}.k2j3h4.tmp"
    legacy = tmp_path / ".report.html.a8b7c6d5.tmp"
    live = tmp_path / f".report.html.{os.getppid()}.live01.tmp"
    other = tmp_path / f".findings.json.{dead}.x1y2z3.tmp"
    for path in (orphan, legacy, live, other):
        path.write_text("partial", encoding="utf-8")
    an_hour_ago = time.time() - 2 * 3600
    os.utime(legacy, (an_hour_ago, an_hour_ago))
    write_text_atomic(target, "page")
    remaining = sorted(p.name for p in tmp_path.iterdir())
    assert remaining == sorted([target.name, live.name, other.name])


# --- Properties: deeply nested and very long JSON values ---------------------------------------


def _check_outcome(dataset: str, out: str) -> tuple[int, str]:
    """Run in a worker process: the CLI's exit code and its error output."""
    import contextlib
    import io

    from factlint.cli import main as cli_main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            cli_main(["check", "--datasets", dataset, "--output", out, "--no-expectations", "-q"])
        except SystemExit as exc:
            return int(exc.code or 0), err.getvalue()
    return 0, err.getvalue()


@pytest.fixture(scope="module")
def worker() -> Iterator[ProcessPoolExecutor]:
    """One child process for the property's examples: a hang times out instead of hanging."""
    executor = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        yield executor
    finally:
        for process in list(getattr(executor, "_processes", {}).values()):
            process.kill()
        executor.shutdown(wait=False, cancel_futures=True)


def nested(depth: int, leaf: object, kind: str) -> object:
    value = leaf
    for _ in range(depth):
        value = [value] if kind == "list" else {"k": value}
    return value


# Recipes, not values: hypothesis prints its examples, and its printer recurses.
extreme_values = st.one_of(
    st.tuples(
        st.just("nested"),
        st.integers(min_value=0, max_value=20_000),
        st.sampled_from([None, 1, "x", "[[{{", 2**80]),
        st.sampled_from(["list", "object"]),
    ),
    st.tuples(st.just("long"), st.integers(0, 300_000), st.sampled_from(["a", "ب", "1-", "«"])),
    st.tuples(st.just("int"), st.integers(min_value=-(2**200), max_value=2**200)),
)


def build(recipe: tuple) -> object:
    if recipe[0] == "nested":
        return nested(*recipe[1:])
    if recipe[0] == "long":
        return recipe[2] * recipe[1]
    return recipe[1]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
@given(
    table=st.sampled_from(["mentions", "claims"]),
    field=st.sampled_from(["text", "participants", "start", "confidence", "extra"]),
    recipe=extreme_values,
)
# The reported cases, whatever hypothesis draws: 1,000 and 10,000 levels, a 1 MB line.
@example(table="claims", field="extra", recipe=("nested", 1_000, 1, "list"))
@example(table="mentions", field="extra", recipe=("nested", 10_000, None, "object"))
@example(table="mentions", field="text", recipe=("long", 1_000_000, "ب"))
@example(table="mentions", field="start", recipe=("int", 2**80))
def test_deep_and_long_json_values_are_answered_in_bounded_time(
    tmp_path_factory, worker, table, field, recipe
):
    root = write_dataset(tmp_path_factory.mktemp("extreme") / "data")
    path = root / "claims" / f"art-1.{table}.jsonl"
    rows = records(path)
    rows[0][field] = build(recipe)
    # json.dumps recurses too: the file is written by hand for the deepest values.
    text = "".join(_dumps(r) + "\n" for r in rows)
    path.write_text(text, encoding="utf-8")
    code, err = worker.submit(_check_outcome, str(root), str(root.parent / "out")).result(
        timeout=TIMEOUT
    )
    assert code in (0, 1, 2), err
    assert "internal error" not in err and "Traceback" not in err


def _dumps(value: object) -> str:
    """json.dumps without recursion, for values nested deeper than Python's stack."""
    out: list[str] = []
    stack: list[object] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, _Raw):
            out.append(item.text)
        elif isinstance(item, list):
            stack.append(_Raw("]"))
            for i, child in enumerate(reversed(item)):
                stack.append(child)
                if i < len(item) - 1:
                    stack.append(_Raw(","))
            stack.append(_Raw("["))
        elif isinstance(item, dict):
            stack.append(_Raw("}"))
            entries = list(item.items())
            for i, (key, child) in enumerate(reversed(entries)):
                stack.append(child)
                stack.append(_Raw(json.dumps(key) + ":"))
                if i < len(entries) - 1:
                    stack.append(_Raw(","))
            stack.append(_Raw("{"))
        else:
            out.append(json.dumps(item, ensure_ascii=False))
    return "".join(out)


class _Raw:
    def __init__(self, text: str) -> None:
        self.text = text


def test_the_test_writer_matches_json_dumps():
    value = {"a": [1, {"b": [None, "x"]}, []], "c": {}, "d": "«ب»"}
    assert _dumps(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# --- The loader's public errors carry what the CLI prints ---------------------------------------


def test_config_error_from_a_folder_named_as_config(tmp_path):
    folder = tmp_path / "pyproject.toml"
    folder.mkdir()
    with pytest.raises(ConfigError, match="is a folder, not a regular file"):
        load_config(folder)


def test_render_report_clips_long_ids_and_titles_but_keeps_anchors_distinct():
    frame = pl.DataFrame(
        {
            "code": ["FL901"],
            "name": ["x"],
            "severity": ["error"],
            "source": ["rule"],
            "message": ["m"],
            "article_ids": [["a" * 5000]],
            "claim_ids": [[]],
            "mention_ids": [[]],
            "details": [None],
            "fingerprint": ["f"],
        },
        schema_overrides={"claim_ids": pl.List(pl.String), "mention_ids": pl.List(pl.String)},
    )
    articles = pl.DataFrame(
        {"article_id": ["a" * 5000], "title": ["ت" * 10_000], "outlet": ["o"], "published": [None]},
        schema_overrides={"published": pl.String},
    )
    page = render_report(frame, dataset="d", factlint_version="0", articles=articles)
    assert "a" * 5000 not in page and "ت" * 10_000 not in page
    assert page.count('href="#article--') == 1 and page.count('id="article--') == 1


# --- Out-of-range values are findings on their row; a crash never skips other checks --------


def messages(out: Path, code: str) -> list[str]:
    return [f["message"] for f in findings(out) if f["code"] == code]


def test_year_zero_is_a_schema_finding_on_its_row(dataset, tmp_path, capsys):
    path = dataset / "claims" / "art-1.claims.jsonl"
    path.write_text(jsonl([{**records(path)[0], "date": "0000-10-30"}]), encoding="utf-8")
    mentions = dataset / "claims" / "art-1.mentions.jsonl"
    rows = records(mentions)
    rows[2]["value"] = "000X"
    mentions.write_text(jsonl(rows), encoding="utf-8")
    assert check(dataset, tmp_path / "out", capsys)[0] == 1
    schema = messages(tmp_path / "out", "FL001")
    assert 'claims.date [art-1-c001]: real-calendar-day failed for "0000-10-30"' in schema
    assert (
        'mentions [art-1-m003]: real-calendar-day failed (kind="date", calendar="gregorian", '
        'value="000X")'
    ) in schema
    assert messages(tmp_path / "out", "FL009") == []


def test_a_hijri_year_without_a_gregorian_date_is_a_finding_not_a_crash(dataset, tmp_path, capsys):
    path = dataset / "claims" / "art-1.mentions.jsonl"
    rows = records(path)
    rows[2].update(calendar="hijri", value="9999-01-01", same_as="art-1-m001")
    path.write_text(jsonl(rows), encoding="utf-8")
    assert check(dataset, tmp_path / "out", capsys)[0] == 1
    # FL104's own conversion; rules that call `hijri_interval` directly still need its fix.
    assert not [m for m in messages(tmp_path / "out", "FL009") if m.startswith("FL104")]
    assert (
        'mentions [art-1-m003]: hijri-year-in-range failed (kind="date", calendar="hijri", '
        'value="9999-01-01")'
    ) in messages(tmp_path / "out", "FL001")
    assert (
        "Hijri date «الأربعاء 30 أكتوبر 2024» in art-1 cannot be checked: 9999-01-01 has no "
        "Gregorian date (it falls after the year 9999)"
    ) in messages(tmp_path / "out", "FL104")


@pytest.mark.parametrize("extra", [2**70, 2**200, [[1], [2, [3]]], {"a": {"b": [1]}}])
def test_an_odd_unknown_field_does_not_stop_the_expectations_of_its_table(
    dataset, tmp_path, capsys, extra
):
    path = dataset / "claims" / "art-1.claims.jsonl"
    claim = records(path)[0]
    # A machine-extracted claim without its version fails one of the claims suite's checks.
    path.write_text(jsonl([{**claim, "extractor": "bot", "extra": extra}]), encoding="utf-8")
    code, _, err = run(
        ["check", "--datasets", str(dataset), "--output", str(tmp_path / "out")], capsys
    )
    assert code == 1, err
    assert messages(tmp_path / "out", "FL009") == []
    assert "claims: unknown column 'extra' (the schema is strict)" in messages(
        tmp_path / "out", "FL001"
    )
    expectation = messages(tmp_path / "out", "FL002")
    assert any("extractor_version" in m for m in expectation), expectation


def test_rows_of_csv_tables_are_named_by_file_and_line_too(dataset, tmp_path, capsys):
    path = dataset / "reference" / "entities.csv"
    path.write_text(
        path.read_text(encoding="utf-8") + '\n,city,"باكو\nالعاصمة",Baku,test\n', encoding="utf-8"
    )
    assert check(dataset, tmp_path / "out", capsys)[0] == 1
    assert (
        "entities.entity_id [row without entity_id at reference/entities.csv:6]: value is "
        "missing but the column is required"
    ) in messages(tmp_path / "out", "FL001")


@pytest.mark.parametrize("name", ["source_file", "source_line"])
def test_the_loaders_own_column_names_are_refused_in_files(dataset, tmp_path, capsys, name):
    path = dataset / "claims" / "art-1.claims.jsonl"
    original = path.read_text(encoding="utf-8")
    path.write_text(jsonl([{**records(path)[0], name: "x"}]), encoding="utf-8")
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert f"art-1.claims.jsonl:1: field '{name}' is reserved" in err
    path.write_text(original, encoding="utf-8")
    articles = dataset / "articles.csv"
    header, row = articles.read_text(encoding="utf-8").splitlines()
    articles.write_text(f"{header},{name}\n{row},x\n", encoding="utf-8")
    code, _, err = check(dataset, tmp_path / "out", capsys)
    assert code == 2
    assert f"articles.csv:1: '{name}' is reserved" in err
