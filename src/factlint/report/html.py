"""Render a run as one self-contained HTML page: the report people browse.

The page loads nothing: CSS, script and data are inline (`static/report.css`,
`static/report.js`, the findings as JSON from `factlint.report.data`), it uses system fonts,
and a Content-Security-Policy forbids every fetch, so a report can be archived or mailed and
opened from `file://`. The server-rendered parts (summary, chart, rule documentation, articles)
are escaped by jinja2's autoescape; the only markup built in Python comes from `_inline` and
`_doc_inline`, which escape every piece of data they wrap. The findings themselves are drawn
by the script with `textContent`, one page at a time.
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Any

import jinja2
import polars as pl
from markupsafe import Markup, escape

from factlint.findings import (
    FINDINGS_SCHEMA,
    ID_LIST_LIMIT,
    SEVERITIES,
    cap_id_columns,
    sort_findings,
    summarize,
)
from factlint.report.data import LIST_LIMIT, Frames, TextsAt, embed_emptying, report_data

__all__ = ["render_report"]

_LABELS = {"error": "Error", "warning": "Warning", "info": "Info"}
# A glyph next to the word, so severity is never told by colour alone.
_GLYPHS = {"error": "✖", "warning": "▲", "info": "ℹ"}
_ARTICLE_COLUMNS = ("article_id", "title", "outlet", "published")

_AR = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
# Ids like `seed-004-c003` and runs of Arabic words; the two things that need bidi isolation.
# Linear in the length of the text: possessive runs, and a run of letters and digits is only
# entered at its start, so no position is scanned twice (the id is found inside it by
# `_id_start`). A backtracking `[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+` retried at every
# letter of a long word took quadratic time: 30 s for a 40,000-character mention.
_TOKEN = re.compile(
    # A «quoted» span is text from an article: isolated whole, so that «شباط/ فبراير الماضي»
    # keeps its own order inside an English message.
    r"«(?P<quoted>[^«»\n]{1,400})»"
    r"|(?<![A-Za-z0-9])(?P<chain>[A-Za-z0-9]++(?:[-_.:/][A-Za-z0-9]++)*+)"
    rf"|(?P<ar>[{_AR}]++(?:[ \u200c]++[{_AR}]++)*+)"
)
_LETTER = re.compile(r"[A-Za-z]")
# What the page shows of one value; findings.json always has all of it.
_MAX_TEXT = 2000
_MAX_ID = 200
_MAX_DETAILS = 20_000
_SAFE_ANCHOR = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,100}")
_HEADING = re.compile(
    r"#{1,6}\s+(?P<hash>.+?)[\s#]*"
    r"|\*\*(?P<bold>[^*]+?):?\*\*:?"
    r"|(?P<bare>what it checks|why it matters|examples?|passes):?",
    re.IGNORECASE,
)
_UNDERLINE = re.compile(r"[-=]{3,}")
_FENCE = re.compile(r"(```|~~~)")
_ITEM = re.compile(r"[-*+]\s+(?P<text>.*)")
_CODE_SPAN = re.compile(r"`([^`]+)`")


@dataclass(frozen=True)
class _Text:
    """Data text, escaped, with the direction and language to show it in."""

    html: Markup
    dir: str
    lang: str | None


@dataclass(frozen=True)
class _Ref:
    """An id shown in the table, with the anchor it links to (if any)."""

    id: str
    anchor: str | None = None


@dataclass(frozen=True)
class _Block:
    """One block of rule documentation: a heading, paragraph, list or code block."""

    kind: str
    items: tuple[str | Markup, ...]


@dataclass(frozen=True)
class _Rule:
    code: str
    name: str
    anchor: str
    count: int
    blocks: tuple[_Block, ...]


@dataclass(frozen=True)
class _Article:
    id: str
    key: str  # the whole id (the table shows `id`, clipped)
    filter_id: str  # the id as the findings data spells it
    anchor: str
    title: _Text
    outlet: _Text
    published: str
    known: bool
    counts: tuple[int, ...]
    total: int


@dataclass(frozen=True)
class _Count:
    severity: str
    label: str
    css: str
    glyph: str
    count: int


def _css(severity: str) -> str:
    """A CSS class suffix; data never goes into class names unchecked."""
    return severity if severity in _LABELS else "other"


def _direction(text: str) -> tuple[str, str | None]:
    """Base direction and language: right-to-left when right-to-left letters are the majority."""
    rtl = ltr = arabic = 0
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            rtl += 1
            arabic += kind == "AL"
        elif kind == "L":
            ltr += 1
    if rtl == ltr == 0:
        return "auto", None
    if rtl > ltr:
        return "rtl", "ar" if arabic else None
    return "ltr", None


def _id_start(chain: str) -> int | None:
    """Where the id in a run like `2025-seed-004` starts (at `seed`), or None if it holds none.

    An id starts with a letter and has at least one separator after the word it starts in:
    the first letter before the run's last separator.
    """
    last = max(chain.rfind(c) for c in "-_.:/")
    if last < 0:
        return None
    letter = _LETTER.search(chain, 0, last)
    return letter.start() if letter else None


def _inline(text: str, base: str) -> Markup:
    """Escape `text`, wrapping ids (and, in left-to-right text, Arabic runs) in `<bdi>`.

    Unisolated, an id such as `seed-004-c003` inside Arabic text is reordered by the bidi
    algorithm and reads as `c003-004-seed`.
    """
    parts: list[Markup] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "ar" and base == "rtl":
            continue
        start = match.start()
        if kind == "chain":
            offset = _id_start(match.group())
            if offset is None:
                continue
            start += offset
        parts.append(escape(text[pos:start]))
        if kind == "quoted":
            quoted = match.group("quoted")
            direction, lang = _direction(quoted)
            parts.append(
                Markup('«<bdi dir="{}"{}>{}</bdi>»').format(
                    direction, Markup(' lang="ar"') if lang else "", quoted
                )
            )
        elif kind == "chain":
            parts.append(
                Markup('<bdi class="id" dir="ltr">{}</bdi>').format(text[start : match.end()])
            )
        else:
            parts.append(Markup('<bdi lang="ar" dir="rtl">{}</bdi>').format(match.group()))
        pos = match.end()
    parts.append(escape(text[pos:]))
    return Markup("").join(parts)


def _clip(text: str, limit: int) -> str:
    """At most `limit` characters of `text` for the page, saying how many more there are."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit:,} more characters in findings.json]"


