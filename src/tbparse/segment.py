"""Stage 3: lines → header metadata, a section tree and blocks (paragraphs and list items).

Notices follow Nghị định 30/2020/NĐ-CP only loosely: headings come numbered in roman, decimal,
lettered or markdown form, numbers repeat or skip, headings wrap over lines, OCR wraps every
paragraph, and news reports have no numbering at all. Everything here is about recovering the
outline the author meant, with the source line of every piece.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from . import rules
from .actors import (
    canonical_agency,
    cue_length,
    find_known_agencies,
    known_agency,
    opens_unit,
    parse_subject,
    starts_with_action,
    tokens,
    unit_at,
    units_tail,
    vocab,
)
from .deadlines import deadline_tail
from .models import DocumentMeta, Section
from .text import fold, is_upper_text, sentence_case, slugify, title_place_names

ROMAN = re.compile(r"^(?P<num>[IVX]{1,5})\s*(?:[.):-]|/(?!\d))\s*(?P<rest>\S.*)$")  # not "III/2024.", a wrapped quarter
# OCR reads I as l, L or 1 ("Ill.", "IL.", "Il."): read back when the result is a roman number
SCANNED_ROMAN = re.compile(r"^(?P<num>[IVXLl1\]\[|!]{2,5})\s*(?:[.):-]|/(?!\d))\s*(?P<rest>\S.*)$")  # ]]. for II.
# a numeral with no mark before a heading in capitals ("II Ý KIẾN KẾT LUẬN"), or whose period OCR
# read as an l ("IL TÌNH HÌNH"); not VI, X or XI, which open words ("VI PHẠM", "X QUANG")
UNMARKED_ROMAN = re.compile(r"^(?P<num>I{1,3}|IV|V|VII{1,2}|IX|I{1,3}[lL]|IV[lL]|V[lL])\s+(?P<rest>\S.*)$")
ROMAN_NUMBERS = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"}
LETTER = re.compile(r"^(?P<num>[A-EĐ])\s*[.)/]\s*(?P<rest>\S.*)$")
DECIMAL = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,4})(?:\.\s*|\)\s*|,\s+(?=[^\W\d_])|(?<=\d)\s+(?=\D))"
                     r"(?P<rest>\S.*)$")  # "3, Các sở": a scan's comma for the period
PAREN_ITEM = re.compile(r"^\(\s*(?P<num>\d{1,2}|[a-zđ])\s*\)\s*(?P<rest>\S.*)$")
LETTER_ITEM = re.compile(r"^(?P<num>[a-zđ€¢])\s*\)\s*(?P<rest>\S.*)$")  # € ¢: a scan's c
ARTICLE = re.compile(r"^Điều\s+(?P<num>\d{1,3})\s*[.:]\s*(?P<rest>\S.*)$")  # a decision's "Điều 2. Giao …"
BULLET = re.compile(r"^(?P<num>[-–—•+*·▪➢✓])\s*(?P<rest>\S.*)$")
INLINE_FIELD = re.compile(r"(?<!\w)lĩnh vực\s+(?P<name>\S.{2,150})|^(?:Về|Đối với)\s+công tác\s+(?P<work>[^,;:]{3,60}),",
                          re.IGNORECASE)
# a news page's furniture, no crosshead: a caption ("… Ảnh: Thu Hiền"), a dateline ("Thứ Ba, 08/10/2024 - 16:45")
NEWS_FURNITURE = re.compile(r"\b(?:Ảnh|Nguồn|Video)\s*:|^(?:Thứ\s+\w+|Chủ nhật)\s*,\s*\d{1,2}/\d{1,2}/\d{4}", re.IGNORECASE)
# "Số:", and what OCR makes of it ("S6:", "Sổ:"); a number line also holds the place and date at times
NUMBER_LINE = re.compile(r"^\s*(?:[\w ]{0,20}\s)?S[^\s:]{1,2}\s*(?:hiệu)?\s*:\s*(?P<num>.*?)\s*(?:$|\s{2,}|\t)", re.IGNORECASE)
DOC_CODE = re.compile(r"(?P<num>[0-9A-Za-zĐđ.\-]*\s*/\s*[0-9]{0,4}\s*/?\s*[A-ZĐ][A-Za-zĐđ0-9&\-]*(?:(?<=-)\s[A-ZĐ][A-ZĐ&]+)?)")
PLACE_DATE = re.compile(
    r"(?:(?P<place>[A-ZĐÀ-Ỹ][^\d,]{1,40}?)\s*,\s*)?(?P<text>(?:ngày|nay|ngay)\s*(?:[(\[|'‘’`.,:;]\s+)?(?P<d>[^\s]{0,3}?)\s*tháng\s*(?P<m>[^\s]{0,3}?)\s*(?:năm|n\w{1,2})\s*(?P<y>\d{4}))",
    re.IGNORECASE,
)
_DATE_SPECK = re.compile(r"(?<=[a-zà-ỹ])\s*[(\[|'‘’`.,:;]\s+(?=\d)")  # "ngày ( 04 tháng 9": a scan's speck
PLACE_DATE_NO_COMMA = re.compile(
    r"^\W*(?P<place>(?:[A-ZĐÀ-Ỹ][^\W\d_]*\s+){1,3})(?P<text>(?:ngày|ngay)\s*(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})"
    r"\s*(?:năm|n\w{1,2})\s*(?P<y>\d{4}))", re.IGNORECASE)
_NOT_PLACES = {"truoc", "tu", "den", "trong", "cham", "sau", "vao", "hoan", "thoi", "han", "ke"}  # "Trước ngày …" is a deadline
SUBJECT_LINE = re.compile(r"^V/v\.?\s*:?\s*(?P<title>\S.*)$", re.IGNORECASE)
ISO_DATE_LINE = re.compile(r"^\s*date\s+(?P<text>\d{4}-\d{2}(?:-\d{2})?)\s*", re.IGNORECASE)
# a news site's dateline: "Thứ Năm, 14/11/2024 - 18:35", "14/11/2024 18:35 (GMT+7)"
NEWS_DATE_LINE = re.compile(r"^(?:(?:Th[ứưừửữựuú]\s+\w+|Ch[ủu]\s+nh[ậa]t)\s*,\s*)?(?P<text>(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}))"
                            r"(?:\s*[-–,|]?\s*\d{1,2}[:h]\d{2}(?:\s*\(GMT\s*\+\s*7\))?)?\s*$", re.IGNORECASE)
TERMINAL = ".;!?…"
_TRAILING_SPECKS = re.compile(r"(?:\s+(?:[^\w\s]{1,3}|\d|[a-z][).]?))+\s*$")  # a scanner's dots read as 3, ©, :, a)


@dataclass
class Block:
    kind: str              # "item" (bullet, numbered or lettered) or "para"
    line_start: int
    line_end: int
    text: str              # analysis text, marker removed, lines joined
    marker: str | None
    section: int | None    # index into Segmented.sections
    style: str | None = None  # item marker style: decimal, bullet, paren, letter — nesting is by order of use
    cells: dict[str, str] | None = None  # a table row: role (action, owner, …) → cell text


@dataclass
class Segmented:
    meta: DocumentMeta
    sections: list[Section]
    parents: list[int | None]
    blocks: list[Block]
    body_start: int
    body_end: int
    doc_date: date | None
    warnings: list[str] = field(default_factory=list)
    reported: list[bool] = field(default_factory=list)  # False: a sub-heading that names no field of its own

    def outline(self) -> list[Section]:
        """The sections a reader cares about: those that name a field (or an unknown one)."""
        return [s for s, keep in zip(self.sections, self.reported) if keep]

    def reported_section(self, index: int | None) -> Section | None:
        while index is not None and not self.reported[index]:
            index = self.parents[index]
        return self.sections[index] if index is not None else None


# ---------------------------------------------------------------- header

def parse_header(lines: list[str], overlays: tuple[str, ...] = ()) -> tuple[DocumentMeta, int, list[str]]:
    """Read the letterhead; return the metadata and the first body line (0-based)."""
    doc = rules.load("document", overlays)
    kinds = {fold(k): k for k in doc["kinds"]}
    codes = {c.upper(): k for c, k in doc["number_codes"].items()}
    meta = DocumentMeta()
    warnings: list[str] = []
    limit = _header_end(lines)
    kind_line = None
    for i in range(limit):
        line = lines[i].strip()
        if not line:
            continue
        if meta.number is None and (m := NUMBER_LINE.match(line)):
            meta.number = _clean_number(m.group("num"), overlays)
        if meta.date_text is None and (m := _dateline(line)):
            meta.date_text = " ".join(_DATE_SPECK.sub(" ", m.group("text"), count=1).split())
            meta.date = _header_date(m.group("d"), m.group("m"), m.group("y"))
            if m.group("place"):
                meta.place = _place(m.group("place"))
        if meta.date_text is None and (m := NEWS_DATE_LINE.match(line)):
            meta.date_text = m.group("text")
            meta.date = _header_date(m.group("d"), m.group("m"), m.group("y"))
        if meta.date_text is None and (m := ISO_DATE_LINE.match(line)):
            meta.date_text = m.group("text")
            meta.date = m.group("text") if len(m.group("text")) == 10 else None
        if meta.title is None and (m := SUBJECT_LINE.match(line)):  # a công văn's trích yếu
            meta.title = " ".join(m.group("title").split())
            after = lines[i + 1].strip() if i + 1 < limit else ""
            if after[:1].islower() and not _dateline(after):  # "… cắt giảm," / "đơn giản hóa … năm 2025"
                meta.title = f"{meta.title} {' '.join(after.split())}"
        bare = _TRAILING_SPECKS.sub("", line).strip(" '\"‘’“”`.,:;-*")  # "THÔNG BÁO 3": a speck
        if kind_line is None and is_upper_text(bare) and (kind := _kind_named(bare, kinds)):
            meta.kind = kind
            kind_line = i
        if meta.issuer is None and i < 6 and is_upper_text(line.split("  ")[0]):
            meta.issuer = _issuer(_letterhead(lines, i, doc["motto_starts"]), doc, overlays)
    body_start = 0
    if kind_line is not None:
        meta.title, body_start = _title(lines, kind_line + 1, overlays)
    else:
        last = max((i for i in range(limit) if _is_header_line(lines[i])), default=-1)
        body_start = last + 1
    addressed, body_start = recipients(lines, _after_preamble(lines, body_start, doc))
    meta.recipients = addressed
    if meta.kind is None and meta.number:
        suffix = meta.number.split("/")[-1].split("-")[0].upper()
        meta.kind = codes.get(suffix) or (doc["letter_kind"] if "-" in meta.number.split("/")[-1] else None)
    if meta.kind is None:
        meta.kind = doc["article_kind"]
    if meta.issuer is None and meta.number and "-" in meta.number:
        meta.issuer = _agency_from_code(meta.number.split("-")[-1], overlays)
    if meta.issuer is None:
        meta.issuer = _most_named_ministry(lines, overlays)
    if meta.date_text and "?" in meta.date_text:
        warnings.append(f"issue date is partly illegible: {meta.date_text!r}")
    return meta, body_start, warnings


def _after_preamble(lines: list[str], start: int, doc: dict) -> int:
    """A decision's body starts after its enacting word ("QUYẾT ĐỊNH:"), when only its preamble
    (the signer in capitals, "Căn cứ …" lines) stands between."""
    enacting = {fold(w) for w in doc.get("enacting_words", [])}
    openers = tuple(fold(w) for w in doc.get("preamble_openers", []))
    ground = ""  # the "Căn cứ …" line so far: one a scan or a narrow page wrapped goes on
    for i in range(start, min(len(lines), start + 40)):
        line = lines[i].strip()
        if not line or is_upper_text(line) and fold(line).rstrip(" :") not in enacting:
            continue
        if fold(line).rstrip(" :") in enacting and line.rstrip().endswith(":"):
            return i + 1
        if fold(line).startswith(openers) or ground and not ground.endswith((";", ".", ":")):
            ground = line
            continue
        return start
    return start


def recipients(lines: list[str], start: int) -> tuple[list[str], int]:
    """A công văn's "Kính gửi: …" (a công điện's "… điện:") names its addressees, inline or one per
    dashed line: (the names, the line the body starts at)."""
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    line = lines[i].strip() if i < len(lines) else ""
    opener = re.match(r"^kính gửi\b\s*:?", line, re.IGNORECASE) or _telegram_opener(line)
    if not opener:
        return [], start
    names = [lines[i].strip()[opener.end():]]
    i += 1
    while i < len(lines) and (not lines[i].strip() or BULLET.match(lines[i].strip())):
        if m := BULLET.match(lines[i].strip()):
            names.append(m.group("rest"))
        i += 1
    return [n for n in (name.strip(" ;.,") for name in names) if n], i


def _telegram_opener(line: str) -> re.Match | None:
    """A công điện addresses its recipients as "THỦ TƯỚNG CHÍNH PHỦ điện:" (the sender in capitals)."""
    m = re.match(r"^(?P<sender>.{3,120}?)\s+điện\s*:", line, re.IGNORECASE)
    return m if m and is_upper_text(m.group("sender")) else None


def _letterhead(lines: list[str], i: int, mottos: list[str]) -> str:
    """ "ỦY BAN NHÂN DÂN" / "TỈNH LÀO CAI" name one issuer; "BỘ Y TẾ" / "CỤC QUẢN LÝ …" name the
    parent body and then the issuing unit."""
    first = _before_motto(lines[i].strip(), mottos)  # a two-column letterhead: the motto on the right
    j = i + 1
    while j < min(len(lines), i + 3) and not lines[j].strip():
        j += 1  # a scan double-spaces the letterhead's lines
    nxt = re.sub(r"^[\W_]+|[^\w)]+$", "", _before_motto(lines[j].strip(), mottos)) if j < len(lines) else ""
    if re.match(r"^(?:VÀ|&)\s", nxt) and is_upper_text(nxt):
        return f"{first} {nxt}"  # "BỘ NÔNG NGHIỆP" / "VÀ PHÁT TRIỂN NÔNG THÔN": one name on two lines
    if nxt and is_upper_text(nxt) and len(nxt) <= 60 and len(first) <= 60 and not NUMBER_LINE.match(nxt) \
            and not re.match(r"^(CỘNG|ĐỘC|Độc)", nxt):
        if re.match(r"^(TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\b", nxt):
            return f"{first} {nxt}"
        if opens_unit(sentence_case(nxt)):
            return nxt
    return first


def _kind_named(line: str, kinds: dict[str, str]) -> str | None:
    """The document kind a capitals line names, allowing one letter a scan got wrong in a long
    name ("QUYẾT BÌNH" for QUYẾT ĐỊNH: Đ read as B)."""
    key = fold(line)
    if key in kinds:
        return kinds[key]
    near = [kind for k, kind in kinds.items() if len(k) >= 8 and Levenshtein.distance(k, key, score_cutoff=1) <= 1]
    return near[0] if len(near) == 1 else None


def _header_end(lines: list[str]) -> int:
    """The letterhead lies within the first 40 lines and above the first paragraph of prose or
    list item: a "Thời hạn: trước ngày 15 tháng 8 năm 2024." in the body is no date line."""
    for i, raw in enumerate(lines[:40]):
        line = raw.strip()
        if i > 3 and (len(line) > 150 and not is_upper_text(line) or (DECIMAL.match(line) or LETTER_ITEM.match(line)) and len(line) > 60):
            return i
    return min(len(lines), 40)


def _dateline(line: str) -> re.Match | None:
    """ "Hà Nội, ngày 5 tháng 4 năm 2022", or the date alone opening its line; not a date inside
    a sentence ("Thời hạn: trước ngày …")."""
    m = PLACE_DATE.search(line)
    if m and (m.group("place") or not re.search(r"[^\W\d]", line[:m.start()])):
        return m
    m = PLACE_DATE_NO_COMMA.match(line)  # "Hà Cục ngày 21 tháng 10": a scan lost the comma (and misread the place)
    if m and not fold(m.group("place").split()[0]).lower() in _NOT_PLACES:
        return m
    return None


def _is_header_line(line: str) -> bool:
    """Number, place and date, or a công văn's "V/v" subject: a scan may put any of them last."""
    number = NUMBER_LINE.match(line)
    return bool(number and re.search(r"[\d/]", number.group("num")) or _dateline(line) and len(line) < 80
                or ISO_DATE_LINE.match(line) and len(line) < 20 or SUBJECT_LINE.match(line))


