"""The `tbparse` command: a thin layer over the library; every failure is one line and an exit code.

Exit codes: 0 success; 1 an input could not be processed (missing, binary, empty, undecodable,
or the parser failed on it; the other inputs are still processed) or `validate` found defects at
the failing severity; 2 usage error (bad option, bad --rules, an output that would overwrite an
input); 130 interrupted (outputs already written are complete: writes are atomic).
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from enum import Enum
from functools import partial
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .batch import (DEFAULT_GLOBS, Input, Reporter, Stats, clashes, collect_inputs, content_hash,
                    default_jobs, errors_jsonl, extract_all, is_complete, out_dir_json, output_path,
                    run_ordered)
from .evaluate import evaluate
from .export import FORMATS, render, render_table, to_json, write_atomic
from .models import Document
from .normalize import EngineUnavailable, normalize_text
from .pipeline import extract_file
from .read import InputError, read_file
from .rules import RulesError, check_overlays
from .validate import (Config, ConfigError, disabled_codes, failing, format_github, format_json, format_text,
                       load_config, to_findings, validate_one)

EXIT_INPUT, EXIT_USAGE, EXIT_INTERRUPTED = 1, 2, 130  # success is 0

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Turn Vietnamese government notices into structured task records.")


class Restore(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class Restorer(str, Enum):
    builtin = "builtin"
    pyvi = "pyvi"


RulesOpt = Annotated[Optional[list[Path]], typer.Option("--rules", help="Directory of TOML rules overlaid on the built-in ones (repeatable).")]
RestoreOpt = Annotated[Restore, typer.Option(help="Restore OCR-damaged diacritics: auto (when damage is high), always, never.")]
RestorerOpt = Annotated[Restorer, typer.Option(help="Restoration engine; pyvi needs the extra: pip install \"tbparse\\[pyvi]\".")]


def fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"tbparse: error: {message}", err=True)
    return typer.Exit(code)


def _overlays(rules_dirs: list[Path] | None) -> tuple[str, ...]:
    overlays = tuple(str(p) for p in rules_dirs or ())
    try:
        check_overlays(overlays)
    except RulesError as exc:
        raise fail(f"--rules {exc}", EXIT_USAGE)
    return overlays


def _guard_output(output: Path | None, inputs: list[Path]) -> None:
    """Never write over a notice the user gave us."""
    if output is None:
        return
    resolved = output.resolve()
    if any(p.exists() and p.resolve() == resolved for p in inputs):
        raise fail(f"{output}: output would overwrite an input file", EXIT_USAGE)
    if output.is_dir():
        raise fail(f"{output}: output is a directory", EXIT_USAGE)


def _emit(payload: str | bytes, output: Path | None) -> None:
    if output is None:
        if isinstance(payload, bytes):
            sys.stdout.buffer.write(payload)
        else:
            sys.stdout.write(payload if not payload or payload.endswith("\n") else payload + "\n")  # no tasks, no line
        return
    try:
        write_atomic(output, payload)
    except OSError as exc:
        raise fail(f"{output}: cannot write: {exc.strerror or exc}", EXIT_INPUT)


GlobOpt = Annotated[Optional[list[str]], typer.Option("--glob", help="File pattern inside directories (repeatable); default: *.txt, *.md and *.docx.")]
JobsOpt = Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Worker processes; default: all cores.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no summary on standard error.")]


def _extract_format(format: str | None, output: Path | None, out_dir: Path | None) -> str:
    fmt = format or ("table" if output is None and out_dir is None and sys.stdout.isatty() else "json")
    if fmt not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}", EXIT_USAGE)
    if fmt == "table" and output is not None:
        raise fail("--format table prints to the terminal; choose json, jsonl or csv with -o", EXIT_USAGE)
    if out_dir is not None and fmt != "json":
        raise fail("--out-dir writes one JSON file per input; use -o FILE for jsonl or csv", EXIT_USAGE)
    if out_dir is not None and output is not None:
        raise fail("choose one of -o FILE and --out-dir DIR", EXIT_USAGE)
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise fail(f"{out_dir}: --out-dir is not a directory", EXIT_USAGE)
    return fmt


def _out_dir_targets(out_dir: Path | None, items: list[Input]) -> dict[Input, Path]:
    """Where each input's JSON goes; refuses clashes before anything is written."""
    if out_dir is None:
        return {}
    targets = {item: output_path(out_dir, item) for item in items}
    problems = clashes(targets, items)
    if problems:
        raise fail(problems[0], EXIT_USAGE)
    return targets


