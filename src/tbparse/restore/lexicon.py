"""Known multi-syllable names and phrases, matched on accent-folded words before the LM decides.

Agency names, titles and set phrases are where a wrong but plausible syllable hurts most
("Cục Tin học hóa" must not become "Cục tin học hoa"), and they are exactly what a list knows.
Phrases that fold to the same letters ("Thứ trưởng" / "Thủ trưởng") are kept together and the
language model chooses between them.
"""
from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from .syllables import canonical, fold, is_valid

_WORD = re.compile(r"\w+")


class Lexicon:
    def __init__(self, rules: dict):
        conf = rules.get("lexicon", {})
        self.min_ratio = conf.get("min_ratio", 88) / 100
        self.slack = conf.get("slack", 2.0)
        min_len = conf.get("min_syllables", 2)
        variants: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        for group in rules.get("phrases", {}).values():
            for phrase in group:
                words = tuple(_WORD.findall(phrase))
                if len(words) < min_len or not all(is_valid(w) for w in words):
                    continue
                variants.setdefault(tuple(fold(w) for w in words), set()).add(
                    tuple(canonical(w) for w in words))
        self.variants = variants
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for key in sorted(variants, key=len, reverse=True):  # longest phrase first
            self.by_first.setdefault(key[0], []).append(key)

    def match(self, keys: list[str], firsts: list[set[str]], start: int) -> tuple[int, list[set[str]]] | None:
        """Longest phrase starting at `start`: (length, syllable choices per word), or None.

        keys: folded guesses of the words; firsts: folded keys of each word's plausible readings.
        """
        best = None
        for first in firsts[start]:
            for key in self.by_first.get(first, ()):
                n = len(key)
                if start + n > len(keys) or (best and n <= best[0]):
                    continue
                seen = " ".join(keys[start:start + n])
                if Levenshtein.normalized_similarity(seen, " ".join(key)) < self.min_ratio:
                    continue
                if sum(key[i] not in firsts[start + i] for i in range(n)) > n // 3:
                    continue  # most words must be plausible readings on their own
                choices = [set() for _ in range(n)]
                for variant in self.variants[key]:
                    for i, syl in enumerate(variant):
                        choices[i].add(syl)
                best = (n, choices)
        return best
