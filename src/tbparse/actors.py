"""Who acts: units (owners, co-owners) and leaders, recognised by pattern and named canonically.

A unit's name is found generically — a head noun ("Cục", "Sở", "UBND"…) followed by name words up
to the first verb — and then matched (accent-folded, fuzzily) against the canonical names and
abbreviations in rules/agencies.toml, so "Cục THH", "Cuc Tin hoc hoa" and "Cục Tin học hoá" all
become "Cục Tin học hóa" while an agency the rules have never seen is still found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from . import rules
from .text import fold

TOKEN = re.compile(r"\S+")
NAME_PUNCT = ",;:()."


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    word: str     # accent-folded: how names are compared
    lower: str    # exact, lower-cased: head nouns need their marks ("Báo" is a unit, "bão" a storm)
    closes: bool  # punctuation after the word ends a name


def _token(m: re.Match) -> Token:
    text = m.group(0)
    bare = text.strip(NAME_PUNCT + "\"'“”‘’`")
    closes = text[-1:] in ",;:.)" and not re.search(r"\d[.,]\d", text)
    return Token(text, m.start(), m.end(), fold(bare), bare.lower(), closes)


@dataclass
class Subject:
    owner: str | None
    co_owners: list[str] = field(default_factory=list)
    action_start: int = 0   # where the work begins in the text
    rule: str = ""


@dataclass(frozen=True)
class _Vocab:
    heads: Phrases
    whole: Phrases  # heads that name a unit on their own ("Huyện đoàn")
    collective: Phrases
    not_units: Phrases
    vague: frozenset[str]
    known: dict
    known_keys: Phrases
    known_by_first: dict[str, tuple[tuple[str, ...], ...]]  # longest first
    verbs: Phrases
    modals: Phrases
    blockers: Phrases
    stops: Phrases
    extensions: Phrases
    cues: Phrases
    leader_verbs: Phrases
    not_work: Phrases
    exhortations: Phrases
    report_steps: Phrases
    openers: Phrases
    person_titles: Phrases
    leader_titles: tuple[str, ...]
    leader_keys: tuple[tuple[str, list[str]], ...]  # each title with its folded words
    leader_firsts: frozenset[str]  # the folded first words of the titles
    expand: dict
    plural_suffix: str
    tails: Phrases
    name_words: Phrases
    accountable: tuple[str, ...]


class Phrases(tuple):
    """Word sequences, longest first, indexed by their first word. Compared with their marks:
    folded, "chuyên" would read as the verb "chuyển"."""

    def __new__(cls, items):
        phrases = sorted({tuple(w.strip(NAME_PUNCT) for w in x.lower().split()) for x in items}, key=len, reverse=True)
        obj = super().__new__(cls, phrases)
        obj.by_first = {}
        for phrase in phrases:
            obj.by_first.setdefault(phrase[0], []).append(phrase)
        return obj




@lru_cache(maxsize=16)
def vocab(overlays: tuple[str, ...] = ()) -> _Vocab:
    ag = rules.load("agencies", overlays)
    ex = rules.load("extract", overlays)
    known: dict[tuple[str, ...], str] = {}
    for entry in ag["agency"]:
        for alias in [entry["name"], *entry.get("aliases", [])]:
            known.setdefault(tuple(w.strip(NAME_PUNCT) for w in fold(alias).split()), entry["name"])
    return _Vocab(
        heads=Phrases(ag["head_nouns"]),
        whole=Phrases(ag.get("whole_names", [])),
        collective=Phrases(ag["collective_heads"]),
        not_units=Phrases(ag["not_units"]),
        vague=frozenset(fold(x) for x in ag["vague"]),
        known=known,
        known_keys=tuple(sorted(known, key=len, reverse=True)),
        known_by_first=_by_first_word(known),
        verbs=Phrases(ex["action_verbs"]),
        modals=Phrases(ex["modals"]),
        blockers=Phrases(ex["blockers"]),
        stops=Phrases(ex["name_stops"]),
        extensions=Phrases(ex["name_extensions"]),
        cues=Phrases(ex["directive_cues"]),
        leader_verbs=Phrases(ex["leader_verbs"]),
        not_work=Phrases(ex["not_work_openers"]),
        exhortations=Phrases(ex.get("exhortation_openers", [])),
        report_steps=Phrases(ex.get("report_openers", [])),
        openers=Phrases(ex["sentence_openers"]),
        person_titles=Phrases(ex["unit_person_titles"]),
        leader_titles=tuple(sorted(ag["leader_titles"], key=len, reverse=True)),
        leader_keys=tuple((t, fold(t).split()) for t in sorted(ag["leader_titles"], key=len, reverse=True)),
        leader_firsts=frozenset(fold(t).split()[0] for t in ag["leader_titles"]),
        expand=ag.get("expand", {}),
        plural_suffix=ag["plural_province_suffix"],
        tails=Phrases(ag["name_tails"]),
        name_words=Phrases(ag.get("name_words", [])),
        accountable=tuple(fold(p) for p in ex.get("accountability_phrases", [])),
    )


def _by_first_word(known: dict) -> dict[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, list[tuple[str, ...]]] = {}
    for key in sorted(known, key=len, reverse=True):
        out.setdefault(key[0], []).append(key)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=4096)
def tokens(text: str) -> tuple[Token, ...]:
    """Cached: a sentence is tried from each of its commas in turn."""
    return tuple(_token(m) for m in TOKEN.finditer(text))


def _match(toks: tuple[Token, ...], i: int, phrases: Phrases, loose: bool = False) -> int:
    """Length of the longest phrase matching the words at toks[i:], 0 if none. Punctuation inside
    ends a match, unless `loose` ("các tỉnh, thành phố …" holds a comma)."""
    if i >= len(toks):
        return 0
    for phrase in phrases.by_first.get(toks[i].lower, ()):
        n = len(phrase)
        if i + n <= len(toks) and tuple(t.lower for t in toks[i:i + n]) == phrase:
            if loose or all(not toks[j].closes for j in range(i, i + n - 1)):
                return n
    return 0


def starts_with_action(text: str, overlays: tuple[str, ...] = ()) -> bool:
    """Opens with work asked for, not with praise or approval ("Đánh giá cao …", "Đồng ý …")."""
    toks = tokens(text)
    v = vocab(overlays)
    return bool(toks) and _match(toks, 0, v.verbs) > 0 and not _match(toks, 0, v.not_work)


def clause_of_work(text: str, overlays: tuple[str, ...] = ()) -> bool:
    """A clause after "; " that asks for work of its own ("…; đồng thời theo dõi …", "…; báo cáo
    kết quả về Sở Tư pháp"), not an exhortation that colours the work before it ("…; nỗ lực phấn
    đấu với tinh thần …")."""
    toks = tokens(text)
    v = vocab(overlays)
    i = _skip_openers(toks, v)
    return i < len(toks) and _match(toks, i, v.verbs) > 0 and not _match(toks, i, v.not_work) \
        and not exhorts(text, overlays)


def reports_on_work(text: str, overlays: tuple[str, ...] = ()) -> bool:
    """ "báo cáo kết quả về Sở Tư pháp trước ngày 15/5" after the work: its date is the work's too."""
    toks = tokens(text)
    v = vocab(overlays)
    i = _skip_openers(toks, v)
    return i < len(toks) and _match(toks, i, v.report_steps) > 0


def without_openers(text: str, overlays: tuple[str, ...] = ()) -> str:
    """ "đồng thời theo dõi …" → "theo dõi …": the work, without the words that link it on."""
    toks = tokens(text)
    i = _skip_openers(toks, vocab(overlays))
    return text[toks[i].start:] if 0 < i < len(toks) else text


def answers_for(text: str, overlays: tuple[str, ...] = ()) -> bool:
    """Says who answers to whom ("Chủ tịch UBND cấp huyện chịu trách nhiệm trước Chủ tịch UBND tỉnh
    nếu …"): accountability, which asks for no work of its own."""
    folded = fold(text)
    return any(phrase in folded for phrase in vocab(overlays).accountable)


def exhorts(text: str, overlays: tuple[str, ...] = ()) -> bool:
    """Opens with an exhortation, itself or after the units it addresses ("Các hội: Đề cao …")."""
    v = vocab(overlays)
    for part in (text, text.partition(": ")[2]):
        toks = tokens(part)
        if toks and _match(toks, _skip_openers(toks, v), v.exhortations):
            return True
    return False


def is_vague(name: str, overlays: tuple[str, ...] = ()) -> bool:
    folded = fold(name).strip(" .,;:")
    v = vocab(overlays)
    return folded in v.vague or " lien quan" in f" {folded}" or folded in {"bo", "cac bo"}


# ---------------------------------------------------------------- canonical names

@lru_cache(maxsize=65536)
def known_agency(name: str, overlays: tuple[str, ...] = ()) -> str | None:
    """Canonical name for a name or abbreviation the rules know, else None (fuzzy for long names)."""
    v = vocab(overlays)
    key = tuple(w.strip(NAME_PUNCT) for w in fold(name).split())
    if key in v.known:
        return v.known[key]
    if len(key) >= 3:  # a misspelt long name; the head noun must agree ("Sở Tài chính" is no "Bộ Tài chính")
        folded = " ".join(key)
        best = max(((fuzz.ratio(folded, " ".join(k)), k) for k in v.known_keys
                    if abs(len(k) - len(key)) <= 1 and k[0] == key[0] and not _short_word_differs(k, key)),
                   default=(0, None))
        if best[0] >= 90:
            return v.known[best[1]]
    return None


def _short_word_differs(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """ "Văn phòng Sở" is no misspelt "Văn phòng Bộ": a short word that differs is another word."""
    return len(a) == len(b) and any(x != y and min(len(x), len(y)) <= 3 for x, y in zip(a, b))


def canonical_agency(name: str, overlays: tuple[str, ...] = ()) -> str:
    name = " ".join(name.split()).strip(" .,;:-")
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name)  # "(THH)", "(VNPost)" after a name
    name = re.sub(r"\s+(?:và|cùng|với)$", "", name)  # "… thành phố và": the next unit a scan garbled away
    name = re.sub(r"(?<=\w)\s+t[ií]nh$", " tỉnh", name)  # "… Việt Nam tính": a restorer's "tính" closing a unit
    known = known_agency(name, overlays)
    if known:
        return known
    v = vocab(overlays)
    for short, full in v.expand.items():
        name = re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", full, name)
    folded = fold(name)
    m = re.match(r"^(cac|nhung) so (.+)$", folded)
    if m and not re.search(r"\b(tinh|thanh pho|tp)\b", m.group(2)):
        words = name.split()[1:]
        base = " ".join(words)
        base = re.sub(r"\s+tại địa phương$", "", base)
        return f"{base} {v.plural_suffix}"
    if _PLACES_ACTING.match(folded):  # "các xã, thị trấn tổng hợp …": the places act through their UBND
        return f"Ủy ban nhân dân {name[:1].lower()}{name[1:]}"
    return name[:1].upper() + name[1:]


_PLACE = r"(?:xa|phuong|thi tran|dac khu|huyen|quan|thi xa|thanh pho|tinh)"
_PLACES_ACTING = re.compile(rf"^cac {_PLACE}(?:\s*,\s*{_PLACE})*(?:\s+va\s+{_PLACE})?(?:\s+truc thuoc (?:tinh|trung uong))?$")


def find_known_agencies(text: str, overlays: tuple[str, ...] = ()) -> list[str]:
    v = vocab(overlays)
    toks = tokens(text)
    found = []
    for i in range(len(toks)):
        for key in v.known_by_first.get(toks[i].word, ()):
            if len(key) >= 2 and tuple(t.word for t in toks[i:i + len(key)]) == key:
                found.append(v.known[key])
                break
    return found


# ---------------------------------------------------------------- subjects

RELATIVE_ENDS = Phrases(["phối hợp", "có trách nhiệm", "chịu trách nhiệm"])
# with their marks: folded, "mọi" would be the "Môi" of "Tài nguyên và Môi trường"
DETERMINERS = (("tất", "cả", "các"), ("tất", "cả"), ("các",), ("những",), ("mọi",))


def unit_at(toks: tuple[Token, ...], i: int, v: _Vocab, in_list: bool = False,
            packed: bool = False) -> tuple[int, str] | None:
    """A unit's name starting at toks[i]: (index after it, canonical name). In a list of units
    ("Sở TTTT, đơn vị chuyên trách …") a lower-case head noun still opens a name; in names packed
    with nothing between them (a table row a scan flattened) a capitalised head opens the next."""
    j = i
    det = next((len(d) for d in DETERMINERS if tuple(t.lower for t in toks[i:i + len(d)]) == d), 0)
    j += det
    if j >= len(toks):
        return None
    for key in v.known_by_first.get(toks[j].word, ()):
        n = len(key)
        if tuple(t.word for t in toks[j:j + n]) == key:
            end = j + n
            if end < len(toks) and toks[end].text.startswith("(") and toks[end - 1].text[-1:] not in ",;:":
                end = _skip_paren(toks, end)
            key_end = end
            while end < len(toks) and not toks[end - 1].closes and (words := _match(toks, end, v.name_words, loose=True)):
                end += words  # "Ban Quản lý dự án giao thông tỉnh": words of the name, not work
            place_end = end
            if not toks[end - 1].closes:
                place_end = _place_suffix(toks, end)
                place_end += max(_match(toks, place_end, v.tails, loose=True), _place_list(toks, place_end, v))
            name = v.known[key] + (f" {_span_text(toks, key_end, end)}" if end > key_end else "")
            while (place_end < len(toks) and place_end - end < 4 and not toks[place_end - 1].closes
                   and (toks[place_end].text.rstrip(",;:.").isdigit() or _title(toks[place_end].text))
                   and not _match(toks, place_end, v.verbs) and not (packed and _opens_unit(toks, place_end, v))):
                place_end += 1  # "Ban QLDA 85", "Ban QLDA Thăng Long": one of the kind, by its name
            if place_end > end:
                place = _span_text(toks, end, place_end)
                if _title(toks[end].text) and not _place_suffix(toks, end) > end and fold(name.split()[0]) != toks[j].word:
                    name = _span_text(toks, j, end)  # "Viettel Lâm Đồng": a brand's branch, named as written
                name = f"{name} {place}"
            return place_end, name
    if _match(toks, j, v.not_units) or leader_at(" ".join(t.text for t in toks[j:j + 6]), v):
        return None
    if (near := _near_known(toks, j, v)) is not None:
        return near
    head = _match(toks, j, v.heads)
    if head and not det and not in_list and not toks[j].text[:1].isupper() and not (
            toks[j].lower == "phòng" and j + head < len(toks) and toks[j + head].text[:1].isupper()
            and not toks[j + head - 1].closes):
        head = 0  # "phòng" alone is a verb, "giao ban" a briefing; "giao phòng Tài chính - Kế hoạch" names an office
    collective = _match(toks, j, v.collective) if det else 0
    if not head and not collective:
        return None
    k = j + max(head, collective, 1)
    name_start = k
    whole = _match(toks, j, v.whole) == k - j  # "Huyện đoàn": a name with nothing more
    if toks[k - 1].closes:
        if whole:
            return k, canonical_agency(_span_text(toks, i, k))  # "Huyện đoàn;": a name in itself
        if not (collective and _collective_continues(toks, k, v)):
            return None
        while k < len(toks) and toks[k - 1].closes and (more := _collective_continues(toks, k, v)):
            k += more
        name_start = k
    relative = False
    while not toks[k - 1].closes:  # "các sở, ban, ngành;" ends at its semicolon
        if k - name_start >= 16:
            return None  # no verb in sight: this is not a unit acting
        if k >= len(toks):
            break
        if relative:  # "… được giao chủ trì nhiệm vụ": the clause names the unit, up to its duty
            if _match(toks, k, v.modals) or toks[k].word == "va" or _match(toks, k, RELATIVE_ENDS):
                break
            k += 1
            if toks[k - 1].closes:
                break
            continue
        if toks[k].word == "va" and _opens_unit(toks, k + 1, v):
            break
        if packed and k > name_start and toks[k].text[:1].isupper() and _opens_unit(toks, k, v):
            break
        if (words := _match(toks, k, v.name_words, loose=True)) and (k > name_start or collective or toks[k].text[:1].isupper()):
            k += words  # "Cục Y tế dự phòng": no verb "phòng" here
            if toks[k - 1].closes:
                break
            continue
        if (tail := max(_match(toks, k, v.tails, loose=True), _place_list(toks, k, v))):
            k += tail
            if toks[k - 1].closes:
                break
            continue
        if _title(toks[k].text) and (k == name_start or toks[k - 1].word in ("va", "-", "–") and k - 1 > name_start
                                     or _title(toks[k - 1].text)):
            k += 1  # "Báo Cần Thơ", "Trung tâm Tin học và Thống kê", "xã Việt Lập": capitals name
            if toks[k - 1].closes:
                break
            continue
        if k > name_start or collective or whole:
            ext = _match(toks, k, v.extensions)
            if ext:
                relative = tuple(t.lower for t in toks[k:k + ext]) == ("được", "giao")
                k += ext
                if toks[k - 1].closes:
                    break
                continue
            if _match(toks, k, v.verbs):
                break
        if _match(toks, k, v.modals) or _match(toks, k, v.blockers) or _match(toks, k, v.stops) \
                or k > name_start and _match(toks, k, v.not_work):
            break  # "UBND tỉnh đồng ý về chủ trương": approval ends the name
        if toks[k].text.startswith("("):
            k = _skip_paren(toks, k)
            break
        k += 1
        if toks[k - 1].closes:
            if not (collective and (more := _collective_continues(toks, k, v))):
                break
            k += more
    if k == name_start and not collective and not whole:
        return None
    name = _span_text(toks, i + (2 if toks[i].word == "tat" else 0), k)
    if fuzzy := known_agency(name):
        return k, fuzzy
    return k, canonical_agency(name)


def _title(word: str) -> bool:
    return word[:1].isupper() and not word[1:2].isupper()


def _opens_unit(toks: tuple[Token, ...], k: int, v: _Vocab) -> bool:
    while k < len(toks) and (n := _match(toks, k, v.person_titles)):
        k += n
    if k >= len(toks):
        return False
    if any(tuple(t.lower for t in toks[k:k + len(d)]) == d for d in DETERMINERS):
        return True
    return bool(_match(toks, k, v.heads)) and toks[k].text[:1].isupper()


def units_tail(text: str, overlays: tuple[str, ...] = ()) -> tuple[int, list[str]] | None:
    """Where a run of units' names that ends the text starts, and the names, as in a scanned
    table's row that lost its column rules ("Xây dựng tài liệu … Phòng Tài nguyên và Môi trường
    Phòng Văn hóa và Thông tin"): the earliest capitalised unit from which all the rest is units."""
    toks, v = tokens(text), vocab(overlays)
    for start in range(1, len(toks)):
        if not (toks[start].text[:1].isupper() and _opens_unit(toks, start, v)):
            continue
        k, names = start, []
        while k < len(toks) and (found := unit_at(toks, k, v, in_list=True, packed=True)):
            k, name = found
            names.append(name)
            while k < len(toks) and (toks[k].word in ("va", "") or not toks[k].word.strip("-–;,")):
                k += 1  # "và", a stray dash between two names
        if k >= len(toks) and names:
            return toks[start].start, names
    return None


def cue_length(toks: tuple[Token, ...], overlays: tuple[str, ...] = ()) -> int:
    """How many words a directive cue ("Giao", "Đề nghị") takes at the start, 0 if none."""
    return _match(toks, 0, vocab(overlays).cues)


def title_length(toks: tuple[Token, ...], k: int, overlays: tuple[str, ...] = ()) -> int:
    """How many words the titles of a person standing for a unit take at k ("Thủ trưởng", "Chủ
    tịch" before "UBND các huyện"), 0 if none."""
    v, start = vocab(overlays), k
    while n := _match(toks, k, v.person_titles):
        k += n
    return k - start


def opens_unit(text: str, overlays: tuple[str, ...] = ()) -> bool:
    """Does a unit's name start here? ("Sở Tài chính" yes, "Đào tạo" no.)"""
    return _opens_unit(tokens(text), 0, vocab(overlays))


_CONNECTORS = {"-", "–", "va", "&"}


def _near_known(toks: tuple[Token, ...], j: int, v: _Vocab) -> tuple[int, str] | None:
    """A known name with a scanner's typo or two ("Trung tâm chứng thực điện tín quốc gia"):
    same first word, same length, close letters."""
    best = (0.0, 0, None)
    for key in v.known_by_first.get(toks[j].word, ()):
        n = len(key)
        if n < 4 or j + n > len(toks):
            continue
        seen = tuple(t.word for t in toks[j:j + n])
        if all(a == b or {a, b} <= _CONNECTORS for a, b in zip(seen, key)):
            continue  # "Đài Phát thanh - Truyền hình tỉnh": the same name joined another way, kept as written
        score = fuzz.ratio(" ".join(seen), " ".join(key))
        if score > best[0]:
            best = (score, j + n, v.known[key])
    return (best[1], best[2]) if best[0] >= 88 else None


def _collective_continues(toks: tuple[Token, ...], k: int, v: _Vocab) -> int:
    """ "các cơ quan, tổ chức, đơn vị thuộc Bộ": a comma between collective nouns stays in the name."""
    return _match(toks, k, v.collective) if k < len(toks) and toks[k - 1].text.endswith(",") else 0


PLACE_TYPES = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu")  # đặc khu: since 7/2025


def _place_list(toks: tuple[Token, ...], k: int, v: _Vocab) -> int:
    """ "các xã, phường, thị trấn", "các huyện, thành phố Đà Lạt, Bảo Lộc": places of one or more
    kinds, maybe named, a name's tail."""
    if k >= len(toks) or toks[k].lower != "các":
        return 0
    end = k + 1
    while end < len(toks):
        kind = next((len(p.split()) for p in PLACE_TYPES
                     if tuple(t.lower for t in toks[end:end + len(p.split())]) == tuple(p.split())), 0)
        if not kind:
            break
        end += kind
        if not toks[end - 1].text.endswith(",") or end >= len(toks) or toks[end].lower == "các":
            break
    if end == k + 1:
        return 0
    while end < len(toks) and _title(toks[end].text) and not _opens_unit(toks, end, v) \
            and (not toks[end - 1].closes or toks[end - 1].text.endswith(",") and _title(toks[end - 1].text)):
        end += 1  # the places' names: "thành phố Đà Lạt, Bảo Lộc"
    return end - k


def _place_suffix(toks: tuple[Token, ...], k: int) -> int:
    """ "Sở Y tế tỉnh Quảng Nam", "Đài Phát thanh và Truyền hình tỉnh": the place after a unit is part of its name."""
    for kind in PLACE_TYPES:
        words = kind.split()
        if tuple(t.lower for t in toks[k:k + len(words)]) == tuple(words):
            end = k + len(words)
            if toks[end - 1].closes:
                return end  # "… của tỉnh," — the unit of the province itself
            while end < len(toks) and toks[end].text[:1].isupper() and end - k < len(words) + 4:
                end += 1
                if toks[end - 1].closes:
                    break
            return end  # "tỉnh Quảng Nam", or a bare "tỉnh" before the work
    return k


def _skip_paren(toks: tuple[Token, ...], k: int) -> int:
    while k < len(toks) and ")" not in toks[k].text:
        k += 1
    return min(k + 1, len(toks))


def _span_text(toks: tuple[Token, ...], i: int, k: int) -> str:
    """The words of a name as written, less the specks a scan leaves on them ("cơ’ quan")."""
    return re.sub(r"[‘’`]|(?<=\w)'|'(?=\w)", "", " ".join(t.text for t in toks[i:k])).strip(" ,;:.")


def parse_subject(text: str, overlays: tuple[str, ...] = (), *, allow_cue: bool = True) -> Subject | None:
    """The unit(s) a sentence asks to act, and where the asked work starts."""
    v = vocab(overlays)
    toks = tokens(text)
    if not toks:
        return None
    i, rule = _skip_openers(toks, v), ""
    leader_end = _leader_directive(toks, i, v)
    if leader_end:
        i, rule = leader_end, "leader directive"
    elif allow_cue and (n := _match(toks, i, v.cues)):
        i, rule = i + n, "directive cue"
    titled = i
    while (n := _match(toks, i, v.person_titles)):
        i += n
    if allow_cue and not rule and i > titled:  # "Đồng chí yêu cầu Sở Xây dựng …", "người đứng đầu
        for j in range(i, min(i + 5, len(toks))):  # chính quyền tỉnh giao Sở Xây dựng …": the person asking
            if n := _match(toks, j, v.cues):
                i, rule = j + n, "directive cue"
                break
            if toks[j].closes:
                break
    if i >= len(toks):
        return None
    first = unit_at(toks, i, v)
    if not first:
        return None
    k, owner = first
    units = [owner]
    while k < len(toks):
        sep = toks[k - 1].text.endswith(",") or toks[k].word in ("va", "cung")  # "Sở X cùng Sở Y tổ chức …"
        nxt = k + (1 if toks[k].word in ("va", "cung") else 0)
        while nxt < len(toks) and (n := _match(toks, nxt, v.person_titles)):
            nxt += n
        if not sep or nxt >= len(toks):
            break
        other = unit_at(toks, nxt, v, in_list=True)
        if not other:
            break
        k, name = other
        units.append(name)
    if k < len(toks) and toks[k].text in (":", "-", "–"):
        k += 1
    if k < len(toks) and len(toks) - k <= 10 and toks[-1].text.endswith(":") \
            and not toks[k - 1].text.endswith(";") and not unit_at(toks, k, v, in_list=True) \
            and not any(_match(toks, j, v.verbs) or toks[j].closes and j < len(toks) - 1 and toks[j].text[-1] != ","
                        for j in range(k, len(toks))):
        # "4. Ủy ban nhân dân các tỉnh vùng Đồng bằng sông Cửu Long:": no work before the colon,
        # so all of it names the units the items below are for
        units[-1] = f"{units[-1]}{',' if toks[k - 1].text.endswith(',') else ''} {_span_text(toks, k, len(toks))}"
        k = len(toks)
    label = toks[k - 1].text.endswith(":") if k else False
    if label and k >= len(toks):  # "Giao Cục An toàn thông tin:": the actor of the items below
        specific = [u for u in units if not is_vague(u, overlays)]
        return Subject(specific[0], specific[1:], len(text), rule or "label") if specific else None
    while (n := _match(toks, k, v.modals)):
        k += n
    if k >= len(toks) or _match(toks, k, v.blockers):
        return None
    if _match(toks, k, v.not_work):
        return None
    if not label and not _match(toks, k, v.verbs) and toks[k].word not in ("khi", "trong") \
            and not (known_agency(units[-1], overlays) and toks[k].text[:1].islower()):
        return None  # after a name the rules know, any lower-case word opens the work
    specific = [u for u in units if not is_vague(u, overlays)]
    if not specific:
        # "Yêu cầu các sở, ngành liên quan khẩn trương …": work asked of nobody in particular
        return Subject(None, [], toks[k].start, "unnamed group" + (" after a directive cue" if rule else ""))
    return Subject(specific[0], specific[1:], toks[k].start, rule or ("label" if label else "subject"))


def _skip_openers(toks: tuple[Token, ...], v: _Vocab) -> int:
    i = 0
    while (n := _match(toks, i, v.openers)):
        i += n
    return i


def _leader_directive(toks: tuple[Token, ...], i: int, v: _Vocab) -> int:
    """ "Thứ trưởng Phạm Đức Long chỉ đạo Cục …", "Bộ trưởng yêu cầu, Cục …": index after the verb."""
    leader = leader_at(" ".join(t.text for t in toks[i:i + 8]), v)
    if not leader:
        return 0
    n_words = len(leader[0].split())
    k = i + n_words
    while k < len(toks) and k < i + n_words + 3 and not _match(toks, k, v.leader_verbs):
        k += 1
    n = _match(toks, k, v.leader_verbs) if k < len(toks) else 0
    return k + n if n else 0


# ---------------------------------------------------------------- leaders

NAME_WORD = r"[A-ZĐÀ-Ỹ][a-zà-ỹđ]+"
# Between a title and a name: "Bộ trưởng Bộ TTTT …", "Phó Chủ tịch UBND tỉnh …", "Phó Thủ tướng Chính phủ …"
ORG_QUALIFIER = (r"(?:\s+(?:Bộ\s+[A-ZĐ&]{2,}|Bộ\s+Thông tin và Truyền thông|Chính phủ|"
                 r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Hội đồng nhân dân)"
                 r"(?:\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường))?))?")


