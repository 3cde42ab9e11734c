"""`tbparse validate`: check a notice before it is published, with stable codes for CI.

Each check reads what extraction found (header, section tree, tasks, restoration) and reports
a Finding with a code, the file and the line. Which code is an error and every threshold are
data (rules/validate.toml); a project turns codes off in its own config file.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from . import rules
from .batch import Input, one_line
from .deadlines import parse_deadline
from .models import Document, DocumentMeta, Finding, Section, Task
from .normalize import EngineUnavailable
from .pipeline import extract_source
from .read import InputError, SourceText, read_file, text_to_source

SEVERITIES = ("info", "warning", "error")  # ascending
PROJECT_FILES = (".tbparse.toml", "pyproject.toml")

Raw = tuple[str, int, str]  # code, line, message: what a check yields before config applies


class ConfigError(Exception):
    """A validate config (rules overlay or project file) that cannot be used; one line."""


@dataclass(frozen=True)
class Config:
    severity: dict[str, str]  # enabled codes only
    names: dict[str, str]
    fail_on: str
    headerless_kinds: tuple[str, ...]
    ocr_damage_warning: float
    ocr_damage_error: float
    sibling_deadline_share: float
    overlays: tuple[str, ...] = ()


def load_config(overlays: tuple[str, ...] = (), disable: Iterable[str] = ()) -> Config:
    data = rules.load("validate", overlays)
    codes = data["codes"]
    unknown = sorted(set(disable) - codes.keys())
    if unknown:
        raise ConfigError(f"unknown finding code(s) to disable: {', '.join(unknown)}")
    bad = sorted(code for code, spec in codes.items() if spec["severity"] not in SEVERITIES)
    if bad or data["fail_on"] not in SEVERITIES:
        raise ConfigError(f"validate.toml: severities must be one of {', '.join(SEVERITIES)} ({', '.join(bad) or 'fail_on'})")
    return Config(
        severity={code: spec["severity"] for code, spec in codes.items() if code not in set(disable)},
        names={code: spec["name"] for code, spec in codes.items()},
        fail_on=data["fail_on"],
        headerless_kinds=tuple(data["headerless_kinds"]),
        ocr_damage_warning=data["ocr_damage_warning"],
        ocr_damage_error=data["ocr_damage_error"],
        sibling_deadline_share=data["sibling_deadline_share"],
        overlays=overlays,
    )


def project_settings(start: Path) -> tuple[Path | None, dict]:
    """The nearest .tbparse.toml, or pyproject.toml with a [tool.tbparse] table, from `start`
    upward (as ruff and black search): a repository configures validate once at its root."""
    for directory in (start.resolve(), *start.resolve().parents):
        dotfile = directory / PROJECT_FILES[0]
        if dotfile.is_file():
            return dotfile, rules.read_toml(dotfile)
        pyproject = directory / PROJECT_FILES[1]
        if pyproject.is_file():
            table = rules.read_toml(pyproject).get("tool", {}).get("tbparse")
            if table is not None:
                return pyproject, table
    return None, {}


def disabled_codes(start: Path) -> list[str]:
    path, settings = project_settings(start)
    disable = settings.get("disable", [])
    if not isinstance(disable, list) or not all(isinstance(code, str) for code in disable):
        raise ConfigError(f"{path}: 'disable' must be a list of codes such as [\"TB402\"]")
    return disable


# ---------------------------------------------------------------- checks

def _line_of(lines: list[str], text: str) -> int:
    """The first line holding `text` (spaces collapsed); 1 when restoration changed it."""
    needle = " ".join(text.split())
    return next((n for n, line in enumerate(lines, 1) if needle in " ".join(line.split())), 1)


def check_header(meta: DocumentMeta, lines: list[str], config: Config) -> Iterator[Raw]:
    if meta.kind in config.headerless_kinds:
        return
    if meta.number is None:
        yield "TB101", 1, 'no document number ("Số: …") in the header'
    elif meta.number.startswith("/"):
        yield "TB102", _line_of(lines, meta.number), f"document number {meta.number!r} has no serial: a draft not yet registered"
    if meta.date_text is None:
        yield "TB103", 1, 'no issue date ("…, ngày … tháng … năm …") in the header'
    elif meta.date is None:
        yield "TB104", _line_of(lines, meta.date_text), f"issue date {meta.date_text!r} has no day or month"


_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_value(text: str) -> int | None:
    if not text or not _ROMAN.fullmatch(text):
        return None
    values = [_ROMAN_DIGITS[c] for c in text]
    return sum(-v if v < after else v for v, after in zip(values, values[1:] + [0]))


@dataclass(frozen=True)
class Numbering:
    style: str                # arabic | roman | letter
    prefix: tuple[str, ...]   # "2.1" in "2.1.3": siblings share it
    value: int


def read_numbering(number: str, previous: Numbering | None) -> Numbering | None:
    """'I' and 'C' are Roman numerals or letters: a letter when the previous sibling is the letter before."""
    text = number.strip().rstrip(".)").upper()
    if re.fullmatch(r"\d+(\.\d+)*", text):
        *prefix, last = text.split(".")
        return Numbering("arabic", tuple(prefix), int(last))
    letter = ord(text) - 64 if len(text) == 1 and "A" <= text <= "Z" else None
    roman = roman_value(text)
    follows_letter = previous is not None and previous.style == "letter" and previous.value + 1 == letter
    if roman and not follows_letter:
        return Numbering("roman", (), roman)
    return Numbering("letter", (), letter) if letter else None


def _with_parents(sections: list[Section]) -> Iterator[tuple[Section, int]]:
    """Sections in reading order, each with its parent's line (0 at the top)."""
    stack: list[Section] = []
    for section in sorted(sections, key=lambda s: s.line):
        while stack and stack[-1].level >= section.level:
            stack.pop()
        yield section, stack[-1].line if stack else 0
        stack.append(section)


