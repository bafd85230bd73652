"""factlint: data-quality and fact-consistency checks for claims extracted from Arabic news."""

from factlint.dataset import Dataset, load_dataset
from factlint.engine import CheckResult, discover_rules, run_checks
from factlint.findings import FINDINGS_SCHEMA, Severity
from factlint.pipeline import RunResult, run
from factlint.rules import Rule, RuleContext, rule

__version__ = "0.1.0"

__all__ = [
    "FINDINGS_SCHEMA",
    "CheckResult",
    "Dataset",
    "Rule",
    "RuleContext",
    "RunResult",
    "Severity",
    "__version__",
    "discover_rules",
    "load_dataset",
    "rule",
    "run",
    "run_checks",
]
