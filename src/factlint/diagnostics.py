"""Findings the engine itself raises: schema and expectation failures, unreadable parts of the
dataset, and checks that crashed or could not run. Rules live in `checks/`; these are the
engine's own codes, documented the same way so that `factlint explain` covers them too."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DIAGNOSTICS", "Diagnostic"]


@dataclass(frozen=True)
class Diagnostic:
    code: str
    name: str
    severity: str
    doc: str

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0]


SCHEMA_VIOLATION = Diagnostic(
    "FL001",
    "schema-violation",
    "error",
    """A row breaks its table's pandera schema.

What it checks:
    Every table is validated against its pandera DataFrameModel in `schemas/`: column types,
    required fields, allowed values, id and date formats, unique ids, unknown columns.

Why it matters:
    Consistency rules assume well-formed rows; a malformed row is silently misread otherwise.

Example:
    {"mention_id": "seed-004-m001", "kind": "datum", ...}   (unknown kind)

Passes:
    {"mention_id": "seed-004-m001", "kind": "date", ...}
""",
)

EXPECTATION_FAILED = Diagnostic(
    "FL002",
    "expectation-failed",
    "error",
    """A table fails a Great Expectations suite from `schemas/expectations/`.

What it checks:
    Dataset-level expectations that a row schema does not express: row counts, compound
    uniqueness, the share of date mentions that carry a value.

Why it matters:
    A dataset can be valid row by row and still be wrong as a whole (empty, duplicated).

Example:
    Two mentions with the same article, offsets and kind.

Passes:
    Every (article_id, start, end, kind) occurs once.
""",
)

BYTE_ORDER_MARK = Diagnostic(
    "FL008",
    "byte-order-mark",
    "warning",
    """A file starts with a UTF-8 byte-order mark.

What it checks:
    The first bytes of every CSV, JSON Lines and article file.

Why it matters:
    Tools disagree about the mark: a CSV's first column name silently changes, and in an article
    file it shifts every character offset by one for tools that strip it.

Example:
    articles.csv beginning with EF BB BF.

Passes:
    Plain UTF-8 without the mark.
""",
)

CHECK_CRASHED = Diagnostic(
    "FL009",
    "check-crashed",
    "error",
    """A rule, schema or suite raised an error instead of returning findings.

What it checks:
    Every check the engine runs; the crash is reported with the check's name and error.

Why it matters:
    A check that crashed checked nothing; treating that as a pass would hide real problems.

Example:
    A rule module that fails to import.

Passes:
    Every check runs to completion.
""",
)

CHECK_CANNOT_RUN = Diagnostic(
    "FL010",
    "check-cannot-run",
    "error",
    """A rule needs a table the dataset does not have, or there is no claim to check.

What it checks:
    The tables each rule declares in `requires` against the tables that were loaded; and
    that the articles read into claims (extracted now or in `extracted/`) gave at least one.

Why it matters:
    A rule without its reference table would pass vacuously, and so would every rule when
    no article yields a claim: a run that checked nothing must not pass.

Example:
    reference/aliases.csv missing while `anachronistic-name` is selected; a dataset whose
    only article is a weather report, with no curated claims.

Passes:
    Every required table is present (it may be empty), and the dataset has claims.
""",
)

UNLOADED_FILE = Diagnostic(
    "FL011",
    "unloaded-file",
    "warning",
    """A file in the dataset's `claims/` folder matches no table and was not loaded.

What it checks:
    File names in `claims/`: only `<article_id>.mentions.jsonl` and `.claims.jsonl` load.

Why it matters:
    A misnamed file (`seed-001.claim.jsonl`) is otherwise ignored without a word.

Example:
    claims/seed-001.claim.jsonl

Passes:
    claims/seed-001.claims.jsonl
""",
)

EXPIRED_WAIVER = Diagnostic(
    "FL012",
    "expired-waiver",
    "error",
    """A waiver is past its expiry date: it waives nothing any more.

What it checks:
    Every `[[waiver]]` in the waivers file (`factlint check --waivers FILE`) with an
    `expires` date before today.

Why it matters:
    A waiver with a date was meant to be looked at again; silently waiving past that date
    would turn a temporary decision into a permanent one.

Example:
    [[waiver]]
    rule = "FL204"
    article = "seed-003"
    reason = "names checked by the desk"
    expires = "2024-01-31"

Passes:
    The same waiver with `expires = "2030-01-31"`, or without `expires`.
""",
)

UNUSED_WAIVER = Diagnostic(
    "FL013",
    "unused-waiver",
    "warning",
    """A waiver matches no finding.

What it checks:
    Every `[[waiver]]` in the waivers file: its fingerprint, or its rule and article or entity
    scope, must match at least one finding of the run.

Why it matters:
    A waiver whose finding was fixed (or whose fingerprint has a typo) waives nothing; left in
    place it would silently waive a different, future finding of the same scope.

Example:
    [[waiver]]
    fingerprint = "0123456789abcdef0123"
    reason = "no finding has this fingerprint"

Passes:
    A waiver whose fingerprint is one of the run's findings.
""",
)

DIAGNOSTICS: dict[str, Diagnostic] = {
    d.code: d
    for d in (
        SCHEMA_VIOLATION,
        EXPECTATION_FAILED,
        BYTE_ORDER_MARK,
        CHECK_CRASHED,
        CHECK_CANNOT_RUN,
        UNLOADED_FILE,
        EXPIRED_WAIVER,
        UNUSED_WAIVER,
    )
}
