"""Write a synthetic dataset of N articles in the factlint layout, fast (vectorised Polars).

Each article is a short Arabic text naming two countries, a city and a signing date; each gets
three mentions and two claims (a signing event and an agreement). Articles share agreements
(a thousand of them); two copies in a hundred of an agreement's articles date its signing a
month later than the others, so FL101 has one real conflict per agreement to find.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import polars as pl

from factlint.arabic.calendars import MONTH_SYSTEMS

COUNTRIES = [
    ("country-morocco", "المغرب", "Morocco"),
    ("country-azerbaijan", "أذربيجان", "Azerbaijan"),
    ("country-kazakhstan", "كازاخستان", "Kazakhstan"),
    ("country-russia", "روسيا", "Russia"),
    ("country-armenia", "أرمينيا", "Armenia"),
]
# The MSA month names as CLDR writes them (يناير .. ديسمبر), from the one month table.
MONTHS = [MONTH_SYSTEMS["msa"][month][0] for month in range(1, 13)]
PREFIX = "وقع "


def generate(root: Path, articles: int, agreements: int = 1000) -> None:
    (root / "articles").mkdir(parents=True, exist_ok=True)
    (root / "claims").mkdir(exist_ok=True)
    (root / "reference").mkdir(exist_ok=True)
    n = articles
    ids = pl.int_range(0, n, eager=True)
    frame = (
        pl.DataFrame({"i": ids})
        .with_columns(
            article_id=pl.format("art-{}", pl.col("i")),
            agreement=pl.format("agreement-synthetic-{}", pl.col("i") % agreements),
            a=(pl.col("i") % agreements) % len(COUNTRIES),
            b=((pl.col("i") % agreements) // len(COUNTRIES) + 1 + (pl.col("i") % agreements))
            % len(COUNTRIES),
            day=(pl.col("i") % agreements) % 28 + 1,
            month=(pl.col("i") % agreements) % 11 + 1,
        )
        .with_columns(
            b=pl.when(pl.col("b") == pl.col("a"))
            .then((pl.col("a") + 1) % len(COUNTRIES))
            .otherwise("b"),
            # One copy in fifty of an agreement's articles dates its signing a month later.
            month=pl.when((pl.col("i") // agreements) % 50 == 49)
            .then(pl.col("month") + 1)
            .otherwise("month"),
        )
    )
    names = pl.Series([c[1] for c in COUNTRIES])
    codes = pl.Series([c[0] for c in COUNTRIES])
    month_names = pl.Series(MONTHS)
    frame = (
        frame.with_columns(
            name_a=pl.col("a").map_batches(lambda s: names.gather(s)),
            name_b=pl.col("b").map_batches(lambda s: names.gather(s)),
            code_a=pl.col("a").map_batches(lambda s: codes.gather(s)),
            code_b=pl.col("b").map_batches(lambda s: codes.gather(s)),
            month_name=(pl.col("month") - 1).map_batches(lambda s: month_names.gather(s)),
        )
        .with_columns(
            date_text=pl.format("{} {} 2024", pl.col("day"), pl.col("month_name")),
            date_value=pl.format(
                "2024-{}-{}",
                pl.col("month").cast(pl.String).str.zfill(2),
                pl.col("day").cast(pl.String).str.zfill(2),
            ),
        )
        .with_columns(
            text=pl.format(
                "{}{} و{} اتفاقية تعاون في {}.\n",
                pl.lit(PREFIX),
                pl.col("name_a"),
                pl.col("name_b"),
                pl.col("date_text"),
            ),
        )
    )
    # Offsets in code points, computed as Polars expressions.
    a_start = len(PREFIX)
    frame = (
        frame.with_columns(
            a_end=a_start + pl.col("name_a").str.len_chars(),
        )
        .with_columns(
            b_start=pl.col("a_end") + 2,
        )
        .with_columns(
            b_end=pl.col("b_start") + pl.col("name_b").str.len_chars(),
        )
        .with_columns(
            d_start=pl.col("b_end") + len(" اتفاقية تعاون في "),
        )
        .with_columns(d_end=pl.col("d_start") + pl.col("date_text").str.len_chars())
    )

    texts = frame.select("article_id", "text")
    digests = []
    for article_id, text in texts.iter_rows():
        data = text.encode("utf-8")
        (root / "articles" / f"{article_id}.txt").write_bytes(data)
        digests.append(hashlib.sha256(data).hexdigest())
    frame = frame.with_columns(sha256=pl.Series(digests))
    frame.select(
        "article_id",
        title=pl.lit("اتفاقية"),
        outlet=pl.lit(None, dtype=pl.String),
        url=pl.lit(None, dtype=pl.String),
        language=pl.lit("ar"),
        published=pl.lit("2025"),
        sha256="sha256",
    ).write_csv(root / "articles.csv")

    m = lambda suffix: pl.format("{}-m{}", pl.col("article_id"), pl.lit(suffix))  # noqa: E731
    mentions = pl.concat(
        [
            frame.select(
                mention_id=m("1"),
                article_id="article_id",
                kind=pl.lit("place"),
                start=pl.lit(a_start, dtype=pl.Int64),
                end="a_end",
                text="name_a",
                value="code_a",
            ),
            frame.select(
                mention_id=m("2"),
                article_id="article_id",
                kind=pl.lit("place"),
                start="b_start",
                end="b_end",
                text="name_b",
                value="code_b",
            ),
            frame.select(
                mention_id=m("3"),
                article_id="article_id",
                kind=pl.lit("date"),
                start="d_start",
                end="d_end",
                text="date_text",
                value="date_value",
            ),
        ],
        how="vertical_relaxed",
    ).with_columns(pl.col("start", "end").cast(pl.Int64))
    c = lambda suffix: pl.format("{}-c{}", pl.col("article_id"), pl.lit(suffix))  # noqa: E731
    participants = pl.concat_list("code_a", "code_b").list.sort()
    claims = pl.concat(
        [
            frame.select(
                claim_id=c("1"),
                article_id="article_id",
                kind=pl.lit("event"),
                event_type=pl.lit("signing"),
                participants=participants,
                agreement="agreement",
                date="date_value",
                date_mention=m("3"),
                status=pl.lit("occurred"),
                mention_ids=pl.concat_list(m("1"), m("2"), m("3")),
            ),
            frame.select(
                claim_id=c("2"),
                article_id="article_id",
                kind=pl.lit("agreement"),
                agreement="agreement",
                parties=participants,
                mention_ids=pl.concat_list(m("1"), m("2")),
            ),
        ],
        how="diagonal_relaxed",
    ).with_columns(
        extractor=pl.lit("synthetic"), extractor_version=pl.lit("1"), confidence=pl.lit(0.9)
    )
    # One pair of files per 10,000 articles keeps the file count sane.
    shard = pl.col("article_id").str.extract(r"(\d+)$").cast(pl.Int64) // 10_000
    for (k,), part in mentions.with_columns(_s=shard).partition_by("_s", as_dict=True).items():
        part.drop("_s").write_ndjson(root / "claims" / f"shard-{k:05d}.mentions.jsonl")
    for (k,), part in claims.with_columns(_s=shard).partition_by("_s", as_dict=True).items():
        part.drop("_s").write_ndjson(root / "claims" / f"shard-{k:05d}.claims.jsonl")

    pl.DataFrame(
        {
            "entity_id": [c[0] for c in COUNTRIES]
            + [f"agreement-synthetic-{k}" for k in range(agreements)],
            "type": ["country"] * len(COUNTRIES) + ["agreement"] * agreements,
            "name_ar": [c[1] for c in COUNTRIES] + ["اتفاقية تعاون"] * agreements,
            "name_en": [c[2] for c in COUNTRIES] + ["Cooperation agreement"] * agreements,
            "source": ["synthetic"] * (len(COUNTRIES) + agreements),
        }
    ).write_csv(root / "reference" / "entities.csv")
    for name, header in {
        "aliases": "entity_id,alias,valid_from,valid_to,source",
        "office_holders": "office_id,person_id,start,end,source",
        "agreement_parties": "agreement_id,party_id,source",
        "scopes": "scope_code,label_en,label_ar",
        "scope_phrases": "scope_code,phrase_ar",
    }.items():
        (root / "reference" / f"{name}.csv").write_text(header + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    generate(args.root, args.articles)


if __name__ == "__main__":
    main()
