"""Task extraction rules, each on a short real-world-shaped notice (table-driven)."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tbparse import extract_text
from tbparse.extract import defined_names, spell_out

HEAD = "THÔNG BÁO\nKết luận của Giám đốc Sở\n\nNgày 05/3/2024, Sở đã họp.\n\n"


def tasks(body: str):
    return extract_text(HEAD + body, restore="never").tasks


@pytest.mark.parametrize("body, owner, co_owners, deadline", [
    pytest.param("I. Lĩnh vực Viễn thông\n- Cục Viễn thông xây dựng báo cáo. Thời hạn hoàn thành: 30/7/2024.",
                 "Cục Viễn thông", [], "2024-07-30", id="subject-and-label"),
    pytest.param("1. Giao Tổng cục Thị lợi chỉ đạo các công ty khai thác công trình thủy lợi vận hành hồ chứa, hoàn thành "
                 "trước ngày 30/6/2025.", "Tổng cục Thủy lợi", [], "2025-06-30", id="a-ministrys-department-a-scan-garbled"),
    pytest.param("II. NỘI DUNG CỤ THỂ\n1. Đối với Ủy ban nhân dân các huyện\na) Đối chiếu số dư tạm ứng với Kho bạc Nhà nước, "
                 "hoàn thành trước ngày 31/3/2025.", "Ủy ban nhân dân các huyện", [], "2025-03-31",
                 id="a-heading-naming-whom-the-items-are-for"),
    pytest.param("1. Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính rà soát danh mục thuốc, hoàn thành trước ngày 15/8/2024.",
                 "Sở Y tế", ["Sở Tài chính"], "2024-08-15", id="giao-cue-and-coop"),
    pytest.param("II. Lĩnh vực Ứng dụng CNTT\nCục THH hướng dẫn các địa phương. Thời hạn: Quý III/2024.",
                 "Cục Tin học hóa", [], "2024-09-30", id="abbreviation-canonical"),
    pytest.param("1. UBND tỉnh Lào Cai khẩn trương báo cáo kết quả. Thời hạn hoàn thành: tháng 6/2024.",
                 "Ủy ban nhân dân tỉnh Lào Cai", [], "2024-06-30", id="ubnd-expanded"),
    pytest.param("III. Các nhiệm vụ khác\nVăn phòng Bộ, Vụ Pháp chế rà soát quy chế làm việc.",
                 "Văn phòng Bộ", ["Vụ Pháp chế"], None, id="joint-subject"),
    pytest.param("III. Các nhiệm vụ khác\nCục Viễn thông phối hợp với các đơn vị liên quan rà soát giá cước.",
                 "Cục Viễn thông", [], None, id="vague-coop-dropped"),
])
def test_owner_co_owners_and_deadline(body, owner, co_owners, deadline):
    found = tasks(body)
    assert len(found) == 1, [t.action for t in found]
    assert (found[0].owner, found[0].co_owners, found[0].deadline) == (owner, co_owners, deadline)


def test_lead_in_hands_its_owner_to_the_bullets():
    found = tasks("IV. Lĩnh vực An toàn thông tin\nGiao Cục An toàn thông tin:\n"
                  "- Rà soát hiện trạng bảo vệ hệ thống. Thời hạn hoàn thành: 01/9/2024.\n"
                  "- Xây dựng phương án giám sát an toàn mạng.")
    assert [t.owner for t in found] == ["Cục An toàn thông tin"] * 2
    assert [t.deadline for t in found] == ["2024-09-01", None]
    assert all(t.field == "attt" for t in found)


def test_heading_that_names_a_unit_owns_its_items():
    found = tasks("V. Các nhiệm vụ khác\n1. Văn phòng Bộ:\n- Hoàn thiện hệ thống tiếp nhận kiến nghị.\n"
                  "- Nghiên cứu kết nối trực tuyến với các Sở. Thời hạn hoàn thành: 30/6/2024.")
    assert [t.owner for t in found] == ["Văn phòng Bộ"] * 2
    assert found[1].deadline == "2024-06-30"


def test_numbered_sub_items_are_tasks_with_their_own_deadlines():
    found = tasks("2. Sở TTTT các tỉnh, thành phố:\n"
                  "- Cục Viễn thông chủ trì phối hợp với Quỹ Dịch vụ viễn thông công ích Việt Nam hướng dẫn các Sở "
                  "gồm các nhiệm vụ chính sau:\n"
                  "(1) Xóa các vùng lõm sóng, thời hạn hoàn thành: 30/6/2024\n"
                  "(2) Tăng tốc độ Internet cố định, thời hạn hoàn thành: 30/9/2024")
    assert [(t.owner, t.deadline) for t in found] == [("Cục Viễn thông", "2024-06-30"), ("Cục Viễn thông", "2024-09-30")]
    assert found[0].co_owners == ["Quỹ Dịch vụ viễn thông công ích Việt Nam"]
    assert found[0].action == "Xóa các vùng lõm sóng"


def test_leader_directing_the_items_below():
    found = tasks("II. Lĩnh vực Kinh tế số\nThứ trưởng Nguyễn Huy Dũng chỉ đạo:\n\n"
                  "- Vụ Quản lý doanh nghiệp chủ trì xây dựng hệ thống thí điểm. Thời hạn hoàn thành: 30/6/2024")
    assert [(t.owner, t.directed_by) for t in found] == [("Vụ Quản lý doanh nghiệp", "Thứ trưởng Nguyễn Huy Dũng")]


def test_bare_title_resolves_to_the_leader_named_in_the_notice():
    found = extract_text("THÔNG BÁO\nKết luận của Bộ trưởng Nguyễn Mạnh Hùng\n\n"
                         "Trong lĩnh vực viễn thông, Bộ trưởng yêu cầu Cục Viễn thông rà soát thuê bao di động.",
                         restore="never").tasks
    assert [(t.owner, t.directed_by, t.field) for t in found] == [
        ("Cục Viễn thông", "Bộ trưởng Nguyễn Mạnh Hùng", "vien-thong")]


def test_heading_deadline_applies_to_every_item_below():
    found = tasks("I. MỘT SỐ NHIỆM VỤ TRỌNG TÂM CẦN HOÀN THÀNH TRONG 6 THÁNG CUỐI NĂM 2024\n\n"
                  "1. Tập trung hoàn thành các chiến lược phát triển.\n\n2. Nâng tỷ lệ dịch vụ công trực tuyến.")
    assert [t.deadline for t in found] == ["2024-12-31", "2024-12-31"]
    assert [t.owner for t in found] == [None, None]


@pytest.mark.parametrize("body", [
    pytest.param("Bộ Y tế và Bộ TTTT đã thống nhất khung thông tin mới.", id="past-statement"),
    pytest.param("Chuyển đổi số là cuộc cách mạng toàn dân.", id="opinion"),
    pytest.param("Năm 2024 là năm dữ liệu số, các cơ quan báo chí phát triển mạnh.", id="context"),
    pytest.param("Tham dự có Thứ trưởng Phan Tâm chủ trì Hội nghị.", id="presiding-is-not-directing"),
    pytest.param("Sau khi nghe Cục Trồng trọt báo cáo tiến độ sản xuất và ý kiến của các đại biểu, Bộ trưởng "
                 "kết luận như sau:", id="account-of-the-meeting"),
    pytest.param("Để chủ động kiểm soát dịch bệnh, hạn chế thấp nhất số ca mắc, Bộ Y tế đề nghị:",
                 id="a-lead-in-asking-those-named-below"),
])
def test_context_is_not_a_task(body):
    assert tasks(body) == []


def test_independent_clause_after_semicolon_is_its_own_task():
    found = tasks("IV. Lĩnh vực Báo chí\n- Cục Thông tin đối ngoại đánh giá hiệu quả chiến dịch tuyên truyền năm 2024; "
                  "Tiến hành khảo sát nhu cầu tuyên truyền của các địa phương. Thời hạn hoàn thành: 15/8/2024.")
    assert [(t.owner, t.deadline) for t in found] == [("Cục Thông tin đối ngoại", "2024-08-15")] * 2


@pytest.mark.parametrize("tail, deadlines", [
    pytest.param(", hoàn thành trong tháng 7/2025.", ["2025-07-31", "2025-07-31"], id="a-closing-completion-clause"),
    pytest.param(" trong tháng 7/2025.", [None, "2025-07-31"], id="a-date-inside-the-last-work"),
    pytest.param("; báo cáo UBND tỉnh trước ngày 31/7/2025.", ["2025-07-31", "2025-07-31", "2025-07-31"],
                 id="the-date-of-the-report-on-the-work"),
])
def test_a_completion_clause_closing_the_sentence_covers_all_its_work(tail, deadlines):
    found = tasks("II. NHIỆM VỤ\n5. UBND các xã, thị trấn:\n- Rà soát, lập danh sách các ao, hồ, hố sâu có nguy cơ gây "
                  "đuối nước; cắm biển cảnh báo, rào chắn tại các điểm nguy hiểm" + tail)
    assert [t.deadline for t in found] == deadlines


LEAD = "1. Giao Tổng cục Lâm nghiệp:\n- Chỉ đạo các địa phương rà soát phương án phòng cháy rừng mùa khô năm 2022"
WORK = LEAD.split("- ")[1]


@pytest.mark.parametrize("rest, actions", [
    pytest.param("; đồng thời theo dõi diễn biến thời tiết, cảnh báo sớm nguy cơ cháy rừng.",
                 [WORK, "theo dõi diễn biến thời tiết, cảnh báo sớm nguy cơ cháy rừng"], id="lower-case-work"),
    pytest.param("; hoàn thành trước ngày 30/4/2022.", [WORK], id="its-deadline"),
    pytest.param("; định kỳ hằng quý báo cáo kết quả về Bộ Nông nghiệp và Phát triển nông thôn.",
                 [WORK, "định kỳ hằng quý báo cáo kết quả về Bộ Nông nghiệp và Phát triển nông thôn"],
                 id="its-report-a-clause-of-its-own"),
    pytest.param("; nỗ lực phấn đấu với tinh thần chủ động, quyết liệt, không để xảy ra cháy lớn.",
                 [WORK + "; nỗ lực phấn đấu với tinh thần chủ động, quyết liệt, không để xảy ra cháy lớn"],
                 id="an-exhortation"),
    pytest.param("; Tổng cục trưởng chịu trách nhiệm trước Bộ trưởng nếu để xảy ra cháy rừng trên diện rộng.", [WORK],
                 id="who-answers-for-it"),
])
def test_clauses_after_a_semicolon(rest, actions):
    found = tasks(LEAD + rest)
    assert [t.action for t in found] == actions
    assert {t.owner for t in found} == {"Tổng cục Lâm nghiệp"}


HEADER = "| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời hạn hoàn thành | Sản phẩm |\n"


@pytest.mark.parametrize("rows, expected", [
    pytest.param("| 3.1 | Hỗ trợ hợp tác xã đưa sản phẩm OCOP lên sàn thương mại điện tử | Sở\n"
                 "Công Thương | Sở Nông nghiệp và Phát triển nông thôn; Bưu điện tỉnh | Tháng\n"
                 "11/2024 | Ít nhất 500 sản phẩm |\n",
                 ("Sở Công Thương", ["Sở Nông nghiệp và Phát triển nông thôn", "Bưu điện tỉnh"], "2024-11-30"),
                 id="each-line-goes-on-the-cell-before-as-the-excess-cells-say"),
    pytest.param("| 1.2 | Xây dựng bộ tiêu chí đánh giá năng lực công chức cấp xã | .\n"
                 "Phòng Tổ chức, biên chế | Phòng Công chức, viên chức; Trường\n"
                 "Chính trị tỉnh | Tháng 10/2025 | Bộ tiêu chí |\n",
                 ("Phòng Tổ chức, biên chế", ["Phòng Công chức, viên chức", "Trường Chính trị tỉnh"], "2025-10-31"),
                 id="a-closing-rule-ends-the-cell-on-its-line"),
])
def test_a_table_row_a_scan_wrapped_over_lines(rows, expected):
    found = extract_text("KẾ HOẠCH\nChuyển đổi số năm 2024\n\n" + HEADER + rows, restore="never").tasks
    assert [(t.owner, t.co_owners, t.deadline) for t in found] == [expected]


_CELL_TEXT = st.sampled_from(["", ".", ":", "1", "1.2", "Sở Tài chính", "Sở", "Công Thương", "Quý", "III/2024",
                              "Tháng", "11/2024", "rà soát quy chế", "Xây dựng kế hoạch", "UBND các huyện"])
_ROW_LINE = st.builds(lambda cells, opened, closed: ("| " if opened else "") + " | ".join(cells) + (" |" if closed else ""),
                      st.lists(_CELL_TEXT, max_size=6), st.booleans(), st.booleans())


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_ROW_LINE, min_size=1, max_size=6))
def test_rows_a_scan_wrapped_or_specked_never_break_reading(rows):
    found = extract_text("KẾ HOẠCH\nX\n\n" + HEADER + "\n".join(rows) + "\n", restore="never").tasks
    assert all(t.action for t in found)


def test_a_scanned_table_with_merged_header_cells_and_specks():
    table = ("KẾ HOẠCH\nChuyển đổi số năm 2024\n\n"
             "| STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp Thời hạn hoàn thành | Sản phẩm |\n"
             ". | 1.1 | Phủ sóng di động 4G tại các thôn còn lõm sóng | Sở Thông tin và Truyền thông | Viettel Thanh Hóa | Quý III/2024 | Danh sách trạm |\n"
             "_|1.2| Khảo sát mức độ hài lòng của người dân | Sở Nội vụ | Văn phòng UBND tỉnh | Tháng 12/2024 | Báo cáo |\n")
    found = extract_text(table, restore="never").tasks
    assert [(t.owner, t.co_owners, t.deadline) for t in found] == [
        ("Sở Thông tin và Truyền thông", ["Viettel Thanh Hóa"], "2024-09-30"),
        ("Sở Nội vụ", ["Văn phòng Ủy ban nhân dân tỉnh"], "2024-12-31")]


def test_a_scanned_table_header_whose_rule_came_out_as_a_letter():
    table = ("KẾ HOẠCH\nPhòng, chống bệnh không lây nhiễm\n\n"
             "| TT | Nội dung nhiệm vụ i Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành |\n"
             "| 1 | Kiện toàn Ban chỉ đạo của tỉnh | Phòng Nghiệp vụ Y | Phòng Tổ chức cán bộ | Tháng 4/2025 |\n")
    found = extract_text(table, restore="never").tasks
    assert [(t.owner, t.co_owners, t.deadline) for t in found] == [
        ("Phòng Nghiệp vụ Y", ["Phòng Tổ chức cán bộ"], "2025-04-30")]


def test_plan_table_rows_are_tasks(data):
    doc = extract_text((data / "synthetic" / "ke_hoach_bang.md").read_text(encoding="utf-8"), restore="never")
    assert doc.document.kind == "Kế hoạch" and doc.document.number == "215/KH-UBND"
    assert doc.document.issuer == "Ủy ban nhân dân tỉnh Lào Cai"
    rows = [(t.owner, t.co_owners, t.deadline, t.recurrence) for t in doc.tasks]
    assert rows == [
        ("Sở TTTT", ["Văn phòng Ủy ban nhân dân tỉnh", "Sở Tài chính"], "2024-09-30", None),
        ("Văn phòng Ủy ban nhân dân tỉnh", [], "2024-06-30", None),
        ("Sở Nội vụ", ["Sở TTTT", "Ủy ban nhân dân các huyện"], None, "thường xuyên"),
        ("Sở Y tế", ["Bảo hiểm xã hội tỉnh"], "2024-12-31", None),
        ("Sở Giáo dục và Đào tạo", ["Viễn thông Lào Cai", "Ủy ban nhân dân các huyện"], "2025-12-31", None),
    ]


def test_every_task_points_back_at_its_source_lines(samples):
    text = (samples / "002_e593d8a8560f04fb.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    for task in extract_text(text, restore="never").tasks:
        source = " ".join(lines[task.span.line_start - 1:task.span.line_end])
        assert task.action.split()[0] in source


def test_explain_records_why_each_value_was_chosen(samples):
    doc = extract_text((samples / "002_e593d8a8560f04fb.txt").read_text(encoding="utf-8"), restore="never")
    for task in doc.tasks:
        assert {d.what for d in task.decisions} >= {"owner", "field"}


def test_provincial_conclusion_notice(data):
    doc = extract_text((data / "synthetic" / "thong_bao_tinh.txt").read_text(encoding="utf-8"), restore="never")
    assert (doc.document.kind, doc.document.number, doc.document.date) == ("Thông báo", "85/TB-UBND", "2023-03-20")
    assert doc.document.issuer == "Ủy ban nhân dân tỉnh Quảng Nam"
    assert [(t.owner, t.deadline) for t in doc.tasks] == [
        ("Công an tỉnh", "2023-04-30"),
        ("Sở Thông tin và Truyền thông", "2023-06-30"),
        ("Sở Thông tin và Truyền thông", None),
        ("Ủy ban nhân dân các huyện, thị xã, thành phố", "2023-05-15"),
        ("Ủy ban nhân dân các huyện, thị xã, thành phố", "2023-05-15"),  # "…; báo cáo kết quả về Sở Tư pháp"
        ("Sở Y tế", "2023-06-30"),
        ("Văn phòng Ủy ban nhân dân tỉnh", None),
    ]
    assert doc.tasks[0].action.endswith("làm sạch dữ liệu dân cư")
    assert doc.tasks[-1].recurrence == "hàng tháng"


LETTER = """BỘ TÀI CHÍNH
Số: 7815/BTC-NSNN
V/v triển khai nhiệm vụ ngân sách những tháng cuối năm 2024
Hà Nội, ngày 26 tháng 7 năm 2024

Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.

