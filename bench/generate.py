"""Write a synthetic dataset of N articles, in the text or the columnar layout, fast (vectorised).

    python -m bench.generate ROOT --articles 50000 [--layout parquet] [--seed 0]

Each article reports the signing of an agreement between two countries on a date: its text
names both countries (CLDR's Arabic names, `factlint.arabic.countries`) and the date, with
three mentions (the two countries, the date) and two claims (the signing event, the agreement
with its parties). Like news, it is long-tailed: agreements are drawn by a power law (a few
are reported by thousands of articles, most by one or two), and so are the countries.

Contradictions of every rule family are planted at a known rate (`--rate`, per article), and
`generate` returns which articles carry them, so that a run can be scored (`score`): every
planted article must be named by a finding of its code, and no finding may name only clean
articles.
- dates, FL101: an article dates its agreement's signing a month after every other article;
- names, FL204: an article quotes a person the reference does not know (an extra sentence
  with a person mention that resolves to nothing);
- agreements, FL302: an agreement claim names a third party;
- integrity, FL005: `articles.csv` gives a hash of other content than the article's text.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import numpy as np
import polars as pl

from factlint.arabic.calendars import MONTH_SYSTEMS
from factlint.arabic.countries import countries

# The MSA month names as CLDR writes them (يناير .. ديسمبر), from the one month table.
MONTHS = [MONTH_SYSTEMS["msa"][month][0] for month in range(1, 13)]
PREFIX = "وقع "
MIDDLE = " اتفاقية تعاون في "
QUOTE = " وصرح "
# Made-up person names (no reference entity, no country): each planted FL204 quotes one.
UNKNOWN_PEOPLE = ["صمدوف", "غولييف", "بختياروف", "ممادوف"]
PLANTED_CODES = ("FL101", "FL204", "FL302", "FL005")


def _power_law(rng: np.random.Generator, n: int, size: int, exponent: float) -> np.ndarray:
    """`size` draws from 0..n-1 with P(k) proportional to 1/(k+1)^exponent."""
    weights = 1.0 / np.arange(1, n + 1) ** exponent
    return rng.choice(n, size=size, p=weights / weights.sum())


def generate(
    root: Path,
    articles: int,
    *,
    layout: str = "text",
    seed: int = 0,
    rate: float = 0.002,
    agreements: int | None = None,
) -> dict[str, list[str]]:
    """Write the dataset; return the planted article ids by the code that must find them."""
    rng = np.random.default_rng(seed)
    nations = [c for c in countries() if c.name_ar]
    n = articles
    n_agreements = agreements or max(4, n // 10)
    agreement = _power_law(rng, n_agreements, n, 1.1)
    # Each agreement: two distinct countries drawn by a power law, a day and a month of 2024.
    party_a = _power_law(rng, len(nations), n_agreements, 1.0)
    party_b = (party_a + 1 + _power_law(rng, len(nations) - 1, n_agreements, 1.0)) % len(nations)
    days = rng.integers(1, 29, n_agreements)
    months = rng.integers(1, 12, n_agreements)  # 1..11: a planted shift stays in the year
    frame = pl.DataFrame(
        {
            "i": np.arange(n),
            "g": agreement,
            "a": party_a[agreement],
            "b": party_b[agreement],
            "day": days[agreement],
            "month": months[agreement],
        }
    ).with_columns(article_id=pl.format("art-{}", pl.col("i")))
    # Plants: the first article of an agreement never carries one, so that every agreement
    # keeps a clean version to contradict.
    first = frame.group_by("g").agg(pl.col("i").min().alias("first"))
    frame = frame.join(first, on="g").sort("i")
    reported = frame.group_by("g").len().filter(pl.col("len") > 1).get_column("g")
    eligible = (pl.col("i") != pl.col("first")) & pl.col("g").is_in(reported.implode())
    draws = rng.random((4, n))
    frame = frame.with_columns(
        **{
            f"plant_{code}": pl.Series(draws[k] < rate) & (eligible if k in (0, 2) else True)
            for k, code in enumerate(PLANTED_CODES)
        }
    )
    # One FL101 plant per agreement at most: two shifted copies would agree with each other.
    frame = frame.with_columns(
        plant_FL101=pl.col("plant_FL101") & (pl.col("plant_FL101").cum_sum().over("g") == 1)
    )
    frame = frame.with_columns(
        month=pl.when("plant_FL101").then(pl.col("month") + 1).otherwise("month"),
        third=pl.Series((party_b[agreement] + 1) % len(nations)),
        person=pl.Series(np.array(UNKNOWN_PEOPLE)[rng.integers(0, len(UNKNOWN_PEOPLE), n)]),
    ).with_columns(
        third=pl.when(pl.col("third") == pl.col("a"))
        .then((pl.col("third") + 1) % len(nations))
        .otherwise("third")
    )
    frame = _texts(frame, nations)
    tables = _tables(frame, nations, n_agreements)
    if layout == "parquet":
        _write_parquet(root, tables)
    elif layout == "text":
        _write_text(root, tables)
    else:
        raise ValueError(f"unknown layout {layout!r}")
    planted = {
        code: frame.filter(f"plant_{code}").get_column("article_id").to_list()
        for code in PLANTED_CODES
    }
    return planted


def _texts(frame: pl.DataFrame, nations: list) -> pl.DataFrame:
    names = pl.Series([c.name_ar for c in nations])
    codes = pl.Series([c.entity_id for c in nations])
    month_names = pl.Series(MONTHS)
    frame = frame.with_columns(
        name_a=pl.col("a").map_batches(lambda s: names.gather(s)),
        name_b=pl.col("b").map_batches(lambda s: names.gather(s)),
        code_a=pl.col("a").map_batches(lambda s: codes.gather(s)),
        code_b=pl.col("b").map_batches(lambda s: codes.gather(s)),
        code_third=pl.col("third").map_batches(lambda s: codes.gather(s)),
        month_name=(pl.col("month") - 1).map_batches(lambda s: month_names.gather(s)),
        agreement=pl.format("agreement-synthetic-{}", pl.col("g")),
    ).with_columns(
        date_text=pl.format("{} {} 2024", pl.col("day"), pl.col("month_name")),
        date_value=pl.format(
            "2024-{}-{}",
            pl.col("month").cast(pl.String).str.zfill(2),
            pl.col("day").cast(pl.String).str.zfill(2),
        ),
    )
    sentence = pl.format(
        "{}{} و{}{}{}.", pl.lit(PREFIX), "name_a", "name_b", pl.lit(MIDDLE), "date_text"
    )
    quote = pl.when("plant_FL204").then(pl.format("{}{}.", pl.lit(QUOTE), "person"))
    frame = frame.with_columns(
        # A closing line of its own: no two articles have the same text (and hash).
        text=pl.concat_str(
            sentence, quote.otherwise(pl.lit("")), pl.format("\nالمرجع: {}\n", "article_id")
        ),
        a_start=pl.lit(len(PREFIX)),
    )
    # Offsets in code points, as the data model counts them.
    return (
        frame.with_columns(a_end=pl.col("a_start") + pl.col("name_a").str.len_chars())
        .with_columns(b_start=pl.col("a_end") + 2)
        .with_columns(b_end=pl.col("b_start") + pl.col("name_b").str.len_chars())
        .with_columns(d_start=pl.col("b_end") + len(MIDDLE))
        .with_columns(d_end=pl.col("d_start") + pl.col("date_text").str.len_chars())
        .with_columns(p_start=pl.col("d_end") + 1 + len(QUOTE))
        .with_columns(p_end=pl.col("p_start") + pl.col("person").str.len_chars())
    )


def _sha256(texts: pl.Series) -> pl.Series:
    return pl.Series(
        [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts.to_list()], dtype=pl.String
    )


def _tables(frame: pl.DataFrame, nations: list, n_agreements: int) -> dict[str, pl.DataFrame]:
    digest = _sha256(frame.get_column("text"))
    stale = pl.Series("stale", [None] * frame.height, dtype=pl.String).scatter(
        frame.get_column("plant_FL005").arg_true(),
        _sha256(frame.filter("plant_FL005").get_column("text") + " "),
    )
    articles = frame.select(
        "article_id",
        title=pl.lit("اتفاقية"),
        outlet=pl.lit(None, dtype=pl.String),
        url=pl.lit(None, dtype=pl.String),
        language=pl.lit("ar"),
        published=pl.lit("2025"),
        sha256=pl.when("plant_FL005").then(stale).otherwise(digest),
        text="text",
    )

    def m(suffix: str) -> pl.Expr:
        return pl.format("{}-m{}", pl.col("article_id"), pl.lit(suffix))

    def c(suffix: str) -> pl.Expr:
        return pl.format("{}-c{}", pl.col("article_id"), pl.lit(suffix))

    def mention(suffix: str, kind: str, start: str, end: str, text: str, value: pl.Expr):
        return frame.select(
            mention_id=m(suffix),
            article_id="article_id",
            kind=pl.lit(kind),
            start=pl.col(start).cast(pl.Int64),
            end=pl.col(end).cast(pl.Int64),
            text=text,
            value=value,
        )

    people = frame.filter("plant_FL204")
    mentions = pl.concat(
        [
            mention("1", "place", "a_start", "a_end", "name_a", pl.col("code_a")),
            mention("2", "place", "b_start", "b_end", "name_b", pl.col("code_b")),
            mention("3", "date", "d_start", "d_end", "date_text", pl.col("date_value")),
            people.select(
                mention_id=m("4"),
                article_id="article_id",
                kind=pl.lit("person"),
                start=pl.col("p_start").cast(pl.Int64),
                end=pl.col("p_end").cast(pl.Int64),
                text="person",
                value=pl.lit(None, dtype=pl.String),
            ),
        ],
        how="vertical_relaxed",
    ).with_columns(
        granularity=pl.when(pl.col("kind") == "date").then(pl.lit("day")),
        calendar=pl.when(pl.col("kind") == "date").then(pl.lit("gregorian")),
    )
    participants = pl.concat_list("code_a", "code_b").list.sort()
    parties = pl.when("plant_FL302").then(
        pl.concat_list("code_a", "code_b", "code_third").list.sort()
    )
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
                parties=parties.otherwise(participants),
                mention_ids=pl.concat_list(m("1"), m("2")),
            ),
        ],
        how="diagonal_relaxed",
    ).with_columns(
        extractor=pl.lit("synthetic"), extractor_version=pl.lit("1"), confidence=pl.lit(0.9)
    )
    entities = pl.DataFrame(
        {
            "entity_id": [c.entity_id for c in nations]
            + [f"agreement-synthetic-{k}" for k in range(n_agreements)],
            "type": ["country"] * len(nations) + ["agreement"] * n_agreements,
            "name_ar": [c.name_ar for c in nations]
            + [f"اتفاقية التعاون {k}" for k in range(n_agreements)],
            "name_en": [c.name_en for c in nations]
            + [f"Cooperation agreement {k}" for k in range(n_agreements)],
            "source": ["synthetic"] * (len(nations) + n_agreements),
        }
    )
    empty = {
        "aliases": ["entity_id", "alias", "valid_from", "valid_to", "source"],
        "office_holders": ["office_id", "person_id", "start", "end", "source"],
        "agreement_parties": ["agreement_id", "party_id", "source"],
        "scopes": ["scope_code", "label_en", "label_ar"],
        "scope_phrases": ["scope_code", "phrase_ar"],
    }
    tables = {"articles": articles, "mentions": mentions, "claims": claims, "entities": entities}
    for name, columns in empty.items():
        tables[name] = pl.DataFrame(schema=dict.fromkeys(columns, pl.String))
    return tables


def _write_text(root: Path, tables: dict[str, pl.DataFrame]) -> None:
    for folder in ("articles", "claims", "reference"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    articles = tables["articles"]
    for article_id, text in articles.select("article_id", "text").iter_rows():
        (root / "articles" / f"{article_id}.txt").write_bytes(text.encode("utf-8"))
    articles.drop("text").write_csv(root / "articles.csv")
    # One pair of files per 10,000 articles keeps the file count sane.
    shard = pl.col("article_id").str.extract(r"(\d+)$").cast(pl.Int64) // 10_000
    for table in ("mentions", "claims"):
        frame = tables[table].with_columns(_s=shard)
        for (k,), part in frame.partition_by("_s", as_dict=True).items():
            part.drop("_s").write_ndjson(root / "claims" / f"shard-{k:05d}.{table}.jsonl")
    for name in ("entities", "aliases", "office_holders", "agreement_parties", "scopes"):
        tables[name].write_csv(root / "reference" / f"{name}.csv")
    tables["scope_phrases"].write_csv(root / "reference" / "scope_phrases.csv")


def _write_parquet(root: Path, tables: dict[str, pl.DataFrame]) -> None:
    (root / "claims").mkdir(parents=True, exist_ok=True)
    (root / "reference").mkdir(exist_ok=True)
    tables["articles"].write_parquet(root / "articles.parquet")
    for table in ("mentions", "claims"):
        tables[table].write_parquet(root / "claims" / f"all.{table}.parquet")
    for name in ("entities", "aliases", "office_holders", "agreement_parties", "scopes"):
        tables[name].write_parquet(root / "reference" / f"{name}.parquet")
    tables["scope_phrases"].write_parquet(root / "reference" / "scope_phrases.parquet")


def score(findings: pl.DataFrame, planted: dict[str, list[str]]) -> dict[str, object]:
    """Recall per planted code (the share of planted articles a finding of that code names)
    and the findings that name no planted article at all (clean data must give none)."""
    recall = {}
    for code, ids in planted.items():
        named = set(
            findings.filter(pl.col("code") == code).get_column("article_ids").explode().to_list()
        )
        recall[code] = 1.0 if not ids else len(set(ids) & named) / len(ids)
    dirty = [a for ids in planted.values() for a in ids]
    stray = findings.filter(~pl.col("article_ids").list.eval(pl.element().is_in(dirty)).list.any())
    return {
        "recall": recall,
        "planted": {code: len(ids) for code, ids in planted.items()},
        "stray_findings": stray.select("code", "message").head(20).rows(),
        "stray_count": stray.height,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--layout", choices=("text", "parquet"), default="text")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rate", type=float, default=0.002)
    args = parser.parse_args()
    planted = generate(args.root, args.articles, layout=args.layout, seed=args.seed, rate=args.rate)
    path = args.root.with_name(args.root.name + ".planted.json")
    path.write_text(json.dumps(planted) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
