"""The whole job in one look: read → normalize → segment → extract → (export is the caller's)."""
from __future__ import annotations

from pathlib import Path

from .extract import extract_tasks
from .models import Document, Restoration
from .normalize import normalize_text
from .read import SourceText, clean_line, read_file, text_to_source, tidy_scan_line
from .segment import segment


def extract_source(src: SourceText, *, restore: str = "auto", overlays: tuple[str, ...] = (),
                   engine: str = "builtin") -> Document:
    result = normalize_text("\n".join(src.lines), mode=restore, overlays=overlays, engine=engine)
    lines = [clean_line(line) for line in result.text.split("\n")]
    if result.restored or result.edits:  # restored, or read by OCR that knows Vietnamese and mended
        lines = [tidy_scan_line(line) for line in lines]
    seg = segment(lines, src.heading_marks, overlays)
    tasks = extract_tasks(seg, lines, overlays)
    warnings = list(seg.warnings)
    if result.restored:
        warnings.append(f"OCR damage {result.damage:.0%} of syllables: text restored before extraction "
                        f"({result.change_count} changes; see `tbparse normalize --explain`)")
    for task in tasks:
        for decision in task.decisions:
            if decision.what == "deadline" and decision.value is None and task.deadline_text \
                    and not task.recurrence and decision.rule != "event":
                warnings.append(f"line {task.span.line_start}: deadline {task.deadline_text!r} could not be read as a date")
    return Document(source=src.source, document=seg.meta, sections=seg.outline(), tasks=tasks, warnings=warnings,
                    restoration=Restoration(damage=round(result.damage, 3), restored=result.restored,
                                            changes=result.change_count))


def extract_file(path: str | Path, **options) -> Document:
    """Raises read.InputError for a file that is not a readable notice."""
    return extract_source(read_file(path), **options)


def extract_text(text: str, source: str = "<text>", **options) -> Document:
    return extract_source(text_to_source(text, source), **options)