Thực hiện ý kiến chỉ đạo của Thủ tướng Chính phủ, Bộ Tài chính đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương quan tâm chỉ đạo thực hiện một số nội dung sau:

1. Về thu ngân sách nhà nước
a) Rà soát, đánh giá khả năng thu ngân sách nhà nước trên địa bàn, gửi Bộ Tài chính trước ngày 15/8/2024.
b) Điều hành chi ngân sách trong phạm vi dự toán được giao, bảo đảm chặt chẽ, tiết kiệm.

2. Về quản lý tài sản công
Khẩn trương hoàn thành việc phê duyệt phương án sắp xếp lại các cơ sở nhà, đất trong quý IV/2024.
- Đối với các dự án đầu tư công đã hoàn thành, chỉ đạo chủ đầu tư lập hồ sơ quyết toán trước ngày 30/11/2024.

Trên cơ sở báo cáo của các địa phương, Bộ Tài chính sẽ tổng hợp, báo cáo Thủ tướng Chính phủ theo quy định. Trong quá trình thực hiện, nếu có vướng mắc, đề nghị các địa phương phản ánh về Bộ Tài chính để được hướng dẫn.

Bộ Tài chính đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương quan tâm, chỉ đạo thực hiện./.
"""


def test_a_letters_addressee_does_the_work_and_its_formulas_are_none():
    found = extract_text(LETTER, restore="never").tasks
    assert [(t.owner, t.deadline) for t in found] == [
        ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", "2024-08-15"),
        ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", None),
        ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", "2024-12-31"),
        ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", "2024-11-30")]


@pytest.mark.parametrize("text, name, spelt", [
    pytest.param("giao Tổng cục Phòng, chống thiên tai (PCTT) theo dõi.", "Tổng cục PCTT", "Tổng cục Phòng, chống thiên tai",
                 id="abbreviation-in-brackets"),
    pytest.param("đề nghị Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương (sau đây gọi tắt là UBND cấp tỉnh):",
                 "UBND cấp tỉnh", "Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", id="named-as"),
    pytest.param("tại trụ sở Bộ Thông tin và Truyền thông (TTTT), Sở TTTT", "Sở TTTT", "Sở TTTT",
                 id="abbreviations-the-rules-know-stay"),
    pytest.param("trong thương mại điện tử (TMĐT)", "Cục TMĐT", "Cục TMĐT", id="lower-case-words-define-no-name"),
    pytest.param("do Cục Quản lý đầu tư xây dựng (Cục QLĐTXD) tham mưu", "Cục QLĐTXD", "Cục Quản lý đầu tư xây dựng",
                 id="short-name-with-its-head"),
    pytest.param("Cục Đường bộ Việt Nam; Cục Quản lý đầu tư\n\nxây dựng (Cục QLĐTXD); Ban", "Cục QLĐTXD",
                 "Cục Quản lý đầu tư xây dựng", id="full-name-wrapped-over-a-blank-line"),
    pytest.param("Trung tâm Kiểm soát bệnh tật tỉnh (sau đây gọi là CDC tỉnh) là đơn vị thường trực.", "CDC tỉnh",
                 "Trung tâm Kiểm soát bệnh tật tỉnh", id="called-without-short"),
])
def test_names_a_notice_defines(text, name, spelt):
    assert spell_out(name, defined_names(text, ())) == spelt


DECISION_WITH_PLAN = """UBND TỈNH NGHỆ AN
SỞ Y TẾ
Số: 1875/QĐ-SYT
Nghệ An, ngày 14 tháng 6 năm 2024

