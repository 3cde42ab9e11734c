"""Deadline and recurrence phrases, on forms seen in real notices and on the gold annotations."""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from tbparse.deadlines import (
    DeadlineMatch,
    find_deadline,
    find_heading_deadline,
    find_recurrence,
    parse_deadline,
)

ROOT = Path(__file__).resolve().parents[1]
GOLD = sorted((ROOT / "tests" / "data").glob("*.gold.json"))
DOC = dt.date(2022, 1, 18)  # seed 004's issue date


# ---------------------------------------------------------------- parse_deadline: every form

@pytest.mark.parametrize("phrase, expected", [
    pytest.param("30/7/2022", "2022-07-30", id="dd/mm/yyyy"),
    pytest.param("Tháng 3-4/2022", "2022-04-30", id="months-range-ends-with-the-last"),
    pytest.param("tháng 5 và tháng 6/2022", "2022-06-30", id="months-listed"),
    pytest.param("Quý II, III/2022", "2022-09-30", id="quarters-listed"),
    pytest.param("1/7/2022", "2022-07-01", id="d/m/yyyy"),
    pytest.param("01-07-2022", "2022-07-01", id="dd-mm-yyyy"),
    pytest.param("30.6.2022", "2022-06-30", id="dd.mm.yyyy"),
    pytest.param("30/6/22", "2022-06-30", id="two-digit-year"),
    pytest.param("ngày 15 tháng 7 năm 2022", "2022-07-15", id="worded-date"),
    pytest.param("tháng 6/2022", "2022-06-30", id="month-slash-year"),
    pytest.param("tháng 6 năm 2022", "2022-06-30", id="month-nam-year"),
    pytest.param("tháng 2/2024", "2024-02-29", id="month-end-leap-year"),
    pytest.param("6/2025", "2025-06-30", id="bare-month-year"),
    pytest.param("Quý III/2023", "2023-09-30", id="quarter-roman"),
    pytest.param("quý 3 năm 2023", "2023-09-30", id="quarter-digit-nam"),
    pytest.param("Quý IV/2025", "2025-12-31", id="quarter-iv"),
    pytest.param("Quý 11/2025", "2025-06-30", id="quarter-ii-as-ocr-reads-it"),
    pytest.param("QUÝ I/2023", "2023-03-31", id="quarter-upper-case"),
    pytest.param("6 tháng đầu năm 2021", "2021-06-30", id="first-half"),
    pytest.param("6 tháng cuối năm 2021", "2021-12-31", id="second-half"),
    pytest.param("tháng đầu năm 2022", "2022-01-31", id="first-month"),
    pytest.param("tuần 15 năm 2023", "2023-04-16", id="iso-week-sunday"),
    pytest.param("tuần thứ 1 năm 2021", "2021-01-10", id="iso-week-1-2021"),
    pytest.param("năm 2022", "2022-12-31", id="year"),
    pytest.param("trong năm 2022", "2022-12-31", id="within-year"),
    pytest.param("cuối năm 2022", "2022-12-31", id="end-of-year"),
    pytest.param("2025", "2025-12-31", id="bare-year"),
    pytest.param("2024-2025", "2025-12-31", id="year-range"),
    pytest.param("năm 2024 - 2025", "2025-12-31", id="year-range-spaced"),
    pytest.param("Từ 01/7/2025 đến 30/9/2025", "2025-09-30", id="span-end"),
    pytest.param("từ nay đến hết năm 2022", "2022-12-31", id="from-now-until"),
    pytest.param("hàng năm, trước ngày 15/12/2022", "2022-12-15", id="recurrence-with-date"),
    pytest.param("Ngay từ những ngày đầu, tháng đầu năm 2022", "2022-01-31", id="early-period"),
])
def test_parse_deadline_forms(phrase, expected):
    assert parse_deadline(phrase, doc_date=DOC) == (expected, [])


