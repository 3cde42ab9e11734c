"""Make notice text comparable: Unicode clean-up always, diacritic restoration when damaged.

`normalize_text` is what the pipeline and `tbparse normalize` call. Clean text passes through
unchanged (only invisible characters, odd spaces and compatibility forms are fixed), because a
restorer that "improves" correct Vietnamese does more harm than one that does nothing. Text
whose marks are right but for an OCR engine's slips (lost spaces read as marks, lone specks,
a word whose marks make no syllable) has only those slips mended.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from .models import Change

MODES = ("auto", "always", "never")
ENGINES = ("builtin", "pyvi")

# Compatibility characters OCR and PDF extraction leave behind: ligatures (ﬁ), full-width forms.
_COMPAT = re.compile("[\ufb00-\ufb06\uff01-\uff5e]")
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")


class EngineUnavailable(Exception):
    """The requested restoration engine is not installed."""


@dataclass
class NormalizeResult:
    text: str
    listed: list[Change] = field(default_factory=list)  # changes already made into records
    damage: float = 0.0
    restored: bool = False
    edits: list[tuple[int, str, str, str, float]] = field(default_factory=list)  # the restorer's

    @property
    def change_count(self) -> int:
        return len(self.listed) + len(self.edits)

    @cached_property
    def changes(self) -> list[Change]:
        """Every change as a record, made on first use: a scan has thousands of them, and
        extraction only counts them."""
        return self.listed + [Change(line=n + 1, before=a, after=b, stage=stage, score=round(cost, 3))
                              for n, a, b, stage, cost in self.edits]


def unicode_clean(line: str) -> str:
    """NFKC for ligatures and width forms only (NFKC everywhere would rewrite ½, ², …), then NFC."""
    line = _INVISIBLE.sub("", _SPACES.sub(" ", line))
    line = _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group()), line)
    return unicodedata.normalize("NFC", line)


def _word_changes(n: int, before: str, after: str, stage: str) -> list[Change]:
    old, new = before.split(), after.split()
    if len(old) != len(new):
        return [Change(line=n + 1, before=before, after=after, stage=stage)]
    return [Change(line=n + 1, before=a, after=b, stage=stage) for a, b in zip(old, new) if a != b]


def _pyvi():
    """pyvi's ViUtils, or a one-line error saying how to get it."""
    try:
        from pyvi import ViUtils
    except ImportError:
        raise EngineUnavailable('engine "pyvi" needs: pip install "tbparse[pyvi]"') from None
    return ViUtils


def _pyvi_restore(utils, lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        try:
            restored = utils.add_accents(line) if line.strip() else line
        except (KeyError, IndexError, ValueError):  # pyvi fails on characters it never saw
            restored = line
        out.append(restored if isinstance(restored, str) else line)
    return out


def normalize_text(text: str, *, mode: str = "auto", overlays: tuple[str, ...] = (),
                   engine: str = "builtin") -> NormalizeResult:
    """Clean Unicode; restore diacritics when `mode` says so ("auto": only if damage is high,
    else mend OCR slips only)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    utils = _pyvi() if engine == "pyvi" else None  # fail before any work, not halfway
    lines = text.split("\n")
    changes: list[Change] = []
    cleaned = []
    for n, line in enumerate(lines):
        new = unicode_clean(line)
        if new != line:
            changes += _word_changes(n, line, new, "unicode")
        cleaned.append(new)
    if mode == "never":
        return NormalizeResult("\n".join(cleaned), changes)

    from .restore import restorer  # the model loads only when restoration may happen

    builtin = restorer(tuple(overlays))
    damage = builtin.damage(cleaned)
    threshold = builtin.rules.get("damage", {}).get("threshold", 0.3)
    if mode == "auto" and damage < threshold:  # typed, or read by OCR that knows Vietnamese
        mended, edits = builtin.mend(cleaned)
        return NormalizeResult("\n".join(mended), changes, damage, False, edits)
    if utils is not None:
        restored = _pyvi_restore(utils, cleaned)
        for n, (a, b) in enumerate(zip(cleaned, restored)):
            if a != b:
                changes += _word_changes(n, a, b, "channel+lm")
        return NormalizeResult("\n".join(restored), changes, damage, True)
    restored, edits = builtin.restore(cleaned)
    return NormalizeResult("\n".join(restored), changes, damage, True, edits)