QUYẾT ĐỊNH
Về việc ban hành Kế hoạch triển khai Sổ sức khỏe điện tử năm 2024

QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai Sổ sức khỏe điện tử năm 2024.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.

Nơi nhận:
- Như Điều 2;
- Lưu: VT.

GIÁM ĐỐC
Hoàng Văn Thịnh

KẾ HOẠCH
Triển khai Sổ sức khỏe điện tử năm 2024
(Ban hành kèm theo Quyết định số 1875/QĐ-SYT ngày 14/6/2024 của Giám đốc Sở Y tế)

I. NHIỆM VỤ
1. Phòng Nghiệp vụ Y chủ trì hướng dẫn các bệnh viện cập nhật dữ liệu khám bệnh lên Sổ sức khỏe điện tử; thời hạn hoàn thành: 30/9/2024.
"""


def test_a_plan_attached_after_the_signature_is_read():
    found = extract_text(DECISION_WITH_PLAN, restore="never").tasks
    assert [(t.owner, t.deadline, t.span.line_start) for t in found] == [("Phòng Nghiệp vụ Y", "2024-09-30", 25)]


def test_a_quarter_wrapped_to_the_next_line_is_no_heading():
    found = tasks("II. NHIỆM VỤ\n- Cục Đường bộ Việt Nam xây dựng phương án giám sát tải trọng xe, hoàn thành trong quý\n"
                  "III/2024.\n- Giao Trung tâm Tin học cập nhật tiến độ các dự án.\n")
    assert [(t.owner, t.deadline) for t in found] == [("Cục Đường bộ Việt Nam", "2024-09-30"), ("Trung tâm Tin học", None)]


@pytest.mark.parametrize("items", [
    pytest.param("- Sở Xây dựng:\n+ Chủ trì xây dựng Đề án du lịch đêm.\n+ Kiểm tra các cơ sở lưu trú.\n", id="plus-under-dash"),
    pytest.param("- Sở Xây dựng:\n  - Chủ trì xây dựng Đề án du lịch đêm.\n  - Kiểm tra các cơ sở lưu trú.\n",
                 id="indented-dash-under-dash"),
])
def test_a_bulleted_lead_in_hands_its_unit_to_the_bullets_below(items):
    found = tasks("III. NHIỆM VỤ CỤ THỂ\n" + items + "- Sở Y tế chủ trì kiểm tra an toàn thực phẩm.\n")
    assert [t.owner for t in found] == ["Sở Xây dựng", "Sở Xây dựng", "Sở Y tế"]


@pytest.mark.parametrize("item, owner, action, deadline", [
    pytest.param("3. Sở Xây dựng kiểm tra các công trình, thời gian hoàn thành: tháng 8/2025.",
                 "Sở Xây dựng", "kiểm tra các công trình", "2025-08-31", id="deadline-label-after-a-comma"),
    pytest.param("4. Công an tỉnh rà soát dữ liệu dân cư (thời hạn: ngày 20/7/2025).",
                 "Công an tỉnh", "rà soát dữ liệu dân cư", "2025-07-20", id="deadline-label-in-brackets"),
])
def test_a_colon_after_the_work_makes_no_label(item, owner, action, deadline):
    """Only a colon right after the units' names labels an item with them."""
    assert [(t.owner, t.action, t.deadline) for t in tasks(item)] == [(owner, action, deadline)]


@pytest.mark.parametrize("lead_in", [
    pytest.param("1. Giao Sở Tài chính chủ trì, phối hợp Sở Xây dựng, Sở Tư pháp:\n", id="numbered-giao"),
    pytest.param("1. Sở Tài chính chủ trì, phối hợp với Sở Xây dựng, Sở Tư pháp:\n", id="numbered-unit"),
    pytest.param("Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng, Sở Tư pháp:\n", id="paragraph"),
])
def test_a_lead_in_naming_who_leads_and_who_helps_hands_both_down(lead_in):
    found = tasks("II. Ý KIẾN KẾT LUẬN\n" + lead_in + "- Rà soát danh mục dự án chậm giải ngân, trình UBND tỉnh trước ngày 30/6/2025.\n"
                  "- Tham mưu điều chuyển vốn trong tháng 7/2025.\n")
    assert [(t.owner, t.co_owners, t.deadline) for t in found] == [
        ("Sở Tài chính", ["Sở Xây dựng", "Sở Tư pháp"], "2025-06-30"),
        ("Sở Tài chính", ["Sở Xây dựng", "Sở Tư pháp"], "2025-07-31")]


