"""Great Expectations suites evaluated by Polars: the same verdicts, at columnar speed.

The suites in `schemas/expectations/` stay the source of truth and keep their Great
Expectations form. This module evaluates the expectation types factlint's suites use as Polars
expressions over the whole column, with Great Expectations' semantics on pandas, which is how
the GX engine of the schema gate runs them: a row condition compares like a pandas query (a
null is unequal to everything), id lists are compared as their `a,b` text, an integer column
with a null is a float column, `mostly` is the share of non-missing values that must pass.
It gives the counts GX reports and the outcome the finding shows; it never lists every failing
row, only the distinct values a finding shows and the ids it names.

An expectation it does not know (another type, an argument it does not read) is not guessed
at: `supports` says no, and the schema gate runs that one through Great Expectations.
`tests/test_schema_gate.py` runs both engines on the same frames and compares the findings.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

__all__ = ["Outcome", "duplicated", "evaluate", "pandas_view", "supports"]

# Arguments this engine reads, by expectation type (GX's `result_format` and `catch_exceptions`
# change what GX reports, not the verdict, and are ignored like the schema gate ignores them).
_COMMON = {"mostly", "row_condition", "condition_parser", "result_format", "catch_exceptions"}
_ARGUMENTS: dict[str, set[str]] = {
    "expect_column_values_to_not_be_null": {"column", *_COMMON},
    "expect_column_values_to_be_unique": {"column", *_COMMON},
    "expect_column_values_to_be_in_set": {"column", "value_set", *_COMMON},
    "expect_compound_columns_to_be_unique": {"column_list", "ignore_row_if", *_COMMON},
    "expect_table_row_count_to_be_between": {
        "min_value",
        "max_value",
        "strict_min",
        "strict_max",
        "result_format",
        "catch_exceptions",
    },
}
_IGNORE_ROW_IF = ("all_values_are_missing", "any_value_is_missing", "never")
# How many distinct failing values are kept for a finding to choose its examples from.
_CANDIDATES = 1000
_PLAIN = (
    pl.String,
    pl.Boolean,
    pl.Int8,
    pl.Int16,
    pl.Int32,
    pl.Int64,
    pl.UInt8,
    pl.UInt16,
    pl.UInt32,
    pl.Float32,
    pl.Float64,
    pl.Date,
    pl.Null,
)


@dataclass
class Outcome:
    """One expectation's verdict and what a finding about it shows.

    `result` holds GX's keys (`element_count`, `unexpected_count`, `unexpected_percent`,
    `missing_count`, `observed_value`, `partial_unexpected_list`); `rows` the failing rows'
    expectation and id columns (one frame, never a list of dicts) when the expectation fails,
    the rows a finding names (none when it passes).
    """

    success: bool
    result: dict[str, Any]
    rows: pl.DataFrame = field(default_factory=pl.DataFrame)


def supports(kind: Any, kwargs: Any) -> bool:
    """True when this engine evaluates the expectation exactly as GX would."""
    if not isinstance(kind, str) or kind not in _ARGUMENTS or not isinstance(kwargs, Mapping):
        return False
    if set(kwargs) - _ARGUMENTS[kind] or kwargs.get("condition_parser") not in (None, "pandas"):
        return False
    if kwargs.get("row_condition") is not None and not _condition_supported(
        kwargs["row_condition"]
    ):
        return False
    return kwargs.get("ignore_row_if", "all_values_are_missing") in _IGNORE_ROW_IF


def _condition_supported(condition: Any) -> bool:
    if not isinstance(condition, Mapping):
        return False
    kind = condition.get("type")
    if kind in ("and", "or"):
        parts = condition.get("conditions")
        return isinstance(parts, list) and all(_condition_supported(p) for p in parts)
    return kind in ("comparison", "nullity")


def evaluate(
    frame: pl.DataFrame, kind: str, kwargs: Mapping[str, Any], id_columns: list[str]
) -> Outcome:
    """Evaluate one supported expectation on `frame`; raises what GX would report as the
    expectation failing to run (a missing column, a malformed argument)."""
    mostly = _mostly(kwargs.get("mostly"))
    if kind == "expect_table_row_count_to_be_between":
        return _row_count(frame, kwargs)
    columns = [kwargs["column"]] if "column" in kwargs else list(kwargs["column_list"])
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"column(s) {missing} not found in the table")
    condition = kwargs.get("row_condition")
    used = list(dict.fromkeys([*columns, *id_columns, *_condition_columns(condition)]))
    view = pandas_view(_select(frame, used))
    # The rows the condition keeps, as a mask: filtering the view would copy every column it
    # holds (a quarter of a GB for a million claims), while only the failing rows are needed.
    inside = None if condition is None else _select(view, _condition(condition)).to_series()
    kept = pl.lit(True) if inside is None else pl.lit(inside)
    column = pl.col(columns[0])
    if kind == "expect_column_values_to_not_be_null":
        missing_rows = pl.lit(False)
        unexpected = _is_missing(view, columns[0])
    elif kind == "expect_column_values_to_be_unique":
        missing_rows = _is_missing(view, columns[0])
        unexpected = ~missing_rows & _duplicated_within(view, columns, inside)
    elif kind == "expect_column_values_to_be_in_set":
        values = kwargs["value_set"]
        if not isinstance(values, list | tuple | set):
            raise TypeError("value_set must be a list")
        missing_rows = _is_missing(view, columns[0])
        unexpected = ~missing_rows & ~column.is_in(pl.Series(list(values), strict=False))
    else:
        missing_rows = _compound_missing(view, columns, kwargs.get("ignore_row_if"))
        unexpected = ~missing_rows & _duplicated_within(view, columns, inside)
    flags = _select(view, (missing_rows & kept).alias("missing"), (unexpected & kept).alias("bad"))
    bad = flags.get_column("bad")
    # The failing values only: a passing `mostly` expectation can have many failing rows, and
    # their ids are needed only for a finding.
    failing = view[columns].filter(bad)
    total = view.height if inside is None else int(inside.sum())
    missing_count = int(flags.get_column("missing").sum())
    count = failing.height
    present = total - missing_count
    result: dict[str, Any] = {
        "element_count": total,
        "unexpected_count": count,
        # As GX computes it (the order of the operations shows in the last digit).
        "unexpected_percent": (count / present * 100) if present else None,
    }
    if kind != "expect_column_values_to_not_be_null":
        result["missing_count"] = missing_count
    result["partial_unexpected_list"] = _candidates(failing, columns, kind)
    success = present == 0 or (present - count) / present >= mostly
    if success:
        return Outcome(success, result)
    # The failing rows as GX lists them: the expectation's columns and the id columns.
    shown = list(dict.fromkeys([*columns, *id_columns]))
    return Outcome(success, result, view[shown].filter(bad))


# Column types whose equal values always hash alike in Polars (floats are left out: NaN and
# the two zeros compare in ways a hash need not follow).
_HASHED_EXACTLY = tuple(t for t in _PLAIN if t not in (pl.Float32, pl.Float64))


def duplicated(frame: pl.DataFrame, columns: Sequence[str]) -> pl.Series:
    """`pl.struct(columns).is_duplicated()` over `frame` (`pl.col(c)` for one column), without
    a hash table of every row; the schema gate's uniqueness checks share it.

    Rows are hashed to one 64-bit number, the numbers sorted, and only the rows whose number
    repeats are compared on their values: for 15 million mentions, 0.7 s and 250 MB instead of
    4.6 s and 3.3 GB. Equal rows always hash alike, so no duplicate is missed, and the exact
    comparison drops the rows that only share a hash. Nulls are equal to each other, as in
    `is_duplicated`.
    """
    columns = list(columns)
    exact = (pl.struct(columns) if len(columns) > 1 else pl.col(columns[0])).is_duplicated()
    if not frame.height or any(frame.schema[c] not in _HASHED_EXACTLY for c in columns):
        return _select(frame, exact.alias("duplicated")).to_series()
    combined = pl.lit(0, dtype=pl.UInt64)
    for seed, name in enumerate(columns):
        combined = (combined * pl.lit(1_000_003, dtype=pl.UInt64)) ^ pl.col(name).hash(seed=seed)
    hashes = _select(frame, combined.alias("hash")).to_series()
    ordered = hashes.sort()
    repeated = ordered.filter(ordered == ordered.shift(1)).unique()
    del ordered
    flags = pl.repeat(False, frame.height, eager=True, dtype=pl.Boolean).alias("duplicated")
    if repeated.len():
        candidates = hashes.is_in(repeated.implode())
        found = _select(frame[columns].filter(candidates), exact).to_series()
        flags = flags.scatter(candidates.arg_true(), found)
    return flags


def _duplicated_within(view: pl.DataFrame, columns: list[str], inside: pl.Series | None) -> pl.Expr:
    """`duplicated` among the rows a row condition keeps (all rows without one), as an
    expression over `view`: only the expectation's columns of those rows are copied."""
    if inside is None:
        return pl.lit(duplicated(view, columns))
    found = duplicated(view[columns].filter(inside), columns)
    flags = pl.repeat(False, view.height, eager=True, dtype=pl.Boolean)
    return pl.lit(flags.scatter(inside.arg_true(), found))


