"""Deadlines and recurrence in Vietnamese notices.

General date parsers neither read "Quý III/2023", "6 tháng cuối năm 2021" or "tuần 15 năm 2023",
nor tell a deadline from the date of a cited decision. Here a date counts only after a cue
("Thời hạn hoàn thành:", "trước ngày", "trong năm", …); the cues and every word of the date
grammar live in rules/deadlines.toml, and python-dateutil does the calendar arithmetic.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Callable, Iterator

from dateutil.relativedelta import relativedelta

from tbparse import rules

# Years a typo such as "20223" may be read as.
_PLAUSIBLE_YEARS = range(1945, 2101)


@dataclass(frozen=True)
class DeadlineMatch:
    text: str  # the phrase as written: "30/7/2022", "tuần 15 năm 20223", "trong năm 2022"
    iso: str | None  # "2022-07-30", or None for an event, "Thường xuyên", an unreadable date
    start: int  # offsets of the whole clause, label included, so the caller can cut it out
    end: int
    rule: str  # the cue that fired, for --explain
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Cue:
    rule: str
    rank: int
    in_text: bool
    heading: bool
    field: bool
    regex: re.Pattern
    span: bool = False  # the cue opens a span: only "từ <date> đến <date>" counts, its end is due


@dataclass(frozen=True)
class _Grammar:
    time: re.Pattern
    lead: re.Pattern
    start: re.Pattern
    joiner: re.Pattern
    event: re.Pattern
    quarters: dict[str, int]
    cues: tuple[_Cue, ...]
    every: re.Pattern
    each: re.Pattern
    recurrence_words: re.Pattern  # a term holding one ("giáo dục thường xuyên") matches as a term
    not_after: re.Pattern
    canonical_every: str
    relative: re.Pattern  # "trong 07 ngày làm việc kể từ ngày ký"
    relative_rank: int


# ---------------------------------------------------------------- grammar from rules/deadlines.toml

def _phrase(text: str) -> str:
    """A vocabulary phrase as a regex: a space matches any whitespace, even a line break."""
    return r"\s+".join(re.escape(word) for word in text.split())


def _any(phrases: list[str]) -> str:
    """Longest first, so "thời hạn hoàn thành" wins over "thời hạn"."""
    return "(?:" + "|".join(_phrase(p) for p in sorted(phrases, key=len, reverse=True)) + ")"


def _words(phrases: list[str]) -> re.Pattern:
    return re.compile(r"(?<!\w)" + _any(phrases) + r"(?!\w)", re.IGNORECASE)


def _time_pattern(words: dict[str, list[str]], quarters: dict[str, int]) -> str:
    """One date expression; the outer named group says which form it is."""
    day, month, quarter = _any(words["day"]), _any(words["month"]), _any(words["quarter"])
    week, year, ordinal = _any(words["week"]), _any(words["year"]), _any(words["ordinal"])
    first, last = _any(words["first_part"]), _any(words["last_part"])
    joiner = _any(words["range_joiners"])
    numeral = "(?:" + "|".join(sorted(map(re.escape, quarters), key=len, reverse=True)) + ")"
    no_digit_before = r"(?<![\d/.-])"
    then_year = rf"(?:\s*/\s*|\s+{year}\s+)"  # "tháng 6/2022", "tháng 6 năm 2022"
    forms = [
        # "ngày 15 tháng 7 năm 2022", and "30 tháng 10 năm 2023" after a cue that took the "ngày"
        rf"(?P<worded>(?:{day}\s+|{no_digit_before})(?P<w_d>\d{{1,2}})\s+{month}\s+(?P<w_m>\d{{1,2}})"
        rf"(?:{then_year}(?P<w_y>\d{{4,5}}))?)(?!\d)",
        rf"(?P<week>{week}\s+(?:{ordinal}\s+)?(?P<wk>\d{{1,2}})(?:{then_year}(?P<wk_y>\d{{4,5}}))?)(?![\d/])",
        # "Quý II, III/2024", "Quý II-III/2024": a list of quarters is due with its last
        rf"(?P<quarter>{quarter}\s+(?:{numeral}\s*(?:[,–-]|và)\s*)*(?P<q>{numeral})(?!\w)"
        rf"(?:{then_year}(?P<q_y>\d{{4,5}}))?)(?![\d/])",
        rf"(?P<part>(?:(?P<part_n>\d{{1,2}})\s+)?{month}\s+(?:(?P<part_first>{first})|{last})\s+{year}"
        rf"(?:\s+(?P<part_y>\d{{4,5}}))?)(?!\d)",
        # "tháng 3-4/2024", "tháng 5 và tháng 6/2024": so is a list of months
        rf"(?P<month>{month}\s+(?:\d{{1,2}}\s*(?:[,–-]|và)\s*(?:{month}\s+)?)*(?P<mo>\d{{1,2}})"
        rf"(?:{then_year}(?P<mo_y>\d{{4,5}}))?)(?![\d/])",
        rf"(?P<dmy>{no_digit_before}(?P<dmy_d>\d{{1,2}})\s?(?P<dmy_sep>[/.-])\s?(?P<dmy_m>\d{{1,2}})"
        rf"\s?(?P=dmy_sep)\s?(?P<dmy_y>\d{{4,5}}|\d{{2}}))(?![\d/])",
        rf"(?P<range>(?:{year}\s+)?{no_digit_before}(?:19|20)\d\d\s*(?:[-–]|{joiner})\s*(?:{year}\s+)?"
        rf"(?P<r_y>(?:19|20)\d{{2,3}}))(?![\d/])",
        rf"(?P<my>{no_digit_before}(?P<my_m>\d{{1,2}})\s?[/.-]\s?(?P<my_y>\d{{4,5}}))(?![\d/])",
        rf"(?P<dm>{no_digit_before}(?P<dm_d>\d{{1,2}})\s?[/.-]\s?(?P<dm_m>\d{{1,2}}))(?!\d|[/.-]\d)",
        rf"(?P<year_end>{last}\s+{year}(?:\s+(?P<ye_y>\d{{4,5}}))?)(?![\d/])",
        rf"(?P<year>{year}\s+(?P<y>\d{{4,5}}))(?![\d/])",
        rf"(?P<bare>{no_digit_before}(?:19|20)\d{{2,3}})(?![\d/])",
    ]
    return "|".join(forms)


def _cue(rule: str, spec: dict) -> _Cue:
    """A cue a user adds with only `phrases` is a plain, low-ranked one."""
    return _Cue(rule, spec.get("rank", 9), spec.get("in_text", False), spec.get("heading", False),
                spec.get("field", False), _words(spec["phrases"]), spec.get("span", False))


@lru_cache(maxsize=16)
def _grammar(overlays: tuple[str, ...]) -> _Grammar:
    data = rules.load("deadlines", overlays)
    words, recurrence, relative = data["words"], data["recurrence"], data["relative"]
    quarters = {str(k).upper(): int(v) for k, v in data["quarters"].items()}
    units = _any(recurrence["units"])
    return _Grammar(
        time=re.compile(_time_pattern(words, quarters), re.IGNORECASE),
        lead=re.compile(_any(data["lead_words"]) + r"(?!\w)\s*", re.IGNORECASE),
        start=re.compile(_any(data["start_words"]) + r"(?!\w)\s*", re.IGNORECASE),
        joiner=re.compile(r"\s*(?:[-–]|" + _any(words["range_joiners"]) + r"(?!\w))\s*", re.IGNORECASE),
        event=_words(data["event_words"]),
        quarters=quarters,
        cues=tuple(_cue(rule, spec) for rule, spec in data["cues"].items()),
        every=re.compile(rf"(?<!\w){_any(recurrence['every'])}\s+{units}(?:\s*/\s*{units})*(?!\w)",
                         re.IGNORECASE),
        each=re.compile(rf"(?<!\w){_any(recurrence['each'])}\s+(?P<unit>{units})(?!\w)", re.IGNORECASE),
        recurrence_words=re.compile(rf"(?<!\w)(?:(?P<term>{_any(recurrence['terms'])})|{_any(recurrence['words'])})(?!\w)",
                                    re.IGNORECASE),
        not_after=re.compile(_any(recurrence["not_after"]) + r"\s*$", re.IGNORECASE),
        canonical_every=recurrence["canonical_every"],
        relative=re.compile(
            rf"(?<!\w)(?P<span>{_any(relative['before'])}\s+(?P<n>\d{{1,3}})\s+ngày(?P<working>\s+làm\s+việc)?"
            rf"\s*,?\s*{_any(relative['from_signing'])})(?!\w)", re.IGNORECASE),
        relative_rank=relative.get("rank", 2),
    )


# ---------------------------------------------------------------- reading one date expression

def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1) + relativedelta(day=31)


def _last_part_end(year: int, months: int) -> dt.date:
    """"6 tháng cuối năm" is due at year end; a count that is no number of months is a typo."""
    if not 1 <= months <= 12:
        raise ValueError(months)
    return dt.date(year, 12, 31)


_DueBy = Callable[[int], dt.date]


def _form(m: re.Match, quarters: dict[str, int]) -> tuple[str | None, _DueBy]:
    """The raw year (None when not written) and how the due date follows from a year."""
    g = m.groupdict()
    if g["worded"] or g["dmy"]:
        day, month = (g["w_d"], g["w_m"]) if g["worded"] else (g["dmy_d"], g["dmy_m"])
        return g["w_y"] or g["dmy_y"], lambda y: dt.date(y, int(month), int(day))
    if g["dm"]:
        return None, lambda y: dt.date(y, int(g["dm_m"]), int(g["dm_d"]))
    if g["week"]:
        return g["wk_y"], lambda y: dt.date.fromisocalendar(y, int(g["wk"]), 7)  # Sunday
    if g["quarter"]:
        return g["q_y"], lambda y: _month_end(y, 3 * quarters[g["q"].upper()])
    if g["part"]:
        months = int(g["part_n"] or 1)
        due = _month_end if g["part_first"] else _last_part_end  # "6 tháng đầu năm" → end of June
        return g["part_y"], lambda y: due(y, months)
    if g["month"] or g["my"]:
        month = g["mo"] or g["my_m"]
        return g["mo_y"] or g["my_y"], lambda y: _month_end(y, int(month))
    year = g["r_y"] or g["ye_y"] or g["y"] or g["bare"]
    return year, lambda y: dt.date(y, 12, 31)


def _read_year(raw: str, doc_date: dt.date | None) -> tuple[int | None, list[str]]:
    """"2022" as is, "22" as 2022; "20223" has one keystroke too many: drop a doubled digit
    ("22" → "2") if that gives a year, else the digit that gives the year nearest the document's."""
    if len(raw) == 2:
        return 2000 + int(raw), []
    if len(raw) == 4:
        return int(raw), []
    readings = set()
    for i in range(len(raw)):
        year = int(raw[:i] + raw[i + 1:])
        doubled = raw[i] in (raw[i - 1:i] + raw[i + 1:i + 2])
        if year in _PLAUSIBLE_YEARS:
            readings.add((not doubled, abs(year - doc_date.year) if doc_date else 0, year))
    if not readings:
        return None, [f"year {raw!r} is not a year"]
    year = min(readings)[2]
    return year, [f"year {raw!r} read as {year}"]


