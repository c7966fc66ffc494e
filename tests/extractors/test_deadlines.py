"""Deadlines: tables of real sentences (seeds and corpus) with inline spans, documents, invariants."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conftest import CORPUS_DOCS, SEED_TXT
from helpers_doc import doc_from_text

from kehoach.extract import read_canonical
from kehoach.extractors.citations import extract_citations
from kehoach.extractors.deadlines import RELATIVE_LIMIT_RE, WORKING_TIME_RE, extract_deadlines
from kehoach.extractors.header import extract_header
from kehoach.extractors.sections import extract_sections
from kehoach.schemas.contract import DeadlineKind as K
from kehoach.schemas.contract import DocType
from kehoach.schemas.header import Header

MARK_RE = re.compile(r"<(\d+)>(.*?)</\1>", re.S)


def unmark(s: str) -> tuple[str, list[str]]:
    """'Hoàn thành <0>trước ngày 31/10/2024</0>.' → ('Hoàn thành trước ngày 31/10/2024.', ['trước ngày 31/10/2024'])."""
    return MARK_RE.sub(lambda m: m.group(2), s), [m.group(2) for m in MARK_RE.finditer(s)]


def squash(s: str) -> str:
    return " ".join(s.split())


def run(sentence: str, year: int | None = 2024, issued: str | None = None):
    plain, spans = unmark(sentence)
    doc = doc_from_text(plain)
    header = Header(doc_type=DocType.ke_hoach, year=year, issued_date=issued, body_end=len(doc.text))
    found = extract_deadlines(doc, header, extract_citations(doc, header), extract_sections(doc, header))
    for d in found:
        assert doc.text[d.start : d.end] == d.text
    return found, spans


# (sentence with expected spans, year, issue date, expected (kind, date) per span)
ROWS = [
    # seed 001: "trước ngày" with a full date; "sau ngày 31/10" is not a time limit
    (
        "+ Đối với Cán bộ, công chức, không chuyên trách trong cơ quan: Tiếp nhận <0>trước ngày 31/10/2024</0> được tính năm 2024, tiếp nhận sau ngày 31/10 thì được tính cho năm sau.",
        2024,
        None,
        [(K.before, "2024-10-31")],
    ),
    # seed 002: a range that starts at the beginning of a year; the date is the end
    (
        "Thời gian thực hiện kế hoạch phát động phong trào thi đua ngay <0>từ đầu năm 2024 đến ngày 15/11/2024</0>.",
        2024,
        "2024-02-21",
        [(K.range, "2024-11-15")],
    ),
    # seed 000: on notice
    (
        "Các giải pháp sáng kiến trong công tác cải cách hành chính gửi bằng văn bản giấy đóng thành cuốn và file mềm về UBND xã (qua Văn phòng thống kê) <0>khi được thông báo</0> để tổng hợp.",
        2024,
        None,
        [(K.on_notice, None)],
    ),
    # seed 004: on notice, the office announces the time
    (
        "- Trên cơ sở số lượng khen thưởng được phân bổ, lựa chọn, bình xét và hoàn tất các thủ tục hồ sơ khen thưởng gửi về phòng Nội vụ (<0>thời gian cụ thể do phòng Nội vụ thông báo</0>).",
        2024,
        None,
        [(K.on_notice, None)],
    ),
    # seed 001: open-ended
    (
        "- Thời gian nhận: <0>Không hạn chế thời gian</0> tiếp nhận đề xuất giải pháp, sáng kiến, mô hình trong công tác CCHC: Trong đó:",
        2024,
        None,
        [(K.open, None)],
    ),
    # seed 003: periodic, six-monthly and yearly
    (
        "mô hình, sáng kiến được triển khai áp dụng phải được đánh giá, tổng hợp kết quả báo cáo về UBND huyện (qua Phòng Nội vụ) trong báo cáo cải cách hành chính <0>định kỳ 06 tháng, năm</0>; đồng thời cập nhật",
        2024,
        None,
        [(K.periodic, None)],
    ),
    # corpus 008: a spelled date
    (
        "hoàn thành 100% việc cập nhật lý lịch cán bộ, công chức, viên chức và đảm bảo đồng bộ dữ liệu vào Cơ sở dữ liệu quốc gia <0>trước ngày 06 tháng 12 năm 2025</0>.",
        2025,
        "2025-11-28",
        [(K.before, "2025-12-06")],
    ),
    # corpus 005: a day of every month is periodic, not a dated "before"
    (
        "báo cáo UBND Thành phố kết quả thực hiện thông qua Sở Khoa học và Công nghệ <0>trước ngày 15 hằng tháng</0>.",
        2025,
        "2025-11-17",
        [(K.periodic, None)],
    ),
    # corpus 004: the start day borrows month and year from the end
    (
        "- Đợt 02 dự kiến: Thực hiện vét trong 03 ngày làm việc (<0>từ ngày 08 đến ngày 10 tháng 12 năm 2025</0>).",
        2025,
        "2025-11-18",
        [(K.range, "2025-12-10")],
    ),
    # corpus 003: a range of months and "vào tháng" (by the month): kinds without a date (ANNOTATION)
    (
        "Phong trào thi đua cao điểm được triển khai thực hiện <0>từ tháng 10 năm 2025 đến hết tháng 3 năm 2026</0>. Tổng kết <1>vào tháng 4 năm 2026</1>.",
        2025,
        "2025-11-18",
        [(K.range, None), (K.by, None)],
    ),
    # corpus 001: "từ X đến Y" is a range also when its end is an event (ANNOTATION; heldout h09 decided so
    # blind): no end date
    (
        "2. Thời gian thực hiện: <0>Từ tháng 10/2025 đến khi tổ chức thành công Đại hội Đại biểu toàn quốc lần thứ XIV của Đảng</0>.",
        2025,
        "2025-11-18",
        [(K.range, None)],
    ),
    # gold-dev d04: a limit counted from an event ("trong thời hạn N ngày"): by, no date (ANNOTATION's
    # "hoàn thành trong …")
    (
        "gửi kế hoạch về Ủy ban nhân dân thành phố (qua Công an thành phố) <0>trong thời hạn 10 ngày</0> kể từ ngày nhận Kế hoạch này.",
        2025,
        "2025-11-20",
        [(K.by, None)],
    ),
    # heldout h110, h90: a procedure's time counted from an event, or in working days, is a limit (by, no date) even
    # without "trong thời hạn"
    (
        "- Thời gian thực hiện: <0>05 ngày kể từ</0> ngày Sở Nội vụ tiếp nhận đủ giấy tờ.",
        2025,
        "2025-11-20",
        [(K.by, None)],
    ),
    (
        "Bước 1 | Tiếp nhận hồ sơ | Bộ phận một cửa | <0>02 giờ làm việc</0> |\nBước 2 | Thẩm định hồ sơ | Chuyên viên | <1>1,5 ngày làm việc</1> |",
        2025,
        "2025-11-20",
        [(K.by, None), (K.by, None)],
    ),
    # heldout h108: a task after another body's act, in the active voice, is on notice; an act already issued and
    # cited by its number is history (h41)
    (
        "<0>Sau khi Bộ trưởng Bộ Y tế, Bộ trưởng Bộ Giáo dục và Đào tạo quy định chi tiết</0> hướng dẫn về tiêu chuẩn, "
        "Sở Y tế, Ủy ban nhân dân cấp xã rà soát để thay thế quyết định cho phù hợp.",
        2025,
        "2025-11-20",
        [(K.on_notice, None)],
    ),
    (
        "Sau khi Thủ tướng Chính phủ ban hành Chỉ thị số 13/CT-TTg về tăng cường công tác chống buôn lậu, các bộ đã triển khai.",
        2025,
        "2025-11-20",
        [],
    ),
    # NEGATIVE review: when a text takes effect, how long a paper is valid, leave: no task's limit
    (
        "Giấy xác nhận có giá trị 6 tháng kể từ ngày cấp. Công chức được nghỉ phép năm 12 ngày làm việc.",
        2025,
        "2025-11-20",
        [],
    ),
    # NEGATIVE heldout h124, h76, h99: "từ ngày Quyết định này có hiệu lực" is the document's own effect (NOTES 3)
    ("Xe ô tô sản xuất trước năm 1999 áp dụng Mức 1 từ ngày Quyết định này có hiệu lực thi hành.", 2025, "2025-11-20", []),
    # review: a body's name may open with an accented capital ("Ủy ban …")
    (
        "<0>Sau khi Ủy ban nhân dân tỉnh phê duyệt</0>, Sở Tài chính bố trí kinh phí.",
        2025,
        "2025-11-20",
        [(K.on_notice, None)],
    ),
    # NEGATIVE trove: a threshold, a rate and a saving in working days set no limit
    (
        "Người lao động nghỉ việc hưởng chế độ ốm đau từ 14 ngày làm việc trở lên trong tháng; Thời gian thực hiện (tính "
        "mỗi ngày 08 giờ làm việc); Giảm được 01 ngày làm việc giải quyết hồ sơ.",
        2025,
        "2025-11-20",
        [],
    ),
    # gold-dev d12: a service target without "thời hạn" is no limit set for a task
    (
        "- Đảm bảo người già neo đơn, trẻ em được tiếp cận hỗ trợ trong 24 giờ đầu kể từ khi lực lượng đến được hiện trường.",
        2025,
        "2025-11-20",
        [],
    ),
    # heldout h15 (a Cục Thuế reply): a period that has run until today is no limit
    (
        "Từ ngày 01/10/2025 đến nay, thu nhập từ tiền lương, tiền công từ thực hiện nhiệm vụ khoa học thực hiện theo quy định tại khoản 3 Điều 71 Luật Khoa học.",
        2025,
        "2025-11-20",
        [],
    ),
    # heldout h15 and the trove's laws: a period that is the condition of a rule ("… thì …") is no limit
    (
        "Trường hợp cá nhân nhận được các khoản thu nhập từ thực hiện nhiệm vụ khoa học và công nghệ từ ngày 19/02/2025 đến trước ngày 01/10/2025 thì thực hiện theo quy định tại khoản 2 Điều 20.",
        2025,
        "2025-11-20",
        [],
    ),
    (
        "Người lao động đang hưởng chế độ thai sản trước ngày 01 tháng 7 năm 2025 và từ ngày 01 tháng 7 năm 2025 vẫn đang hưởng chế độ thai sản thì tiếp tục thực hiện chế độ cũ.",
        2025,
        "2025-08-15",
        [],
    ),
    # heldout h12, h14, h08 (two annotators, blind; gold-dev d12): limits on request or need are on_notice
    (
        "Cử thành viên tham gia họp thẩm định <0>khi cần thiết</0>; trả lời bằng văn bản <1>khi được cơ quan chủ trì lấy ý kiến</1>; báo cáo kết quả (<2>nếu có yêu cầu</2>).",
        2025,
        "2025-11-17",
        [(K.on_notice, None), (K.on_notice, None), (K.on_notice, None)],
    ),
    # heldout h21 and h06 (two annotators, blind): a supply, a report or a meeting when asked is on_notice
    (
        "Hội đồng quản lý Quỹ có thể họp bất thường <0>theo yêu cầu</0> của Chủ tịch; Quỹ cung cấp thông tin <1>theo yêu cầu</1> "
        "của cơ quan, tổ chức, cá nhân.",
        2025,
        "2025-05-14",
        [(K.on_notice, None), (K.on_notice, None)],
    ),
    # NEGATIVE: what is asked, not when: the content of a report, a service on demand, a donor's wish
    (
        "Chấp hành chế độ báo cáo đầy đủ, chất lượng theo yêu cầu về nội dung, số lượng; cung cấp các dịch vụ theo yêu "
        "cầu của các chủ tàu; thực hiện tài trợ đúng theo yêu cầu của cá nhân, tổ chức.",
        2025,
        "2025-05-14",
        [],
    ),
    # heldout h17: a report on the plan every year, the plan named between
    (
        "Tổ chức đánh giá, báo cáo kết quả thực hiện Đề án <0>hàng năm</0> và tổng kết sau khi kết thúc Đề án.",
        2025,
        "2025-11-20",
        [(K.periodic, None)],
    ),
    # heldout h03 and dev d12: a frequency is periodic
    (
        "Các chỉ tiêu TSS, Vibrio sp quan trắc với tần suất <0>2 lần/tháng</0>; kim loại nặng quan trắc với tần suất <1>02 lần/năm</1>.",
        2025,
        "2025-11-18",
        [(K.periodic, None), (K.periodic, None)],
    ),
    # heldout h02: "hằng năm" times a report whose addressee stands between ("báo cáo <người nhận> kết quả …")
    (
        "theo dõi, đôn đốc các sở, ngành triển khai thực hiện nhiệm vụ, báo cáo Chủ tịch Ủy ban nhân dân tỉnh kết quả\nthực hiện <0>hằng năm</0> theo quy định.",
        2025,
        "2025-11-18",
        [(K.periodic, None)],
    ),
    # NEGATIVE: "hằng năm" describing the results themselves, no report of them
    ("Kết quả thực hiện các chỉ tiêu hằng năm đều đạt và vượt kế hoạch.", 2025, "2025-11-18", []),
    # heldout h11: a time of day, the part of the day and the weekday stand before each end of a range
    (
        "Cục Thuế có kế hoạch nâng cấp hệ thống Quản lý thuế tập trung (TMS) <0>từ 18h00 tối Thứ Bảy ngày 22/11/2025 đến 03h00 sáng Chủ Nhật\nngày 23/11/2025</0>. Trong thời gian này, Cục Thuế sẽ tạm dừng ứng dụng TMS.",
        2025,
        "2025-11-20",
        [(K.range, "2025-11-23")],
    ),
    # corpus 007: "Định kỳ", "hằng năm" beside a report, and a day without a year in that sentence: every
    # year, so periodic with no date (ANNOTATION: "Trước ngày 15/12 hằng năm" is periodic)
    (
        "<0>Định kỳ</0> báo cáo UBND tỉnh (qua Sở Tư pháp) kết quả thực hiện Kế hoạch <1>hằng năm</1> (<2>trước ngày 15 tháng 11</2>) <3>hoặc theo đề nghị</3> để tổng hợp, báo cáo theo quy định.",
        2025,
        "2025-11-20",
        [(K.periodic, None), (K.periodic, None), (K.periodic, None), (K.on_notice, None)],  # heldout h32's gold: on_notice
    ),
    # corpus 005: "hoàn thành trong năm" is by, a year has no date
    ("c) Thời gian thực hiện: <0>Hoàn thành trong năm 2025</0>.", 2025, "2025-11-17", [(K.by, None)]),
    # corpus 007: a "Thời gian thực hiện:" label before a month
    ("<0>Thời gian thực hiện: Tháng 12/2025</0>.", 2025, "2025-11-20", [(K.by, None)]),
    # corpus 007: "xong trong tháng"
    (
        "Các cơ quan, đơn vị, địa phương xây dựng Kế hoạch triển khai thực hiện phù hợp với chức năng, nhiệm vụ <0>xong trong tháng 12/2025</0>.",
        2025,
        "2025-11-20",
        [(K.by, None)],
    ),
    # corpus 011: a range from the effective date to a spelled end
    (
        "Thời hạn ủy quyền: <0>Từ ngày Quyết định này có hiệu lực thi hành đến hết ngày 31 tháng 12 năm 2030</0>.",
        2025,
        "2025-11-20",
        [(K.range, "2030-12-31")],
    ),
    # corpus 006: "từ nay đến cuối năm" is a range to the year's end (no day, no date)
    (
        "ban hành Chương trình công tác của Ban Chỉ đạo tỉnh về phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số tỉnh Đồng Tháp <0>từ nay đến cuối năm 2025</0>;",
        2025,
        "2025-11-27",
        [(K.range, None)],
    ),
    # files/snv-binhthuan-3367-TTr.pdf: "chậm nhất ngày" is by
    (
        "a) Văn bản yêu cầu các hội: Hiệp hội Vận tải ô tô, Hội Nghề cá, Hiệp hội Nước mắm Phan Thiết, Hội Tin học và Hiệp hội Nhà thầu xây dựng hoàn thành tổ chức đại hội nhiệm kỳ <0>chậm nhất ngày 31/12/2024</0>.",
        2024,
        "2024-11-28",
        [(K.by, "2024-12-31")],
    ),
    # dev d09 (a conclusion announced three days after its own limit): a "trước ngày" just before the issue date
    (
        "c) Giao Phó Thủ tướng Chính phủ Trần Hồng Hà <0>trước ngày 15 tháng 11 năm 2025</0> trực tiếp kiểm tra, đôn đốc các bộ, cơ quan liên quan.",
        2025,
        "2025-11-18",
        [(K.before, "2025-11-15")],
    ),
    # dev d09: a single-day event
    (
        "b) Rứt khoát phải khánh thành Cảng hàng không quốc tế Long Thành giai đoạn 1 <0>vào ngày 19 tháng 12 năm 2025</0>.",
        2025,
        "2025-11-18",
        [(K.on, "2025-12-19")],
    ),
    # dev d04: a target year is "by" without a date; the range of the programme's years has no date either
    (
        "phấn đấu <0>đến năm 2030</0> đạt ít nhất 50% số xã, phường trên toàn thành phố không có ma túy. Thời gian thực hiện Chương trình: <1>Từ năm 2025 đến hết năm 2030</1>.",
        2025,
        "2025-11-17",
        [(K.by, None), (K.range, None)],
    ),
    # dev d10: "Hằng năm," opening an item, and a day without a year in that sentence recurs every year
    (
        "a) <0>Hằng năm</0>, các cơ quan, đơn vị cấp thành phố gửi báo cáo về Sở Nội vụ <1>từ ngày 10 đến ngày 15 tháng 12</1>;",
        2025,
        "2025-11-21",
        [(K.periodic, None), (K.periodic, None)],
    ),
    # dev d10: a quarter "of the following year" is a yearly limit
    (
        "c) <0>Trong quý I</0> của năm liền kề đánh giá, Sở Nội vụ chủ trì rà soát, đánh giá kết quả chấm điểm.",
        2025,
        "2025-11-21",
        [(K.periodic, None)],
    ),
    # dev d10: a start year with no end
    (
        "Giám đốc Sở Nội vụ có trách nhiệm tham mưu tổ chức thực hiện chấm điểm <0>từ năm 2026</0>.",
        2025,
        "2025-11-21",
        [(K.from_, None)],
    ),
    # dev d11: "định kỳ … hàng năm": the day is every year's, periodic with no date
    (
        "định kỳ <0>trước ngày 30 tháng 11</0> hàng năm báo cáo kết quả thực hiện về UBND Thành phố.",
        2025,
        "2025-11-24",
        [(K.periodic, None)],
    ),
    # dev d02: inside a "Thời gian thực hiện" part "thường xuyên" is the time limit and "trong năm 2025" a by
    (
        "2. Thời gian thực hiện\nCông tác giám sát, đánh giá được tiến hành <0>thường xuyên</0>, liên tục <1>trong năm 2025</1>, <2>sẽ có văn bản thông báo lịch</2> giám sát, đánh giá trước khi đoàn đến làm việc.",
        2025,
        "2025-11-19",
        [(K.open, None), (K.by, None), (K.on_notice, None)],
    ),
    # dev d06: "theo định kỳ hoặc đột xuất"
    (
        "b) Giao Thanh tra thành phố tổ chức thanh tra việc chấp hành các quy định pháp luật về tài nguyên nước <0>theo định kỳ</0> hoặc đột xuất.",
        2025,
        "2025-11-20",
        [(K.periodic, None)],
    ),
    # dev d03: "định kỳ" before the action it times
    ("<0>định kỳ</0> sơ kết, tổng kết, tổng hợp báo cáo Ủy ban nhân dân tỉnh.", 2025, "2025-11-19", [(K.periodic, None)]),
    # dev d12: a daily report at a time of day, and an extra one when needed (on_notice: d12's gold has the kind;
    # the annotators of heldout h08 and h12 counted "khi cần (thiết)" so, blind)
    (
        "tổng hợp nhu cầu từ cơ sở, báo cáo UBND tỉnh trước 19h00’ <0>hằng ngày</0> và đột xuất <1>khi cần thiết</1>.",
        2025,
        "2025-11-21",
        [(K.periodic, None), (K.on_notice, None)],
    ),
    # NEGATIVE dev d06: "thường xuyên" as an adverb of a task is not a time limit
    ("a) Thường xuyên kiểm tra chất lượng nước cấp cho mục đích sinh hoạt.", 2025, "2025-11-20", []),
    # NEGATIVE dev d12: a situation reported as of a moment of the issue day
    (
        "- Đến 12h00 ngày 21/11/2025, toàn tỉnh ghi nhận nhiều trường hợp chết, mất tích;",
        2025,
        "2025-11-21",
        [],
    ),
    # NEGATIVE dev d09 and trove 1095764e: a countdown, not a limit
    ("Từ nay đến hết năm 2025 chỉ còn gần 2 tháng, một số dự án hiện còn khối lượng công việc lớn;", 2025, "2025-11-18", []),
    ("Từ nay đến ngày 19 tháng 12 năm 2025 chỉ còn 01 tháng, thời gian rất gấp.", 2025, "2025-11-20", []),
    # NEGATIVE dev d11: a plan's name ending in its horizon year
    (
        "UBND thành phố Hà Nội ban hành Kế hoạch phát triển hạ tầng 5G, IoT trong các khu công nghệ cao, khu công nghiệp, cụm công nghiệp đến năm 2030 với những nội dung cụ thể như sau:",
        2025,
        "2025-11-24",
        [],
    ),
    # NEGATIVE trove bffd9da6: a planning period and its vision
    ("triển khai lập điều chỉnh Quy hoạch tỉnh Đồng Tháp thời kỳ 2021 - 2030, tầm nhìn đến năm 2050;", 2025, "2025-11-19", []),
    # NEGATIVE trove f40e7ad0: the years of a programme under way
    (
        "Chương trình mục tiêu quốc gia giai đoạn 2021 - 2030, giai đoạn I: từ năm 2021 đến năm 2025 trên địa bàn thành phố Huế.",
        2025,
        "2025-12-04",
        [],
    ),
    # NEGATIVE corpus 009 and trove: effective dates (ANNOTATION)
    ("Quyết định này có hiệu lực thi hành kể từ ngày ký.", 2025, "2025-11-19", []),
    ("Nghị quyết có hiệu lực thi hành kể từ ngày ký ban hành và áp dụng từ ngày 01 tháng 01 năm 2026.", 2025, "2025-11-27", []),
    # NEGATIVE files/snv-binhthuan-3367-TTr.pdf: a cited decree's effective date
    (
        "Ngày 08/10/2024, Chính phủ ban hành Nghị định số 126/2024/NĐ-CP quy định về tổ chức, hoạt động và quản lý hội, có hiệu lực thi hành từ 26/11/2024, thay thế Nghị định trước.",
        2024,
        "2024-11-28",
        [],
    ),
    # NEGATIVE files/ND30_2020_PhuLuc1_the_thuc.docx: "1/3" and "1/2" are fractions, not days
    (
        "phía dưới có đường kẻ ngang, nét liền, có độ dài bằng từ 1/3 đến 1/2 độ dài của dòng chữ và đặt cân đối so với dòng chữ.",
        2020,
        None,
        [],
    ),
    # NEGATIVE seed 000: a cited document's date is not a deadline
    (
        "Thực hiện Quyết định số 77/QĐ-UBND ngày 12/01/2024 của UBND huyện về việc ban hành kế hoạch cải cách hành chính nhà nước năm 2024 trên địa bàn huyện Hớn Quản;",
        2024,
        None,
        [],
    ),
    # NEGATIVE corpus 008: past events before the issue date
    (
        "Ngày 28 tháng 10 năm 2025, Chủ tịch Ủy ban nhân dân Thành phố đã ban hành Công văn số 3280/UBND-VX. Trong đó, Chủ tịch Ủy ban nhân dân Thành phố đã chỉ đạo các cơ quan, đơn vị khẩn trương hoàn thành việc cập nhật cơ sở dữ liệu cán bộ, công chức, viên chức trước ngày 30 tháng 10 năm 2025.",
        2025,
        "2025-11-28",
        [],
    ),
    # NEGATIVE seed 002: an annual plan is not a periodic deadline
    (
        "- Xây dựng, ban hành kế hoạch CCHC giai đoạn, hàng năm theo quy định của pháp luật, kế hoạch CCHC của tỉnh, huyện và chức năng, nhiệm vụ của địa phương.",
        2024,
        "2024-02-21",
        [],
    ),
    # NEGATIVE seed 002: "định kỳ" with no period
    (
        "Thường xuyên tự kiểm tra, đánh giá định kỳ đối với các nhiệm vụ quản lý nhà nước đã được phân cấp.",
        2024,
        "2024-02-21",
        [],
    ),
    # NEGATIVE corpus 004: a monthly benefit
    (
        "(5) 100% số người hưởng trợ cấp xã hội, trợ cấp hưu trí xã hội hàng tháng được rà soát, cập nhật dữ liệu.",
        2025,
        "2025-11-18",
        [],
    ),
    # NEGATIVE corpus 002: an anniversary written as a dash range
    (
        "chào mừng “Kỷ niệm 80 năm ngày Tổng tuyển cử đầu tiên bầu Quốc hội Việt Nam” (06/01/1946 - 06/01/2026);",
        2025,
        "2025-11-19",
        [],
    ),
    # NEGATIVE seed 002: a criterion, not a time limit
    ("- Hoàn thành tốt nhiệm vụ được giao trong năm 2024.", 2024, "2024-02-21", []),
    # corpus 010: a processing time counted from receipt is no date; the new time is a limit (by, no date: heldout
    # h110's gold for a shortened processing time), the old one it is cut from is not
    (
        "thủ tục hành chính từ 10 ngày làm việc còn <0>09 ngày làm việc kể từ</0> ngày nhận được hồ sơ hợp lệ, cụ thể:",
        2025,
        "2025-11-20",
        [(K.by, None)],
    ),
    # trove, Kế hoạch 172/KH-UBND of TP. Hồ Chí Minh: an open-ended period starts then and has no end
    ("<0>Thời gian thực hiện: Năm 2025 và các năm tiếp theo</0>.", 2025, "2025-11-24", [(K.from_, None)]),
    # trove, Kế hoạch 7360/KH-UBND of Lai Châu: a quarter, then every year after it
    ("<0>Thời gian thực hiện: Quý IV năm 2025 và các năm tiếp theo</0>.", 2025, "2025-11-20", [(K.from_, None)]),
    # NEGATIVE trove, 172/KH-UBND: the day a law starts to apply is not a limit this plan sets
    (
        "b) Xác định lộ trình cụ thể để bảo đảm từ ngày 01 tháng 01 năm 2026, Luật Việc làm và các văn bản quy định chi tiết được thực hiện thống nhất, đồng bộ trên địa bàn Thành phố.",
        2025,
        "2025-11-24",
        [],
    ),
    # NEGATIVE trove, a nghị định's own article on its effect: the texts it repeals stop applying then
    (
        "2. Kể từ ngày Nghị định này có hiệu lực thi hành, các Nghị định của Chính phủ và các điều khoản sau đây hết hiệu lực thi hành:",
        2025,
        "2025-06-30",
        [],
    ),
    # heldout h26: after the cited documents, a comma opens the report's own task and its limit
    (
        "8. Các Bộ theo chức năng, nhiệm vụ được giao khẩn trương rà soát lại việc thực hiện ý kiến chỉ đạo tại các Thông báo "
        "kết luận số 49/TB-VPCP ngày 07 tháng 02 năm 2024 và số 160/TB-VPCP ngày 24 tháng 4 năm 2023 của Văn phòng Chính phủ, "
        "báo cáo Thủ tướng Chính phủ kết quả thực hiện\n<0>trước ngày 05 tháng 12 năm 2025</0>.",
        2025,
        "2025-11-27",
        [(K.before, "2025-12-05")],
    ),
    # heldout h25: a date of every year is no history, even after "đã giao"
    (
        "Kiên quyết thu hồi các khoản kinh phí đã giao trong dự toán đầu năm nhưng <0>đến ngày 30 tháng 6</0> hàng năm chưa phân bổ.",
        2025,
        "2025-11-24",
        [(K.periodic, None)],
    ),
    # NEGATIVE heldout h25: a forecast's horizon is no limit
    ("1. Dự báo các chỉ tiêu kinh tế - xã hội đến năm 2026", 2025, "2025-11-24", []),
    # heldout h24: "trong vòng 48 giờ" limits the task (by, no date); "trong vòng 5 năm qua" is a past period
    (
        "g) Người qua đời được chôn cất hoặc hỏa táng <0>trong vòng 48 giờ</0>. Trong vòng 5 năm qua, tỉnh đã xây 12 nghĩa trang.",
        2025,
        "2025-11-20",
        [(K.by, None)],
    ),
    # heldout h29, h33: a time label's value is read like a task table's time cell: someone else's schedule,
    # work that goes on, a range of years
    (
        "c) Thời gian thực hiện: Triển\nkhai đảm bảo <0>theo lộ trình</0>, hướng dẫn của Bộ, ngành.",
        2025,
        "2025-11-20",
        [(K.on_notice, None)],
    ),
    ("c) Thời gian thực hiện: Thực hiện\n<0>thường xuyên</0>.", 2025, "2025-11-20", [(K.open, None)]),
    ("- Thời gian thực hiện: <0>năm\n2026 - 2027</0>.", 2025, "2025-11-20", [(K.range, None)]),
    (
        "+ Thời hạn ban hành: <0>Theo tiến\nđộ được giao của Luật An ninh mạng 2025</0>.",
        2025,
        "2025-11-20",
        [(K.on_notice, None)],
    ),
    # heldout h32, h28: a schedule's alternative, a time that will be announced
    (
        "Các cơ quan báo cáo kết quả thực hiện Kế hoạch (<0>trước ngày 15 tháng 11</0>) <1>hoặc theo đề nghị</1> để tổng hợp.",
        2025,
        "2025-11-20",
        [(K.before, "2026-11-15"), (K.on_notice, None)],
    ),
    (
        "Hồ sơ gửi về Sở Nội vụ <0>trước ngày 31/3/2026</0> để thẩm định (trường hợp <1>thay đổi thời gian sẽ có thông báo</1> tới các cơ quan).",
        2025,
        "2025-11-20",
        [(K.before, "2026-03-31"), (K.on_notice, None)],
    ),
    # heldout h34, h35: a time counted from an event ("Trong thời gian 03 tháng kể từ ngày …"), a task waiting for
    # the centre's guidance
    (
        "<0>Trong thời gian 03 tháng</0> kể từ ngày Ủy ban nhân dân tỉnh ban hành Thông báo này, các hội hoàn thành việc thanh toán nợ.",
        2024,
        "2024-12-05",
        [(K.by, None)],
    ),
    (
        "Sở Xây dựng triển khai quản lý hệ thống kết cấu hạ tầng giao thông <0>khi có hướng dẫn</0> của Trung ương.",
        2025,
        "2025-11-27",
        [(K.on_notice, None)],
    ),
    # heldout h46: a weekday between "trước" and "ngày"
    (
        "gửi về Ban Chỉ đạo của Chính phủ (qua Bộ Nội vụ) <0>trước Thứ Tư ngày 03/12/2025</0> để tổng hợp.",
        2025,
        "2025-12-02",
        [(K.before, "2025-12-03")],
    ),
    # heldout h44: "-2030" with no space after the dash still ends the period
    ("3. Thời gian thực hiện: <0>Từ năm 2026 -2030</0>.", 2025, "2025-11-25", [(K.range, None)]),
    # heldout h49 (NOTES 2): an event that starts the work
    (
        "(4) <0>Sau khi được Quốc hội thông qua</0>, các Bộ, cơ quan, địa phương tập trung tổ chức thực hiện có hiệu quả Chương trình.",
        2025,
        "2025-11-19",
        [(K.on_notice, None)],
    ),
    # heldout h54: a task table's time cell set by another plan's roadmap
    (
        "PHỤ LỤC\n|\nSTT\n|\nTên nhiệm vụ\n|\nCơ quan chủ trì\n|\nThời hạn hoàn thành\n|\n|\n4\n|\nQuyết định ban hành tái cấu trúc "
        "quy trình nội bộ\n|\nVăn phòng Bộ\n|\n<0>Theo lộ trình được giao tại Kế hoạch số 02-KH/BCĐTW</0>\n|",
        2025,
        "2025-11-18",
        [(K.on_notice, None)],
    ),
    # NEGATIVE heldout h44: a span of months in a monitoring schedule ("tháng 9 đến tháng 11") sets no limit
    ("Tần suất: Tháng 3, 4 và tháng 9 đến tháng 11 tần suất quan trắc 02 đợt/tháng.", 2025, "2025-11-25", []),
    # NEGATIVE heldout h43: "sau 15 giờ hàng ngày" is the case of a late filing, not a daily limit
    (
        "chuyển vào đầu giờ ngày làm việc tiếp theo đối với trường hợp tiếp nhận sau 15 giờ hàng ngày; chuyển hồ sơ giấy.",
        2025,
        "2025-11-27",
        [],
    ),
    # NEGATIVE: no schedule before "hoặc theo yêu cầu"
    ("Các tổ chức chính trị - xã hội thực hiện chức năng, nhiệm vụ được giao hoặc theo yêu cầu.", 2025, "2025-11-20", []),
    # NEGATIVE corpus 006: a legal-basis line describes the cited document
    (
        "Căn cứ Quyết định số 03-QĐ/BCĐ ngày 13/8/2025 của Ban Chỉ đạo tỉnh ban hành Chương trình công tác từ nay đến cuối năm 2025;",
        2025,
        "2025-11-27",
        [],
    ),
]


@pytest.mark.parametrize(("sentence", "year", "issued", "expected"), ROWS)
def test_deadline_sentences(sentence, year, issued, expected):
    found, spans = run(sentence, year, issued)
    assert [squash(d.text) for d in found] == [squash(s) for s in spans]
    assert [(d.kind, d.date) for d in found] == expected


def test_range_start_and_end_dates():
    found, _ = run(
        "- Đợt 02 dự kiến: Thực hiện vét trong 03 ngày làm việc (từ ngày 08 đến ngày 10 tháng 12 năm 2025).", 2025, "2025-11-18"
    )
    assert (found[0].start_date, found[0].end_date) == ("2025-12-08", "2025-12-10")


def test_no_year_uses_document_year():
    # seed 001 without the year: the document's year
    found, _ = run("Tiếp nhận trước ngày 31/10 được tính năm 2024.", 2024, None)
    assert [(d.kind, d.date) for d in found] == [(K.before, "2024-10-31")]


def test_issue_date_line_is_not_a_deadline():
    # seed 002 header: "Hành Minh, ngày 21 tháng 02 năm 2024" must not come out, the range must
    doc = read_canonical(next(p for p in SEED_TXT if p.name.startswith("002")))
    header = extract_header(doc)
    found = extract_deadlines(doc, header, extract_citations(doc, header), extract_sections(doc, header))
    assert {d.date for d in found} == {"2024-11-15"}
    assert [d.kind for d in found] == [K.range]


GOLD_KINDS = {"000": {K.on_notice}, "001": {K.before, K.open}, "002": {K.range}, "003": {K.periodic}, "004": {K.on_notice}}


@pytest.mark.parametrize("path", SEED_TXT, ids=lambda p: p.name[:3])
def test_seed_kinds(path):
    doc = read_canonical(path)
    header = extract_header(doc)
    found = extract_deadlines(doc, header, extract_citations(doc, header), extract_sections(doc, header))
    assert {d.kind for d in found} == GOLD_KINDS[path.name[:3]]


CORPUS = sorted(CORPUS_DOCS.glob("*.txt")) if CORPUS_DOCS.is_dir() else []


@pytest.mark.parametrize("path", SEED_TXT + CORPUS, ids=lambda p: p.name)  # the corpus when ../shared is there
def test_invariants(path):
    doc = read_canonical(path)
    header = extract_header(doc)
    for d in extract_deadlines(doc, header, extract_citations(doc, header), extract_sections(doc, header)):
        assert 0 <= d.start < d.end <= len(doc.text)
        assert doc.text[d.start : d.end] == d.text
        if d.kind in (K.periodic, K.on_notice, K.open):
            assert d.date is None
        relative = d.kind == K.by and (RELATIVE_LIMIT_RE.match(d.text) or WORKING_TIME_RE.match(d.text))
        if (d.kind in (K.before, K.by, K.on) and not relative) or (
            d.kind == K.range and not re.search(r"(?:đến|tới) khi", d.text)
        ):
            assert d.date is not None or d.end_date is not None  # a month, quarter or year: its period, no date
        if relative:  # "trong thời hạn 10 ngày", "07 ngày làm việc kể từ": counted from an event, no date (ANNOTATION)
            assert d.date is None and d.end_date is None
        if d.kind == K.range and d.end_date is None:  # "Từ tháng 10/2025 đến khi tổ chức thành công Đại hội …"
            assert re.search(r"(?:đến|tới) khi", d.text) and d.date is None


PLAN_HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 1627/KH-UBND\nQuảng Ngãi, ngày 20 tháng 11 năm 2025\nKẾ HOẠCH\n"
    "Tổng kiểm kê tài sản công\nI. NHIỆM VỤ CỤ THỂ\n1. Sở Tài chính\n"
)


def plan_deadlines_of(body: str):
    doc = doc_from_text(PLAN_HEAD + body + "Nơi nhận:\n- Lưu: VT.\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Hoàng Giang\n")
    header = extract_header(doc)
    return extract_deadlines(doc, header, extract_citations(doc, header), extract_sections(doc, header))


def test_a_range_that_ends_at_an_event():
    # heldout h09: "từ X đến Y" is a range also when Y is an event; its start (this month) is no past limit
    got = plan_deadlines_of(
        "- Tham mưu Ban Chỉ đạo đôn đốc, kiểm tra việc thực hiện kiểm kê.\n"
        "Thời gian thực hiện: Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê.\n"
    )
    assert [(d.kind.value, d.date, d.text) for d in got] == [("range", None, "Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê")]


def test_two_months_of_one_year():
    # heldout h09: "Tháng 11 - 12/2025" is November to December 2025, not a November of the next year
    got = plan_deadlines_of("- Tập huấn, hướng dẫn thực hiện tổng kiểm kê.\nThời gian hoàn thành: Tháng 11 - 12/2025.\n")
    assert [(d.kind.value, d.date, d.text) for d in got] == [("by", None, "Thời gian hoàn thành: Tháng 11 - 12/2025")]
    assert (got[0].start_date, got[0].end_date) == ("2025-11-01", "2025-12-31")


def test_a_documents_validity_is_no_deadline():
    # heldout h77 (a Government resolution): "có hiệu lực thi hành kể từ ngày ký ban hành đến hết ngày 28 tháng 02 năm
    # 2027" bounds its validity (ANNOTATION: effective dates are not deadlines); a task's "đến hết ngày" still is one
    got = plan_deadlines_of(
        "- Sở Tài chính tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh đến hết ngày 15 tháng 12 năm 2025.\n"
        "1. Nghị quyết này có hiệu lực thi hành kể từ ngày\nký ban hành đến hết ngày 28 tháng 02 năm 2027.\n"
    )
    assert [(d.kind.value, d.date) for d in got] == [("by", "2025-12-15")]


def test_a_task_about_documents_that_lose_effect_keeps_its_limit():
    # review: only the document's own validity ("… này có hiệu lực … đến hết ngày …") is no deadline; a task about
    # documents that "hết hiệu lực" keeps its limit
    got = plan_deadlines_of(
        "- Sở Tư pháp chủ trì rà soát các văn bản hết hiệu lực để báo cáo Ủy ban nhân dân tỉnh trước ngày 01/7/2026.\n"
    )
    assert [(d.kind.value, d.date) for d in got] == [("before", "2026-07-01")]


def test_a_date_that_says_which_cases_a_rule_covers_is_no_deadline():
    # heldout h142 (a decree's transitional article): "… theo quyết định … từ ngày 01 tháng 3 năm 2025 được áp dụng quy
    # định tại …" names the units the rule covers; a task's "từ ngày …" stays a start
    got = plan_deadlines_of(
        "3. Vụ, cục thuộc bộ thực hiện hợp nhất theo quyết định của cấp có thẩm quyền từ ngày 01 tháng 3 năm 2025 được "
        "áp dụng quy định tại khoản 1 Điều 10 Nghị định này.\n"
        "- Sở Nội vụ triển khai thực hiện từ ngày 01 tháng 12 năm 2025.\n"
    )
    assert [(d.kind.value, d.start_date) for d in got] == [("from", "2025-12-01")]
