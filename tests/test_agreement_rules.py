"""Invariants of the agreement rules (FL301-FL303): order, symmetry, sets, Arabic variants."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checks.agreements.fl301_agreement_scope_divergence import agreement_scope_divergence
from checks.agreements.fl302_agreement_parties_mismatch import agreement_parties_mismatch
from checks.agreements.fl303_unknown_scope_term import unknown_scope_term
from factlint.config import Config
from factlint.engine import run_checks

from rule_cases import RULES_DIR, build_dataset

RULES = {
    r.code: r for r in (agreement_scope_divergence, agreement_parties_mismatch, unknown_scope_term)
}
# Crash and cannot-run diagnostics, which `select=(code,)` alone would hide.
ENGINE_CODES = ("FL009", "FL010")
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

AGREEMENTS = ["agreement-mar-aze", "agreement-mar-cze"]
ARTICLES = ["a-1", "b-2", "c-3", "d-4"]
SCOPES = {
    "training": "التدريب",
    "defence-industry": "صناعة الدفاع",
    "cybersecurity": "الأمن السيبراني",
    "military-medicine": "الصحة العسكرية",
    "demining": "إزالة الألغام",
}
PARTIES = ["country-azerbaijan", "country-czechia", "country-morocco"]
# Real vocabulary phrases from the seed articles.
PHRASES = [
    "التدريب",
    "إزالة الألغام",
    "الصحة العسكرية",
    "الأمن السيبراني",
    "صناعة الدفاع",
    "البحث العلمي",
    "العمليات الإنسانية",
    "تبادل الخبرات التقنية",
    "الخدمات الطبية العسكرية",
    "المناورات العسكرية",
]


def findings(code: str, case: dict[str, Any], options: dict[str, Any] | None = None):
    result = run_checks(
        build_dataset(case),
        Config(select=(code, *ENGINE_CODES), options={code: options or {}}),
        rules=[RULES[code]],
    )
    crashed = result.findings.filter(result.findings["code"] != code)
    assert crashed.height == 0, crashed.get_column("message").to_list()
    return result.findings


def content(found) -> list[tuple]:
    """Everything a finding says, in a comparable order."""
    cols = ["fingerprint", "message", "details", "article_ids", "claim_ids", "mention_ids"]
    return sorted(tuple(map(str, row)) for row in found.select(cols).iter_rows())


# --- the fixture cases, with crashes visible ---------------------------------------------------


def _fixture_cases() -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for code in RULES:
        document = yaml.safe_load((RULES_DIR / f"{code}.yml").read_text(encoding="utf-8"))
        out += [(code, name, case) for name, case in document["cases"].items()]
    return out


@pytest.mark.parametrize(
    ("code", "name", "case"), _fixture_cases(), ids=[f"{c}-{n}" for c, n, _ in _fixture_cases()]
)
def test_fixture_cases_run_without_crashing(code, name, case):
    found = findings(code, case, case.get("options"))
    assert (found.height == 0) == name.startswith("pass_")


# --- random agreement datasets -----------------------------------------------------------------

scope_lists = st.one_of(st.none(), st.lists(st.sampled_from([*SCOPES, "space"]), max_size=6))
party_lists = st.one_of(st.none(), st.lists(st.sampled_from(PARTIES), max_size=4))
claim_specs = st.lists(
    st.tuples(st.sampled_from(ARTICLES), st.sampled_from(AGREEMENTS), scope_lists, party_lists),
    min_size=1,
    max_size=8,
)
reference_rows = st.lists(
    st.tuples(st.sampled_from(AGREEMENTS), st.sampled_from(PARTIES)), max_size=5, unique=True
)


def agreement_case(specs, reference) -> dict[str, Any]:
    claims = [
        {
            "claim_id": f"{article}-c{i}",
            "article_id": article,
            "kind": "agreement",
            "agreement": agreement,
            "scopes": scopes,
            "parties": parties,
        }
        for i, (article, agreement, scopes, parties) in enumerate(specs)
    ]
    return {
        "articles": [{"article_id": a, "text": "اتفاقية تعاون عسكري"} for a in ARTICLES],
        "scopes": [
            {"scope_code": c, "label_en": c.replace("-", " "), "label_ar": p}
            for c, p in SCOPES.items()
        ],
        "agreement_parties": [
            {"agreement_id": a, "party_id": p, "source": "test"} for a, p in reference
        ],
        "claims": claims,
    }


def shuffled(case: dict[str, Any], rnd) -> dict[str, Any]:
    """The same content with every table's rows, and every claim's lists, in another order."""
    out = {}
    for table, rows in case.items():
        rows = [dict(r) for r in rows]
        rnd.shuffle(rows)
        for row in rows:
            for field in ("scopes", "parties"):
                if row.get(field):
                    row[field] = rnd.sample(row[field], len(row[field]))
        out[table] = rows
    return out


@pytest.mark.parametrize("code", ["FL301", "FL302"])
@SETTINGS
@given(specs=claim_specs, reference=reference_rows, rnd=st.randoms(use_true_random=False))
def test_agreement_findings_do_not_depend_on_row_order(code, specs, reference, rnd):
    case = agreement_case(specs, reference)
    assert content(findings(code, case)) == content(findings(code, shuffled(case, rnd)))


@pytest.mark.parametrize("code", ["FL301", "FL302"])
@SETTINGS
@given(specs=claim_specs, reference=reference_rows)
def test_at_most_one_finding_per_agreement(code, specs, reference):
    found = findings(code, agreement_case(specs, reference))
    assert found.height <= len(AGREEMENTS)


non_empty_scopes = st.sets(st.sampled_from(list(SCOPES)), min_size=1)


@SETTINGS
@given(first=non_empty_scopes, second=non_empty_scopes)
def test_scope_divergence_is_symmetric(first, second):
    def case(a_scopes, b_scopes):
        return agreement_case(
            [
                ("a-1", "agreement-mar-aze", sorted(a_scopes), None),
                ("b-2", "agreement-mar-aze", sorted(b_scopes), None),
            ],
            [],
        )

    one = findings("FL301", case(first, second))
    other = findings("FL301", case(second, first))
    assert one.height == (0 if first == second else 1)
    assert sorted(one["fingerprint"]) == sorted(other["fingerprint"])


@SETTINGS
@given(
    first=st.sets(st.sampled_from(PARTIES), min_size=1),
    second=st.sets(st.sampled_from(PARTIES), min_size=1),
)
def test_parties_mismatch_is_symmetric(first, second):
    def case(a_parties, b_parties):
        return agreement_case(
            [
                ("a-1", "agreement-mar-aze", None, sorted(a_parties)),
                ("b-2", "agreement-mar-aze", None, sorted(b_parties)),
            ],
            [],
        )

    one = findings("FL302", case(first, second))
    other = findings("FL302", case(second, first))
    assert one.height == (0 if first == second else 1)
    assert sorted(one["fingerprint"]) == sorted(other["fingerprint"])


@SETTINGS
@given(
    scopes=non_empty_scopes,
    listings=st.lists(st.randoms(use_true_random=False), min_size=2, max_size=4),
    repeats=st.lists(st.sampled_from(list(SCOPES)), max_size=3),
)
def test_identical_scope_sets_never_diverge(scopes, listings, repeats):
    specs = []
    for article, rnd in zip(ARTICLES, listings, strict=False):
        listed = sorted(scopes) + [s for s in repeats if s in scopes]
        rnd.shuffle(listed)
        specs.append((article, "agreement-mar-aze", listed, None))
    assert findings("FL301", agreement_case(specs, [])).height == 0


# --- Arabic orthographic variants of vocabulary phrases ----------------------------------------

_VARIANTS = {
    "ا": "اأإآ",
    "أ": "اأإآ",
    "إ": "اأإآ",
    "آ": "اأإآ",
    "ة": "ةه",
    "ه": "ةه",
    "ي": "يىئ",
    "ى": "يى",
    "و": "وؤ",
}
_MARKS = [chr(c) for c in range(0x064B, 0x0653)] + ["\u0640"]  # harakat, shadda, sukun, tatweel


@st.composite
def spelled(draw, phrase: str) -> str:
    """`phrase` with hamza/alef forms, taa marbuta, alef maqsura, diacritics and tatweel varied."""
    out = []
    for char in phrase:
        out.append(draw(st.sampled_from(_VARIANTS.get(char, char))))
        if char != " ":
            out.extend(draw(st.lists(st.sampled_from(_MARKS), max_size=2)))
    return "".join(out)


@st.composite
def variant_mentions(draw):
    phrases = draw(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=4, unique=True))
    return [(phrase, draw(spelled(phrase))) for phrase in phrases]


@SETTINGS
@given(pairs=variant_mentions(), label_only=st.booleans())
def test_spelling_variants_of_vocabulary_phrases_never_yield_fl303(pairs, label_only):
    codes = {phrase: f"scope-{i}" for i, phrase in enumerate(PHRASES)}
    text = "تشمل الاتفاقية: " + "، ".join(variant for _, variant in pairs) + "."
    case = {
        "articles": [{"article_id": "a-1", "text": text}],
        # The phrase counts whether it is a code's Arabic label or one of its listed phrases.
        "scopes": [
            {"scope_code": code, "label_en": code, "label_ar": phrase if label_only else None}
            for phrase, code in codes.items()
        ],
        "scope_phrases": []
        if label_only
        else [{"scope_code": code, "phrase_ar": phrase} for phrase, code in codes.items()],
        "mentions": [
            {
                "mention_id": f"a-1-m{i}",
                "article_id": "a-1",
                "kind": "scope",
                "text": variant,
                "value": codes[phrase],
            }
            for i, (phrase, variant) in enumerate(pairs)
        ],
    }
    assert findings("FL303", case).height == 0


@SETTINGS
@given(
    mentions=st.lists(
        st.tuples(
            st.sampled_from(PHRASES),
            st.one_of(st.none(), st.sampled_from([*SCOPES, "space"])),
            st.sampled_from(ARTICLES[:2]),
        ),
        min_size=1,
        max_size=6,
    ),
    rnd=st.randoms(use_true_random=False),
)
def test_fl303_does_not_depend_on_row_order(mentions, rnd):
    case = {
        "articles": [
            {"article_id": a, "text": "تشمل الاتفاقية: " + "، ".join(PHRASES)} for a in ARTICLES[:2]
        ],
        "scopes": [{"scope_code": c, "label_en": c, "label_ar": p} for c, p in SCOPES.items()],
        "scope_phrases": [
            {"scope_code": "training", "phrase_ar": "المناورات العسكرية"},
            {"scope_code": "military-medicine", "phrase_ar": "الخدمات الطبية العسكرية"},
        ],
        "mentions": [
            {
                "mention_id": f"{article}-m{i}",
                "article_id": article,
                "kind": "scope",
                "text": phrase,
                "value": value,
            }
            for i, (phrase, value, article) in enumerate(mentions)
        ],
    }
    assert content(findings("FL303", case)) == content(findings("FL303", shuffled(case, rnd)))


def test_seed_dataset_runs_when_available():
    """Smoke test on the curated seeds once they exist (they are written by someone else)."""
    root = Path(__file__).parent.parent / "datasets"
    if not any(root.glob("**/claims/*.claims.jsonl")):
        pytest.skip("no curated dataset yet")
    from factlint import load_dataset

    for claims_dir in sorted(root.glob("**/claims")):
        dataset = load_dataset(claims_dir.parent)
        result = run_checks(
            dataset, Config(select=(*RULES, *ENGINE_CODES)), rules=list(RULES.values())
        )
        assert result.findings.filter(result.findings["code"] == "FL009").height == 0
