"""Speed of the temporal tagger on real articles: `python -m bench.tagger [--articles 1000]`.

The corpus articles (datasets/articles/*.txt) are repeated to the requested count and tagged one
by one with their publication dates, on one core. The whole extractor must do >= 300 articles of
~4 KB a second; the tagger's share of that budget is meant to stay well under half (>= 1000/s).
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

from factlint.extract.temporal import tag_dates

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--datasets", type=Path, default=ROOT / "datasets")
    args = parser.parse_args()
    with (args.datasets / "articles.csv").open(encoding="utf-8", newline="") as f:
        published = {row["article_id"]: row["published"] or None for row in csv.DictReader(f)}
    corpus = [
        (path.read_text(encoding="utf-8"), published.get(path.stem))
        for path in sorted((args.datasets / "articles").glob("*.txt"))
    ]
    batch = (corpus * (args.articles // len(corpus) + 1))[: args.articles]
    size = sum(len(text.encode()) for text, _ in batch) / len(batch)
    tag_dates(*batch[0])  # imports and the first Hijri conversion are not part of the rate
    began = time.perf_counter()
    mentions = sum(len(tag_dates(text, pub)) for text, pub in batch)
    seconds = time.perf_counter() - began
    print(
        f"{len(batch)} articles (mean {size / 1024:.1f} KB, {mentions} mentions) in "
        f"{seconds:.2f} s: {len(batch) / seconds:.0f} articles/s, "
        f"{size * len(batch) / seconds / 1024 / 1024:.1f} MB/s"
    )


if __name__ == "__main__":
    main()
