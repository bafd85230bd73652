"""What `bench.run` compares factlint with, one per process: `python -m bench.baselines TOOL ROOT`.

- `gx`: Great Expectations on pandas, the project's suites only, fed the fastest way: the
  tables read by Polars (JSON Lines with their schema, Parquet as it is, CSV as text), list
  columns joined to `a,b` strings, converted to pandas, validated with the SUMMARY result
  format (counts and a few examples, as factlint's findings keep). Everything is timed.
- `pandera`: the project's pandera models, on the same Polars frames.
- `floor`: what any check of this data must at least do, in plain Polars: scan the claims,
  one conflict group-by (agreements whose signing has more than one date), and read and hash
  the article texts (one thread, plain file reads).
- `gate`: factlint's own loader and schema gate (pandera and the suites on the Polars
  engine), without the rules: the part of `factlint check` that does what GX and pandera do.
- `stages`: where `factlint check`'s time goes, stage by stage (load, rows of record, schema
  gate, each rule, the outputs; those taking over half a second), and how many MiB each stage
  added to the peak memory (those adding over 100), as one JSON line.
- `recall`: the planted contradictions factlint finds, scored on the findings table with
  every id (findings.json lists the first 100 ids of a list), untimed.
- `report N`: render the HTML report of N synthetic findings.

Each prints one line: what it found, so that a run that checked nothing shows.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import polars as pl

from factlint.layout import CSV_TABLES, JSONL_TABLES, TableSpec


def read_tables(root: Path) -> dict[str, pl.DataFrame]:
    """Every table as plain Polars reads it (no checks, no line numbers)."""
    frames: dict[str, pl.DataFrame] = {}
    for spec in CSV_TABLES:
        if (root / spec.parquet_path).exists():
            frame = pl.read_parquet(root / spec.parquet_path)
            frames[spec.name] = frame.drop("text", "file_status", "file_sha256", strict=False)
        elif (root / spec.path).exists():
            frames[spec.name] = pl.read_csv(root / spec.path, infer_schema=False)
    for spec in JSONL_TABLES:
        frames[spec.name] = _rows(root, spec)
    return frames


def _rows(root: Path, spec: TableSpec) -> pl.DataFrame:
    folder, pattern = spec.path.split("/", 1)
    parquet = sorted((root / folder).glob(pattern.replace(".jsonl", ".parquet")))
    if parquet:
        frame = pl.read_parquet(parquet)
        absent = [
            pl.lit(None, dtype).alias(c)
            for c, dtype in spec.columns.items()
            if c not in frame.columns
        ]
        return frame.with_columns(absent).select(list(spec.columns))
    files = sorted((root / folder).glob(pattern))
    return pl.concat([pl.read_ndjson(f, schema=spec.columns) for f in files])


def gx(root: Path) -> str:
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import (
        ExpectationConfiguration,
    )

    from schemas import SUITES_DIR

    frames = read_tables(root)
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    source = context.data_sources.add_pandas(name="bench")
    failed = checked = 0
    for path in sorted(SUITES_DIR.glob("*.json")):
        suite_spec = json.loads(path.read_text(encoding="utf-8"))
        frame = frames[suite_spec["meta"]["table"]]
        joined = {
            name: pl.col(name).list.join(",")
            for name, dtype in frame.schema.items()
            if isinstance(dtype, pl.List)
        }
        pdf = frame.with_columns(**joined).to_pandas()
        expectations = [
            ExpectationConfiguration(type=e["type"], kwargs=e["kwargs"]).to_domain_obj()
            for e in suite_spec["expectations"]
        ]
        suite = gx.ExpectationSuite(name=path.stem, expectations=expectations)
        batch = (
            source.add_dataframe_asset(name=path.stem)
            .add_batch_definition_whole_dataframe("all")
            .get_batch(batch_parameters={"dataframe": pdf})
        )
        results = batch.validate(suite, result_format="SUMMARY").results
        checked += len(results)
        failed += sum(not r.success for r in results)
    return f"gx: {checked} expectations, {failed} failed"


def pandera(root: Path) -> str:
    from pandera.errors import SchemaErrors

    from schemas import MODELS

    frames = read_tables(root)
    failures = 0
    for table, model in MODELS.items():
        try:
            model.validate(frames[table], lazy=True)
        except SchemaErrors as exc:
            failures += exc.failure_cases.height
    return f"pandera: {len(MODELS)} tables, {failures} failure cases"


def floor(root: Path) -> str:
    folder, pattern = JSONL_TABLES[1].path.split("/", 1)
    parquet = sorted((root / folder).glob(pattern.replace(".jsonl", ".parquet")))
    if parquet:
        claims = pl.scan_parquet(parquet)
    else:
        claims = pl.scan_ndjson(
            sorted((root / folder).glob(pattern)), schema=JSONL_TABLES[1].columns
        )
    conflicts = (
        claims.filter(pl.col("kind") == "event")
        .group_by("event_type", "agreement")
        .agg(pl.col("date").n_unique().alias("dates"))
        .filter(pl.col("dates") > 1)
        .collect()
    )
    if (root / "articles.parquet").exists():
        texts = pl.read_parquet(root / "articles.parquet", columns=["text"]).get_column("text")
        hashed = sum(1 for t in texts.to_list() if hashlib.sha256(t.encode()).digest())
    else:
        ids = pl.read_csv(root / "articles.csv", columns=["article_id"]).get_column("article_id")
        folder = f"{root}/articles/"
        # One thread: the reads of small cached files hold the interpreter lock between the
        # system calls, and a pool only takes turns at it (28 s on eight threads at 500,000
        # files, against 8 s on one: factlint.formats.articles).
        hashed = 0
        for article_id in ids.to_list():
            with open(f"{folder}{article_id}.txt", "rb") as handle:
                hashed += bool(hashlib.sha256(handle.read()).digest())
    return f"floor: {conflicts.height} conflicting agreements, {hashed} texts hashed"


def gate(root: Path) -> str:
    from factlint.dataset import load_dataset
    from factlint.schema_gate import run_expectations, run_pandera
    from schemas import SUITES_DIR

    dataset = load_dataset(root)
    found = pl.concat([run_pandera(dataset.frames), run_expectations(dataset.frames, SUITES_DIR)])
    rows = sum(frame.height for frame in dataset.frames.values())
    return f"gate: {rows} rows loaded, {found.height} schema findings"


def stages(root: Path) -> str:
    import time

    from factlint.config import Config
    from factlint.outputs import OutputContext, render
    from factlint.pipeline import run

    # What `factlint check --no-extract` does, stage by stage: factlint.run's own timers, the
    # two outputs check writes, and how much each stage raised the process's peak memory.
    raised: dict[str, float] = {}
    current = {"stage": "start", "peak": _peak_mib()}

    def heard(name: str) -> None:
        peak = _peak_mib()
        if peak - current["peak"] > 100:
            raised[str(current["stage"])] = round(peak - current["peak"])
        current.update(stage=name, peak=peak)

    result = run(root, config=Config(), extract=False, stage=heard)
    heard("outputs")
    timings = {
        k.removeprefix("check "): v
        for k, v in result.timings.items()
        if k not in ("checks", "total")
    }
    started = time.perf_counter()
    context = OutputContext()
    for name in ("html", "json"):
        render(name, result, context)
    timings["outputs"] = time.perf_counter() - started
    heard("end")
    slow = {k: round(v, 1) for k, v in sorted(timings.items(), key=lambda kv: -kv[1]) if v > 0.5}
    return json.dumps({"seconds": slow, "peak_raised_mib": raised, "peak_mib": round(_peak_mib())})


def _peak_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def recall(root: Path) -> str:
    """The planted contradictions found, scored on the findings table with every id (the
    written findings.json lists the first ids of a long list), as one JSON line."""
    from bench.generate import score
    from factlint.config import Config
    from factlint.pipeline import run

    planted = json.loads(root.with_name(root.name + ".planted.json").read_text(encoding="utf-8"))
    findings = run(root, config=Config(), extract=False).findings
    scored = score(findings.select("code", "message", "article_ids"), planted)
    return json.dumps(
        {
            "recall": scored["recall"],
            "stray_findings": scored["stray_count"],
            "findings": findings.height,
        }
    )


def report(count: int) -> str:
    from factlint.findings import finalize_findings
    from factlint.report import render_report

    rows = pl.DataFrame(
        {
            "message": [
                f"finding {i}: a value differs from the other articles" for i in range(count)
            ],
            "article_ids": [[f"art-{i}", f"art-{i + 1}"] for i in range(count)],
            "key": [str(i) for i in range(count)],
        }
    )
    findings = finalize_findings(rows, code="FL101", name="x", severity="warning", source="rule")
    html = render_report(findings, dataset="bench", factlint_version="bench")
    return f"report: {count} findings, {len(html) / 2**20:.1f} MiB of HTML"


def main() -> None:
    tool, argument = sys.argv[1], sys.argv[2]
    if tool == "report":
        print(report(int(argument)))
        return
    tools = {
        "gx": gx,
        "pandera": pandera,
        "floor": floor,
        "gate": gate,
        "stages": stages,
        "recall": recall,
    }
    print(tools[tool](Path(argument)))


if __name__ == "__main__":
    main()