def leader_at(text: str, v: _Vocab | None = None) -> tuple[str, str] | None:
    """(matched words, title + name) for a leader's title at the start of text; compared
    accent-folded so a typo such as "Bộ Trường" still reads as "Bộ trưởng"."""
    v = v or vocab()
    words = text.split()
    if not words or fold(words[0]).strip(NAME_PUNCT) not in v.leader_firsts:
        return None  # most text opens with no title: one look-up, not one per title
    folded = [fold(w).strip(NAME_PUNCT) for w in words]
    for title, key in v.leader_keys:
        n = len(key)
        if folded[:n] != key:
            continue
        m = re.match(rf"{ORG_QUALIFIER}(?P<name>(?:\s+{NAME_WORD}){{2,4}}(?=\s|,|$))?",
                     " " + " ".join(words[n:]) if words[n:] else "")
        extra = m.group(0) if m else ""
        matched = " ".join(words[:n]) + extra
        return matched, title + ((m.group("name") or "") if m else "")
    return None


def find_leaders(lines: list[str], overlays: tuple[str, ...] = ()) -> dict[str, str]:
    """Title → full 'Title Name' of the leaders a notice names, the most mentioned first."""
    v = vocab(overlays)
    counts: dict[str, dict[str, int]] = {}
    for line in lines:
        for title in v.leader_titles:
            for m in re.finditer(rf"(?<!\w)(?<!Phó ){re.escape(title)}{ORG_QUALIFIER}(?P<name>(?:\s+{NAME_WORD}){{2,3}})(?=[\s,.;:)]|$)",
                                 line):
                name = m.group("name").strip()
                if fold(name.split()[0]) in ("bo", "cuc", "so", "vu", "tai", "chu"):
                    continue
                full = f"{title} {name}"
                counts.setdefault(fold(title), {}).setdefault(full, 0)
                counts[fold(title)][full] += 1
    return {t: max(c, key=c.get) for t, c in counts.items()}


def directing_leader(text: str, leaders: dict[str, str], overlays: tuple[str, ...] = ()) -> tuple[str, int] | None:
    """A leader who directs the work in this text: (full name, position of the directive verb)."""
    v = vocab(overlays)
    titles = "|".join(re.escape(t) for t in v.leader_titles)
    m = re.search(rf"(?:^|[\s,;:(])(?:do\s+)?(?P<title>(?i:{titles})){ORG_QUALIFIER}(?P<rest>(?:\s+{NAME_WORD}){{0,4}})"
                  rf"\s*(?:phụ trách\s+)?(?:có ý kiến\s+)?(?P<verb>(?i:chỉ đạo|yêu cầu|giao|đề nghị|kết luận giao))\b", text)
    if not m:
        return None
    title = next(t for t in v.leader_titles if fold(t) == fold(m.group("title")))
    rest = m.group("rest").strip()
    full = f"{title} {rest}".strip() if len(rest.split()) >= 2 else leaders.get(fold(title), title)
    return full, m.start("verb")
