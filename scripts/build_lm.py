#!/usr/bin/env python3
"""Rebuild the restorer's shipped syllable n-gram model from the dev corpus.

usage: python scripts/build_lm.py [--corpus ../shared/corpus/vi-admin.txt]
                                  [--out src/tbparse/restore/data/lm.bin] [--order 3]
                                  [--min-count 1,1,1,2]
                                  [--ocr ../shared/ocr] [--rules rules/ocr.toml]
Counts canonical syllables (tone placed the 'hóa' way, like the restorer's input), keeps the
n-grams seen at least --min-count times, and stores interpolated log10 probabilities
(modified Kneser–Ney discounts, continuation-count unigrams) and back-off weights, quantised to one byte.
With --ocr it also aligns each Tesseract copy (*.eng.s*.txt) with its *.clean.txt and rewrites the learned confusion table at the end of rules/ocr.toml.
Needs the standard library and rapidfuzz.
"""
from __future__ import annotations

import argparse
import glob
import math
import re
import sys
import time
import unicodedata
from array import array
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rapidfuzz.distance import Levenshtein  # noqa: E402

from tbparse.restore import lm  # noqa: E402
from tbparse.restore.decode import WORD  # noqa: E402
from tbparse.restore.syllables import decompose, fold, is_valid  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "vi-admin.txt"


def read_segments(path: Path):
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield lm.segment_words(unicodedata.normalize("NFC", line))