@pytest.mark.parametrize("phrase, doc_date, expected", [
    pytest.param("trước ngày 15/8", dt.date(2022, 4, 5), "2022-08-15", id="later-this-year"),
    pytest.param("30/4", dt.date(2022, 4, 5), "2022-04-30", id="same-month"),
    pytest.param("15/3", dt.date(2022, 4, 5), "2023-03-15", id="before-doc-date-is-next-year"),
    pytest.param("Quý III", dt.date(2023, 5, 1), "2023-09-30", id="quarter-without-year"),
    pytest.param("tháng 1", dt.date(2021, 11, 2), "2022-01-31", id="month-without-year-rolls"),
    pytest.param("cuối năm", dt.date(2022, 4, 5), "2022-12-31", id="end-of-this-year"),
])
def test_missing_year_comes_from_document_date(phrase, doc_date, expected):
    assert parse_deadline(phrase, doc_date=doc_date) == (expected, [])


def test_missing_year_without_document_date_is_none_with_warning():
    iso, warnings = parse_deadline("30/4")
    assert iso is None
    assert len(warnings) == 1 and "30/4" in warnings[0]


@pytest.mark.parametrize("phrase, doc_date, expected", [
    pytest.param("tuần 15 năm 20223", dt.date(2023, 5, 1), "2023-04-16", id="week-doubled-digit"),
    pytest.param("tuần 15 năm 20223", None, "2023-04-16", id="doubled-digit-without-doc-date"),
    pytest.param("30/6/20222", None, "2022-06-30", id="trailing-doubled-digit"),
    pytest.param("30/6/20232", dt.date(2023, 1, 9), "2023-06-30", id="nearest-document-year"),
])
def test_year_typo_gives_best_reading_and_warning(phrase, doc_date, expected):
    iso, warnings = parse_deadline(phrase, doc_date=doc_date)
    assert iso == expected
    assert len(warnings) == 1 and "read as" in warnings[0]


@pytest.mark.parametrize("phrase", [
    pytest.param("31/6/2022", id="day-past-month-end"),
    pytest.param("30/13/2022", id="month-13"),
    pytest.param("29/2/2023", id="no-leap-day"),
    pytest.param("Quý V/2023", id="quarter-5"),
    pytest.param("tuần 54 năm 2023", id="week-54"),
    pytest.param("tháng 13/2022", id="month-13-worded"),
    pytest.param("30/6/99999", id="five-digits-no-year"),
])
def test_impossible_date_is_none_with_warning(phrase):
    iso, warnings = parse_deadline(phrase, doc_date=DOC)
    assert iso is None
    assert warnings


@pytest.mark.parametrize("phrase", [
    pytest.param("Thường xuyên", id="regularly"),
    pytest.param("hằng năm", id="yearly"),
    pytest.param("hàng quý/6 tháng/năm", id="multi-period"),
    pytest.param("sau khi Nghị định sửa đổi được ban hành", id="event"),
])
def test_no_date_but_valid_deadline_text(phrase):
    assert parse_deadline(phrase, doc_date=DOC) == (None, [])


def test_start_date_is_not_a_deadline():
    iso, warnings = parse_deadline("Từ 01/7/2025", doc_date=DOC)
    assert iso is None
    assert "start date" in warnings[0]
    assert find_deadline("triển khai từ ngày 01/7/2025 trên toàn tỉnh", doc_date=DOC) is None
    assert find_deadline("thu học phí qua tài khoản ngân hàng từ năm học 2022 - 2023", doc_date=DOC) is None


def test_unreadable_phrase_warns():
    iso, warnings = parse_deadline("theo tiến độ của dự án", doc_date=DOC)
    assert iso is None and warnings


# ---------------------------------------------------------------- the gold annotations

def _doc_date(document: dict) -> dt.date | None:
    """The issue date, or its first possible day when only month/year are legible."""
    if document.get("date"):
        return dt.date.fromisoformat(document["date"])
    text = document.get("date_text") or ""
    year = re.search(r"(?:19|20)\d\d", text)
    month = re.search(r"tháng\s+(\d{1,2})|\d{4}-(\d{2})", text)
    if not year:
        return None
    return dt.date(int(year.group()), int(next(filter(None, month.groups()))) if month else 1, 1)


def _gold_pairs():
    for path in GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc_date = _doc_date(gold["document"])
        for n, task in enumerate(gold["tasks"]):
            if task["deadline_text"] is not None:
                yield pytest.param(task["deadline_text"], doc_date, task["deadline"],
                                   id=f"{path.name[:3]}-task{n}-{task['deadline_text']}")


