"""Reports: views of the findings table."""

from factlint.report.html import render_report, render_run

__all__ = ["render_report", "render_run"]