def _text(value: str | None) -> _Text:
    text = _clip(value or "", _MAX_TEXT)
    base, lang = _direction(text)
    return _Text(_inline(text, base), base, lang)


def _anchor(prefix: str, key: str) -> str:
    """An HTML id for `key`: readable for plain identifiers, a hash for anything else."""
    if _SAFE_ANCHOR.fullmatch(key):
        return f"{prefix}-{key}"
    # The double dash cannot start a readable anchor, so the two forms never collide.
    return f"{prefix}--{hashlib.sha256(key.encode()).hexdigest()[:16]}"


def _doc_inline(text: str) -> Markup:
    """Escape a documentation line, showing `backtick` spans as code."""
    parts: list[Markup] = []
    pos = 0
    for match in _CODE_SPAN.finditer(text):
        parts.append(escape(text[pos : match.start()]))
        parts.append(Markup('<code dir="auto">{}</code>').format(match.group(1)))
        pos = match.end()
    parts.append(escape(text[pos:]))
    return Markup("").join(parts)


def _doc_blocks(doc: str) -> tuple[_Block, ...]:
    """Split markdown-ish rule documentation into headings, paragraphs, lists and code."""
    blocks: list[_Block] = []
    para: list[str] = []
    items: list[str] = []
    indented: list[str] = []
    fenced: list[str] | None = None

    def flush() -> None:
        if para:
            blocks.append(_Block("paragraph", (_doc_inline(" ".join(para)),)))
        if items:
            blocks.append(_Block("list", tuple(_doc_inline(i) for i in items)))
        if indented:
            blocks.append(_Block("code", ("\n".join(indented),)))
        para.clear()
        items.clear()
        indented.clear()

    for line in inspect.cleandoc(doc).splitlines():
        stripped = line.strip()
        if fenced is not None:
            if _FENCE.match(stripped):
                blocks.append(_Block("code", ("\n".join(fenced),)))
                fenced = None
            else:
                fenced.append(line)
        elif _FENCE.match(stripped):
            flush()
            fenced = []
        elif not stripped:
            flush()
        elif _UNDERLINE.fullmatch(stripped) and len(para) == 1 and not items:
            blocks.append(_Block("heading", (para.pop(),)))
        elif _UNDERLINE.fullmatch(stripped) and not para:
            continue  # a horizontal rule, or the underline of a heading recognised by name
        elif heading := _HEADING.fullmatch(stripped):
            flush()
            title = heading.group("hash") or heading.group("bold") or heading.group("bare")
            blocks.append(_Block("heading", (title.strip(),)))
        elif line.startswith("    ") and (indented or not (para or items)):
            indented.append(line[4:])
        elif item := _ITEM.fullmatch(stripped):
            if para or indented:
                flush()
            items.append(item.group("text"))
        elif items and line.startswith((" ", "\t")):
            items[-1] = f"{items[-1]} {stripped}"
        else:
            if items or indented:
                flush()
            para.append(stripped)
    if fenced is not None:  # an unclosed fence still shows its content
        blocks.append(_Block("code", ("\n".join(fenced),)))
    flush()
    return tuple(blocks)


