"""Many notices at once: collect inputs, run them in worker processes, get results back in input order.

Results come back in the order of the sorted inputs whatever --jobs is, so every output is
byte-identical for one worker or many. A notice that fails is an Outcome with a one-line
reason, never an exception that stops the others.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from .export import document_record
from .models import Document
from .normalize import EngineUnavailable
from .pipeline import extract_file, extract_text
from .read import InputError

DEFAULT_GLOBS = ("*.txt", "*.md", "*.docx")
STDIN = "-"
STDIN_NAME = "<stdin>"
HASH_KEY = "source_sha256"  # extra key in --out-dir JSON; the spec allows extra keys

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Input:
    """One notice to process: a file, or standard input already read into `text`."""

    name: str        # as given on the command line (or below a given directory); the record's source
    relative: Path   # its place under --out-dir, mirroring the tree it was found in
    text: str | None = None

    @property
    def path(self) -> Path | None:
        return None if self.text is not None else Path(self.name)


@dataclass(frozen=True)
class Outcome:
    name: str
    doc: Document | None = None
    error: str | None = None


def one_line(exc: BaseException) -> str:
    """An unexpected exception as a reason that fits one line of a log."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# ---------------------------------------------------------------- collecting inputs

def _matches(relative: Path, globs: Iterable[str]) -> bool:
    return any(relative.match(pattern) for pattern in globs)


def _hidden(relative: Path) -> bool:
    """Dot files are VCS data or write_atomic's temporaries, never notices."""
    return any(part.startswith(".") for part in relative.parts)


def _inside(path: Path, directory: Path | None) -> bool:
    return directory is not None and path.resolve().is_relative_to(directory.resolve())


def _walk(directory: Path, globs: Iterable[str], skip: Path | None) -> list[Input]:
    """A directory's notices, recursively, sorted so runs are reproducible across filesystems."""
    found = []
    for path in directory.rglob("*"):
        relative = path.relative_to(directory)
        if path.is_file() and not _hidden(relative) and _matches(relative, globs) and not _inside(path, skip):
            found.append(Input(str(path), relative))
    return sorted(found, key=lambda item: item.relative.as_posix())


def collect_inputs(args: Iterable[str], globs: Iterable[str] = DEFAULT_GLOBS, *, skip: Path | None = None,
                   read_stdin: Callable[[], str] = lambda: sys.stdin.read()) -> tuple[list[Input], list[Outcome]]:
    """Expand arguments into inputs (first occurrence wins) and report directories with nothing
    to read. Files named explicitly are taken whatever their suffix; a missing one fails later,
    with the same reason as any unreadable file. `skip` is the output directory: never an input."""
    globs = tuple(globs)
    inputs: list[Input] = []
    failures: list[Outcome] = []
    seen: set[str] = set()
    for arg in args:
        if arg == STDIN:
            found = [Input(STDIN_NAME, Path("stdin"), text=read_stdin())]
        elif Path(arg).is_dir():
            found = _walk(Path(arg), globs, skip)
            if not found:
                failures.append(Outcome(arg, error=f"directory has no files matching {', '.join(globs)}"))
        else:
            found = [Input(arg, Path(Path(arg).name))]
        for item in found:
            key = item.name if item.path is None else str(item.path.resolve())
            if key not in seen:
                seen.add(key)
                inputs.append(item)
    return inputs, failures


# ---------------------------------------------------------------- --out-dir and --resume

def output_path(out_dir: Path, item: Input) -> Path:
    return out_dir / item.relative.with_suffix(".json")


def clashes(targets: dict[Input, Path], inputs: Iterable[Input]) -> list[str]:
    """Reasons not to start: two inputs writing one output, or an output landing on an input."""
    problems = []
    owner: dict[Path, Input] = {}
    for item, target in targets.items():
        resolved = target.resolve()
        if resolved in owner:
            problems.append(f"{owner[resolved].name} and {item.name} would both write {target}")
        owner[resolved] = item
    for item in inputs:
        if item.path is not None and item.path.resolve() in owner:
            problems.append(f"{item.name}: an output would overwrite this input")
    return problems


def content_hash(item: Input) -> str | None:
    """Hash of the bytes as read; None when the file cannot be read (the worker says why)."""
    try:
        data = item.text.encode("utf-8") if item.text is not None else item.path.read_bytes()
    except OSError:
        return None
    return hashlib.sha256(data).hexdigest()


