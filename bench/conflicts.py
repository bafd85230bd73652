"""Same-event date disagreements, end to end on the corpus: extract, check, judge.

    python -m bench.conflicts [--datasets DIR] [--under-test PREFIX] [--windows]

The curated mentions and claims of the articles under test (default: every corpus article,
`snn-*`) are hidden, the articles are extracted with the built-in extractor, every date rule
that reports two datings of one event runs, and each finding is judged against
`gold/disagreements.*.yml` (see `factlint.conflict_eval`). Prints the figures, every finding
with its verdict and every missed real disagreement. `--windows` prints the gold figures that
set the identity windows instead.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from factlint.conflict_eval import evaluate_conflicts, format_evaluation, window_evidence

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=ROOT / "datasets")
    parser.add_argument("--under-test", default="snn-")
    parser.add_argument("--windows", action="store_true")
    args = parser.parse_args()
    if args.windows:
        print(window_evidence(args.datasets))
        return
    print(format_evaluation(evaluate_conflicts(args.datasets, under_test=args.under_test)))


if __name__ == "__main__":
    main()