def _check_columns(frame: pl.DataFrame, needed: tuple[str, ...], what: str) -> None:
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lacks column(s): {', '.join(missing)}")


def _rules(findings: pl.DataFrame, rule_docs: Mapping[str, str]) -> tuple[_Rule, ...]:
    """One documentation entry per code that has findings."""
    per_code = (
        findings.group_by("code")
        .agg(pl.col("name").drop_nulls().first(), pl.len().alias("count"))
        .sort("code", nulls_last=True)
    )
    rules = []
    for code, name, count in per_code.iter_rows():
        doc = rule_docs.get(code or "")
        rules.append(
            _Rule(
                code=code or "",
                name=name or "",
                anchor=_anchor("rule", code or ""),
                count=count,
                blocks=_doc_blocks(doc) if doc else (),
            )
        )
    return tuple(rules)


def _article_counts(findings: pl.DataFrame, shown: pl.Series | None = None) -> pl.DataFrame:
    """Per article id and severity, how many findings name it (article_id, severity, len);
    only for the ids in `shown` when given (the table's rows, not every id named)."""
    named = (
        findings.lazy()
        .with_row_index("_row")
        .select("_row", "severity", pl.col("article_ids").alias("article_id"))
        .explode("article_id")
        .drop_nulls("article_id")
    )
    if shown is not None:
        named = named.filter(pl.col("article_id").is_in(shown.implode()))
    return named.unique(["_row", "article_id"]).group_by("article_id", "severity").len().collect()


def _in_order(findings: pl.DataFrame) -> pl.DataFrame:
    """`findings` in `sort_findings` order; as they are when they are in it already (a run's
    findings are: `factlint.pipeline.run` sorts them), which is found by sorting only the
    key columns. A sorted copy of a run's findings, whose id lists hold millions of ids at
    10M claims, is memory the report does not need."""
    keys = findings.select("severity", "code", "fingerprint").with_row_index("_row")
    rows = sort_findings(keys).get_column("_row")
    if rows.equals(keys.get_column("_row")):
        return findings
    return sort_findings(findings)


def _named_articles(findings: pl.DataFrame) -> pl.Series:
    """The distinct article ids the findings name: computed once for the articles table and
    the rows `_cited` reads (the whole lists of 26,000 findings at 10M claims hold millions
    of ids, and exploding them took a second each time)."""
    return findings.get_column("article_ids").explode().drop_nulls().unique()


