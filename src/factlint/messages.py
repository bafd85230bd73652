"""Building finding messages from columns: the small pieces every rule's message shares."""

from __future__ import annotations

import polars as pl

__all__ = ["quote"]


def quote(text: pl.Expr) -> pl.Expr:
    """A value quoted for a message (`«نور سلطان»`), `«<null>»` when missing.

    Guillemets rather than ASCII quotes: they read naturally around Arabic text and never
    clash with the JSON quoting of `findings.json`.
    """
    return pl.format("«{}»", text.fill_null("<null>"))