def _read(m: re.Match, doc_date: dt.date | None, quarters: dict[str, int]) -> tuple[str | None, list[str]]:
    """A matched date expression → ISO date and warnings. A missing year is the document's,
    or the next one when that would put the deadline before the document was issued."""
    raw_year, due_by = _form(m, quarters)
    written = " ".join(m.group().split())
    try:
        if raw_year is None:
            if doc_date is None:
                return None, [f"no year in {written!r} and no document date to infer it"]
            due = due_by(doc_date.year)
            if due < doc_date:
                due = due_by(doc_date.year + 1)
            return due.isoformat(), []
        year, warnings = _read_year(raw_year, doc_date)
        if year is None:
            return None, warnings
        return due_by(year).isoformat(), warnings
    except ValueError:
        return None, [f"impossible date {written!r}"]


# ---------------------------------------------------------------- public API

def parse_deadline(phrase: str, *, doc_date: dt.date | None = None,
                   overlays: tuple[str, ...] = ()) -> tuple[str | None, list[str]]:
    """A phrase already known to be a deadline → ISO date (or None) and warnings.
    An event or a recurrence with no date is a valid deadline with no date: no warning."""
    return _parse(phrase, _grammar(tuple(overlays)), doc_date)


def deadline_tail(text: str, overlays: tuple[str, ...] = ()) -> int | None:
    """Where a deadline written at a text's end starts, as in a scanned table's row that lost its
    column rules ("… Phòng Văn hóa và Thông tin Tháng 3-4/2024"): the longest tail that opens with
    a date word or a number and reads as a deadline on its own, or None."""
    g = _grammar(tuple(overlays))
    for m in list(re.finditer(r"\S+", text))[-10:]:
        tail = text[m.start():].strip(" .;:_*")
        date = tail
        while (lead := g.lead.match(date)) and lead.end():
            date = date[lead.end():]  # "Trước 30/6 hằng năm", "Chậm nhất ngày …"
        if g.time.match(date) or g.every.match(date) or g.recurrence_words.match(date):
            return m.start()
    return None


