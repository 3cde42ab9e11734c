"""Restore damaged words: channel candidates × n-gram LM, best path by beam search.

Lines are decoded as one running text (OCR wraps sentences across lines) but every edit stays
inside its word, so line i of the output is line i of the input.
"""
from __future__ import annotations

import gc
import itertools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .channel import Channel
from .lexicon import Lexicon
from .lm import BOS, NUM, OTHER, QSTEP, SPECIAL, TITLE, Model, case_of, symbol
from .speedups import Decoder as CompiledDecoder
from .syllables import canonical, fold, has_marks, has_viet_only, is_valid

_TWIN_GROUPS = ("ITLJ1|", "ODQ0", "S5$", "B8", "UH")  # capitals a scan takes for one another (TITT: TTTT)


def _ocr_twins(a: str, b: str) -> bool:
    """Two codes of one length that differ only where a scan confuses letters (not EVN and PVN)."""
    return all(x == y or any(x in g and y in g for g in _TWIN_GROUPS) for x, y in zip(a, b))


_SPECK_SYMBOLS = "@¢$&€¥"  # read as letters: OCR puts them for some (¢6 for "có", & for "ở")
WORD = re.compile(rf"(?:[^\W_]|[{_SPECK_SYMBOLS}])+")  # not "_": a rule line or a form's blank, no letter
_BREAK = re.compile(r"[.;:!?,()\[\]|\t]")  # sentence and clause ends, table cells
_LATIN1_MARKED = re.compile(r"[À-ÿ]")
_DIGIT = re.compile(r"\d")
_SPACE = re.compile(r"\s")
_ROMAN = re.compile(r"[IVX]+")
# a document's number and code: "05/CT-UBND", "2317/SGDĐT-GDTrH"; its letters are no syllables
_DOCUMENT_CODE = re.compile(r"\b\d+[a-zA-Z]?/[A-ZĐ][\wĐđ&]*(?:[-–][\wĐđ&]+)*")
_ROMAN_MARKER = re.compile(r"^\W*[IVXlL1]{1,5}[.)]\s*")  # "Ill. ": a heading number, read or misread
_SHORT_FORM = re.compile(r"[^\W\d_]/[^\W\d_](?![\w/])")  # b/c, đ/c: one word, not two lone letters
_CAPITALS_THEN_SMALL = re.compile(r"[B-DF-HJ-NP-TV-XZĐ]{2,}[b-df-hj-np-tv-xz]{1,2}")  # consonants only: no NGi (NGƯỜI)
_JOINED_ABBREVIATIONS = re.compile(r"[A-ZĐ]{2,}(?:&[A-ZĐ]{2,})+")  # KH&ĐT, not S& (Sở)
_HORN = "\u031b"
_FINALS = {"c", "ch", "m", "n", "ng", "nh", "p", "t"}
_LOST_SPACE = {"'", "’", "‘", "-", "."}
# web and mail addresses are no words to restore: mic.gov.vn, www.chinhphu.vn, vanthu@mic.gov.vn
_ADDRESS = re.compile(r"\bV/[vV]\b|(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b(?:[\w-]+\.){2,}[a-z]{2,}\b", re.IGNORECASE)
# what follows a split-off horn up to the word's end: thu'c, tru’ong, hu’@ng
_HORN_REST = re.compile(r"(?:[^\W_A-Z]|[@¢$&€¥]){1,3}(?![\w@¢$&€¥])")
KEEP = "\x00keep"  # option meaning: leave the word as it was
RADIX = 1 << 16  # more than any word's options: a back-pointer is parent node * RADIX + option


@dataclass
class Word:
    line: int
    start: int
    end: int
    text: str
    symbol: str = OTHER  # the LM symbol when the word is fixed
    options: list[tuple[str, float]] = field(default_factory=list)
    scored: list[tuple[int, float]] = field(default_factory=list)  # options as (LM id, cost)
    lexical: frozenset = frozenset()  # options a lexicon phrase supports
    bonus: float = 0.0  # by how much (log10) the phrase made them cheaper
    titled: bool = False  # the phrase is a capitalised title or name, and so is the word here
    in_name: bool = False  # follows a capitalised word that may be a personal name's syllable
    middle: bool = False  # between a surname and another capitalised word: a middle name's place
    boundary: bool = False  # punctuation or a blank line before it
    glued: bool = False  # follows another word with no space (16/7/2021, TB-BTTTT)
    marker: bool = False  # a list marker such as "a)", or "B." opening its line
    replace: str | None = None  # fixed replacement from the token table
    horned: bool = False  # read with a horn OCR split off as an apostrophe (thu'c → thưc)
    hooked: bool = False  # followed by a "?" that is a scan's hook and tone (Thi? trưởng: Thứ), dropped
    capital_for: str = ""  # the letter a scan's capital may stand for (Igi: l, lợi; Bon: Đ, Đơn)
    spaced: bool = False  # OCR read the space before it as an apostrophe or hyphen
    specked_from: int = -1  # inside a known name, OCR specks before it from here ("Cục Y: tế")
    literal: bool = False  # part of a web or mail address: left as written
    coded: bool = False  # part of a document code (05/CT-UBND): capitals are kept or spelt, never read
    short: bool = False  # a short form with a slash (để b/c, đ/c): spelt as listed, heard as what it stands for


def add_horn(letter: str) -> str:
    """u → ư, ó → ớ: the hook an OCR engine reads as an apostrophe after the letter."""
    base, *marks = unicodedata.normalize("NFD", letter)
    if base not in "uoUO" or _HORN in marks:
        return letter
    return unicodedata.normalize("NFC", base + _HORN + "".join(marks))


