"""Diacritic and OCR restoration for Vietnamese (standard library + rapidfuzz only)."""
from __future__ import annotations

from functools import lru_cache

from .. import rules
from . import lm
from .decode import Restorer


@lru_cache(maxsize=8)
def restorer(overlays: tuple[str, ...] = ()) -> Restorer:
    """One restorer per rules overlay, built once: the model and candidate caches are shared."""
    return Restorer(rules.load("ocr", overlays), rules.load("lexicon", overlays), lm.load())
