"""Measure factlint against the schema checks users would otherwise run, side by side.

    python -m bench.run [--plan full|quick] [--keep DIR] [--repeat N]

Generates the datasets (`bench.generate`, seeded, contradictions planted at a known rate; not
timed) and measures, each in a process of its own (wall time, peak memory of that process):
- `factlint`: `factlint check` end to end (schema gate with both gates and every rule, both
  outputs written), with the recall of the planted contradictions from its findings.json;
- `gx`: Great Expectations on pandas running the project's suites only, fed the fastest way
  (tables read by Polars, list columns joined to strings, converted to pandas; all timed);
- `pandera`: the project's pandera models alone on the tables read by Polars;
- `gate`: factlint's loader and schema gate alone (no rules), the part that does what GX and
  pandera do;
- `floor`: plain Polars: scan the claims, one conflict group-by (agreements dated twice),
  and read and hash the article texts;
- `changed`: changed-data mode on a one-article change (text layout only: `--changed-since`
  reads git's view of the text files): the dataset is committed to a git repository of its
  own (hard links to the generated files; not timed), one article's text is edited, and
  `factlint check --changed-since HEAD` runs on it;
and once per run: extraction throughput (`bench.extract`) and rendering the report of 100,000
findings. Results go to `bench/results/latest.json` and `bench/RESULTS.md`.

`--plan full` is the issue's plan: 1M claims in the text layout, 1M and 10M in the columnar
one (`1m` and `10m` are its two halves, for runs merged with `--merge`). `quick` is 100k
claims in both, `tiny` 4,000, for a look in minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"
PLANS = {
    "full": [("text", 500_000), ("parquet", 500_000), ("parquet", 5_000_000)],
    "1m": [("text", 500_000), ("parquet", 500_000)],
    "10m": [("parquet", 5_000_000)],
    "quick": [("text", 50_000), ("parquet", 50_000)],
    "tiny": [("text", 2_000), ("parquet", 2_000)],
    "small": [("text", 2_000), ("text", 8_000)],
}
TOOLS = ("factlint", "gate", "gx", "pandera", "floor")
# Measured where the layout allows it, and shown on a line of their own.
EXTRA_TOOLS = ("changed",)
# A tool that has not finished by then is stopped and reported as such.
TIMEOUT = 3 * 3600


def measure(argv: list[str], timeout: float = TIMEOUT) -> dict[str, Any]:
    """Wall seconds, peak RSS (MiB) and exit code of one child process, and its last line."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        child = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                return {"wall_s": None, "timed_out": True, "peak_mib": usage.ru_maxrss / 1024}
            time.sleep(0.05)
        wall = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode("utf-8", "replace").strip()
    return {
        "wall_s": round(wall, 2),
        "peak_mib": round(usage.ru_maxrss / 1024, 1),
        "code": os.waitstatus_to_exitcode(status),
        "last": text.splitlines()[-1] if text else "",
    }


def tool_argv(tool: str, dataset: Path, output: Path) -> list[str]:
    if tool == "changed":
        return [
            *tool_argv("factlint", dataset, output),
            "--changed-since",
            "HEAD",
        ]
    if tool == "factlint":
        return [
            sys.executable,
            "-m",
            "factlint.cli",
            "check",
            "--datasets",
            str(dataset),
            "--output",
            str(output),
            "--quiet",
            "--no-extract",
        ]
    return [sys.executable, "-m", "bench.baselines", tool, str(dataset)]