def _clean_number(raw: str, overlays: tuple[str, ...] = ()) -> str | None:
    m = DOC_CODE.search(raw)
    if not m:
        return None
    number = re.sub(r"\s+", "", m.group("num"))
    head, _, issuer = number.rpartition("-")
    if head and len(issuer) >= 4 and not known_agency(issuer, overlays):
        near = _nearest_code(issuer, overlays)
        number = f"{head}-{near}" if near else number
    return number or None


def _nearest_code(code: str, overlays) -> str | None:
    """A scan misread one letter of the issuer's code ("BTTTI" for "BTTTT"): the known code one
    letter away, if there is exactly one."""
    codes = {a for e in rules.load("agencies", overlays)["agency"] for a in e.get("aliases", [])
             if a.isupper() and " " not in a and len(a) == len(code)}
    near = [c for c in codes if sum(x != y for x, y in zip(c, code, strict=True)) == 1
            and all(x == y or frozenset((x, y)) in _MISREAD_CAPITALS for x, y in zip(c, code))]
    return near[0] if len(near) == 1 else None


# capitals a scan confuses: a unit's own code one letter from an issuer's (NSNN, NHNN) is no misread
_MISREAD_CAPITALS = {frozenset(p) for p in ("TI", "IL", "I1", "O0", "OD", "DĐ", "B8", "S5", "G6", "EF", "CG", "Z2")}


