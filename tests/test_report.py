"""The HTML report: escaping, self-containment, right-to-left text, structure, a real browser."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factlint.atomic import write_bytes_atomic, write_text_atomic
from factlint.findings import FINDINGS_SCHEMA, empty_findings, findings_from_records, summarize
from factlint.report import render_report

GENERATED_AT = "2025-03-01T12:00:00+00:00"
DATASET = "seed-sample"
TITLE = f"factlint report: {DATASET}"

ARABIC_MESSAGE = (
    "تاريخ توقيع اتفاقية التعاون العسكري في seed-004-c003 (الأربعاء 30 أكتوبر 2024) "
    "لا يتوافق مع ٢ تشرين الثاني/نوفمبر ٢٠٢٤ في seed-002-c005"
)
HOSTILE_IMG = "<img src=x onerror=\"document.title='pwned';window.__pwned=1\">"
HOSTILE_SCRIPT = "<script>window.__pwned=1;document.title='pwned'</script>"
HOSTILE_ATTR = '"><img src=x onerror="window.__pwned=1">'

RULE_DOC_FL101 = """\
## What it checks
Two event claims about the same event (type, participants, agreement) whose dates are
incompatible, e.g. `2024-10-30` and `2024-11`.

## Why it matters
An event happens once; two dates mean one extraction is wrong.

## Example
```json
{"claim_id": "seed-004-c003", "event_type": "signing", "date": "2024-10-30"}
{"claim_id": "seed-002-c005", "event_type": "signing", "date": "2024-11-02"}
```

