"""Diacritic and OCR restoration for Vietnamese (standard library + rapidfuzz only)."""
from __future__ import annotations

import re
from functools import lru_cache

from .. import rules
from . import lm
from .decode import Restorer
from .syllables import fold

_ABBREVIATION_WITH_Đ = re.compile(r"\b[A-ZĐ]*Đ[A-ZĐ]*\b")


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
    return Restorer(ocr, rules.load("lexicon", overlays), lm.load(),
                    abbreviations={**spelt_with_đ(rules.load("agencies", overlays)), **listed})
