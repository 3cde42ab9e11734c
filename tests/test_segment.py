"""Header metadata and the section outline, on the samples and on short variants."""
import pytest

from tbparse.read import read_file, text_to_source
from tbparse.segment import heading_of, label_role, segment


def outline(path):
    src = read_file(path)
    return segment(src.lines, src.heading_marks)


@pytest.mark.parametrize("stem, kind, number, date, place", [
    pytest.param("001_f9a19f40903dc13b", "Thông báo", "/TB-BTTTT", None, "Hà Nội", id="blank-number-markdown"),
    pytest.param("002_e593d8a8560f04fb", "Thông báo", "/TB-BTTTT", None, "Hà Nội", id="blank-day"),
    pytest.param("003_3510211049161906", "Bài báo", None, None, None, id="news-report"),
    pytest.param("004_f2bc153c1f2086ce", "Chỉ thị", "01/CT-BTTTT", "2022-01-18", "Hà Nội", id="bold-number"),
])
def test_header_metadata(samples, stem, kind, number, date, place):
    meta = outline(samples / f"{stem}.txt").meta
    assert (meta.kind, meta.number, meta.date, meta.place) == (kind, number, date, place)


LETTER = """BỘ TÀI CHÍNH
Số: 7815/BTC-NSNN
V/v triển khai nhiệm vụ ngân sách những tháng cuối năm 2024
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hà Nội, ngày 26 tháng 7 năm 2024
Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.
Bộ Tài chính đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương chỉ đạo thực hiện một số nội dung sau:
1. Về thu ngân sách nhà nước
a) Rà soát, đánh giá khả năng thu ngân sách nhà nước trên địa bàn năm 2024, gửi Bộ Tài chính trước ngày 15/8/2024.
2. Về xây dựng dự toán năm 2025
Ủy ban nhân dân cấp tỉnh chỉ đạo các cơ quan chuyên môn xây dựng dự toán thu, chi ngân sách địa phương.
Thời hạn: trước ngày 15 tháng 8 năm 2024.
"""


def test_letter_header_ends_before_the_body():
    """A unit's code (NSNN) is kept as typed; a deadline written as a date is no date line."""
    seg = segment(text_to_source(LETTER).lines)
    assert (seg.meta.number, seg.meta.date, seg.meta.kind) == ("7815/BTC-NSNN", "2024-07-26", "Công văn")
    assert [s.number for s in seg.sections] == ["1", "2"]


