"""Render the findings table as one self-contained HTML page.

The page loads nothing: the CSS and the small filter script are inline, and a
Content-Security-Policy forbids every fetch, so a report can be archived or mailed and opened
offline. Escaping is jinja2's autoescape; the only markup built in Python comes from
`_inline` and `_doc_inline`, which escape every piece of data they wrap.
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

import jinja2
import polars as pl
from markupsafe import Markup, escape

from factlint.findings import FINDINGS_SCHEMA, SEVERITIES, sort_findings, summarize

__all__ = ["render_report"]

_LABELS = {"error": "Error", "warning": "Warning", "info": "Info"}
# A glyph next to the word, so severity is never told by colour alone.
_GLYPHS = {"error": "✖", "warning": "▲", "info": "ℹ"}
_ARTICLE_COLUMNS = ("article_id", "title", "outlet", "published")

# Filtering is a convenience: with scripts off the form stays hidden and every row is shown.
_FILTER_JS = """\
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-finding]"));
  var status = document.getElementById("filter-status");
  function apply() {
    var hidden = {};
    form.querySelectorAll("input[name=severity]").forEach(function (box) {
      hidden[box.value] = !box.checked;
    });
    var code = form.elements.code.value;
    var shown = 0;
    rows.forEach(function (row) {
      var show = !hidden[row.dataset.severity] && (code === "" || row.dataset.code === code);
      row.hidden = !show;
      if (show) { shown += 1; }
    });
    document.querySelectorAll("[data-group]").forEach(function (group) {
      group.hidden = !group.querySelector("tr[data-finding]:not([hidden])");
    });
    status.textContent = "Showing " + shown + " of " + rows.length + " findings.";
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
})();
"""

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
class _Row:
    code: str
    name: str
    severity: str
    source: str
    message: _Text
    details: str | None
    articles: tuple[_Ref, ...]
    claims: tuple[_Ref, ...]
    mentions: tuple[_Ref, ...]
    fingerprint: str


@dataclass(frozen=True)
class _CodeGroup:
    code: str
    name: str
    anchor: str
    rows: tuple[_Row, ...]
    total: int


@dataclass(frozen=True)
class _SeverityGroup:
    severity: str
    label: str
    css: str
    glyph: str
    count: int
    codes: tuple[_CodeGroup, ...]


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


def _pretty_details(details: str | None) -> str | None:
    """Indented JSON for the details cell; the raw string when it is not valid JSON (or too
    long to show whole)."""
    if details is None or details == "":
        return None
    if len(details) > _MAX_DETAILS:
        return _clip(details, _MAX_DETAILS)
    try:
        return json.dumps(json.loads(details), ensure_ascii=False, indent=2)
    except ValueError:
        return details


# Ids listed per finding and column; a finding about an event reported by hundreds of
# articles names them all in findings.json, the page shows the first few.
_MAX_REFS = 25


def _refs(ids: list[str] | None, prefix: str | None = None) -> tuple[_Ref, ...]:
    present = [i for i in ids or () if i]
    shown = tuple(
        _Ref(_clip(i, _MAX_ID), _anchor(prefix, i) if prefix else None) for i in present[:_MAX_REFS]
    )
    if len(present) > _MAX_REFS:
        shown += (_Ref(f"… {len(present) - _MAX_REFS} more"),)
    return shown


def _check_columns(frame: pl.DataFrame, needed: tuple[str, ...], what: str) -> None:
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lacks column(s): {', '.join(missing)}")


def _severity_groups(findings: pl.DataFrame, max_rows: int) -> tuple[_SeverityGroup, ...]:
    """Findings grouped by severity (most severe first), then by code.

    At most `max_rows` findings of each code are rendered (the first in the findings order);
    the group says how many there are in all, and findings.json has every one.
    """
    ordered = sort_findings(findings)
    totals = dict(
        ordered.group_by("severity", "code")
        .len()
        .select(pl.concat_str("severity", "code", separator="|"), "len")
        .iter_rows()
    )
    shown = ordered.filter(pl.int_range(pl.len()).over("severity", "code") < max_rows)
    by_severity: dict[str, dict[str, list[_Row]]] = {}
    for rec in shown.iter_rows(named=True):
        code = rec["code"] or ""
        row = _Row(
            code=code,
            name=rec["name"] or "",
            severity=rec["severity"] or "",
            source=rec["source"] or "",
            message=_text(rec["message"]),
            details=_pretty_details(rec["details"]),
            articles=_refs(rec["article_ids"], "article"),
            claims=_refs(rec["claim_ids"]),
            mentions=_refs(rec["mention_ids"]),
            fingerprint=rec["fingerprint"] or "",
        )
        by_severity.setdefault(row.severity, {}).setdefault(code, []).append(row)
    return tuple(
        _SeverityGroup(
            severity=severity,
            label=_LABELS.get(severity, severity or "(no severity)"),
            css=_css(severity),
            glyph=_GLYPHS.get(severity, "●"),
            count=sum(totals[f"{severity}|{code}"] for code in codes),
            codes=tuple(
                _CodeGroup(
                    code,
                    rows[0].name,
                    _anchor("rule", code),
                    tuple(rows),
                    totals[f"{severity}|{code}"],
                )
                for code, rows in codes.items()
            ),
        )
        for severity, codes in by_severity.items()
    )


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


def _article_counts(findings: pl.DataFrame) -> dict[str, dict[str, int]]:
    """Per article id, how many findings of each severity name it."""
    per_article = (
        findings.with_row_index("_row")
        .select("_row", "severity", pl.col("article_ids").alias("article_id"))
        .explode("article_id")
        .drop_nulls("article_id")
        .unique(["_row", "article_id"])
        .group_by("article_id", "severity")
        .len()
    )
    counts: dict[str, dict[str, int]] = {}
    for article_id, severity, n in per_article.iter_rows():
        counts.setdefault(article_id, {})[severity] = n
    return counts


def _bounded_articles(
    articles: pl.DataFrame, with_findings: set[str], limit: int
) -> tuple[pl.DataFrame, int]:
    """Articles a finding names, then the others, each in id order, `limit` rows at most in
    all; and how many articles were left out."""
    named = pl.col("article_id").is_in(sorted(with_findings))
    kept = pl.concat(
        [articles.filter(named).sort("article_id"), articles.filter(~named).sort("article_id")]
    ).head(limit)
    return kept, articles.height - kept.height


def _articles(
    findings: pl.DataFrame, articles: pl.DataFrame | None, limit: int
) -> tuple[tuple[_Article, ...], int]:
    """The articles table, plus any article a finding names that the table lacks; and how
    many articles were left out to keep the page at most `limit` rows."""
    counts = _article_counts(findings)
    known: dict[str, dict[str, str | None]] = {}
    unlisted: set[str] = set(counts)  # named by a finding, not in the articles table
    omitted = 0
    if articles is not None:
        _check_columns(articles, ("article_id",), "articles")
        unlisted -= set(articles.get_column("article_id").drop_nulls().to_list())
        articles, omitted = _bounded_articles(articles, set(counts), limit)
        table = articles.select(
            pl.col(c).cast(pl.String) if c in articles.columns else pl.lit(None, pl.String).alias(c)
            for c in _ARTICLE_COLUMNS
        )
        for rec in table.drop_nulls("article_id").iter_rows(named=True):
            known.setdefault(rec["article_id"], rec)
    views = []
    for article_id in sorted(known.keys() | unlisted):
        rec = known.get(article_id, {})
        per_severity = counts.get(article_id, {})
        views.append(
            _Article(
                id=_clip(article_id, _MAX_ID),
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


def render_report(
    findings: pl.DataFrame,
    *,
    dataset: str,
    factlint_version: str,
    articles: pl.DataFrame | None = None,
    rule_docs: Mapping[str, str] | None = None,
    generated_at: str | None = None,
    max_rows_per_code: int = 500,
    max_articles: int = 2000,
) -> str:
    """Render `findings` (FINDINGS_SCHEMA) as a self-contained HTML page.

    `articles` (article_id, title, outlet, published) adds the per-article section's details;
    `rule_docs` maps a code to its documentation text. `generated_at` defaults to now (UTC);
    pass it for reproducible output. At most `max_rows_per_code` findings of each code are
    rendered as rows, so that a run with a hundred thousand findings still gives a page a
    browser opens; the counts are always complete. The articles section lists every article a
    finding names, then others up to `max_articles` rows.
    """
    _check_columns(findings, tuple(FINDINGS_SCHEMA), "findings")
    if generated_at is None:
        generated_at = datetime.now(UTC).isoformat(timespec="seconds")
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src {_script_hash(_FILTER_JS)}; base-uri 'none'; form-action 'none'"
    )
    article_views, articles_omitted = _articles(findings, articles, max_articles)
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            dataset=dataset,
            version=factlint_version,
            generated_at=generated_at,
            generated_iso=_iso_or_none(generated_at),
            csp=csp,
            script=Markup(_FILTER_JS),
            counts=_counts(findings),
            total=findings.height,
            groups=_severity_groups(findings, max_rows_per_code),
            rules=_rules(findings, rule_docs or {}),
            articles=article_views,
            articles_omitted=articles_omitted,
            severity_labels=[(_LABELS[s], _GLYPHS[s]) for s in SEVERITIES],
        )
    )


def render_run(result: Any, *, factlint_version: str, generated_at: str | None = None) -> str:
    """The report of a `factlint.pipeline.RunResult`."""
    articles = result.dataset.frame("articles").select(list(_ARTICLE_COLUMNS))
    return render_report(
        result.findings.select(list(FINDINGS_SCHEMA)),
        dataset=str(result.dataset.root),
        factlint_version=factlint_version,
        articles=articles,
        rule_docs=result.rule_docs,
        generated_at=generated_at,
    )