GOLD_PAIRS = list(_gold_pairs())


def test_gold_has_deadlines():
    assert len(GOLD_PAIRS) > 40


@pytest.mark.parametrize("deadline_text, doc_date, expected", GOLD_PAIRS)
def test_gold_deadline_text_parses_to_gold_deadline(deadline_text, doc_date, expected):
    assert parse_deadline(deadline_text, doc_date=doc_date)[0] == expected


def _source_text(path: Path) -> str:
    clean = path.with_name(path.name.replace(".gold.json", ".clean.txt"))
    sample = ROOT / "samples" / path.name.replace(".gold.json", ".txt")
    return (clean if clean.exists() else sample).read_text(encoding="utf-8")


def _paragraphs(text: str) -> list[str]:
    """Blank lines and bullets start a paragraph; a piece starting in lower case continues one."""
    paragraphs: list[str] = []
    for piece in re.split(r"\n\s*\n|\n(?=\s*(?:[-#]|\(?\d+[.)]))", text):
        piece = " ".join(piece.split())
        if paragraphs and piece[:1].islower():
            paragraphs[-1] += " " + piece
        elif piece:
            paragraphs.append(piece)
    return paragraphs


def _from_sentence(paragraph: str, at: int) -> str:
    """The paragraph from the sentence holding `at`: a one-line-per-item source runs on."""
    cut = max(paragraph.rfind(stop, 0, at) for stop in (". ", "; ", ": "))
    return paragraph[cut + 2:] if cut >= 0 else paragraph


def _gold_in_source():
    """Each gold task whose deadline is written in its own paragraph (not inherited from a heading)."""
    for path in GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = _paragraphs(_source_text(path))
        for n, task in enumerate(gold["tasks"]):
            head = " ".join(task["action"].split()[:6]).lower()
            for para in paragraphs:
                if head in para.lower() and task["deadline_text"] and task["deadline_text"] in para:
                    yield pytest.param(_from_sentence(para, para.lower().index(head)), _doc_date(gold["document"]),
                                       task["deadline_text"], task["deadline"], id=f"{path.name[:3]}-task{n}")
                    break


GOLD_IN_SOURCE = list(_gold_in_source())


def test_gold_source_paragraphs_found():
    assert len(GOLD_IN_SOURCE) >= 35


@pytest.mark.parametrize("paragraph, doc_date, deadline_text, expected", GOLD_IN_SOURCE)
def test_find_deadline_in_gold_source(paragraph, doc_date, deadline_text, expected):
    match = find_deadline(paragraph, doc_date=doc_date)
    assert (match.text, match.iso) == (deadline_text, expected)


def _gold_headings():
    """Every gold section heading, with the deadline its tasks inherit from it (or None)."""
    for path in GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        for section in gold["sections"]:
            heading = section["heading"]
            if not heading:
                continue
            inherited = {(t["deadline_text"], t["deadline"]) for t in gold["tasks"]
                         if t["section"] == heading and t["deadline_text"]
                         and t["deadline_text"].lower() in heading.lower()}
            yield pytest.param(heading, _doc_date(gold["document"]), inherited.pop() if inherited else None,
                               id=f"{path.name[:3]}-{section['number']}-{heading[:30]}")


GOLD_HEADINGS = list(_gold_headings())


def test_gold_headings_include_one_that_sets_a_deadline():
    assert sum(1 for p in GOLD_HEADINGS if p.values[2]) == 1


@pytest.mark.parametrize("heading, doc_date, expected", GOLD_HEADINGS)
def test_gold_heading_deadline(heading, doc_date, expected):
    match = find_heading_deadline(heading, doc_date=doc_date)
    assert ((match.text, match.iso) if match else None) == expected


# ---------------------------------------------------------------- find_deadline

