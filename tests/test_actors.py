"""Who acts: subjects of real-world directive sentences, named canonically (table-driven)."""
import pytest

from tbparse.actors import canonical_agency, find_leaders, parse_subject, units_tail


@pytest.mark.parametrize("sentence, owner, co_owners, work", [
    pytest.param("Sở Tài nguyên và Môi trường khẩn trương hoàn thiện hồ sơ", "Sở Tài nguyên và Môi trường", [],
                 "khẩn trương", id="known-department"),
    pytest.param("Cục Y tế dự phòng chủ trì xây dựng kế hoạch", "Cục Y tế dự phòng", [], "chủ trì",
                 id="verb-like-word-inside-a-name"),
    pytest.param("Phòng Nội vụ giúp UBND huyện theo dõi, đôn đốc việc triển khai", "Phòng Nội vụ", [], "giúp",
                 id="helping-a-body-is-the-work"),
    pytest.param("Trung tâm Trợ giúp pháp lý nhà nước tỉnh giúp UBND tỉnh theo dõi", "Trung tâm Trợ giúp pháp lý nhà nước tỉnh",
                 [], "giúp", id="a-verb-like-word-opening-a-capitalised-name"),
    pytest.param("Tổ giúp việc Ban Chỉ đạo tổng hợp, báo cáo kết quả", "Tổ giúp việc Ban Chỉ đạo", [], "tổng hợp",
                 id="a-support-team"),
    pytest.param("Đài Phát thanh - Truyền hình tỉnh, Báo Quảng Trị tăng thời lượng đưa tin",
                 "Đài Phát thanh - Truyền hình tỉnh", ["Báo Quảng Trị"], "tăng",
                 id="a-known-name-joined-another-way-is-kept-as-written"),
    pytest.param("Đài Phát thanh và Truyền hình tỉnh, Báo Nghệ An thường xuyên tuyên truyền",
                 "Đài Phát thanh và Truyền hình tỉnh", ["Báo Nghệ An"], "thường xuyên", id="adverb-ends-a-name"),
    pytest.param("Sở Văn hóa, Thể thao và Du lịch chủ trì tổ chức lễ hội", "Sở Văn hóa, Thể thao và Du lịch", [],
                 "chủ trì", id="comma-inside-a-known-name"),
    pytest.param("Sở Y tế tỉnh Quảng Nam khẩn trương báo cáo", "Sở Y tế tỉnh Quảng Nam", [], "khẩn trương",
                 id="province-after-a-name"),
    pytest.param("Trung tâm Phục vụ hành chính công tỉnh tiếp nhận hồ sơ", "Trung tâm Phục vụ hành chính công tỉnh", [],
                 "tiếp nhận", id="unknown-unit-up-to-its-verb"),
    pytest.param("UBND thành phố Hải Dương chỉ đạo các phường", "Ủy ban nhân dân thành phố Hải Dương", [], "chỉ đạo",
                 id="abbreviation-expanded"),
    pytest.param("Ban Quản lý dự án đầu tư xây dựng tỉnh đẩy nhanh giải ngân", "Ban Quản lý dự án đầu tư xây dựng tỉnh",
                 [], "đẩy nhanh", id="verbs-inside-a-known-name"),
    pytest.param("Viettel, VNPT bảo đảm kết nối thông suốt", "Tập đoàn Công nghiệp - Viễn thông Quân đội",
                 ["Tập đoàn Bưu chính Viễn thông Việt Nam"], "bảo đảm", id="brands"),
    pytest.param("Giao Sở Xây dựng chủ trì, phối hợp với UBND các huyện kiểm tra", "Sở Xây dựng", [], "chủ trì",
                 id="directive-cue"),
    pytest.param("Cục Viễn thông, Vụ Pháp chế rà soát quy định", "Cục Viễn thông", ["Vụ Pháp chế"], "rà soát",
                 id="joint-subject"),
    pytest.param("Các Sở TTTT cần thể hiện vai trò", "Sở TTTT các tỉnh, thành phố trực thuộc Trung ương", [], "thể hiện",
                 id="plural-departments-mean-every-province"),
    pytest.param("Phòng Tài nguyên và Môi trường huyện tổng hợp nhu cầu sử dụng đất",
                 "Phòng Tài nguyên và Môi trường huyện", [], "tổng hợp", id="môi-is-no-determiner"),
    pytest.param("Trung tâm Tin học và Thống kê cập nhật cơ sở dữ liệu", "Trung tâm Tin học và Thống kê", [],
                 "cập nhật", id="capital-after-và-goes-on-with-the-name"),
    pytest.param("Giao phòng Tài chính - Kế hoạch huyện nghiên cứu, đề xuất", "Phòng Tài chính - Kế hoạch huyện", [],
                 "nghiên cứu", id="lower-case-office-before-its-name"),
    pytest.param("Đề nghị UBND xã Việt Lập tiếp tục tuyên truyền, vận động", "Ủy ban nhân dân xã Việt Lập", [],
                 "tiếp tục", id="a-place-name-syllable-that-is-also-a-verb"),
    pytest.param("Ủy ban nhân dân các tỉnh, thành phố vùng Đồng bằng sông Cửu Long:",
                 "Ủy ban nhân dân các tỉnh, thành phố vùng Đồng bằng sông Cửu Long", [], "", id="lead-in-named-in-full"),
    pytest.param("Báo Cần Thơ, Đài Phát thanh và Truyền hình thành phố tăng cường tuyên truyền", "Báo Cần Thơ",
                 ["Đài Phát thanh và Truyền hình thành phố"], "tăng cường", id="a-name-that-reads-as-a-modal"),
    pytest.param("Văn phòng HĐND và UBND huyện theo dõi, đôn đốc việc thực hiện",
                 "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện", [], "theo dõi", id="one-office-for-two-bodies"),
    pytest.param("Ban QLDA 85 khẩn trương hoàn thiện hồ sơ quyết toán", "Ban Quản lý dự án 85", [], "khẩn trương",
                 id="one-of-a-known-kind-by-its-number"),
    pytest.param("Phòng Nghiệp vụ Y là đầu mối theo dõi, tổng hợp kết quả", "Phòng Nghiệp vụ Y", [], "theo dõi",
                 id="the-focal-point"),
    pytest.param("Văn phòng Sở chủ trì tổng hợp báo cáo", "Văn phòng Sở", [], "chủ trì", id="sở-is-no-misspelt-bộ"),
    pytest.param("Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện tổ chức lớp học",
                 "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện", [], "tổ chức", id="adverb-inside-a-name"),
    pytest.param("Vụ Kế hoạch - Đầu tư chủ trì thẩm định", "Vụ Kế hoạch - Đầu tư", [], "chủ trì",
                 id="a-capital-after-a-dash-goes-on"),
    pytest.param("Sở Nội vụ cũng được giao tổ chức đánh giá, xếp hạng cải cách hành chính", "Sở Nội vụ", [], "tổ chức",
                 id="passive-assignment"),
    pytest.param("Phòng TN&MT huyện chủ trì kiểm tra", "Phòng Tài nguyên và Môi trường huyện", [], "chủ trì",
                 id="ampersand-abbreviation-inside-a-name"),
    pytest.param("Bộ Chỉ huy Bộ đội Biên phòng tỉnh chủ trì tuần tra", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", [], "chủ trì",
                 id="border-guard"),
    pytest.param("Các sở, ban, ngành cấp tỉnh chủ trì rà soát thủ tục hành chính", "Các sở, ban, ngành cấp tỉnh", [],
                 "chủ trì", id="a-definite-group"),
    pytest.param("Cuc Tin hoc hoa huong dan cac dia phuong", "Cục Tin học hóa", [], "huong dan", id="accents-lost"),
    pytest.param("UBND các xã, phường, các cơ quan báo chí tổ chức tuyên truyền", "Ủy ban nhân dân các xã, phường",
                 ["Các cơ quan báo chí"], "tổ chức", id="places-of-two-kinds"),
    pytest.param("UBND các quận, huyện, thị xã, thành phố chủ động rà soát", "Ủy ban nhân dân các quận, huyện, thị xã, thành phố",
                 [], "chủ động", id="places-of-four-kinds"),
    pytest.param("UBND các huyện, thành phố Đà Lạt, Bảo Lộc chủ động rà soát", "Ủy ban nhân dân các huyện, thành phố Đà Lạt, Bảo Lộc",
                 [], "chủ động", id="places-named"),
    pytest.param("Giao Cục Quản lý Khám, chữa bệnh chủ trì hoàn thiện dự thảo", "Cục Quản lý Khám, chữa bệnh", [],
                 "chủ trì", id="a-comma-inside-a-name"),
    pytest.param("người đứng đầu chính quyền tỉnh giao Sở Xây dựng cấp phép khai thác mỏ đất", "Sở Xây dựng", [],
                 "cấp phép", id="a-person-described-hands-work"),
    pytest.param("Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh cập nhật tiến độ",
                 "Ban Quản lý dự án đầu tư xây dựng công trình giao thông tỉnh", [], "cập nhật", id="a-known-name-goes-on"),
    pytest.param("Ban Chỉ huy Phòng thủ dân sự tỉnh chỉ đạo sơ tán dân", "Ban Chỉ huy Phòng thủ dân sự tỉnh", [],
                 "chỉ đạo", id="civil-defence-command"),
    pytest.param("Báo và Phát thanh, Truyền hình Lâm Đồng tăng cường tuyên truyền",
                 "Báo và Phát thanh, Truyền hình Lâm Đồng", [], "tăng cường", id="a-merged-provincial-press"),
    pytest.param("Huyện đoàn tổ chức ra quân làm sạch môi trường", "Huyện đoàn", [], "tổ chức", id="a-whole-name-then-work"),
    pytest.param("Viettel Lâm Đồng phối hợp với Sở Xây dựng di dời cột ăng ten", "Viettel Lâm Đồng", [], "phối hợp",
                 id="a-brands-provincial-branch"),
    pytest.param("UBND các huyện, Sở Y tế kiểm tra", "Ủy ban nhân dân các huyện", ["Sở Y tế"], "kiểm tra",
                 id="places-then-a-unit"),
    pytest.param("Các phòng, đơn vị thuộc Sở chủ động xây dựng kế hoạch chi tiết", "Các phòng, đơn vị thuộc Sở", [],
                 "chủ động", id="a-departments-offices"),
    pytest.param("UBND các xã, phường, đặc khu cử cán bộ tham gia bồi dưỡng", "Ủy ban nhân dân các xã, phường, đặc khu", [],
                 "cử cán bộ", id="special-zones-since-2025"),
    pytest.param("Phòng Kinh tế, Hạ tầng và Đô thị phối hợp kiểm tra chất lượng công trình", "Phòng Kinh tế, Hạ tầng và Đô thị",
                 [], "phối hợp", id="a-2025-office-with-a-comma-in-its-name"),
    pytest.param("Xí nghiệp Khai thác công trình thủy lợi Krông Năng thực hiện nghiêm lịch tưới",
                 "Xí nghiệp Khai thác công trình thủy lợi Krông Năng", [], "thực hiện", id="an-enterprise"),
])
def test_subject(sentence, owner, co_owners, work):
    found = parse_subject(sentence)
    assert found is not None
    assert (found.owner, found.co_owners) == (owner, co_owners)
    assert sentence[found.action_start:].startswith(work)


