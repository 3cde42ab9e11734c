"""Output writers: the same extracted documents as JSON, JSONL, CSV or a terminal table.

Everything but `write_atomic` is pure, so the CLI decides where text goes and tests need no files.
"""
from __future__ import annotations

import csv
import io
import json
import os
import secrets
import stat
import unicodedata
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .models import Document, Task

FORMATS = ("table", "json", "jsonl", "csv")

CSV_COLUMNS = (
    "source", "document_number", "document_date", "id", "field", "section", "owner",
    "co_owners", "directed_by", "action", "deadline", "deadline_text", "recurrence",
    "line_start", "line_end",
)


def _nfc(value: Any) -> Any:
    """Inputs may arrive decomposed (NFD from macOS or OCR); the contract promises NFC."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(item) for item in value]
    if isinstance(value, dict):
        return {key: _nfc(item) for key, item in value.items()}
    return value


def document_record(doc: Document, *, explain: bool = False) -> dict:
    """The contract's JSON object; decisions are excluded from dumps, so explain adds them back."""
    record = doc.model_dump(mode="json")
    if explain:
        for task_record, task in zip(record["tasks"], doc.tasks):
            task_record["decisions"] = [d.model_dump(mode="json") for d in task.decisions]
    return _nfc(record)


# Line breaks that JSON may leave raw inside strings but line-splitting readers honour.
_RAW_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _dumps(value: Any, **kwargs: Any) -> str:
    """Readable Vietnamese, yet a JSONL record can never be split across lines."""
    return json.dumps(value, ensure_ascii=False, **kwargs).translate(_RAW_BREAKS)


def to_json(docs: list[Document], *, explain: bool = False) -> str:
    """One input gives one object (what the scorer reads); several give a list."""
    records = [document_record(doc, explain=explain) for doc in docs]
    return _dumps(records[0] if len(records) == 1 else records, indent=2) + "\n"


def task_rows(docs: list[Document]) -> list[dict]:
    """Flat per-task records, each carrying its document's identity so rows stand alone."""
    rows = []
    for doc in docs:
        head = {"source": doc.source, "document_number": doc.document.number,
                "document_date": doc.document.date}
        rows.extend(_nfc(head | task.model_dump(mode="json")) for task in doc.tasks)
    return rows


def to_jsonl(docs: list[Document]) -> str:
    return "".join(_dumps(row) + "\n" for row in task_rows(docs))


def to_csv(docs: list[Document]) -> bytes:
    """UTF-8 with a BOM: without it Excel reads the file as ANSI and garbles the diacritics."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in task_rows(docs):
        row["co_owners"] = "; ".join(row["co_owners"])
        row["line_start"], row["line_end"] = row["span"]["line_start"], row["span"]["line_end"]
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


def render(docs: list[Document], fmt: str, explain: bool = False) -> str | bytes:
    """Text for a file or a pipe; the table goes to a console instead (see render_table)."""
    if fmt == "json":
        return to_json(docs, explain=explain)
    if fmt == "jsonl":
        return to_jsonl(docs)
    if fmt == "csv":
        return to_csv(docs)
    if fmt == "table":
        raise ValueError("the table format prints to a console: use render_table")
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _title(doc: Document) -> Text:
    meta = doc.document
    parts = [meta.kind or "Văn bản", f"số {meta.number}" if meta.number else "",
             f"ngày {meta.date}" if meta.date else (meta.date_text or "")]
    return Text(" · ".join(p for p in parts if p), style="bold")


def _owner_cell(task: Task) -> Text:
    cell = Text(task.owner or "—")
    if task.co_owners:
        cell.append("\n+ " + "; ".join(task.co_owners), style="dim")
    return cell


def _deadline_cell(task: Task) -> Text:
    cell = Text(task.deadline or "—")
    if task.deadline_text and task.deadline_text != task.deadline:
        cell.append(f"\n{task.deadline_text}", style="dim")
    return cell


def _lines(task: Task) -> str:
    start, end = task.span.line_start, task.span.line_end
    return str(start) if start == end else f"{start}–{end}"


def _action_cell(task: Task, explain: bool) -> Text:
    cell = Text(task.action)
    for d in task.decisions if explain else ():
        value = d.value if d.value is not None else "∅"
        where = f" @ {d.line}" if d.line is not None else ""
        cell.append(f"\n{d.what}: {value} ← {d.rule}{where}", style="dim italic")
    return cell


def render_table(docs: list[Document], console: Console, *, explain: bool = False) -> None:
    """Cells are Text objects so brackets in notices are never taken for rich markup."""
    for doc in docs:
        table = Table(title=_title(doc), caption=Text(doc.source), show_lines=True)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("field", no_wrap=True)
        table.add_column("owner", ratio=1)
        table.add_column("action", ratio=3, overflow="fold")
        table.add_column("deadline", max_width=20)
        table.add_column("lines", justify="right", no_wrap=True)
        for task in doc.tasks:
            table.add_row(str(task.id), Text(task.field), _owner_cell(task),
                          _action_cell(task, explain), _deadline_cell(task), _lines(task))
        console.print(table)
        for warning in doc.warnings:
            console.print(Text(f"⚠ {warning}", style="yellow"))


def write_atomic(path: Path, data: str | bytes) -> None:
    """Readers see the old file or the new one, never half; a failed write leaves the old intact."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    # O_EXCL: never clobber a stranger's file; mode 0o666 lets the umask decide, like open() does.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            if path.exists():  # replacing a file keeps its permissions
                os.chmod(temp, stat.S_IMODE(path.stat().st_mode))
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
