"""What a long `factlint check` shows on a terminal while it runs: the stage it is in (load,
rows of record, schema gate, each rule family, outputs) with the time spent, and a bar while
articles are extracted.

It is drawn with rich on standard error and disappears when the run ends, so it is never part
of what the run prints or writes (the JSON on standard output, findings.json). It stays off
where nobody watches: when standard error is not a terminal, and in CI (the `CI` variable set,
as every CI service does), where a redrawn line only fills the log.
"""

from __future__ import annotations

import os
from typing import IO, Any

__all__ = ["RunProgress", "rule_family", "run_progress"]


def rule_family(module: str) -> str:
    """A rule's family from its module: `checks.dates.fl101_…` is `dates`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else parts[0]


def run_progress(quiet: bool, stream: IO[str] | None = None) -> RunProgress | None:
    """The progress display for a run, or None when it should stay quiet: `quiet` asked for,
    `stream` (standard error) not a terminal, or a CI run."""
    import sys

    stream = stream if stream is not None else sys.stderr
    if quiet or os.environ.get("CI") or not _is_terminal(stream):
        return None
    return RunProgress(stream)


def _is_terminal(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


class RunProgress:
    """One transient line on `stream`: a spinner, the stage and the time spent in it; a bar
    under it while articles are extracted. Use as a context manager around the run."""

    def __init__(self, stream: IO[str]) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[count]}"),
            TimeElapsedColumn(),
            console=Console(file=stream),
            transient=True,
        )
        self._task: Any = None
        self._bar: Any = None

    def __enter__(self) -> RunProgress:
        self._progress.start()
        self._task = self._progress.add_task("starting", total=None, count="")
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.stop()

    def stage(self, name: str) -> None:
        """The run has moved on to `name`: the line shows it, timed from now."""
        self._progress.reset(self._task, description=name, total=None, count="")

    def extraction(self, done: int, total: int) -> None:
        """Articles extracted so far (the pipeline's `progress` callback)."""
        if self._bar is None:
            self._bar = self._progress.add_task("extracting articles", total=total, count="")
        self._progress.update(self._bar, completed=done, total=total, count=f"{done}/{total}")
        if done >= total:
            self._progress.remove_task(self._bar)
            self._bar = None
