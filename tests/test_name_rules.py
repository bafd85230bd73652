"""Properties of the names family (FL2xx): order independence, noise, validity, precision."""

from __future__ import annotations

import json
from datetime import date, timedelta

import polars as pl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.names.fl201_anachronistic_name import anachronistic_name
from checks.names.fl202_name_variants import name_variants
from checks.names.fl203_conflicting_roles import conflicting_roles
from checks.names.fl204_unknown_entity import unknown_entity
from factlint.config import Config
from factlint.dataset import Dataset
from factlint.engine import run_checks

from rule_cases import RULES_DIR, build_dataset

RULES = {r.code: r for r in (anachronistic_name, name_variants, conflicting_roles, unknown_entity)}
SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _run(code: str, dataset: Dataset) -> pl.DataFrame:
    config = Config(select=(code, "FL009", "FL010"))
    findings = run_checks(dataset, config, rules=[RULES[code]]).findings
    crashed = findings.filter(pl.col("code") != code)
    assert crashed.height == 0, crashed.get_column("message").to_list()
    return findings


def _content(findings: pl.DataFrame) -> list[tuple]:
    """Everything a finding says, in a canonical order."""
    return sorted(
        (
            f["fingerprint"],
            f["message"],
            tuple(f["article_ids"]),
            tuple(f["claim_ids"]),
            tuple(f["mention_ids"]),
            f["details"],
        )
        for f in findings.to_dicts()
    )


def _fail_cases() -> list[tuple[str, str, dict]]:
    out = []
    for code in sorted(RULES):
        document = yaml.safe_load((RULES_DIR / f"{code}.yml").read_text(encoding="utf-8"))
        out += [(code, n, c) for n, c in document["cases"].items() if n.startswith("fail_")]
    return out


FAIL_CASES = _fail_cases()


@pytest.mark.parametrize(
    ("code", "name", "case"), FAIL_CASES, ids=[f"{c}-{n}" for c, n, _ in FAIL_CASES]
)
@SETTINGS
@given(data=st.data())
def test_findings_do_not_depend_on_row_or_article_order(code, name, case, data):
    dataset = build_dataset(case)
    expected = _content(_run(code, dataset))
    frames = {}
    for table, frame in dataset.frames.items():
        order = data.draw(st.permutations(range(frame.height)), label=table)
        frames[table] = frame[list(order)] if frame.height else frame
    shuffled = Dataset(root=dataset.root, frames=frames)
    assert _content(_run(code, shuffled)) == expected


# --- FL202: orthographic noise is never a variant ------------------------------------------------

NAMES = [
    "أذربيجان",
    "ناغورنو كاراباخ",
    "إلهام علييف",
    "سيرغي لافروف",
    "آذرتاج",
    "المملكة المغربية",
    "جبهة البوليساريو",
    "مراكش",
    "ناصر بوريطة",
    "عبد اللطيف لوديي",
]
DIACRITICS = [chr(c) for c in range(0x064B, 0x0653)]  # fathatan .. sukun, shadda
TATWEEL = "\u0640"
BIDI = ["\u200e", "\u200f", "\u061c", "\u202b", "\u202c", "\u2067", "\u2069", "\u200b"]
# Letters that normalize to one another: alef and hamza carriers, alef maqsura, taa marbuta.
SWAPS = {
    "ا": "اأإآ",
    "أ": "اأإآ",
    "إ": "اأإآ",
    "آ": "اأإآ",
    "ي": "يىئ",
    "ى": "يى",
    "و": "وؤ",
    "ة": "ةه",
    "ه": "هة",
}


@st.composite
def noisy(draw, name: str) -> str:
    out = draw(st.lists(st.sampled_from([*DIACRITICS, *BIDI]), max_size=1))
    for char in name:
        if char in SWAPS and draw(st.booleans()):
            char = draw(st.sampled_from(SWAPS[char]))
        out.append(char)
        if char != " ":
            extra = draw(st.lists(st.sampled_from([*DIACRITICS, TATWEEL, *BIDI]), max_size=2))
            out.extend(extra)
    return "".join(out)


@SETTINGS
@given(data=st.data(), name=st.sampled_from(NAMES), articles=st.integers(1, 3))
def test_fl202_ignores_orthographic_noise(data, name, articles):
    variants = data.draw(st.lists(noisy(name), min_size=2, max_size=6), label="variants")
    texts: dict[str, list[str]] = {f"a-{i}": [] for i in range(articles)}
    for index, variant in enumerate(variants):
        texts[f"a-{index % articles}"].append(variant)
    case_articles, mentions = [], []
    for article_id, spans in texts.items():
        text = ""
        for number, span in enumerate(spans):
            text += "زار الوفد " if number == 0 else " ثم "
            start = len(text)
            text += span
            mentions.append(
                {
                    "mention_id": f"{article_id}-m{number}",
                    "article_id": article_id,
                    "kind": "place",
                    "start": start,
                    "end": start + len(span),
                    "text": span,
                    "value": "entity-x",
                }
            )
        case_articles.append({"article_id": article_id, "text": text})
    case = {
        "articles": case_articles,
        "entities": [
            {
                "entity_id": "entity-x",
                "type": "region",
                "name_ar": name,
                "name_en": "X",
                "source": "t",
            }
        ],
        "mentions": mentions,
    }
    assert _run("FL202", build_dataset(case)).height == 0