def _cited(named: pl.Series, articles: pl.DataFrame | None) -> pl.DataFrame | None:
    """The rows of `articles` whose id is in `named` (`_named_articles`), in table order: the
    articles table and the articles' details the page looks up need only these (one pass
    over a table of millions of articles, not one for each). A semi join, not `is_in` of the
    imploded ids, which copies them into one list value first."""
    if articles is None:
        return None
    _check_columns(articles, ("article_id",), "articles")
    return articles.join(
        named.to_frame("article_id"), on="article_id", how="semi", maintain_order="left"
    )


def _bounded_articles(
    articles: pl.DataFrame, cited: pl.DataFrame, limit: int
) -> tuple[pl.DataFrame, int]:
    """Articles a finding names (`cited`), then the others, each in id order, `limit` rows at
    most in all; and how many articles were left out.

    The `limit` smallest ids are picked without sorting a whole table (`bottom_k`): among
    the cited rows first, among the others only when fewer are cited; an article without an
    id is in neither group.
    """
    kept = cited.bottom_k(limit, by="article_id").sort("article_id", maintain_order=True)
    if kept.height < limit:
        others = (
            articles.lazy()
            .filter(~pl.col("article_id").is_in(cited.get_column("article_id").implode()))
            .bottom_k(limit - kept.height, by="article_id")
            .sort("article_id", maintain_order=True)
            .collect()
        )
        kept = pl.concat([kept, others])
    return kept, articles.height - kept.height


def _articles(
    findings: pl.DataFrame,
    articles: pl.DataFrame | None,
    cited: pl.DataFrame | None,
    limit: int,
    named: pl.Series,
) -> tuple[tuple[_Article, ...], int]:
    """The articles table, plus any article a finding names that the table lacks; and how
    many articles were left out to keep the page at most `limit` rows. `cited` are the rows
    of `articles` that a finding names (`_cited`), `named` the ids (`_named_articles`).

    The counts stay in Polars until the rows are chosen, and are counted only for those: a
    finding may name 100,000 articles.
    """
    known: dict[str, dict[str, str | None]] = {}
    omitted = 0
    unlisted = named  # named by a finding, not in the articles table
    if articles is not None and cited is not None:
        unlisted = (
            named.to_frame("article_id")
            .join(cited.select("article_id"), on="article_id", how="anti")
            .get_column("article_id")
        )
        articles, omitted = _bounded_articles(articles, cited, limit)
        table = articles.select(
            pl.col(c).cast(pl.String) if c in articles.columns else pl.lit(None, pl.String).alias(c)
            for c in _ARTICLE_COLUMNS
        )
        for rec in table.drop_nulls("article_id").iter_rows(named=True):
            known.setdefault(rec["article_id"], rec)
    room = max(0, limit - len(known))
    if unlisted.len() > room:
        omitted += unlisted.len() - room
        unlisted = unlisted.sort().head(room)
    shown = known.keys() | set(unlisted.to_list())
    counts: dict[str, dict[str, int]] = {}
    wanted = _article_counts(findings, pl.Series(sorted(shown), dtype=pl.String))
    for article_id, severity, n in wanted.iter_rows():
        counts.setdefault(article_id, {})[severity] = n
    views = []
    for article_id in sorted(shown):
        rec = known.get(article_id, {})
        per_severity = counts.get(article_id, {})
        views.append(
            _Article(
                id=_clip(article_id, _MAX_ID),
                key=article_id,
                filter_id=_short(article_id, _MAX_ID),
                anchor=_anchor("article", article_id),
                title=_text(rec.get("title")),
                outlet=_text(rec.get("outlet")),
                published=_clip(rec.get("published") or "", _MAX_ID),
                known=article_id in known,
                counts=tuple(per_severity.get(s, 0) for s in SEVERITIES),
                total=sum(per_severity.values()),
            )
        )
    return tuple(views), omitted


