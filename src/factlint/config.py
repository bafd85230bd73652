"""`[tool.factlint]` configuration: which rules run, at what severity, with which options.

Like ruff's: `select` and `ignore` take codes or code prefixes (`FL1`, `ALL`); `severity` maps a
code to `error`, `warning` or `info`; `options.<CODE>` sets a rule's options. Anything unknown is
an error, never silently ignored.
"""

from __future__ import annotations

import importlib.util
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factlint.errors import ConfigError, display_path
from factlint.files import read_regular_file
from factlint.findings import SEVERITIES

__all__ = ["Config", "ResolvedRule", "find_config_file", "load_config", "resolve_rules"]

_KEYS = {"select", "ignore", "severity", "options", "fail-on", "rules-package"}
_PACKAGE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    fail_on: str = "error"
    rules_package: str = "checks"
    path: str | None = None


@dataclass(frozen=True)
class ResolvedRule:
    """A selected rule with its effective severity and options."""

    code: str
    severity: str
    options: Mapping[str, Any]


def find_config_file(start: Path) -> Path | None:
    """The nearest pyproject.toml at or above `start` that has a `[tool.factlint]` table."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            # An unreadable one may hold the configuration: running with defaults instead
            # would be silent, so its error stops the run.
            data = _read_toml(candidate)
            tool = data.get("tool", {})
            if isinstance(tool, dict) and "factlint" in tool:
                return candidate
    return None


def load_config(path: Path | None) -> Config:
    """Read `[tool.factlint]` from `path` (a pyproject.toml); defaults when `path` is None."""
    if path is None:
        return Config()
    data = _read_toml(path)
    where = display_path(path)
    tool = data.get("tool", {})
    table = tool.get("factlint", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: [tool.factlint] must be a table")
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key(s) in [tool.factlint]: {', '.join(unknown)} "
            f"(known: {', '.join(sorted(_KEYS))})"
        )
    fail_on = table.get("fail-on", "error")
    if fail_on not in SEVERITIES:
        raise ConfigError(f"{where}: fail-on must be one of {', '.join(SEVERITIES)}")
    return Config(
        select=tuple(_codes(where, "select", table.get("select", ["ALL"]))),
        ignore=tuple(_codes(where, "ignore", table.get("ignore", []))),
        severity=_severities(where, table.get("severity", {})),
        options=_options(where, table.get("options", {})),
        fail_on=fail_on,
        rules_package=_rules_package(where, table.get("rules-package", "checks")),
        path=where,
    )


def _read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's data; a pipe or device is refused before it is opened (it could block)."""
    where = display_path(path)
    try:
        text = read_regular_file(path, follow_links=True).decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{where}: invalid TOML: {exc}") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: invalid TOML: {exc}") from None
    except RecursionError:
        # tomllib recurses per level of nested arrays and tables; no configuration nests
        # more than a few, and Python's limit turns the rest into this, within milliseconds.
        raise ConfigError(f"{where}: invalid TOML: arrays or tables nested too deeply") from None


def _rules_package(where: str, value: Any) -> str:
    """The configured rules package: a dotted name that can be imported.

    A wrong name must not become a run in which no rule ran; that it holds rules at all is
    checked once they are discovered (`resolve_rules`).
    """
    if not isinstance(value, str) or not _PACKAGE_NAME.fullmatch(value):
        raise ConfigError(
            f"{where}: rules-package must be the dotted name of a Python package holding "
            f'factlint rules (such as "checks"), not {value!r}'
        )
    try:
        spec = importlib.util.find_spec(value)
    except (ImportError, ValueError) as exc:
        raise ConfigError(f"{where}: rules-package {value!r} cannot be imported: {exc}") from None
    if spec is None:
        raise ConfigError(
            f"{where}: rules-package {value!r} is not an importable package "
            "(not installed, or not on the Python path)"
        )
    return value


