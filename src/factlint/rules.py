"""The rule API: how a rule declares itself and what it is given when it runs.

A rule is a plain function of a `RuleContext` that returns a frame of finding rows (see
`factlint.findings.RULE_OUTPUT_SCHEMA`). Its code, name, default severity, options and the
tables it needs are visible arguments of the `@rule` decorator; its docstring is its
documentation. The engine knows no particular rule.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from factlint.dataset import Dataset
from factlint.findings import SEVERITIES

__all__ = ["BLOCKS", "DOC_SECTIONS", "Rule", "RuleContext", "rule"]

CODE_PATTERN = r"^FL\d{3}$"
NAME_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
DOC_SECTIONS: tuple[str, ...] = ("What it checks", "Why it matters", "Example", "Passes")
# What a rule needs to see at once. `article`: one article's mentions and claims; `event`,
# `entity`, `agreement`: every claim that shares that key, across articles; `reference`: the
# reference tables alone. No rule needs the whole dataset at once, which is what lets a
# changed-data run check only the blocks a change touches.
BLOCKS: tuple[str, ...] = ("article", "event", "entity", "agreement", "reference")

FrameLike = pl.DataFrame | pl.LazyFrame


@dataclass(frozen=True)
class RuleContext:
    """What a rule sees: the dataset's frames and its own resolved options."""

    dataset: Dataset
    options: Mapping[str, Any] = field(default_factory=dict)

    def frame(self, name: str) -> pl.LazyFrame:
        """A table of the dataset as a LazyFrame."""
        return self.dataset.lazy(name)


@dataclass(frozen=True)
class Rule:
    """A registered rule. Create with the `@rule` decorator."""

    code: str
    name: str
    severity: str
    check: Callable[[RuleContext], FrameLike]
    requires: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)
    block: str = "article"

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.check) or ""

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else ""

    @property
    def module(self) -> str:
        return self.check.__module__

    def __call__(self, context: RuleContext) -> FrameLike:
        return self.check(context)


def rule(
    *,
    code: str,
    name: str,
    severity: str,
    requires: tuple[str, ...] = (),
    options: Mapping[str, Any] | None = None,
    block: str = "article",
) -> Callable[[Callable[[RuleContext], FrameLike]], Rule]:
    """Declare a rule.

    `requires` names the dataset tables the rule reads; when one of them is missing from the
    dataset the rule does not run and a `check-cannot-run` finding says why. `options` maps
    each option name to its default; `[tool.factlint.options.<CODE>]` may override them.
    `block` says what the rule must see at once (see `BLOCKS`).
    """
    if not re.fullmatch(CODE_PATTERN, code):
        raise ValueError(f"rule code {code!r} must look like FL123")
    if not re.fullmatch(NAME_PATTERN, name):
        raise ValueError(f"rule name {name!r} must be kebab-case")
    if severity not in SEVERITIES:
        raise ValueError(f"rule severity {severity!r} must be one of {', '.join(SEVERITIES)}")
    if block not in BLOCKS:
        raise ValueError(f"rule block {block!r} must be one of {', '.join(BLOCKS)}")

    def decorate(check: Callable[[RuleContext], FrameLike]) -> Rule:
        return Rule(
            code=code,
            name=name,
            severity=severity,
            check=check,
            requires=tuple(requires),
            options=dict(options or {}),
            block=block,
        )

    return decorate
