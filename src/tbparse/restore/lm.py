"""Syllable n-gram model (interpolated absolute discounting, Kneser–Ney unigrams), stored as
sorted integer keys in one zlib file.

Why this shape: a dict of millions of n-grams takes seconds to build at import time, while
`array.frombytes` of sorted packed keys loads in milliseconds and `bisect` finds a key in ~20
probes, so the CLI starts fast and the package stays small (no numpy).
"""
from __future__ import annotations

import math
import re
import struct
import zlib
from array import array
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

from .syllables import canonical, is_valid

MODEL_PATH = Path(__file__).parent / "data" / "lm.bin"
MAGIC = b"TBLM5"
BOS, OTHER = "<s>", "<o>"  # segment boundary; any other non-syllable token (foreign word, junk)
NUM, ABBR = "<num>", "<abbr>"  # numbers and dates; upper-case abbreviations and codes (TTTT)
SPECIAL = (BOS, OTHER, NUM, ABBR)
QSTEP = 0.04  # log10 quantisation step of the stored scores
FLOOR = -9.0  # log10 score of a syllable the model has never seen

_EDGE = "\"'“”‘’()[]{}*#…«»"
_BREAK = re.compile(r"[.;:!?,()\[\]]")
_ROMAN = re.compile(r"[IVX]+")


LOWER, TITLE = 1, 2  # case of a word inside a sentence (0: unknown, e.g. first word, CAPS)


def case_of(word: str) -> int:
    if word.islower():
        return LOWER
    if word[:1].isupper() and (len(word) == 1 or word[1:].islower()):
        return TITLE
    return 0


def symbol(core: str) -> str:
    """The LM symbol of a token without its edge punctuation."""
    if is_valid(core):
        return canonical(core)
    if core[:1].isdigit() or _ROMAN.fullmatch(core):
        return NUM  # 2022, 1/2022, and Roman numerals: quý I, Chương IV
    if len(core) >= 2 and core.isupper():
        return ABBR
    return OTHER


def segment_words(text: str) -> list[tuple[str, int]]:
    """Corpus text → (LM symbol, case) pairs: canonical syllables, <o> for other tokens, <s> at
    punctuation; case is known only inside a sentence (a capital there marks a name)."""
    out: list[tuple[str, int]] = []
    for raw in text.split():
        if _BREAK.match(raw):
            out.append((BOS, 0))
        core = raw.strip(_EDGE + ".,;:!?-–—/")
        if core:
            inside = bool(out) and out[-1][0] != BOS
            sym = symbol(core)
            out.append((sym, case_of(core) if inside and sym not in SPECIAL else 0))
        if _BREAK.search(raw[-1:] or ""):
            out.append((BOS, 0))
    return out


def quantise(logp: float) -> int:
    return max(0, min(255, int(round(-logp / QSTEP))))