def _header_date(d: str, m: str, y: str) -> str | None:
    d, m = d.strip(".,;:'’"), m.strip(".,;:'’")  # "tháng 3. năm 2025": a scan's speck after the month
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _place(raw: str) -> str:
    words = raw.split()
    while words and is_upper_text(words[0]) and len(words) > 2:  # letterhead text glued before the place
        words.pop(0)
    return " ".join(words).strip(" ,'\"")


def _issuer(line: str, doc: dict, overlays) -> str | None:
    line = _before_motto(line, doc["motto_starts"])
    if not line:
        return None
    line = line.strip(" '\"")
    if len(line) < 3 or not any(c.isalpha() for c in line):
        return None
    return canonical_agency(title_place_names(sentence_case(line)), overlays)


def _before_motto(line: str, mottos: list[str]) -> str:
    """The letterhead line up to the national motto ("… CỘNG HÒA XÃ HỘI …"), compared accent-folded."""
    words = line.split()
    folded = [fold(w) for w in words]
    for motto in mottos:
        key = fold(motto).split()
        for i in range(len(words)):
            if folded[i:i + len(key)] == key:
                return " ".join(words[:i])
    return line


def _agency_from_code(code: str, overlays) -> str | None:
    return known_agency(code, overlays)


def _most_named_ministry(lines: list[str], overlays) -> str | None:
    counts: dict[str, int] = {}
    for line in lines:
        for name in find_known_agencies(line, overlays):
            if name.startswith("Bộ "):
                counts[name] = counts.get(name, 0) + 1
    return max(counts, key=counts.get) if counts else None


def _title(lines: list[str], start: int, overlays: tuple[str, ...] = ()) -> tuple[str | None, int]:
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    parts = []
    while i < len(lines) and lines[i].strip() and len(parts) < 4:
        line = lines[i].strip()
        if parts and (line[:1].islower() is False and re.match(r"^(Ngày|Căn cứ|Kính gửi|Thực hiện|Sau khi)\b", line)):
            break
        if parts and (heading_of(line, 0, overlays) is not None or item_marker(line) or len(line) > 200
                      or line.endswith(":") or is_upper_text(line) and not is_upper_text(parts[-1])):
            break  # the body began: a heading, a list item, a paragraph, a lead-in, the signer
        parts.append(line)
        i += 1
    title = " ".join(" ".join(parts).split()) or None
    return title, i


# ---------------------------------------------------------------- headings

@dataclass(frozen=True)
class Heading:
    style: str        # "letter" | "roman" | "dec1" | "dec2" … | "md<N>" | "plain" | "inline"
    number: str | None
    text: str


def heading_of(line: str, md_level: int = 0, overlays: tuple[str, ...] = ()) -> Heading | None:
    """Is this line a heading? Decimal-numbered lines are headings only when they read like one."""
    line = line.strip()
    if not line:
        return None
    if m := LETTER.match(line):
        rest = m.group("rest")
        if is_upper_text(rest) or md_level:
            return Heading("letter", m.group("num"), _heading_text(rest))
    if m := ROMAN.match(line) or _scanned_roman(line):
        rest = m.group("rest")
        if len(rest) <= 200 and (rest[:1].isupper() or rest[:1].isdigit()):
            return Heading("roman", re.sub(r"[lL1\]\[|!]", "I", m.group("num")), _heading_text(rest))
    if (m := UNMARKED_ROMAN.match(line)) and is_upper_text(m.group("rest")) and len(m.group("rest")) <= 200:
        return Heading("roman", m.group("num").rstrip("lL"), _heading_text(m.group("rest")))
    if m := DECIMAL.match(line):
        rest, number = m.group("rest"), m.group("num")
        if _reads_like_heading(rest, md_level, overlays):
            return Heading(f"dec{number.count('.') + 1}", number, _heading_text(rest.rstrip().removesuffix(".")))
        return None
    if md_level and len(line) <= 160 and not line.endswith(tuple(TERMINAL)):
        return Heading(f"md{md_level}", None, _heading_text(line))
    return None


def _scanned_roman(line: str) -> re.Match | None:
    m = SCANNED_ROMAN.match(line)
    if not m:
        return None
    num = m.group("num")
    if re.search("[IV]", num) and re.sub("[lL1]", "I", num) in ROMAN_NUMBERS:
        return m
    if re.fullmatch(r"[\]\[|!lI1]{2,3}", num) and is_upper_text(m.group("rest")) and re.search(r"[\]\[|!]", num):
        return m  # "]]. NHIỆM VỤ": the strokes of II read as brackets, before a heading in capitals
    return None


def _reads_like_heading(rest: str, md_level: int, overlays: tuple[str, ...] = ()) -> bool:
    stripped = _DUST_AT_END.sub("", rest)  # "1. Công tác khám bệnh, chữa bệnh .": a scan's dust
    if stripped.endswith(".") and _names_a_unit(stripped[:-1], overlays):
        stripped = stripped[:-1]  # "1. Ủy ban nhân dân các tỉnh, thành phố.": a unit, asked nothing yet
    if len(stripped) > 160 or stripped.endswith(tuple(TERMINAL)) or not stripped[:1].isupper():
        return False
    if re.search(r"\d{1,2}/\d{1,2}/\d{2,4}|[Tt]hời hạn", stripped):
        return False
    if (asked := parse_subject(stripped, overlays)) and asked.rule == "directive cue" \
            and not stripped[asked.action_start:].strip(" ,;:"):
        return True  # "6. Đề nghị Ủy ban MTTQ tỉnh và các tổ chức …(:)": units addressed, their work below
    if len(stripped) > 60 and parse_subject(stripped, overlays, allow_cue=False):
        return False  # "2. Sở Giao thông vận tải khẩn trương …": a unit asked to act, an item
    return len(stripped) <= 60 or bool(md_level and not starts_with_action(stripped)) or not starts_with_action(stripped)


