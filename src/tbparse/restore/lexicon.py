"""Known multi-syllable names and phrases, matched on accent-folded words before the LM decides.

Agency names, titles and set phrases are where a wrong but plausible syllable hurts most
("Cục Tin học hóa" must not become "Cục tin học hoa"), and they are exactly what a list knows.
A match makes the phrase's syllables cheaper rather than forcing them, so the language model
can still prefer another reading ("thị trường" where "Thứ trưởng" also fits the letters).
In a phrase, an upper-case word (UBND) must appear as written, `*` stands for any
abbreviation ("Sở *" matches "So TTTT") and `@` for a capitalised word ("Thứ trưởng @").
"""
from __future__ import annotations

import re
from functools import cached_property, lru_cache

from rapidfuzz.distance import Levenshtein

from .syllables import canonical, fold, is_valid

_WORD = re.compile(r"[\w*&@]+")
_GAP = re.compile(r"(?<=[\w*&@])[^\w*&@]+(?=[\w*&@])")
ANY_ABBR = "*"
ANY_NAME = "@"


def _one_dropped(word: str) -> set[str]:
    """The word and each form of it one letter short: two words one edit apart share one."""
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


def _is_abbr(text: str) -> bool:
    return len(text) >= 2 and text.isupper() and not is_valid(text)


