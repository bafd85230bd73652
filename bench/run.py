"""Time and measure `factlint check` on synthetic datasets of growing size.

    python -m bench.run [--sizes 1000 10000 100000] [--keep DIR]

For each size: generate the dataset (not timed), then run the real command line in a
subprocess, several times, and report wall time and peak memory (ru_maxrss of the child).
Results go to stdout as a table and to `bench/results/latest.json`.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import generate

RESULTS = Path(__file__).parent / "results"


def measure(dataset: Path, output: Path, extra: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MiB and exit code of one `factlint check` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "factlint.cli",
            "check",
            "--datasets",
            str(dataset),
            "--output",
            str(output),
            "--quiet",
            *extra,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode not in (0, 1):
        raise SystemExit(f"factlint failed ({proc.returncode}): {proc.stderr.strip()}")
    # ru_maxrss of children is the max over all children so far: fine for growing sizes.
    return wall, max(peak, before) / 1024, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="keep datasets under DIR")
    parser.add_argument("--no-expectations", action="store_true")
    args = parser.parse_args()
    extra = ["--no-expectations"] if args.no_expectations else []
    base = args.keep or Path(tempfile.mkdtemp(prefix="factlint-bench-"))
    rows = []
    for size in args.sizes:
        dataset = base / f"articles-{size}"
        if not dataset.exists():
            generate(dataset, size)
        walls, peak = [], 0.0
        for _ in range(args.repeat):
            wall, peak, _code = measure(dataset, base / f"out-{size}", extra)
            walls.append(wall)
        row = {
            "articles": size,
            "claims": 2 * size,
            "mentions": 3 * size,
            "wall_s_median": round(statistics.median(walls), 3),
            "wall_s_min": round(min(walls), 3),
            "peak_rss_mib": round(peak, 1),
            "expectations": not args.no_expectations,
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(
        json.dumps(
            {"machine": platform.platform(), "python": platform.python_version(), "runs": rows},
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    if args.keep is None:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
