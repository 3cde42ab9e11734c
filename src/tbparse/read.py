"""Stage 1: bytes on disk → text lines, with markup peeled off for analysis.

Line numbers are sacred: line i of the analysis text is line i of the file, so every task can
point back at the lines it came from.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .docx import DocxError, docx_text, is_zip


class InputError(Exception):
    """An input that cannot be read as a notice; the message is one line, shown as is."""


@dataclass(frozen=True)
class SourceText:
    source: str
    raw_lines: list[str]   # decoded, as in the file
    lines: list[str]       # same count, markup stripped and spaces normalised, for analysis
    encoding: str
    heading_marks: tuple[int, ...] = ()  # markdown heading level per line (0: none)


_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_HTML_CELL_END = re.compile(r"</t[dh]>", re.IGNORECASE)
_TABLE_INDEX = re.compile(r"[IVX]{1,4}|\d{1,2}(?:\.\d{1,2})?|[A-ZĐ]")  # a row's number with no stop after it
_HTML_ROW = re.compile(r"</?(tr|table|tbody|thead)[^<>]*>", re.IGNORECASE)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*]))")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_DOCX_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


def decode(data: bytes) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM) or UTF-16; anything else is refused, never guessed."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), "utf-16"
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1:2] == b"\0" else "utf-16-be"
        return _strict(data, encoding), encoding
    if b"\0" in data:
        raise InputError("binary file, not text")
    return _strict(data, "utf-8"), "utf-8"


def _looks_utf16(data: bytes) -> bool:
    sample = data[:2000]
    if len(sample) < 4:
        return False
    zeros_odd = sample[1::2].count(0) / (len(sample) // 2)
    zeros_even = sample[0::2].count(0) / (len(sample) // 2)
    return max(zeros_odd, zeros_even) > 0.4 and min(zeros_odd, zeros_even) < 0.05


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not {encoding.upper()} text: undecodable byte 0x{data[exc.start]:02x} at offset {exc.start}"
        ) from None


def clean_line(line: str) -> str:
    """Peel markdown, HTML and docx residue off one line; keep its words where they were."""
    line = _INVISIBLE.sub("", line)
    cells = [cell.strip() for cell in line.split("\t")]
    filled = [cell for cell in cells if cell]
    # a table row copied out of a word processor, or its group row ("I<TAB>Công tác tuyên truyền")
    if len(filled) >= 3 or len(filled) == 2 and _TABLE_INDEX.fullmatch(cells[0]):
        line = "| " + " | ".join(cells) + " |"
    line = _ODD_SPACES.sub(" ", line)
    line = _DOCX_BOOKMARK.sub("", line)
    if _HTML_CELL_END.search(line):  # an HTML table row on one line: keep its cells apart
        line = "| " + _HTML_CELL_END.sub(" | ", _HTML_ROW.sub("", line))
    line = _HTML_TAG.sub(" ", line)
    if _MD_TABLE_RULE.match(line):
        return ""
    line = _MD_HEADING.sub("", line)
    line = _MD_EMPHASIS.sub("", line)
    line = _MD_ESCAPE.sub(r"\1", line)
    line = line.replace("&nbsp;", " ").replace("&amp;", "&")
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        line = " | ".join(cell.strip() for cell in stripped[1:].split("|"))  # a closing rule stays: "… |"
    return re.sub(r" {2,}", " ", line).rstrip()


_LEADING_NOISE = re.compile(r"^\s*(?:[._~'’‘`|,:;*^]+\s*(?=[-–•(\w“\"])|[\"“”]\s+(?=[-–•+]))")
_GLUED_PERIOD = re.compile(r"(?<=[a-zà-ỹđ])\.(?=[a-zà-ỹđ]{2})")
# A speck read as a period after a word no sentence ends on ("phối hợp với các. Cục …")
_SPECK_PERIOD = re.compile(r"(?<!\w)(các|những|của|và|với|cho|để|tại|trong|về)\.(?=\s+\w)", re.IGNORECASE)
_TRAILING_NOISE = re.compile(r"(?:\s+[^\w\s]{1,3})+\s*$")
# an item's number whose period a scan read as a colon ("3: Cục Quản lý đê điều …")
_NUMBER_COLON = re.compile(r"^(\s*\d{1,2}):(?=\s+[A-ZĐÀ-Ỹ])")
# a full date closing a sentence with a colon, the period a scan misread ("… trước ngày 23 tháng
# 9 năm 2025:"): nothing is led in by a day of the month
_DATE_COLON = re.compile(r"(tháng\s+\d{1,2}\s+năm\s+\d{4}|\b\d{1,2}/\d{1,2}/\d{4}):\s*$")
# a lead-in's colon, then specks and one stray character ("1. Văn phòng UBND huyện: : 5")
_NOISE_AFTER_COLON = re.compile(r"(?<=\w:)(?:\s+[^\w\s]{1,3})+\s+\w\s*$")
# a speck before a word ("trong Quý .IV/2024"): text puts a period or comma after a word, never before
_SPECK_BEFORE_WORD = re.compile(r"(?<=\s)[.,](?=\w)")
# a markdown heading's "###" that a scan read as letters ("HHH 2.", "BAH 5.") before an item's number
_MISREAD_HASHES = re.compile(r"^\s*[#HBA]{2,4}\s+(?=\d{1,2}(?:\.\d{1,2})*\.\s+\S)")
_LEAD_THEN_COOPERATE = re.compile(r"\b([Cc]hủ trì)\s*[;:.]\s*(?=phối hợp)")  # "Chủ trì; phối hợp": a comma misread
_SPECK_AFTER_MARK = re.compile(r"(?<=\w[,;])\.(?=\w)")  # "các huyện,.thị xã": the space it hid


def tidy_scan_line(line: str) -> str:
    """Specks a scanner leaves around a line (". - Cục …", "… địa phương. - :") hide its bullet
    and fake a lead-in's colon, and a lost space ("thực hiện.việc") hides a verb; only used on
    text that needed restoring."""
    line = _MISREAD_HASHES.sub("", line)
    line = _SPECK_PERIOD.sub(r"\1", _GLUED_PERIOD.sub(". ", _LEADING_NOISE.sub("", _NUMBER_COLON.sub(r"\1.", line))))
    line = _SPECK_AFTER_MARK.sub(" ", _SPECK_BEFORE_WORD.sub("", line))
    line = _LEAD_THEN_COOPERATE.sub(r"\1, ", line)
    line = _DATE_COLON.sub(r"\1.", _NOISE_AFTER_COLON.sub("", line))
    noise = _TRAILING_NOISE.search(line)
    kept = line[:noise.start()] if noise else line
    if noise and "|" in noise.group() and " | " in kept:
        kept += " |"  # "… cấp xã | .": a table row's closing rule says its last cell ends here
    return kept if kept.strip() else line


def text_to_source(text: str, source: str = "<text>", encoding: str = "utf-8") -> SourceText:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    raw_lines = text.split("\n")
    if raw_lines and raw_lines[-1] == "":
        raw_lines.pop()
    lines = [clean_line(line) for line in raw_lines]
    if not any(line.strip() for line in lines):
        raise InputError("empty file: no text to read")
    marks = tuple(_heading_level(line) for line in raw_lines)
    return SourceText(source, raw_lines, lines, encoding, marks)


BOLD_LINE_LEVEL = 7  # below every "#" level: a line set wholly in bold is the weakest heading


def _heading_level(line: str) -> int:
    """Markdown heading level; a short line wholly in bold ("**Lĩnh vực Y tế**") counts as one too."""
    match = _MD_HEADING.match(line)
    if match:
        return match.group(0).count("#")
    bold = re.fullmatch(r"\s*(\*\*|__)(?P<text>[^*_]{3,100})\1\s*", line)
    return BOLD_LINE_LEVEL if bold and not bold.group("text").rstrip().endswith((":", ".")) else 0


def read_file(path: str | Path) -> SourceText:
    """Read one notice; every failure becomes an InputError with a one-line reason."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file") from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    if not data.strip():
        raise InputError("empty file: no text to read")
    if is_zip(data):  # a Word notice: line i is its i-th paragraph or table row
        try:
            return text_to_source(docx_text(data), str(path), "docx")
        except DocxError as exc:
            raise InputError(str(exc)) from None
    text, encoding = decode(data)
    return text_to_source(text, str(path), encoding)