@pytest.mark.parametrize("text, deadline_text, iso, rule, clause", [
    pytest.param("báo cáo Lãnh đạo Bộ. Thời hạn hoàn thành: 30/7/2022.", "30/7/2022", "2022-07-30",
                 "label", "Thời hạn hoàn thành: 30/7/2022", id="label"),
    pytest.param("(1) Xóa các vùng lõm sóng, thời hạn hoàn thành: 30/6/2022", "30/6/2022", "2022-06-30",
                 "label", "thời hạn hoàn thành: 30/6/2022", id="label-after-comma"),
    pytest.param("có văn bản nhắc nhở lần 2. Thời hạn: 30/9/2021.", "30/9/2021", "2021-09-30",
                 "label", "Thời hạn: 30/9/2021", id="short-label"),
    pytest.param("Thời gian hoàn thành: Quý IV/2025", "Quý IV/2025", "2025-12-31",
                 "label", "Thời gian hoàn thành: Quý IV/2025", id="plan-field"),
    pytest.param("Hạn hoàn thành 15/8/2022", "15/8/2022", "2022-08-15",
                 "label", "Hạn hoàn thành 15/8/2022", id="label-without-colon"),
    pytest.param("đối tượng quản lý. Thời hạn hoàn\nthành: 30/4/2022.", "30/4/2022", "2022-04-30",
                 "label", "Thời hạn hoàn\nthành: 30/4/2022", id="label-broken-across-lines"),
    pytest.param("**Thời hạn:** 30/6/2022", "30/6/2022", "2022-06-30",
                 "label", "Thời hạn:** 30/6/2022", id="markdown-label"),
    pytest.param("Thời hạn: trước ngày 30/6/2022", "trước ngày 30/6/2022", "2022-06-30",
                 "label", "Thời hạn: trước ngày 30/6/2022", id="label-with-lead-word"),
    pytest.param("Thời gian thực hiện: 2024-2025", "2024-2025", "2025-12-31",
                 "label", "Thời gian thực hiện: 2024-2025", id="plan-year-range"),
    pytest.param("Thời gian thực hiện: từ 01/7/2022 đến hết 30/9/2022", "từ 01/7/2022 đến hết 30/9/2022",
                 "2022-09-30",
                 "label", "Thời gian thực hiện: từ 01/7/2022 đến hết 30/9/2022", id="plan-span"),
    pytest.param("Thời gian: từ ngày 15/5/2022 đến ngày 15/7/2022", "từ ngày 15/5/2022 đến ngày 15/7/2022",
                 "2022-07-15", "label", "Thời gian: từ ngày 15/5/2022 đến ngày 15/7/2022", id="span-of-days"),
    pytest.param("tổ chức kiểm tra từ ngày 15/5/2022 đến ngày 15/7/2022.", "từ ngày 15/5/2022 đến ngày 15/7/2022",
                 "2022-07-15", "span", "từ ngày 15/5/2022 đến ngày 15/7/2022", id="span-without-a-label"),
    pytest.param("Thời hạn: từ nay đến hết tháng 6/2022", "từ nay đến hết tháng 6/2022", "2022-06-30",
                 "label", "Thời hạn: từ nay đến hết tháng 6/2022", id="from-now-until"),
    pytest.param("Thời gian thực hiện: 2025", "2025", "2025-12-31",
                 "label", "Thời gian thực hiện: 2025", id="plan-bare-year"),
    pytest.param("trình báo cáo bộ trưởng. Thời hạn hoàn thành: tuần 15 năm 20223.", "tuần 15 năm 20223",
                 "2023-04-16", "label", "Thời hạn hoàn thành: tuần 15 năm 20223", id="typo-kept-raw"),
    pytest.param("Các Sở báo cáo kết quả trước ngày 15/8.", "15/8", "2022-08-15",
                 "before-date", "trước ngày 15/8", id="before-date-no-year"),
    pytest.param("gửi báo cáo trước 16 giờ 00 ngày 20/9/2022.", "20/9/2022", "2022-09-20",
                 "before-date", "trước 16 giờ 00 ngày 20/9/2022", id="time-of-day-before-the-date"),
    pytest.param("nộp hồ sơ trước 16h00 ngày 25/9/2022", "25/9/2022", "2022-09-25",
                 "before-date", "trước 16h00 ngày 25/9/2022", id="time-of-day-as-16h00"),
    pytest.param("hoàn thành trước 16 xe 00 ngày 20/9/2022.", "20/9/2022", "2022-09-20",
                 "before-date", "trước 16 xe 00 ngày 20/9/2022", id="scan-misread-the-hour"),
    pytest.param("báo cáo trong 07 ngày làm việc kể từ ngày ký Thông báo này", "trong 07 ngày làm việc kể từ ngày ký",
                 "2022-01-27", "days-after-signing", "trong 07 ngày làm việc kể từ ngày ký", id="working-days-after-signing"),
    pytest.param("hoàn thành trong 15 ngày kể từ ngày ký", "trong 15 ngày kể từ ngày ký", "2022-02-02",
                 "days-after-signing", "trong 15 ngày kể từ ngày ký", id="days-after-signing"),
    pytest.param("chậm nhất vào cuối quý II/2022", "quý II/2022", "2022-06-30", "before-date",
                 "chậm nhất vào cuối quý II/2022", id="end-of-a-quarter"),
    pytest.param("gửi Bộ chậm nhất ngày 30/4/2022", "30/4/2022", "2022-04-30",
                 "before-date", "chậm nhất ngày 30/4/2022", id="at-the-latest"),
    pytest.param("phấn đấu hoàn thành trong quý III/2023", "quý III/2023", "2023-09-30",
                 "complete-by", "hoàn thành trong quý III/2023", id="complete-within"),
    pytest.param("Nhiệm vụ trọng tâm trong năm 2022 là xây dựng các hệ thống", "trong năm 2022",
                 "2022-12-31", "within-period", "trong năm 2022", id="within-year"),
    pytest.param("tổ chức hội nghị trong tháng 6/2022", "trong tháng 6/2022", "2022-06-30",
                 "within-period", "trong tháng 6/2022", id="within-month"),
    pytest.param("1. Ngay từ những ngày đầu, tháng đầu năm 2022, tất cả các cơ quan quán triệt",
                 "Ngay từ những ngày đầu, tháng đầu năm 2022", "2022-01-31", "early-period",
                 "Ngay từ những ngày đầu, tháng đầu năm 2022", id="early-period"),
    pytest.param("Rà soát quy chế. Thời gian: Quý III/2022.", "Quý III/2022", "2022-09-30",
                 "label", "Thời gian: Quý III/2022", id="plain-time-label"),
    pytest.param("30 tháng 10 năm 2022 phải xong: trước ngày 30 tháng 10 năm 2022", "30 tháng 10 năm 2022",
                 "2022-10-30", "before-date", "trước ngày 30 tháng 10 năm 2022", id="worded-after-truoc-ngay"),
    pytest.param("Thời gian hoàn thành: Thường xuyên", "Thường xuyên", None,
                 "label", "Thời gian hoàn thành: Thường xuyên", id="label-regularly"),
    pytest.param("Thời hạn: sau khi Nghị định sửa đổi được ban hành. Tiếp theo", "sau khi Nghị định sửa đổi "
                 "được ban hành", None, "label", "Thời hạn: sau khi Nghị định sửa đổi được ban hành",
                 id="label-event"),
    pytest.param("trình UBND tỉnh đề án vào cuối tháng 9/2022.", "vào cuối tháng 9/2022", "2022-09-30", "by-end",
                 "vào cuối tháng 9/2022", id="by-the-end-of-a-month"),
    pytest.param("tổng hợp, báo cáo Chủ tịch UBND tỉnh tại phiên họp thường kỳ tháng 12/2022.",
                 "tại phiên họp thường kỳ tháng 12/2022", "2022-12-31", "at-meeting",
                 "tại phiên họp thường kỳ tháng 12/2022", id="at-a-months-meeting"),
    pytest.param("tổ chức thực hiện trong năm học 2022-2023.", "trong năm học 2022-2023", "2023-12-31",
                 "within-period", "trong năm học 2022-2023", id="school-year"),
    pytest.param("triển khai trong giai đoạn 2022 - 2023.", "trong giai đoạn 2022 - 2023", "2023-12-31",
                 "within-period", "trong giai đoạn 2022 - 2023", id="stage-of-years"),
])
def test_find_deadline(text, deadline_text, iso, rule, clause):
    match = find_deadline(text, doc_date=DOC)
    assert (match.text, match.iso, match.rule) == (deadline_text, iso, rule)
    assert text[match.start:match.end] == clause
    assert match.warnings == (("year '20223' read as 2023",) if "20223" in text else ())


