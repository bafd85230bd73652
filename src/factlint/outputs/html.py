"""`report.html`: the self-contained report people browse (`factlint.report`)."""

from __future__ import annotations

from factlint.outputs._common import OutputContext
from factlint.pipeline import RunResult

__all__ = ["render"]


def render(result: RunResult, context: OutputContext) -> str:
    from factlint.report import render_run

    return render_run(result, factlint_version=context.version, generated_at=context.generated_at)