def _select(frame: pl.DataFrame, *exprs: Any) -> pl.DataFrame:
    """`frame.select(*exprs)` run lazily: an eager `select` in Polars 2.1 first copies a frame
    read in chunks into one chunk (0.5 s and 240 MB for a million claims), the lazy engine
    reads the chunks as they are."""
    return frame.lazy().select(*exprs).collect()


def _row_count(frame: pl.DataFrame, kwargs: Mapping[str, Any]) -> Outcome:
    rows = frame.height
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    for bound in (low, high):
        if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int | float)):
            raise TypeError(f"bounds must be numbers, got {bound!r}")
    ok = True
    if low is not None:
        ok &= rows > low if kwargs.get("strict_min") else rows >= low
    if high is not None:
        ok &= rows < high if kwargs.get("strict_max") else rows <= high
    return Outcome(bool(ok), {"observed_value": rows})


def _mostly(value: Any) -> float:
    if value is None:
        return 1.0
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"mostly must be a number between 0 and 1, got {value!r}")
    return float(value)


def pandas_view(frame: pl.DataFrame) -> pl.DataFrame:
    """The columns as GX sees them on pandas: id lists as `a,b` text, other nested values as
    their JSON text (pandas cannot take a 128-bit integer, an object or a nested list in a
    field the tables do not know, and one such column must not stop every expectation of its
    table), integer columns holding a null as floats, code columns the loader holds as
    categorical (`factlint.layout.CODE_COLUMNS`) as the text they are."""
    converted = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if isinstance(dtype, pl.Categorical | pl.Enum):
            converted.append(column.cast(pl.String))
        elif isinstance(dtype, pl.List) and dtype.inner in _PLAIN:
            converted.append(column.list.eval(pl.element().cast(pl.String)).list.join(","))
        elif dtype not in _PLAIN:
            values = [_json_text(v) for v in frame.get_column(name).to_list()]
            converted.append(pl.Series(name, values, dtype=pl.String))
        elif dtype.is_integer() and frame.get_column(name).null_count():
            converted.append(column.cast(pl.Float64))
    return frame.lazy().with_columns(converted).collect() if converted else frame