def run_dataset(
    layout: str,
    articles: int,
    base: Path,
    repeat: int,
    tools: tuple[str, ...],
    timeout: float = TIMEOUT,
) -> dict[str, Any]:
    from bench.generate import score

    dataset = base / f"{layout}-{articles}"
    planted_path = base / f"{layout}-{articles}.planted.json"
    if not planted_path.exists():
        # In a process of its own: a child's peak memory counts its parent's at the fork, and
        # this process must stay small for the measurements to be the tools' own.
        shutil.rmtree(dataset, ignore_errors=True)
        started = time.perf_counter()
        generator = [sys.executable, "-m", "bench.generate", str(dataset)]
        generator += ["--articles", str(articles), "--layout", layout, "--seed", "0"]
        subprocess.run(generator, check=True)
        print(f"generated {dataset} in {time.perf_counter() - started:.0f}s", flush=True)
    planted = json.loads(planted_path.read_text(encoding="utf-8"))
    row: dict[str, Any] = {"layout": layout, "articles": articles, "claims": 2 * articles}
    for tool in tools:
        if tool == "changed" and layout != "text":
            continue  # --changed-since reads git's view of the text layout's files
        target = changed_copy(base, dataset) if tool == "changed" else dataset
        runs = []
        for _ in range(repeat if articles < 1_000_000 else 1):
            output = base / f"out-{layout}-{articles}" / tool
            result = measure(tool_argv(tool, target, output), timeout)
            runs.append(result)
            print(json.dumps({"dataset": dataset.name, "tool": tool, **result}), flush=True)
            if result.get("timed_out"):
                break
        walls = [r["wall_s"] for r in runs if r.get("wall_s") is not None]
        row[tool] = {
            "wall_s_median": round(statistics.median(walls), 2) if walls else None,
            "walls": walls,
            "peak_mib": max(r["peak_mib"] for r in runs),
            "timed_out": any(r.get("timed_out") for r in runs),
            "timeout": timeout,
            "last": runs[-1].get("last", ""),
        }
        if tool in ("factlint", "changed") and walls:
            outputs = base / f"out-{layout}-{articles}" / tool
            row[tool].update(_outputs(outputs, planted, score))
        if tool == "factlint" and walls:
            row["factlint"].update(rescore(dataset, timeout))
    gate, reference = row.get("gate", {}), row.get("gx", {})
    if gate.get("wall_s_median") and reference.get("wall_s_median"):
        row["gate_vs_gx"] = round(gate["wall_s_median"] / reference["wall_s_median"], 2)
    for other in ("gx", "pandera", "floor"):
        mine, theirs = row.get("factlint", {}), row.get(other, {})
        if mine.get("wall_s_median") and theirs.get("wall_s_median"):
            row[f"ratio_vs_{other}"] = round(mine["wall_s_median"] / theirs["wall_s_median"], 2)
    return row


def _outputs(output: Path, planted: dict[str, list[str]], score: Any) -> dict[str, Any]:
    import polars as pl

    document = json.loads((output / "findings.json").read_text(encoding="utf-8"))
    # findings.json lists the first ids of a long list (`id_list_limit`); the articles a
    # finding is about are also in its details (e.g. FL101's odd date and the articles
    # giving it), so a finding names every article id found in either.
    findings = pl.DataFrame(
        [
            {
                "code": f["code"],
                "message": f["message"],
                "article_ids": sorted({*(f.get("article_ids") or []), *_strings(f.get("details"))}),
            }
            for f in document["findings"]
        ],
        schema={"code": pl.String, "message": pl.String, "article_ids": pl.List(pl.String)},
    )
    scored = score(findings, planted)
    return {
        "findings": findings.height,
        "findings_json_mib": round((output / "findings.json").stat().st_size / 2**20, 2),
        "report_mib": round((output / "report.html").stat().st_size / 2**20, 2),
        "recall": scored["recall"],
        "stray_findings": scored["stray_count"],
    }


def rescore(dataset: Path, timeout: float = TIMEOUT) -> dict[str, Any]:
    """Recall and stray findings from the findings table with every id (`bench.baselines
    recall`, a run of its own, not timed): findings.json cuts a long id list, and a planted
    article past the cut would count as missed."""
    result = measure([sys.executable, "-m", "bench.baselines", "recall", str(dataset)], timeout)
    try:
        scored = json.loads(result.get("last") or "")
    except ValueError:
        return {"recall_error": str(result.get("last", ""))[:200]}
    return {"recall": scored["recall"], "stray_findings": scored["stray_findings"]}