def find_deadline(text: str, *, doc_date: dt.date | None = None,
                  overlays: tuple[str, ...] = ()) -> DeadlineMatch | None:
    """The deadline a task's text sets: a date after a cue; the best-ranked cue (a label) wins,
    then the earliest. Dates that are merely mentioned do not count."""
    g = _grammar(tuple(overlays))
    hits = [hit for cue in g.cues for hit in _cue_hits(text, cue, g, doc_date)]
    if (within := _days_after_signing(text, doc_date, g)) is not None:
        hits.append((g.relative_rank, within))
    return _best(iter(hits))


def _days_after_signing(text: str, doc_date: dt.date | None, g: "_Grammar") -> DeadlineMatch | None:
    """ "trong 07 ngày làm việc kể từ ngày ký": a count of days from the notice's own date (working
    days skip weekends; the day of signing does not count)."""
    m = g.relative.search(text)
    if not m:
        return None
    iso = None
    if doc_date:
        days, working = int(m.group("n")), bool(m.group("working"))
        if working:
            day = doc_date
            while days:
                day += dt.timedelta(days=1)
                days -= day.weekday() < 5
            iso = day.isoformat()
        else:
            iso = (doc_date + dt.timedelta(days=days)).isoformat()
    return DeadlineMatch(" ".join(m.group("span").split()), iso, m.start(), m.end(), "days-after-signing")


