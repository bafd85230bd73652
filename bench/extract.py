"""Extraction throughput on real-size articles, on one core.

    python -m bench.extract [--articles 1000] [--repeat 3]

The dataset of record's 75 real articles (seeds and SaudiNewsNet, about 3 KB each) are cycled to
`--articles` articles of 4 KB each (consecutive articles joined, cut at a space), so the text
is real Arabic news and not a repetition of one article. The extractor is prepared once (as
`factlint extract` does), then every article is extracted in this one process; the reported
figure is the median over `--repeat` runs of articles per second and KB per second, with the
share of time the temporal tagger takes. Results go to stdout and `bench/results/extract.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

from factlint.dataset import load_dataset
from factlint.extract.builtin import BuiltinExtractor
from factlint.extract.temporal import tag_dates

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).parent / "results"
TARGET_BYTES = 4096


def corpus(count: int) -> list[tuple[str, str, str | None]]:
    """`count` articles of about 4 KB of real text: (id, text, published)."""
    frame = load_dataset(ROOT / "datasets").frame("articles")
    articles = (
        frame.filter(frame["text"].is_not_null()).select("article_id", "text", "published").rows()
    )
    out = []
    i = 0
    while len(out) < count:
        parts, published, size = [], None, 0
        while size < TARGET_BYTES:
            _, text, pub = articles[i % len(articles)]
            parts.append(text)
            size += len(text.encode())
            published = published or pub
            i += 1
        # Cut at the last space before 4 KB, so every article is about the target size.
        text = "\n".join(parts).encode()[:TARGET_BYTES].decode("utf-8", "ignore")
        text = text[: text.rfind(" ")] if " " in text else text
        out.append((f"bench-{len(out):06d}", text, published))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    extractor = BuiltinExtractor()
    extractor.prepare(dict(load_dataset(ROOT / "datasets").frames))
    articles = corpus(args.articles)
    size_kb = sum(len(t.encode()) for _, t, _ in articles) / 1024
    for article_id, text, published in articles[:200]:
        extractor.extract(article_id, text, published)  # warm-up: imports, caches
    runs, cpu, tagger = [], [], []
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        for article_id, text, published in articles:
            extractor.extract(article_id, text, published)
        runs.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
        started = time.perf_counter()
        for _, text, published in articles:
            tag_dates(text, published)
        tagger.append(time.perf_counter() - started)
    seconds = statistics.median(runs)
    result = {
        "articles": len(articles),
        "mean_article_kb": round(size_kb / len(articles), 2),
        "seconds": round(seconds, 3),
        "articles_per_second": round(len(articles) / seconds, 1),
        # CPU time of this process: the figure to trust when the machine is shared.
        "articles_per_cpu_second": round(len(articles) / statistics.median(cpu), 1),
        "kb_per_second": round(size_kb / seconds, 1),
        "tagger_share": round(statistics.median(tagger) / seconds, 3),
        "extractor": f"{extractor.name} {extractor.version}",
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(json.dumps(result, indent=1))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "extract.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
