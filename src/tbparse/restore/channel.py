"""Noisy channel: how likely an OCR engine (or an accent stripper) turned a syllable into a token.

P(seen | clean) is a character alignment scored with the confusion table of rules/ocr.toml
(learned from Tesseract output aligned with its source, see scripts/build_lm.py), mixed with a
plain "marks dropped" channel, because accent-stripped text and OCR text damage differently and
one document is usually all one kind.
"""
from __future__ import annotations

import math
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .speedups import align as compiled_align
from .syllables import decompose, fold

FLOOR = 1e-4


class Channel:
    """Scores candidate syllables for a damaged token and proposes the likely ones."""

    def __init__(self, rules: dict, inventory: dict[str, float], strip_share: float,
                 compiled: bool = True):
        """inventory: known syllables with their log10 unigram probability (to rank proposals)."""
        conf = rules.get("channel", {})
        self.lookalike: dict[str, str] = rules.get("lookalike", {})
        self.strip_share = strip_share
        self.max_edits = rules.get("candidates", {}).get("max_edits", 2)
        self.keep = rules.get("candidates", {}).get("keep", 12)
        self.spread = rules.get("candidates", {}).get("spread", 4.0)
        self.identity = conf.get("identity", 0.3)
        self.lookalike_p = 10 ** conf.get("lookalike", -2.0)
        sub = conf.get("sub", {})
        self.ins = {k: 10 ** v for k, v in conf.get("insert", {}).items()}
        # a letter OCR reads as two characters (ừ → "ir"): -log10 P, never from stripping
        splits = {clean: dict(row) for clean, row in conf.get("split", {}).items()}
        for clean, row in rules.get("split", {}).items():  # hand-kept pairs beyond the learned table
            splits.setdefault(clean, {}).update(row)
        self._splits: dict[str, dict[str, float]] = {
            clean: {two: -math.log10((1 - strip_share) * 10 ** lp) for two, lp in row.items()}
            for clean, row in splits.items() if strip_share < 1}
        self._joins: dict[str, set[str]] = {}  # two characters → the letters they may be, folded
        for clean, row in self._splits.items():
            for two in row:
                self._joins.setdefault(two, set()).add(fold(clean))
        self.ins_floor = 10 ** conf.get("insert_floor", -4.0)
        self.sub: dict[str, dict[str, float]] = {}
        for clean, row in sub.items():
            self.sub[clean] = {seen: 10 ** lp for seen, lp in row.items()}
        self.by_key: dict[str, list[str]] = {}
        for syl in inventory:
            self.by_key.setdefault(fold(syl), []).append(syl)
        self.keys = list(self.by_key)
        self.prior = inventory
        self._rows: dict[str, dict[str, float]] = {}
        self._ins_cost: dict[str, float] = {}
        self._extras = lru_cache(maxsize=50_000)(self._insert_costs)
        self._align_all = self._align_compiled if compiled and compiled_align else self._align_each
        self._cost = lru_cache(maxsize=200_000)(self._align_pair)
        self.candidates = lru_cache(maxsize=50_000)(self._candidates)

    def _p(self, clean: str, seen: str) -> float:
        """P(seen | clean) for one letter, seen '' meaning the letter was lost."""
        ocr = self.sub.get(clean)
        if ocr is None:
            ocr = self.sub.get(decompose(clean)[0], {})
        p = ocr.get(seen, 0.0)
        if seen == clean:
            p = max(p, self.identity)
        elif self.lookalike.get(seen) == fold(clean):  # "$" for s: known even where never seen
            p = max(p, self.lookalike_p)
        strip = 1.0 if seen in (fold(clean), clean) else 0.0  # marks dropped, or a letter kept
        return (1 - self.strip_share) * max(p, FLOOR) + self.strip_share * strip

    def _p_insert(self, seen: str) -> float:
        """P(an extra character): only OCR adds letters, stripping never does."""
        return (1 - self.strip_share) * self.ins.get(seen, self.ins_floor) + self.strip_share * FLOOR ** 2

    def _row(self, clean: str) -> dict[str, float]:
        """-log10 P(seen | clean) for one clean letter, filled in as seen letters turn up."""
        row = self._rows.get(clean)
        if row is None:
            row = self._rows[clean] = {"": -math.log10(self._p(clean, ""))}
        return row

    def _fill(self, clean: str, seen: str) -> float:
        """-log10 P(seen | clean) for one letter, remembered in its row."""
        row = self._row(clean)
        cost = row.get(seen)
        if cost is None:
            cost = row[seen] = -math.log10(self._p(clean, seen))
        return cost

    def _insert_costs(self, seen: str) -> list[float]:
        """-log10 P(inserted) for each character of a token (the same for all its candidates)."""
        ins = self._ins_cost
        for s in seen:
            if s not in ins:
                ins[s] = -math.log10(self._p_insert(s))
        return [ins[s] for s in seen]

    def _align_compiled(self, cleans: list[str], seen: str) -> list[float]:
        return compiled_align(cleans, seen, self._rows, self._splits, self._extras(seen), self._fill)

    def _align_pair(self, clean: str, seen: str) -> float:
        return self._align_all([clean], seen)[0]

    def _align_each(self, cleans: list[str], seen: str) -> list[float]:
        return [self._align(clean, seen) for clean in cleans]

    def _align(self, clean: str, seen: str) -> float:
        """-log10 P(seen | clean): cheapest letter alignment (substitute, lose, insert, split).

        Runs for every candidate of every new token, so the three-way minimum is spelt out.
        """
        extra = self._extras(seen)
        prev = [0.0]
        for x in extra:
            prev.append(prev[-1] + x)
        rows, splits = self._rows, self._splits
        for c in clean:
            row = rows.get(c) or self._row(c)
            pairs = splits.get(c)
            lose = row[""]
            diag = prev[0]
            left = diag + lose
            cur = [left]
            for j, s in enumerate(seen):
                sub = row.get(s)
                if sub is None:
                    sub = self._fill(c, s)
                up = prev[j + 1]
                best = diag + sub
                if up + lose < best:
                    best = up + lose
                if left + extra[j] < best:
                    best = left + extra[j]
                if pairs and j:
                    two = pairs.get(seen[j - 1:j + 1])
                    if two is not None and prev[j - 1] + two < best:
                        best = prev[j - 1] + two
                cur.append(best)
                diag, left = up, best
            prev = cur
        return prev[-1]

    def cost(self, clean: str, seen: str) -> float:
        return self._cost(clean, seen)

    def guess_key(self, seen: str) -> str:
        """Fold a token, reading look-alike characters as the letters they usually are."""
        return fold("".join(self.lookalike.get(ch, ch) for ch in seen))

    def _candidates(self, seen: str) -> tuple[tuple[str, float], ...]:
        """Likely clean syllables for a lower-case token, best first, as (syllable, -log10 P)."""
        key = self.guess_key(seen)
        keys = {fold(seen)}
        if self.strip_share < 0.9:  # a stripper never changes letters: only OCR calls for a search
            edits = 1 if len(key) <= 3 else self.max_edits
            keys.update(k for k, _, _ in process.extract(key, self.keys, scorer=Levenshtein.distance,
                                                         score_cutoff=edits, limit=None))
            for two, letters in self._joins.items():  # "tir": from "từ", further than edits reach
                if two in seen:
                    joined = {self.guess_key(seen.replace(two, letter, 1)) for letter in letters}
                    keys.update(joined)
                    if key not in self.by_key:  # trvdéng: a split letter and another misread
                        keys.update(k for one in joined for k, _, _ in process.extract(
                            one, self.keys, scorer=Levenshtein.distance, score_cutoff=1, limit=None))
        syllables = [syl for k in keys for syl in self.by_key.get(k, ())]
        if not syllables:
            return ()
        scored = list(zip(self._align_all(syllables, seen), syllables))
        best = min(c for c, _ in scored)
        # rank by P(seen | syl) P(syl) so the common readings survive the cut
        ranked = sorted((c - self.prior[syl], c, syl) for c, syl in scored if c <= best + self.spread)
        # OCR may have changed letters, so a few readings must do; a stripper kept them all, and
        # each syllable they spell stays possible however rare (dan: đắn, past a dozen commoner ones)
        kept = [(syl, c) for _, c, syl in (ranked[: self.keep] if self.strip_share < 0.9 else ranked)]
        if "o" in key and self.strip_share < 0.9:  # "khan trong": the ư of ươ lost (trương), past the cut
            known = {syl for syl, _ in kept}
            horned = [syl for k in {key.replace("o", "uo", 1)} for syl in self.by_key.get(k, ()) if syl not in known]
            kept += [(syl, c) for c, syl in zip(self._align_all(horned, seen), horned) if c <= best + self.spread]
        return tuple(kept)