# --- FL201: a name used inside its validity period is never anachronistic -----------------------

DAYS = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))
GRANULARITY = st.sampled_from(["day", "month", "year"])


def _timex(day: date, granularity: str) -> str:
    return {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4]}[
        granularity
    ]


@SETTINGS
@given(
    bounds=st.lists(DAYS, min_size=3, max_size=3).map(sorted),
    from_granularity=st.sampled_from([None, "day", "month", "year"]),
    to_granularity=st.sampled_from([None, "day", "month", "year"]),
    use_granularity=GRANULARITY,
    basis=st.sampled_from(["published", "latest event", "dated claim"]),
)
def test_fl201_never_flags_a_name_used_within_its_period(
    bounds, from_granularity, to_granularity, use_granularity, basis
):
    valid_from, used, valid_to = bounds
    text = "وصل الوفد إلى نور سلطان حيث عقد اجتماعاً."
    article = {"article_id": "a-1", "text": text}
    mentions = [
        {
            "mention_id": "a-1-m1",
            "article_id": "a-1",
            "kind": "place",
            "text": "نور سلطان",
            "value": "city-astana",
        }
    ]
    claims = []
    if basis == "published":
        article["published"] = _timex(used, use_granularity)
    else:
        # A meeting elsewhere (or, for "dated claim", at the named place) dates the article.
        claims.append(
            {
                "claim_id": "a-1-c1",
                "article_id": "a-1",
                "kind": "event",
                "event_type": "meeting",
                "participants": [],
                "date": _timex(used, use_granularity),
                "status": "occurred",
                "mention_ids": ["a-1-m1"] if basis == "dated claim" else [],
            }
        )
    case = {
        "articles": [article],
        "entities": [
            {
                "entity_id": "city-astana",
                "type": "city",
                "name_ar": "أستانا",
                "name_en": "Astana",
                "source": "t",
            }
        ],
        "aliases": [
            {
                "entity_id": "city-astana",
                "alias": "نور سلطان",
                "valid_from": _timex(valid_from, from_granularity) if from_granularity else None,
                "valid_to": _timex(valid_to, to_granularity) if to_granularity else None,
                "source": "t",
            }
        ],
        "mentions": mentions,
        "claims": claims,
    }
    assert _run("FL201", build_dataset(case)).height == 0


@SETTINGS
@given(gap=st.integers(1, 4000), to_granularity=st.sampled_from(["day", "month", "year"]))
def test_fl201_flags_a_day_after_the_period_ends(gap, to_granularity):
    """The converse, for the day precision of the article: published after the last possible day."""
    last = {"day": date(2022, 9, 17), "month": date(2022, 9, 30), "year": date(2022, 12, 31)}
    published = last[to_granularity] + timedelta(days=gap)
    case = {
        "articles": [
            {"article_id": "a-1", "published": published.isoformat(), "text": "في نور سلطان"}
        ],
        "entities": [
            {
                "entity_id": "city-astana",
                "type": "city",
                "name_ar": "أستانا",
                "name_en": "Astana",
                "source": "t",
            }
        ],
        "aliases": [
            {
                "entity_id": "city-astana",
                "alias": "نور سلطان",
                "valid_from": "2019-03",
                "valid_to": _timex(date(2022, 9, 17), to_granularity),
                "source": "t",
            }
        ],
        "mentions": [
            {
                "mention_id": "a-1-m1",
                "article_id": "a-1",
                "kind": "place",
                "text": "نور سلطان",
                "value": "city-astana",
            }
        ],
    }
    findings = _run("FL201", build_dataset(case))
    assert findings.height == 1
    assert json.loads(findings.get_column("details")[0])["current_names"] == ["أستانا"]


# --- FL203: a day within a month within a year of one's own term never conflicts ----------------


