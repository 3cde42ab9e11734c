"""Word notices: paragraphs and table rows become lines, Word's list numbers come back."""
import re
import zipfile
from xml.sax.saxutils import escape

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tbparse import extract_file
from tbparse.read import InputError, read_file

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# one list: level 0 "I.", level 1 "1.", level 2 "a)"
NUMBERING = f"""<?xml version="1.0" encoding="UTF-8"?><w:numbering {NS}>
<w:abstractNum w:abstractNumId="7">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="8"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum>
<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num><w:num w:numId="4"><w:abstractNumId w:val="8"/></w:num>
</w:numbering>"""


def para(text, level=None, num=3):
    props = f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>' if level is not None else ""
    runs = "".join(f'<w:r><w:t xml:space="preserve">{escape(part)}</w:t></w:r>' for part in text.split("|"))
    return f"<w:p>{props}{runs}</w:p>"


def table(*rows):
    cells = lambda row: "".join(f"<w:tc>{para(c)}</w:tc>" for c in row)  # noqa: E731
    return "<w:tbl>" + "".join(f"<w:tr>{cells(r)}</w:tr>" for r in rows) + "</w:tbl>"


def write_docx(path, *blocks, numbering=NUMBERING):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>'
                   + "".join(blocks) + "</w:body></w:document>")
        if numbering:
            z.writestr("word/numbering.xml", numbering)
    return path


NOTICE = (
    para("THÔNG BÁO"),
    para("Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về phòng, chống dịch"),
    para("NHIỆM VỤ CỤ THỂ", 0),
    para("Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính xây dựng |kế hoạch, hoàn thành trước ngày 30/6/2025.", 1),
    para("Sở Giáo dục và Đào tạo rà soát cơ sở vật chất trường học, báo cáo trước ngày 15/7/2025.", 1),
    para("TỔ CHỨC THỰC HIỆN", 0),
    para("Văn phòng UBND tỉnh theo dõi, đôn đốc thực hiện.", 1),
    table(("TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"),
          ("1", "Xây dựng cơ sở dữ liệu ngành y tế", "Sở Y tế", "Quý III/2025")),
)


def test_paragraphs_table_rows_and_word_numbers_become_lines(tmp_path):
    source = read_file(write_docx(tmp_path / "tb.docx", *NOTICE))
    assert source.encoding == "docx"
    assert source.raw_lines == [
        "THÔNG BÁO",
        "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về phòng, chống dịch",
        "I. NHIỆM VỤ CỤ THỂ",
        "1. Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính xây dựng kế hoạch, hoàn thành trước ngày 30/6/2025.",
        "2. Sở Giáo dục và Đào tạo rà soát cơ sở vật chất trường học, báo cáo trước ngày 15/7/2025.",
        "II. TỔ CHỨC THỰC HIỆN",
        "1. Văn phòng UBND tỉnh theo dõi, đôn đốc thực hiện.",  # a new heading restarts the level below
        "| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |",
        "| 1 | Xây dựng cơ sở dữ liệu ngành y tế | Sở Y tế | Quý III/2025 |",
    ]


def test_a_word_notice_gives_its_tasks(tmp_path):
    result = extract_file(write_docx(tmp_path / "tb.docx", *NOTICE))
    got = [(t.owner, t.deadline, t.span.line_start) for t in result.tasks]
    assert got == [("Sở Y tế", "2025-06-30", 4), ("Sở Giáo dục và Đào tạo", "2025-07-15", 5),
                   ("Văn phòng Ủy ban nhân dân tỉnh", None, 7), ("Sở Y tế", "2025-09-30", 9)]
    assert [s.number for s in result.sections] == ["I", "II"]


@pytest.mark.parametrize("level, expected", [
    pytest.param(2, "a) Rà soát hồ sơ", id="lower-letter"),
    pytest.param(None, "Rà soát hồ sơ", id="no-number"),
])
def test_list_levels(tmp_path, level, expected):
    source = read_file(write_docx(tmp_path / "a.docx", para("Kế hoạch", 1), para("Rà soát hồ sơ", level)))
    assert source.raw_lines[1] == expected


def test_bullets_and_a_document_without_numbering(tmp_path):
    bullets = read_file(write_docx(tmp_path / "b.docx", para("Giao Sở Nội vụ:"), para("Rà soát quy chế", 0, num=4)))
    assert bullets.raw_lines == ["Giao Sở Nội vụ:", "- Rà soát quy chế"]
    plain = read_file(write_docx(tmp_path / "p.docx", para("Rà soát quy chế", 0), numbering=None))
    assert plain.raw_lines == ["Rà soát quy chế"]


def test_deleted_text_stays_out_and_breaks_split_lines(tmp_path):
    body = ('<w:p><w:r><w:t>Sở Tài chính</w:t></w:r><w:del><w:r><w:delText> và Sở Nội vụ</w:delText></w:r></w:del>'
            '<w:r><w:br/><w:t>thẩm định kinh phí</w:t></w:r></w:p>')
    assert read_file(write_docx(tmp_path / "d.docx", body)).raw_lines == ["Sở Tài chính", "thẩm định kinh phí"]


def zip_without_document(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("notes.txt", "Thông báo")
    return path


def damaged_xml(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document><w:body><w:p>")
    return path


def truncated_zip(path):
    write_docx(path, *NOTICE)
    path.write_bytes(path.read_bytes()[:60])
    return path


@pytest.mark.parametrize("make, reason", [
    pytest.param(zip_without_document, "a zip archive, not a Word (.docx) document", id="other-zip"),
    pytest.param(damaged_xml, "not well-formed XML", id="broken-xml"),
    pytest.param(truncated_zip, "damaged Word (.docx) document", id="truncated"),
])
def test_unreadable_word_files_are_one_line_errors(tmp_path, make, reason):
    with pytest.raises(InputError, match=re.escape(reason)) as caught:
        read_file(make(tmp_path / "x.docx"))
    assert "\n" not in str(caught.value)


def test_an_archive_run_takes_word_notices_beside_text_ones(tmp_path):
    from typer.testing import CliRunner

    from tbparse.cli import app
    (tmp_path / "in").mkdir()
    write_docx(tmp_path / "in" / "tb.docx", *NOTICE)
    (tmp_path / "in" / "ct.txt").write_text("Giao Sở Nội vụ rà soát quy chế, hoàn thành trước ngày 30/9/2025.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(tmp_path / "in"), "--format", "csv", "-o", str(tmp_path / "all.csv"), "--quiet"])
    assert result.exit_code == 0, result.output
    rows = (tmp_path / "all.csv").read_text(encoding="utf-8-sig").splitlines()
    assert sum("tb.docx" in r for r in rows) == 4 and sum("ct.txt" in r for r in rows) == 1


@settings(max_examples=150, deadline=None, derandomize=True)
@given(flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=8),
       cut=st.none() | st.integers(min_value=4))
def test_a_damaged_word_file_is_a_one_line_error_never_a_crash(tmp_path_factory, flips, cut):
    path = write_docx(tmp_path_factory.mktemp("docx") / "x.docx", *NOTICE)
    data = bytearray(path.read_bytes())
    for at, byte in flips:
        data[at % len(data)] = byte
    path.write_bytes(bytes(data[:cut]) if cut else bytes(data))
    try:
        extract_file(path)
    except InputError as exc:
        assert "\n" not in str(exc)
