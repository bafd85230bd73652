"""Reading the user's files without surprises: regular files only, never through a link.

Opening a named pipe blocks until something writes to it, and opening a device can have side
effects of its own; a symbolic link can lead out of the dataset. So every file factlint reads
is looked at first (`lstat`, which neither follows a link nor opens anything) and read only
when it is a regular file, then checked again on the open descriptor in case it was swapped.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

__all__ = ["SpecialFileError", "file_kind", "read_regular_file", "resolve_path"]

_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
# Non-blocking, so that a pipe swapped in after the check still cannot make `open` wait.
_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class SpecialFileError(OSError):
    """A path that is not a regular file (a link, folder, pipe, socket or device)."""

    def __init__(self, path: Path | str, kind: str) -> None:
        super().__init__(errno.EINVAL, f"is {kind}, not a regular file", os.fspath(path))
        self.kind = kind

    @property
    def is_link(self) -> bool:
        return self.kind == "a symbolic link"


def file_kind(mode: int) -> str | None:
    """What a file of this `st_mode` is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def read_regular_file(path: Path | str, *, follow_links: bool = False) -> bytes:
    """The bytes of the regular file at `path`, which must not be a symbolic link (unless
    `follow_links`: a configuration file outside the dataset may well be one).

    Raises `SpecialFileError` for anything else (checked before the file is opened), and the
    usual `OSError`s (`FileNotFoundError`, `PermissionError`) otherwise.
    """
    kind = file_kind((os.stat if follow_links else os.lstat)(path).st_mode)
    if kind is not None:
        raise SpecialFileError(path, kind)
    flags = _FLAGS & ~getattr(os, "O_NOFOLLOW", 0) if follow_links else _FLAGS
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # replaced by a link since the check
            raise SpecialFileError(path, "a symbolic link") from None
        raise
    with os.fdopen(descriptor, "rb") as handle:
        kind = file_kind(os.fstat(descriptor).st_mode)
        if kind is not None:
            raise SpecialFileError(path, kind)
        return handle.read()


def resolve_path(path: Path) -> Path:
    """`path.resolve()`, with a symbolic link loop as the `OSError` (ELOOP) naming the path
    that it is everywhere else, rather than Python's RuntimeError."""
    try:
        return path.resolve()
    except RuntimeError:
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), os.fspath(path)) from None