## Passes
- Dates whose intervals overlap: `2024-10` and `2024-10-30`.
- Different events: a signing and a ratification.
"""


def _findings() -> pl.DataFrame:
    """Findings of all three severities, with Arabic and English messages."""
    return pl.concat(
        [
            findings_from_records(
                [
                    {
                        "message": ARABIC_MESSAGE,
                        "article_ids": ["seed-004", "seed-002"],
                        "claim_ids": ["seed-004-c003", "seed-002-c005"],
                        "mention_ids": ["seed-004-m031", "seed-002-m012"],
                        "details": '{"dates": ["2024-10-30", "2024-11-02"]}',
                    },
                    {
                        "message": "لافروف وزير الخارجية في ٥ كانون الأول ٢٠٢٢ بحسب seed-002-c001",
                        "article_ids": ["seed-002"],
                        "claim_ids": ["seed-002-c001"],
                    },
                ],
                code="FL101",
                name="conflicting-event-dates",
                severity="error",
                source="rule",
            ),
            findings_from_records(
                [
                    {
                        "message": "Alias 'إسطنبول' of city-istanbul is not valid on 1920-05",
                        "article_ids": ["seed-007"],
                        "mention_ids": ["seed-007-m003"],
                    }
                ],
                code="FL203",
                name="alias-outside-validity",
                severity="warning",
                source="rule",
            ),
            findings_from_records(
                [{"message": "claims.jsonl: confidence must be in 0..1", "article_ids": []}],
                code="FL001",
                name="schema-violation",
                severity="info",
                source="schema",
            ),
        ]
    )


def _articles() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "article_id": ["seed-002", "seed-004", "seed-010"],
            "title": [
                "لافروف يلتقي نظيره المغربي في موسكو",
                "المغرب وأذربيجان يوقّعان اتفاقية للتعاون العسكري",
                "",
            ],
            "outlet": ["الجزيرة نت", "هسبريس", None],
            "published": ["2022-12-05", "2024-10-31", None],
        }
    )


def _frame(**overrides: Any) -> pl.DataFrame:
    """One finding row with every column set; `overrides` replaces some."""
    row: dict[str, Any] = {
        "code": "FL101",
        "name": "conflicting-event-dates",
        "severity": "error",
        "source": "rule",
        "message": "a message",
        "article_ids": ["seed-001"],
        "claim_ids": ["seed-001-c001"],
        "mention_ids": ["seed-001-m001"],
        "details": None,
        "fingerprint": "0123456789abcdef0123",
    }
    row.update(overrides)
    return pl.DataFrame([row], schema=FINDINGS_SCHEMA)


def _hostile() -> tuple[pl.DataFrame, pl.DataFrame]:
    findings = pl.concat(
        [
            _frame(message=HOSTILE_IMG, fingerprint="fp-img"),
            _frame(message=HOSTILE_SCRIPT, fingerprint="fp-script", severity="warning"),
            _frame(
                message="ok",
                code=HOSTILE_ATTR,
                name=HOSTILE_SCRIPT,
                article_ids=[HOSTILE_ATTR],
                claim_ids=["<b>claim</b>"],
                mention_ids=["<svg onload=alert(1)>"],
                details=f'{{"note": "{HOSTILE_ATTR.replace(chr(34), "")}"}}',
                fingerprint=HOSTILE_ATTR,
            ),
        ]
    )
    articles = pl.DataFrame(
        {
            "article_id": ["seed-001"],
            "title": [HOSTILE_IMG],
            "outlet": [HOSTILE_SCRIPT],
            "published": [HOSTILE_ATTR],
        }
    )
    return findings, articles


def _render(findings: pl.DataFrame, **kwargs: Any) -> str:
    kwargs.setdefault("dataset", DATASET)
    kwargs.setdefault("factlint_version", "0.1.0")
    kwargs.setdefault("generated_at", GENERATED_AT)
    return render_report(findings, **kwargs)


def _sample_html() -> str:
    return _render(_findings(), articles=_articles(), rule_docs={"FL101": RULE_DOC_FL101})


# --- a small HTML checker (the venv has no html5lib) ---------------------------------------------

VOID = {"meta", "link", "br", "hr", "img", "input", "wbr", "source", "col", "area", "base"}
TEMPLATE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "dl", "dt",
    "dd", "div", "span", "bdi", "time", "nav", "ul", "li", "a", "main", "section", "p", "strong",
    "form", "fieldset", "legend", "label", "input", "select", "option", "table", "caption",
    "thead", "tbody", "tr", "th", "td", "details", "summary", "pre", "code", "article", "footer",
    "script",
}  # fmt: skip


@dataclass
class Parsed:
    """What the checker saw: start tags, ids, errors, and text inside `.msg` elements."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Parsed()
        self.stack: list[str] = []
        self.msg_depth: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.out.tags.append((tag, attributes))
        if attributes.get("id") is not None:
            self.out.ids.append(attributes["id"] or "")
        if tag in VOID:
            return
        self.stack.append(tag)
        if self.msg_depth is None and "msg" in (attributes.get("class") or "").split():
            self.msg_depth = len(self.stack)
            self.out.messages.append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.out.errors.append(f"</{tag}> does not close <{self.stack[-1:]}>")
            return
        if self.msg_depth == len(self.stack):
            self.msg_depth = None
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.msg_depth is not None:
            self.out.messages[-1] += data


def parse(page: str) -> Parsed:
    assert page.startswith("<!DOCTYPE html>\n")
    checker = _Checker()
    checker.feed(page)
    checker.close()
    if checker.stack:
        checker.out.errors.append(f"unclosed: {checker.stack}")
    return checker.out


def _assert_inert(page: str) -> Parsed:
    """No markup but the template's own: known tags only, no event handlers, one script."""
    parsed = parse(page)
    assert parsed.errors == []
    assert {tag for tag, _ in parsed.tags} <= TEMPLATE_TAGS
    handlers = [(t, a) for t, attrs in parsed.tags for a in attrs if a.startswith("on")]
    assert handlers == []
    assert [t for t, _ in parsed.tags].count("script") == 1
    return parsed


# --- unit tests on the HTML string ----------------------------------------------------------------


def test_hostile_strings_are_escaped() -> None:
    findings, articles = _hostile()
    page = _render(findings, articles=articles, dataset=HOSTILE_SCRIPT, rule_docs={})
    _assert_inert(page)
    for raw in (HOSTILE_IMG, HOSTILE_SCRIPT, HOSTILE_ATTR, "<b>claim</b>", "<svg"):
        assert raw not in page
    assert "<img" not in page
    assert "&lt;img src=x onerror=" in page
    assert "&lt;script&gt;window.__pwned=1" in page
    assert "&#34;&gt;&lt;img" in page  # the attribute-breaking string, inert