def build(corpus: Path, out: Path, order: int, min_count: list[int]) -> None:
    t0 = time.time()
    uni: Counter = Counter()
    cased: dict[int, Counter] = {lm.LOWER: Counter(), lm.TITLE: Counter()}
    docs = []
    for pairs in read_segments(corpus):
        words = [w for w, _ in pairs]
        uni.update(words)
        for w, case in pairs:
            if case:
                cased[case][w] += 1
        docs.append(words)
    vocab = list(lm.SPECIAL) + [w for w, c in uni.most_common()
                                if c >= min_count[0] and w not in lm.SPECIAL]
    ids = {w: i for i, w in enumerate(vocab)}
    size = len(vocab)
    other = ids[lm.OTHER]
    print(f"{sum(uni.values())} tokens, vocab {size} ({time.time() - t0:.0f}s)")

    counts: list[Counter] = [Counter() for _ in range(order + 1)]  # counts[n]: n-grams
    pad = [0] * (order - 1)
    for words in docs:
        seq = pad + [ids.get(w, other) for w in words] + [0]
        for n in range(2, order):  # the sentence-start contexts <s> <s> …
            counts[n][_pack(seq[:n], size)] += 1
        for i in range(order - 1, len(seq)):
            for n in range(1, order + 1):
                counts[n][_pack(seq[i - n + 1:i + 1], size)] += 1
    del docs
    print(", ".join(f"{len(c)} {n}-grams" for n, c in enumerate(counts) if n)
          + f" ({time.time() - t0:.0f}s)")

    # Interpolated modified Kneser–Ney discounting; the unigram level uses continuation counts
    # (how many different words precede w), which ranks syllables by how freely they combine.
    cont = Counter(key % size for key in counts[2])
    cont_total = sum(cont.values())
    probs: list[dict] = [{i: max(cont[i], 0.5) / cont_total for i in range(size)}]
    gammas: list[dict] = []
    for n in range(2, order + 1):
        d = discounts(counts[n])
        hist, mass = Counter(), Counter()
        for key, c in counts[n].items():
            hist[key // size] += c
            mass[key // size] += d[min(c, 3)]
        gammas.append({h: mass[h] / hist[h] for h in hist})
        lower = probs[-1]
        modulus = size ** (n - 1)
        probs.append({k: (c - d[min(c, 3)]) / hist[k // size]
                      + gammas[-1][k // size] * lower[k % modulus] for k, c in counts[n].items()})
    gammas.append({})
    q = lm.quantise
    levels = []
    for n in range(1, order + 1):
        gam = gammas[n - 1]
        if n == 1:
            keys = None
            vals = array("B", (q(math.log10(probs[0][i])) for i in range(size)))
            gam_arr = array("B", (q(math.log10(gam.get(i, 1.0))) for i in range(size)))
        else:
            keys = array("Q", sorted(k for k, c in counts[n].items() if c >= min_count[n - 1]))
            vals = array("B", (q(math.log10(probs[n - 1][k])) for k in keys))
            gam_arr = array("B", (q(math.log10(gam.get(k, 1.0))) for k in keys)) if gam else array("B")
        levels.append((keys, vals, gam_arr))
    title = array("B", (min(255, int(256 * cased[lm.TITLE][w]
                                     / (cased[lm.TITLE][w] + cased[lm.LOWER][w] + 1)))
                        for w in vocab))
    lm.save(out, vocab, levels, title, abbreviations(corpus))
    print("kept " + ", ".join(f"{len(k)} {n + 1}-grams" for n, (k, _, _) in enumerate(levels) if k)
          + f" -> {out} {out.stat().st_size / 1e6:.1f} MB ({time.time() - t0:.0f}s)")


def abbreviations(corpus: Path, share: float = 0.9, least: int = 3) -> dict[str, str]:
    """Upper-case abbreviations with Đ the corpus spells one way (QD → QĐ, TTDT → TTĐT)."""
    forms: dict[str, Counter] = {}
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            for word in WORD.findall(line):
                if len(word) >= 2 and word.isupper() and not is_valid(word):
                    forms.setdefault(fold(word).upper(), Counter())[word] += 1
    out = {}
    for key, seen in forms.items():
        form, n = seen.most_common(1)[0]
        if form != key and "Đ" in form and n >= least and n >= share * sum(seen.values()):
            out[key] = form
    print(f"{len(out)} abbreviations spelt with Đ")
    return out


def discounts(counts: Counter) -> list[float]:
    """Modified Kneser–Ney discounts D1, D2, D3+ from counts of counts (Chen & Goodman 1998)."""
    n = Counter(c for c in counts.values() if c <= 4)
    y = n[1] / (n[1] + 2 * n[2])
    return [0.0, 1 - 2 * y * n[2] / n[1], 2 - 3 * y * n[3] / n[2], 3 - 4 * y * n[4] / n[3]]


def _pack(ids: list[int], size: int) -> int:
    key = 0
    for x in ids:
        key = key * size + x
    return key


GENERATED = "# --- generated by scripts/build_lm.py --ocr: do not edit below this line ---"
_EDGE = "\"'“”‘’()[]{}*#…«».,;:!?-–—/"


def _flat(text: str) -> str:
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", text)).lower()
    return " ".join(text.split())


def token_pairs(clean: str, ocr: str) -> list[tuple[str, str]]:
    """(clean word, what OCR made of it) from a character alignment of the two whole texts."""
    c, o = _flat(clean), _flat(ocr)
    where = [0] * (len(c) + 1)
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(c, o):
        for k in range(i1, i2):
            where[k] = j1 + min(k - i1, j2 - j1)
        where[i2] = j2
    return [(m.group(), o[where[m.start()]:where[m.end()]]) for m in re.finditer(r"\S+", c)]


def split_letter(word: str, seen: str) -> tuple[int, str] | None:
    """(position, two characters) when OCR read one letter of `word` as two (từ → "tir")."""
    if len(seen) != len(word) + 1:
        return None
    for i in range(len(word)):
        if fold(word[:i]) == fold(seen[:i]) and fold(word[i + 1:]) == fold(seen[i + 2:]):
            return i, seen[i:i + 2]
    return None


def learn_channel(ocr_dir: Path, smooth: float = 2.0) -> str:
    """Confusion table P(OCR letter | clean letter) as TOML, smoothed toward the letter's family,
    and P(two OCR characters | clean letter) for the letters OCR splits (ừ → "ir")."""
    sub: dict[str, Counter] = {}
    split: dict[str, Counter] = {}
    ins: Counter = Counter()
    letters = 0
    for path in sorted(glob.glob(str(ocr_dir / "*.eng.s*.txt"))):
        clean = Path(path.split(".eng.")[0] + ".clean.txt").read_text(encoding="utf-8")
        for word, seen in token_pairs(clean, Path(path).read_text(encoding="utf-8")):
            word, seen = word.strip(_EDGE), seen.strip(_EDGE)
            if not is_valid(word) or " " in seen:
                continue
            letters += len(word)
            two = split_letter(word, seen)
            if two:  # also counted below, as a substitution and an insertion
                split.setdefault(word[two[0]], Counter())[two[1]] += 1
            for tag, i1, i2, j1, j2 in Levenshtein.opcodes(word, seen):
                if tag == "insert":
                    ins.update(seen[j1:j2])
                    continue
                for k in range(i1, i2):
                    j = j1 + (k - i1)
                    out = seen[j] if tag != "delete" and j < j2 else ""
                    sub.setdefault(word[k], Counter())[out] += 1
                if tag == "replace" and j2 - j1 > i2 - i1:
                    ins.update(seen[j1 + (i2 - i1):j2])
    family: dict[str, Counter] = {}
    for ch, row in sub.items():
        family.setdefault(decompose(ch)[0], Counter()).update(row)
    lines = [GENERATED, "[channel.sub]"]
    for ch in sorted(sub):
        row, fam = sub[ch], family[decompose(ch)[0]]
        total, ftotal = sum(row.values()), sum(fam.values())
        probs = {o: (row[o] + smooth * fam[o] / ftotal) / (total + smooth) for o in fam}
        cells = ", ".join(f"{toml_key(o)} = {math.log10(p):.3f}"
                          for o, p in sorted(probs.items(), key=lambda x: -x[1]) if p >= 1e-3)
        lines.append(f"{toml_key(ch)} = {{ {cells} }}")
    lines.append("")
    # splits come from a letter's shape, which its tones share: smoothed toward the family too,
    # so ư may be read "ir" as ừ and ử were; pairs seen once in a whole family are left out
    lines.append("[channel.split]  # log10 P(two OCR characters | clean letter)")
    family_split: dict[str, Counter] = {}
    for ch, row in split.items():
        family_split.setdefault(decompose(ch)[0], Counter()).update(row)
    for ch in sorted(sub):
        fam_split = family_split.get(decompose(ch)[0], Counter())
        total, ftotal = sum(sub[ch].values()), sum(family[decompose(ch)[0]].values())
        row = split.get(ch, Counter())
        probs = {o: (row[o] + smooth * n / ftotal) / (total + smooth)
                 for o, n in fam_split.items() if n >= 2}
        cells = ", ".join(f"{toml_key(o)} = {math.log10(p):.3f}"
                          for o, p in sorted(probs.items(), key=lambda x: -x[1]) if p >= 1e-3)
        if cells:
            lines.append(f"{toml_key(ch)} = {{ {cells} }}")
    lines.append("")
    lines.append("[channel.insert]  # log10 P(an extra OCR character per clean letter)")
    lines.extend(f"{toml_key(o)} = {math.log10(n / letters):.3f}" for o, n in ins.most_common()
                 if n >= 2 and o.strip())
    print(f"channel: {sum(sum(r.values()) for r in sub.values())} aligned letters, "
          f"{len(sub)} clean letters")
    return "\n".join(lines) + "\n"


def toml_key(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_channel(rules: Path, table: str) -> None:
    text = rules.read_text(encoding="utf-8") if rules.exists() else ""
    head = text.split(GENERATED)[0].rstrip("\n")
    rules.write_text(head + "\n\n" + table, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--out", type=Path, default=lm.MODEL_PATH)
    ap.add_argument("--order", type=int, default=3)
    ap.add_argument("--min-count", default="1,1,1,2",
                    help="least count kept per order, comma-separated (default 1,1,1,2)")
    ap.add_argument("--ocr", type=Path, help="dir of *.eng.s*.txt OCR copies and *.clean.txt")
    ap.add_argument("--rules", type=Path, default=ROOT / "rules" / "ocr.toml")
    ap.add_argument("--no-lm", action="store_true", help="only relearn the channel table")
    a = ap.parse_args()
    if a.ocr:
        write_channel(a.rules, learn_channel(a.ocr))
    if not a.no_lm:
        min_count = [int(x) for x in a.min_count.split(",")]
        min_count += [min_count[-1]] * (a.order - len(min_count))
        build(a.corpus, a.out, a.order, min_count)


if __name__ == "__main__":
    main()