def _codes(path: str, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: [tool.factlint] {key} must be a list of codes")
    return [v.upper() for v in value]


def _severities(path: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: [tool.factlint.severity] must be a table of CODE = severity")
    for code, severity in value.items():
        if severity not in SEVERITIES:
            raise ConfigError(
                f"{path}: severity of {code} must be one of {', '.join(SEVERITIES)}, "
                f"not {severity!r}"
            )
    return {code.upper(): sev for code, sev in value.items()}


def _options(path: str, value: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise ConfigError(f"{path}: [tool.factlint.options] must hold one table per rule code")
    return {code.upper(): dict(opts) for code, opts in value.items()}


def _matches(code: str, patterns: Iterable[str]) -> bool:
    return any(p == "ALL" or code.startswith(p) for p in patterns)


def resolve_rules(
    config: Config,
    rule_defaults: Mapping[str, tuple[str, Mapping[str, Any]]],
    known_codes: Iterable[str],
) -> dict[str, ResolvedRule]:
    """Apply select/ignore/severity/options to the rules; unknown codes or options are errors.

    `rule_defaults` maps each rule code to its default severity and options; `known_codes`
    adds the engine's own codes, which may be selected, ignored or re-graded but take no options.
    """
    known = set(rule_defaults) | set(known_codes)
    where = config.path or "configuration"
    if not set(rule_defaults) - set(known_codes):
        # Only the engine's own codes: the rules package imported but declared no rule (or
        # failed to import), and a run would pass having checked nothing.
        raise ConfigError(
            f"{where}: rules package {config.rules_package!r} holds no factlint rules "
            "(no module in it declares one with @rule)"
        )
    for key, patterns in (("select", config.select), ("ignore", config.ignore)):
        for pattern in patterns:
            if pattern != "ALL" and not any(code.startswith(pattern) for code in known):
                raise ConfigError(f"{where}: {key} names unknown code or prefix {pattern!r}")
    for key, table in (("severity", config.severity), ("options", config.options)):
        for code in table:
            if code not in known:
                raise ConfigError(f"{where}: [tool.factlint.{key}] names unknown code {code!r}")
    resolved: dict[str, ResolvedRule] = {}
    for code in sorted(known):
        if not _matches(code, config.select) or _matches(code, config.ignore):
            continue
        default_severity, defaults = rule_defaults.get(code, ("error", {}))
        options = dict(defaults)
        for name, value in config.options.get(code, {}).items():
            if name not in defaults:
                known_options = ", ".join(sorted(defaults)) or "none"
                raise ConfigError(
                    f"{where}: unknown option {name!r} for {code} (known: {known_options})"
                )
            if not _same_type(defaults[name], value):
                raise ConfigError(
                    f"{where}: option {name!r} of {code} must be "
                    f"{_type_name(defaults[name])}, not {_type_name(value)}"
                )
            options[name] = value
        resolved[code] = ResolvedRule(code, config.severity.get(code, default_severity), options)
    return resolved


def _same_type(default: Any, value: Any) -> bool:
    """Whether `value` may replace `default`: the same type, and for a list or table the
    same type of element (`event_types = [1, 2]` must not reach a rule that wants names)."""
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, int | float)
    if isinstance(default, list | tuple | dict):
        if not isinstance(value, dict if isinstance(default, dict) else list | tuple):
            return False
        examples = list(default.values() if isinstance(default, dict) else default)
        items = value.values() if isinstance(value, dict) else value
        # An empty default says nothing about its elements.
        return not examples or all(any(_same_type(e, v) for e in examples) for v in items)
    return isinstance(value, type(default))


def _type_name(value: Any) -> str:
    """`int`, `list of str`, `list of int, str`: the type of an option value, in words."""
    if isinstance(value, list | tuple | dict):
        items = value.values() if isinstance(value, dict) else value
        inner = sorted({_type_name(v) for v in items})
        kind = "table" if isinstance(value, dict) else "list"
        return f"{kind} of {', '.join(inner)}" if inner else kind
    return type(value).__name__
