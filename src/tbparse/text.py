"""Small text helpers shared by every stage: accent folding, case tests, slugs."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_MARKS = re.compile(r"[\u0300-\u036f]")


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Accent-folded, lower-cased, single-spaced: how names are compared whatever OCR did."""
    text = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    return " ".join(_MARKS.sub("", text).lower().split())


def is_upper_text(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def sentence_case(text: str) -> str:
    """'LĨNH VỰC VIỄN THÔNG' → 'Lĩnh vực viễn thông'; abbreviations such as TTTT stay upper."""
    words = text.split()
    out = []
    for i, word in enumerate(words):
        core = re.sub(r"\W", "", word)
        keep = len(core) >= 2 and (core.isupper() and _looks_abbreviation(core)) \
            or i > 0 and words[i - 1].lower() in NUMBERED_BY_ROMAN and bool(_ROMAN.fullmatch(core))
        lowered = word if keep else word.lower()
        out.append(lowered[:1].upper() + lowered[1:] if i == 0 else lowered)
    return " ".join(out)


NUMBERED_BY_ROMAN = {"quý", "khóa", "khoá", "chương", "phần", "mục"}  # "QUÝ IV" → "quý IV", not "quý iv"
_ROMAN = re.compile(r"X{0,2}(?:IX|IV|V?I{0,3})")

PLACE_TYPES = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")


def title_place_names(text: str) -> str:
    """ "ủy ban nhân dân tỉnh lào cai" → "… tỉnh Lào Cai": place names after their type are proper nouns."""
    for kind in PLACE_TYPES:
        text = re.sub(rf"(?<!\w)({kind}) ((?:\w+ ?){{1,4}})$",
                      lambda m: f"{m.group(1)} {' '.join(w[:1].upper() + w[1:] for w in m.group(2).split())}", text)
    return text


def _looks_abbreviation(word: str) -> bool:
    """TTTT, CNTT, ICT, UBND: no vowel pattern a Vietnamese syllable would have."""
    folded = fold(word)
    return not re.fullmatch(r"[bcdfghklmnpqrstvx]*[aeiouy]+[a-z]*", folded) or word in {"ICT", "UBND"}


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60]