@pytest.mark.parametrize("further, owner, action", [
    pytest.param("Khi có ca bệnh mới, Trung tâm Kiểm soát bệnh tật tỉnh báo cáo ngay về Sở Y tế.",
                 "Trung tâm Kiểm soát bệnh tật tỉnh", "báo cáo ngay về Sở Y tế", id="when"),
    pytest.param("Nếu có thiệt hại, các xã, thị trấn tổng hợp, báo cáo về UBND huyện.",
                 "Ủy ban nhân dân các xã, thị trấn", "tổng hợp, báo cáo về UBND huyện", id="if"),
])
def test_a_further_sentence_framed_by_a_condition_names_its_own_actor(further, owner, action):
    found = tasks("1. Sở Y tế:\n- Theo dõi chặt chẽ tình hình dịch bệnh trên địa bàn. " + further + "\n")
    assert [(t.owner, t.action) for t in found] == [("Sở Y tế", "Theo dõi chặt chẽ tình hình dịch bệnh trên địa bàn"),
                                                    (owner, action)]


def test_a_bullet_a_scan_broke_at_a_speck_colon_goes_on_past_the_blank_line():
    """ "- … phân tâm trọng:" / (blank) / "xã hội xuống dưới 10%;": the colon was a speck, the lower-case
    line the bullet's end; the lead-in above still hands its owner to the bullets after it."""
    found = tasks("Đề nghị Cục Báo chí định hướng các cơ quan báo chí đưa tin theo hướng:\n\n"
                  "- Đưa ra nhiều thông tin hơn, giảm thông tin gây hoang mang, phân tâm trong:\n\n"
                  "xã hội xuống dưới 10%;\n\n- Tăng cường rà soát, xử lý kịp thời tin giả.\n")
    assert [(t.owner, t.action) for t in found] == [
        ("Cục Báo chí", "Đưa ra nhiều thông tin hơn, giảm thông tin gây hoang mang, phân tâm trong xã hội xuống dưới 10%"),
        ("Cục Báo chí", "Tăng cường rà soát, xử lý kịp thời tin giả")]


@pytest.mark.parametrize("duty", ["Tuần tra", "Siết chặt", "Xử phạt", "Cưỡng chế", "Tiêm", "Khám", "Truy quét",
                                  "Nghiêm cấm", "Trực ban", "Giữ vững", "Hằng quý, thông báo", "Hàng năm, rà soát"])
def test_field_work_under_a_unit_heading_is_work(duty):
    found = tasks(f"2. Công an huyện\n- {duty} các điểm nóng về an ninh trật tự trên địa bàn.\n")
    assert [(t.owner, t.action.split()[0]) for t in found] == [("Công an huyện", duty.split()[0])]


@pytest.mark.parametrize("sentence, owner", [
    pytest.param("Bưu điện tỉnh hỗ trợ người dân nộp hồ sơ trực tuyến.", "Bưu điện tỉnh", id="post-office"),
    pytest.param("Điện lực Lâm Đồng bảo đảm cấp điện an toàn.", "Điện lực Lâm Đồng", id="power-company"),
    pytest.param("Đội Quản lý thị trường số 5 kiểm tra hàng hóa.", "Đội Quản lý thị trường số 5", id="numbered-team"),
    pytest.param("6. Huyện đoàn\nVận động đoàn viên tham gia giám sát.", "Huyện đoàn", id="youth-union-heading"),
    pytest.param("6. Công an xã\nNắm chắc tình hình an ninh trật tự.", "Công an xã", id="commune-police-heading"),
])
def test_local_bodies_own_their_work(sentence, owner):
    assert [t.owner for t in tasks(sentence)] == [owner]


def test_a_linked_sentence_with_its_own_deadline_is_a_task_of_its_own():
    found = tasks("- Công an tỉnh tiếp tục làm sạch dữ liệu dân cư. Đồng thời, chủ trì kiểm tra việc triển khai "
                  "Đề án 06 tại các huyện, báo cáo UBND tỉnh trước ngày 10/8/2025.\n")
    assert [(t.owner, t.action, t.deadline) for t in found] == [
        ("Công an tỉnh", "tiếp tục làm sạch dữ liệu dân cư", None),
        ("Công an tỉnh", "chủ trì kiểm tra việc triển khai Đề án 06 tại các huyện, báo cáo UBND tỉnh", "2025-08-10")]


@pytest.mark.parametrize("items", [
    pytest.param("a) Rà soát thủ tục, hoàn thành trước ngày 31/10/2025. :\nb) Công bố danh mục thủ tục.\n",
                 id="colon-after-a-sentence"),
    pytest.param("a) Rà soát thủ tục, hoàn thành trước ngày 31/10/2025.\n\" b) Công bố danh mục thủ tục.\n",
                 id="quote-before-a-letter-item"),
    pytest.param("a) Rà soát thủ tục, hoàn thành trước ngày 31/10/2025.\n. b) Công bố danh mục thủ tục.\n",
                 id="period-before-a-letter-item"),
])
def test_scan_specks_around_items_change_no_structure(items):
    found = tasks("Đề nghị các Bộ, cơ quan ngang Bộ:\n" + items)
    assert [(t.owner, t.action, t.deadline) for t in found] == [
        ("Các Bộ, cơ quan ngang Bộ", "Rà soát thủ tục", "2025-10-31"),
        ("Các Bộ, cơ quan ngang Bộ", "Công bố danh mục thủ tục", None)]


def test_table_group_rows_of_one_series_are_sibling_sections():
    table = ("| TT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành |\n"
             "|----|----|----|----|----|\n"
             "| I | Truyền thông, giáo dục sức khỏe | | | |\n"
             "| 1 | Xây dựng phóng sự về phòng, chống tăng huyết áp | Phòng Nghiệp vụ Y | Báo Nghệ An | Hằng quý |\n"
             "| II | Điều trị, quản lý bệnh | | | |\n"
             "| 2 | Tập huấn điều trị tăng huyết áp cho bác sĩ tuyến xã | Bệnh viện Đa khoa tỉnh | | Tháng 6/2025 |\n")
    doc = extract_text("KẾ HOẠCH\nPhòng, chống bệnh không lây nhiễm năm 2025\n\n" + table, restore="never")
    assert [(s.number, s.level) for s in doc.sections] == [("I", 1), ("II", 1)]
    assert [(t.section, t.field) for t in doc.tasks] == [
        ("Truyền thông, giáo dục sức khỏe", "bao-chi"), ("Điều trị, quản lý bệnh", "dieu-tri-quan-ly-benh")]


def test_a_leader_directing_the_items_at_the_end_of_a_paragraph_of_context():
    found = tasks("Theo báo cáo của Sở Nội vụ, tỷ lệ hồ sơ trực tuyến mới đạt 49%. Xét đề nghị của Văn phòng, "
                  "Chủ tịch UBND tỉnh Nguyễn Văn An có ý kiến chỉ đạo như sau:\n1. Sở Y tế kiểm tra an toàn thực phẩm.\n")
    assert [(t.owner, t.directed_by) for t in found] == [("Sở Y tế", "Chủ tịch Nguyễn Văn An")]


def test_a_page_break_after_a_verb_awaiting_its_object_splits_no_sentence():
    found = tasks("- Các chủ đầu tư lập kế hoạch giải ngân chi tiết, gửi\n\n"
                  "Sở Tài chính trước 30-6-2025 để theo dõi.\n")
    assert [(t.owner, t.deadline) for t in found] == [("Các chủ đầu tư", "2025-06-30")]


def test_a_linked_clause_asking_another_unit_is_that_units_task():
    found = tasks("Chủ tịch UBND tỉnh giao Sở Tài nguyên và Môi trường hướng dẫn xác định giá đất cụ thể; đồng thời "
                  "đề nghị UBND huyện Quỳnh Lưu sớm hoàn thiện khu tái định cư.\n")
    assert [(t.owner, t.action) for t in found] == [
        ("Sở Tài nguyên và Môi trường", "hướng dẫn xác định giá đất cụ thể"),
        ("Ủy ban nhân dân huyện Quỳnh Lưu", "sớm hoàn thiện khu tái định cư")]