def find_heading_deadline(heading: str, *, doc_date: dt.date | None = None,
                          overlays: tuple[str, ...] = ()) -> DeadlineMatch | None:
    """A deadline a heading sets for all items under it. Only completion cues count: "Nhiệm vụ
    năm 2022" names a period, "… cần hoàn thành trong 6 tháng cuối năm 2021" sets a deadline."""
    g = _grammar(tuple(overlays))
    best = _best(hit for cue in g.cues if cue.heading for hit in _cue_hits(heading, cue, g, doc_date))
    return replace(best, rule="heading-period") if best else None


def find_recurrence(text: str, overlays: tuple[str, ...] = ()) -> str | None:
    """How often the work repeats, lower-cased: "hàng quý/6 tháng/năm" (as written),
    "hàng quý" (for "theo từng Quý"), else "định kỳ", "thường xuyên"; or None."""
    return _recurrence(text, _grammar(tuple(overlays)))


# ---------------------------------------------------------------- phrases

def _parse(phrase: str, g: _Grammar, doc_date: dt.date | None) -> tuple[str | None, list[str]]:
    """parse_deadline on a loaded grammar: also reads a label's value that starts with no date."""
    text = " ".join(phrase.split())
    pos = _past_start_date(text, 0, g)
    if pos is None:
        return None, [f"{phrase!r} is a start date, not a deadline"]
    found = g.time.search(text, pos)
    if found:
        return _read(found, doc_date, g.quarters)
    if g.event.match(text) or _recurrence(text, g):
        return None, []
    return None, [f"no date in deadline {phrase!r}"]


def _recurrence(text: str, g: _Grammar) -> str | None:
    for m in g.every.finditer(text):
        if not g.not_after.search(text, 0, m.start()):
            return " ".join(m.group().split()).lower()
    for m in g.each.finditer(text):
        if not g.not_after.search(text, 0, m.start()):
            return f"{g.canonical_every} {' '.join(m.group('unit').split()).lower()}"
    for m in g.recurrence_words.finditer(text):
        if not m.group("term"):
            return " ".join(m.group().split()).lower()
    return None


# ---------------------------------------------------------------- cues

# OCR reads a label's colon as ";" at times: accepted when a date follows
_SEPARATOR = re.compile(r"[\s*_]*(?P<colon>[:：]|;(?=\s*\d))?[\s*_]*")
_FREE_VALUE = re.compile(r"[^\n]+?(?=\s*(?:[.;](?:\s|$)|\n|$))")


