#!/usr/bin/env python3
"""How fast is restoration? Seconds per 10 KB on accent-stripped and on Tesseract-damaged text.

usage: python bench/bench_restore.py [--repeat 3]
Reads samples/ and tests/data/ only. "cold" is the first pass in a fresh process (empty
candidate and n-gram caches), "warm" the best later pass, as in a batch of many notices.
Also prints the model's size and load time, which search ran (the C speed-ups built at install
time, or the pure-Python fallback), the fallback's own figures with --pure, and pyvi's figure on
the same text if installed.
"""
from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tbparse import rules  # noqa: E402
from tbparse.normalize import EngineUnavailable, normalize_text  # noqa: E402
from tbparse.restore import lm, restorer  # noqa: E402
from tbparse.restore.decode import Restorer  # noqa: E402


def strip_marks(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


def per_10kb(texts: list[str], run, repeat: int) -> tuple[float, float]:
    size = sum(len(t.encode("utf-8")) for t in texts)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            run(text)
        times.append(time.perf_counter() - start)
    return times[0] / size * 10240, min(times[1:] or times) / size * 10240


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pure", action="store_true", help="also time the pure-Python fallback")
    a = ap.parse_args()

    start = time.perf_counter()
    lm.load.__wrapped__(lm.MODEL_PATH)
    load = time.perf_counter() - start
    print(f"model: {lm.MODEL_PATH.stat().st_size / 1e6:.1f} MB on disk, loads in {load:.3f} s")

    samples = sorted(ROOT.glob("samples/00[1-4]_*.txt"))
    stripped = [strip_marks(p.read_text(encoding="utf-8")) for p in samples]
    ocr = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("tests/data/ocr/*.eng.s*.txt"))]
    ocr.append((ROOT / "samples" / "000_3e8e68816529cb6e.txt").read_text(encoding="utf-8"))

    start = time.perf_counter()
    normalize_text("Thoi han hoan thanh", mode="always")
    print(f"first call (rules, model, channel tables): {time.perf_counter() - start:.3f} s")
    built = restorer(()).compiled is not None
    print("search: " + ("C speed-ups (tbparse.restore._speedups)" if built
                        else "pure Python (no C compiler when installed)"))
    for name, texts in (("stripped", stripped), ("OCR-damaged", ocr)):
        kb = sum(len(t.encode("utf-8")) for t in texts) / 1024
        cold, warm = per_10kb(texts, lambda t: normalize_text(t, mode="always"), a.repeat)
        print(f"builtin {name:12s} {kb:6.1f} KB: cold {cold:.3f} s/10KB, warm {warm:.3f} s/10KB")
    if a.pure:
        fallback = Restorer(rules.load("ocr"), rules.load("lexicon"), lm.load(), compiled=False)
        for name, texts in (("stripped", stripped), ("OCR-damaged", ocr)):
            cold, warm = per_10kb(texts, lambda t: fallback.restore(t.split("\n")), a.repeat)
            print(f"pure-Python {name:12s}: cold {cold:.3f} s/10KB, warm {warm:.3f} s/10KB")
    clean = [p.read_text(encoding="utf-8") for p in samples]
    print(f"builtin clean (auto: judged, left alone): {per_10kb(clean, normalize_text, a.repeat)[1]:.4f} s/10KB")
    vie = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("tests/data/ocr-other/*.vie.s*.txt"))
           + sorted(ROOT.glob("tests/data/other-agencies-scans/vie-s0/*"))]
    print(f"builtin read by Tesseract vie (auto: slips mended): {per_10kb(vie, normalize_text, a.repeat)[1]:.4f} s/10KB")

    try:
        normalize_text("Thoi han", mode="always", engine="pyvi")
    except EngineUnavailable:
        print("pyvi: not installed (pip install 'tbparse[pyvi]') - skipped")
        return
    for name, texts in (("stripped", stripped), ("OCR-damaged", ocr)):
        cold, warm = per_10kb(texts, lambda t: normalize_text(t, mode="always", engine="pyvi"), a.repeat)
        print(f"pyvi    {name:12s}: cold {cold:.3f} s/10KB, warm {warm:.3f} s/10KB")

if __name__ == "__main__":
    main()
