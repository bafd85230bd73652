"""The `factlint` command line.

Exit codes: 0 no finding reaches `--fail-on`; 1 one does; 2 usage error or unreadable input;
3 an internal error (a bug in factlint, reported without a traceback unless FACTLINT_DEBUG=1).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import polars as pl
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from factlint import __version__
from factlint.atomic import write_bytes_atomic, write_text_atomic
from factlint.config import Config, find_config_file, load_config
from factlint.dataset import load_dataset
from factlint.diagnostics import DIAGNOSTICS
from factlint.engine import discover_rules, selection
from factlint.errors import (
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_USAGE,
    ConfigError,
    InputError,
    display_path,
)
from factlint.extract import (
    extract_dataset,
    load_extractor,
    write_extraction,
)
from factlint.files import resolve_path
from factlint.findings import SEVERITIES
from factlint.outputs import FORMATS

__all__ = ["main"]

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def _config(path: Path | None) -> Config:
    return load_config(path if path is not None else find_config_file(Path.cwd()))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="factlint")
def cli() -> None:
    """Check claims extracted from Arabic news for schema errors and contradictions."""


_FORMAT_HELP = (
    "What to print (or write to --output-file): text (one line per finding), json, sarif, "
    "junit, github (workflow annotations), markdown (step summary) or html."
)


def _check_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options `check` and `baseline` share: what to check and how."""
    options = [
        click.option(
            "--datasets",
            "datasets_dir",
            type=click.Path(path_type=Path, file_okay=False),
            default=Path("datasets"),
            show_default=True,
            help="The dataset folder (articles.csv, articles/, claims/, reference/).",
        ),
        click.option(
            "--config",
            "config_path",
            type=click.Path(path_type=Path, dir_okay=False, exists=True),
            default=None,
            help="A pyproject.toml with [tool.factlint]; default: the nearest one above the cwd.",
        ),
        click.option("--no-expectations", is_flag=True, help="Skip the Great Expectations suites."),
        click.option(
            "--no-extract",
            is_flag=True,
            help="Do not extract claims in memory for articles that have none (curated or "
            "extracted).",
        ),
        click.option("--quiet", "-q", is_flag=True, help="Print only the summary line."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@cli.command()
@_check_options
@click.option(
    "--output",
    "output_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("reports"),
    show_default=True,
    help="Where findings.json and report.html are written.",
)
@click.option(
    "--fail-on",
    type=click.Choice(SEVERITIES),
    default=None,
    help="Exit 1 when a new finding is at least this severe [default: error, or fail-on in "
    "config].",
)
@click.option(
    "--output-format",
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help=_FORMAT_HELP,
)
@click.option(
    "--output-file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Write the --output-format to this file instead of standard output.",
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="A baseline file (`factlint baseline`): only findings not in it fail the gate.",
)
@click.option(
    "--waivers",
    "waivers_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="A TOML file of [[waiver]] tables (fingerprint, or rule with article or entity; "
    "reason; optional expires).",
)
@click.option(
    "--changed-since",
    "changed_since",
    default=None,
    metavar="REF",
    help="Check only what changed since git revision REF, with every event, entity and "
    "agreement it takes part in.",
)
@click.option(
    "--step-summary",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also append the Markdown summary here (in GitHub Actions: $GITHUB_STEP_SUMMARY).",
)
def check(
    datasets_dir: Path,
    config_path: Path | None,
    no_expectations: bool,
    no_extract: bool,
    quiet: bool,
    output_dir: Path,
    fail_on: str | None,
    output_format: str,
    output_file: Path | None,
    baseline_path: Path | None,
    waivers_path: Path | None,
    changed_since: str | None,
    step_summary: Path | None,
) -> None:
    """Run every check on a dataset and write findings.json and report.html."""
    from factlint.outputs import OutputContext, check_output_folder, render
    from factlint.outputs.text import summary_line
    from factlint.pipeline import run
    from factlint.progress import run_progress

    started = time.perf_counter()
    config = _config(config_path)
    check_output_folder(output_dir)
    _refuse_inside_dataset(output_dir, datasets_dir)
    if output_file is not None:
        _refuse_inside_dataset(output_file.parent, datasets_dir, what="--output-file")
    if step_summary is not None:
        # Appended to, not replaced: a link to a dataset file or a FIFO (which would block
        # with no reader) is refused like a folder inside the dataset.
        _refuse_special(step_summary, "--step-summary")
        _refuse_inside_dataset(resolve_path(step_summary).parent, datasets_dir, "--step-summary")
    # On a terminal, the stage the run is in (on standard error, gone when it ends; never in
    # CI or when standard error is piped: `factlint.progress`).
    display = run_progress(quiet)
    with display if display is not None else contextlib.nullcontext():
        result = run(
            datasets_dir,
            config=config,
            expectations=not no_expectations,
            extract=not no_extract,
            baseline=baseline_path,
            waivers=waivers_path,
            changed_since_ref=changed_since,
            progress=display.extraction if display is not None else None,
            stage=display.stage if display is not None else None,
        )
        if display is not None:
            display.stage("outputs")
        threshold = fail_on or config.fail_on
        context = OutputContext(version=__version__, fail_on=threshold)
        # Everything is rendered before anything is written; the report goes first, so that
        # a findings.json (what CI reads) never sits beside a report of an older run.
        # The page is held as UTF-8 while the rest is rendered: as a Python string of Arabic
        # text it takes two or four bytes a character.
        html = render("html", result, context).encode("utf-8")
        document = render("json", result, context)
        chosen = None
        if output_format not in ("text", "json", "html") or output_file is not None:
            chosen = render(output_format, result, context)
        summary_md = render("markdown", result, context) if step_summary is not None else None
        output_dir.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(output_dir / "report.html", html)
        write_text_atomic(output_dir / "findings.json", document)
    wrote = [str(output_dir / "findings.json"), str(output_dir / "report.html")]
    if output_file is not None:
        write_text_atomic(output_file, chosen or "")
        wrote.append(str(output_file))
    if summary_md is not None:
        with step_summary.open("a", encoding="utf-8") as handle:  # type: ignore[union-attr]
            handle.write(summary_md + "\n")
    elapsed = time.perf_counter() - started
    terminal = OutputContext(version=__version__, fail_on=threshold, colour=sys.stdout.isatty())
    summary = summary_line(result, terminal, wrote, elapsed)
    if output_file is None and output_format != "text":
        if output_format == "html":
            text = html.decode("utf-8")
        else:
            text = document if output_format == "json" else chosen
        click.echo(text, nl=False)
        click.echo(summary, nl=False, err=True)  # stdout is the machine-readable output
    else:
        if not quiet:
            click.echo(render("text", result, terminal), nl=False)
        click.echo(summary, nl=False)
    sys.exit(EXIT_FINDINGS if result.gate(threshold) else EXIT_OK)


@cli.command()
@_check_options
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("factlint-baseline.json"),
    show_default=True,
    help="Where to write the baseline (keep it in the repository).",
)
def baseline(
    datasets_dir: Path,
    config_path: Path | None,
    no_expectations: bool,
    no_extract: bool,
    quiet: bool,
    baseline_path: Path,
) -> None:
    """Write the fingerprints of the current findings to a baseline file.

    With `check --baseline FILE`, only findings not in it fail the gate, and those no longer
    found are reported as fixed. Re-taking an unchanged baseline changes no byte.
    """
    from factlint.baseline import write_baseline
    from factlint.pipeline import run

    started = time.perf_counter()
    _refuse_inside_dataset(baseline_path.parent, datasets_dir, what="--baseline")
    result = run(
        datasets_dir,
        config=_config(config_path),
        expectations=not no_expectations,
        extract=not no_extract,
        progress=_progress(quiet),
    )
    count = write_baseline(baseline_path, result.findings, version=__version__)
    click.echo(
        f"factlint: baseline of {count} finding(s) written to {display_path(baseline_path)} "
        f"in {time.perf_counter() - started:.2f}s"
    )


def _refuse_inside_dataset(target: Path, datasets_dir: Path, what: str = "--output") -> None:
    # The dataset's own folders count too: one of them may be a link to somewhere else.
    protected = [datasets_dir, *(datasets_dir / sub for sub in ("articles", "claims", "reference"))]
    if any(_is_within(target, folder) for folder in protected):
        raise ConfigError(
            f"{what} {display_path(target)} is inside the dataset folder "
            f"{display_path(datasets_dir)}: factlint never writes into a dataset"
        )


def _refuse_unread(unreadable: list[str], read: list[str], datasets_dir: Path) -> None:
    """Say which articles had no readable text; with none read at all, refuse (exit 2): a run
    that read nothing must not look like one that found nothing."""
    if not unreadable:
        return
    from factlint.outputs._common import id_text

    shown = id_text(unreadable[:10], len(unreadable), separator=", ")
    message = (
        f"{len(unreadable)} article(s) of {display_path(datasets_dir)} have no readable text "
        f"(a missing, unreadable or non-UTF-8 file under articles/): {shown}"
    )
    if not read:
        raise ConfigError(f"{message}; nothing was extracted")
    click.echo(f"factlint: warning: {message}; they were skipped", err=True)


def _refuse_special(path: Path, what: str) -> None:
    """A file factlint writes or appends to must be a regular file when it exists."""
    if path.exists() and not path.is_file():
        raise ConfigError(
            f"{what} {display_path(path)} exists and is not a regular file: factlint writes "
            "only regular files"
        )


def _is_within(inner: Path, outer: Path) -> bool:
    inner, outer = resolve_path(inner), resolve_path(outer)
    return inner == outer or outer in inner.parents


@cli.command("rules")
@click.option("--config", "config_path", type=click.Path(path_type=Path, exists=True), default=None)
def list_rules(config_path: Path | None) -> None:
    """List every check: code, name, default severity, whether it is selected."""
    config = _config(config_path)
    rules, crashes = discover_rules(config.rules_package)
    selected = selection(config, rules)
    console = Console(highlight=False)
    table = Table(box=None, pad_edge=False)
    for column in ("code", "name", "severity", "selected", "summary"):
        table.add_column(column)
    entries: list[tuple[str, str, str, str]] = [
        (d.code, d.name, d.severity, d.summary) for d in DIAGNOSTICS.values()
    ]
    entries += [(r.code, r.name, r.severity, r.summary) for r in rules]
    for code, name, severity, summary in sorted(entries):
        chosen = selected.get(code)
        table.add_row(
            code,
            name,
            chosen.severity if chosen else severity,
            "yes" if chosen else "no",
            escape(summary),
        )
    console.print(table)
    for message in crashes.get_column("message"):
        console.print(f"[red]error[/]: {escape(message)}")


@cli.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the documentation of a rule, by code (FL101) or name (conflicting-event-dates)."""
    rules, _ = discover_rules(_config(None).rules_package)
    entries: dict[str, Any] = {d.code: d for d in DIAGNOSTICS.values()}
    entries.update({r.code: r for r in rules})
    wanted = code.strip()
    found = entries.get(wanted.upper()) or next(
        (e for e in entries.values() if e.name == wanted.lower()), None
    )
    if found is None:
        raise click.UsageError(f"unknown rule {code!r}; `factlint rules` lists them")
    click.echo(f"{found.code} {found.name} (default severity: {found.severity})\n")
    click.echo(found.doc)


def _progress(quiet: bool) -> Callable[[int, int], None] | None:
    """A progress bar on stderr for long extractions (more than 50 articles)."""
    if quiet:
        return None
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if total <= 50:
            return
        if "bar" not in state:
            from rich.progress import Progress

            bar = Progress(console=Console(stderr=True), transient=True)
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task("extracting", total=total)
        state["bar"].update(state["task"], completed=done)
        if done == total:
            state.pop("bar").stop()

    return update


_DATASETS_OPTION = click.option(
    "--datasets",
    "datasets_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("datasets"),
    show_default=True,
    help="The dataset folder.",
)


@cli.command()
@_DATASETS_OPTION
@click.option("--article", "article_ids", multiple=True, help="Only this article (repeatable).")
@click.option(
    "--extractor",
    "extractor_name",
    default="builtin",
    show_default=True,
    help="An extractor registered in the factlint.extractors entry points.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line.")
def extract(
    datasets_dir: Path, article_ids: tuple[str, ...], extractor_name: str, quiet: bool
) -> None:
    """Extract mentions and claims into DATASETS/extracted/ (curated files are never touched)."""
    started = time.perf_counter()
    dataset = load_dataset(datasets_dir)
    extractor = load_extractor(extractor_name)
    extraction = extract_dataset(
        dataset, extractor, list(article_ids) or None, progress=_progress(quiet)
    )
    _refuse_unread(extraction.unreadable, extraction.article_ids, datasets_dir)
    written = write_extraction(datasets_dir, extraction)
    console = Console(highlight=False, soft_wrap=True)
    unknown = extraction.unknown
    if not quiet and unknown.height:
        table = Table(title="Unknown people and titles (candidates for reference/)", box=None)
        for column in ("kind", "name", "count", "example"):
            table.add_column(column)
        top = (
            unknown.group_by("kind", "name_key")
            .agg(
                pl.len().alias("count"),
                pl.col("text").mode().first().alias("name"),
                pl.col("sentence").first().alias("example"),
            )
            .sort(["count", "kind", "name"], descending=[True, False, False])
            .head(30)
        )
        for row in top.iter_rows(named=True):
            example = row["example"] if len(row["example"]) <= 90 else row["example"][:87] + "..."
            table.add_row(row["kind"], escape(row["name"]), str(row["count"]), escape(example))
        console.print(table)
    elapsed = time.perf_counter() - started
    console.print(
        f"factlint: extracted {extraction.mentions.height} mention(s) and "
        f"{extraction.claims.height} claim(s) from {len(extraction.article_ids)} article(s) with "
        f"{escape(extraction.extractor)} {escape(extraction.version)} in {elapsed:.2f}s; "
        f"{len(written)} file(s) written under {escape(str(datasets_dir / 'extracted'))}"
    )


@cli.command("eval")
@_DATASETS_OPTION
@click.option(
    "--output",
    "output_path",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also write the full evaluation (every miss and false alarm) as JSON here.",
)
@click.option("--extractor", "extractor_name", default="builtin", show_default=True)
@click.option("--list", "list_rows", is_flag=True, help="Print every miss and false alarm.")
@click.option(
    "--conflicts",
    is_flag=True,
    help="Measure the date-disagreement rules end to end instead: hide the curated rows of the "
    "articles under test, extract them, check, and judge every finding against "
    "DATASETS/gold/disagreements.*.yml.",
)
@click.option(
    "--under-test",
    default="snn-",
    show_default=True,
    help="With --conflicts: the article-id prefix of the articles whose curated rows are hidden.",
)
def evaluate_command(
    datasets_dir: Path,
    output_path: Path | None,
    extractor_name: str,
    list_rows: bool,
    conflicts: bool,
    under_test: str,
) -> None:
    """Measure the extractor against the curated rows: precision, recall, F1 per kind."""
    import json

    from factlint.evaluation import evaluate
    from factlint.extract import curated_article_ids

    if output_path is not None:
        _refuse_inside_dataset(output_path.parent, datasets_dir)

    if conflicts:
        from factlint.conflict_eval import evaluate_conflicts, format_evaluation

        measured = evaluate_conflicts(
            datasets_dir, under_test=under_test, extractor=load_extractor(extractor_name)
        )
        click.echo(format_evaluation(measured))
        return
    dataset = load_dataset(datasets_dir)
    curated = sorted(curated_article_ids(dataset))
    if not curated:
        raise ConfigError(f"{datasets_dir}: no curated mentions or claims to evaluate against")
    extraction = extract_dataset(dataset, load_extractor(extractor_name), curated)
    _refuse_unread(extraction.unreadable, extraction.article_ids, datasets_dir)
    result = evaluate(
        dataset.frame("mentions"),
        dataset.frame("claims"),
        extraction.mentions,
        extraction.claims,
        curated,
    )
    console = Console(highlight=False, soft_wrap=True)
    table = Table(title=f"{extraction.extractor} {extraction.version} on {len(curated)} article(s)")
    for column in ("measure", "tp", "fp", "fn", "precision", "recall", "F1"):
        table.add_column(column, justify="right" if column != "measure" else "left")
    for name, score in result["scores"].items():
        table.add_row(
            name,
            str(score["tp"]),
            str(score["fp"]),
            str(score["fn"]),
            f"{score['precision']:.3f}",
            f"{score['recall']:.3f}",
            f"{score['f1']:.3f}",
        )
    console.print(table)
    if len(result["groups"]) > 1:
        for group, scores in result["groups"].items():
            figures = ", ".join(
                f"{name} {score['f1']:.3f}"
                for name, score in scores.items()
                if name
                in ("mentions.date", "people_and_roles", "claims.event", "claims.agreement_scope")
            )
            console.print(f"F1 on {escape(group)}-* articles: {figures}")
    if list_rows:
        for name, score in result["scores"].items():
            for label, rows in (("miss", score["misses"]), ("false alarm", score["false_alarms"])):
                for row in rows:
                    console.print(f"{name} {label}: {escape(json.dumps(row, ensure_ascii=False))}")
    if output_path is not None:
        write_text_atomic(output_path, json.dumps(result, ensure_ascii=False, indent=1) + "\n")


cli.add_command(importlib.import_module("factlint.convert").convert)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and map every failure to its exit code, without tracebacks."""
    try:
        cli.main(args=argv, prog_name="factlint", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(EXIT_USAGE)
    except (InputError, ConfigError) as exc:
        click.echo(f"factlint: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except OSError as exc:
        # A file or folder of the user's that cannot be read or written: their input, not a bug.
        where = display_path(exc.filename) if exc.filename else "input/output"
        click.echo(f"factlint: error: {where}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_USAGE)
    except SystemExit:
        raise
    except Exception as exc:
        if os.environ.get("FACTLINT_DEBUG") == "1":
            raise
        click.echo(
            f"factlint: internal error: {type(exc).__name__}: {exc} "
            "(set FACTLINT_DEBUG=1 for the traceback)",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)
    sys.exit(EXIT_OK)


if __name__ == "__main__":
    main()