@pytest.mark.parametrize("sentence, owner, action", [
    pytest.param("Đồng chí yêu cầu Sở Xây dựng bàn giao mặt bằng còn lại trước ngày 31/12/2024.", "Sở Xây dựng",
                 "bàn giao mặt bằng còn lại", id="a-leader-called-comrade"),
    pytest.param("Chủ tịch UBND tỉnh cũng lưu ý Ban Quản lý dự án giao thông tỉnh cập nhật tiến độ hằng tuần.",
                 "Ban Quản lý dự án giao thông tỉnh", "cập nhật tiến độ hằng tuần", id="a-leader-reminding"),
])
def test_news_prose_directives(sentence, owner, action):
    assert [(t.owner, t.action) for t in tasks(sentence)] == [(owner, action)]


def test_a_table_a_scan_flattened_into_lines_of_text():
    """No rules between the columns: the header's labels, then rows "N <work> <units> <deadline>"."""
    table = ("TT Nội dung công việc Đơn vị chủ trì Đơn vị phối hợp Thời gian thực hiện\n"
             "I Công tác tuyên truyền\n"
             "1 Xây dựng tài liệu, tờ rơi hướng dẫn phân loại chất thải rắn sinh\n"
             "hoạt Phòng Tài nguyên và Môi trường Phòng Văn hóa và Thông tin Tháng 3-4/2024\n"
             "2 Tổ chức ra quân tại các khu dân cư Huyện đoàn; Hội Liên hiệp Phụ nữ huyện Thường xuyên\n"
             "II Thu gom, vận chuyển chất thải\n"
             "3 Đầu tư bổ sung 02 xe ép rác Ban Quản lý dịch vụ công ích huyện Phòng Tài chính - Kế hoạch Quý IV/2024\n")
    doc = extract_text("KẾ HOẠCH\nPhân loại chất thải\n\nII. NHIỆM VỤ\n" + table, restore="never")
    assert [(t.owner, t.co_owners, t.deadline, t.recurrence) for t in doc.tasks] == [
        ("Phòng Tài nguyên và Môi trường", ["Phòng Văn hóa và Thông tin"], "2024-04-30", None),
        ("Huyện đoàn", ["Hội Liên hiệp Phụ nữ huyện"], None, "thường xuyên"),
        ("Ban Quản lý dịch vụ công ích huyện", ["Phòng Tài chính - Kế hoạch"], "2024-12-31", None)]
    assert doc.tasks[0].action == "Xây dựng tài liệu, tờ rơi hướng dẫn phân loại chất thải rắn sinh hoạt"
    assert [s.heading for s in doc.sections][-2:] == ["Công tác tuyên truyền", "Thu gom, vận chuyển chất thải"]


@pytest.mark.parametrize("item", [
    pytest.param("a) Rà soát chính sách hỗ trợ doanh nghiệp. Cơ quan chủ trì: Sở Công Thương; cơ quan phối hợp: "
                 "Sở Tài chính, Sở Tư pháp. Thời gian hoàn thành: Quý IV/2025.", id="labels-inline"),
    pytest.param("a) Rà soát chính sách hỗ trợ doanh nghiệp. Giao Sở Công Thương chủ trì, phối hợp với Sở Tài chính, "
                 "Sở Tư pháp thực hiện, hoàn thành trong Quý IV/2025.", id="who-leads-in-a-sentence-after"),
])
def test_who_does_the_work_written_after_it(item):
    found = tasks("II. NHIỆM VỤ, GIẢI PHÁP\n" + item + "\n")
    assert [(t.owner, t.co_owners, t.deadline, t.action) for t in found] == [
        ("Sở Công Thương", ["Sở Tài chính", "Sở Tư pháp"], "2025-12-31", "Rà soát chính sách hỗ trợ doanh nghiệp")]


def test_a_cooperating_list_going_on_past_a_semicolon_and_an_office_of_two_bodies():
    found = tasks("II. NHIỆM VỤ\n1.1. Rà soát văn bản quy phạm pháp luật do UBND huyện ban hành.\n"
                  "Cơ quan chủ trì: Văn phòng HĐND và UBND huyện.\n"
                  "Cơ quan phối hợp: Phòng Tư pháp; UBND các xã, thị trấn.\nThời gian hoàn thành: Quý II/2025.\n")
    assert [(t.owner, t.co_owners, t.deadline) for t in found] == [
        ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện",
         ["Phòng Tư pháp", "Ủy ban nhân dân các xã, thị trấn"], "2025-06-30")]


