"""Microbenchmark of `factlint.sources.source_groups_frame` on the calls a real check makes.

  python -m bench.sources capture ROOT OUT_DIR   # run FL101 and FL102 on ROOT, keep each call's
                                                 # members (and the articles) as Parquet
  python -m bench.sources time OUT_DIR [--repeat N] [--check REF_DIR] [--save REF_DIR]
                                 [--module FILE]  # another version of sources.py, e.g. from
                                 # git show HEAD~1:src/factlint/sources.py > /tmp/old.py

`time` calls `source_groups_frame` on each captured call (`exact_up_to` as captured) and prints
wall and CPU seconds (medians of the repeats; CPU time, of every thread, is the steadier figure
on a shared machine) and the process's peak memory; `--save` writes the groups and
edges, `--check` compares them with ones saved before (groups identical; edges identical as
sets, as `with_evidence` sorts them before use).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType

import polars as pl

from factlint import sources


def _module(path: str | None) -> ModuleType:
    """`factlint.sources`, or another version of it from a file (to compare two versions)."""
    if path is None:
        return sources
    spec = importlib.util.spec_from_file_location("sources_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def capture(root: str, out: str) -> None:
    """Run FL101 and FL102 on `root` and keep the inputs of each `source_groups_frame` call."""
    import checks.dates._events as events
    from factlint.config import Config
    from factlint.pipeline import run

    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    calls: list[dict[str, object]] = []
    original = events.source_groups_frame

    def wrapped(members, articles, *, exact_up_to=None):
        n = len(calls)
        members.write_parquet(target / f"members-{n}.parquet")
        if n == 0:
            articles.select("article_id", "text", "outlet").collect().write_parquet(
                target / "articles.parquet"
            )
        started = time.perf_counter()
        result = original(members, articles, exact_up_to=exact_up_to)
        calls.append(
            {"exact_up_to": exact_up_to, "seconds": round(time.perf_counter() - started, 2)}
        )
        return result

    events.source_groups_frame = wrapped
    try:
        run(root, config=Config(select=("FL101", "FL102")), extract=False)
    finally:
        events.source_groups_frame = original
    (target / "calls.json").write_text(json.dumps(calls, indent=1))
    print(json.dumps(calls))


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _same(a: pl.DataFrame, b: pl.DataFrame) -> bool:
    if a.columns != b.columns or a.height != b.height:
        return False
    return a.sort(a.columns).equals(b.sort(b.columns))


def time_calls(
    directory: str, repeat: int, check: str | None, save: str | None, module: str | None
) -> None:
    """Time each captured call; compare with or save reference outputs."""
    under_test = _module(module)
    where = Path(directory)
    calls = json.loads((where / "calls.json").read_text())
    articles = pl.read_parquet(where / "articles.parquet")
    ok = True
    for n, call in enumerate(calls):
        members = pl.read_parquet(where / f"members-{n}.parquet")
        seconds, cpu = [], []
        for _ in range(repeat):
            started, busy = time.perf_counter(), time.process_time()
            groups, edges = under_test.source_groups_frame(
                members, articles.lazy(), exact_up_to=call["exact_up_to"]
            )
            seconds.append(time.perf_counter() - started)
            cpu.append(time.process_time() - busy)
        line = {
            "call": n,
            "members": members.height,
            "scopes": members.get_column("scope").n_unique(),
            "seconds": round(statistics.median(seconds), 3),
            "runs": [round(s, 3) for s in seconds],
            "cpu_seconds": round(statistics.median(cpu), 3),
            "groups": groups.height,
            "edges": edges.height,
            "peak_mib": round(_peak_mib()),
        }
        if save:
            Path(save).mkdir(parents=True, exist_ok=True)
            groups.write_parquet(Path(save) / f"groups-{n}.parquet")
            edges.write_parquet(Path(save) / f"edges-{n}.parquet")
        if check:
            same_groups = _same(groups, pl.read_parquet(Path(check) / f"groups-{n}.parquet"))
            same_edges = _same(edges, pl.read_parquet(Path(check) / f"edges-{n}.parquet"))
            line["same_groups"], line["same_edges"] = same_groups, same_edges
            ok = ok and same_groups and same_edges
        print(json.dumps(line), flush=True)
    if not ok:
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    cap = sub.add_parser("capture")
    cap.add_argument("root")
    cap.add_argument("out")
    tim = sub.add_parser("time")
    tim.add_argument("directory")
    tim.add_argument("--repeat", type=int, default=3)
    tim.add_argument("--check")
    tim.add_argument("--save")
    tim.add_argument("--module")
    args = parser.parse_args()
    if args.command == "capture":
        capture(args.root, args.out)
    else:
        time_calls(args.directory, args.repeat, args.check, args.save, args.module)


if __name__ == "__main__":
    main()