class Model:
    """Read-only n-gram scores: `score_ids(history, w)` = log10 P(w | history).

    Per order n ≥ 2: sorted packed keys of the kept n-grams, their one-byte log10 P, and per
    n-gram the log10 weight γ its continuations give the lower order when they are missing
    (P(w | h) = γ(h) P(w | shorter h)). Order 1 has no keys: arrays are indexed by word id.
    """

    def __init__(self, vocab: list[str], levels: list[tuple[array | None, array, array]],
                 title: array):
        self.vocab = vocab
        self.ids = {w: i for i, w in enumerate(vocab)}
        self.size = len(vocab)
        self.order = len(levels)
        self.levels = levels
        self.uni = levels[0][1]
        self.title = title  # per word: share of its mid-sentence uses that are capitalised, /255
        self.abbreviations: dict[str, str] = {}  # QD → QĐ: how the corpus spells an abbreviation
        self._contexts: dict[tuple[int, ...], tuple] = {}  # history → where its n-grams lie
        shares = [(t + 0.5) / 256 for t in title]
        # per case (0 unknown, LOWER, TITLE), per word: log10 P(case | word), computed once
        self._case = ([0.0] * len(shares), [math.log10(1 - s) for s in shares],
                      [math.log10(s) for s in shares])

    def case_scores(self, case: int) -> list[float]:
        """log10 P(case | word) inside a sentence, by word id (case 0: unknown, all 0)."""
        return self._case[case]

    def id(self, word: str) -> int:
        return self.ids.get(word, -1)

    def _context(self, ctx: tuple[int, ...]) -> tuple[int, int, int, float | None]:
        """(key base, first, end) of the n-grams continuing `ctx`, and its back-off log10 γ
        (None if the context itself was never kept).

        Found once per context: its continuations are one sorted run of keys, so each later
        look-up bisects a handful of keys instead of a million, or none when the run is empty.
        """
        info = self._contexts.get(ctx)
        if info is None:
            if len(self._contexts) > 500_000:
                self._contexts.clear()
            size, n = self.size, len(ctx)
            key = 0
            for x in ctx:
                key = key * size + x
            keys = self.levels[n][0]
            first = bisect_left(keys, key * size)
            end = bisect_left(keys, key * size + size, first)
            if n == 1:
                gamma = -self.levels[0][2][key] * QSTEP
            else:
                outer = self.levels[n - 1][0]
                at = bisect_left(outer, key)
                found = at < len(outer) and outer[at] == key
                gamma = -self.levels[n - 1][2][at] * QSTEP if found else None
            info = self._contexts[ctx] = (key * size, first, end, gamma)
        return info

    def score_ids(self, history: tuple[int, ...], w: int) -> float:
        """log10 P(w | history); ids of -1 are unknown words (an unknown w scores FLOOR)."""
        if w < 0:
            return FLOOR
        gamma = 0.0
        for n in range(min(len(history), self.order - 1), 0, -1):
            ctx = history[-n:]
            if min(ctx) < 0:
                continue
            base, first, end, weight = self._context(ctx)
            if first < end:
                keys = self.levels[n][0]
                i = bisect_left(keys, base + w, first, end)
                if i < end and keys[i] == base + w:
                    return gamma - self.levels[n][1][i] * QSTEP
            if weight is not None:  # an unseen context hands all its mass down
                gamma += weight
        return gamma - self.uni[w] * QSTEP

    def score(self, *words: str) -> float:
        return self.score_ids(tuple(self.id(x) for x in words[:-1]), self.id(words[-1]))

    def knows(self, word: str) -> bool:
        return word in self.ids


def save(path: Path, vocab: list[str], levels: list[tuple[array | None, array, array]],
         title: array, abbreviations: dict[str, str]) -> None:
    blobs = ["\n".join(vocab).encode("utf-8"), struct.pack("<I", len(levels))]
    for keys, vals, gammas in levels:
        blobs += [b"" if keys is None else keys.tobytes(), vals.tobytes(), gammas.tobytes()]
    blobs.append(title.tobytes())
    blobs.append("\n".join(f"{k}\t{v}" for k, v in sorted(abbreviations.items())).encode("utf-8"))
    body = b"".join(struct.pack("<I", len(b)) + b for b in blobs)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(MAGIC + zlib.compress(body, 9))


@lru_cache(maxsize=2)
def load(path: Path = MODEL_PATH) -> Model:
    """Load the shipped model once per process."""
    data = path.read_bytes()
    if not data.startswith(MAGIC):
        raise ValueError(f"{path}: not a tbparse language model")
    body = memoryview(zlib.decompress(data[len(MAGIC):]))
    blobs, pos = [], 0
    while pos < len(body):
        (n,) = struct.unpack_from("<I", body, pos)
        blobs.append(body[pos + 4: pos + 4 + n])
        pos += 4 + n

    def arr(code: str, blob) -> array:
        out = array(code)
        out.frombytes(blob)
        return out

    vocab = bytes(blobs[0]).decode("utf-8").split("\n")
    (order,) = struct.unpack("<I", blobs[1])
    levels = []
    for n in range(order):
        keys, vals, gammas = blobs[2 + 3 * n: 5 + 3 * n]
        levels.append((arr("Q", keys) if n else None, arr("B", vals), arr("B", gammas)))
    model = Model(vocab, levels, arr("B", blobs[2 + 3 * order]))
    pairs = bytes(blobs[3 + 3 * order]).decode("utf-8")
    model.abbreviations = dict(line.split("\t") for line in pairs.split("\n") if line)
    return model
