"""Article files of the text layout: every kind of file gets the text, status and hash it
would get if each file were looked at and read on its own (`factlint.files`), whether or not
the folder's listing is there to save the looks."""

from __future__ import annotations

import hashlib
import os
import re
import sys
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from factlint.errors import InputError
from factlint.formats import articles as articles_module
from factlint.formats._common import LoadNote
from factlint.formats.articles import _decoded, attach_article_files

TEXT = "وقّع الطرفان الاتفاقية في ١٩ نوفمبر ٢٠٢٤.\n"
BIG = "نص طويل " * 40_000  # larger than any single read's guess


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "plain.txt").write_bytes(TEXT.encode())
    (folder / "bom.txt").write_bytes(b"\xef\xbb\xbf" + TEXT.encode())
    (folder / "latin.txt").write_bytes("Sa\u00efd".encode("latin-1"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "big.txt").write_bytes(BIG.encode())
    (folder / "linked.txt").symlink_to(folder / "plain.txt")
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    return tmp_path


IDS = ["plain", "bom", "latin", "empty", "big", "linked", "dangling", "gone", "../plain", None]
EXPECTED = [
    (TEXT, "ok", _sha(TEXT.encode())),
    ("\ufeff" + TEXT, "ok", _sha(b"\xef\xbb\xbf" + TEXT.encode())),
    (None, "not-utf8", _sha("Sa\u00efd".encode("latin-1"))),
    ("", "empty", _sha(b"")),  # nothing to check: FL006
    (BIG, "ok", _sha(BIG.encode())),
    (None, "link", None),
    (None, "link", None),
    (None, "missing", None),
    (None, "invalid-id", None),
    (None, "invalid-id", None),
]


def _load(root: Path, ids: list[str | None]) -> tuple[pl.DataFrame, list[LoadNote]]:
    notes: list[LoadNote] = []
    frame = attach_article_files(
        root, pl.DataFrame({"article_id": ids}, schema={"article_id": pl.String}), notes
    )
    return frame, notes


@pytest.mark.parametrize("relative", [True, False], ids=["relative", "whole-paths"])
@pytest.mark.parametrize("listing", [True, False], ids=["listed", "unlisted"])
def test_every_kind_of_article_file(root, monkeypatch, listing, relative):
    """With the listing, or without it (a folder that cannot be listed: each name is looked
    at with `lstat` first), by names relative to the open folder or by whole paths (where the
    system cannot open relative to a folder), every article gets the same text, status and
    hash."""
    if sys.platform == "linux":  # it can, and must not be silently off as it once was
        assert articles_module._RELATIVE
    monkeypatch.setattr(articles_module, "_RELATIVE", relative and articles_module._RELATIVE)
    if not listing:

        def refuse(*_: object) -> None:
            raise PermissionError("cannot list")

        monkeypatch.setattr(articles_module.os, "scandir", refuse)
    frame, notes = _load(root, [*IDS, "plain"])
    got = list(frame.select("text", "file_status", "file_sha256").iter_rows())
    assert got == [*EXPECTED, EXPECTED[0]]
    assert frame.columns == ["article_id", "text", "file_status", "file_sha256"]
    assert notes == [
        LoadNote("bom", "articles/bom.txt", "article file starts with a byte-order mark")
    ]


def test_no_articles_folder_makes_every_article_missing(tmp_path):
    frame, notes = _load(tmp_path, ["a", "b"])
    assert frame.get_column("file_status").to_list() == ["missing", "missing"]
    assert frame.get_column("text").to_list() == [None, None] and notes == []


@pytest.mark.parametrize("make", ["folder", "fifo"])
def test_an_article_name_that_is_no_file_is_an_input_error(root, make):
    path = root / "articles" / "odd.txt"
    if make == "folder":
        path.mkdir()
    else:
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes here")
        os.mkfifo(path)
    kind = "a folder" if make == "folder" else "a named pipe (FIFO)"
    with pytest.raises(InputError, match=re.escape(f"is {kind}, not a regular file")):
        _load(root, ["plain", "odd"])


@given(st.lists(st.none() | st.binary(max_size=12) | st.text(max_size=6).map(str.encode)))
def test_decoded_is_strict_utf8_like_python(values):
    def python(value: bytes | None) -> str | None:
        try:
            return None if value is None else value.decode("utf-8")
        except UnicodeDecodeError:
            return None

    got = _decoded(pl.Series(values, dtype=pl.Binary))
    assert got.dtype == pl.String
    assert got.to_list() == [python(v) for v in values]


def test_a_read_that_returns_less_than_the_file_is_read_on(root, monkeypatch):
    # One read returns at most about 2 GiB on Linux, and a network file system may return
    # less: the text must still be the whole file, never silently cut.
    real = os.read
    monkeypatch.setattr(articles_module.os, "read", lambda fd, n: real(fd, min(n, 1000)))
    frame, _ = _load(root, ["big", "plain"])
    assert frame.get_column("text").to_list() == [BIG, TEXT]
    assert frame.get_column("file_sha256").to_list() == [_sha(BIG.encode()), _sha(TEXT.encode())]