@pytest.mark.parametrize("text", [
    pytest.param("theo phân công tại Quyết định số 27/QĐ-UBQGCĐS ngày 15/03/2022 của Ủy ban Quốc gia",
                 id="decision-date"),
    pytest.param("thực hiện Nghị quyết số 01/NQ-CP ngày 08/01/2022 của Chính phủ", id="resolution-date"),
    pytest.param("Chương trình Chuyển đổi số Quốc gia đến năm 2025, tầm nhìn đến năm 2030", id="vision-year"),
    pytest.param("Dự kiến năm 2024 sẽ tăng 20%", id="forecast-year"),
    pytest.param("Ngày 28/3/2022, tại trụ sở Bộ đã tổ chức Hội nghị", id="meeting-date"),
    pytest.param("hoàn thành các chỉ tiêu sản xuất kinh doanh năm 2022", id="hoan-thanh-not-followed-by-date"),
    pytest.param("Thời gian thực hiện: Từ 01/7/2025", id="start-date"),
    pytest.param("Từ 01/7/2025, các đơn vị áp dụng quy định mới", id="start-date-unlabelled"),
    pytest.param("chưa có thời hạn hoàn thành, đề nghị báo cáo trong vòng bảy ngày", id="label-without-value"),
    pytest.param("Nhiệm vụ trọng tâm của giai đoạn 2022-2024 là phục hồi", id="period-name"),
    pytest.param("hỗ trợ trong 2000 xã vùng sâu", id="number-is-not-a-year"),
    pytest.param("những kết quả nổi bật trong Quý IV/2021 của Bộ", id="period-already-over"),
])
def test_mentioned_dates_are_not_deadlines(text):
    assert find_deadline(text, doc_date=DOC) is None


