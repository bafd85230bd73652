"""What every writer shares: the run's context, severities, and where a finding is in the files."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import polars as pl

from factlint.errors import ConfigError, display_path, is_utf8_path
from factlint.findings import Severity

__all__ = ["Location", "OutputContext", "check_output_folder", "locations", "reaches"]


@dataclass(frozen=True)
class OutputContext:
    """What a writer needs besides the run: versions, time, where paths are relative to."""

    version: str = "0.1.0"
    fail_on: str = "error"
    generated_at: str = field(
        default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds")
    )
    # File URIs in SARIF and annotations are relative to this folder (the repository root
    # when run from it, as in CI), so review tools find the dataset's files.
    base: Path = field(default_factory=Path.cwd)
    colour: bool = False


@dataclass(frozen=True)
class Location:
    """A row in a dataset file: the file (relative to the context's base), line and column."""

    uri: str
    line: int
    column: int = 1
    what: str = ""


def check_output_folder(folder: Path) -> None:
    """Refuse, before any work, an output folder whose name the run could not print."""
    if not is_utf8_path(folder):
        raise ConfigError(
            f"--output {display_path(folder)}: the name is not valid UTF-8, so the summary "
            "could not name it; choose another folder"
        )


def reaches(severity: str, fail_on: str) -> bool:
    try:
        return Severity(severity).rank >= Severity(fail_on).rank
    except ValueError:
        return False


def _uri(root: Path, source_file: str, base: Path) -> str:
    path = Path(os.path.abspath(root / source_file))
    try:
        return PurePosixPath(path.relative_to(Path(os.path.abspath(base)))).as_posix()
    except ValueError:
        return path.as_uri()


class LocationIndex:
    """Where each claim, mention and article row is: built once from the loaded frames."""

    def __init__(self, frames: dict[str, pl.DataFrame], root: Path, base: Path) -> None:
        self._where: dict[tuple[str, str], Location] = {}
        for table, id_column in (
            ("claims", "claim_id"),
            ("mentions", "mention_id"),
            ("articles", "article_id"),
        ):
            frame = frames.get(table)
            if frame is None or not {"source_file", "source_line", id_column} <= set(frame.columns):
                continue
            rows = frame.select(id_column, "source_file", "source_line").drop_nulls()
            for key, source, line in rows.iter_rows():
                self._where.setdefault(
                    (table, key), Location(_uri(root, source, base), int(line), 1, f"{table} row")
                )

    def of(
        self, claim_ids: Iterable[str], mention_ids: Iterable[str], article_ids: Iterable[str]
    ) -> list[Location]:
        """The rows a finding is about: its claims, then its mentions, then its articles."""
        found: list[Location] = []
        for table, ids in (
            ("claims", claim_ids),
            ("mentions", mention_ids),
            ("articles", article_ids),
        ):
            for key in ids or ():
                where = self._where.get((table, key))
                if where is not None and where not in found:
                    found.append(where)
        return found


def locations(result: object, context: OutputContext) -> LocationIndex:
    """The location index of a run's dataset."""
    dataset = result.dataset  # type: ignore[attr-defined]
    return LocationIndex(dataset.frames, Path(dataset.root), context.base)