def _pending(items: list[Input], targets: dict[Input, Path], digests: dict[Input, str | None],
             resume: bool) -> list[Input]:
    if not resume:
        return items
    return [item for item in items if not is_complete(targets[item], digests[item])]


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Notice files (.txt, .md, .docx) or directories of them; '-' reads standard input.")],
    format: Annotated[Optional[str], typer.Option("--format", "-f", help=f"One of {', '.join(FORMATS)}; default: table on a terminal, else json.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to this file (atomically) instead of standard output.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show which rule decided each task's owner, deadline and field.")] = False,
    restore: RestoreOpt = Restore.auto,
    restorer: RestorerOpt = Restorer.builtin,
    rules_dirs: RulesOpt = None,
    out_dir: Annotated[Optional[Path], typer.Option("--out-dir", help="Write one JSON per input here, mirroring the input tree.")] = None,
    errors: Annotated[Optional[Path], typer.Option("--errors", help="Write failed inputs here as JSONL; default: <out-dir>/errors.jsonl.")] = None,
    globs: GlobOpt = None,
    jobs: JobsOpt = None,
    quiet: QuietOpt = False,
    resume: Annotated[bool, typer.Option("--resume", help="With --out-dir: skip inputs whose output is complete and content unchanged.")] = False,
) -> None:
    """Extract the tasks of one or more notices, or of whole directories of them."""
    overlays = _overlays(rules_dirs)
    fmt = _extract_format(format, output, out_dir)
    if resume and out_dir is None:
        raise fail("--resume needs --out-dir", EXIT_USAGE)
    items, failures = collect_inputs([str(f) for f in files], globs or DEFAULT_GLOBS, skip=out_dir)
    input_paths = [item.path for item in items if item.path is not None]
    errors_file = errors or (out_dir / "errors.jsonl" if out_dir is not None else None)
    _guard_output(output, input_paths)
    _guard_output(errors_file, input_paths)
    targets = _out_dir_targets(out_dir, items)
    digests = {item: content_hash(item) for item in targets}
    todo = _pending(items, targets, digests, resume)
    stats = Stats(skipped=len(items) - len(todo))
    reporter = Reporter(len(todo), show=not quiet and (out_dir is not None or len(items) + len(failures) > 1))
    for failure in failures:
        reporter.error(f"tbparse: error: {failure.name}: {failure.error}")
        stats.add(failure)
    options = dict(restore=restore.value, overlays=overlays, engine=restorer.value)
    docs: list[Document] = []
    try:
        for item, outcome in zip(todo, extract_all(todo, options, jobs or default_jobs())):
            stats.add(outcome)
            reporter.advance()
            if outcome.doc is None:
                failures.append(outcome)
                reporter.error(f"tbparse: error: {outcome.name}: {outcome.error}")
            elif out_dir is not None:
                _write(targets[item], out_dir_json(outcome.doc, digests[item], explain=explain))
            else:
                docs.append(outcome.doc)
    except EngineUnavailable as exc:
        raise fail(str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        raise fail("interrupted; every output already written is complete", EXIT_INTERRUPTED)
    finally:
        reporter.close()
    _emit_documents(docs, fmt, output, explain)
    if errors_file is not None:
        _write(errors_file, errors_jsonl(failures))
    if reporter.show:
        typer.echo(stats.summary(), err=True)
    if failures:
        raise typer.Exit(EXIT_INPUT)


def _write(path: Path, payload: str | bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise fail(f"{path.parent}: cannot create: {exc.strerror or exc}", EXIT_INPUT)
    _emit(payload, path)


def _emit_documents(docs: list[Document], fmt: str, output: Path | None, explain: bool) -> None:
    if not docs:
        return
    if fmt == "table":
        render_table(docs, Console(), explain=explain)
    else:
        _emit(render(docs, fmt, explain=explain), output)


@app.command()
def normalize(
    file: Annotated[Path, typer.Argument(help="A notice, possibly OCR-damaged; '-' reads standard input.")],
    explain: Annotated[bool, typer.Option("--explain", help="List every change: line, before → after, stage and score.")] = False,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the restored text to this file.")] = None,
    restore: RestoreOpt = Restore.auto,
    restorer: RestorerOpt = Restorer.builtin,
    rules_dirs: RulesOpt = None,
) -> None:
    """Print a notice with its Unicode cleaned and, when damaged, its diacritics restored."""
    overlays = _overlays(rules_dirs)
    _guard_output(output, [file])
    try:
        text = sys.stdin.read() if str(file) == "-" else "\n".join(read_file(file).raw_lines)
        result = normalize_text(text, mode=restore.value, overlays=overlays, engine=restorer.value)
    except InputError as exc:
        raise fail(f"{file}: {exc}", EXIT_INPUT)
    except EngineUnavailable as exc:
        raise fail(str(exc), EXIT_USAGE)
    _emit(result.text, output)
    if explain:
        console = Console(stderr=True)
        table = Table(title=f"{len(result.changes)} changes · damage {result.damage:.0%} · "
                            f"{'restored' if result.restored else 'not restored'}")
        for column in ("line", "before", "after", "stage", "score"):
            table.add_column(column)
        for c in result.changes:
            table.add_row(str(c.line), c.before, c.after, c.stage, "" if c.score is None else f"{c.score:.2f}")
        console.print(table)


class FindingFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def _validate_config(overlays: tuple[str, ...]) -> Config:
    try:
        return load_config(overlays, disabled_codes(Path.cwd()))
    except (ConfigError, RulesError, KeyError) as exc:
        raise fail(f"validate config: {exc}", EXIT_USAGE)


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Notices or directories of them; '-' reads standard input.")],
    format: Annotated[FindingFormat, typer.Option("--format", "-f", help="text, json, or github (Actions annotations).")] = FindingFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too, not only on errors.")] = False,
    globs: GlobOpt = None,
    jobs: JobsOpt = None,
    quiet: QuietOpt = False,
    restore: RestoreOpt = Restore.auto,
    rules_dirs: RulesOpt = None,
) -> None:
    """Report defects (stable codes, file:line) in notices; exit 1 on errors, or warnings with --strict.

    Codes and severities are in rules/validate.toml; a project turns codes off with
    `disable = ["TB402"]` in .tbparse.toml or in the tool.tbparse table of pyproject.toml."""
    overlays = _overlays(rules_dirs)
    config = _validate_config(overlays)
    items, missing = collect_inputs([str(p) for p in paths], globs or DEFAULT_GLOBS)
    findings = [found for m in missing for found in to_findings([("TB001", 1, m.error)], m.name, config)]
    options = dict(restore=restore.value, overlays=overlays)
    try:
        for found in run_ordered(partial(validate_one, options=options, config=config), items, jobs or default_jobs()):
            findings.extend(found)
    except KeyboardInterrupt:
        raise fail("interrupted", EXIT_INTERRUPTED)
    writers = {FindingFormat.text: format_text, FindingFormat.github: format_github,
               FindingFormat.json: lambda found, _: format_json(found)}
    sys.stdout.write(writers[format](findings, config))
    failed = failing(findings, config, strict=strict)
    if not quiet:
        counts = Counter(f.severity for f in findings)
        typer.echo(f"tbparse: {len(items) + len(missing)} files, {counts['error']} errors, {counts['warning']} warnings, "
                   f"{counts['info']} notes", err=True)
    if failed:
        raise typer.Exit(EXIT_INPUT)


@app.command()
def schema() -> None:
    """Print the JSON Schema of tbparse's output (one document)."""
    typer.echo(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2))