def test_label_wins_over_earlier_cue():
    text = "Trong năm 2022, Cục Viễn thông xây dựng báo cáo. Thời hạn hoàn thành: 30/6/2022."
    match = find_deadline(text, doc_date=DOC)
    assert (match.text, match.rule) == ("30/6/2022", "label")


def test_first_of_equal_cues_wins():
    text = "Thời hạn hoàn thành: 30/6/2022; báo cáo tổng kết, thời hạn hoàn thành: 30/12/2022"
    assert find_deadline(text, doc_date=DOC).iso == "2022-06-30"


def test_labelled_past_date_is_kept():
    assert find_deadline("Thời hạn hoàn thành: 30/12/2021.", doc_date=DOC).iso == "2021-12-30"


def test_impossible_labelled_date_keeps_text_and_warns():
    match = find_deadline("Thời hạn hoàn thành: 31/6/2022.", doc_date=DOC)
    assert (match.text, match.iso) == ("31/6/2022", None)
    assert match.warnings


def test_match_is_frozen():
    match = find_deadline("Thời hạn: 30/6/2022", doc_date=DOC)
    assert isinstance(match, DeadlineMatch)
    with pytest.raises(AttributeError):
        match.iso = None


# ---------------------------------------------------------------- headings

@pytest.mark.parametrize("heading, deadline_text, iso", [  # headings of notices issued in 2021
    pytest.param("#### **I. MỘT SỐ NHIỆM VỤ TRỌNG TÂM CÁC CƠ QUAN, ĐƠN VỊ, DOANH NGHIỆP TRONG NGÀNH TTTT "
                 "CẦN HOÀN THÀNH TRONG 6 THÁNG CUỐI NĂM 2021**", "6 tháng cuối năm 2021", "2021-12-31",
                 id="seed-001-heading"),
    pytest.param("II. CÁC NHIỆM VỤ PHẢI THỰC HIỆN XONG TRƯỚC QUÝ IV/2025", "quý IV/2025", "2025-12-31",
                 id="upper-case-keeps-roman"),
    pytest.param("Các nhiệm vụ cần hoàn thành trước ngày 30/6/2022", "30/6/2022", "2022-06-30",
                 id="before-date"),
    pytest.param("II. NHIỆM VỤ TRỌNG TÂM CẦN TẬP TRUNG THỰC HIỆN TRONG QUÝ IV NĂM 2021", "quý IV năm 2021",
                 "2021-12-31", id="work-carried-out-within"),
])
def test_heading_sets_deadline(heading, deadline_text, iso):
    match = find_heading_deadline(heading, doc_date=dt.date(2021, 7, 16))
    assert (match.text, match.iso, match.rule) == (deadline_text, iso, "heading-period")


