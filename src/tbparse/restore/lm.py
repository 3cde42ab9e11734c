"""Syllable trigram model (interpolated absolute discounting, Kneser–Ney unigrams), stored as
sorted integer keys in one zlib file.

Why this shape: a dict of a million n-grams takes seconds to build at import time, while
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
MAGIC = b"TBLM3"
BOS, OTHER = "<s>", "<o>"  # segment boundary; any other non-syllable token (foreign word, junk)
NUM, ABBR = "<num>", "<abbr>"  # numbers and dates; upper-case abbreviations and codes (TTTT)
SPECIAL = (BOS, OTHER, NUM, ABBR)
QSTEP = 0.04  # log10 quantisation step of the stored scores
FLOOR = -9.0  # log10 score of a syllable the model has never seen

_EDGE = "\"'“”‘’()[]{}*#…«»"
_BREAK = re.compile(r"[.;:!?,()\[\]]")


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
    if core[:1].isdigit():
        return NUM
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
    """Read-only trigram scores: `score(u, v, w)` = log10 P(w | u v).

    Stored: log10 P for every kept n-gram, and per context the log10 weight γ that the
    lower order gets when the n-gram is missing (P(w|uv) = γ(uv) P(w|v)).
    """

    def __init__(self, vocab: list[str], uni: array, uni_gamma: array, bi_keys: array,
                 bi_vals: array, bi_gamma: array, tri_keys: array, tri_vals: array,
                 title: array):
        self.vocab = vocab
        self.ids = {w: i for i, w in enumerate(vocab)}
        self.size = len(vocab)
        self.uni, self.uni_gamma = uni, uni_gamma
        self.bi_keys, self.bi_vals, self.bi_gamma = bi_keys, bi_vals, bi_gamma
        self.tri_keys, self.tri_vals = tri_keys, tri_vals
        self.title = title  # per word: share of its mid-sentence uses that are capitalised, /255

    def case_score(self, w: int, case: int) -> float:
        """log10 P(case | word) for a word inside a sentence."""
        if w < 0 or not case:
            return 0.0
        share = (self.title[w] + 0.5) / 256
        return math.log10(share if case == TITLE else 1 - share)

    def id(self, word: str) -> int:
        return self.ids.get(word, -1)

    @staticmethod
    def _index(keys: array, key: int) -> int:
        i = bisect_left(keys, key)
        return i if i < len(keys) and keys[i] == key else -1

    def score_ids(self, u: int, v: int, w: int) -> float:
        """log10 P(w | u v); -1 ids mean unknown (an unknown w scores FLOOR)."""
        if w < 0:
            return FLOOR
        size = self.size
        gamma = 0.0
        if u >= 0 and v >= 0:
            ctx = self._index(self.bi_keys, u * size + v)
            if ctx >= 0:
                i = self._index(self.tri_keys, (u * size + v) * size + w)
                if i >= 0:
                    return -self.tri_vals[i] * QSTEP
                gamma = -self.bi_gamma[ctx] * QSTEP
        if v >= 0:
            i = self._index(self.bi_keys, v * size + w)
            if i >= 0:
                return gamma - self.bi_vals[i] * QSTEP
            gamma -= self.uni_gamma[v] * QSTEP
        return gamma - self.uni[w] * QSTEP

    def score(self, u: str, v: str, w: str) -> float:
        return self.score_ids(self.id(u), self.id(v), self.id(w))

    def knows(self, word: str) -> bool:
        return word in self.ids


def save(path: Path, vocab: list[str], *arrays: array) -> None:
    blobs = ["\n".join(vocab).encode("utf-8")] + [a.tobytes() for a in arrays]
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
    vocab = bytes(blobs[0]).decode("utf-8").split("\n")
    arrays = []
    for blob, code in zip(blobs[1:], "BBQBBQBB"):
        arr = array(code)
        arr.frombytes(blob)
        arrays.append(arr)
    return Model(vocab, *arrays)