def is_complete(target: Path, digest: str | None) -> bool:
    """Outputs are written atomically, so one that parses and names this content is finished."""
    if digest is None:
        return False
    try:
        record = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(record, dict) and record.get(HASH_KEY) == digest


def out_dir_json(doc: Document, digest: str | None, *, explain: bool = False) -> str:
    """The contract's document plus the hash --resume compares."""
    record = document_record(doc, explain=explain) | {HASH_KEY: digest}
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def errors_jsonl(failures: Iterable[Outcome]) -> str:
    return "".join(json.dumps({"source": f.name, "error": f.error}, ensure_ascii=False) + "\n" for f in failures)


# ---------------------------------------------------------------- running

def extract_one(item: Input, options: dict) -> Outcome:
    """Worker: any failure of one notice becomes its Outcome; only a missing engine (the same
    for every notice) is raised."""
    try:
        if item.text is not None:
            doc = extract_text(item.text, source=item.name, **options)
        else:
            doc = extract_file(item.path, **options)
    except InputError as exc:
        return Outcome(item.name, error=str(exc))
    except EngineUnavailable:
        raise
    except Exception as exc:  # a parser bug on one notice must not stop the rest of the archive
        return Outcome(item.name, error=f"parser failed: {one_line(exc)}")
    return Outcome(item.name, doc=doc)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _chunksize(count: int, jobs: int) -> int:
    """Big enough to amortise pickling, small enough that the workers finish together."""
    return max(1, min(16, count // (jobs * 8)))


def run_ordered(func: Callable[[T], R], items: list[T], jobs: int) -> Iterator[R]:
    """func over items, results in input order; one job (or one item) runs in this process."""
    if jobs <= 1 or len(items) <= 1:
        yield from map(func, items)
        return
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(items)))
    try:
        yield from pool.map(func, items, chunksize=_chunksize(len(items), jobs))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def extract_all(items: list[Input], options: dict, jobs: int) -> Iterator[Outcome]:
    return run_ordered(partial(extract_one, options=options), items, jobs)


# ---------------------------------------------------------------- progress and summary

@dataclass
class Stats:
    files: int = 0
    skipped: int = 0
    failed: int = 0
    tasks: int = 0
    no_owner: int = 0
    no_deadline: int = 0
    started: float = field(default_factory=time.perf_counter)

    def add(self, outcome: Outcome) -> None:
        self.files += 1
        if outcome.doc is None:
            self.failed += 1
            return
        tasks = outcome.doc.tasks
        self.tasks += len(tasks)
        self.no_owner += sum(task.owner is None for task in tasks)
        self.no_deadline += sum(task.deadline is None and task.deadline_text is None for task in tasks)

    def summary(self) -> str:
        elapsed = time.perf_counter() - self.started
        rate = self.files / elapsed if elapsed > 0 else 0.0
        skipped = f", {self.skipped} unchanged skipped" if self.skipped else ""
        return (f"tbparse: {self.files} files{skipped}, {self.tasks} tasks "
                f"({self.no_owner} without owner, {self.no_deadline} without deadline), "
                f"{self.failed} failed, {elapsed:.1f} s, {rate:.1f} files/s")


class Reporter:
    """Progress on stderr: a rich bar on a terminal, a plain count every tenth in a log, or
    nothing. Error lines go through it so they print above the bar instead of through it."""

    def __init__(self, total: int, *, show: bool, stream=None) -> None:
        self.stream = stream or sys.stderr
        self.total, self.done, self.show = total, 0, show
        self.bar = None
        if show and self.stream.isatty():
            self.bar = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                                TimeRemainingColumn(), console=Console(file=self.stream), transient=True)
            self.task = self.bar.add_task("files", total=total)
            self.bar.start()

    def error(self, line: str) -> None:
        if self.bar is not None:
            self.bar.console.print(line, markup=False, highlight=False)
        else:
            print(line, file=self.stream)

    def advance(self) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.advance(self.task)
        elif self.show and self.done * 10 // self.total != (self.done - 1) * 10 // self.total:
            print(f"tbparse: {self.done}/{self.total} files", file=self.stream)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