@app.command("eval")
def eval_command(
    gold_dir: Annotated[Path, typer.Argument(help="Directory of *.gold.json annotations.")],
    text_dir: Annotated[Path, typer.Argument(help="Directory holding the notices the gold files name.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    verbose: Annotated[bool, typer.Option("-v", "--verbose", help="List missed and extra tasks.")] = False,
    rules_dirs: RulesOpt = None,
) -> None:
    """Score extraction against hand-made gold files (same rules as the spec's scorer)."""
    overlays = _overlays(rules_dirs)
    for d in (gold_dir, text_dir):
        if not d.is_dir():
            raise fail(f"{d}: not a directory", EXIT_USAGE)
    if not any(gold_dir.glob("*.gold.json")):
        raise fail(f"{gold_dir}: no *.gold.json files", EXIT_USAGE)

    def run(path: Path) -> dict:
        return json.loads(to_json([extract_file(path, overlays=overlays)]))

    try:
        report = evaluate(gold_dir, text_dir, run)
    except (ValueError, KeyError) as exc:
        raise fail(f"{gold_dir}: bad gold file: {exc}", EXIT_USAGE)
    for row in report.documents:
        s = row.summary
        typer.echo(f"{row.doc:40s} gold={s['tasks_gold']:3d} pred={s['tasks_pred']:3d} F1={s['f1']:.3f} "
                   f"owner={s['owner_acc']:.2f} deadline={s['deadline_acc']:.2f} field={s['field_acc']:.2f} "
                   f"strict={s['strict_f1']:.3f} sections={s['section_f1']:.2f} meta={s['meta_acc']:.2f}"
                   + (f"  ERROR {row.error}" if row.error else ""), err=True)
        if verbose:
            for action in row.score.unmatched_gold:
                typer.echo(f"   missed: {action}", err=True)
            for action in row.score.unmatched_pred:
                typer.echo(f"   extra:  {action}", err=True)
    typer.echo(json.dumps(report.summary, ensure_ascii=False) if as_json
               else " ".join(f"{k}={v}" for k, v in report.summary.items()))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tbparse {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False) -> None:
    """Turn Vietnamese government notices into structured task records."""