def _names_a_unit(text: str, overlays: tuple[str, ...] = ()) -> bool:
    toks = tokens(text)
    found = unit_at(toks, 0, vocab(overlays)) if toks else None
    return found is not None and found[0] == len(toks)


def _heading_text(rest: str) -> str:
    text = re.sub(r"(?<=\w)\s*:[\s:;.,'’`~_°*-]*$", "", rest.strip()).strip()  # "Bộ Công an: ; :" a scan's specks
    text = _DUST_AT_END.sub("", text)
    return sentence_case(text) if is_upper_text(text) else text


def item_marker(line: str) -> tuple[str, str, str] | None:
    """(marker, rest, style) for list items: bullets, "1." paragraphs, "(1)" and "a)" sub-items."""
    line = re.sub(r"^[\"'‘’“”`.,·]+\s*(?=\d{1,2}[.)]\s|[-–+•]\s|[a-zđ]\)\s)", "", line.strip())  # a scan's speck before "3.", "+", "b)"
    for pattern, style in ((PAREN_ITEM, "paren"), (LETTER_ITEM, "letter"), (BULLET, "bullet"), (DECIMAL, "decimal"),
                           (ARTICLE, "article")):
        if m := pattern.match(line):
            if pattern is BULLET and m.group("num") in "*+" and not line[1:2].isspace():
                continue
            if pattern is BULLET and m.group("num") == "+":
                style = "plus"  # "- Sở X:" then "+ …": the plus bullets sit one level down
            return m.group("num"), m.group("rest"), style
    return None


# ---------------------------------------------------------------- labelled fields and tables

