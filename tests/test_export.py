"""Writers keep Vietnamese intact and the contract's keys in every format; writes are atomic."""
from __future__ import annotations

import csv
import io
import json
import os
import stat
import unicodedata

import pytest
from rich.console import Console

from tbparse import export
from tbparse.export import (FORMATS, render, render_table, to_csv, to_json, to_jsonl,
                            write_atomic)
from tbparse.models import Decision, Document, DocumentMeta, Section, Span, Task

BOM = b"\xef\xbb\xbf"
SPEC_TASK_KEYS = {"id", "field", "section", "owner", "co_owners", "directed_by", "action",
                  "deadline", "deadline_text", "recurrence", "span", "text"}
CSV_HEADER = ["source", "document_number", "document_date", "id", "field", "section", "owner",
              "co_owners", "directed_by", "action", "deadline", "deadline_text", "recurrence",
              "line_start", "line_end"]

ACTION_WITH_QUOTES = 'phối hợp với Sở TTTT tỉnh Khánh Hòa, làm rõ "kiến nghị" của Sở'
ACTION_WITH_NEWLINE = "tổng hợp [báo cáo] quý,\ngửi Bộ trưởng"


def notice() -> Document:
    return Document(
        source="samples/002_e593d8a8560f04fb.txt",
        document=DocumentMeta(kind="Thông báo", number="51/TB-BTTTT", issuer="Bộ Thông tin và Truyền thông",
                              place="Hà Nội", date="2022-04-05", date_text="ngày 05 tháng 4 năm 2022",
                              title="Kết luận của Bộ trưởng tại Hội nghị giao ban Quý 1/2022"),
        sections=[Section(number="I", heading="Lĩnh vực Viễn thông", field="vien-thong", line=12)],
        tasks=[
            Task(id=1, field="vien-thong", section="Lĩnh vực Viễn thông", owner="Cục Viễn thông",
                 co_owners=["Sở TTTT tỉnh Khánh Hòa", "Cục Tần số vô tuyến điện"],
                 directed_by="Thứ trưởng Phạm Đức Long", action=ACTION_WITH_QUOTES,
                 deadline="2022-07-30", deadline_text="30/7/2022",
                 span=Span(line_start=14, line_end=15),
                 text='- Cục Viễn thông phối hợp với Sở TTTT tỉnh Khánh Hòa,\nlàm rõ "kiến nghị" của Sở',
                 decisions=[Decision(what="owner", rule="lead-in", value="Cục Viễn thông", line=13),
                            Decision(what="deadline", rule="date-dmy", value="2022-07-30", line=15)]),
            Task(id=2, field="tong-hop", owner=None, action=ACTION_WITH_NEWLINE,
                 deadline_text="hằng quý", recurrence="hằng quý",
                 span=Span(line_start=20, line_end=20), text="- Tổng hợp [báo cáo] quý, gửi Bộ trưởng"),
        ],
        warnings=["ngày ban hành bị mờ"],
    )


def article() -> Document:
    return Document(
        source="samples/003.txt", document=DocumentMeta(kind="Bài báo"),
        tasks=[Task(id=1, field="cntt", owner="Cục Chuyển đổi số quốc gia",
                    action="đẩy mạnh chuyển đổi số", span=Span(line_start=3, line_end=3),
                    text="Cục Chuyển đổi số quốc gia đẩy mạnh chuyển đổi số.")],
    )


def decomposed(doc: Document) -> Document:
    """The same document as NFD text, the way macOS file names and some OCR emit it."""
    data = json.loads(doc.model_dump_json(), object_hook=lambda d: {
        k: unicodedata.normalize("NFD", v) if isinstance(v, str) else v for k, v in d.items()})
    return Document.model_validate(data)


# --- JSON ---

def test_json_one_document_is_an_object_with_the_contract_keys():
    data = json.loads(to_json([notice()]))
    assert isinstance(data, dict)
    assert {"source", "document", "sections", "tasks", "warnings"} <= data.keys()
    assert data["document"]["number"] == "51/TB-BTTTT"
    first, second = data["tasks"]
    assert SPEC_TASK_KEYS <= first.keys()
    assert "decisions" not in first
    assert first["owner"] == "Cục Viễn thông"
    assert first["co_owners"] == ["Sở TTTT tỉnh Khánh Hòa", "Cục Tần số vô tuyến điện"]
    assert (first["action"], first["deadline"], first["field"]) == (
        ACTION_WITH_QUOTES, "2022-07-30", "vien-thong")
    assert first["span"] == {"line_start": 14, "line_end": 15}
    assert (second["owner"], second["deadline"], second["action"]) == (None, None, ACTION_WITH_NEWLINE)


@pytest.mark.parametrize("docs, expected_sources", [
    pytest.param([notice(), article()], ["samples/002_e593d8a8560f04fb.txt", "samples/003.txt"],
                 id="several"),
    pytest.param([], [], id="none"),
])
def test_json_several_documents_is_a_list(docs, expected_sources):
    data = json.loads(to_json(docs))
    assert isinstance(data, list)
    assert [d["source"] for d in data] == expected_sources


def test_json_is_readable_vietnamese():
    text = to_json([notice()])
    assert "Cục Viễn thông" in text and "\\u" not in text
    assert text.splitlines()[1].startswith('  "source"')


def test_json_explain_adds_decisions():
    tasks = json.loads(to_json([notice()], explain=True))["tasks"]
    assert tasks[0]["decisions"] == [
        {"what": "owner", "rule": "lead-in", "value": "Cục Viễn thông", "line": 13},
        {"what": "deadline", "rule": "date-dmy", "value": "2022-07-30", "line": 15}]
    assert tasks[1]["decisions"] == []


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_output_is_nfc(fmt):
    out = render([decomposed(notice())], fmt)
    text = out.decode("utf-8-sig") if isinstance(out, bytes) else out
    assert text == unicodedata.normalize("NFC", text)
    assert "Cục Viễn thông" in text