def _strings(value: Any) -> list[str]:
    """Every string in a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def changed_copy(base: Path, dataset: Path) -> Path:
    """The dataset committed to a git repository of its own, with one article's text edited
    since the commit (made once per dataset, not timed). The files are hard links to the
    generated ones where the file system allows it; the edit replaces its file, never writes
    through a link."""
    repository = base / f"git-{dataset.name}"
    copy = repository / "data"
    if not (repository / ".git").is_dir():
        shutil.rmtree(repository, ignore_errors=True)
        repository.mkdir(parents=True)
        linked = subprocess.run(["cp", "-al", str(dataset), str(copy)], check=False)
        if linked.returncode:
            shutil.copytree(dataset, copy)
        # No automatic gc: packing 500,000 objects in the background would run beside the
        # measurements.
        git = ["git", "-C", str(repository), "-c", "user.name=bench", "-c", "gc.auto=0"]
        git += ["-c", "user.email=bench@example.invalid"]
        subprocess.run(["git", "init", "-q", str(repository)], check=True)
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "commit", "-q", "-m", "generated dataset"], check=True)
    # The middle article's text gains a sentence: its stored hash no longer matches (FL005),
    # and every rule of its blocks runs again.
    import polars as pl

    ids = pl.read_csv(copy / "articles.csv", columns=["article_id"]).get_column("article_id")
    article = copy / "articles" / f"{ids[len(ids) // 2]}.txt"
    committed = subprocess.run(
        ["git", "-C", str(repository), "show", f"HEAD:data/articles/{article.name}"],
        check=True,
        capture_output=True,
    ).stdout
    edited = article.with_name(article.name + ".edited")
    edited.write_bytes(committed + " وصرح مصدر مسؤول بأن الاتفاقية دخلت حيز التنفيذ.".encode())
    edited.replace(article)
    return copy


def once() -> dict[str, Any]:
    """Extraction throughput and report rendering, once per run."""
    extra: dict[str, Any] = {}
    # bench.extract writes its own results file, which is its author's record: kept as it was.
    saved = RESULTS / "extract.json"
    before = saved.read_bytes() if saved.exists() else None
    extract = measure([sys.executable, "-m", "bench.extract", "--articles", "300"], 3600)
    if saved.exists():
        figures = json.loads(saved.read_text(encoding="utf-8"))
        extract["last"] = (
            f"{figures.get('articles_per_second')} articles/s, "
            f"{figures.get('kb_per_second')} KB/s ({figures.get('articles')} articles)"
        )
    if before is not None:
        saved.write_bytes(before)
    extra["extract"] = extract
    report = measure([sys.executable, "-m", "bench.baselines", "report", "100000"], 3600)
    extra["report_100k_findings"] = report
    return extra


def versions() -> dict[str, str]:
    from importlib.metadata import version

    names = ("polars", "pyarrow", "pandas", "pandera", "great_expectations", "numpy")
    found = {name: version(name) for name in names}
    found["python"] = platform.python_version()
    return found


def machine() -> dict[str, Any]:
    memory = 0
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            memory = int(handle.readline().split()[1]) // 1024
    except OSError:
        pass
    return {
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "memory_mib": memory,
        "load_at_start": os.getloadavg(),
    }


def write_markdown(document: dict[str, Any], path: Path) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Written by `python -m bench.run --plan {document['plan']}` on {document['date']}.",
        "",
        f"Machine: {document['machine']['platform']}, {document['machine']['cpus']} cores, "
        f"{document['machine']['memory_mib']} MiB; load average at start "
        f"{', '.join(f'{x:.1f}' for x in document['machine']['load_at_start'])} "
        "(other engineers' test runs share the machine).",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in document["versions"].items()) + ".",
        "",
        "Wall seconds (median of the runs), peak memory of the process in MiB. Recall and "
        "stray findings are scored on the findings table with every id (`python -m "
        "bench.baselines recall`, untimed): findings.json lists the first 100 ids of a list.",
        "",
        "| layout | claims | factlint check | factlint load + schema gate | GX on pandas "
        "(suites only) | pandera alone | Polars floor | check / GX | gate / GX | check / pandera "
        "| recall | stray findings | findings.json |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ]
    for row in document["rows"]:
        cells = []
        for tool in TOOLS:
            result = row.get(tool) or {}
            if result.get("timed_out"):
                cells.append(f"stopped after {result.get('timeout', TIMEOUT):.0f} s")
            elif not result:
                cells.append("not measured")
            elif result.get("wall_s_median") is None:
                cells.append("failed: " + str(result.get("last", ""))[:60])
            else:
                cells.append(f"{result['wall_s_median']} s, {result['peak_mib']:.0f} MiB")
        mine = row.get("factlint") or {}
        recall = mine.get("recall") or {}
        lines.append(
            f"| {row['layout']} | {row['claims']:,} | "
            + " | ".join(cells)
            + f" | {row.get('ratio_vs_gx', '-')} | {row.get('gate_vs_gx', '-')} "
            + f"| {row.get('ratio_vs_pandera', '-')} | "
            + (", ".join(f"{k} {v:.2f}" for k, v in recall.items()) or "-")
            + f" | {mine.get('stray_findings', '-')} | {mine.get('findings_json_mib', '-')} MiB |"
        )
    profiled = [row for row in document["rows"] if (row.get("stages") or {}).get("last")]
    if profiled:
        lines += [
            "",
            "Where `factlint check`'s time goes (seconds per stage over 0.5 s) and which stages "
            "raised its peak memory (MiB added, over 100), from `python -m bench.baselines "
            "stages` in its own process:",
            "",
        ]
        for row in profiled:
            lines.append(f"- {row['layout']}, {row['claims']:,} claims: {_stages(row['stages'])}")
    extra = document.get("once") or {}
    if extra:
        lines += ["", "Once per run:", ""]
        for name, result in extra.items():
            lines.append(f"- {name}: {result.get('wall_s')} s, {result.get('last', '')}")
    changed = [row for row in document["rows"] if (row.get("changed") or {}).get("walls")]
    lines += [
        "",
        "Changed-data mode (`factlint check --changed-since HEAD`, one article's text edited "
        "since the commit; text layout only):",
        "",
    ]
    for row in changed:
        mine, full = row["changed"], row.get("factlint") or {}
        ratio = (
            f", {mine['wall_s_median'] / full['wall_s_median']:.2f} of the full check's time"
            if full.get("wall_s_median")
            else ""
        )
        lines.append(
            f"- {row['layout']}, {row['claims']:,} claims: {mine['wall_s_median']} s, "
            f"{mine['peak_mib']:.0f} MiB{ratio}; {mine.get('findings', '-')} finding(s)"
        )
    if not changed:
        lines.append("- not measured in this run")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _stages(result: dict[str, Any]) -> str:
    """One line of the stage profile: seconds, then the peak memory each stage added."""
    try:
        profile = json.loads(result["last"])
    except ValueError:
        return str(result["last"])
    if "seconds" not in profile:  # an earlier run's seconds alone
        return json.dumps(profile)
    seconds = ", ".join(f"{k} {v}" for k, v in profile["seconds"].items()) or "no stage over 0.5 s"
    raised = ", ".join(f"{k} +{v:.0f}" for k, v in profile["peak_raised_mib"].items()) or "-"
    return (
        f"{seconds}; peak {profile['peak_mib']:.0f} MiB ({result['wall_s_median']} s in all), "
        f"raised by: {raised}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plan", choices=sorted(PLANS), default="full")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="keep datasets under DIR")
    parser.add_argument(
        "--tools",
        nargs="+",
        choices=(*TOOLS, *EXTRA_TOOLS, "stages"),
        default=[*TOOLS, *EXTRA_TOOLS],
    )
    parser.add_argument("--no-once", action="store_true", help="skip extraction and report")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per tool run")
    parser.add_argument(
        "--merge",
        action="store_true",
        help="add these tools' results to the rows of bench/results/latest.json",
    )
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="factlint-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    document: dict[str, Any] = {
        "plan": args.plan,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine(),
        "versions": versions(),
        "rows": [],
        "timeout": args.timeout,
    }
    if args.merge and (RESULTS / "latest.json").exists():
        earlier = json.loads((RESULTS / "latest.json").read_text(encoding="utf-8"))
        document["rows"] = earlier.get("rows", [])
        document["once"] = earlier.get("once", {})
        document["plan"] = f"{earlier.get('plan')} + {args.plan}"
    for layout, articles in PLANS[args.plan]:
        row = run_dataset(layout, articles, base, args.repeat, tuple(args.tools), args.timeout)
        if args.merge:
            row = _merged(row)
        document["rows"] = [
            r for r in document["rows"] if (r["layout"], r["articles"]) != (layout, articles)
        ]
        document["rows"].append(row)
        _save(document)
    if not args.no_once:
        document["once"] = once()
    document["rows"].sort(key=lambda r: (r["layout"] != "text", r["articles"]))
    _save(document)
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)


def _merged(row: dict[str, Any]) -> dict[str, Any]:
    """`row` added to the earlier results for the same dataset (other tools measured then)."""
    path = RESULTS / "latest.json"
    earlier = json.loads(path.read_text(encoding="utf-8")).get("rows", []) if path.exists() else []
    for old in earlier:
        if (old["layout"], old["articles"]) == (row["layout"], row["articles"]):
            combined = {**old, **row}
            for other in ("gx", "pandera", "floor"):
                mine, theirs = combined.get("factlint", {}), combined.get(other, {})
                if mine.get("wall_s_median") and theirs.get("wall_s_median"):
                    ratio = mine["wall_s_median"] / theirs["wall_s_median"]
                    combined[f"ratio_vs_{other}"] = round(ratio, 2)
            gate, reference = combined.get("gate", {}), combined.get("gx", {})
            if gate.get("wall_s_median") and reference.get("wall_s_median"):
                combined["gate_vs_gx"] = round(
                    gate["wall_s_median"] / reference["wall_s_median"], 2
                )
            return combined
    return row


def _save(document: dict[str, Any]) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    write_markdown(document, Path(__file__).parent / "RESULTS.md")


if __name__ == "__main__":
    main()