@SETTINGS
@given(
    offset=st.integers(0, 3000),
    granularity=GRANULARITY,
    start_granularity=GRANULARITY,
)
def test_fl203_a_date_within_ones_own_term_never_conflicts(offset, granularity, start_granularity):
    handover = date(2020, 7, 16)
    day = handover + timedelta(days=offset)
    case = {
        "articles": [{"article_id": "a-1", "text": "وزير الخارجية الأذربيجاني جيهون بيراموف"}],
        "entities": [
            {
                "entity_id": "country-azerbaijan",
                "type": "country",
                "name_ar": "أذربيجان",
                "name_en": "Azerbaijan",
                "source": "t",
            },
            {
                "entity_id": "office-azerbaijan-foreign-minister",
                "type": "office",
                "name_ar": "وزير الخارجية الأذربيجاني",
                "name_en": "FM",
                "source": "t",
            },
        ],
        "office_holders": [
            {
                "office_id": "office-azerbaijan-foreign-minister",
                "person_id": "person-elmar-mammadyarov",
                "start": "2004-04-02",
                "end": _timex(handover, start_granularity),
                "source": "t",
            },
            {
                "office_id": "office-azerbaijan-foreign-minister",
                "person_id": "person-jeyhun-bayramov",
                "start": _timex(handover, start_granularity),
                "end": None,
                "source": "t",
            },
        ],
        "claims": [
            {
                "claim_id": "a-1-c1",
                "article_id": "a-1",
                "kind": "role",
                "person": "person-jeyhun-bayramov",
                "office": "office-azerbaijan-foreign-minister",
                "date": _timex(day, granularity),
            },
        ],
    }
    assert _run("FL203", build_dataset(case)).height == 0


@SETTINGS
@given(day=DAYS, first=GRANULARITY, second=GRANULARITY, swap=st.booleans())
def test_fl203_pair_conflicts_are_one_finding_whichever_side_comes_first(day, first, second, swap):
    roles = [
        ("a-1", "office-russia-foreign-minister", _timex(day, first)),
        ("b-2", "office-azerbaijan-foreign-minister", _timex(day, second)),
    ]
    if swap:
        roles.reverse()
    case = {
        "articles": [{"article_id": "a-1", "text": "..."}, {"article_id": "b-2", "text": "..."}],
        "entities": [
            {
                "entity_id": "country-russia",
                "type": "country",
                "name_ar": "روسيا",
                "name_en": "Russia",
                "source": "t",
            },
            {
                "entity_id": "country-azerbaijan",
                "type": "country",
                "name_ar": "أذربيجان",
                "name_en": "Azerbaijan",
                "source": "t",
            },
        ],
        "claims": [
            {
                "claim_id": f"{a}-c1",
                "article_id": a,
                "kind": "role",
                "person": "person-x",
                "office": o,
                "date": d,
            }
            for a, o, d in roles
        ],
    }
    findings = _run("FL203", build_dataset(case))
    assert findings.height == 1
    assert findings.get_column("claim_ids")[0].to_list() == ["a-1-c1", "b-2-c1"]


def test_resolved_mentions_match_resolving_every_mention():
    """The names rules resolve each distinct (kind, text, value) once and join the mentions
    back: every mention gets what `factlint.identity.resolve_mentions` gives it row by row,
    with nulls, a value that is a reference entity, an unknown name and a title."""
    from checks.names._shared import mention_resolution, resolved_mentions
    from factlint.identity import resolve_mentions
    from factlint.rules import RuleContext

    mentions = [
        ("a-1", "place", "بالرباط", None),
        ("a-1", "place", "الرباط", "city-rabat"),
        ("a-1", "person", "صمدوف", None),
        ("b-2", "place", "بالرباط", None),
        ("b-2", "place", "الرباط", "city-unknown"),
        ("b-2", "title", "السفير", None),
        ("b-2", "person", None, None),
        ("c-3", "date", "الأحد", None),
    ]
    case = {
        "articles": [{"article_id": a, "text": "نص"} for a in ("a-1", "b-2", "c-3")],
        "entities": [
            {
                "entity_id": "city-rabat",
                "type": "city",
                "name_ar": "الرباط",
                "name_en": "Rabat",
                "source": "t",
            }
        ],
        "mentions": [
            {
                "mention_id": f"{a}-m{i}",
                "article_id": a,
                "kind": k,
                "start": 0,
                "end": 1,
                "text": t,
                "value": v,
            }
            for i, (a, k, t, v) in enumerate(mentions)
        ],
    }
    dataset = build_dataset(case)
    ctx = RuleContext(dataset=dataset)
    columns = ["mention_id", "entity_id", "resolved_by", "key"]
    expected = (
        resolve_mentions(ctx.frame("mentions"), ctx.frame("entities"), ctx.frame("aliases"))
        .select(columns)
        .collect()
        .sort("mention_id")
    )
    got = resolved_mentions(ctx).select(columns).collect().sort("mention_id")
    assert got.equals(expected)
    assert expected.height == 7  # the date mention is no entity mention
    assert mention_resolution(ctx).collect().height == 7 - 1  # two mentions share a triple
