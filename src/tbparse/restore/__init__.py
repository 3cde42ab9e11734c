"""Diacritic and OCR restoration for Vietnamese (standard library + rapidfuzz only)."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import rules
from ..text import PLACE_TYPES
from . import lm
from .decode import Restorer
from .syllables import fold

_ABBREVIATION_WITH_Đ = re.compile(r"\b[A-ZĐ]*Đ[A-ZĐ]*\b")
_PLACE_AT_END = re.compile(r"\s+(?:" + "|".join(PLACE_TYPES) + r")$")


def spelt_with_đ(data) -> dict[str, str]:
    """Abbreviations with Đ anywhere in a rules table (TTĐT in "Cục PTT&TTĐT"), by how they read
    with the stroke lost (TTDT): the agencies a user lists are the ones their notices cite."""
    if isinstance(data, dict):
        data = list(data.values())
    if isinstance(data, list):
        return {k: v for item in data for k, v in spelt_with_đ(item).items()}
    if isinstance(data, str):
        return {fold(m).upper(): m for m in _ABBREVIATION_WITH_Đ.findall(data) if len(m) >= 3}
    return {}


@lru_cache(maxsize=8)
def restorer(overlays: tuple[str, ...] = ()) -> Restorer:
    """One restorer per rules overlay, built once: the model and candidate caches are shared."""
    ocr = rules.load("ocr", overlays)
    listed = {fold(a).upper(): a for a in ocr.get("abbreviations", {}).get("d_stroke", [])}  # as listed: CĐ, KH&ĐT
    agencies = rules.load("agencies", overlays)
    lexicon = rules.load("lexicon", overlays)
    lexicon = {**lexicon, "phrases": {**lexicon.get("phrases", {}), "listed_agencies": agency_phrases(agencies)}}
    return Restorer(ocr, lexicon, lm.load(), abbreviations={**spelt_with_đ(agencies), **listed})


def agency_phrases(agencies: dict) -> list[str]:
    """The agencies rules list, and the fields their short forms stand for ("Nông nghiệp và Phát
    triển nông thôn" of NN&PTNT, in any Bộ, Sở or Phòng): names the lexicon knows without a copy."""
    # "Kho bạc Nhà nước tỉnh": the place type a notice follows with its place's name is left off
    names = [re.sub(_PLACE_AT_END, "", a["name"]) for a in agencies.get("agency", []) if "name" in a]
    return names + [full for full in agencies.get("expand", {}).values() if len(full.split()) >= 3]
