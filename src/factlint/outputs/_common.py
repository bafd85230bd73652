"""What every writer shares: the run's context, severities, and where a finding is in the files."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import polars as pl

from factlint.errors import ConfigError, display_path, is_utf8_path
from factlint.findings import ID_LIST_LIMIT, Severity, cap_id_lists

__all__ = [
    "Location",
    "OutputContext",
    "check_output_folder",
    "id_text",
    "locations",
    "reaches",
    "shown_findings",
]


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


def shown_findings(result: object, limit: int = ID_LIST_LIMIT) -> pl.DataFrame:
    """A run's findings as the writers show them: id lists cut to `limit` with their totals
    (`factlint.findings.cap_id_lists`)."""
    return cap_id_lists(result.findings, limit)  # type: ignore[attr-defined]


def id_text(ids: Iterable[str], total: int | None = None, separator: str = ",") -> str:
    """Ids joined for a one-line output, saying how many more the finding has."""
    shown = list(ids or ())
    text = separator.join(shown)
    if total is not None and total > len(shown):
        text += f"{separator}… ({total - len(shown):,} more, {total:,} in all)"
    return text


_TABLES = (("claims", "claim_id", "claim_ids"), ("mentions", "mention_id", "mention_ids"))
_TABLES += (("articles", "article_id", "article_ids"),)


class LocationIndex:
    """Where each claim, mention and article row a finding names is: looked up once, in
    Polars, for the ids the findings name (not for every row of a table of millions)."""

    def __init__(
        self,
        frames: Mapping[str, pl.DataFrame],
        root: Path,
        base: Path,
        findings: pl.DataFrame | None = None,
    ) -> None:
        self._where: dict[tuple[str, str], Location] = {}
        for table, id_column, id_list in _TABLES:
            frame = frames.get(table)
            if frame is None or not {"source_file", "source_line", id_column} <= set(frame.columns):
                continue
            rows = frame.select(id_column, "source_file", "source_line")
            if findings is not None:
                if id_list not in findings.columns:
                    continue
                named = findings.get_column(id_list).explode().drop_nulls().unique()
                rows = rows.filter(pl.col(id_column).is_in(named.implode()))
            # The first row of an id in file order, as a loop keeping the first would.
            rows = rows.drop_nulls().unique(id_column, keep="first", maintain_order=True)
            uris: dict[str, str] = {}
            for key, source, line in rows.iter_rows():
                uri = uris.get(source)
                if uri is None:
                    uri = uris[source] = _uri(root, source, base)
                self._where[(table, key)] = Location(uri, int(line), 1, f"{table} row")

    def of(
        self, claim_ids: Iterable[str], mention_ids: Iterable[str], article_ids: Iterable[str]
    ) -> list[Location]:
        """The rows a finding is about: its claims, then its mentions, then its articles."""
        found: list[Location] = []
        seen: set[Location] = set()
        for table, ids in (
            ("claims", claim_ids),
            ("mentions", mention_ids),
            ("articles", article_ids),
        ):
            for key in ids or ():
                where = self._where.get((table, key))
                if where is not None and where not in seen:
                    seen.add(where)
                    found.append(where)
        return found


def locations(
    result: object, context: OutputContext, findings: pl.DataFrame | None = None
) -> LocationIndex:
    """The location index of the rows `findings` (default: the run's, as `shown_findings`
    gives them) name."""
    dataset = result.dataset  # type: ignore[attr-defined]
    named = findings if findings is not None else shown_findings(result)
    return LocationIndex(dataset.frames, Path(dataset.root), context.base, named)