@pytest.mark.parametrize("recipients, expected", [
    pytest.param("Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.",
                 ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"], id="inline"),
    pytest.param("Kính gửi:\n- Sở Tài chính;\n- Sở Kế hoạch và Đầu tư;\n\n- UBND các huyện.",
                 ["Sở Tài chính", "Sở Kế hoạch và Đầu tư", "UBND các huyện"], id="dashed-lines"),
])
def test_a_letter_names_whom_it_is_addressed_to(recipients, expected):
    seg = segment(text_to_source(LETTER.replace(LETTER.splitlines()[6], recipients)).lines)
    assert seg.meta.recipients == expected
    assert seg.blocks[0].text.startswith("Bộ Tài chính đề nghị")


def test_a_two_column_letterhead_names_the_province():
    head = ("ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            " TỈNH ĐỒNG THÁP                            Độc lập - Tự do - Hạnh phúc\n"
            "Số: 187/TB-UBND                    Đồng Tháp, ngày 23 tháng 5 năm 2025\nTHÔNG BÁO\nKết luận\n")
    seg = segment(text_to_source(head + "1. Giao Sở Tài chính theo dõi.\n").lines)
    assert (seg.meta.issuer, seg.meta.place) == ("Ủy ban nhân dân tỉnh Đồng Tháp", "Đồng Tháp")


@pytest.mark.parametrize("head, issuer", [
    pytest.param("UBND TỈNH NGHỆ AN\n\nCÔNG AN TỈNH\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", "Công an tỉnh",
                 id="parent-and-unit"),
    pytest.param("ỦY BAN NHÂN DÂN\n\nXÃ THIỆU TRUNG\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n",
                 "Ủy ban nhân dân xã Thiệu Trung", id="the-place-of-a-people's-committee"),
    pytest.param("BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n", "Bộ Nông nghiệp và Môi trường",
                 id="a-ministry-of-2025"),
])
def test_a_letterhead_a_scan_double_spaced(head, issuer):
    seg = segment(text_to_source(head + "Số: 37/TB-UBND\n\nTHÔNG BÁO\n\n1. Giao Công an xã theo dõi.\n").lines)
    assert seg.meta.issuer == issuer


@pytest.mark.parametrize("dateline", ["Thứ Năm, 14/11/2024 - 18:35", "14/11/2024 18:35 (GMT+7)", "Chủ nhật, 14/11/2024"])
def test_a_news_sites_dateline_dates_the_article(dateline):
    seg = segment(text_to_source(f"Tỉnh đẩy nhanh giải phóng mặt bằng\n\n{dateline}\n\nChủ tịch UBND tỉnh giao "
                                 "Sở Tài chính rà soát, hoàn thành trong tháng 11.\n").lines)
    assert seg.meta.date == "2024-11-14"


def test_an_articles_byline_heads_no_section():
    text = ("Tỉnh đẩy nhanh giải phóng mặt bằng\n\nChủ tịch UBND tỉnh giao Sở Tài chính rà soát.\n\n"
            "Chăm lo đời sống người dân sau bão\n\nSở Y tế bảo đảm thuốc men cho người dân.\n\nThu Hiền\n")
    headings = [s.heading for s in segment(text_to_source(text).lines).sections]
    assert "Chăm lo đời sống người dân sau bão" in headings and "Thu Hiền" not in headings


def test_a_decisions_ground_wrapped_onto_the_next_line_is_still_preamble():
    text = ("SỞ Y TẾ\nSố: 1875/QĐ-SYT\nQUYẾT ĐỊNH\nVề việc ban hành Kế hoạch năm 2024\nGIÁM ĐỐC SỞ Y TẾ\n"
            "Căn cứ Quyết định số 3412/QĐ-UBND ngày 28/12/2021 của Ủy ban nhân dân tỉnh\nNghệ An;\n"
            "Theo đề nghị của Trưởng phòng Nghiệp vụ Y.\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n")
    seg = segment(text_to_source(text).lines)
    assert (seg.blocks[0].style, seg.blocks[0].line_start) == ("article", 10)


def test_a_subject_line_wrapped_onto_the_next_line():
    text = LETTER.replace("V/v triển khai nhiệm vụ ngân sách những tháng cuối năm 2024",
                          "V/v triển khai nhiệm vụ ngân sách\nnhững tháng cuối năm 2024")
    seg = segment(text_to_source(text).lines)
    assert seg.meta.title == "triển khai nhiệm vụ ngân sách những tháng cuối năm 2024"


def test_a_ministry_named_on_two_lines_and_a_scanned_date_word():
    head = "BỘ NÔNG NGHIỆP\n_ VÀ PHÁT TRIỂN NÔNG THÔN’\nSố: 318/TB-BNN-VP\nHà Nội, nay 18 tháng 7 năm 2022\nTHÔNG BÁO\n"
    seg = segment(text_to_source(head + "Kết luận của Bộ trưởng\n\n1. Giao Cục Trồng trọt theo dõi.\n").lines)
    assert (seg.meta.issuer, seg.meta.date, seg.meta.place) == (
        "Bộ Nông nghiệp và Phát triển nông thôn", "2022-07-18", "Hà Nội")


def test_a_line_ending_in_sau_colon_is_no_number_line():
    """ "… một số nội dung sau:" reads like "Số:" to a tolerant pattern; with no number it is body."""
    text = LETTER.replace("chỉ đạo thực hiện một số nội dung sau:", "chỉ đạo thực hiện một số\n\nnội dung sau: -.")
    seg = segment(text_to_source(text).lines)
    assert any("nội dung sau" in b.text for b in seg.blocks)


def test_a_scanned_kind_line_and_an_attendance_list_wrapped_at_its_colon():
    text = ("UỶ BAN NHÂN DÂN\nHUYỆN TÂN YÊN\nSố: 146/TB-UBND\nTân Yên, ngày 14 tháng 5 năm 2024\nTHÔNG BÁO a)\n"
            "Kết luận của Chủ tịch UBND huyện tại buổi làm việc\n\n"
            "Ngày 09/5/2024, Chủ tịch UBND huyện chủ trì buổi làm việc. Tham dự có lãnh đạo các phòng:\n"
            "Tài nguyên và Môi trường, Kinh tế và Hạ tầng; Thanh tra huyện,\n\nCông an huyện và Chủ tịch UBND các xã.\n")
    seg = segment(text_to_source(text).lines)
    assert (seg.meta.kind, seg.meta.title) == ("Thông báo", "Kết luận của Chủ tịch UBND huyện tại buổi làm việc")
    assert len(seg.blocks) == 1 and seg.blocks[0].text.endswith("Chủ tịch UBND các xã.")


def test_a_scanned_number_and_date_line():
    seg = segment(text_to_source(LETTER.replace("7815/BTC-NSNN", "1875/QĐ- SYT")
                                 .replace("ngày 26 tháng 7 năm 2024", "ngày 26 tháng 7 nữ 2024")).lines)
    assert (seg.meta.number, seg.meta.date) == ("1875/QĐ-SYT", "2024-07-26")


def test_a_speck_before_the_day_of_the_dateline():
    meta = segment(text_to_source("BỘ CÔNG THƯƠNG\nSố: 236/TB-VP\nHà Nội, ngày ( 04 tháng 9 năm 2025\n\nTHÔNG BÁO\n"
                                  "Kết luận của Thứ trưởng\n").lines).meta
    assert (meta.date, meta.date_text) == ("2025-09-04", "ngày 04 tháng 9 năm 2025")


@pytest.mark.parametrize("dateline, date", [
    pytest.param("*Hà Cục ngày 21 tháng 10 năm 2024*", "2024-10-21", id="place-misread-and-comma-lost"),
    pytest.param("Thư Năm, 14/11/2024 - 18:35", "2024-11-14", id="a-news-sites-weekday-misread"),
])
def test_a_scanned_dateline(dateline, date):
    meta = segment(text_to_source(f"UBND TỈNH HÀ GIANG\nSố: 486/TB-VP\n{dateline}\n\nTHÔNG BÁO\nKết luận\n").lines).meta
    assert meta.date == date


def test_a_deadline_opening_a_line_is_no_dateline():
    assert segment(text_to_source("KẾ HOẠCH\nTrước ngày 15 tháng 7 năm 2025 hoàn thành rà soát.\n").lines).meta.date is None


def test_a_speck_after_the_month_of_the_dateline():
    seg = segment(text_to_source("SỞ TÀI CHÍNH\nSố: 862/STC-QLNS\nQuảng Nam, ngày 05 tháng 3. năm 2025\n"
                                 "CÔNG VĂN\n1. Giao Phòng Tài chính theo dõi.\n").lines)
    assert seg.meta.date == "2025-03-05"


def test_a_scanned_issuer_code_is_read_back():
    seg = segment(text_to_source(LETTER.replace("BTC-NSNN", "BTTTI").replace("7815/", "51/TB-")).lines)
    assert seg.meta.number == "51/TB-BTTTT"


def test_title_joins_its_lines(samples):
    meta = outline(samples / "002_e593d8a8560f04fb.txt").meta
    assert meta.title == "Kết luận của Lãnh đạo Bộ tại Hội nghị Giao ban công tác QLNN với các Sở TTTT Quý II/2022"
    assert meta.date_text == "ngày tháng năm 2022"


def test_repeated_roman_numbers_stay_separate_sections(samples):
    seg = outline(samples / "002_e593d8a8560f04fb.txt")
    assert [(s.number, s.field) for s in seg.outline()] == [
        ("I", "vien-thong"), ("II", "cntt"), ("II", "attt"), ("II", "kinh-te-so"),
        ("III", "cong-nghiep-ict"), ("IV", "bao-chi"), ("V", "dia-phuong")]
    assert all(s.level == 1 for s in seg.outline())


def test_markdown_headings_nest_and_misspelt_fields_resolve(samples):
    seg = outline(samples / "001_f9a19f40903dc13b.txt")
    fields = {s.heading: s.field for s in seg.outline()}
    assert fields["Lĩnh vực Bru chính"] == "buu-chinh"
    assert fields["Về phòng, chống dịch COVID-19 trong tình hình mới"] == "covid"
    assert "Công tác cung cấp thông tin tuyên truyền cho báo chí" not in fields  # a sub-heading of covid
    assert [s.level for s in seg.outline()][:3] == [1, 1, 2]


def test_decimal_outline_reports_only_field_headings(samples):
    seg = outline(samples / "004_f2bc153c1f2086ce.txt")
    numbers = [s.number for s in seg.outline()]
    assert numbers == ["2", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7", "2.8", "2.9", "2.10", "3", "4", "5"]
    assert seg.sections[seg.blocks[-1].section].number == "5"


def test_prose_report_sections_come_from_inline_fields(samples):
    seg = outline(samples / "003_3510211049161906.txt")
    assert [s.field for s in seg.outline()] == [
        "chung", "chung", "buu-chinh", "vien-thong", "cntt", "attt", "kinh-te-so", "cong-nghiep-ict", "bao-chi", "tong-hop"]


def test_heading_wrapped_over_two_lines(data):
    seg = outline(data / "000_3e8e68816529cb6e.clean.txt")
    heading = [s for s in seg.outline() if s.number == "2"][0]
    assert heading.heading.endswith("chuyên trách về CNTT của các Bộ, cơ quan ngang bộ")
    assert heading.field == "dia-phuong"


def test_a_scanned_heading_wrapped_before_its_year_keeps_the_year():
    src = text_to_source("CÔNG VĂN\n\nI. ĐÁNH GIÁ CHUNG\n\nCông tác được triển khai.\n\n"
                  "**II. NHIỆM VỤ CẦN TẬP TRUNG THỰC HIỆN TRONG QUÝ IV NĂM\n2024**\n\n"
                  "- Sở Du lịch hoàn thiện sản phẩm du lịch.\n")
    seg = segment(src.lines, src.heading_marks)
    assert seg.outline()[-1].heading.endswith("quý IV năm 2024")


@pytest.mark.parametrize("heading, field", [
    pytest.param("I. LĨNH VỰC GIÁO DỤC VÀ ĐÀO TẠO", "giao-duc", id="other-ministry-field"),
    pytest.param("II. Lĩnh vực Khoa học và Công nghệ", "tong-hop", id="science-is-general-affairs"),
    pytest.param("III. Công tác dân vận", "dan-van", id="unknown-field-slug"),
    pytest.param("IV. Phát triển kinh tế số", "kinh-te-so", id="the-alias-reading-further-wins"),
    pytest.param("1. Phòng Giáo dục và Đào tạo", "dia-phuong", id="a-district-office-is-local"),
    pytest.param("2. Công an huyện", "dia-phuong", id="district-police-is-local"),
    pytest.param("3. Trung tâm Y tế huyện", "dia-phuong", id="a-body-of-a-district-is-local"),
    pytest.param("4. UBND các xã, thị trấn", "dia-phuong", id="communes-are-local"),
    pytest.param("III. KINH PHÍ THỰC HIỆN", "tong-hop", id="funding-is-general-affairs"),
    pytest.param("6. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện, Huyện đoàn", "dia-phuong",
                 id="bodies-of-the-place-asked-are-local"),
    pytest.param("3. Ứng dụng công nghệ số trong quản lý công chức", "cntt", id="applying-digital-technology-is-it"),
])
def test_fields_of_headings(heading, field):
    src = text_to_source(f"KẾ HOẠCH\nThực hiện nhiệm vụ\n\n{heading}\n- Sở Nội vụ rà soát quy chế.\n")
    seg = segment(src.lines, src.heading_marks)
    assert [s.field for s in seg.outline()] == [field]


def test_work_handed_to_a_department_is_a_lead_in_not_a_section():
    src = text_to_source("KẾ HOẠCH\nThực hiện nhiệm vụ\n\n1. Giao Sở Nông nghiệp và Phát triển nông thôn:\n"
                         "- Rà soát quy chế.\n")
    assert segment(src.lines, src.heading_marks).outline() == []


def test_body_stops_at_the_distribution_list(samples):
    src = read_file(samples / "004_f2bc153c1f2086ce.txt")
    seg = segment(src.lines, src.heading_marks)
    assert src.lines[seg.body_end].startswith("Nơi nhận")


def test_bold_lines_are_headings_in_markdown(data):
    src = read_file(data / "synthetic" / "ke_hoach_dam.md")
    seg = segment(src.lines, src.heading_marks)
    assert [(s.heading, s.field) for s in seg.outline()] == [("Lĩnh vực Y tế", "y-te"), ("Lĩnh vực Giáo dục", "giao-duc")]


@pytest.mark.parametrize("kind_line, kind", [
    pytest.param("QUYẾT BÌNH", "Quyết định", id="đ-read-as-b"),
    pytest.param("THÔNG BÁO 3", "Thông báo", id="speck-after"),
    pytest.param("QUYẾT ĐỊNH", "Quyết định", id="as-typed"),
])
def test_document_kind_line_as_a_scan_reads_it(kind_line, kind):
    src = text_to_source(f"ỦY BAN NHÂN DÂN\nTỈNH HÀ NAM\n\n{kind_line}\nVề việc ban hành Kế hoạch\n\nĐiều 1. Ban hành.\n")
    assert segment(src.lines, src.heading_marks).meta.kind == kind


def test_a_scans_comma_after_an_item_number():
    src = text_to_source("KẾ HOẠCH\nChuyển đổi số\n\n2. Sở Tài chính\n- Bố trí kinh phí.\n"
                         "3, Các sở, ban, ngành\n- Xây dựng kế hoạch của đơn vị mình.\n")
    seg = segment(src.lines, src.heading_marks)
    assert [s.number for s in seg.sections] == ["2", "3"]


def test_a_scans_dust_after_a_heading():
    heading = heading_of("1. Công tác khám bệnh, chữa bệnh .")
    assert (heading.style, heading.text) == ("dec1", "Công tác khám bệnh, chữa bệnh")
    assert heading_of("1. Công tác khám bệnh, chữa bệnh.") is None  # a sentence, typed
    heading = heading_of("1. Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.")  # a unit, asked nothing yet
    assert (heading.style, heading.text) == ("dec1", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương")
    assert heading_of("2. Sở Y tế tăng cường giám sát ca bệnh.") is None


def test_an_items_deadline_on_a_line_of_its_own_stays_with_it():
    src = text_to_source("KẾT LUẬN\n\nI. Ý KIẾN KẾT LUẬN\n1. Sở Y tế:\n- Chuẩn bị đầy đủ cơ số thuốc, hóa chất;\n\n"
                         "hoàn thành trước ngày 30/6/2025.\n\n- Tổng hợp tình hình dịch bệnh hằng tháng.\n")
    texts = [b.text for b in segment(src.lines, src.heading_marks).blocks if b.kind == "item"]
    assert texts == ["Chuẩn bị đầy đủ cơ số thuốc, hóa chất; hoàn thành trước ngày 30/6/2025.",
                     "Tổng hợp tình hình dịch bệnh hằng tháng."]


@pytest.mark.parametrize("label, role", [
    pytest.param("Đơn vị phối hợp", "co_owners", id="as-typed"),
    pytest.param("Bồn vị phối hợp", "co_owners", id="a-letter-off-in-a-scan"),
    pytest.param("Đơn vị", None, id="short-labels-must-be-exact"),
    pytest.param("Cơ quan eh trì", "owner", id="one-word-of-a-long-label-garbled"),
    pytest.param("Thời ĐEN hoàn thành", "deadline", id="one-word-of-a-header-garbled"),
    pytest.param("Thời gian thực hiện", "deadline", id="as-typed-too"),
])
def test_label_roles(label, role):
    assert label_role(label) == role


@pytest.mark.parametrize("line, number", [
    pytest.param("]]. NHIỆM VỤ TRỌNG TÂM", "II", id="brackets-for-strokes"),
    pytest.param("|I. NHIỆM VỤ", "II", id="a-bar-for-a-stroke"),
    pytest.param("Il. NHIỆM VỤ", "II", id="small-l-for-a-stroke"),
    pytest.param("II Ý KIẾN KẾT LUẬN", "II", id="period-lost"),
    pytest.param("IL TÌNH HÌNH THỰC HIỆN", "I", id="period-read-as-l"),
])
def test_scanned_roman_headings(line, number):
    assert heading_of(line).number == number


@pytest.mark.parametrize("line", [
    pytest.param("VI PHẠM HÀNH CHÍNH", id="vi-opens-a-word"),
    pytest.param("X QUANG KỸ THUẬT SỐ", id="x-opens-a-word"),
    pytest.param("I am a heading", id="not-in-capitals"),
])
def test_capitals_opening_with_a_roman_letter_are_no_numbered_heading(line):
    heading = heading_of(line)
    assert heading is None or heading.style != "roman"