def test_no_external_resources() -> None:
    page = _sample_html()
    assert not re.search(r"https?:|@import|url\(|<link|<img|<iframe|\bsrc=", page, re.I)
    hrefs = [a["href"] for tag, a in parse(page).tags if "href" in a]
    assert hrefs and all((h or "").startswith("#") for h in hrefs)
    metas = [a for tag, a in parse(page).tags if tag == "meta"]
    csp = next(a["content"] for a in metas if a.get("http-equiv") == "Content-Security-Policy")
    assert (csp or "").startswith("default-src 'none';")


def test_internal_links_resolve_and_ids_are_unique() -> None:
    findings, articles = _hostile()
    for page in (_sample_html(), _render(findings, articles=articles)):
        parsed = _assert_inert(page)
        assert len(parsed.ids) == len(set(parsed.ids))
        targets = {a["href"][1:] for _, a in parsed.tags if (a.get("href") or "").startswith("#")}
        assert targets <= set(parsed.ids)


def test_arabic_text_is_marked_right_to_left() -> None:
    page = _sample_html()
    assert re.search(r'<div class="msg" dir="rtl" lang="ar">تاريخ توقيع', page)
    # Ids and Latin inside Arabic are isolated so the bidi algorithm cannot reorder them.
    assert '<bdi class="id" dir="ltr">seed-004-c003</bdi>' in page
    # Arabic titles and outlets.
    assert '<td dir="rtl" lang="ar">المغرب وأذربيجان' in page
    assert '<td dir="rtl" lang="ar">هسبريس</td>' in page
    # An English message keeps left-to-right, with its Arabic run isolated and tagged.
    assert '<div class="msg" dir="ltr">Alias &#39;<bdi lang="ar" dir="rtl">إسطنبول</bdi>' in page
    assert '<html lang="en" dir="ltr">' in page


def test_every_fingerprint_and_id_is_shown() -> None:
    findings = _findings()
    page = _sample_html()
    for row in findings.iter_rows(named=True):
        assert f'<code dir="ltr">{row["fingerprint"]}</code>' in page
        for column in ("article_ids", "claim_ids", "mention_ids"):
            for id_ in row[column]:
                assert f'dir="ltr">{id_}</bdi>' in page
    assert page.count("<tr data-finding") == findings.height


def test_header_counts_match_the_findings() -> None:
    findings = _findings()
    page = _sample_html()
    for severity, n in summarize(findings).items():
        assert f'<dd data-count="{severity}">{n}</dd>' in page
    assert f'<dd data-count="total">{findings.height}</dd>' in page
    assert DATASET in page and '<time datetime="2025-03-01T12:00:00+00:00">' in page


def test_findings_are_grouped_by_severity_then_code() -> None:
    findings = pl.concat(
        [
            _frame(code="FL300", severity="info", fingerprint="a"),
            _frame(code="FL200", severity="error", fingerprint="b"),
            _frame(code="FL100", severity="warning", fingerprint="c"),
            _frame(code="FL100", severity="error", fingerprint="d"),
        ]
    )
    rows = re.findall(
        r'<tr data-finding data-severity="(\w+)" data-code="(\w+)"', _render(findings)
    )
    assert rows == [("error", "FL100"), ("error", "FL200"), ("warning", "FL100"), ("info", "FL300")]


def test_severity_is_not_told_by_colour_alone() -> None:
    page = _sample_html()
    for label in ("Error", "Warning", "Info"):
        assert re.search(
            rf'<span class="badge sev-\w+"><span aria-hidden="true">.</span> {label}', page
        )
    assert '<th scope="col">Severity</th>' in page