def _json_text(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _is_missing(view: pl.DataFrame, name: str) -> pl.Expr:
    """pandas' `isnull`: null, and NaN in a float column."""
    column = pl.col(name)
    if view.schema[name].is_float():
        return column.is_null() | column.is_nan()
    return column.is_null()


def _compound_missing(view: pl.DataFrame, columns: list[str], ignore: str | None) -> pl.Expr:
    each = [_is_missing(view, c) for c in columns]
    if ignore == "never":
        return pl.lit(False)
    if ignore == "any_value_is_missing":
        return pl.any_horizontal(each)
    return pl.all_horizontal(each)


def _condition_columns(condition: Any) -> list[str]:
    if condition is None:
        return []
    if condition.get("type") in ("and", "or"):
        return [c for part in condition["conditions"] for c in _condition_columns(part)]
    return [condition["column"]["name"]]


def _condition(condition: Mapping[str, Any]) -> pl.Expr:
    """A GX row condition as a Polars filter with pandas' query semantics for nulls."""
    kind = condition["type"]
    if kind == "and":
        return pl.all_horizontal([_condition(c) for c in condition["conditions"]])
    if kind == "or":
        return pl.any_horizontal([_condition(c) for c in condition["conditions"]])
    column = pl.col(condition["column"]["name"])
    if kind == "nullity":
        return column.is_null() if condition["is_null"] else column.is_not_null()
    operator, value = condition["operator"], condition.get("parameter")
    if operator in ("IN", "NOT_IN"):
        inside = column.is_in(pl.Series(list(value), strict=False))
        return inside.fill_null(False) if operator == "IN" else (~inside).fill_null(True)
    compare = {
        "==": column.__eq__,
        "!=": column.__ne__,
        "<": column.__lt__,
        "<=": column.__le__,
        ">": column.__gt__,
        ">=": column.__ge__,
    }[operator]
    # pandas: a missing value is unequal to everything and compares false otherwise.
    return compare(value).fill_null(operator == "!=")


def _candidates(failing: pl.DataFrame, columns: list[str], kind: str) -> list[Any]:
    """Distinct failing values for a finding's examples, as GX lists them (a dict of the
    columns for a compound key); at most `_CANDIDATES`, the first in sorted order."""
    if not failing.height:
        return []
    if kind == "expect_compound_columns_to_be_unique":
        distinct = failing.select(columns).unique().sort(columns, nulls_last=False)
        return distinct.head(_CANDIDATES).to_dicts()
    values = failing.get_column(columns[0]).unique()
    return values.sort(nulls_last=False).head(_CANDIDATES).to_list()