@pytest.mark.parametrize("sentence", [
    pytest.param("Bộ Y tế và Bộ TTTT đã thống nhất khung thông tin", id="past"),
    pytest.param("Báo chí tiếp tục thể hiện vai trò quan trọng", id="press-is-not-a-unit"),
    pytest.param("Những báo, tạp chí sai phạm phải được nhắc nhở", id="passive"),
    pytest.param("Bộ trưởng chỉ đạo, năm 2023 là năm dữ liệu", id="a-title-is-not-a-unit"),
    pytest.param("Bộ Xây dựng đánh giá cao kết quả", id="praise"),
    pytest.param("phòng chống dịch bệnh trên địa bàn", id="the-verb-phòng"),
    pytest.param("UBND thành phố Hà Tĩnh kiến nghị tỉnh sớm bố trí vốn", id="a-request-upward"),
    pytest.param("Tại cuộc họp giao ban Lãnh đạo Bộ với Thủ trưởng các đơn vị", id="giao-ban-is-a-briefing"),
])
def test_no_subject(sentence):
    assert parse_subject(sentence) is None


@pytest.mark.parametrize("name, canonical", [
    pytest.param("Cục THH", "Cục Tin học hóa", id="abbreviation"),
    pytest.param("Cục Tần số vô truyến điện", "Cục Tần số vô tuyến điện", id="typo"),
    pytest.param("Vụ kế hoạch tài chính", "Vụ Kế hoạch - Tài chính", id="case-and-dash"),
    pytest.param("UBND tỉnh Lào Cai", "Ủy ban nhân dân tỉnh Lào Cai", id="ubnd"),
    pytest.param("Sở Tài chính", "Sở Tài chính", id="not-the-ministry"),
    pytest.param("Ủy ban Mặt trận Tổ quốc Việt Nam thành phố và", "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố",
                 id="a-dangling-và"),
    pytest.param("Ủy ban Mặt trận Tổ quốc Việt Nam tính", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
                 id="a-unit-of-the-province-misrestored"),
    pytest.param("Phòng Nông nghiệp và Mồi trường", "Phòng Nông nghiệp và Môi trường", id="a-district-office-with-a-slip"),
    pytest.param("các xã, thị trấn", "Ủy ban nhân dân các xã, thị trấn", id="places-act-through-their-committee"),
    pytest.param("Cục CNTT", "Cục Công nghệ thông tin", id="it-abbreviated-inside-a-name"),
    pytest.param("Các quận, huyện", "Ủy ban nhân dân các quận, huyện", id="urban-and-rural-districts"),
    pytest.param("Các huyện Đồng Văn, Mèo Vạc", "Các huyện Đồng Văn, Mèo Vạc", id="named-places-stay-as-written"),
    pytest.param("Các thôn", "Các thôn", id="no-committee-below-the-commune"),
])
def test_canonical_names(name, canonical):
    assert canonical_agency(name) == canonical


def test_leaders_named_in_a_notice():
    leaders = find_leaders(["Thứ trưởng Phạm Đức Long chỉ đạo Cục Viễn thông", "Bộ trưởng Bộ TTTT Nguyễn Mạnh Hùng kết luận"])
    assert leaders == {"thu truong": "Thứ trưởng Phạm Đức Long", "bo truong": "Bộ trưởng Nguyễn Mạnh Hùng"}


def test_units_packed_in_a_flattened_row_end_where_the_next_unit_opens():
    row = "Kiểm tra các cơ sở, chợ, nhà hàng Phòng Tài nguyên và Môi trường Công an huyện; UBND các xã, thị trấn"
    assert units_tail(row)[1] == ["Phòng Tài nguyên và Môi trường", "Công an huyện", "Ủy ban nhân dân các xã, thị trấn"]