_ROMAN_NUMERALS = {"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "XIII", "XIV"}


def _misread_roman(text: str) -> str | None:
    """III for "II1", II for "IL", IV for "Iv": OCR reads the stroke of an I as l, L or 1 and may
    take a V for a small one (not "11", a number)."""
    if "I" not in text or not set(text) <= set("IVXlL1Tv") or not set(text) & set("lL1Tv") or text[0] == "T":
        return None  # TTI: an abbreviation that lost a letter (Bộ TTTT), not III
    roman = text.translate(str.maketrans("lL1Tv", "IIIIV"))  # IIT: a T for the last stroke
    return roman if roman in _ROMAN_NUMERALS else None


_ROMAN_VALUES = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9,
                 "X": 10, "XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15}
_ROMAN_BY_VALUE = {v: k for k, v in _ROMAN_VALUES.items()}
_STROKES = str.maketrans("lL1", "III")
_QUARTER_STROKES = str.maketrans("lL1T|", "IIIII")


# what an OCR engine that knows Vietnamese (Tesseract's vie model) leaves in text it otherwise reads
# right: a mark where a space was lost between two words ("cơ.sở", "tỉnh,.thành", "hợp“còn", "sản,-trình"), and
# specks standing alone that no typist writes (ˆ, `, a lone _ or ï)
_GLUED_WORDS = re.compile(r"(?<![\w.@/])([^\W\d_]+)([.,;:“”\"]{1,2}|[.,;:][-–])([^\W\d_]+)(?![\w@/]|\.\w)")
_NO_SENTENCE_END = {"va", "cua", "cac", "voi", "thuoc", "nhung"}  # và, của, các …, folded as a scan reads them
_HYPHENED_WORDS = re.compile(r"(?<![\w.@/-])([^\W\d_]+)(-)([^\W\d_]+)(?![\w@/-])")
_HYPHEN_HEARD = -3.5  # log10 P(second | first) above which two hyphened syllables are two words
_LEADING_SPECK = re.compile(r"^(\s*)[.,·]\s+(?=\S)")  # ". 4. Về công tác", ". đất cụ thể": dust before a line
_LONE_SPECK = re.compile(r" (?:[ˆ~`´¨¬]+|_|[ïñðöÿäƒš])(?= |$)|^(?:[ˆ~`´¨¬]+|_|[ïñðöÿäƒš]) ")
_MISREAD_BULLET = re.compile(r"^(\s*)(?:[_°©]+\s+)*[~=]\s+(?=\w)")
_SPECK_TOKEN = re.compile(r"(?:(?<=\s)|^)[_°~=©®«»¬`]+(?:\s+|$)")
# a single quote closing or opening a word ("từ’ ngày", "‘các"): notices quote with “ ”, a scan's
# dust reads as ’ and ‘
_STRAY_QUOTE = re.compile(r"(?<=\w)[’'`](?=\s|$)|(?:(?<=\s)|^)[‘`](?=\w)")


def drop_specks(lines: list[str]) -> list[tuple[int, str, str, str, float]]:
    """A scan's marks standing alone between words ("_ VÀ PHÁT TRIỂN", "tháng 6/2025 °") or
    clinging to a word's edge as a single quote: rule lines, underlines and dust read as
    characters no notice types there. Removed in place."""
    edits = []
    for n, line in enumerate(lines):
        unquoted = _STRAY_QUOTE.sub("", line)
        if unquoted != line:
            edits.append((n, line.strip(), unquoted.strip(), "channel+lm", 0.0))
            line = lines[n] = unquoted
        bullet = _MISREAD_BULLET.sub(r"\1- ", line)  # "_ ~ Phối hợp …": the dash of a list item
        if bullet != line:
            edits.append((n, line.strip(), bullet.strip(), "channel+lm", 0.0))
            line = lines[n] = bullet
        if _SPECK_TOKEN.search(line):
            cleaned = _SPECK_TOKEN.sub("", line).rstrip() if line.strip(" _°~=©®«»¬`") else line
            if cleaned != line:
                lines[n] = cleaned
                edits.append((n, line.strip(), cleaned.strip(), "channel+lm", 0.0))
    return edits


def renumber_headings(words: list[Word], lines: list[str]) -> None:
    """Read a misread heading number from its place in the list: after "II." a scan's "Il." is
    III, not II (OCR merges the strokes of I, l and 1), after "III." its "TV." is IV. Typed
    numerals stay as written, mistakes and all; only numerals OCR visibly damaged are renumbered."""
    last = 0
    first: Word | None = None  # "1. ĐÁNH GIÁ CHUNG" before "II. …": the I a scan read as 1
    for w in words:
        if not (w.marker and lines[w.line][w.end:w.end + 1] == "." and not lines[w.line][:w.start].strip(" #*")):
            continue  # at the line's start, markdown's "## **" aside
        read = w.replace if w.replace is not None else w.text
        if last and read in ("TV", "TX") and _ROMAN_VALUES[read.replace("T", "I")] == last + 1:
            w.replace, w.options, w.symbol = read.replace("T", "I"), [], NUM  # "TV. KINH PHÍ" after III: a T for the I
            read = w.replace
        if read in ("1", "L", "l") and last == 0 and first is None and _is_capitals(lines[w.line]):
            first = w  # "1." or "L." over a heading in capitals: an I, if II comes next
        bare = read.lstrip(_SPECK_SYMBOLS)
        if last and bare != read and _ROMAN_VALUES.get(bare) == last + 1:  # "¥V." after "IV.": a speck glued on
            w.replace, w.options, w.symbol = bare, [], NUM
            read = bare
        if read not in _ROMAN_VALUES:
            continue
        value = _ROMAN_VALUES[read]
        strokes = w.text.translate(_STROKES)
        if w.replace is not None and set(strokes) == {"I"} and len(w.text) <= 3 and last + 1 in (2, 3):
            value = last + 1  # Il, ll, I1: two or three strokes, as many as the list needs next
            w.replace = _ROMAN_BY_VALUE[value]
        if value == 2 and last == 0 and first is not None:
            first.replace, first.options, first.symbol = "I", [], NUM
        last = value


def read_list_letters(words: list[Word], lines: list[str]) -> None:
    """"d)" after "d)" opens the item đ): the letter that follows d in a Vietnamese list lost its stroke."""
    last = ""
    for w in words:
        if not (w.marker and len(w.text) == 1 and w.text.islower() and not lines[w.line][:w.start].strip()):
            continue
        if w.text == "d" and last == "d":
            w.replace, w.options, w.symbol = "đ", [], OTHER
        last = w.replace or w.text


_YEAR_WITH_O = re.compile(r"(?=.*[Oo])[12][0-9Oo]{3}")  # 2O25, 2o24: no word, a year
_QUARTERS = ("I", "II", "III", "IV", "1", "2", "3", "4")
_QUARTER_READ = re.compile(r"[IlL1T|]{2,3}|[lL1T|]V")  # II, III, IV as a scan reads them: 11, ITI, 1V


_DIAERESIS = re.compile(r"(?<=\w)[äëïöüÿ]|[ÄËÏÖÜŸ](?=\w|\s)")
_WITHOUT_DIAERESIS = str.maketrans("äëïöüÿÄËÏÖÜŸ", "aeiouyAEIOUY")


def drop_diaereses(lines: list[str]) -> list[tuple[int, str, str, str, float]]:
    """"Bộ Ÿ tế", "trïnh": Vietnamese has no diaeresis; OCR that knows it puts one for a mark it misread.
    Nor does an abbreviation carry marks ("ƯBND": UBND)."""
    edits = []
    for n, line in enumerate(lines):
        fixed = _DIAERESIS.sub(lambda m: m.group().translate(_WITHOUT_DIAERESIS), line)
        fixed = _MARKED_ABBREVIATION.sub(lambda m: m.group() if is_valid(m.group()) else fold(m.group()[0]).upper() + m.group()[1:], fixed)
        if fixed != line:
            edits.append((n, line.strip(), fixed.strip(), "speck", 0.0))
            lines[n] = fixed
    return edits


_MARKED_ABBREVIATION = re.compile(r"\b[ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ][BCDĐGHKLMNPQRSTVX]{2,}\b")


_QUARTER_NAMED = re.compile(r"\b([Qq]u[ýy])\s+((?=[IlL1T|]*[lL1T|])[IlL1T|]{2,3}|[lL1T|]V)(?=/|\b)")


def read_quarter_numerals(lines: list[str]) -> list[tuple[int, str, str, str, float]]:
    """"Quý TII năm 2025", "Quý 1V/2025": a quarter's Roman numeral some strokes of which OCR read
    as other letters, in text whose words it read right (no 11th quarter, no TII)."""
    edits = []
    for n, line in enumerate(lines):
        def read(m: re.Match) -> str:
            numeral = m.group(2).translate(_QUARTER_STROKES)
            if numeral not in _QUARTERS:
                return m.group()
            edits.append((n, m.group(2), numeral, "channel+lm", 0.0))
            return f"{m.group(1)} {numeral}"

        lines[n] = _QUARTER_NAMED.sub(read, line)
    return edits


def unglue_words(lines: list[str]) -> list[tuple[int, str, str, str, float]]:
    """cơ.sở → cơ sở: a mark between two words with no space is where OCR lost one, when
    the word after it is a lower-case syllable (not TP.HCM, v.v., a web address)."""
    edits = []
    for n, line in enumerate(lines):
        if not _GLUED_WORDS.search(line):
            continue

        def space(m: re.Match) -> str:
            before, after = m.group(1), m.group(3)
            opens_name = fold(before).lower() in _NO_SENTENCE_END and (after.istitle() and is_valid(after)  # "và.Môi trường"
                                                         or after.isupper() and len(after) > 1)  # "và.UBND huyện"
            if not ((after.islower() and is_valid(after) or opens_name) and (is_valid(before) or before.isupper())):
                return m.group()
            gap = ", " if "," in m.group(2) and len(m.group(2)) == 2 else " "  # tỉnh,.thành: a comma and a speck
            edits.append((n, m.group(), before + gap + after, "spacing", 0.0))
            return before + gap + after

        lines[n] = _GLUED_WORDS.sub(space, line)
    return edits


def drop_lone_specks(lines: list[str]) -> list[tuple[int, str, str, str, float]]:
    """Specks standing alone ("mới ˆ một", a line's "_ " or ". ") go; a "~" opening an item was its dash."""
    edits = []
    for n, line in enumerate(lines):
        cleaned = _LONE_SPECK.sub("", _MISREAD_BULLET.sub(r"\1- ", _LEADING_SPECK.sub(r"\1", line)))  # "~ Chỉ đạo": a dash
        if cleaned != line:
            edits.append((n, line.strip(), cleaned.strip(), "speck", 0.0))
            lines[n] = cleaned
    return edits


_ROMAN_HEADING = re.compile(r"^(\s*)([IVX]{1,4}|[IlL1|]{1,3}(?=\.))(?=[.\s]\s*[A-ZĐÀ-Ỹ])")


def restore_heading_strokes(lines: list[str]) -> list[tuple[int, str, str, str, float]]:
    """I., I., II. over headings in capitals, from a scan that reads Roman numerals right but for a
    lost stroke: the numeral the list needs next, when the one read is it less one I (II → III);
    strokes read as l or 1 ("l. ĐÁNH GIÁ", "Il. TÌNH HÌNH" opening the list) are its I's."""
    edits, last = [], 0
    for n, line in enumerate(lines):
        m = _ROMAN_HEADING.match(line)
        if not m or not _is_capitals(line):
            continue
        read, due = m.group(2), _ROMAN_BY_VALUE.get(last + 1, "")
        strokes = read not in _ROMAN_VALUES
        if strokes and not (set(due) == {"I"} and abs(len(read) - len(due)) <= 1):
            continue
        if strokes or _ROMAN_VALUES[read] <= last and due.replace("I", "", 1) == read:
            lines[n] = line[:m.start(2)] + due + line[m.end(2):]
            edits.append((n, read, due, "channel+lm", 0.0))
            read = due
        last = _ROMAN_VALUES[read]
    return edits


def read_quarters(words: list[Word], scanned: bool) -> None:
    """"Quý 11/2024", "Quý ITI/2022", "Quý H/2024", "Quy HI": a scan's Roman quarter read as
    digits or other strokes (there is no 11th quarter, and no ITI), and in a scan a lone 1 where
    the notice writes its other quarters in Roman; before a quarter, "Quy" is "Quý", never "Quỹ"."""
    listing = False  # "Quý III, TV/2025", "Quý II và IIT": each numeral of the list a quarter
    numerals = {w.text for before, w in itertools.pairwise(words) if fold(before.text).lower() == "quy"}
    roman_style = scanned and bool(numerals & {"II", "III", "IV"}) and not numerals & {"2", "3", "4"}
    for before, w in itertools.pairwise(words):
        after_quy = fold(before.replace or before.text) == "quy"
        if not (after_quy or listing):
            continue
        if listing and not after_quy and fold(w.text) == "va":
            continue
        read = w.text.replace("H", "II").translate(_QUARTER_STROKES)  # H: the two strokes of II joined
        lone_stroke = roman_style and after_quy and w.text == "1"  # "Quý 1/2025" where the others read II, IV
        if lone_stroke or w.text not in _ROMAN_VALUES and read in _QUARTERS and (
                _QUARTER_READ.fullmatch(w.text) or "H" in w.text) and (after_quy or not w.text.isdigit()):  # "Quý I, 11 xã"
            w.replace, w.options, w.symbol = read, [], symbol(read)
        listing = (w.replace or w.text) in _QUARTERS and not w.glued
        if listing and after_quy and before.options:
            before.replace, before.options, before.symbol = apply_case("quý", before.text), [], symbol("quý")


_DATE_WORDS = {"thang": "tháng", "ngay": "ngày", "nam": "năm"}
_DATED = re.compile(r"\d{1,2}(?:[-–]\d{1,2})?/\d{4}|\d{1,2}/\d{1,2}(?:/\d{2,4})?")  # 12/2025, 3-4/2024, 30/6/2025
_YEAR = re.compile(r"(?:19|20)\d\d(?!\d)")


_SCANNED_WORD = re.compile(r"[a-zđ]+[0-9][a-zđ0-9]*")  # d6i, s6: a word with a vowel read as a digit
_DATE_UNITS = {*_DATE_WORDS, "quy", "tuan"}  # words a number is the count of: "tháng 4", "quý 3"
_GLUED_NUMBER = re.compile(r"(?<![\w/.,-])(\d+)([^\W\d_]{2,})(?![\w/])")
_CODE_WITH_DIGITS = re.compile(r"\d+[A-ZĐ]+|(?=(?:.*[A-ZĐ]){2})[A-ZĐ\d]*\d[A-ZĐ\d]*")  # 1A, 5G, PC08, H5N1


def _is_code(text: str) -> bool:
    """1A, 5G, PC08, H5N1, TH3: no words; but TO6 is a scan's "TỔ", its one digit a vowel's look-alike."""
    digits = [ch for ch in text if ch.isdigit()]
    return bool(_CODE_WITH_DIGITS.fullmatch(text)) and (
        text[0].isdigit() or len(digits) >= 2 or any(d in "2357" for d in digits))


def keep_measures(words: list[Word], units: set[str]) -> None:
    """"46 ha", "500 kV", "5ha": a unit after a number is no syllable to read, and the number before
    it no word (as "14" may be "là"); codes with digits (Quốc lộ 1A, PC08) stay as written."""
    for before, w in itertools.pairwise(words):
        if w.text in units and (before.replace or before.text).replace(",", "").isdigit() and not is_valid(w.text):
            w.options = []  # but "14 ha tầng" is "là hạ tầng": a unit spelt like a word only when glued (5ha)
            before.options, before.replace, before.symbol = [], None, NUM
    for w in words:
        if w.options and not w.text.isalpha():  # most words are letters only
            glued = _GLUED_NUMBER.fullmatch(w.text)
            if _is_code(w.text) or glued and glued.group(2) in units:
                w.options = []


def read_date_words(words: list[Word], lines: list[str]) -> None:
    """"hoan thanh thang 12/2025": before a date, these letters are the date's word (tháng, ngày),
    whatever else a scan's damage lets them be; before a document's number, "So" is "Số"."""
    for before, w, after in zip([None] + words, words, words[1:]):
        word = _DATE_WORDS.get(fold(w.text).lower())
        if not word or not w.options or after.glued:
            continue
        dated = _DATED.match(lines[after.line], after.start)
        if not dated and word == "năm" and _YEAR.match(lines[after.line], after.start):  # "Nam 2025", not "Việt Nam 2025"
            dated = before is None or fold(before.text).lower() != "viet"
        if dated:
            w.replace, w.options, w.symbol = apply_case(word, w.text), [], symbol(word)
    for w in words:  # "So: 58/KH-UBND": before a document's number and code, the word is "Số"
        if w.options and fold(w.text).lower() == "so" and _NUMBERED_CODE.match(lines[w.line], w.end):
            w.replace, w.options, w.symbol = apply_case("số", w.text), [], symbol("số")


_SPECKS = re.compile(r"\s*[,.:;'’‘`]\s*")
_NUMBERED_CODE = re.compile(r"\s*:?\s*" + _DOCUMENT_CODE.pattern.removeprefix(r"\b"))


def mark_specks(span: list[Word], choices: list, plain: tuple[bool, ...], lines: list[str]) -> None:
    """Punctuation where a name the lexicon knows has none is a scan's speck, not a clause
    break ("Cục Y: tế dự phòng", "Trung, ương"); "các tỉnh, thành phố" keeps its comma, and
    phrases other than names and titles ("chủ trì, phối hợp") keep theirs."""
    for before, w, c, bare in zip(span, span[1:], choices[1:], plain):
        if (bare and w.line == before.line and c != {""} and w.options
                and _SPECKS.fullmatch(lines[w.line][before.end:w.start])):
            w.specked_from = before.end


def _double_spaced(lines: list[str]) -> bool:
    """OCR output with a blank line after almost every line of a page: there a single blank line
    is layout, not the end of a paragraph (only two in a row are)."""
    filled = [n for n, line in enumerate(lines[:-1]) if line.strip()]
    blank_after = sum(1 for n in filled if not lines[n + 1].strip())
    wrapped = sum(1 for n in filled if len(lines[n]) <= 120)  # a page's width, not a paragraph
    return len(filled) >= 6 and blank_after >= 0.7 * len(filled) and wrapped >= 0.9 * len(filled)


def _speck_period(line: str, before: Word, end: int) -> bool:
    """A period between two words, the second of two letters or more, in no dotted chain
    (mic.gov.vn)."""
    chained = line[before.start - 1:before.start] in (".", "@", "/") or \
        line[end:end + 1] in (".", "@") and line[end + 1:end + 2].isalnum()
    return end - before.end >= 3 and not chained


def _is_capitals(line: str) -> bool:
    """Set in capitals, but for a letter or two a scan got wrong ("Ill. NHIEM a VA PHAN CONG")."""
    line = _ROMAN_MARKER.sub("", line)
    if line.isupper():
        return sum(map(str.isalpha, line)) >= 4
    letters = sum(map(str.isalpha, line))
    return letters >= 4 and sum(map(str.islower, line)) <= max(1, 0.1 * letters)


def _lettered(word: str, lookalike: dict[str, str] | None) -> bool:
    """Letters, or characters a scan puts for them ("t6ng" for "tổng"), starting with a letter."""
    return word[:1].isalpha() and all(c.isalpha() or c in (lookalike or {}) for c in word)


def _rhyme_tail(letters: str, lookalike: dict[str, str]) -> bool:
    """Could these letters end a syllable whose vowel lost its horn ("c" of thu'c, "ong", "@ng")?"""
    first = fold(lookalike.get(letters[0], letters[0]))
    return first in "aeiouy" or letters.lower() in _FINALS \
        or letters[0] in "dg" and letters[1:].lower() in _FINALS  # tru’dc, du’gc: ơ read as d or g


def _marks_list(line: str, start: int, end: int) -> bool:
    """"a)" anywhere, "B." or "IV." opening its line: a list marker, not a word ("Đông Nam A." is Á)."""
    after = line[end:end + 1]
    return after == ")" or after == "." and not line[:start].strip(" \t#*-(")


def split_words(lines: list[str], horn_marks: str = "",
                lookalike: dict[str, str] | None = None, scanned: bool = False) -> list[Word]:
    """Words of all lines in reading order, with what the LM must know about their surroundings.

    An apostrophe in `horn_marks` right after u or o is the horn OCR split off (thu'c, co’):
    the word goes on through it, read with the horn, up to three letters further. In a scan
    (`scanned`), a "?" closing a word is the hook and tone of its ư (xt? ly, Thi? trudng: notices
    ask no questions): part of the word, not the end of a sentence.
    """
    words: list[Word] = []
    gap_break = True
    capitals = False  # the line before was set in capitals: a heading, not wrapped prose
    spaced_out = _double_spaced(lines)
    for n, line in enumerate(lines):
        if not line.strip():
            gap_break = gap_break or not spaced_out or n + 1 < len(lines) and not lines[n + 1].strip()
            continue
        was_capitals, capitals = capitals, _is_capitals(line)
        gap_break = gap_break or capitals or was_capitals
        pos = 0
        addresses = [a.span() for a in _ADDRESS.finditer(line)] if "." in line or "/" in line else []
        codes = [c.span() for c in _DOCUMENT_CODE.finditer(line)] if "/" in line else []
        m = WORD.search(line)
        while m:
            start, end, text = m.start(), m.end(), m.group()
            short = (line[end:end + 1] == "/" and (start == 0 or line[start - 1] in " (")
                     and _SHORT_FORM.match(line, start))
            if short:
                end, text = short.end(), short.group()
            horned = (end < len(line) and line[end] in horn_marks
                      and add_horn(text[-1]) != text[-1])
            if horned:
                rest = _HORN_REST.match(line, end + 1)
                if (rest and not _rhyme_tail(rest.group(), lookalike or {})
                        or not rest and WORD.match(line, end + 1)):
                    horned = False  # "vu'số", "vao'GDP": a lost space, not a horn
                else:
                    text = text[:-1] + add_horn(text[-1]) + (rest.group() if rest else "")
                    end = rest.end() if rest else end + 1
            gap = line[pos:start]
            plain = gap == " "  # most words: one space before, nothing to read in it
            glued = not plain and bool(gap) and pos > 0 and not _SPACE.search(gap)
            spaced = False
            if glued and gap in _LOST_SPACE:
                # "Ngân’hàng", "dục-và", "doanh.nghiép", "thang’6": a lost space OCR read as a mark between words
                dated = text.isdigit() and fold(words[-1].text) in _DATE_WORDS  # "năm.2025"
                spaced = _lettered(words[-1].text, lookalike) \
                    and (text.isalpha() or _SCANNED_WORD.fullmatch(text) or text.isdigit() and (gap in "'’‘" or dated)) \
                    and (gap in "'’‘" or dated or text[:1].islower() and len(words[-1].text) >= 2) \
                    and (gap != "." or _speck_period(line, words[-1], end))
            glued = glued and not spaced
            literal = bool(addresses) and any(a <= start < b for a, b in addresses)
            spaced = spaced and not literal
            coded = (bool(codes) and (text.isupper() or sum(c.isupper() for c in text) >= 2)  # CT, TTg
                     and any(a <= start < b for a, b in codes))
            short = bool(short) and not literal
            hooked = scanned and line[end:end + 1] == "?" and line[end + 1:end + 2] in ("", " ") and text.isalpha()
            words.append(Word(n, start, end + hooked, text, glued=glued, horned=horned, spaced=spaced, literal=literal,
                              coded=coded, short=short, hooked=hooked, marker=_marks_list(line, start, end),
                              boundary=not glued and (gap_break or not plain and not spaced and bool(_BREAK.search(gap)))))
            gap_break = False
            pos = end + hooked
            m = WORD.search(line, pos)
        tail = line[pos:]
        if _BREAK.search(tail) and not (tail.strip() == ":" and n + 1 < len(lines) and lines[n + 1][:1].islower()):
            gap_break = True  # but "… thành phố tru:" / "thuộc Trung ương": a scan's colon in a wrapped phrase
    return words


def apply_case(syllable: str, original: str) -> str:
    """Give a restored syllable the case the word was written in (THONG → THÔNG, Ha → Hà)."""
    if original.islower() and "$" not in original:
        return syllable
    if original[:1] == "I" and syllable[:1] == "l" and original[1:].islower():
        return syllable  # a misread lower-case l ("Iy" for "lý")
    letters = ["S" if c == "$" else c for c in original if c.isalpha() or c == "$"]  # $ is a capital S
    lower = [c for c in letters[1:] if c.islower()]
    if len(letters) >= 2 and letters[0].isupper() and (not lower or len(letters) >= 4 and len(lower) == 1):
        return syllable.upper()  # "CHiNH": a scan's small i for the capital Í
    if letters and letters[0].isupper():
        return syllable[:1].upper() + syllable[1:]
    return syllable


def ocr_evidence(texts: list[str], usual: dict[str, str]) -> float:
    """Share of words with marks or digits a Latin OCR engine leaves: OCR, not stripping.

    Those are digits in words (s6, d6i), @, and Latin-1 marks (é, ó) where no typist puts them:
    in no syllable (trién), or standing in for the mark of the letters' usual reading (Té for
    Tổ). A Latin-1 mark that is the usual reading's own (các, Ý) proves nothing: typists and the
    restorer itself write those, and its output must read as it did before.

    usual: folded letters → their most frequent syllable.
    """
    seen = Counter(texts)
    lettered = odd = 0
    for t, n in seen.items():
        if not any(c.isalpha() for c in t):
            continue
        lettered += n
        if (_LATIN1_MARKED.search(t) and (not is_valid(t) or has_viet_only(usual.get(fold(t), "")))
                or "@" in t or (_DIGIT.search(t) and not t.isupper())):
            odd += n
    return odd / lettered if lettered else 0.0


def strip_share(evidence: float) -> float:
    """How much of the damage to blame on accent stripping rather than OCR.

    Stripped text has no OCR traces at all; Tesseract output has them in an eighth or more of its
    words (0.13 the least of 72 scans here), so that already means OCR. Never quite 0 or 1: both
    kinds mix.
    """
    return max(0.05, min(0.99, 1.0 - 8.0 * evidence))


class Restorer:
    """Judges damage and restores; built once per rules overlay and reused across documents."""

    def __init__(self, ocr_rules: dict, lexicon_rules: dict, model: Model, compiled: bool = True,
                 abbreviations: dict[str, str] | None = None):
        """abbreviations: QD → QĐ, TTDT → TTĐT, beyond those the model learned from its corpus."""
        self.rules = ocr_rules
        self.model = model
        self.lexicon = Lexicon(lexicon_rules)
        self.tokens: dict[str, str] = ocr_rules.get("tokens", {})
        self.horn_marks: str = ocr_rules.get("horn", {}).get("marks", "")
        self.short_forms = {fold(form).lower(): (form, stands_for) for form, stands_for
                            in ocr_rules.get("abbreviations", {}).get("short_forms", {}).items()}
        self.abbreviations = {**model.abbreviations, **(abbreviations or {})}
        dec = ocr_rules.get("decode", {})
        self.lm_weight = dec.get("lm_weight", 1.0)
        self.channel_weight = dec.get("channel_weight", 1.0)
        self.beam = dec.get("beam", 8)
        self.beam_width = dec.get("beam_width", 6.0)
        self.keep_cost = dec.get("keep_cost", 4.5)
        self.case_weight = dec.get("case_weight", 1.0)
        self.number_keep = dec.get("number_keep", 1.0)
        self.abbr_keep = dec.get("abbreviation_keep", 1.5)
        self.name_bonus = dec.get("name_bonus", 1.0)
        self.hook_bonus = dec.get("hook_bonus", 1.0)
        self.mark_slip = dec.get("mark_slip", 3.0)
        self.capitals: dict[str, dict[str, float]] = ocr_rules.get("capitals", {})
        self.capital_readings = ocr_rules.get("candidates", {}).get("capital_readings", 4)
        self.units: set[str] = set(ocr_rules.get("units", {}).get("symbols", []))
        self.name_keys = {fold(n).lower() for n in self.lexicon.names}
        self.surname_keys = {fold(n).lower() for n in self.lexicon.surnames}
        self.cache_weight = dec.get("cache_weight", 0.0)
        self.first_beam = dec.get("first_beam", 3)
        self.first_width = dec.get("first_width", 3.0)
        self.inventory = {w: -model.uni[i] * QSTEP for i, w in enumerate(model.vocab)
                          if w not in SPECIAL}
        self.best_form: dict[str, str] = {}
        for w in self.inventory:  # vocab is sorted by frequency
            self.best_form.setdefault(fold(w), w)
        self.keys = list(self.best_form)
        self.ids_by_key: dict[str, list[int]] = {}  # folded letters → LM ids of the syllables they spell
        for w in self.inventory:
            self.ids_by_key.setdefault(fold(w), []).append(model.ids[w])
        self._channels: dict[float, Channel] = {}
        self.compiled = None  # the C search, when built; same choices, a fraction of the time
        if compiled and CompiledDecoder is not None:
            self.compiled = CompiledDecoder(model.levels, model.size, QSTEP, self.lm_weight)
        self.guess = self.channel(0.5).guess_key
        self._lm: dict[tuple[int, ...], dict[int, float]] = {}  # history → word → log10 P
        self._verdicts: dict[str, bool | None] = {}  # word → looks_damaged

    def channel(self, strip_share: float) -> Channel:
        key = round(strip_share, 2)
        if key not in self._channels:
            self._channels[key] = Channel(self.rules, self.inventory, key,
                                          compiled=self.compiled is not None)
        return self._channels[key]

    def looks_damaged(self, word: str) -> bool | None:
        """True if damaged, False if fine, None if not a Vietnamese-looking word at all."""
        verdict = self._verdicts.get(word, 0)
        if verdict == 0:  # 0: not judged yet (a word's verdict never changes, and words repeat)
            if len(self._verdicts) > 100_000:
                self._verdicts.clear()
            verdict = self._verdicts[word] = self._judge(word)
        return verdict

    def _judge(self, word: str) -> bool | None:
        if not any(c.isalpha() for c in word):
            return None
        if word.isupper() and word.isalpha() and len(word) >= 2 and fold(word) not in self.best_form:
            return None  # abbreviation: TTTT, CNTT, UBND
        if not is_valid(word):
            key = self.guess(word.lower())
            near = process.extractOne(key, self.keys, scorer=Levenshtein.distance, score_cutoff=1)
            return True if near else None  # junk that no syllable explains is not damage
        return not has_marks(word) and self.best_form.get(fold(word), word.lower()) != word.lower()

    def damage(self, lines: list[str]) -> float:
        judged = damaged = 0
        for word, n in Counter(WORD.findall("\n".join(lines))).items():  # each spelling judged once
            verdict = self.looks_damaged(word)
            if verdict is not None:
                judged += n
                damaged += n * verdict
        return damaged / judged if judged else 0.0

    def _symbol(self, word: str) -> str:
        sym = symbol(word)
        return sym if self.model.knows(sym) else OTHER

    def _abbreviation_ending(self, text: str) -> str | None:
        """A longer code ending in an abbreviation spelt with Đ (S+GDDT, UBND+DBQH): its Đ restored."""
        for cut in range(1, len(text) - 2):
            tail = text[cut:]
            if tail in self.abbreviations and "Đ" in self.abbreviations[tail]:
                return text[:cut] + self.abbreviations[tail]
        return None

    def _abbreviation_fixes(self, words: list[Word]) -> dict[str, str]:
        """A code OCR garbled once (TITT, BTTTI) next to the form the document uses often; or, where
        the document uses that form far more, one letter short too (TTI for TTTT)."""
        counts = Counter(w.text for w in words if len(w.text) >= 3 and w.text.isupper()
                         and w.text.isalpha() and fold(w.text) not in self.best_form)
        common = [t for t, n in counts.items() if n >= 3]
        fixes = {}
        for text, n in counts.items():
            near = [t for t in common if counts[t] >= 3 * n and len(t) == len(text)
                    and Levenshtein.distance(t, text) == 1 and _ocr_twins(t, text)]
            if not near and not _ROMAN.fullmatch(text):  # III is a heading's number, not TTTT short of a T
                near = [t for t in common if counts[t] >= 5 * n and len(t) == len(text) + 1
                        and any(_ocr_twins(t[:i] + t[i + 1:], text) for i in range(len(t)))]
            if len(near) == 1:
                fixes[text] = near[0]
        return fixes

    def prepare(self, words: list[Word], channel: Channel) -> None:
        """Each word's LM symbol and either a fixed replacement or its options."""
        scanned = channel.strip_share < 0.5
        fixes = self._abbreviation_fixes(words) if scanned else {}
        done: dict[tuple[str, bool, bool, bool, bool], tuple] = {}  # words repeat; a list marker may not
        for w in words:
            if w.literal:
                w.symbol = OTHER
                continue
            if w.short:
                spelt, stands_for = self.short_forms.get(fold(w.text).lower(), (w.text, ""))
                w.symbol = self._symbol(stands_for.split()[0]) if stands_for else OTHER
                spelt = apply_case(spelt, w.text)
                w.replace = spelt if spelt != w.text else None
                continue
            if w.coded:  # QD → QĐ, SGDDT → SGDĐT; CT stays CT, not "Cứ"
                spelt = self.abbreviations.get(w.text) or self._abbreviation_ending(w.text)
                w.symbol, w.replace = self._symbol(w.text), spelt if spelt != w.text else None
                continue
            if scanned and w.text[:1] in self.capitals and w.text[1:].isalpha():
                letter = next(iter(self.capitals[w.text[0]]))
                if w.text[1:].islower():  # a word opening a sentence may well start with the capital itself ("In ấn")
                    w.capital_for = "" if letter.islower() and w.boundary and is_valid(w.text) else letter
                elif w.text.isupper() and letter.isupper():  # "QUYET BINH": ĐỊNH in a line of capitals
                    w.capital_for = letter
            seen = (w.text, w.marker, w.horned, w.hooked, w.capital_for)
            if seen not in done:
                replace, options = self._options(w.text, w.marker, w.horned, fixes, channel)
                if w.hooked and options:
                    options = self._hooked_options(w.text, options, channel)
                if w.capital_for and (options or not is_valid(w.text)):  # "Bộ" as typed stays
                    options = self._capital_options(w.text, w.capital_for, options, channel)
                done[seen] = self._symbol(replace or w.text), replace, options  # the LM hears III
            w.symbol, w.replace, w.options = done[seen]

    def _hooked_options(self, text: str, options: list[tuple[str, float]], channel: Channel) -> list[tuple[str, float]]:
        """A word whose "?" was the hook of its last vowel (xt?, Thi?: the letter before the "?" is
        what the scan kept of ư): its readings with a hook (ư, ơ) lean ahead, and those of the
        letters with u for that last letter join them (thi? → thử, not thí)."""
        seen = text.lower()
        known = {syl for syl, _ in options}
        extra = [(syl, channel.cost(syl, seen)) for syl, _ in channel.candidates(seen[:-1] + "u")
                 if syl not in known and _HORN in unicodedata.normalize("NFD", syl)]
        return [(syl, cost - self.hook_bonus if _HORN in unicodedata.normalize("NFD", syl) else cost)
                for syl, cost in options + extra]

    def _capital_options(self, text: str, letter: str, options: list[tuple[str, float]],
                         channel: Channel) -> list[tuple[str, float]]:
        """A scan's "Igi", "Bon": the readings of the letters with l for the I (Đ for the B) join the rest,
        also when the letters as read explain nothing ("Idp" is lớp)."""
        seen = letter.lower() + text[1:].lower()
        misread = (1 - channel.strip_share) * 10 ** self.capitals[text[0]][letter]
        cost = -math.log10(misread)
        known = {syl for syl, _ in options}
        if not options:
            options = [(KEEP, 2 * self.keep_cost)]  # as for any word no syllable explains
        return options + [(syl, c + cost) for syl, c in channel.candidates(seen)[:self.capital_readings] if syl not in known]

    def _options(self, text: str, marker: bool, horned: bool, fixes: dict[str, str],
                 channel: Channel) -> tuple[str | None, list[tuple[str, float]]]:
        """(fixed replacement or None, options): what a word may be restored to."""
        if text in self.tokens or text in fixes:
            return self.tokens.get(text) or fixes[text], []
        if misread := _misread_roman(text):
            return misread, []  # IL, II1: a Roman numeral whose I came out as l, L or 1
        if _YEAR_WITH_O.fullmatch(text):
            return text.replace("O", "0").replace("o", "0"), []  # 2O25: a year's zero read as a letter
        if _JOINED_ABBREVIATIONS.fullmatch(text):  # PTT&TTDT: each part an abbreviation of its own
            spelt = self.abbreviations.get(text) or "&".join(self.abbreviations.get(part, part) for part in text.split("&"))
            return (spelt if spelt != text else None), []
        if _CAPITALS_THEN_SMALL.fullmatch(text):
            return None, []  # TTg, TTr: an abbreviation whose last letters are small (Thủ tướng, Tờ trình)
        roman = _ROMAN.fullmatch(text)
        if marker and (len(text) == 1 or roman) or roman and not is_valid(text):
            return None, []  # a list marker ("a)", "IV.") or a Roman numeral ("Quý II/2023", not VI: vị)
        ocr = channel.strip_share < 0.5
        if text.isdigit():
            # a Latin OCR engine reads là as 14, ở as 6: short numbers inside prose may be words
            keep = self.number_keep if ocr and len(text) <= 2 else None
        elif not any(c.isalpha() for c in text):
            # ¢6 for "có", & for "ở": symbols standing in for letters, only in OCR text; a symbol
            # may stand for itself (&, $), a symbol fused with a digit ($6, @9) hardly ever does
            fused = len(text) > 1 and not text.isdigit() and any(c.isdigit() for c in text)
            keep = (2 * self.keep_cost if fused else self.abbr_keep) if ocr and channel.guess_key(text).isalpha() else None
        elif (not horned and is_valid(text)
              and has_viet_only(text.replace("đ", "").replace("Đ", ""))):
            return None, []  # typed, not misread (đ alone proves little: some strippers keep it)
        elif len(text) == 1 and text.lower() not in "aeiouy":
            # a consonant alone ("S TTTT", "B") lost its vowel to OCR, unless it marks a list item
            keep = self.abbr_keep if ocr and not marker else None
        elif text.isupper() and text.isalpha() and fold(text) not in self.best_form:
            if text in self.abbreviations:
                return self.abbreviations[text], []  # QD → QĐ
            if spelt := self._abbreviation_ending(text):
                return spelt, []  # SGDDT → SGDĐT: a known abbreviation after the unit's letter
            if len(text) > 2 or not ocr or text[0] == text[1]:
                return None, []  # an abbreviation: TTTT, UBND, TT (Thường trực) but BG for "Bộ"
            keep = self.abbr_keep  # BG, BJ: abbreviation or a misread "Bộ"
        else:
            keep = self.keep_cost if is_valid(text) else 2 * self.keep_cost
        if keep is None:
            return None, []
        cands = list(channel.candidates(text.lower()))
        if cands and all(syl != canonical(text) for syl, _ in cands):
            cands.append((KEEP, keep))
        return None, cands

    def _boost(self, word: Word, syllables: frozenset[str], channel: Channel, bonus: float,
               done: dict[tuple, list]) -> None:
        """Make a phrase's syllables cheaper for this word; the LM still has the last word."""
        alike = (word.text, syllables, bonus)  # one document repeats its names
        options = done.get(alike)
        if options is None:
            costs = dict(word.options)
            seen = word.text.lower()
            for syl in syllables:
                costs[syl] = costs.get(syl, channel.cost(syl, seen)) - bonus
            options = done[alike] = sorted(costs.items(), key=lambda sc: (sc[1], sc[0]))
        word.options = options
        word.lexical = syllables
        word.bonus = bonus

    def apply_lexicon(self, words: list[Word], channel: Channel, lines: list[str]) -> None:
        texts = [w.replace or w.text for w in words]  # as fixed: "Quý II1" reads "Quý III"
        guessed: dict[str, str] = {}
        for t in texts:
            if t not in guessed:
                guessed[t] = channel.guess_key(t.lower())
        keys = [guessed[t] for t in texts]
        slack = self.lexicon.slack
        plausible: dict[str, frozenset[str]] = {}  # per word as read: folded keys of its likely readings
        fixed: dict[str, frozenset[str]] = {}  # per key of a word left as it is: that key alone
        firsts = []
        for w, key in zip(words, keys):
            if not w.options:
                if key not in fixed:
                    fixed[key] = frozenset((key,))
                firsts.append(fixed[key])
                continue
            if w.text not in plausible:  # the same letters get the same options in one document
                limit = w.options[0][1] + slack
                plausible[w.text] = frozenset([fold(s) for s, c in w.options if c <= limit and s != KEEP] + [key])
            firsts.append(plausible[w.text])
        boosted: dict[tuple, list] = {}
        folded = [fold(t) for t in texts]
        i = 0
        while i < len(words):
            if (folded[i] in self.lexicon.spelt_first or not is_valid(texts[i]) and folded[i][:1] in self.lexicon.spelt_letters) \
                    and (name := self.lexicon.spelt_at(folded, i)):
                for w, spelt in zip(words[i:i + len(name)], name):  # Dak Lak → Đắk Lắk
                    w.replace, w.options = apply_case(spelt, w.text), []
                i += len(name)
                continue
            hit = self.lexicon.match(texts, keys, firsts, i) if words[i].options or texts[i] in self.lexicon.by_first else None
            if hit:
                n, choices, titled, plain = hit
                span = words[i:i + n]
                if all(w.options or c == {""} or canonical(w.text) in c for w, c in zip(span, choices)):
                    if titled and channel.strip_share < 0.5:
                        mark_specks(span, choices, plain, lines)
                    # a capitalised title or name written capitalised mid-sentence ("các Thu
                    # truong"): the capital is evidence of its own, the legal LM knows it poorly
                    titled = titled and not span[0].boundary and case_of(span[0].text) == TITLE
                    bonus = self.lexicon.bonus * (2 if titled else 1)
                    # a title of two words or more before a surname ("Thi trudng Luong Van Tam") is
                    # that title: no "Thủ trưởng" (a body's head) or "thị trường" names a person
                    named = hit[2] and texts[i][:1].isupper() and sum(c != {""} for c in choices) >= 2 and any(
                        c == {""} and folded[k] in self.surname_keys and texts[k][:1].isupper()
                        for k, c in zip(range(i, i + n), choices))
                    for w, c in zip(span, choices):
                        if w.options and c != {""}:
                            if named and len(c) == 1:
                                syl = next(iter(c))
                                w.replace, w.options, w.symbol = apply_case(syl, w.text), [], symbol(syl)
                                continue
                            self._boost(w, c, channel, bonus, boosted)
                            w.titled = titled
                    while n > 1 and choices[n - 1] == {""}:
                        n -= 1  # "tỉnh @": the name it stands before may be a phrase of its own
                    i += n
                    continue
            i += 1

    def score_options(self, words: list[Word]) -> None:
        """Each word's options as (LM id, cost) once, shared by both readings of the document."""
        ids = self.model.ids
        other = ids[OTHER]
        cw, kw = self.channel_weight, self.case_weight
        case_scores = [self.model.case_scores(case) for case in range(3)]
        names, middles = self.lexicon.names, self.lexicon.middles
        name_keys, surname_keys = self.name_keys, self.surname_keys
        done: dict[tuple, list] = {}  # words repeat: same options (one shared list), case and phrase support
        fixed: dict[str, list] = {}  # by LM symbol: a word the restorer leaves as it is
        for n, w in enumerate(words):
            if not w.options:
                scored = fixed.get(w.symbol)
                if scored is None:
                    scored = fixed[w.symbol] = [(ids.get(w.symbol, other), 0.0)]
                w.scored = scored
                continue
            before = words[n - 1] if n else None
            if before and not w.boundary and not w.lexical and before.text[:1].isupper() and before.text[1:2].islower():
                named = fold(before.replace or before.text)
                w.in_name = named in name_keys
                # "Hoàng Van Thịnh": three capitalised words after a surname put a middle name (Văn) in
                # the middle, where a given name (Vân) of the same letters is rare
                after = words[n + 1] if n + 1 < len(words) else None
                w.middle = (w.in_name and after is not None and not after.boundary and case_of(w.text) == TITLE
                            and case_of(after.text) == TITLE and named in surname_keys)
            case = 0 if w.boundary or w.capital_for.islower() else case_of(w.text)
            seen = (id(w.options), case, w.lexical, w.bonus, w.titled, w.in_name, w.middle)  # "Thi" ≠ "Thi?"
            scored = done.get(seen)
            if scored is None:
                scored = done[seen] = self._scored(w, case, case_scores[case], ids, other, cw, kw, names, middles)
            w.scored = scored

    def _scored(self, w: Word, case: int, case_score: list[float], ids: dict, other: int, cw: float, kw: float,
                names: set[str], middles: set[str]) -> list[tuple[int, float]]:
        scored = []
        for s, c in w.options:
            if s == KEEP:  # the LM hears a kept word only as its class
                s = w.symbol if w.symbol in SPECIAL else OTHER
            wid = ids.get(s, other)
            if case == TITLE and s in names:  # a name the legal corpus rarely capitalises
                # inside a name ("Phạm Anh Tuan") a name's syllable leans harder than alone
                bonus = self.name_bonus * (2 if w.in_name else 1) + (self.name_bonus if w.middle and s in middles else 0)
                scored.append((wid, cw * c - bonus))
            elif case == TITLE and w.titled and s in w.lexical:  # the phrase vouches for the capital
                scored.append((wid, cw * c))
            else:
                scored.append((wid, cw * c - kw * case_score[wid]))
        return scored

    def _adapt(self, words: list[Word], picks: list[int]) -> None:
        """Lean each ambiguous word toward how this document reads the same letters elsewhere."""
        picked = Counter(w.options[k][0] for w, k in zip(words, picks) if w.options)
        picked.pop(KEEP, None)
        chosen: dict[str, dict[str, int]] = {}  # by folded letters: the readings picked, how often
        for syl, n in picked.items():
            chosen.setdefault(fold(syl), {})[syl] = n
        lean = [0.0] * self.model.size  # per LM id: how this document leans toward that syllable
        ids = self.model.ids
        for key, seen in chosen.items():
            total = sum(seen.values()) + 1
            for wid in self.ids_by_key.get(key, ()):  # any other reading of those letters
                lean[wid] = -self.cache_weight * math.log10(0.5 / total)
            for syl, n in seen.items():  # a reading this document gave them
                if syl in ids:
                    lean[ids[syl]] = -self.cache_weight * math.log10((n + 0.5) / total)
        leaned: dict[int, list] = {}  # by identity: score_options shares one list among alike words
        for w in words:
            if len(w.options) > 1:
                scored = leaned.get(id(w.scored))
                if scored is None:
                    scored = leaned[id(w.scored)] = [(wid, cost + lean[wid]) for wid, cost in w.scored]
                w.scored = scored

    def _step(self, scores: dict, backs: dict, opts: list[tuple[int, float]],
              size: int, width: float, trail: tuple[list[int], list[int]]) -> tuple[dict, dict]:
        """Extend every hypothesis by every option; the hot loop, hence the local names.

        An LM log probability is never above 0, so an extension whose score before the LM is
        already `beam_width` behind the best one found would be pruned anyway: it is skipped
        before its LM lookup. Back-pointers are plain ints into `trail` (parents, options), not
        chains of tuples, which the garbage collector would keep walking.
        """
        cache = self._lm
        score_ids, lw = self.model.score_ids, self.lm_weight
        new_scores: dict = {}
        new_backs: dict = {}
        get = new_scores.get
        cut = -math.inf
        least = min(cost for _, cost in opts)
        for hist, score in scores.items():
            if score - least < cut:
                continue
            back = backs[hist]
            tail = hist[1:]
            row = cache.get(hist)
            if row is None:
                row = cache[hist] = {}
            for k, (wid, cost) in enumerate(opts):
                total = score - cost
                if total < cut:
                    continue
                lp = row.get(wid)
                if lp is None:
                    lp = row[wid] = score_ids(hist, wid)
                total += lw * lp
                if total - width > cut:
                    cut = total - width
                key = tail + (wid,)
                old = get(key)
                if old is None or total > old:
                    new_scores[key] = total
                    new_backs[key] = back * RADIX + k
        if len(new_scores) > 1:
            kept = new_scores
            if len(new_scores) > size:
                kept = sorted(new_scores, key=new_scores.__getitem__, reverse=True)[:size]
            kept = [key for key in kept if new_scores[key] >= cut]
            if len(kept) < len(new_scores):
                new_scores = {key: new_scores[key] for key in kept}
        parents, choices = trail
        for key in new_scores:  # the survivors become trail nodes
            back, k = divmod(new_backs[key], RADIX)
            new_backs[key] = len(choices)
            parents.append(back)
            choices.append(k)
        return new_scores, new_backs

    def _advance(self, scores: dict, backs: dict, wid: int, cost: float, width: float
                 ) -> tuple[dict, dict]:
        """Every hypothesis hears the same word (a segment start, a fixed word): nothing to choose,
        so no back-pointer; only the beam width still prunes."""
        cache = self._lm
        new_scores: dict = {}
        new_backs: dict = {}
        for hist, score in scores.items():
            row = cache.get(hist)
            if row is None:
                row = cache[hist] = {}
            lp = row.get(wid)
            if lp is None:
                lp = row[wid] = self.model.score_ids(hist, wid)
            total = score + self.lm_weight * lp - cost
            key = hist[1:] + (wid,)
            if key not in new_scores or total > new_scores[key]:
                new_scores[key] = total
                new_backs[key] = backs[hist]
        if len(new_scores) > 1:
            cut = max(new_scores.values()) - width
            if min(new_scores.values()) < cut:
                new_scores = {key: score for key, score in new_scores.items() if score >= cut}
        return new_scores, new_backs

    def _events(self, words: list[Word]):
        """What the search hears, in order: (word index, its scored options), where a single
        option leaves nothing to choose; a segment start is heard as (-1, [<s>])."""
        start = [(self.model.ids[BOS], 0.0)]
        for n, w in enumerate(words):
            if w.glued and not w.options:
                continue  # part of the previous token, as the corpus counted it
            if w.boundary:
                yield -1, start
            yield n, w.scored

    def decode(self, words: list[Word], size: int, width: float) -> list[int]:
        """Index of the chosen option for every word (0 for fixed words), keeping at most `size`
        hypotheses no more than `width` (log10) behind the best."""
        if self.compiled is not None:
            return self._decode_compiled(words, size, width)
        if len(self._lm) > 200_000:  # a long batch: start over rather than grow without bound
            self._lm.clear()
        bos = self.model.ids[BOS]
        # hypotheses: last (order - 1) word ids → score, and → their node in the trail of choices
        start = (bos,) * (self.model.order - 1)
        scores, backs = {start: 0.0}, {start: -1}
        trail: tuple[list[int], list[int]] = ([], [])  # per node: parent node, option index
        decoded = []
        for n, opts in self._events(words):
            if len(opts) == 1:
                scores, backs = self._advance(scores, backs, *opts[0], width)
            else:
                decoded.append(n)
                scores, backs = self._step(scores, backs, opts, size, width, trail)
        node = backs[max(scores, key=scores.__getitem__)]
        parents, choices = trail
        picks = [0] * len(words)
        for n in reversed(decoded):
            picks[n] = choices[node]
            node = parents[node]
        return picks

    def _decode_compiled(self, words: list[Word], size: int, width: float) -> list[int]:
        events, decoded = [], []
        for n, opts in self._events(words):
            if len(opts) > 1:
                decoded.append(n)
            events.append(opts)
        chosen = self.compiled.decode(events, self.model.ids[BOS], size, width)
        picks = [0] * len(words)
        for n, k in zip(decoded, chosen):
            picks[n] = k
        return picks

    def restore(self, lines: list[str]) -> tuple[list[str], list[tuple[int, str, str, str, float]]]:
        """(new lines, edits as (line, before, after, stage, channel cost)).

        The cyclic garbage collector pauses meanwhile: a document makes hundreds of thousands of
        small containers and no cycles, and each collection would walk the model's caches for
        nothing (a fifth of the time); reference counting frees them all the same.
        """
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._restore(lines)
        finally:
            if enabled:
                gc.enable()

    def _restore(self, lines: list[str]) -> tuple[list[str], list[tuple[int, str, str, str, float]]]:
        lines = list(lines)  # space_numbers edits them; the caller's stay as given
        evidence = ocr_evidence(WORD.findall("\n".join(lines)), self.best_form)
        channel = self.channel(strip_share(evidence))
        scanned = channel.strip_share < 0.5
        spaced = [*drop_diaereses(lines), *((*unglue_words(lines), *self.space_numbers(lines)) if scanned else ())]
        words = split_words(lines, self.horn_marks, self.rules.get("lookalike", {}), scanned=scanned)
        self.prepare(words, channel)
        keep_measures(words, self.units)
        for w in words:  # "khu vực VI", "Khóa XII": a Roman numeral in capitals amid lower case
            if w.options and w.text in _ROMAN_NUMERALS and not _is_capitals(lines[w.line]):
                w.options, w.symbol = [], NUM
        renumber_headings(words, lines)
        read_list_letters(words, lines)
        read_quarters(words, scanned)
        read_date_words(words, lines)
        self.apply_lexicon(words, channel, lines)
        self.score_options(words)
        if self.cache_weight:  # a rough first reading, then the real one
            self._adapt(words, self.decode(words, self.first_beam, self.first_width))
        picks = self.decode(words, self.beam, self.beam_width)
        ocr = channel.strip_share < 0.5
        out = list(lines)
        edits = []
        capitals: dict[int, bool] = {}

        def in_capitals(n: int) -> bool:
            if n not in capitals:
                capitals[n] = _is_capitals(lines[n])
            return capitals[n]

        for w, k in reversed(list(zip(words, picks))):  # words are in reading order
            if w.replace is not None:
                new, stage, cost = w.replace, "lexicon", 0.0
            elif w.options and w.options[k][0] != KEEP:
                syl, cost = w.options[k]
                stage = "lexicon" if syl in w.lexical else "channel+lm"
                if syl in w.lexical:
                    cost += w.bonus  # report the channel's own cost
                if w.hooked and _HORN in unicodedata.normalize("NFD", syl):
                    cost += self.hook_bonus
                if w.capital_for.islower() and syl[:1] == w.capital_for and not w.boundary:
                    new = apply_case(syl, w.capital_for + w.text[1:])  # "thuận Igi": lợi, in lower case
                else:
                    new = apply_case(syl, w.text)
                if len(w.text) == 2 and w.text.isupper() and not in_capitals(w.line):
                    new = new[:1] + new[1:].lower()  # "SO Giao thông": OCR's capitals for "Sở"
                elif sum(map(str.isupper, w.text)) >= 2 and not new.isupper() and in_capitals(w.line):
                    new = new.upper()  # "CHi THI": a scan's small letter in a line set in capitals
            elif w.horned or w.hooked:
                new, stage, cost = w.text, "channel+lm", 0.0
            elif (w.spaced or w.specked_from >= 0) and ocr:
                new, stage, cost = w.text, "channel+lm", 0.0
            else:
                continue
            start = w.start - 1 if w.spaced and ocr else w.start
            if w.specked_from >= 0 and ocr:
                start = w.specked_from
            if start < w.start:
                new = " " + new  # the mark OCR put for the space goes with the word after it
            line = out[w.line]
            before = line[start:w.end]  # as written: thu'c, where the reading is thưc
            if new != before:  # right to left within a line, so earlier offsets stay valid
                out[w.line] = line[:start] + new + line[w.end:]
                edits.append((w.line, before, new, stage, cost))
        edits.reverse()
        if ocr:
            edits += drop_specks(out) + unglue_words(out)  # and marks between words as they now read
        return out, spaced + edits

    def mend(self, lines: list[str]) -> tuple[list[str], list[tuple[int, str, str, str, float]]]:
        """Text whose marks are right but for a few words, as OCR that knows Vietnamese reads it:
        lost spaces and lone specks are repaired, a word whose marks make no syllable (thánẻ,
        huỷện, chậnr) is read again, and once such slips show the text was scanned, a word's
        marks may be read otherwise where the words around it insist (chỉ tiết → chi tiết,
        thấm định → thẩm định). Typed text has no slips, and is left exactly as written."""
        lines = list(lines)
        edits = [*drop_diaereses(lines), *unglue_words(lines), *drop_lone_specks(lines),
                 *read_quarter_numerals(lines)]
        misread = {t for t in set(WORD.findall("\n".join(lines))) if len(t) > 1 and t.islower()  # not a list's "đ)"
                   and has_viet_only(t) and not is_valid(t) and self.looks_damaged(t)}
        if not misread and not edits:
            return lines, edits
        edits += [*self._unhyphen(lines), *restore_heading_strokes(lines)]
        words = split_words(lines, self.horn_marks)
        channel = self.channel(strip_share(1.0))
        marks: dict[str, list[tuple[str, float]]] = {}  # a word's readings with other marks, per spelling
        for w in words:
            w.symbol = self._symbol(w.text)
            if w.text in misread:
                w.symbol = OTHER
                w.options = [*channel.candidates(w.text), (KEEP, 2 * self.keep_cost)]
            elif w.text.islower() and is_valid(w.text) and not (w.literal or w.coded or w.short):
                if w.text not in marks:
                    own = canonical(w.text)
                    marks[w.text] = [(own, 0.0)] + [(self.model.vocab[i], self.mark_slip) for i in
                                                    self.ids_by_key.get(fold(own), ()) if self.model.vocab[i] != own]
                w.options = marks[w.text]
        self.score_options(words)
        picks = self.decode(words, self.beam, self.beam_width)
        read = [(w, w.options[k]) for w, k in zip(words, picks)
                if w.options and w.options[k][0] not in (KEEP, canonical(w.text))]
        for w, (syl, cost) in reversed(read):  # right to left, so earlier offsets on a line hold
            line = lines[w.line]
            lines[w.line] = line[:w.start] + syl + line[w.end:]
        edits += [(w.line, w.text, syl, "channel+lm", cost) for w, (syl, cost) in read]
        return lines, edits

    def _unhyphen(self, lines: list[str]) -> list[tuple[int, str, str, str, float]]:
        """vụ-của, cơ-quan: in a scan, a hyphen between two syllables the LM hears together is a
        lost space; pa-nô, a loanword's hyphen, joins syllables it seldom hears in a row."""
        edits = []
        for n, line in enumerate(lines):
            if "-" not in line:
                continue

            def space(m: re.Match) -> str:
                before, after = m.group(1), m.group(3)
                if not (after.islower() and is_valid(before) and is_valid(after)
                        and self.model.score(canonical(before), canonical(after)) >= _HYPHEN_HEARD):
                    return m.group()
                edits.append((n, m.group(), f"{before} {after}", "spacing", 0.0))
                return f"{before} {after}"

            lines[n] = _HYPHENED_WORDS.sub(space, line)
        return edits

    def space_numbers(self, lines: list[str]) -> list[tuple[int, str, str, str, float]]:
        """"tháng 4nam 2025": a scan lost the space between a number and the word after it, whose
        letters would otherwise be read with the digits lost. Units (5ha, 10km) stay glued, and so
        do digits a scan put for letters (1am: làm, 6ng: ông, 1di: lõi), unless a date word comes
        before."""
        edits = []
        for n, line in enumerate(lines):
            def space(m: re.Match) -> str:
                number, letters = m.groups()
                before = line[:m.start()].split()[-1:]
                dated = bool(before) and fold(before[0]) in _DATE_UNITS
                if letters in self.units or fold(letters) not in self.best_form or not dated and (
                        self.guess(m.group().lower()) in self.best_form or number in self.rules.get("lookalike", {})):
                    return m.group()
                edits.append((n, m.group(), f"{number} {letters}", "channel+lm", 0.0))
                return f"{number} {letters}"
            if any(ch.isdigit() for ch in line):
                lines[n] = _GLUED_NUMBER.sub(space, line)
        return edits
