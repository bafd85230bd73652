"""Write files atomically: readers see the old file or the new one, never a partial write.

The temporary file is `.<name>.<pid>.<random>.tmp` beside the target. A writer killed before
its rename (`kill -9`, a power cut) leaves one behind; the next write of the same file
removes those whose process is gone, and any older than an hour (a write takes seconds; this
also covers names without a pid and writers on another machine), so they never pile up and
one that a running writer still owns is left alone.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tempfile
import time
from pathlib import Path

__all__ = ["write_bytes_atomic", "write_text_atomic"]


def _current_umask() -> int:
    """The process umask, read from /proc where possible.

    Setting the umask to read it back is racy with other threads creating files, so that is only
    the fallback.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_dir(directory: Path) -> None:
    """Persist the rename itself; not possible (nor needed) on every platform."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _process_is_gone(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):  # no such process, or no possible pid
        return True
    except OSError:  # it exists but belongs to someone else
        return False
    return False


_ORPHAN_AGE = 3600.0


def _remove_orphans(path: Path) -> None:
    """Delete temporary files of `path` left by writers that no longer run."""
    pattern = re.compile(rf"\.{re.escape(path.name)}\.(?:(\d+)\.)?[^/]+\.tmp")
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        match = pattern.fullmatch(name)
        if match is None:
            continue
        orphan = path.parent / name
        with contextlib.suppress(OSError):
            stale = time.time() - orphan.lstat().st_mtime > _ORPHAN_AGE
            if stale or (match[1] is not None and _process_is_gone(int(match[1]))):
                orphan.unlink()


def _naming(exc: OSError, path: Path) -> OSError:
    """The same error about `path`: the user knows their output file, not our temporary one."""
    if exc.errno is None:  # not from the operating system: nothing names the temporary file
        return exc
    return type(exc)(exc.errno, exc.strerror, str(path))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` via a synced temporary file in the same directory and `os.replace`.

    Parent directories are created. An existing file keeps its permission bits; a new one gets
    the usual umask-derived mode (mkstemp alone would leave it owner-only). Errors name `path`,
    never the temporary file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir() and not path.is_symlink():
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    if path.exists() and not path.is_file():
        # A FIFO, a device, a link to one (/proc/self/fd/1): os.replace would put a regular
        # file where it was, not write to it.
        raise OSError(errno.EINVAL, "exists and is not a regular file", str(path))
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_current_umask()
    _remove_orphans(path)
    try:
        # Same directory, so os.replace is a rename within one file system, hence atomic.
        fd, tmp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp"
        )
    except OSError as exc:
        raise _naming(exc, path.parent) from None
    tmp = Path(tmp_name)
    try:
        try:
            with os.fdopen(fd, "wb") as handle:
                os.chmod(tmp, mode)
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            raise _naming(exc, path) from None  # a full disk names the file being written
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise _naming(exc, path) from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def write_text_atomic(path: Path, text: str) -> None:
    """Write `text` as UTF-8 (newlines untranslated) to `path` atomically."""
    write_bytes_atomic(path, text.encode("utf-8"))
