"""A Word notice (.docx) as plain lines: one per paragraph, a table row as "| cell | cell |".

Why by hand: a .docx is a zip of XML, which the standard library reads; Word's automatic list
numbers ("I.", "1.", "a)") live in numbering.xml, not in the text, and headings and numbered
tasks depend on them, so they are rebuilt here the way Word shows them.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from xml.etree import ElementTree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_XML_BYTES = 64 * 1024 * 1024  # no real notice comes near; a zip bomb does
_LEVEL_REF = re.compile(r"%([1-9])")


class DocxError(ValueError):
    """Not a readable Word document; the message is one line."""


def is_zip(data: bytes) -> bool:
    return data.startswith(b"PK\x03\x04")


def docx_text(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise DocxError("a zip archive, not a Word (.docx) document")
        body = _parse(archive, "word/document.xml").find(f"{W}body")
        numbering = _Numbering(_parse(archive, "word/numbering.xml") if "word/numbering.xml" in names else None)
    except DocxError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError, ValueError, NotImplementedError,
            RuntimeError, OSError, zlib.error):  # what a damaged, encrypted or odd zip raises on reading
        raise DocxError("damaged Word (.docx) document: its zip archive cannot be read") from None
    if body is None:
        raise DocxError("Word (.docx) document without a body")
    lines: list[str] = []
    for block in body:
        if block.tag == f"{W}p":
            lines.extend(_paragraph_lines(block, numbering))
        elif block.tag == f"{W}tbl":
            lines.extend(_table_lines(block, numbering))
        elif block.tag == f"{W}sdt":  # a content control around ordinary paragraphs
            for para in block.iter(f"{W}p"):
                lines.extend(_paragraph_lines(para, numbering))
    return "\n".join(lines) + "\n"


def _parse(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    if archive.getinfo(name).file_size > MAX_XML_BYTES:
        raise DocxError(f"Word (.docx) part {name} is implausibly large")
    try:
        return ElementTree.fromstring(archive.read(name))
    except ElementTree.ParseError as exc:
        raise DocxError(f"damaged Word (.docx) document: {name} is not well-formed XML ({exc})") from None


def _runs_text(para: ElementTree.Element) -> str:
    """The paragraph's visible text: w:t of its runs (deleted text is w:delText, left out)."""
    parts = []
    for node in para.iter():
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append("\t")
        elif node.tag in (f"{W}br", f"{W}cr"):
            parts.append("\n")
    return "".join(parts)


def _paragraph_lines(para: ElementTree.Element, numbering: _Numbering) -> list[str]:
    text = _runs_text(para)
    label = numbering.label(para)
    if label and text.strip():
        text = f"{label} {text.lstrip()}"
    return text.split("\n")


def _table_lines(table: ElementTree.Element, numbering: _Numbering) -> list[str]:
    lines = []
    for row in table.iter(f"{W}tr"):
        cells = []
        for cell in row.findall(f"{W}tc"):
            texts = [" ".join(_paragraph_lines(p, numbering)).strip() for p in cell.iter(f"{W}p")]
            cells.append(" ".join(t for t in texts if t).replace("|", "/"))
        if any(cells):
            lines.append("| " + " | ".join(cells) + " |")
    return lines


class _Numbering:
    """Word's list numbers as it shows them: a counter per list and level, deeper levels restarting."""

    def __init__(self, root: ElementTree.Element | None):
        self.formats: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId → level → (format, text, start)
        self.counters: dict[str, list[int]] = {}
        if root is None:
            return
        abstract = {}
        for node in root.findall(f"{W}abstractNum"):
            levels = {}
            for lvl in node.findall(f"{W}lvl"):
                fmt, text, start = lvl.find(f"{W}numFmt"), lvl.find(f"{W}lvlText"), lvl.find(f"{W}start")
                levels[int(lvl.get(f"{W}ilvl", "0"))] = (
                    fmt.get(f"{W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{W}val", "") if text is not None else "",
                    int(start.get(f"{W}val", "1")) if start is not None else 1)
            abstract[node.get(f"{W}abstractNumId")] = levels
        for num in root.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None and ref.get(f"{W}val") in abstract:
                self.formats[num.get(f"{W}numId")] = abstract[ref.get(f"{W}val")]

    def label(self, para: ElementTree.Element) -> str:
        props = para.find(f"{W}pPr/{W}numPr")
        if props is None:
            return ""
        num_id, ilvl = props.find(f"{W}numId"), props.find(f"{W}ilvl")
        levels = self.formats.get(num_id.get(f"{W}val") if num_id is not None else "")
        level = int(ilvl.get(f"{W}val", "0")) if ilvl is not None else 0
        if not levels or level not in levels:
            return ""
        counts = self.counters.setdefault(num_id.get(f"{W}val"), [0] * 9)
        counts[level] += 1
        for deeper in range(level + 1, 9):
            counts[deeper] = 0
        fmt, text = levels[level][:2]
        if fmt == "bullet":
            return "-"
        if fmt == "none":
            return ""

        def number(match: re.Match) -> str:
            at = int(match.group(1)) - 1
            lvl_fmt, _, start = levels.get(at, ("decimal", "", 1))
            return _format(max(counts[at], 1) + start - 1, lvl_fmt)

        return _LEVEL_REF.sub(number, text).strip()


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _format(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        out = ""
        for value, letters in _ROMAN:
            while n >= value:
                out, n = out + letters, n - value
        return out if fmt == "upperRoman" else out.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    return str(n)