def field_label(text: str, overlays: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """ "Cơ quan chủ trì: Sở TTTT" → ("owner", "Sở TTTT"): a task's field written as a label."""
    m = re.match(r"^([^:;]{2,40})[:;]\s*(.*)$", text.strip())  # a scan reads the colon as ";" at times
    if not m:
        return None
    role = label_role(m.group(1), overlays)
    return (role, m.group(2).strip()) if role and role != "index" else None


def label_role(label: str, overlays: tuple[str, ...] = ()) -> str | None:
    """The role a field label or table header names; a long label one letter off is a scan's
    ("Bồn vị phối hợp")."""
    key = fold(label).strip(" .*-")
    labels = rules.load("extract", overlays)["labels"]
    for role, names in labels.items():
        if key in {fold(n) for n in names}:
            return role
    if len(key) >= 10:
        near = {role for role, names in labels.items() for n in names
                if Levenshtein.distance(key, fold(n), score_cutoff=1) <= 1}
        if len(near) == 1:
            return near.pop()
    words = key.split()
    if len(words) >= 4:  # "Cơ quan eh trì", "Thời ĐEN hoàn thành": one word of a long label garbled
        near = {role for role, names in labels.items() for n in names if len(n.split()) == len(words)
                and sum(a != b for a, b in zip(words, fold(n).split())) == 1}
        if len(near) == 1:
            return near.pop()
    return None


def _header_roles(cells: list[str], overlays) -> list[str | None]:
    """Each header cell's role; a second "Đơn vị …" / "Cơ quan …" cell a scan garbled past reading
    ("Đơn vị eo hợp") beside the one in charge is the one that works with it."""
    roles = [label_role(c, overlays) for c in cells]
    if "owner" in roles and "co_owners" not in roles:
        for k, cell in enumerate(cells):
            if roles[k] is None and re.match(r"(?:don vi|co quan)\s\S", fold(cell).lower()):
                roles[k] = "co_owners"
                break
    return roles


def _split_merged_labels(cells: list[str], overlays) -> list[str]:
    """ "Cơ quan phối hợp Thời hạn hoàn thành": two header cells a scan read without the rule
    between them."""
    out = []
    for cell in cells:
        words = cell.split()
        split = None
        if not label_role(cell, overlays):
            for k in range(1, len(words)):
                # "Nội dung nhiệm vụ i Đơn vị chủ trì": the rule between them read as a letter
                skip = 1 if len(words[k]) <= 2 and k + 1 < len(words) and not label_role(" ".join(words[k:]), overlays) else 0
                if label_role(" ".join(words[:k]), overlays) and label_role(" ".join(words[k + skip:]), overlays):
                    split = [" ".join(words[:k]), " ".join(words[k + skip:])]
                    break
        out += split or [cell]
    return out


def _wrapped_header(cells: list[str], lines: list[str], j: int, end: int, overlays) -> tuple[list[str], int]:
    """A header row a scan wrapped ("… | Thời gian hoàn" / "thành |"): its last cell, no label
    as it stands, becomes one with the next line."""
    while j < end and not lines[j].strip():
        j += 1
    if j >= end or not cells or label_role(cells[-1], overlays):
        return cells, j
    joined = f"{cells[-1]} {lines[j].strip(' |')}"
    return (cells[:-1] + [joined], j + 1) if label_role(joined, overlays) else (cells, j)


def _wrapped_row(cells: list[str], width: int, lines: list[str], j: int, stop: int,
                 heading_lines: dict) -> tuple[list[str], int]:
    """A row OCR wrapped over lines ("… | Sở Tài" / "chính | Quý III/2024 |"): the lines after
    it up to the header's width of cells, and where reading goes on. Each wrapped line may go on
    the cell before it; it does when it starts in lower case, and as many others do as the cells
    in excess of the header's width say ("… | Sở" / "Công Thương | … | Tháng" / "11/2024 | … |"),
    the ones after a cut-off cell first."""
    cells = [c for c in cells]
    while cells and not any(ch.isalnum() for ch in cells[-1]):
        cells.pop()  # an empty cell past the last, or a scan's speck ("| .")
    pieces: list[tuple[list[str], bool]] = []  # each wrapped line's cells, and whether it may go on the cell before
    fewest = len(cells)
    closed = bool(_CLOSING_RULE.search(lines[j - 1]))  # "… cấp xã | .": its last cell ends on its line
    while fewest < width and j < stop and j not in heading_lines:
        line = lines[j].strip()
        if not line:
            j += 1
            continue
        more = table_cells(line)
        if more is None and (len(line.split()) > 5 or line.endswith(tuple(TERMINAL))):
            break  # prose after the table, not a cell ("| Thường xuyên |")
        more = more or [line]
        if _ROW_NUMBER.fullmatch(more[0]) or item_marker(line):
            break  # the next row
        while more and not any(ch.isalnum() for ch in more[-1]):
            more.pop()  # an empty cell past the last, or a scan's speck ("| :")
        ruled = bool(more) and not more[0]  # "| Dữ liệu … |": the line opens with a rule, a cell of its own
        more = more[1:] if ruled else more
        if more:
            joinable = not ruled and not closed
            pieces.append((more, joinable))
            fewest += len(more) - joinable
        closed = bool(_CLOSING_RULE.search(line))
        j += 1
    excess = len(cells) + sum(len(more) for more, _ in pieces) - width
    joins = {k for k, (more, joinable) in enumerate(pieces) if joinable and more[0][:1].islower()}
    if excess > len(joins):
        before = [([""] + cells + [c for more, _ in pieces[:k] for c in more])[-1] for k in range(len(pieces))]
        rest = [k for k, (more, joinable) in enumerate(pieces) if joinable and k not in joins]
        rest.sort(key=lambda k: not (len(before[k].split()) <= 3 or pieces[k][0][0][:1].isdigit()))
        joins.update(rest[:excess - len(joins)])
    for k, (more, _) in enumerate(pieces):
        if k in joins and cells:
            cells[-1] = f"{cells[-1]} {more[0]}"
            more = more[1:]
        cells += more
    if len(cells) == width and j < stop and j not in heading_lines:  # "| Tháng" / "6/2025 |"
        tail = lines[j].strip().strip(" |")
        if tail and "|" not in tail and len(tail.split()) <= 3 and (tail[:1].islower() or tail[:1].isdigit()) \
                and not item_marker(lines[j]):
            cells[-1] = f"{cells[-1]} {tail}"
            j += 1
    return cells, j


_CLOSING_RULE = re.compile(r"\|[^\w|]*$")
_ROW_NUMBER = re.compile(r"\d{1,3}(?:[.,]\d{1,2})*[.,]?|[IVX]+")  # 3, 2.5, a scan's "1,2"


def table_cells(line: str) -> list[str] | None:
    """Cells of a table row as read.clean_line leaves it ("1 | Xây dựng … | Sở TTTT | |")."""
    if " | " not in line and not line.endswith(" |") and line.count("|") < 3:
        return None  # "_|2.4| Khảo sát …": a scan may close up the rules
    cells = [c.strip() for c in line.split("|")]
    if len(cells) > 1 and not cells[-1]:
        cells.pop()  # the closing rule
    if len(cells) > 2 and cells[0] and not any(ch.isalnum() for ch in cells[0]):
        cells = cells[1:]  # ". | 1 | …": a scan's speck before the row's first rule
    return cells


# ---------------------------------------------------------------- body

def find_body_end(lines: list[str], start: int, overlays=()) -> int:
    """The distribution list or signature ends the body; so does the closing formula ("Bộ … thông
    báo kết luận … để … biết, thực hiện./."), even when a scan wrapped it over lines."""
    doc = rules.load("document", overlays)
    closing = re.compile(doc["closing_pattern"], re.IGNORECASE)
    ends = re.compile(doc["body_end_pattern"], re.IGNORECASE)
    last_third = start + 2 * (len(lines) - start) // 3
    for i in range(start, len(lines)):
        line = lines[i].strip()
        if ends.match(line):
            return i
        joined = " ".join(part.strip() for part in lines[i:i + 6])
        m = closing.search(joined)
        if m and m.start() < 100 and (line.endswith("./.") or i >= last_third) and not re.match(
                r"^(Giao|Đề nghị|Yêu cầu|-|\d)", line) and m.start() < len(line):
            return i
    return len(lines)


def segment(lines: list[str], heading_marks: tuple[int, ...] = (), overlays: tuple[str, ...] = ()) -> Segmented:
    meta, body_start, warnings = parse_header(lines, overlays)
    body_end = find_body_end(lines, body_start, overlays)
    if (attached := _attachment(lines, body_end, overlays)) is not None:
        # "QUYẾT ĐỊNH … Điều 1. Ban hành kèm theo … Kế hoạch", then the plan itself after the
        # signature: read on into it, past the distribution list and signer (kept as blank lines)
        start, end = attached
        lines = lines[:body_end] + [""] * (start - body_end) + lines[start:]
        body_end = end
    marks = heading_marks or (0,) * len(lines)
    doc_date = _doc_date(meta)
    fields_cfg = rules.load("fields", overlays)

    headings = _find_headings(lines, marks, body_start, body_end, overlays)
    numbered = any(h.number for _, _, h in headings)
    if not numbered:
        taken = {i for first, last, _ in headings for i in range(first, last + 1)}
        headings += [h for h in _plain_headings(lines, body_start, body_end, fields_cfg)
                     if h[0] not in taken]
        headings.sort(key=lambda x: x[0])
    # a heading with no text after it heads nothing: an article's byline ("Thu Hiền"), a stray last line
    last_text = max((i for i in range(body_start, min(body_end, len(lines))) if lines[i].strip()), default=-1)
    headings = [h for h in headings if h[1] < last_text]

    sections: list[Section] = []
    parents: list[int | None] = []
    reported: list[bool] = []
    heading_lines: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for first, last, h in headings:
        while stack and stack[-1][0] != h.style and h.style in [s for s, _ in stack]:
            stack.pop()
        if stack and stack[-1][0] == h.style:
            stack.pop()
        parent = stack[-1][1] if stack else None
        code, own = _field_for(h.text, parent, sections, fields_cfg, overlays)
        sections.append(Section(number=h.number, heading=h.text or None, field=code,
                                line=first + 1, level=len(stack) + 1))
        parents.append(parent)
        reported.append(own)
        stack.append((h.style, len(sections) - 1))
        for i in range(first, last + 1):
            heading_lines[i] = len(sections) - 1

    blocks = _blocks(lines, body_start, body_end, heading_lines, sections, parents, reported, fields_cfg, numbered,
                     overlays)
    return Segmented(meta, sections, parents, blocks, body_start, body_end, doc_date, warnings, reported)


def _attachment(lines: list[str], body_end: int, overlays: tuple[str, ...] = ()) -> tuple[int, int] | None:
    """(first body line, end) of a document attached after the signature: a plan, regulation or
    annex whose kind is set in capitals ("KẾ HOẠCH", "PHỤ LỤC"), then its title."""
    doc = rules.load("document", overlays)
    kinds = {fold(k): k for k in doc.get("attachment_kinds", [])}
    for i in range(body_end + 1, len(lines)):
        bare = _TRAILING_SPECKS.sub("", lines[i].strip()).strip(" *#")
        if bare and is_upper_text(bare) and _kind_named(bare, kinds):
            _, start = _title(lines, i + 1, overlays)
            while start < len(lines) and (not lines[start].strip() or re.match(r"^\(.*kèm theo", lines[start].strip(),
                                                                                re.IGNORECASE)):
                start += 1
            return start, find_body_end(lines, start, overlays)
    return None


def _doc_date(meta: DocumentMeta) -> date | None:
    if meta.date:
        return date.fromisoformat(meta.date)
    for text in (meta.date_text, meta.number, meta.title):
        if text and (m := re.search(r"\b(19|20)\d{2}\b", text)):
            return date(int(m.group(0)), 1, 1)
    return None


def _find_headings(lines, marks, start, end, overlays=()) -> list[tuple[int, int, Heading]]:
    found = []
    i = start
    flat = False  # inside a table a scan flattened, whose numbered rows are no headings
    while i < end:
        h = heading_of(lines[i], marks[i], overlays)
        if h is None and not flat and table_cells(lines[i]) is None and _flat_header(lines[i].strip(), overlays):
            flat = True
        if h is not None and flat and h.style.startswith("dec") and not marks[i] and FLAT_ROW.match(lines[i].strip()):
            h = None  # "4 Tổ chức ra quân … Huyện" / (blank) / "đoàn; …": a row the scan broke
        elif h is not None:
            flat = False
        if h is None or h.style.startswith("dec") and _labelled_next(lines, i + 1, end, overlays):
            i += 1
            continue
        last = i
        text = h.text
        # a heading wrapped over lines: the next line continues it in lower case, or this one dangles
        while last + 1 < end and lines[last + 1].strip() and h.style != "plain" \
                and not _opens_item(lines[last], lines[last + 1]) and (
                lines[last + 1].strip()[:1].islower() or lines[last].rstrip().endswith((",", "-", "–", " và"))
                or _carried_number(lines[last], lines[last + 1]) or _caps_continuation(lines[last], lines[last + 1])):
            last += 1
            text = f"{text} {lines[last].strip().rstrip(':').strip()}"
        if h.style.startswith("dec") and last > i and (
                re.search(r"[.;]\s", text) or not _reads_like_heading(text, marks[i], overlays)):
            i += 1  # a numbered paragraph that a scan wrapped, not a heading
            continue
        found.append((i, last, Heading(h.style, h.number, " ".join(text.split()))))
        i = last + 1
    return found


def _carried_number(line: str, nxt: str) -> bool:
    """ "… hoàn thành trước" / "16 giờ 00 ngày 20/9/2024.": a bare number carrying a sentence on."""
    return bool(re.match(r"^\d{1,2}\s", nxt.strip())) and not line.rstrip().endswith(tuple(TERMINAL + ":"))


def _opens_item(line: str, nxt: str) -> bool:
    return item_marker(nxt) is not None and not _carried_number(line, nxt)


def _labelled_next(lines, i, end, overlays) -> bool:
    """A numbered line followed by "Cơ quan chủ trì: …" is a task, not a heading, also when a
    scan wrapped it onto a line or two before the label ("… Cơ quan Sở hữu trí tuệ" / "Hàn Quốc")."""
    wrapped = 0
    while i < end:
        if lines[i].strip():
            marker = item_marker(lines[i])
            if field_label(marker[1] if marker else lines[i], overlays) is not None:
                return True
            before = lines[i - 1].rstrip()
            if marker or wrapped == 2 or len(before) < 60 or before.endswith(tuple(TERMINAL + ":")):
                return False  # a short line ends where it was typed to: what follows is no wrap
            wrapped += 1
        i += 1
    return False


def _caps_continuation(line: str, nxt: str) -> bool:
    """An upper-case heading wrapped by the scanner goes on in upper case on the next line, or with
    the year its last words name ("… TRONG QUÝ IV NĂM" / "2024")."""
    nxt = nxt.strip()
    return is_upper_text(line) and (is_upper_text(nxt) or bool(_BARE_YEAR.match(nxt))) \
        and heading_of(nxt) is None and item_marker(nxt) is None and not line.rstrip().endswith((".", ":"))


_BARE_YEAR = re.compile(r"^(?:19|20)\d{2}\W*$")


def _plain_headings(lines, start, end, cfg) -> list[tuple[int, int, Heading]]:
    """News reports: a short capitalised line standing alone between paragraphs. A line naming a
    field ("Lĩnh vực Giáo dục") needs less: a scan may have lost the blank lines around it, so
    it only has to follow a finished sentence and come before a blank line or a list item."""
    found = []
    for i in range(start, end):
        line = lines[i].strip()
        before = lines[i - 1].strip() if i else ""
        after = lines[i + 1].strip() if i + 1 < len(lines) else ""
        alone = not before and not after
        if not alone and line.lower().startswith(tuple(cfg["heading_prefixes"])) and _field_name(line, cfg):
            alone = (not before or before.endswith(tuple(TERMINAL))) and (not after or bool(item_marker(after)))
        if (alone and line[:1].isupper() and table_cells(line) is None and len(line) <= 90 and len(line.split()) <= 14
                and not line.endswith(tuple(TERMINAL + ":,")) and not re.match(r"^\W", line)
                and not NEWS_FURNITURE.search(line)):
            found.append((i, i, Heading("plain", None, line)))
    return found


def _field_for(heading: str | None, parent: int | None, sections: list[Section], cfg: dict,
               overlays: tuple[str, ...] = ()) -> tuple[str, bool]:
    """(field code, whether the heading names it itself) — sub-headings inherit their parent's."""
    parent_field = sections[parent].field if parent is not None else None
    if parent_field in cfg["inherit_from_parent"]:
        return parent_field, False
    if heading and _addressed_to_department(heading, overlays) and not _ASSIGNS.match(heading):
        return "dia-phuong", True  # "5. Sở Tài chính", "6. Đề nghị UBMTTQ huyện": the spec's code for them
    if heading and _hands_down(heading, overlays):
        return parent_field or "chung", False  # "1. Giao Cục X:", "4. Thứ trưởng Y chỉ đạo:": a lead-in
    code = match_field(heading or "", cfg, scanned=True)
    fallbacks = {e["code"] for e in cfg["field"] if e.get("fallback")}
    if code in fallbacks and parent_field and parent_field not in fallbacks:
        return parent_field, False  # "Nhiệm vụ năm 2022" under "Lĩnh vực Bưu chính" stays Bưu chính
    if code:
        return code, True
    if parent_field and parent_field not in fallbacks:
        return parent_field, False
    if heading and opens_unit(heading, overlays):
        return parent_field or "chung", True  # "2. Công an tỉnh", "Ban QLDA 85": a section, no field of its own
    return slug_for_heading(heading or "", cfg) or "chung", True  # a field the rules do not know


_LEADER_HANDS_DOWN = re.compile(r"^(?:Phó\s+)?(?:Bộ trưởng|Thứ trưởng|Thủ tướng|Chủ tịch|Giám đốc|Bí thư)\b.*"
                                r"\b(?:chỉ đạo|yêu cầu|đề nghị|giao|kết luận)\s*:?$")


def _hands_down(heading: str, overlays: tuple[str, ...] = ()) -> bool:
    """A numbered line that hands work to the items below ("Giao Cục X:", "Thứ trưởng Y yêu cầu:")
    is a lead-in, not a section of its own (units named bare, "2. Văn phòng Bộ", are sections)."""
    toks = tokens(heading)
    cue = cue_length(toks, overlays)
    rest = " ".join(t.text for t in toks[cue:])
    named = cue > 0 and opens_unit(rest, overlays) and not re.match(r"(?:các|tất cả)\s", rest, re.IGNORECASE)
    return named or bool(_LEADER_HANDS_DOWN.match(heading))  # "III. Đề nghị các địa phương" is a section


def _addressed_to_department(heading: str, overlays: tuple[str, ...] = ()) -> bool:
    """ "Sở Y tế", "Sở TTTT các tỉnh …", and in a province's or district's notice "Phòng Giáo dục
    và Đào tạo", "Công an huyện", "UBND các xã, thị trấn": a heading that is a local department or
    body; its field is the spec's "dia-phuong", whatever its name says (y tế, tài chính)."""
    toks = tokens(heading)
    rest = " ".join(t.text for t in toks[cue_length(toks, overlays):])
    return bool(_LOCAL_UNIT.match(rest) or _PLACE_LEVEL.search(rest)) and opens_unit(rest, overlays)


_ASSIGNS = re.compile(r"(?:Giao|Yêu cầu)\s", re.IGNORECASE)  # "1. Giao Sở X:": work handed to the items below
_LOCAL_UNIT = re.compile(r"(?:Các\s+)?(?:Sở|Phòng|Công an|UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+\S")
# "Trung tâm Y tế huyện", "Ủy ban MTTQ Việt Nam huyện, Huyện đoàn": a body of the place itself
_PLACE_LEVEL = re.compile(r"(?<!các )\b(?:tỉnh|huyện|quận|thị xã|xã|phường|thị trấn|thành phố)(?:$|,|\s+và\s)")


def match_field(text: str, cfg: dict, scanned: bool = False) -> str | None:
    """The field a heading names: the earliest alias, or one overlapping it that reads further
    ("phát triển kinh tế số" is kinh tế số, not kinh tế); fallback codes last.
    `scanned`: a heading with no alias may still hold a garbled one."""
    folded = f" {fold(text)} "
    found = []
    for entry in cfg["field"]:
        for alias in entry["aliases"]:
            a = fold(alias)
            idx = folded.find(f" {a}")
            if idx >= 0 and _word_end(folded, idx + 1 + len(a)):
                found.append((bool(entry.get("fallback")), idx, idx + len(a), entry["code"]))
    if found:
        fallback, start, end, code = min(found, key=lambda f: (f[0], f[1], -f[2]))
        longer = [f for f in found if f[0] == fallback and start <= f[1] < end and f[2] > end]
        return max(longer, key=lambda f: (f[2], f[2] - f[1]))[3] if longer else code
    return _scanned_field(folded, cfg) if scanned else None


def _scanned_field(folded: str, cfg: dict) -> str | None:
    """A field name a scan garbled ("địa phirong"): the closest long alias, if close enough."""
    best = (0.0, None)
    for entry in cfg["field"]:
        for alias in entry["aliases"]:
            a = fold(alias)
            if len(a) >= 10 and not entry.get("fallback"):
                score = fuzz.partial_ratio(a, folded)
                if score > best[0]:
                    best = (score, entry["code"])
    return best[1] if best[0] >= 90 else None


def _word_end(s: str, i: int) -> bool:
    return i >= len(s) or not s[i].isalnum()


def slug_for_heading(heading: str, cfg: dict) -> str:
    folded = fold(heading)
    for prefix in sorted(cfg["heading_prefixes"], key=len, reverse=True):
        p = fold(prefix)
        if folded.startswith(p + " "):
            heading = heading[len(p) + 1:]
            break
    return slugify(heading)


def _blocks(lines, start, end, heading_lines, sections, parents, reported, cfg, numbered, overlays) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    section: int | None = None
    blank_before = False
    header: list[str | None] | None = None
    flat = False  # in a table a scan flattened: rows "1 <work> <units> <deadline>" with no rules
    skip_to = start
    for i in range(start, end):
        if i < skip_to:
            continue  # the rest of a table row a scan wrapped
        line = lines[i].strip()
        if i in heading_lines:
            current, flat = None, False
            section = heading_lines[i]
            continue
        if not line:
            blank_before = True
            continue
        if flat:
            if m := FLAT_ROW.match(line):
                current = Block("row", i + 1, i + 1, m.group("rest"), m.group("num"), section)
                blocks.append(current)
                continue
            if m := FLAT_GROUP.match(line):
                number = m.group("num").translate(_GROUP_STROKES)
                section = _row_group(m.group("rest"), number, i, section, sections, parents, reported, cfg)
                current = None
                continue
            if current is not None and current.kind == "row":
                current.text, current.line_end = f"{current.text} {line}", i + 1
                continue
            flat = False
        cells = table_cells(line)
        if cells is not None and header is None and line.count("|") == 1 and not flat:
            cells, line = None, line.replace(" | ", " ")  # "Chỉ đạo các trường | học …": a scan's stray rule in prose
        if cells is None and header is None and _flat_header(line, overlays):
            current, flat, blank_before = None, True, False
            continue
        if cells is not None and header is not None:
            cells, skip_to = _wrapped_row(cells, len(header), lines, i + 1, min(end, i + 6), heading_lines)
            cells = cells[:len(header)]  # past the last column: a scan's specks ("| | 2")
        if cells is not None:
            roles = [label_role(c, overlays) for c in cells]
            if {"action", "owner", "deadline"} & set(roles):
                cells = _split_merged_labels(cells, overlays)
                cells, skip_to = _wrapped_header(cells, lines, i + 1, end, overlays)
                header = _header_roles(cells, overlays)
            elif header is not None:
                row = {r: c for r, c in zip(header, cells) if r and any(ch.isalnum() for ch in c)}  # "| . |": a speck
                if row.get("action") and not (row.keys() & {"owner", "deadline", "co_owners"}) and \
                        len([c for c in cells if c]) <= 2:
                    section = _row_group(row["action"], row.get("index"), i, section, sections, parents, reported, cfg)
                elif row.get("action"):
                    blocks.append(Block("row", i + 1, i + 1, row["action"], cells[0] or None, section, None, row))
            current = None
            blank_before = False
            continue
        marker = item_marker(line)
        if marker and marker[2] == "decimal" and current is not None and _carried_number(current.text, line):
            marker = None  # "… hoàn thành trước" / "16 giờ 00 ngày 20/9": a number carrying the sentence on
        if marker and marker[2] == "bullet" and lines[i][:1].isspace():
            marker = (marker[0], marker[1], "bullet-indented")  # "  - …" under "- Sở X:" in markdown
        continues = current is not None and marker is None and (
            not blank_before and (not current.text.endswith(":") or line[:1].isdigit() or line[:1].islower()
                                  or _awaits_value(current.text, overlays) or _lists_attendance(current.text, overlays))
            or not current.text.rstrip().endswith(tuple(TERMINAL + ":\"”)")) and (
                _dangles(current.text) or not _starts_paragraph(line))
            or _DEADLINE_AFTER.match(line) is not None and current.text.rstrip().endswith((";", ","))
            or _awaits_value(current.text, overlays)  # "Thời gian hoàn thành:" / (blank) / "Quý III năm 2025."
            or line[:1].islower() and current.text.endswith(".")  # "… hướng dẫn các địa phương." / (blank) / "sử dụng Quỹ …"
            or line[:1].islower() and current.kind == "item" and current.text.endswith(":"))  # "- … phân tâm trọng:" / (blank) / "xã hội …"
        if continues:
            if current.text.endswith(":") and line[:1].islower() and re.search(r"[^\W\d]:$", current.text) \
                    and not _awaits_value(current.text, overlays) and not _lists_attendance(current.text, overlays):
                current.text = current.text[:-1]  # "… thành phố trự:" / "thuộc Trung ương …": a scan's speck
            current.text = f"{current.text} {_CONTINUATION_SPECK.sub('', line)}"
            current.line_end = i + 1
        else:
            if not numbered:
                section = _inline_section(line, i, section, sections, parents, reported, cfg)
            kind, text, mark, style = ("para", line, None, None) if marker is None else ("item", marker[1], marker[0], marker[2])
            if style == "decimal":
                section = _closed_by_sibling(mark, section, sections, parents)
            current = Block(kind, i + 1, i + 1, text, mark, section, style)
            blocks.append(current)
        blank_before = False
    for block in blocks:
        if block.kind == "row" and block.cells is None:
            block.cells = _flat_cells(block.text, overlays)
            block.text = block.cells["action"]
    return blocks


_DUST_AT_END = re.compile(r"(?:\s+[.,'`])*\s*$")
# "…; hoàn thành trước ngày 30/6.": an item's deadline on a line of its own, even after a blank line
_DEADLINE_AFTER = re.compile(r"^(?:hoàn thành|xong|chậm nhất|trước ngày|thời hạn)\b")
_CONTINUATION_SPECK = re.compile(r"^[.,'’`]\s+(?=[a-zà-ỹđ])")  # ". hoàn thành trong quý IV": a speck before a wrapped line
# a scan's specks around a row's number ("1_ Xây dựng", ". 3 ,Lồng ghép") and a group's Roman number
# read as other strokes ("J Công tác" for I, "HI Xử lý" for III)
FLAT_ROW = re.compile(r"^[^\w\s]*\s*(?P<num>\d{1,2})[._)]?\s+(?P<rest>[^\d\s].*)$")
FLAT_GROUP = re.compile(r"^[^\w\s]*\s*(?P<num>[IVX]{1,4}|[IJHLl1|]{1,3}(?=\s))\.?\s+(?P<rest>[A-ZĐÀ-Ỹ].*)$")
_GROUP_STROKES = str.maketrans({"J": "I", "L": "I", "l": "I", "1": "I", "|": "I", "H": "II"})


def _flat_header(line: str, overlays) -> bool:
    """ "TT Nội dung công việc Đơn vị chủ trì Đơn vị phối hợp Thời gian thực hiện": a table's
    header a scan read as one line of text."""
    folded = fold(line).lower()
    if len(line) > 200 or not _owner_label(overlays).search(folded):
        return False
    words = re.findall(r"\w+", folded)
    labels = rules.load("extract", overlays)["labels"]
    roles, covered = set(), set()
    for role, names in labels.items():
        for name in names:
            label = re.findall(r"\w+", fold(name))
            for k in range(len(words) - len(label) + 1):
                if words[k:k + len(label)] == label:
                    roles.add(role)
                    covered.update(range(k, k + len(label)))
    return ({"action", "owner"} <= roles and bool(roles & {"deadline", "co_owners"})
            and len(covered) >= 0.75 * len(words))  # labels, and little else


@lru_cache(maxsize=16)
def _owner_label(overlays: tuple[str, ...]) -> re.Pattern:
    names = rules.load("extract", overlays)["labels"]["owner"]
    return re.compile(r"\b(?:" + "|".join(re.escape(fold(n)) for n in names) + r")\b")


def _flat_cells(text: str, overlays) -> dict[str, str]:
    """A flattened row's cells: the deadline at its end, the units' names before it (the first
    leads), the work before them."""
    cut = deadline_tail(text, overlays)
    work, deadline = (text[:cut], text[cut:].strip(" .;:_*")) if cut is not None else (text, "")
    cells = {"action": work.strip(" .;_")}
    if units := units_tail(work.rstrip(" .;_"), overlays):
        at, names = units
        cells.update(action=work[:at].strip(" .;_"), owner=names[0], co_owners="; ".join(names[1:]))
    if deadline:
        cells["deadline"] = deadline
    return cells


def _lists_attendance(text: str, overlays) -> bool:
    """ "… Tham dự có …; lãnh đạo các phòng:" at a line's end: the names on the next line go on."""
    last = re.split(r"(?<=[.!?])\s+", text.rstrip(" :"))[-1]
    openers = tuple(fold(w) for w in rules.load("document", overlays).get("attendance_openers", []))
    return fold(last).lower().startswith(openers)


def _awaits_value(text: str, overlays) -> bool:
    """ "… Thời hạn hoàn thành:" at a line's end: the value is on the next line, not a list."""
    last = re.split(r"[.;]\s+", text.rstrip())[-1]
    return last.endswith(":") and label_role(last[:-1], overlays) in ("deadline", "owner", "co_owners")


def _closed_by_sibling(mark: str, section: int | None, sections: list[Section], parents: list) -> int | None:
    """ "3. Sở Tài chính tham mưu …" after the heading "2. Sở Nông nghiệp …": a numbered item of
    the heading's own series comes after it, so it belongs to the heading's parent."""
    number = mark.rstrip(".),")
    if section is None or not number.isdigit():
        return section
    own = sections[section].number or ""
    return parents[section] if own.isdigit() and int(number) > int(own) else section


DANGLING = re.compile(r"(?:\b(?:của|và|về|cho|với|các|những|để|tại|trong|theo|là|được|có|từ|đến|nhằm|thuộc|hoặc|như|"
                      r"gồm|gửi|trình|giao|đề nghị|yêu cầu)|,)$",
                      re.IGNORECASE)  # and a comma: "…, Thanh tra huyện," / "Công an huyện, …" is one list; "…, gửi" / "Sở Tài chính …"


def _dangles(text: str) -> bool:
    """A line ending on "của", "và", "các" … or a comma cannot end a paragraph: the sentence goes on."""
    return bool(DANGLING.search(text.rstrip()))


def _starts_paragraph(line: str) -> bool:
    """After a page break, a line that carries on a sentence starts in lower case, with a number,
    or with a name; a fresh paragraph opens with an actor, a cue or a framing word."""
    if line[:1].islower() or line[:1].isdigit():
        return False
    return opens_unit(line) or bool(re.match(r"^(Giao|Đề nghị|Yêu cầu|Trong|Về|Đối với|Ngoài ra|Bộ trưởng|Thứ trưởng|"
                                             r"Năm|Tiếp tục|Sau|Theo|Thực hiện|Để)\b", line))


def _row_group(text, number, i, section, sections, parents, reported, cfg) -> int | None:
    """A table row holding only a group title ("II | Nhiệm vụ về hạ tầng số") opens a section."""
    parent = section
    while parent is not None and sections[parent].line > i:
        parent = parents[parent]
    if parent is not None and sections[parent].number is None and not reported[parent]:
        parent = parents[parent]
    while parent is not None and _same_series(sections[parent].number, number):
        parent = parents[parent]  # "II | …" after "I | …": the next group, not one inside it
    code, own = _field_for(text, parent, sections, cfg)
    sections.append(Section(number=number or None, heading=text, field=code, line=i + 1,
                            level=(sections[parent].level + 1) if parent is not None else 1))
    parents.append(parent)
    reported.append(own)
    return len(sections) - 1


def _same_series(a: str | None, b: str | None) -> bool:
    """Both Roman numerals, or both plain numbers: numbers of one list."""
    if not a or not b:
        return False
    roman = re.compile(r"[IVXLC]+")
    return bool(roman.fullmatch(a) and roman.fullmatch(b) or a.isdigit() and b.isdigit())


def _inline_section(line, i, section, sections, parents, reported, cfg) -> int | None:
    """ "Trong lĩnh vực viễn thông, Cục Viễn thông …": prose reports name their field inline, in the
    part of the report that goes field by field (or anywhere when it has no headings at all)."""
    current = section
    while current is not None and parents[current] is not None:
        current = parents[current]
    known = {e["code"] for e in cfg["field"]}
    crosshead = current is not None and sections[current].number is None and sections[current].field not in known
    if current is not None and not crosshead and not re.search(r"\b(cac linh vuc|cu the)\b",
                                                                 fold(sections[current].heading or "")):
        return section  # a news crosshead the rules give no field to leaves the report's own cues in force
    m = INLINE_FIELD.search(line[:120])
    name = _field_name(m.group("name") or m.group("work"), cfg) if m else _garbled_inline_field(line, cfg)
    if not name:
        return section
    code = match_field(name, cfg)
    sections.append(Section(number=None, heading=f"Lĩnh vực {name[:1].upper()}{name[1:]}", field=code, line=i + 1,
                            level=2 if current is not None else 1))
    parents.append(current)
    reported.append(True)
    return len(sections) - 1


def _alias_at_start(text: str, code: str, cfg: dict) -> bool:
    folded = fold(text)
    entry = next(e for e in cfg["field"] if e["code"] == code)
    return any(folded.startswith(fold(a)) for a in entry["aliases"])


def _garbled_inline_field(line: str, cfg: dict) -> str | None:
    """ "Linh wire tổng hợp, Vụ …": a scan garbled "Lĩnh vực" but the field and its comma remain."""
    m = re.match(r"^(?:(?:Trong|Về|Đối với)\s+)?(?:\S+\s+){1,2}?(?P<name>[^,;:]{3,80}),\s", line)
    if not m or not re.match(r"^(?:(?:trong|ve|doi voi)\s+)?(?:l|d)inh\b", fold(line)):
        return None
    return _field_name(m.group("name"), cfg)


def _field_name(text: str, cfg: dict) -> str | None:
    """The words after "lĩnh vực" that name a field: up to the comma when short (and before any
    verb, "Bưu chính sẽ phối hợp …"), else the alias."""
    words = text.split()
    code = match_field(" ".join(re.split(r"[,.;:]", text)[0].split()[:8]), cfg)
    if not code or code == "chung":
        return None
    short = re.split(r"[,.;:]", text)[0].split()
    for n, word in enumerate(short):
        if n and word.lower() in ("sẽ", "cần", "phải", "là", "đã", "đang", "được"):
            short = short[:n]
            break
    for _ in range(2):  # a scan's leftovers of "lĩnh vực" before the field's own words
        if len(short) > 1 and not _alias_at_start(" ".join(short), code, cfg):
            short = short[1:]
    if len(short) <= 9 and match_field(" ".join(short), cfg) == code:
        return " ".join(short)
    for n in range(1, 6):
        if match_field(" ".join(words[:n]), cfg) == code:
            return " ".join(words[:n])
    return None