def check_numbering(sections: list[Section]) -> Iterator[Raw]:
    """Compare each numbered heading with the previous sibling of the same level and style."""
    previous_at_level: dict[tuple[int, int], Numbering] = {}
    previous: dict[tuple, tuple[Section, Numbering]] = {}
    for section, parent in _with_parents(sections):
        if not section.number:
            continue
        numbering = read_numbering(section.number, previous_at_level.get((parent, section.level)))
        if numbering is None:
            continue
        previous_at_level[(parent, section.level)] = numbering
        key = (parent, section.level, numbering.style, numbering.prefix)
        if key in previous:
            before, seen = previous[key]
            if numbering.value <= seen.value:
                yield "TB201", section.line, (f"section number {section.number} repeats or goes back: "
                                              f"{before.number} is at line {before.line}")
            elif numbering.value > seen.value + 1:
                yield "TB202", section.line, (f"section number {section.number} follows {before.number} "
                                              f"(line {before.line}): {numbering.value - seen.value - 1} skipped")
        previous[key] = (section, numbering)


def _issued(meta: DocumentMeta) -> tuple[dt.date | None, int | None]:
    """The issue date, and its year even when the day is blank ("ngày  tháng  năm 2022")."""
    if meta.date:
        date = dt.date.fromisoformat(meta.date)
        return date, date.year
    years = re.findall(r"\b(?:19|20)\d\d\b", meta.date_text or "")
    return None, int(years[-1]) if years else None


def check_deadlines(doc: Document, config: Config) -> Iterator[Raw]:
    date, year = _issued(doc.document)
    for task in doc.tasks:
        if task.deadline_text is None:
            continue
        line = task.span.line_start
        iso, warnings = parse_deadline(task.deadline_text, doc_date=date, overlays=config.overlays)
        if warnings and iso:
            yield "TB302", line, f"deadline {task.deadline_text!r}: {'; '.join(warnings)}"
        elif warnings:
            yield "TB301", line, f"deadline {task.deadline_text!r} cannot be read: {'; '.join(warnings)}"
        deadline = iso or task.deadline
        if deadline and date and deadline < date.isoformat():
            yield "TB303", line, f"deadline {deadline} ({task.deadline_text!r}) is before the issue date {date}"
        elif deadline and not date and year and int(deadline[:4]) < year:
            yield "TB303", line, f"deadline {deadline} ({task.deadline_text!r}) is before the issue year {year}"


def _summary(task: Task) -> str:
    return task.action if len(task.action) <= 60 else task.action[:59] + "…"


def check_owners(tasks: list[Task]) -> Iterator[Raw]:
    for task in tasks:
        if task.owner is None:
            yield "TB401", task.span.line_start, f"task {task.id} has no owner: {_summary(task)!r}"


def _has_deadline(task: Task) -> bool:
    """'Thường xuyên' or an event is a deadline statement too, though it has no date."""
    return task.deadline is not None or task.deadline_text is not None


