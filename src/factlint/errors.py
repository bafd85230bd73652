"""Errors that stop a run before any check can be made, with their exit codes."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_USAGE",
    "ConfigError",
    "InputError",
    "display_path",
    "is_utf8_path",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


def display_path(path: Path | str | bytes) -> str:
    """A path as text that can always be printed and written as UTF-8.

    A file name that is not valid UTF-8 reaches Python with its bad bytes as lone surrogates
    (`\\udcff`), which no UTF-8 writer accepts: an error message naming such a file would
    itself crash. The bad bytes are shown as `\\xff` escapes instead.
    """
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:  # a surrogate that did not come from the file system
        return os.fspath(path).encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def is_utf8_path(path: Path | str) -> bool:
    """True when the path's name is valid UTF-8 (and so can go into findings and reports)."""
    try:
        os.fsencode(path).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return True


class InputError(Exception):
    """Input that cannot be read at all: it names the file and, where known, the line."""

    exit_code = EXIT_USAGE

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = display_path(path)
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.message}"


class ConfigError(Exception):
    """Invalid `[tool.factlint]` configuration or command-line options."""

    exit_code = EXIT_USAGE