def _counts(findings: pl.DataFrame) -> tuple[_Count, ...]:
    """Findings per severity for the header; severities outside the three are shown as other."""
    summary = summarize(findings)
    counts = [_Count(s, _LABELS[s], s, _GLYPHS[s], summary[s]) for s in SEVERITIES]
    other = findings.height - sum(summary.values())
    if other:
        counts.append(_Count("other", "Other", "other", "●", other))
    return tuple(counts)


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("factlint.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _iso_or_none(value: str) -> str | None:
    """The value if it is a valid `<time datetime>` (ISO 8601), else None."""
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return None
    return value


@dataclass(frozen=True)
class _Bar:
    """One bar of the summary chart: a rule and its findings per severity."""

    code: str
    name: str
    anchor: str
    total: int
    segments: tuple[tuple[str, float, float, int], ...]  # css, x, width, count
    y: int


@dataclass(frozen=True)
class _Fact:
    label: str
    value: str


@cache
def _static(name: str) -> str:
    return (resources.files("factlint.report") / "static" / name).read_text(encoding="utf-8")


_CHART_WIDTH = 360
_CHART_ROW = 22


def _chart(findings: pl.DataFrame, names: Mapping[str, str]) -> tuple[tuple[_Bar, ...], int]:
    """Bars per rule (most findings first), each split by severity; the chart's height."""
    if not findings.height:
        return (), 0
    per = findings.group_by("code", "severity").len().sort("code")
    totals: dict[str, dict[str, int]] = {}
    for code, severity, n in per.iter_rows():
        totals.setdefault(code or "", {})[severity or ""] = n
    ranked = sorted(totals, key=lambda c: (-sum(totals[c].values()), c))[:40]
    top = max(sum(totals[c].values()) for c in ranked)
    bars = []
    for row, code in enumerate(ranked):
        x = 0.0
        segments = []
        for severity in (*SEVERITIES, *sorted(set(totals[code]) - set(SEVERITIES))):
            n = totals[code].get(severity, 0)
            if not n:
                continue
            width = n / top * _CHART_WIDTH
            segments.append((_css(severity), round(x, 2), round(max(width, 1.5), 2), n))
            x += width
        bars.append(
            _Bar(
                code=_clip(code, _MAX_ID),
                name=_clip(names.get(code, ""), _MAX_ID),
                anchor=_anchor("rule", code),
                total=sum(totals[code].values()),
                segments=tuple(segments),
                y=row * _CHART_ROW,
            )
        )
    return tuple(bars), len(bars) * _CHART_ROW


def _facts(facts: Any, settings: Mapping[str, Any], timings: Mapping[str, float]) -> list[_Fact]:
    out: list[_Fact] = []
    if facts is not None:
        out += [
            _Fact("Articles", f"{facts.articles:,}"),
            _Fact("Mentions", f"{facts.mentions:,}"),
            _Fact(
                "Claims",
                f"{facts.claims:,} ({facts.curated_claims:,} curated, "
                f"{facts.extracted_claims:,} extracted)",
            ),
            _Fact(
                "Rows of record",
                f"{facts.curated_articles:,} articles curated, {facts.extracted_articles:,} "
                f"from extracted/, {facts.extracted_now_articles:,} extracted by this run",
            ),
        ]
    shown = {
        "config": "Configuration",
        "select": "Selected",
        "ignore": "Ignored",
        "fail_on": "Fails on",
        "expectations": "Great Expectations suites",
        "extract": "Extract articles without rows",
        "baseline": "Baseline",
        "waivers": "Waivers",
        "changed_since": "Changed since",
        "full_run_reason": "Full run because",
    }
    for key, label in shown.items():
        value = settings.get(key)
        if value is None or value == [] or value == "":
            continue
        if isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        out.append(_Fact(label, _clip(str(value), 500)))
    scope = settings.get("scope")
    if scope and not scope.get("full"):
        out.append(
            _Fact(
                "Checked blocks",
                f"{scope['articles']} article(s), {scope['events']} event block(s), "
                f"{scope['entities']} entit(ies), {scope['agreements']} agreement(s)",
            )
        )
    if "total" in timings:
        stages = ", ".join(
            f"{k} {v:.2f}s"
            for k, v in timings.items()
            if not k.startswith("check ") and k != "total"
        )
        out.append(_Fact("Duration", f"{timings['total']:.2f}s ({stages})"))
    return out


def _article_meta(
    findings: pl.DataFrame,
    articles: pl.DataFrame | None,
    anchored: set[str],
    looked_up: set[str],
) -> dict[str, list[Any]]:
    """Per article a finding names that the page looks up (`looked_up`: ids as the page
    spells them, `factlint.report.data.report_data`): [anchor or None, title, outlet,
    published], bounded. `articles` need hold only the rows findings name (`_cited`)."""
    named = {
        a
        for a in findings.get_column("article_ids").explode().drop_nulls().unique().to_list()
        if _short(a, _MAX_ID) in looked_up
    }
    meta: dict[str, list[Any]] = {}
    if articles is not None:
        table = articles.join(
            pl.DataFrame({"article_id": sorted(named)}, schema={"article_id": pl.String}),
            on="article_id",
            how="semi",
            maintain_order="left",
        )
        # Tuples, not a dict per row (115,000 rows at 10M claims).
        for article_id, title, outlet, published in table.select(
            pl.col(c).cast(pl.String) if c in table.columns else pl.lit(None, pl.String).alias(c)
            for c in _ARTICLE_COLUMNS
        ).iter_rows():
            if article_id not in meta:
                meta[article_id] = [
                    _anchor("article", article_id) if article_id in anchored else None,
                    _short(title or "", 300),
                    _short(outlet or "", 100),
                    _short(published or "", 40),
                ]
    for article_id in named - meta.keys():
        meta[article_id] = [
            _anchor("article", article_id) if article_id in anchored else None,
            "",
            "",
            "",
        ]
    return {_short(k, _MAX_ID): v for k, v in meta.items()}


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_report(
    findings: pl.DataFrame,
    *,
    dataset: str,
    factlint_version: str,
    articles: pl.DataFrame | None = None,
    rule_docs: Mapping[str, str] | None = None,
    generated_at: str | None = None,
    max_articles: int = 2000,
    frames: Frames | None = None,
    facts: Any = None,
    settings: Mapping[str, Any] | None = None,
    timings: Mapping[str, float] | None = None,
    fixed: pl.DataFrame | None = None,
    rule_names: Mapping[str, str] | None = None,
    texts_at: TextsAt | None = None,
) -> str:
    """Render `findings` (FINDINGS_SCHEMA, optionally with `status` and `waiver`) as one
    self-contained HTML page.

    `articles` (article_id, title, outlet, published) names the articles; `frames` (the
    dataset's `articles`, `mentions` and `claims`) gives each finding its evidence and the
    report its event timelines, with the texts of the mentions' articles read by `texts_at`
    (`factlint.dataset.Dataset.texts_at`; by default the `text` column of `frames`'
    `articles`, which may be a LazyFrame); `rule_docs` maps a code to its
    documentation; `facts`, `settings` and `timings` describe the run; `fixed` lists baseline
    entries no finding matches any more. `generated_at` defaults to now (UTC); pass it for
    reproducible output. The findings are embedded as JSON and rendered a page at a time, so a
    run with 50,000 findings gives a page a browser opens and filters at once.
    """
    _check_columns(findings, tuple(FINDINGS_SCHEMA), "findings")
    if generated_at is None:
        generated_at = datetime.now(UTC).isoformat(timespec="seconds")
    script = _static("report.js")
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src {_script_hash(script)}; base-uri 'none'; form-action 'none'"
    )
    findings = _in_order(findings)
    named_articles = _named_articles(findings)
    cited = _cited(named_articles, articles)
    article_views, articles_omitted = _articles(
        findings, articles, cited, max_articles, named_articles
    )
    del named_articles
    # Each finding shows the first ids of its lists and how many it has in all.
    shown = cap_id_columns(findings, LIST_LIMIT)
    anchored = {a.key for a in article_views}
    names = dict(rule_names or {})
    for code, name in findings.select("code", "name").unique().iter_rows():
        names.setdefault(code, name or "")
    rules = _rules(findings, rule_docs or {})
    codes = sorted(set(findings.get_column("code").drop_nulls()))
    has_baseline = bool(settings and settings.get("baseline_size") is not None)
    data = report_data(
        shown,
        codes=[(c, names.get(c, ""), _anchor("rule", c)) for c in codes],
        article_meta=lambda looked_up: _article_meta(shown, cited, anchored, looked_up),
        frames=frames,
        baseline=has_baseline,
        flagged_claims=findings.get_column("claim_ids").explode().drop_nulls(),
        details_limit=LIST_LIMIT,
        texts_at=texts_at,
    )
    statuses = (
        dict(findings.group_by("status").len().iter_rows())
        if "status" in findings.columns and findings.height
        else {}
    )
    # The document as text, and then no more as Python objects (`embed_emptying` drops each
    # part once written), before the text is copied (`Markup`) and the page built around it:
    # at 10M claims the objects take about 310 MiB, the text (95 million characters, most of
    # them Arabic) about 190 MiB a copy.
    timelines = len(data["timelines"])
    text = embed_emptying(data)
    del data
    embedded = Markup(text)
    del text
    bars, chart_height = _chart(findings, names)
    fixed_rows = []
    if fixed is not None and fixed.height:
        for rec in fixed.head(500).iter_rows(named=True):
            fixed_rows.append(
                (
                    _clip(rec.get("code") or "", _MAX_ID),
                    _clip(rec.get("name") or "", _MAX_ID),
                    _text(rec.get("message")),
                    _clip(rec.get("fingerprint") or "", _MAX_ID),
                )
            )
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            dataset=dataset,
            version=factlint_version,
            generated_at=generated_at,
            generated_iso=_iso_or_none(generated_at),
            csp=csp,
            style=Markup(_static("report.css")),
            script=Markup(script),
            data=embedded,
            counts=_counts(findings),
            total=findings.height,
            rules=rules,
            codes=[(c, names.get(c, "")) for c in codes],
            articles=article_views,
            articles_omitted=articles_omitted,
            article_ids=[a.filter_id for a in article_views if a.total][:5000],
            severity_labels=[(_LABELS[s], _GLYPHS[s]) for s in SEVERITIES],
            bars=bars,
            chart_height=chart_height,
            chart_width=_CHART_WIDTH,
            facts=_facts(facts, settings or {}, timings or {}),
            baseline=has_baseline,
            statuses={k: int(statuses.get(k, 0)) for k in ("new", "baselined", "waived")},
            fixed=fixed_rows,
            fixed_total=fixed.height if fixed is not None else 0,
            timelines=timelines,
            id_list_limit=ID_LIST_LIMIT,
        )
    )


def render_run(result: Any, *, factlint_version: str, generated_at: str | None = None) -> str:
    """The report of a `factlint.pipeline.RunResult`: its findings with their evidence, the
    dataset's facts, the run's settings and duration, and the baseline's marks."""
    dataset = result.dataset
    # The columnar layout keeps the article texts on disk: the report reads those of the
    # mentions it shows (`Dataset.texts_at`, a slice of the file at a time), not every text.
    frames: dict[str, pl.DataFrame | pl.LazyFrame] = {
        t: dataset.frames[t] for t in ("articles", "mentions", "claims") if t in dataset.frames
    }
    articles = dataset.frames["articles"]
    return render_report(
        result.findings,
        dataset=str(dataset.root),
        factlint_version=factlint_version,
        articles=articles.select([c for c in _ARTICLE_COLUMNS if c in articles.columns]),
        rule_docs=result.rule_docs,
        generated_at=generated_at,
        frames=frames,
        facts=result.facts,
        settings=result.settings,
        timings=result.timings,
        fixed=result.fixed,
        rule_names={r.code: r.name for r in result.catalogue},
        texts_at=dataset.texts_at,
    )