def _best(hits: Iterator[tuple[int, DeadlineMatch]]) -> DeadlineMatch | None:
    ranked = sorted(hits, key=lambda hit: (hit[0], hit[1].start))
    return ranked[0][1] if ranked else None


def _cue_hits(text: str, cue: _Cue, g: _Grammar, doc_date: dt.date | None) -> Iterator[tuple[int, DeadlineMatch]]:
    for found in cue.regex.finditer(text):
        match = _deadline_after(text, found, cue, g, doc_date)
        if match:
            yield cue.rank, match


def _deadline_after(text: str, cue_match: re.Match, cue: _Cue, g: _Grammar,
                    doc_date: dt.date | None) -> DeadlineMatch | None:
    """What follows a cue: a date expression, or, after "Label:", any value up to the sentence end.
    A field label keeps its whole value ("trước ngày 30/6/2022", "từ 01/7 đến 30/9/2025") as
    deadline_text; after other cues only the date is kept, and a period already over when the
    notice was issued is history ("kết quả nổi bật trong Quý I/2023"), not a deadline."""
    sep = _SEPARATOR.match(text, cue_match.end())
    pos = _past_start_date(text, cue_match.start() if cue.span else sep.end(), g)
    if pos is None or cue.span and pos == cue_match.start():
        return None
    found = _time_at(text, pos, g, cue.field)
    if found:
        iso, warnings = _read(found, doc_date, g.quarters)
        if not cue.field and iso and doc_date and iso < doc_date.isoformat():
            return None
        begin = cue_match.start() if cue.in_text else sep.end() if cue.field else found.start()
        return DeadlineMatch(_as_written(text[begin:found.end()], g), iso, cue_match.start(),
                             found.end(), cue.rule, tuple(warnings))
    value = _FREE_VALUE.match(text, pos) if sep["colon"] and cue.field else None
    if not value:
        return None
    iso, warnings = _parse(value.group(), g, doc_date)
    return DeadlineMatch(_as_written(value.group(), g), iso, cue_match.start(), value.end(),
                         cue.rule, tuple(warnings))


def _time_at(text: str, pos: int, g: _Grammar, bare_year: bool) -> re.Match | None:
    """A date expression right at pos, or after one lead word ("trước ngày", "trong").
    A lone number is a year only in a labelled field: "trong 2000 xã" is no deadline."""
    lead = g.lead.match(text, pos)
    for start in (pos, lead.end()) if lead else (pos,):
        if clock := _CLOCK.match(text, start):  # "trước 16 giờ 00 ngày 20/9/2024": the day counts
            start = g.lead.match(text, clock.end()).end() if g.lead.match(text, clock.end()) else clock.end()
        found = g.time.match(text, start)
        if found and (bare_year or not found["bare"]):
            return found
    return None


# the hour before a day; in a scan "16 xe 00 ngày": a word of the hour misread, known by its minutes
_CLOCK = re.compile(r"\d{1,2}\s*(?:giờ|h|g)\s*(?:\d{1,2}\s*(?:phút|')?)?\s*,?\s*(?=\S)"
                    r"|\d{1,2}\s+[^\W\d_]{1,3}\s+\d{2}\s+(?=ngày)", re.IGNORECASE)


def _past_start_date(text: str, pos: int, g: _Grammar) -> int | None:
    """Skip "từ 01/7 đến" so the end of a span is read; None when only a start date is given
    ("Từ 01/7/2025" is when work begins, not when it is due). "từ nay đến …" has no start date."""
    start = g.start.match(text, pos)
    first = _time_at(text, start.end(), g, True) if start else None  # "từ ngày 15/5/2024 đến …"
    if not first:
        return pos
    if first["range"]:
        return start.end()
    joiner = g.joiner.match(text, first.end())
    return joiner.end() if joiner else None


def _as_written(phrase: str, g: _Grammar) -> str:
    """One line; an all-capitals heading phrase in lower case, quarter numerals kept ("quý IV")."""
    phrase = " ".join(phrase.split())
    if phrase != phrase.upper():
        return phrase
    return re.sub(r"\w+", lambda w: w[0] if w[0] in g.quarters else w[0].lower(), phrase)
