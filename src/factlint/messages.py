"""Building finding messages from columns: the small pieces every rule's message shares."""

from __future__ import annotations

import polars as pl

__all__ = ["EXAMPLES_SHOWN", "IDS_SHOWN", "examples", "quote"]

# How many ids a message names from one list; the finding's id columns and details keep the
# rest. A story reprinted by a hundred thousand articles must not make a message of a hundred
# thousand ids.
EXAMPLES_SHOWN = 3
# How many ids an id list in a finding's `details` keeps, with its count beside it.
IDS_SHOWN = 50


def quote(text: pl.Expr) -> pl.Expr:
    """A value quoted for a message (`«نور سلطان»`), `«<null>»` when missing.

    Guillemets rather than ASCII quotes: they read naturally around Arabic text and never
    clash with the JSON quoting of `findings.json`.
    """
    return pl.format("«{}»", text.fill_null("<null>"))


def examples(
    ids: pl.Expr,
    shown: int = EXAMPLES_SHOWN,
    separator: str = ", ",
    count: pl.Expr | None = None,
) -> pl.Expr:
    """A list column as `a, b, c and 12 more`: at most `shown` items, then how many are left.

    `count` is how many there are when `ids` holds only the first of them."""
    head = ids.list.head(shown).list.join(separator)
    left = (ids.list.len() if count is None else count).cast(pl.Int64) - shown
    return pl.when(left > 0).then(pl.format("{} and {} more", head, left)).otherwise(head)