# --- JSONL ---

def test_jsonl_one_line_per_task():
    lines = to_jsonl([notice(), article()]).splitlines()
    assert len(lines) == 3
    rows = [json.loads(line) for line in lines]
    assert [(r["source"], r["document_number"], r["document_date"], r["id"]) for r in rows] == [
        ("samples/002_e593d8a8560f04fb.txt", "51/TB-BTTTT", "2022-04-05", 1),
        ("samples/002_e593d8a8560f04fb.txt", "51/TB-BTTTT", "2022-04-05", 2),
        ("samples/003.txt", None, None, 1)]
    assert all(SPEC_TASK_KEYS <= r.keys() for r in rows)
    assert rows[1]["action"] == ACTION_WITH_NEWLINE


def test_jsonl_escapes_unicode_line_separators():
    doc = article()
    doc.tasks[0].action = "đẩy mạnh\u2028chuyển đổi số\x85ngay"
    (line,) = to_jsonl([doc]).splitlines()
    assert json.loads(line)["action"] == "đẩy mạnh\u2028chuyển đổi số\x85ngay"


def test_jsonl_without_tasks_is_empty():
    assert to_jsonl([Document(source="x.txt", document=DocumentMeta())]) == ""


# --- CSV ---

def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM) and not data[len(BOM):].startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8"), newline="")))


def test_csv_round_trips_vietnamese_commas_quotes_newlines():
    header, first, second, third = read_csv(to_csv([notice(), article()]))
    assert header == CSV_HEADER
    row = dict(zip(header, first))
    assert row["action"] == ACTION_WITH_QUOTES
    assert row["co_owners"] == "Sở TTTT tỉnh Khánh Hòa; Cục Tần số vô tuyến điện"
    assert (row["owner"], row["deadline"], row["deadline_text"]) == (
        "Cục Viễn thông", "2022-07-30", "30/7/2022")
    assert (row["line_start"], row["line_end"], row["document_number"]) == ("14", "15", "51/TB-BTTTT")
    row = dict(zip(header, second))
    assert (row["action"], row["owner"], row["recurrence"], row["co_owners"]) == (
        ACTION_WITH_NEWLINE, "", "hằng quý", "")
    assert dict(zip(header, third))["owner"] == "Cục Chuyển đổi số quốc gia"


def test_csv_without_tasks_still_has_its_header():
    assert read_csv(to_csv([])) == [CSV_HEADER]


# --- render ---

@pytest.mark.parametrize("fmt, writer", [
    pytest.param("json", to_json, id="json"),
    pytest.param("jsonl", to_jsonl, id="jsonl"),
    pytest.param("csv", to_csv, id="csv"),
])
def test_render_dispatches(fmt, writer):
    assert render([notice()], fmt) == writer([notice()])


def test_render_json_explain():
    assert "decisions" in json.loads(render([notice()], "json", explain=True))["tasks"][0]


@pytest.mark.parametrize("fmt", ["table", "xml"])
def test_render_refuses_what_it_cannot_return(fmt):
    with pytest.raises(ValueError):
        render([notice()], fmt)


def test_formats():
    assert FORMATS == ("table", "json", "jsonl", "csv")


# --- table ---

def table_text(docs, **kwargs) -> str:
    console = Console(file=io.StringIO(), width=200, color_system=None)
    render_table(docs, console, **kwargs)
    return console.file.getvalue()


def test_table_shows_each_document_and_task():
    out = table_text([notice(), article()])
    for expected in ("Thông báo", "51/TB-BTTTT", "2022-04-05", "Bài báo", "Cục Viễn thông",
                     "Sở TTTT tỉnh Khánh Hòa", "2022-07-30", "30/7/2022", "hằng quý", "14–15",
                     "[báo cáo]", "Cục Chuyển đổi số quốc gia", "ngày ban hành bị mờ"):
        assert expected in out
    assert "lead-in" not in out


def test_table_explain_lists_decisions():
    out = table_text([notice()], explain=True)
    assert "owner: Cục Viễn thông ← lead-in @ 13" in out
    assert "deadline: 2022-07-30 ← date-dmy @ 15" in out


# --- write_atomic ---

def disk_full(*args):
    raise OSError("đĩa đầy")


@pytest.mark.parametrize("data, expected", [
    pytest.param("Cục Viễn thông\n", "Cục Viễn thông\n".encode(), id="text"),
    pytest.param(BOM + "a,b\n".encode(), BOM + b"a,b\n", id="bytes"),
])
def test_write_atomic_writes(tmp_path, data, expected):
    target = tmp_path / "out.txt"
    write_atomic(target, data)
    assert target.read_bytes() == expected
    assert os.listdir(tmp_path) == ["out.txt"]


def test_write_atomic_replaces_and_keeps_permissions(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("cũ", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, "mới")
    assert target.read_text(encoding="utf-8") == "mới"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_write_atomic_failure_keeps_old_file_and_no_temp(tmp_path, monkeypatch, failing):
    target = tmp_path / "out.json"
    target.write_text("bản cũ", encoding="utf-8")
    monkeypatch.setattr(export.os, failing, disk_full)
    with pytest.raises(OSError, match="đĩa đầy"):
        write_atomic(target, "bản mới")
    assert target.read_text(encoding="utf-8") == "bản cũ"
    assert os.listdir(tmp_path) == ["out.json"]


def test_write_atomic_failure_creates_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(export.os, "replace", disk_full)
    with pytest.raises(OSError, match="đĩa đầy"):
        write_atomic(tmp_path / "new.csv", b"data")
    assert os.listdir(tmp_path) == []
