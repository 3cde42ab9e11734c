"""Syllable trigram model with stupid backoff, stored as sorted integer keys in one zlib file.

Why this shape: a dict of a million n-grams takes seconds to build at import time, while
`array.frombytes` of sorted packed keys loads in milliseconds and `bisect` finds a key in ~20
probes, so the CLI starts fast and the package stays small (no numpy).
"""
from __future__ import annotations

import re
import struct
import zlib
from array import array
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path

from .syllables import canonical, is_valid

MODEL_PATH = Path(__file__).parent / "data" / "lm.bin"
MAGIC = b"TBLM1"
BOS, OTHER = "<s>", "<o>"  # segment boundary; any non-syllable token (number, code, foreign word)
BACKOFF = 0.4  # stupid-backoff penalty per order dropped (Brants et al. 2007)
QSTEP = 0.04  # log10 quantisation step of the stored scores
FLOOR = -9.0  # log10 score of a syllable the model has never seen

_EDGE = "\"'“”‘’()[]{}*#…«»"
_BREAK = re.compile(r"[.;:!?,()\[\]]")


def segment_words(text: str) -> list[str]:
    """Corpus text → LM symbols: canonical syllables, <o> for other tokens, <s> at punctuation."""
    out: list[str] = []
    for raw in text.split():
        if _BREAK.match(raw):
            out.append(BOS)
        core = raw.strip(_EDGE + ".,;:!?-–—/")
        if core:
            out.append(canonical(core) if is_valid(core) else OTHER)
        if _BREAK.search(raw[-1:] or "") or raw.endswith(("),", ").", ":")):
            out.append(BOS)
    return out


def quantise(logp: float) -> int:
    return max(0, min(255, int(round(-logp / QSTEP))))


class Model:
    """Read-only trigram scores: `score(u, v, w)` = log10 S(w | u v)."""

    def __init__(self, vocab: list[str], uni: array, bi_keys: array, bi_vals: array,
                 tri_keys: array, tri_vals: array):
        self.vocab = vocab
        self.ids = {w: i for i, w in enumerate(vocab)}
        self.size = len(vocab)
        self.uni, self.bi_keys, self.bi_vals = uni, bi_keys, bi_vals
        self.tri_keys, self.tri_vals = tri_keys, tri_vals

    def id(self, word: str) -> int:
        return self.ids.get(word, -1)

    def _find(self, keys: array, vals: array, key: int) -> int:
        i = bisect_left(keys, key)
        return vals[i] if i < len(keys) and keys[i] == key else -1

    def score_ids(self, u: int, v: int, w: int) -> float:
        """log10 stupid-backoff score of w after (u, v); unknown ids score FLOOR."""
        if w < 0:
            return FLOOR
        size = self.size
        if u >= 0 and v >= 0:
            q = self._find(self.tri_keys, self.tri_vals, (u * size + v) * size + w)
            if q >= 0:
                return -q * QSTEP
        penalty = 0.0 if u < 0 or v < 0 else _LOG_BACKOFF
        if v >= 0:
            q = self._find(self.bi_keys, self.bi_vals, v * size + w)
            if q >= 0:
                return penalty - q * QSTEP
            penalty += _LOG_BACKOFF
        return penalty - self.uni[w] * QSTEP

    def score(self, u: str, v: str, w: str) -> float:
        return self.score_ids(self.id(u), self.id(v), self.id(w))

    def knows(self, word: str) -> bool:
        return word in self.ids


_LOG_BACKOFF = -0.39794  # log10(0.4)


def save(path: Path, vocab: list[str], uni: array, bi_keys: array, bi_vals: array,
         tri_keys: array, tri_vals: array) -> None:
    blobs = ["\n".join(vocab).encode("utf-8"), uni.tobytes(), bi_keys.tobytes(), bi_vals.tobytes(),
             tri_keys.tobytes(), tri_vals.tobytes()]
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
    for blob, code in zip(blobs[1:], "BQBQB"):
        arr = array(code)
        arr.frombytes(blob)
        arrays.append(arr)
    return Model(vocab, *arrays)