@pytest.mark.parametrize("heading", [
    pytest.param("Nhiệm vụ năm 2022", id="year"),
    pytest.param("Nhiệm vụ giai đoạn 2022-2024", id="period"),
    pytest.param("Nhiệm vụ, giải pháp chủ yếu năm 2022 và giai đoạn 2022-2024", id="seed-004"),
    pytest.param("II. NHIỆM VỤ TRỌNG TÂM TRONG NĂM 2022", id="within-is-no-completion-cue"),
    pytest.param("Kết luận Hội nghị giao ban Quý II/2022", id="meeting-quarter"),
])
def test_heading_naming_a_period_sets_no_deadline(heading):
    assert find_heading_deadline(heading, doc_date=DOC) is None


# ---------------------------------------------------------------- recurrence

@pytest.mark.parametrize("text, expected", [
    pytest.param("Cục Viễn thông hàng quý công bố kết quả xếp hạng", "hàng quý", id="hang-quy"),
    pytest.param("do tính chất quan trọng của giao ban QLNN hàng Quý", "hàng quý", id="capital-unit"),
    pytest.param("tổ chức đo lường số liệu cả nước theo từng Quý. Đánh giá", "hàng quý", id="theo-tung-quy"),
    pytest.param("theo dõi và định kỳ hàng quý/6 tháng/năm tổng hợp báo cáo", "hàng quý/6 tháng/năm",
                 id="multi-period-wins-over-dinh-ky"),
    pytest.param("Phối hợp với C06 định kỳ đánh giá việc bảo đảm an toàn", "định kỳ", id="dinh-ky"),
    pytest.param("Hằng năm, báo cáo Bộ trưởng", "hằng năm", id="hang-nam-written-as-is"),
    pytest.param("hàng tháng cập nhật số liệu", "hàng tháng", id="hang-thang"),
    pytest.param("Thường xuyên", "thường xuyên", id="thuong-xuyen"),
    pytest.param("Trung tâm Giáo dục thường xuyên tỉnh thường xuyên báo cáo", "thường xuyên",
                 id="after-a-term-holding-the-word"),
])
def test_find_recurrence(text, expected):
    assert find_recurrence(text) == expected


@pytest.mark.parametrize("text", [
    pytest.param("Đề xuất các địa phương có ngân sách hàng năm (tối thiểu 1%) chi cho truyền thông",
                 id="annual-budget"),
    pytest.param("Duy trì nhịp độ tăng trưởng doanh thu hàng năm từ 5-5,5%", id="annual-revenue"),
    pytest.param("Thời hạn hoàn thành: 30/6/2022", id="one-off"),
    pytest.param("từng bước thực hiện nhiệm vụ giám sát hàng hóa", id="tung-buoc-hang-hoa"),
    pytest.param("phối hợp với Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên cấp huyện bố trí",
                 id="unit-named-for-continuing-education"),
])
def test_no_recurrence(text):
    assert find_recurrence(text) is None


# ---------------------------------------------------------------- vocabulary is data

def test_overlay_adds_vocabulary(tmp_path):
    (tmp_path / "deadlines.toml").write_text(
        '[cues.label]\nphrases = ["Hạn chót"]\n[recurrence]\nwords = ["liên tục"]\n', encoding="utf-8")
    overlays = (str(tmp_path),)
    assert find_deadline("Hạn chót: 30/6/2022", overlays=overlays).iso == "2022-06-30"
    assert find_deadline("Hạn chót: 30/6/2022") is None
    assert find_recurrence("theo dõi liên tục", overlays=overlays) == "liên tục"
