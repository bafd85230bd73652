"""Output formats: one writer module per format behind one dispatch (ruff's `render/*`).

Every writer is a view of one `factlint.pipeline.RunResult`: `render(name, result, context)`
returns the text of format `name`, with Python's cycle collector paused while it is built
(`collector_paused`). `FORMATS` lists them; `factlint check --output-format` takes any of
these names.
"""

from __future__ import annotations

from collections.abc import Callable

from factlint.collector import collector_paused
from factlint.outputs._common import OutputContext, check_output_folder
from factlint.pipeline import RunResult

__all__ = ["FORMATS", "OutputContext", "check_output_folder", "render"]

Writer = Callable[[RunResult, OutputContext], str]


def _writers() -> dict[str, Writer]:
    from factlint.outputs import github, html, json, junit, markdown, sarif, text

    return {
        "text": text.render,
        "json": json.render,
        "sarif": sarif.render,
        "junit": junit.render,
        "github": github.render,
        "markdown": markdown.render,
        "html": html.render,
    }


FORMATS: tuple[str, ...] = ("text", "json", "sarif", "junit", "github", "markdown", "html")


def render(name: str, result: RunResult, context: OutputContext | None = None) -> str:
    """The text of `result` in format `name` (one of `FORMATS`)."""
    writers = _writers()
    if name not in writers:
        raise ValueError(f"unknown output format {name!r}; one of {', '.join(FORMATS)}")
    with collector_paused():
        return writers[name](result, context or OutputContext())
