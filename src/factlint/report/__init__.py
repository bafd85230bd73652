"""Reports: views of the findings table."""

from factlint.report.html import render_report

__all__ = ["render_report"]
