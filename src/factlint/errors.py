"""Errors that stop a run before any check can be made, with their exit codes."""

from __future__ import annotations

from pathlib import Path

__all__ = ["EXIT_FINDINGS", "EXIT_INTERNAL", "EXIT_OK", "EXIT_USAGE", "ConfigError", "InputError"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


class InputError(Exception):
    """Input that cannot be read at all: it names the file and, where known, the line."""

    exit_code = EXIT_USAGE

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


class ConfigError(Exception):
    """Invalid `[tool.factlint]` configuration or command-line options."""

    exit_code = EXIT_USAGE