def test_rule_documentation_is_rendered_and_linked() -> None:
    page = _sample_html()
    assert '<article class="rule" id="rule-FL101"' in page
    assert 'href="#rule-FL101"' in page and 'href="#rule-FL203"' in page
    for heading in ("What it checks", "Why it matters", "Example", "Passes"):
        assert f'<h4 dir="auto">{heading}</h4>' in page
    assert '<pre dir="ltr"><code>{&#34;claim_id&#34;: &#34;seed-004-c003&#34;' in page
    assert '<li dir="auto">Dates whose intervals overlap: <code dir="auto">2024-10</code>' in page
    # FL203 has findings but no documentation.
    section = page.split('id="rule-FL203"', 1)[1].split("</article>", 1)[0]
    assert "No documentation was supplied" in section


@pytest.mark.parametrize(
    "doc",
    [
        '**What it checks**\nA `x`.\n\n**Example**\n\n    {"a": 1}\n\n**Passes**\n- one',
        'What it checks\n--------------\nA `x`.\n\nExample:\n```\n{"a": 1}\n```\nPasses\n- one',
        '    ## What it checks\n    A `x`.\n\n    ## Example\n    ```\n    {"a": 1}\n    ```\n'
        "    ## Passes\n    * one",
    ],
    ids=["bold", "underlined", "indented-docstring"],
)
def test_rule_doc_styles(doc: str) -> None:
    section = _render(_frame(), rule_docs={"FL101": doc}).split('id="rule-FL101"', 1)[1]
    assert '<h4 dir="auto">What it checks</h4>' in section
    assert '<p dir="auto">A <code dir="auto">x</code>.</p>' in section
    assert '<pre dir="ltr"><code>{&#34;a&#34;: 1}</code></pre>' in section
    assert '<li dir="auto">one</li>' in section


def test_articles_section_counts_findings_per_article() -> None:
    page = _sample_html()
    articles = page.split('<section id="articles"', 1)[1]
    rows = re.findall(r'<tr id="article-([\w-]+)">(.*?)</tr>', articles, re.S)
    totals = {aid: re.findall(r'<td class="num">(?:<strong>)?(\d+)', body) for aid, body in rows}
    # error, warning, info, total
    assert totals == {
        "seed-002": ["2", "0", "0", "2"],
        "seed-004": ["1", "0", "0", "1"],
        "seed-007": ["0", "1", "0", "1"],
        "seed-010": ["0", "0", "0", "0"],
    }
    assert 'seed-007</bdi> <span class="muted">(not in the articles table)' in articles


def test_empty_state() -> None:
    page = _render(empty_findings(), articles=_articles())
    _assert_inert(page)
    assert '<p class="empty" id="no-findings" role="status"><strong>No findings.</strong>' in page
    assert "<tr data-finding" not in page and 'id="filters"' not in page
    assert '<dd data-count="total">0</dd>' in page
    assert "لافروف يلتقي" in page  # the articles are still listed


def test_filters_are_hidden_without_scripts() -> None:
    page = _sample_html()
    assert '<form id="filters" class="filters" hidden' in page
    assert page.count("<script>") == 1


def test_output_is_deterministic_and_validates_input() -> None:
    assert _sample_html() == _sample_html()
    with pytest.raises(ValueError, match="fingerprint"):
        render_report(_findings().drop("fingerprint"), dataset="d", factlint_version="0")
    with pytest.raises(ValueError, match="article_id"):
        _render(_findings(), articles=pl.DataFrame({"title": ["x"]}))


def test_template_ships_with_the_package() -> None:
    template = resources.files("factlint.report") / "templates" / "report.html.j2"
    assert template.is_file()


FIELDS = (
    "message",
    "name",
    "code",
    "source",
    "details",
    "fingerprint",
    "article",
    "claim",
    "title",
)