def _by_section(doc: Document) -> list[list[Task]]:
    """Tasks grouped by the last heading above them, the innermost section holding them."""
    heading_lines = sorted(section.line for section in doc.sections)
    groups: dict[int, list[Task]] = defaultdict(list)
    for task in doc.tasks:
        above = [line for line in heading_lines if line <= task.span.line_start]
        groups[above[-1] if above else 0].append(task)
    return list(groups.values())


def check_sibling_deadlines(doc: Document, config: Config) -> Iterator[Raw]:
    for tasks in _by_section(doc):
        for task in tasks:
            others = [other for other in tasks if other is not task]
            if _has_deadline(task) or not others:
                continue
            dated = sum(map(_has_deadline, others))
            if dated / len(others) >= config.sibling_deadline_share:
                yield "TB402", task.span.line_start, (f"task {task.id} has no deadline, unlike {dated} of the "
                                                      f"{len(others)} other tasks of its section")


def check_fields(sections: list[Section], config: Config) -> Iterator[Raw]:
    known = {spec["code"] for spec in rules.load("fields", config.overlays).get("field", [])}
    for section in sections:
        if section.field not in known:
            yield "TB501", section.line, (f"heading {section.heading!r} names no known field (slug {section.field!r}); "
                                          "add it to fields.toml")


def check_damage(doc: Document, config: Config) -> Iterator[Raw]:
    damage = doc.restoration.damage if doc.restoration else 0.0
    if damage >= config.ocr_damage_error:
        yield "TB602", 1, f"OCR damage {damage:.0%} of syllables: re-scan or proofread before use"
    elif damage >= config.ocr_damage_warning:
        yield "TB601", 1, f"OCR damage {damage:.0%} of syllables: check the restored text"


def check_document(doc: Document, lines: list[str], config: Config) -> list[Finding]:
    raw = [*check_header(doc.document, lines, config), *check_numbering(doc.sections),
           *check_deadlines(doc, config), *check_owners(doc.tasks), *check_sibling_deadlines(doc, config),
           *check_fields(doc.sections, config), *check_damage(doc, config)]
    return to_findings(raw, doc.source, config)


def to_findings(raw: Iterable[Raw], file: str, config: Config) -> list[Finding]:
    """Severities from the config; disabled codes dropped; in line order."""
    findings = [Finding(code=code, severity=config.severity[code], file=file, line=line, message=message)
                for code, line, message in raw if code in config.severity]
    return sorted(findings, key=lambda f: (f.line or 0, f.code))


def _source(item: Input) -> SourceText:
    return text_to_source(item.text, item.name) if item.text is not None else read_file(item.path)


def validate_one(item: Input, options: dict, config: Config) -> list[Finding]:
    """Worker: an input that cannot be read or parsed is a finding too, so CI sees it in place."""
    try:
        src = _source(item)
        doc = extract_source(src, **options)
    except InputError as exc:
        return to_findings([("TB001", 1, str(exc))], item.name, config)
    except EngineUnavailable:
        raise
    except Exception as exc:  # a parser bug on one notice must not hide the findings of the others
        return to_findings([("TB002", 1, f"parser failed: {one_line(exc)}")], item.name, config)
    return check_document(doc, src.lines, config)


# ---------------------------------------------------------------- reporting

def failing(findings: Iterable[Finding], config: Config, *, strict: bool = False) -> list[Finding]:
    """Findings at or above the failing severity; --strict lowers it to warning (never raises it)."""
    rank = SEVERITIES.index(config.fail_on)
    if strict:
        rank = min(rank, SEVERITIES.index("warning"))
    return [f for f in findings if SEVERITIES.index(f.severity) >= rank]


def format_text(findings: list[Finding], config: Config) -> str:
    return "".join(f"{f.file}:{f.line}: {f.severity} {f.code} {config.names[f.code]}: {f.message}\n" for f in findings)


def format_json(findings: list[Finding]) -> str:
    return json.dumps([f.model_dump(mode="json") for f in findings], ensure_ascii=False, indent=2) + "\n"


_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape(value: str, *, prop: bool = False) -> str:
    """GitHub's workflow-command escaping; properties also escape ':' and ','."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def format_github(findings: list[Finding], config: Config) -> str:
    """`::error file=…,line=…::msg`, which GitHub Actions shows on the pull request's lines."""
    return "".join(
        f"::{_GITHUB_LEVEL[f.severity]} file={_escape(f.file, prop=True)},line={f.line or 1},"
        f"title={_escape(f'{f.code} {config.names[f.code]}', prop=True)}::{_escape(f.message)}\n"
        for f in findings)