class Lexicon:
    """The phrases of rules/lexicon.toml indexed by their folded first word, and name syllables."""

    def __init__(self, rules: dict):
        conf = rules.get("lexicon", {})
        self.min_ratio = conf.get("min_ratio", 85) / 100
        self.slack = conf.get("slack", 2.0)
        self.bonus = conf.get("bonus", 2.0)
        min_len = conf.get("min_syllables", 2)
        variants: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        punctuated: dict[tuple[str, ...], set[int]] = {}  # gaps some variant writes with a mark
        self.titled: set[tuple[str, ...]] = set()  # keys written with a capital past the first word
        proper: set[tuple[str, ...]] = set()
        common: set[tuple[str, ...]] = set()
        # names whose words are no standard syllable ("Đắk Lắk", "Krông Pắc"): the LM cannot spell
        # them, so they are restored as written when their letters match exactly; so are formulas
        self.spelt: dict[tuple[str, ...], tuple[str, ...]] = {}
        self.spelt_first: set[str] = set()  # their first words, folded: most words start none
        for name, group in rules.get("phrases", {}).items():
            for phrase in group:
                words = tuple(_WORD.findall(phrase))
                if len(words) >= min_len and all(w.isalpha() for w in words) and (name == "formulas" or any(
                        not is_valid(w) and not _is_abbr(w) for w in words)):
                    self.spelt[tuple(fold(w) for w in words)] = words
                    self.spelt_first.add(fold(words[0]))
                    continue
                if len(words) < min_len or not all(
                        is_valid(w) or w in (ANY_ABBR, ANY_NAME) or _is_abbr(w) for w in words):
                    continue
                key = tuple(fold(w) if is_valid(w) else w for w in words)
                gaps = [m.group() for m in _GAP.finditer(phrase.strip())]
                punctuated.setdefault(key, set()).update(g for g, gap in enumerate(gaps) if gap.strip())
                variants.setdefault(key, set()).add(
                    tuple(canonical(w) if is_valid(w) else "" for w in words))
                if words[0][:1].isupper() and is_valid(words[0]):
                    self.titled.add(key)
                if all(w[:1].isupper() and is_valid(w) for w in words):
                    proper.add(key)
                else:
                    common.add(key)
        self.variants = variants
        # names written in capitals throughout (Tương Dương, Vân Đồn) are read only where the text
        # capitalises them too: in lower case those letters are words ("tương đương", "vận đơn")
        self.proper = proper - common
        # per phrase and gap between its words: True where no variant puts a mark there
        self.plain = {key: tuple(g not in punctuated[key] for g in range(len(key) - 1)) for key in variants}
        # per phrase: which words are syllables to restore, and the syllables each may become
        self.slots = {key: [i for i, k in enumerate(key) if k not in (ANY_ABBR, ANY_NAME)
                            and not k.isupper()] for key in variants}
        self.choices = {key: [frozenset(v[i] for v in vs) for i in range(len(key))]
                        for key, vs in variants.items()}
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for key in sorted(variants, key=len, reverse=True):  # longest phrase first
            self.by_first.setdefault(key[0], []).append(key)
        self.heads = set(self.by_first)  # first words of phrases, to intersect with a word's readings
        # phrases that fit only when their second word is among that word's readings (no miss
        # allowed), by (first, second) word; the others by first word: most look-ups skip most
        self.by_pair: dict[tuple[str, str], list[tuple[int, tuple[str, ...]]]] = {}
        self.loose: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for head, keys in self.by_first.items():
            for order, key in enumerate(keys):
                if len(self.slots[key]) < 3 and 1 in self.slots[key]:
                    self.by_pair.setdefault((head, key[1]), []).append((order, key))
                else:
                    self.loose.setdefault(head, []).append((order, key))
        # a scan garbles a long name's first word too ("by ban nhân dân"): first words of phrases of
        # three words or more, by each form with one letter dropped, found from the word as read
        # (indexed by the phrase's second word, which must be read right: most words have none)
        self.near_heads: dict[str, dict[str, set[str]]] = {}
        for head, keys in self.by_first.items():
            for key in keys:
                if head.isalpha() and len(key) >= 3:
                    table = self.near_heads.setdefault(key[1], {})
                    for form in _one_dropped(head):
                        table.setdefault(form, set()).add(head)
        self.phrases_at = lru_cache(maxsize=100_000)(self._phrases)
        names = rules.get("names", {})
        self.names = {canonical(w) for group in names.values() for w in group if is_valid(w)}
        self.surnames = {canonical(w) for w in names.get("surnames", ()) if is_valid(w)}
        self.middles = {canonical(w) for w in names.get("middle", ()) if is_valid(w)}

    @cached_property
    def _spelt_by_letter(self) -> dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]:
        """The names spelt outside the syllable system, by first letter: a misread word may open one."""
        by_letter: dict[str, list] = {}
        for name_key, words in self.spelt.items():
            by_letter.setdefault(name_key[0][:1], []).append((name_key, words))
        return by_letter

    @cached_property
    def spelt_letters(self) -> frozenset[str]:
        return frozenset(self._spelt_by_letter)

    def spelt_at(self, keys: list[str], start: int) -> tuple[str, ...] | None:
        """A name spelt outside the syllable system whose folded letters start at `start`, or, for
        a name of eight letters or more, all but one of them (a scan's "Kréng Nang": Krông Năng)."""
        near = None
        for name_key, words in self._spelt_by_letter.get(keys[start][:1], ()):
            seen = tuple(keys[start:start + len(name_key)])
            if seen == name_key:
                return words
            if (near is None and len(seen) == len(name_key) and sum(map(len, name_key)) >= 8
                    and abs(sum(map(len, seen)) - sum(map(len, name_key))) <= 1
                    and Levenshtein.distance(" ".join(seen), " ".join(name_key), score_cutoff=1) <= 1
                    and all(a == b or not is_valid(a) for a, b in zip(seen, name_key))):  # not "chú trọng": Chư Prông
                near = words
        return near

    def _phrases(self, firsts: frozenset[str], seconds: frozenset[str], text: str, key: str) -> tuple[tuple, tuple]:
        """Phrases that may open at a word, in the order they are tried: the word's own reading's
        first, then the other readings', each longest first (the first found wins a tie); and
        those to try when none of them fits.

        Looked up per (readings of this word, readings of the next, letters): a document repeats
        those far more often than its phrases, so most positions cost one cache hit.
        """
        heads = sorted(firsts & self.heads, key=lambda h: (h != key, h))
        if text in self.by_first and text not in firsts:
            heads.append(text)
        if ANY_ABBR in self.by_first and _is_abbr(text):
            heads.append(ANY_ABBR)
        found = []
        for head in heads:
            candidates = self.loose.get(head, []) + [c for second in seconds for c in self.by_pair.get((head, second), ())]
            found += [phrase for _, phrase in sorted(candidates)]
        # tried when none of those fits: a garbled first word of a long name ("by ban nhân dân")
        near = [phrase for head in self._near(key, seconds) for phrase in self.by_first[head] if len(phrase) >= 3]
        return tuple(found), tuple(near)

    def _near(self, first: str, seconds: frozenset[str]) -> list[str]:
        """First words one letter off `first` of long phrases whose second word is among `seconds`."""
        found, dropped = set(), None
        for second in seconds:
            if table := self.near_heads.get(second):
                dropped = dropped or _one_dropped(first)
                found.update(h for form in dropped for h in table.get(form, ()))
        return sorted(found)

    def _fits(self, key: tuple[str, ...], texts: list[str], keys: list[str],
              firsts: list[frozenset[str]], start: int) -> bool:
        syl = self.slots[key]
        misses, allowed = 0, len(syl) // 3  # most words must be plausible readings on their own
        for i in syl:
            if key[i] not in firsts[start + i]:
                misses += 1
                if misses > allowed or i == len(key) - 1 and len(key[i]) <= 2 and keys[start + i][:1] != key[i][:1]:
                    return False  # a short last word read otherwise is another name ("Văn phòng Sở", not Bộ)
        for i in range(len(key)):
            text = texts[start + i]
            if i not in syl and not (text == key[i] or (key[i] == ANY_ABBR and _is_abbr(text))
                                     or (key[i] == ANY_NAME and text[:1].isupper()
                                         and not text.isupper())):
                return False
        # the rest close in letters
        seen = " ".join(key[i] if key[i] in firsts[start + i] else keys[start + i] for i in syl)
        # a long set phrase with two words in three read right is itself already ("D6c lap - ay do - Hanh pine")
        least = self.min_ratio - (0.1 if len(syl) >= 5 else 0.0)
        return Levenshtein.normalized_similarity(seen, " ".join(key[i] for i in syl)) >= least

    def match(self, texts: list[str], keys: list[str], firsts: list[frozenset[str]],
              start: int) -> tuple[int, list[frozenset[str]], bool, tuple[bool, ...]] | None:
        """Longest phrase starting at `start`: (length, syllable choices per word, whether the
        phrase is a capitalised name or title, which gaps between its words are bare), or None.

        texts: the words as read; keys: their folded guesses; firsts: folded keys of each
        word's plausible readings. A choice set {""} means: leave that word alone.
        """
        seconds = firsts[start + 1] if start + 1 < len(firsts) else frozenset()
        opening, near = self.phrases_at(firsts[start], seconds, texts[start], keys[start])
        return (opening and self._longest(opening, texts, keys, firsts, start)
                or near and self._longest(near, texts, keys, firsts, start) or None)

    def _longest(self, phrases: tuple, texts: list[str], keys: list[str], firsts: list[frozenset[str]],
                 start: int) -> tuple[int, list[frozenset[str]], bool, tuple[bool, ...]] | None:
        best = None
        for key in phrases:
            n = len(key)
            if start + n > len(keys) or (best and n <= best[0]):
                continue
            if key in self.proper and not all(t[:1].isupper() for t in texts[start:start + n]):
                continue
            if self._fits(key, texts, keys, firsts, start):
                best = (n, self.choices[key], key in self.titled, self.plain[key])
        return best
