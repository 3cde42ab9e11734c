"""Reading: encodings, markup peeled for analysis with line numbers kept, scan specks tidied."""
import codecs

import pytest

from tbparse.read import InputError, clean_line, decode, read_file, tidy_scan_line


@pytest.mark.parametrize("data, text", [
    pytest.param("Thông báo".encode("utf-8"), "Thông báo", id="utf-8"),
    pytest.param(codecs.BOM_UTF8 + "Thông báo".encode("utf-8"), "Thông báo", id="utf-8-bom"),
    pytest.param("Thông báo".encode("utf-16"), "Thông báo", id="utf-16-bom"),
    pytest.param("Thông báo kết luận".encode("utf-16-le"), "Thông báo kết luận", id="utf-16-le-no-bom"),
])
def test_decode(data, text):
    assert decode(data)[0] == text


@pytest.mark.parametrize("data, reason", [
    pytest.param(b"\x00\x01\x02ELF\x00binary", "binary file", id="binary"),
    pytest.param(b"Th\xf4ng b\xe1o", "not UTF-8 text", id="latin-1"),
])
def test_decode_refuses(data, reason):
    with pytest.raises(InputError, match=reason):
        decode(data)


@pytest.mark.parametrize("line, clean", [
    pytest.param("### **1. Lĩnh vực Bru chính**", "1. Lĩnh vực Bru chính", id="markdown-heading-bold"),
    pytest.param("Số: **01** /CT-BTTTT", "Số: 01 /CT-BTTTT", id="bold-inline"),
    pytest.param("| 1 | Xây dựng kho dữ liệu | Sở TTTT |", "1 | Xây dựng kho dữ liệu | Sở TTTT |", id="table-row"),
    pytest.param("|---|---|---|", "", id="table-rule"),
    pytest.param("<tr><td>1</td><td>Rà soát</td></tr>", "1 | Rà soát |", id="html-row"),
    pytest.param("1\tRà soát quy chế\tSở Nội vụ\tQuý II/2024", "1 | Rà soát quy chế | Sở Nội vụ | Quý II/2024 |", id="tab-row"),
    pytest.param("II\tKiểm tra, giám sát", "II | Kiểm tra, giám sát |", id="tab-group-row"),
    pytest.param("1.\tXây dựng kế hoạch", "1. Xây dựng kế hoạch", id="tab-after-a-list-number-is-a-space"),
    pytest.param("[bookmark: _GoBack]- Đề nghị các Sở", "- Đề nghị các Sở", id="docx-bookmark"),
    pytest.param("Hà\u00a0Nội,\u2003ngày\u200b 5", "Hà Nội, ngày 5", id="odd-spaces"),
])
def test_clean_line(line, clean):
    assert clean_line(line) == clean


@pytest.mark.parametrize("line, tidy", [
    pytest.param(". - Cục An toàn thông tin hỗ trợ", "- Cục An toàn thông tin hỗ trợ", id="speck-before-bullet"),
    pytest.param("_ 10. Đẩy mạnh", "10. Đẩy mạnh", id="speck-before-number"),
    pytest.param("tại địa phương. - :", "tại địa phương.", id="specks-after-sentence"),
    pytest.param("thực hiện.việc đánh giá", "thực hiện. việc đánh giá", id="glued-period"),
    pytest.param("phối hợp với các. Cục: PTTH", "phối hợp với các Cục: PTTH", id="speck-after-determiner"),
    pytest.param("hoàn thành trong Quý .IV/2024.", "hoàn thành trong Quý IV/2024.", id="speck-before-word"),
    pytest.param("đạt 1,5% và 0.5 điểm", "đạt 1,5% và 0.5 điểm", id="numbers-kept"),
    pytest.param("UBND các huyện,.thị xã", "UBND các huyện, thị xã", id="speck-after-comma"),
    pytest.param("Thời hạn hoàn thành:", "Thời hạn hoàn thành:", id="label-kept"),
    pytest.param("1. Văn phòng HĐND và UBND huyện: : 5", "1. Văn phòng HĐND và UBND huyện:", id="specks-after-a-lead-in"),
    pytest.param("Số lượng: 5", "Số lượng: 5", id="a-value-after-a-label-kept"),
    pytest.param("3: Cục Quản lý đê điều và Phòng, chống thiên tai:", "3. Cục Quản lý đê điều và Phòng, chống thiên tai:",
                 id="an-items-period-read-as-a-colon"),
    pytest.param("trước 17 giờ ngày 23 tháng 9 năm 2025:", "trước 17 giờ ngày 23 tháng 9 năm 2025.",
                 id="a-sentences-period-after-a-date-read-as-a-colon"),
    pytest.param("Nhiệm vụ trọng tâm năm 2025:", "Nhiệm vụ trọng tâm năm 2025:", id="a-lead-in-naming-a-year-kept"),
    pytest.param("(1) Xóa vùng lõm sóng", "(1) Xóa vùng lõm sóng", id="sub-item-kept"),
    pytest.param("HHH 2. Rà soát các quy định về định giá", "2. Rà soát các quy định về định giá",
                 id="a-markdown-headings-hashes-read-as-letters"),
    pytest.param("HĐND 2. khóa X", "HĐND 2. khóa X", id="an-abbreviation-before-a-number-kept"),
    pytest.param("- Chủ trì; phối hợp với Kho bạc Nhà nước", "- Chủ trì, phối hợp với Kho bạc Nhà nước",
                 id="the-comma-of-chủ-trì-phối-hợp-misread"),
    pytest.param("… chủ trì; đồng thời phối hợp", "… chủ trì; đồng thời phối hợp", id="a-real-semicolon-kept"),
])
def test_tidy_scan_line(line, tidy):
    assert tidy_scan_line(line) == tidy


def test_line_numbers_survive_markup(samples):
    src = read_file(samples / "001_f9a19f40903dc13b.txt")
    assert len(src.lines) == len(src.raw_lines)
    assert src.lines[16].startswith("I. MỘT SỐ NHIỆM VỤ") and src.heading_marks[16] == 4


@pytest.mark.parametrize("name, content, reason", [
    pytest.param("empty.txt", b"", "empty file", id="empty"),
    pytest.param("blank.txt", b"  \n\n \t\n", "empty file", id="whitespace-only"),
    pytest.param("cut.txt", "Thông báo của Bộ".encode("utf-8")[:-1], "not UTF-8", id="truncated-utf-8"),
])
def test_read_file_refuses_bad_input(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=reason):
        read_file(path)


def test_read_file_missing_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_file(tmp_path)
