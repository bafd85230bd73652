"""Changed-data mode: which part of a dataset a change touches, and the blocks it takes part in.

`factlint check --changed-since REF` compares the dataset folder with git revision `REF`
(committed, staged, unstaged and untracked changes alike). The articles a change touches are
those whose row in `articles.csv`, text file, or mentions and claims files (curated or
extracted) differ, on either side of the change. Every rule declares its block
(`factlint.rules.BLOCKS`), and a rule's findings on a dataset are the union of its findings on
the blocks (`tests/test_blocks.py`); so the run gives each rule the rows of the blocks the
touched articles take part in, across the whole dataset: every claim of an event (type and
agreement, `factlint.identity.event_block`), agreement or entity that a touched claim or
mention names, before or after the change. A new article that contradicts an old one is
compared with it.

A change to the reference tables, to a Parquet table (the columnar layout's `articles.parquet`,
`claims/*.parquet`, which are not compared row by row) or anything git cannot say touches
everything: the run is then a full run, and says so.
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import polars as pl

from factlint.dataset import Dataset
from factlint.errors import ConfigError, display_path
from factlint.identity import event_block

__all__ = ["ChangeSet", "Scope", "changed_since", "restrict", "scope_of"]

_ROW_FILES = ("claims", "extracted")
_KINDS = (".mentions.jsonl", ".claims.jsonl")


@dataclass(frozen=True)
class ChangeSet:
    """What changed in a dataset folder since a git revision."""

    ref: str
    files: tuple[str, ...]
    article_ids: frozenset[str]
    full: bool = False
    reason: str = ""
    # Rows of touched files as they were at `ref`: their block keys count as touched too
    # (removing a claim can change what its event's other claims are compared with).
    old_claims: pl.DataFrame = field(default_factory=pl.DataFrame)
    old_mentions: pl.DataFrame = field(default_factory=pl.DataFrame)


@dataclass(frozen=True)
class Scope:
    """The blocks a change touches: the keys each kind of rule is restricted to."""

    article_ids: frozenset[str]
    event_blocks: frozenset[str]
    agreements: frozenset[str]
    entities: frozenset[str]
    persons: frozenset[str]
    full: bool = False

    def summary(self) -> dict[str, int | bool]:
        return {
            "articles": len(self.article_ids),
            "events": len(self.event_blocks),
            "agreements": len(self.agreements),
            "entities": len(self.entities | self.persons),
            "full": self.full,
        }


def _git(folder: Path, *args: str, binary: bool = False) -> str | bytes:
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), *args],
            capture_output=True,
            check=False,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConfigError(f"--changed-since needs git: {exc}") from None
    if done.returncode != 0:
        problem = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConfigError(
            f"--changed-since: git {' '.join(args[:2])} failed in {display_path(folder)}: "
            f"{problem[-1] if problem else 'exit ' + str(done.returncode)}"
        )
    return done.stdout if binary else done.stdout.decode("utf-8", "surrogateescape")


def changed_since(datasets_dir: Path, ref: str) -> ChangeSet:
    """The files and articles of `datasets_dir` that differ from git revision `ref`."""
    folder = datasets_dir.resolve()
    top = Path(str(_git(folder, "rev-parse", "--show-toplevel")).strip())
    _git(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    prefix = PurePosixPath(folder.relative_to(top.resolve()).as_posix())
    spec = "." if str(prefix) == "." else str(prefix)
    listed = str(_git(top, "diff", "--name-only", "--no-renames", "-z", ref, "--", spec)).split(
        "\0"
    )
    untracked = str(
        _git(top, "ls-files", "--others", "--exclude-standard", "-z", "--", spec)
    ).split("\0")
    files = sorted({f for f in (*listed, *untracked) if f})
    relative = [str(PurePosixPath(f).relative_to(prefix)) if spec != "." else f for f in files]
    articles: set[str] = set()
    old_rows: dict[str, list[pl.DataFrame]] = {"claims": [], "mentions": []}
    full_reason = ""
    for path, rel in zip(files, relative, strict=True):
        parts = PurePosixPath(rel).parts
        if rel == "articles.csv":
            articles |= _changed_article_rows(top, path, ref, folder / rel)
        elif len(parts) == 2 and parts[0] == "articles" and rel.endswith(".txt"):
            articles.add(parts[1][: -len(".txt")])
        elif len(parts) == 2 and parts[0] in _ROW_FILES and rel.endswith(_KINDS):
            kind = "mentions" if rel.endswith(".mentions.jsonl") else "claims"
            articles.add(parts[1][: -len(f".{kind}.jsonl")])
            old = _old_rows(top, path, ref)
            new = _rows(folder / rel)
            for frame in (old, new):
                if "article_id" in frame.columns:
                    articles |= set(frame.get_column("article_id").drop_nulls().cast(pl.String))
            old_rows[kind].append(old)
        elif parts and parts[0] == "reference":
            full_reason = f"{rel} changed: the reference tables take part in every block"
        elif rel.endswith(".parquet") and (
            rel == "articles.parquet" or (len(parts) == 2 and parts[0] in _ROW_FILES)
        ):
            # A Parquet table holds many articles' rows and is not compared row by row here:
            # rather a full run than a changed-data run that checks nothing of the change.
            full_reason = (
                f"{rel} changed: changed-data mode compares the text layout's files, "
                "not Parquet tables"
            )
        elif parts and parts[0] in ("articles", *_ROW_FILES):
            continue  # a stray file: the full run's FL011 would name it, as this one does
    return ChangeSet(
        ref=ref,
        files=tuple(relative),
        article_ids=frozenset(articles),
        full=bool(full_reason),
        reason=full_reason,
        old_claims=pl.concat(old_rows["claims"], how="diagonal_relaxed")
        if old_rows["claims"]
        else pl.DataFrame(),
        old_mentions=pl.concat(old_rows["mentions"], how="diagonal_relaxed")
        if old_rows["mentions"]
        else pl.DataFrame(),
    )


def _show(top: Path, path: str, ref: str) -> bytes | None:
    try:
        data = _git(top, "show", f"{ref}:{path}", binary=True)
    except ConfigError:
        return None  # the file is new since `ref`
    return data if isinstance(data, bytes) else data.encode()


def _read_ndjson(data: bytes) -> pl.DataFrame:
    try:
        return pl.read_ndjson(io.BytesIO(data), infer_schema_length=None)
    except Exception:
        # Rows that do not parse are the loader's business (it refuses them with a line
        # number); for scoping, the article named by the file is enough.
        return pl.DataFrame()


def _old_rows(top: Path, path: str, ref: str) -> pl.DataFrame:
    data = _show(top, path, ref)
    return _read_ndjson(data) if data else pl.DataFrame()


def _rows(path: Path) -> pl.DataFrame:
    try:
        return _read_ndjson(path.read_bytes())
    except OSError:
        return pl.DataFrame()  # deleted


def _csv_rows(data: bytes | None) -> dict[str, tuple[str, ...]]:
    if not data:
        return {}
    try:
        frame = pl.read_csv(io.BytesIO(data), infer_schema=False)
    except Exception:
        return {}
    if "article_id" not in frame.columns:
        return {}
    return {
        row[0]: tuple(str(v) for v in row)
        for row in frame.select("article_id", pl.exclude("article_id")).iter_rows()
        if row[0] is not None
    }


def _changed_article_rows(top: Path, path: str, ref: str, current: Path) -> set[str]:
    old = _csv_rows(_show(top, path, ref))
    try:
        new = _csv_rows(current.read_bytes())
    except OSError:
        new = {}
    return {a for a in old.keys() | new.keys() if old.get(a) != new.get(a)}


def _strings(frame: pl.DataFrame, column: str) -> set[str]:
    if column not in frame.columns or frame.height == 0:
        return set()
    values = frame.get_column(column)
    if values.dtype == pl.List(pl.String) or isinstance(values.dtype, pl.List):
        values = values.explode()
    return {str(v) for v in values.drop_nulls().to_list() if v is not None}


def scope_of(dataset: Dataset, changes: ChangeSet) -> Scope:
    """The blocks the changed articles take part in, over the current and the old rows."""
    touched = changes.article_ids
    claims = dataset.frame("claims")
    mentions = dataset.frame("mentions")
    mine_claims = [claims.filter(pl.col("article_id").is_in(list(touched)))]
    mine_mentions = [mentions.filter(pl.col("article_id").is_in(list(touched)))]
    if changes.old_claims.height:
        mine_claims.append(changes.old_claims)
    if changes.old_mentions.height:
        mine_mentions.append(changes.old_mentions)
    blocks: set[str] = set()
    agreements: set[str] = set()
    persons: set[str] = set()
    for frame in mine_claims:
        have = set(frame.columns)
        if {"event_type", "agreement"} <= have:
            blocks |= set(frame.select(event_block()).to_series().drop_nulls().to_list())
        elif "event_type" in have:
            blocks |= {f"{t or ''}|" for t in frame.get_column("event_type").to_list()}
        agreements |= _strings(frame, "agreement")
        if {"kind", "person"} <= have:
            persons |= _strings(frame.filter(pl.col("kind") == "role"), "person")
    entities: set[str] = set()
    for frame in mine_mentions:
        entities |= _strings(frame, "value")
    return Scope(
        article_ids=frozenset(touched),
        event_blocks=frozenset(blocks),
        agreements=frozenset(agreements),
        entities=frozenset(entities),
        persons=frozenset(persons),
        full=changes.full,
    )


def restrict(dataset: Dataset, scope: Scope, block: str) -> Dataset | None:
    """The dataset a rule of `block` sees in a changed-data run; None when it need not run.

    The same partition `tests/test_blocks.py` holds every rule to: article rules see the
    touched articles' rows; event, agreement and entity rules every claim (or mention) of the
    touched blocks, with the articles table whole for article-level context.
    """
    if scope.full:
        return dataset
    frames = dataset.frames
    changed: dict[str, pl.DataFrame] = {}
    touched = list(scope.article_ids)
    if block == "article":
        for table in ("articles", "mentions", "claims"):
            changed[table] = frames[table].filter(pl.col("article_id").is_in(touched))
    elif block == "event":
        changed["claims"] = frames["claims"].filter(event_block().is_in(list(scope.event_blocks)))
    elif block == "agreement":
        changed["claims"] = frames["claims"].filter(
            pl.col("agreement").is_in(list(scope.agreements))
        )
    elif block == "entity":
        changed["mentions"] = frames["mentions"].filter(pl.col("value").is_in(list(scope.entities)))
        roles = pl.col("kind") == "role"
        changed["claims"] = frames["claims"].filter(
            ~roles | pl.col("person").is_in(list(scope.persons))
        )
    else:
        return None  # reference-only rules: the reference did not change
    return Dataset(
        root=dataset.root,
        frames={**frames, **changed},
        notes=dataset.notes,
        missing_tables=dataset.missing_tables,
    )


def names_touched(ids: Iterable[str] | None, scope: Scope) -> bool:
    """Whether a finding's article ids include a touched article."""
    return bool(set(ids or ()) & scope.article_ids)