def test_units_asked_in_a_numbered_line_own_the_paragraph_below():
    body = ("Theo báo cáo tổng hợp của Văn phòng UBND tỉnh, các sở mới hoàn thành 40% kế hoạch.\n\n"
            "1. Sở Tài chính:\nTham mưu bố trí kinh phí, trình UBND tỉnh trước ngày 30/6/2025.\n\n"
            "2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh:\n"
            "Tăng cường giám sát, vận động Nhân dân không tiếp tay cho hoạt động khai thác cát trái phép.\n")
    found = extract_text("CHỈ THỊ\nVề khai thác cát\n\n" + body, restore="never").tasks
    assert [(t.owner, t.deadline) for t in found] == [("Sở Tài chính", "2025-06-30"),
                                                      ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", None)]


def test_a_body_named_by_initials_of_another_tongue():
    body = ("Tham dự có Tập đoàn Điện lực Việt Nam (EVN), Công ty TNHH MTV Vận hành hệ thống điện và thị trường điện "
            "quốc gia (NSMO).\n\nII. CHUYỂN ĐỔI SỐ\n- NSMO hoàn thiện Hệ thống thông tin thị trường điện, hoàn thành "
            "trong tháng 12/2025.\n")
    found = extract_text("THÔNG BÁO\nKết luận của Thứ trưởng\n\n" + body, restore="never").tasks
    assert [(t.owner, t.deadline) for t in found] == [
        ("Công ty TNHH MTV Vận hành hệ thống điện và thị trường điện quốc gia", "2025-12-31")]


def test_a_telegrams_addressees_are_no_tasks():
    head = ("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nSố: 09/CĐ-UBND\nQuảng Trị, ngày 11 tháng 9 năm 2024\n\nCÔNG ĐIỆN\n"
            "Về việc ứng phó với áp thấp nhiệt đới\n\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH điện:\n"
            "- Giám đốc các Sở, ngành; Chủ tịch UBND các huyện, thị xã, thành phố;\n- Giám đốc Công an tỉnh.\n\n")
    doc = extract_text(head + "1. Công an tỉnh bố trí lực lượng hỗ trợ sơ tán dân.\n", restore="never")
    assert [t.owner for t in doc.tasks] == ["Công an tỉnh"]
    assert doc.document.recipients == ["Giám đốc các Sở, ngành; Chủ tịch UBND các huyện, thị xã, thành phố",
                                       "Giám đốc Công an tỉnh"]


def test_the_issuers_own_act_in_the_grounds_is_no_task():
    head = "SỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 2317/SGDĐT-GDTrH\nV/v khảo sát chất lượng học sinh lớp 12\n" \
           "Nghệ An, ngày 12 tháng 9 năm 2024\n\nKính gửi: Hiệu trưởng các trường THPT.\n\n"
    body = ("Căn cứ Kế hoạch số 1865/KH-SGDĐT ngày 26/8/2024; để có cơ sở đánh giá thực trạng, Sở Giáo dục và "
            "Đào tạo tổ chức khảo sát chất lượng học sinh lớp 12.\n\n"
            "Sở Giáo dục và Đào tạo đề nghị các đơn vị triển khai thực hiện các nội dung sau:\n"
            "1. Rà soát thông tin học sinh lớp 12, hoàn thành trước ngày 20/9/2024.\n")
    found = extract_text(head + body, restore="never").tasks
    assert [(t.owner, t.deadline) for t in found] == [("Hiệu trưởng các trường THPT", "2024-09-20")]


@pytest.mark.parametrize("body, owners", [
    pytest.param("Bộ Tài chính đề nghị Ủy ban nhân dân các tỉnh, thành phố trực:\nthuộc Trung ương thực hiện một số "
                 "nội dung sau:\n\na) Rà soát khả năng thu, gửi Bộ Tài chính trước ngày 15/8/2024.\n",
                 ["Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương"], id="a-colon-before-a-wrapped-line"),
    pytest.param("Giao Tổng cục Thủy lợi:\n- Rà soát danh mục hồ chứa, báo cáo Bộ trưởng trước ngày 31/7/2022:\n"
                 "- Hướng dẫn các địa phương tích trữ nước, hoàn thành trong tháng 10/2022.\n",
                 ["Tổng cục Thủy lợi", "Tổng cục Thủy lợi"], id="a-colon-after-a-date"),
    pytest.param("1.2. Triển khai bệnh án điện tử tại các bệnh viện.\n- Đơn vị chủ trì; Các bệnh viện tuyến tỉnh.\n"
                 "- Thời gian hoàn thành: 2024-2025.\n", ["Các bệnh viện tuyến tỉnh"], id="a-labels-colon-read-as-semicolon"),
])
def test_scan_colons_change_no_structure(body, owners):
    assert [t.owner for t in tasks(body)] == owners


def test_a_heading_naming_the_heads_of_units_hands_the_items_to_the_units():
    found = tasks("1. Thủ trưởng các sở, ban, ngành tỉnh; Chủ tịch UBND các huyện, thị xã, thành phố\n"
                  "1.1. Tổ chức quán triệt Luật Lưu trữ năm 2024 đến cán bộ, công chức.\n"
                  "2. Giám đốc Sở Nội vụ\n"
                  "2.1. Kiểm tra công tác văn thư, lưu trữ tại các cơ quan, đơn vị.\n")
    assert [(t.owner, t.co_owners) for t in found] == [
        ("Các sở, ban, ngành tỉnh", ["Ủy ban nhân dân các huyện, thị xã, thành phố"]), ("Sở Nội vụ", [])]


def test_the_asker_of_a_lead_in_is_no_owner():
    found = tasks("Sở GDĐT đề nghị các đơn vị triển khai thực hiện các nội dung sau:\n"
                  "1. Xây dựng kế hoạch ôn tập cho học sinh lớp 12, gửi về Sở trước ngày 05/10/2024.\n"
                  "2. Các trường THPT trên địa bàn huyện Kỳ Sơn chủ động bố trí phòng máy tính cho học sinh.\n")
    assert [(t.owner, t.deadline) for t in found] == [
        (None, "2024-10-05"), ("Các trường THPT trên địa bàn huyện Kỳ Sơn", None)]


def test_a_letter_asking_its_units_hands_the_items_to_those_it_is_addressed_to():
    """ "Kính gửi: - A; - B." then "đề nghị các đơn vị …:": A owns the items, B is co-owner, as a
    joint subject; an item with a subject of its own keeps it."""
    letter = ("Kính gửi:\n- Hiệu trưởng các trường THPT;\n- Thủ trưởng các đơn vị trực thuộc;\n"
              "- Các đơn vị liên quan.\n\n"
              "Sở GDĐT đề nghị các đơn vị triển khai thực hiện các nội dung sau:\n"
              "1. Xây dựng kế hoạch ôn tập cho học sinh lớp 12, gửi về Sở trước ngày 05/10/2024.\n"
              "2. Phòng Giáo dục Trung học tổng hợp kết quả khảo sát.\n")
    head = "SỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 2317/SGDĐT-GDTrH\nV/v khảo sát chất lượng học sinh lớp 12\n" \
           "Nghệ An, ngày 12 tháng 9 năm 2024\n\n"
    found = extract_text(head + letter, restore="never").tasks
    assert [(t.owner, t.co_owners) for t in found] == [
        ("Hiệu trưởng các trường THPT", ["Thủ trưởng các đơn vị trực thuộc"]), ("Phòng Giáo dục Trung học", [])]


@pytest.mark.parametrize("sentence", [
    pytest.param("Chủ tịch UBND tỉnh đồng ý về chủ trương; giao Sở Giao thông vận tải khảo sát, lập báo cáo đề xuất.",
                 id="after-a-semicolon"),
    pytest.param("Chủ tịch UBND tỉnh đồng ý về chủ trương, giao Sở Giao thông vận tải khảo sát, lập báo cáo đề xuất.",
                 id="after-a-comma"),
])
def test_approval_then_work_handed_on(sentence):
    found = tasks("II. NHIỆM VỤ\n- " + sentence + "\n")
    assert [(t.owner, t.action) for t in found] == [("Sở Giao thông vận tải", "khảo sát, lập báo cáo đề xuất")]


def test_a_line_opening_with_a_number_can_carry_the_sentence_on():
    found = tasks("I. NHIỆM VỤ CỤ THỂ\n1. Sở Y tế rà soát thông tin trên hệ thống, hoàn thành trước\n"
                  "16 giờ 00 ngày 20/9/2024.\n2. Sở Y tế xây dựng kế hoạch ôn tập.\n")
    assert [(t.action, t.deadline) for t in found] == [
        ("rà soát thông tin trên hệ thống", "2024-09-20"), ("xây dựng kế hoạch ôn tập", None)]


def test_a_news_report_names_its_fields_inline_under_its_crossheads():
    report = ("Hà Tĩnh: Tăng tốc trong quý IV\n\nThứ Ba, 08/10/2024 - 16:45\n\n"
              "Chủ tịch UBND tỉnh phát biểu kết luận hội nghị. Ảnh: Thu Hiền\n\nKhông để vốn nằm im\n\n"
              "Đối với lĩnh vực chuyển đổi số, Chủ tịch UBND tỉnh giao Sở Nội vụ hướng dẫn các sở nâng cấp hệ thống.\n")
    doc = extract_text(report, restore="never")
    assert [(t.owner, t.field) for t in doc.tasks] == [("Sở Nội vụ", "cntt")]
    assert not any("Ảnh" in s.heading or "08/10" in s.heading for s in doc.sections)


def test_a_lead_in_before_the_first_heading_hands_down_only_to_its_items():
    found = tasks("Giao Cục An toàn thông tin:\n- Rà soát các hệ thống thông tin quan trọng.\n\n"
                  "II. CÁC NHIỆM VỤ KHÁC\n- Tổng hợp báo cáo tuần gửi Lãnh đạo Bộ.\n")
    assert [t.owner for t in found] == ["Cục An toàn thông tin", None]


def test_the_issuer_enacting_its_plan_is_no_task():
    plan = ("ỦY BAN NHÂN DÂN\nHUYỆN ĐỨC TRỌNG\nSố: 58/KH-UBND\nĐức Trọng, ngày 05 tháng 3 năm 2024\n\nKẾ HOẠCH\n"
            "Triển khai phân loại chất thải rắn sinh hoạt tại nguồn\n\nỦy ban nhân dân huyện Đức Trọng ban hành Kế hoạch "
            "triển khai phân loại chất thải rắn sinh hoạt tại nguồn trên địa bàn huyện, cụ thể như sau:\n\n"
            "I. TỔ CHỨC THỰC HIỆN\n1. Phòng Tài nguyên và Môi trường hướng dẫn các xã triển khai Kế hoạch.\n")
    assert [t.owner for t in extract_text(plan, restore="never").tasks] == ["Phòng Tài nguyên và Môi trường"]


@pytest.mark.parametrize("items, expected", [
    pytest.param("- Trong mùa mưa, tổng hợp tình hình ngập úng, báo cáo hằng tuần.\n",
                 [(None, "Trong mùa mưa, tổng hợp tình hình ngập úng, báo cáo hằng tuần")], id="item-framed-by-a-time"),
    pytest.param("- Sở Xây dựng rà soát các điểm ngập úng; định kỳ 6 tháng và hằng năm tổng hợp kết quả gửi Sở Nội vụ.\n",
                 [("Sở Xây dựng", "rà soát các điểm ngập úng"),
                  ("Sở Xây dựng", "định kỳ 6 tháng và hằng năm tổng hợp kết quả gửi Sở Nội vụ")],
                 id="work-after-two-rhythms"),
    pytest.param("- Sở Xây dựng nâng cấp hệ thống cảng cá; hoàn thành trước khi Đoàn thanh tra đến kiểm tra.\n",
                 [("Sở Xây dựng", "nâng cấp hệ thống cảng cá; hoàn thành trước khi Đoàn thanh tra đến kiểm tra")],
                 id="an-event-deadline-is-no-work"),
    pytest.param("- Là cơ quan thường trực, chủ trì theo dõi, đôn đốc các đơn vị triển khai Kế hoạch.\n",
                 [(None, "Là cơ quan thường trực, chủ trì theo dõi, đôn đốc các đơn vị triển khai Kế hoạch")],
                 id="a-role-before-the-work"),
    pytest.param("- Bộ trưởng yêu cầu các đơn vị liên quan khẩn trương hoàn thành các nhiệm vụ còn chậm tiến độ.\n",
                 [(None, "khẩn trương hoàn thành các nhiệm vụ còn chậm tiến độ")], id="a-leader-asks-a-vague-group"),
    pytest.param("- Giao nộp hồ sơ, tài liệu đến hạn vào Lưu trữ lịch sử tỉnh.\n",
                 [(None, "nộp hồ sơ, tài liệu đến hạn vào Lưu trữ lịch sử tỉnh")], id="giao-nộp-is-a-verb"),
    pytest.param("- Sở Giao thông vận tải cùng Sở Xây dựng tổ chức kiểm tra các công trình thoát nước.\n",
                 [("Sở Giao thông vận tải", "tổ chức kiểm tra các công trình thoát nước")], id="cùng-names-a-co-owner"),
])
def test_more_clause_shapes(items, expected):
    found = tasks("II. NHIỆM VỤ\n" + items)
    assert [(t.owner, t.action) for t in found] == expected


def test_a_sentence_closed_by_a_quote_ends_before_the_labels():
    found = tasks("II. NHIỆM VỤ\n3.1. Tham mưu UBND huyện kiện toàn các cơ quan chuyên môn, bảo đảm tinh gọn.”\n"
                  "Cơ quan chủ trì: Phòng Nội vụ.\nThời gian hoàn thành: Tháng 02/2025.\n")
    assert [(t.owner, t.deadline) for t in found] == [("Phòng Nội vụ", "2025-02-28")]


def test_a_role_whose_verb_a_scan_lost_is_no_unit():
    found = tasks("II. NHIỆM VỤ\n1. Sở Công Thương:\n"
                  "- Cơ quan thường trực, chủ trì theo dõi, đôn đốc các đơn vị triển khai Kế hoạch.\n")
    assert [t.owner for t in found] == ["Sở Công Thương"]


def test_numbered_lead_ins_are_no_sections():
    found = tasks("II. NHIỆM VỤ THỜI GIAN TỚI\n1. Giao Cục Đường bộ Việt Nam:\n"
                  "- Rà soát hệ thống biển báo tại các nút giao; thời hạn hoàn thành: 31/8/2024.\n"
                  "2. Thứ trưởng Trần Quang Minh yêu cầu:\n- Vụ Tài chính thẩm tra hồ sơ quyết toán, trình Bộ.\n")
    assert [(t.owner, t.field, t.directed_by) for t in found] == [
        ("Cục Đường bộ Việt Nam", "chung", None), ("Vụ Tài chính", "chung", "Thứ trưởng Trần Quang Minh")]


def test_a_heading_listing_units_hands_down_owner_and_co_owners():
    found = tasks("4. Sở Thông tin và Truyền thông, Báo Cần Thơ, Đài Phát thanh và Truyền hình thành phố\n"
                  "4.1. Tăng cường thời lượng tuyên truyền về các biện pháp phòng bệnh sốt xuất huyết.\n")
    assert [(t.owner, t.co_owners, t.field) for t in found] == [
        ("Sở Thông tin và Truyền thông", ["Báo Cần Thơ", "Đài Phát thanh và Truyền hình thành phố"], "dia-phuong")]


def test_official_letter_recipients_are_not_tasks(data):
    doc = extract_text((data / "synthetic" / "cong_van.txt").read_text(encoding="utf-8"), restore="never")
    assert (doc.document.kind, doc.document.number, doc.document.title) == (
        "Công văn", "1234/KCB-QLCL", "triển khai bệnh án điện tử")
    assert [(t.owner, t.deadline, t.recurrence) for t in doc.tasks] == [
        (None, "2024-09-30", None), (None, "2024-09-30", None), (None, "2025-09-30", None),
        ("Sở Y tế các tỉnh, thành phố", None, "hằng quý")]
    assert doc.tasks[1].action == "gửi báo cáo về Cục Quản lý Khám, chữa bệnh"  # a report: a task, its date the work's
    assert doc.tasks[2].action == "Xây dựng lộ trình triển khai bệnh án điện tử"


@pytest.mark.parametrize("body, expected", [
    pytest.param("Yêu cầu các sở, ban, ngành khẩn trương rà soát thủ tục hành chính, hoàn thành trước ngày 30/6/2024.",
                 [(None, "khẩn trương rà soát thủ tục hành chính", "2024-06-30")], id="asked-of-an-unnamed-group"),
    pytest.param("Đối với các nhiệm vụ chưa có thời hạn, đề nghị các đơn vị đề xuất thời hạn hoàn thành.",
                 [], id="procedural-remark"),
])
def test_directives_to_unnamed_groups(body, expected):
    assert [(t.owner, t.action, t.deadline) for t in tasks(body)] == expected


def test_plan_with_labelled_fields_and_unit_headings(data):
    doc = extract_text((data / "synthetic" / "ke_hoach_nhan.txt").read_text(encoding="utf-8"), restore="never")
    assert [(t.owner, t.deadline, t.field) for t in doc.tasks] == [
        ("Sở Thông tin và Truyền thông", "2024-06-30", "vien-thong"),
        ("Sở Thông tin và Truyền thông", "2024-10-31", "vien-thong"),
        ("Sở Thông tin và Truyền thông", None, "dia-phuong"),
        ("Sở Thông tin và Truyền thông", "2024-12-15", "dia-phuong"),
        ("Sở Tài chính", None, "dia-phuong"),  # a section addressed to a department, whatever its name says
        ("Ủy ban nhân dân các huyện, thị xã, thành phố", None, "dia-phuong"),
    ]
    assert doc.tasks[0].action == "Phủ sóng di động 4G đến 100% thôn, xóm"
    assert doc.tasks[1].co_owners == ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"]


def test_provincial_directive_with_unit_headings_and_sibling_items(data):
    """ "3. Sở Tài chính …" after the heading "2. Sở Nông nghiệp …" is outside it; "Báo cáo" is a
    verb, not a newspaper; a newspaper's name ends before "thường xuyên"."""
    doc = extract_text((data / "synthetic" / "chi_thi_tinh.txt").read_text(encoding="utf-8"), restore="never")
    assert doc.tasks[0].owner == "Ủy ban nhân dân các huyện, thành phố, thị xã"  # "Các sở, ban, ngành" is vague
    assert [(t.owner, t.deadline, t.field) for t in doc.tasks][3:7] == [
        ("Sở Nông nghiệp và Phát triển nông thôn", None, "dia-phuong"),
        ("Sở Nông nghiệp và Phát triển nông thôn", "2024-06-15", "dia-phuong"),
        ("Sở Tài chính", None, "chung"),
        ("Đài Phát thanh và Truyền hình tỉnh", None, "chung"),
    ]
    assert doc.tasks[6].co_owners == ["Báo Nghệ An"] and doc.tasks[6].recurrence == "thường xuyên"


def test_government_office_notice(data):
    """Praise is not work; a known ministry may open any verb; the closing formula is no task."""
    doc = extract_text((data / "synthetic" / "thong_bao_vpcp.txt").read_text(encoding="utf-8"), restore="never")
    assert [(t.owner, t.co_owners, t.deadline) for t in doc.tasks] == [
        ("Bộ Xây dựng", ["Bộ Tài chính", "Ngân hàng Nhà nước Việt Nam"], "2023-09-30"),
        ("Ngân hàng Nhà nước Việt Nam", [], None),
        ("Ngân hàng Nhà nước Việt Nam", [], None),
        ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", [], "2023-10-30"),
        ("Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương", [], None),
        ("Bộ Kế hoạch và Đầu tư", ["Bộ Tài chính"], None),
    ]
    assert [t.recurrence for t in doc.tasks[1:3]] == [None, "hằng tháng"]


def test_recurring_duty_after_a_one_off_is_its_own_task():
    found = tasks("II. Lĩnh vực Viễn thông\nCục Viễn thông hoàn thiện bộ công cụ đo lường chất lượng dịch vụ, "
                  "hàng quý công bố kết quả xếp hạng chất lượng dịch vụ.")
    assert [(t.owner, t.recurrence) for t in found] == [("Cục Viễn thông", None), ("Cục Viễn thông", "hàng quý")]


def test_provincial_leader_directs_with_the_office_between_title_and_name():
    found = extract_text("THÔNG BÁO\nKết luận của Phó Chủ tịch UBND tỉnh Trần Văn Tân\n\n"
                         "1. Phó Chủ tịch UBND tỉnh yêu cầu Sở Y tế khẩn trương báo cáo kết quả tiêm chủng.",
                         restore="never").tasks
    assert [(t.owner, t.directed_by) for t in found] == [("Sở Y tế", "Phó Chủ tịch Trần Văn Tân")]


def test_duty_named_after_la_is_a_task():
    found = tasks("A. MỘT SỐ NHẬN THỨC CHUNG\n- Nhiệm vụ trọng tâm trong năm 2024 là xây dựng các hệ thống giám sát trực tuyến.\n"
                  "- Chuyển đổi số là cuộc cách mạng toàn dân.")
    assert [(t.owner, t.action, t.deadline) for t in found] == [
        (None, "xây dựng các hệ thống giám sát trực tuyến", "2024-12-31")]


def test_plan_table_group_rows_open_sections(data):
    doc = extract_text((data / "synthetic" / "ke_hoach_bang_nhom.md").read_text(encoding="utf-8"), restore="never")
    assert [(s.number, s.field) for s in doc.sections] == [("III", "chung"), ("I", "tong-hop"), ("II", "cntt")]
    assert [(t.owner, t.field, t.deadline, t.recurrence) for t in doc.tasks] == [
        ("Cục Quản lý Khám, chữa bệnh", "tong-hop", "2025-06-30", None),
        ("Vụ Sức khỏe Bà mẹ - Trẻ em", "tong-hop", "2025-09-30", None),
        ("Cục Công nghệ thông tin", "cntt", None, "thường xuyên"),
    ]
    assert doc.tasks[0].co_owners == ["Vụ Pháp chế"]


def test_decision_articles(data):
    doc = extract_text((data / "synthetic" / "quyet_dinh.txt").read_text(encoding="utf-8"), restore="never")
    assert (doc.document.kind, doc.document.number) == ("Quyết định", "12/QĐ-UBND")
    assert [(t.owner, t.recurrence) for t in doc.tasks] == [("Sở Thông tin và Truyền thông", None),
                                                            ("Sở Thông tin và Truyền thông", "hằng quý")]


def test_imperative_items_are_work_unless_under_aims():
    found = tasks("I. MỤC TIÊU\n- Nâng cao tỷ lệ hồ sơ trực tuyến.\n\nII. VỀ CÔNG TÁC PHÒNG CHỐNG DỊCH\n"
                  "- Tiếp tục tăng cường giám sát dịch bệnh tại cửa khẩu.\n- Chuyển đổi số là nhiệm vụ hàng đầu.")
    assert [(t.owner, t.action) for t in found] == [(None, "Tiếp tục tăng cường giám sát dịch bệnh tại cửa khẩu")]


def test_prose_after_a_table_row_with_an_empty_last_cell_is_not_a_cell():
    text = ("KẾ HOẠCH\nCải cách hành chính\n\n| STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành |\n"
            "|---|---|---|---|\n| 1 | Xây dựng kế hoạch | Sở Nội vụ | |\n"
            "Các đơn vị khác phối hợp thực hiện theo chức năng, nhiệm vụ được giao.\n")
    doc = extract_text(text, restore="never")
    assert [(t.owner, t.action, t.deadline) for t in doc.tasks][:1] == [("Sở Nội vụ", "Xây dựng kế hoạch", None)]


def test_numbered_directive_headings_hand_their_unit_to_the_items(data):
    """ "1. Giao Cục Y tế dự phòng:" and "3. Đề nghị Sở Y tế các tỉnh, thành phố:" name the unit
    after their cue; "dự phòng" is part of the name, not the verb "phòng"."""
    doc = extract_text((data / "synthetic" / "thong_bao_bo_y_te.txt").read_text(encoding="utf-8"), restore="never")
    assert [(t.owner, t.deadline) for t in doc.tasks] == [
        ("Cục Y tế dự phòng", "2023-05-15"),
        ("Cục Y tế dự phòng", "2023-06-30"),
        ("Vụ Kế hoạch - Tài chính", None),
        ("Sở Y tế các tỉnh, thành phố", None),
        ("Sở Y tế các tỉnh, thành phố", None),
    ]
    assert doc.tasks[0].co_owners == ["Viện Vệ sinh dịch tễ Trung ương"]
    assert doc.tasks[3].recurrence == "hằng tuần"


def test_the_account_of_the_meeting_is_no_task(data):
    """ "Ngày 10/6/2024, Chủ tịch UBND tỉnh … làm việc với Sở Du lịch …" tells what happened."""
    doc = extract_text((data / "synthetic" / "thong_bao_lam_viec.txt").read_text(encoding="utf-8"), restore="never")
    assert [(t.owner, t.deadline) for t in doc.tasks] == [
        ("Sở Du lịch", "2024-09-30"),
        ("Sở Kế hoạch và Đầu tư", None),
        ("Ủy ban nhân dân thành phố Đà Lạt", "2024-12-31"),
        ("Sở Du lịch", None),
        ("Sở Du lịch", None),
    ]
    assert doc.tasks[4].recurrence == "hằng quý"


def test_district_plan_with_labelled_items(data):
    doc = extract_text((data / "synthetic" / "ke_hoach_huyen.txt").read_text(encoding="utf-8"), restore="never")
    assert [(t.owner, t.co_owners, t.deadline, t.recurrence) for t in doc.tasks] == [
        ("Phòng Kinh tế huyện", ["Ủy ban nhân dân các xã, thị trấn"], "2025-04-30", None),
        ("Trung tâm Văn hóa, Thông tin và Thể thao huyện", [], None, "thường xuyên"),
        ("Phòng Tài chính - Kế hoạch huyện", [], None, None),
    ]


def test_notice_typed_without_blank_lines(data):
    """The title ends where the account and the items begin; an agreement opens item 1 and work
    follows it; "Các sở, ban, ngành cấp tỉnh; UBND …:" hands its first unit to the sub-items (the
    departments of one province are a definite group; "các đơn vị liên quan" would be vague)."""
    doc = extract_text((data / "synthetic" / "thong_bao_khong_dong_trong.txt").read_text(encoding="utf-8"),
                       restore="never")
    assert doc.document.title == "Kết luận của Phó Chủ tịch UBND tỉnh tại hội nghị về cải cách hành chính"
    assert [(t.owner, t.deadline) for t in doc.tasks] == [
        ("Sở Thông tin và Truyền thông", "2024-10-15"),
        ("Sở Nội vụ", None),
        ("Các sở, ban, ngành cấp tỉnh", "2024-12-31"),
        ("Các sở, ban, ngành cấp tỉnh", "2024-09-15"),
        ("Văn phòng Ủy ban nhân dân tỉnh", None),
    ]


def test_a_leaders_directive_line_right_under_the_title(data):
    """ "Thứ trưởng … chỉ đạo:" ends the title (it closes on a colon) and directs the items."""
    doc = extract_text((data / "synthetic" / "thong_bao_chi_dao.txt").read_text(encoding="utf-8"), restore="never")
    assert doc.document.title.endswith("bảo đảm cung ứng điện mùa khô")
    assert [(t.owner, t.directed_by, t.deadline) for t in doc.tasks] == [
        ("Cục Điều tiết điện lực", "Thứ trưởng Nguyễn Sinh Nhật Tân", None),
        ("Tập đoàn Điện lực Việt Nam", "Thứ trưởng Nguyễn Sinh Nhật Tân", "2024-06-30"),
        ("Vụ Dầu khí và Than", "Thứ trưởng Nguyễn Sinh Nhật Tân", "2024-06-30"),
        ("Cục Điện lực và Năng lượng tái tạo", "Bộ trưởng", "2024-05-31"),
    ]


def test_a_decisions_preamble_is_no_work(data):
    """The signer's authority, "Căn cứ …;" and "QUYẾT ĐỊNH:" come before the articles."""
    doc = extract_text((data / "synthetic" / "quyet_dinh_can_cu.txt").read_text(encoding="utf-8"), restore="never")
    assert doc.document.title == "Về việc thành lập Tổ công tác triển khai Đề án 06"
    assert not any("Căn cứ" in t.action or "QUYẾT ĐỊNH" in t.action for t in doc.tasks)


def test_a_garbled_second_unit_header_is_the_one_that_works_with_the_owner():
    table = ("| TT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị eo hợp | Thời gian hoàn thành |\n"
             "|----|----|----|----|----|\n"
             "| 1 | Tập huấn kỹ năng số cho giáo viên | Phòng Giáo dục Trung học | Trung tâm Công nghệ thông tin | Tháng 9/2025 |\n")
    found = tasks(table)
    assert [(t.owner, t.co_owners) for t in found] == [("Phòng Giáo dục Trung học", ["Trung tâm Công nghệ thông tin"])]