def _with_field(name: str, value: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    articles = pl.DataFrame(
        {"article_id": ["seed-001"], "title": ["t"], "outlet": ["o"], "published": ["2025"]}
    )
    if name == "title":
        return _frame(), articles.with_columns(title=pl.lit(value))
    if name == "article":
        return _frame(article_ids=[value]), articles
    if name == "claim":
        return _frame(claim_ids=[value], mention_ids=[value]), articles
    return _frame(**{name: value}), articles


# Markup characters, Arabic letters and digits, bidi controls: denser in trouble than st.text().
HOSTILE_TEXT = st.text(st.sampled_from("<>&\"'=/ scriptimgonerror-:x\u0628\u062a\u0661\u200f\r\n"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(where=st.sampled_from(FIELDS), text=st.one_of(st.text(), HOSTILE_TEXT))
def test_any_text_renders_inert(where: str, text: str) -> None:
    # The bars keep the check honest: without them, text ending in an Arabic mark followed by
    # `<` would "appear" where the report's own `</bdi>` follows the isolated Arabic run.
    value = f"|{text}|"
    findings, articles = _with_field(where, value)
    page = _render(findings, articles=articles, dataset=value)
    parsed = _assert_inert(page)
    if "<" in text:
        assert value not in page
    if where == "message":
        # Nothing lost or added: the message reads back exactly.
        assert parsed.messages == [value]


# Documentation lines that exercise every block kind, each carrying markup.
DOC_LINES = [
    "```",
    "    <b>x</b>",
    "## <b>h</b>",
    "**<b>**",
    "- <b>i</b>",
    "`<b>`",
    "<b>p</b>",
    "",
    "---",
]
DOC_TEXT = st.lists(st.sampled_from(DOC_LINES), max_size=12).map("\n".join)


@settings(max_examples=100, deadline=None)
@given(doc=st.one_of(st.text(), HOSTILE_TEXT, DOC_TEXT))
def test_any_rule_doc_renders_inert(doc: str) -> None:
    _assert_inert(_render(_frame(), rule_docs={"FL101": doc}))


# --- writing atomically ---------------------------------------------------------------------------


def test_write_text_atomic_creates_parents_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out" / "deep" / "report.html"
    write_text_atomic(target, "أولاً\r\n")
    assert target.read_bytes() == "أولاً\r\n".encode()
    write_bytes_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.html"]
    assert stat.S_IMODE(target.stat().st_mode) != 0o600  # not mkstemp's owner-only mode


def test_write_atomic_never_leaves_a_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.html"
    target.write_text("old")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_text_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


# --- real headless browser ------------------------------------------------------------------------


def _open(driver: Any, page: str, tmp_path: Path) -> None:
    path = tmp_path / "report.html"
    write_text_atomic(path, page)
    driver.get(path.as_uri())


@pytest.mark.browser
def test_browser_runs_no_hostile_script(chromium_driver: Any, tmp_path: Path) -> None:
    findings, articles = _hostile()
    _open(chromium_driver, _render(findings, articles=articles), tmp_path)
    assert chromium_driver.title == TITLE
    assert chromium_driver.execute_script("return typeof window.__pwned") == "undefined"
    # Escaping (not only the CSP) stopped it: the payloads never became elements.
    assert (
        chromium_driver.execute_script("return document.querySelectorAll('img, svg, b').length")
        == 0
    )
    messages = chromium_driver.execute_script(
        "return Array.from(document.querySelectorAll('.msg'), e => e.textContent)"
    )
    assert HOSTILE_IMG in messages and HOSTILE_SCRIPT in messages


@pytest.mark.browser
def test_browser_renders_the_report(chromium_driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    findings = _findings()
    _open(chromium_driver, _sample_html(), tmp_path)
    driver = chromium_driver
    assert driver.title == TITLE

    arabic = driver.find_element(By.CSS_SELECTOR, '.msg[lang="ar"]')
    assert driver.execute_script("return getComputedStyle(arguments[0]).direction", arabic) == "rtl"
    title = driver.find_element(By.CSS_SELECTOR, '#article-seed-004 [lang="ar"]')
    assert driver.execute_script("return getComputedStyle(arguments[0]).direction", title) == "rtl"
    english = driver.find_element(By.CSS_SELECTOR, ".msg:not([lang])")
    assert (
        driver.execute_script("return getComputedStyle(arguments[0]).direction", english) == "ltr"
    )

    rows = driver.find_elements(By.CSS_SELECTOR, "tr[data-finding]")
    assert len(rows) == findings.height
    assert all(row.is_displayed() for row in rows)

    for severity, n in summarize(findings).items():
        shown = driver.find_element(By.CSS_SELECTOR, f'dd[data-count="{severity}"]').text
        assert shown == str(n)

    link = driver.find_element(By.CSS_SELECTOR, 'td.code a[href="#rule-FL101"]')
    link.click()
    assert driver.execute_script("return location.hash") == "#rule-FL101"
    assert driver.find_element(By.ID, "rule-FL101").is_displayed()

    resources_loaded = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert not [r for r in resources_loaded if r.startswith(("http:", "https:"))]

    driver.execute_script("window.scrollTo(0, 0)")
    shot = tmp_path / "report.png"
    assert driver.save_screenshot(str(shot))
    assert shot.read_bytes().startswith(b"\x89PNG")


@pytest.mark.browser
def test_browser_filters_by_severity_and_code(chromium_driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.select import Select

    _open(chromium_driver, _sample_html(), tmp_path)
    driver = chromium_driver
    form = driver.find_element(By.ID, "filters")
    assert form.is_displayed()  # the script ran (allowed by the CSP hash) and showed it

    def visible() -> list[str]:
        rows = driver.find_elements(By.CSS_SELECTOR, "tr[data-finding]")
        return [r.get_attribute("data-code") for r in rows if r.is_displayed()]

    assert visible() == ["FL101", "FL101", "FL203", "FL001"]
    driver.find_element(By.CSS_SELECTOR, 'input[name="severity"][value="error"]').click()
    assert visible() == ["FL203", "FL001"]
    Select(driver.find_element(By.NAME, "code")).select_by_value("FL203")
    assert visible() == ["FL203"]
    assert driver.find_element(By.ID, "filter-status").text == "Showing 1 of 4 findings."


def test_a_huge_run_renders_a_bounded_page_with_complete_counts():
    import polars as pl

    from factlint.findings import finalize_findings

    rows = pl.DataFrame(
        {
            "message": [f"relative date «الماضي» #{i}" for i in range(1200)],
            "article_ids": [[f"a-{i}"] for i in range(1200)],
        }
    )
    findings = finalize_findings(
        rows, code="FL107", name="unanchored-relative-date", severity="warning", source="rule"
    )
    html = render_report(findings, dataset="d", factlint_version="0", max_rows_per_code=100)
    assert html.count("data-finding ") == 100
    assert "(1200; the first 100 shown, all in findings.json)" in html


def test_ids_and_articles_are_bounded_on_the_page():
    import polars as pl

    from factlint.findings import finalize_findings

    ids = [f"a-{i:03d}" for i in range(40)]
    findings = finalize_findings(
        pl.DataFrame({"message": ["signing dated twice"], "article_ids": [ids]}),
        code="FL101",
        name="conflicting-event-dates",
        severity="error",
        source="rule",
    )
    articles = pl.DataFrame(
        {
            "article_id": ids + [f"b-{i:03d}" for i in range(10)],
            "title": ["عنوان"] * 50,
            "outlet": [None] * 50,
            "published": [None] * 50,
        }
    )
    html = render_report(
        findings, dataset="d", factlint_version="0", articles=articles, max_articles=30
    )
    assert "… 15 more" in html  # 40 article ids, the first 25 shown
    assert "20 more articles not listed" in html


def test_quoted_article_text_is_isolated_whole_inside_an_english_message():
    import polars as pl

    from factlint.findings import finalize_findings

    findings = finalize_findings(
        pl.DataFrame({"message": ["relative date «شباط/ فبراير الماضي» in seed-001 <b>"]}),
        code="FL107",
        name="unanchored-relative-date",
        severity="warning",
        source="rule",
    )
    html = render_report(findings, dataset="d", factlint_version="0")
    assert '«<bdi dir="rtl" lang="ar">شباط/ فبراير الماضي</bdi>»' in html
    assert "&lt;b&gt;" in html
