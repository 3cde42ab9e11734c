"""Vietnamese syllable anatomy: marks, folding, tone placement and a phonotactic validator.

Everything the restorer compares goes through these helpers, so the corpus, the model and the
input all agree on one spelling of each syllable (tone placed the way the gold texts place it:
"hóa", "thủy", "khỏe" — on the first vowel of an open oa/oe/uy).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

TONES = {"\u0300": "grave", "\u0301": "acute", "\u0309": "hook", "\u0303": "tilde", "\u0323": "dot"}
VOWELS = set("aăâeêioôơuưy")

ONSETS = (
    "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)
# Toneless rhymes (medial + nucleus + coda) of standard orthography.
RHYMES = frozenset("""
a ac ach ai am an ang anh ao ap at au ay
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e ec em en eng eo ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu
iêc iêm iên iêng iêp iêt iêu
yêm yên yêt yêu y ych ynh yt yu
o oc oi om on ong op ot oong ooc
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uc ui um un ung up ut
uôc uôi uôm uôn uông uôt
ư ưa ưc ưi ưm ưn ưng ưt ưu
ươc ươi ươm ươn ương ươp ươt ươu
oa oac oach oai oam oan oang oanh oao oap oat oay
oăc oăm oăn oăng oăt
oe oen oeo oet
uâc uân uâng uât uây
uê uêch uênh uơ
uy uya uych uyên uyêt uynh uyt uyu uyp
""".split())
_STOP_CODAS = ("c", "ch", "p", "t")
_FRONT = ("i", "e", "ê", "y")


def decompose(ch: str) -> tuple[str, str]:
    """Split one letter into (letter with its shape marks, tone mark or '')."""
    parts = unicodedata.normalize("NFD", ch)
    tone = "".join(c for c in parts if c in TONES)
    base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
    return base, tone[:1]


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case, all marks gone, đ→d: the key accent-stripped and OCR text still share."""
    parts = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in parts if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def split_tone(syllable: str) -> tuple[str, str]:
    """(syllable without its tone, the tone mark or '')."""
    bases, tone = [], ""
    for ch in syllable:
        base, t = decompose(ch)
        bases.append(base)
        tone = tone or t
    return "".join(bases), tone


def _onset(toneless: str) -> str:
    for onset in ONSETS:
        if toneless.startswith(onset):
            rest = toneless[len(onset):]
            # "gi"/"qu" count as onsets only when a vowel follows ("gì" is g + i)
            if onset in ("gi", "qu") and not (rest and rest[0] in VOWELS):
                continue
            return onset
    return ""


def tone_index(toneless: str) -> int:
    """Index of the vowel that carries the tone, in the 'hóa / thủy' convention."""
    onset = _onset(toneless)
    start = len(onset)
    end = start
    while end < len(toneless) and toneless[end] in VOWELS:
        end += 1
    if end == start:
        return -1
    nucleus = toneless[start:end]
    for i, ch in enumerate(nucleus):  # a shaped vowel wins; in ươ the ơ
        if ch in "ăâêôơ":
            return start + i
    if "ư" in nucleus:
        return start + nucleus.index("ư")
    if len(nucleus) == 1:
        return start
    has_coda = end < len(toneless)
    if has_coda or len(nucleus) == 3:
        return start + (len(nucleus) - 1 if has_coda else 1)
    return start  # open two-vowel nucleus: hóa, thủy, mía, múa, hỏi


@lru_cache(maxsize=65536)
def place_tone(toneless: str, tone: str) -> str:
    """Put `tone` on the right vowel of a toneless lower-case syllable."""
    if not tone:
        return toneless
    i = tone_index(toneless)
    if i < 0:
        return toneless
    marked = unicodedata.normalize("NFC", toneless[i] + tone)
    return toneless[:i] + marked + toneless[i + 1:]


@lru_cache(maxsize=65536)
def canonical(syllable: str) -> str:
    """Lower-case syllable with its tone re-placed by the convention (hoá → hóa)."""
    toneless, tone = split_tone(syllable.lower())
    return place_tone(toneless, tone)


@lru_cache(maxsize=65536)
def is_valid(syllable: str) -> bool:
    """Does this (any case) spell a Vietnamese syllable: onset + rhyme + a tone the rhyme allows?"""
    toneless, tone = split_tone(syllable.lower())
    if not toneless or not toneless.isalpha():
        return False
    onset = _onset(toneless)
    rhyme = toneless[len(onset):]
    if onset == "gi" and rhyme not in RHYMES and ("i" + rhyme) in RHYMES:
        rhyme = "i" + rhyme  # gìn, giếng: the i is shared
    if rhyme not in RHYMES:
        return False
    if onset == "qu" and rhyme[0] in "uo":
        return False
    if onset in ("gh", "ngh") and rhyme[0] not in _FRONT:
        return False  # (k may precede a/o/u: Bắc Kạn, Kon Tum)
    if onset == "c" and rhyme[0] in _FRONT:
        return False
    if rhyme.endswith(_STOP_CODAS) and tone not in ("\u0301", "\u0323"):
        return False  # checked syllables take only sắc or nặng
    return True


def has_marks(text: str) -> bool:
    return fold(text) != text.lower()


_LETTERS = {unicodedata.normalize("NFC", base + shape + tone) for base in "aeiouyAEIOUY"
            for shape in ("", "\u0302", "\u0306", "\u031b") for tone in ("", *TONES)}
VIET_ONLY = frozenset(c for c in _LETTERS if len(c) == 1 and ord(c) > 0xFF) | {"đ", "Đ"}


def has_viet_only(text: str) -> bool:
    """Letters a Latin-1 OCR engine cannot produce (ư, ạ, ế, đ …): a sign the word was typed, not misread."""
    return any(c in VIET_ONLY for c in text)
