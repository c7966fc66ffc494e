"""Deadlines: the time limits a document sets (``../shared/contract/ANNOTATION.md`` decides what counts).

A date comes out only for a day; a month, quarter or year without a day gives its kind and no date
(``date`` is null, ``end_date``/``start_date`` keep the period for cross-checks). Patterns handled
(normalized text; examples from the seeds, the dev set and the trove):
- before: ``trước ngày 31/10/2024``, ``trước ngày 06 tháng 12 năm 2025``, ``trước 17 giờ 00 ngày
  20/11/2025``, ``trước ngày 31/10`` (no year → the document's year, or the next one when the day would
  fall before the issue date);
- by: ``đến ngày 15/11/2024``, ``chậm nhất ngày …``, ``hạn chót …``, ``hoàn thành trong tháng 12/2025``,
  ``trong quý IV/2025``, ``hoàn thành trong năm 2025``, ``đến (hết) năm 2030`` / ``phấn đấu đến năm 2030
  đạt …`` (a target year; not in a programme's name: ``Chiến lược … đến năm 2030, tầm nhìn đến năm 2045``);
- on: ``vào ngày 19 tháng 12 năm 2025``, ``Thời gian tổ chức: ngày 20/11/2025``;
- range: ``từ ngày 20/11/2025 đến ngày 03/12/2025``, ``từ ngày 08 đến ngày 10 tháng 12 năm 2025``,
  ``từ tháng 10 năm 2025 đến hết tháng 3 năm 2026``, ``Từ năm 2025 đến hết năm 2030``, ``từ nay đến cuối
  năm 2025`` — the date is the end's when it is a day;
- from: ``Từ tháng 10/2025 đến khi tổ chức thành công Đại hội``, ``chấm điểm từ năm 2026``;
- periodic (no date): ``định kỳ 06 tháng, năm``, ``định kỳ báo cáo``, ``theo định kỳ hoặc đột xuất``,
  ``trước ngày 20 hằng tháng``, ``báo cáo hằng tháng``, ``Hằng năm, …`` opening a clause, ``trước 19h00
  hằng ngày``, and a day or month without a year in a sentence about every year (``định kỳ trước ngày 30
  tháng 11 hàng năm``, ``Định kỳ hằng năm (trước ngày 15 tháng 12)``, ``Trong quý I của năm liền kề``);
- on_notice: ``khi được thông báo``, ``khi có yêu cầu``, ``thời gian cụ thể do phòng Nội vụ thông báo``,
  ``sẽ có văn bản thông báo lịch …``;
- open: ``không hạn chế thời gian``; ``thường xuyên`` only as a time limit: a task table's time cell,
  after a ``Thời gian …:`` label or inside a ``Thời gian thực hiện`` part (not ``thường xuyên kiểm tra``);
- task tables (``task_tables``): the time cell of each row (``2026``, ``Quý IV/2025- Quý II/2026``,
  ``Năm 2025 - 2026``, ``Thường xuyên``, ``Hàng năm``).
Not deadlines: dates of cited documents (citation spans, ``Căn cứ …`` lines), effective dates (``có hiệu
lực (thi hành) kể từ …``, ``áp dụng từ …``), the place-and-date line and the title, past events (``đã …``,
a day before the issue date; a ``trước ngày`` up to a month before it survives: conclusions are announced
days after the meeting that set them), status cut-offs (``tính đến ngày``, ``Đến 12h00 ngày 21/11/2025,
toàn tỉnh ghi nhận …``), countdowns (``Từ nay đến hết năm 2025 chỉ còn gần 2 tháng``), ``sau ngày …``,
horizons (``định hướng đến năm 2030``), anniversaries, fractions, benefits and budgets paid ``hằng năm``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from kehoach.extractors.marks import Mark
from kehoach.extractors.task_tables import find_task_tables
from kehoach.schemas.contract import Citation, Deadline, DeadlineKind, Section, section_path_at
from kehoach.schemas.header import Header
from kehoach.text.bullets import BULLET_CLASS
from kehoach.text.dates import NOTICE_WORDS, TimeCell, When, read_time_cell, read_when
from kehoach.text.forms import is_all_caps
from kehoach.text.numbers import ends_with_doc_number, find_doc_numbers

# A trigger word that introduces a dated time limit; the date itself is read by read_when.
TRIGGER_RE = re.compile(
    r"(?<![^\W\d_])(?:"
    r"(?P<before>trước)"
    r"|(?P<by>chậm\s+nhất(?:\s+là)?(?:\s+(?:vào|trong))?|hạn\s+chót(?:\s+là)?\s*:?|thời\s+hạn(?:\s+(?:hoàn\s+thành|nộp|gửi))?\s*(?:là|:)|(?:đến|tới)(?:\s+hết)?)"
    r"|(?P<from>(?:kể\s+)?từ)"
    r"|(?P<done>(?:hoàn\s+thành|xong)\s+trong|trong(?=\s+(?:tháng|quý)\s))"
    r"|(?P<on>vào)"
    r"|(?P<label>thời\s+gian(?:\s+(?:thực\s+hiện|tổ\s+chức|hoàn\s+thành|nộp|gửi|báo\s+cáo))?\s*:)"
    r")(?![^\W\d_])",
    re.I,
)
# Between the two ends of a range: "đến", "tới", "-", "–", optionally "hết".
RANGE_SEP_RE = re.compile(r"\s*,?\s*(?:(?:đến|tới)\s+|[-–]\s*)(?:hết\s+)?", re.I)  # also "từ năm 2026 -2030" (heldout h44)
# A month or a day without its year right before "đến": the start of a span ("tháng 9 đến tháng 11").
SPAN_START_BEFORE_RE = re.compile(r"(?<![^\W\d_])(?:tháng|ngày|quý)\s+(?:\d{1,2}|[IVX]{1,4})\s*$", re.I)
# A bare day opening a range whose month and year follow the end: "từ ngày 08 đến ngày 10 tháng 12 năm 2025".
BARE_DAY_RE = re.compile(r"\s*(?:ngày\s+)?(?P<d>\d{1,2})(?=\s*(?:đến|tới|-|–)\s)", re.I)
# A start tied to the document itself: "từ ngày ban hành Kế hoạch", "kể từ ngày ký", "từ nay",
# "từ ngày Quyết định này có hiệu lực thi hành".
RELATIVE_START_RE = re.compile(
    r"\s*(?:nay|ngày\s+(?:ký|ban\s+hành)(?:\s+(?:Kế\s+hoạch|Quyết\s+định|văn\s+bản|Chỉ\s+thị)(?:\s+này)?)?"
    r"|ngày\s+[^,.;\n]{0,50}?có\s+hiệu\s+lực(?:\s+thi\s+hành)?)(?![^\W\d_])",
    re.I,
)
# A period that is the condition of a rule, not a limit: "(thu nhập nhận được) từ ngày X … thì thực hiện theo …".
CONDITION_AFTER_RE = re.compile(r"[^.;:\n]{0,80}?(?<![^\W\d_])thì(?![^\W\d_])", re.I)
# A date that says which cases a rule covers: "(đơn vị) … theo quyết định … từ ngày 01 tháng 3 năm 2025 được áp dụng quy
# định tại khoản 1 Điều 10" (heldout h142, a decree's transitional article).
APPLIES_AFTER_RE = re.compile(r"[^.;:\n]{0,40}?(?<![^\W\d_])(?:thì\s+)?được\s+áp\s+dụng(?![^\W\d_])", re.I)
# A period that runs until today: "từ ngày 01/10/2025 đến nay", "từ năm 2021 tới nay".
UNTIL_NOW_RE = re.compile(r"\s*,?\s*(?:đến|tới)\s+(?:nay|hiện\s+nay|thời\s+điểm\s+này)(?![^\W\d_])", re.I)
# An open end that is an event, not a date: "đến khi tổ chức thành công Đại hội".
EVENT_END_RE = re.compile(r"\s*,?\s*(?:đến|tới)\s+khi(?![^\W\d_])", re.I)
EVENT_CLAUSE_END_RE = re.compile(r"\s*(?:[.;,:)\n]|$)")  # where "… đến khi kết thúc Tổng kiểm kê" stops
# Words right before a trigger that make it a cut-off or a past event, not a time limit.
NOT_A_LIMIT_BEFORE_RE = re.compile(r"(?<![^\W\d_])(?:tính|đã)\s*$", re.I)
# A legal-basis line ("Căn cứ Luật …", "Căn cứ Quyết định số …"): its dates describe cited documents.
LEGAL_BASIS_LINE_RE = re.compile(r"\W*căn\s+cứ(?![^\W\d_])", re.I)
# "từ ngày 01 tháng 01 năm 2026, Luật Việc làm … được thực hiện thống nhất": the date a legal text
# starts to apply (its subject right after the date), not a limit this document sets.
LAW_STARTS_AFTER_RE = re.compile(
    r"\s*,?\s*(?:các\s+)?(?:Bộ\s+luật|Luật|Pháp\s+lệnh|Nghị\s+định|Nghị\s+quyết|Thông\s+tư|Quyết\s+định|Chỉ\s+thị)\b[^.;\n]{0,200}?"
    r"(?:hiệu\s+lực|được\s+(?:thực\s+hiện|áp\s+dụng|thi\s+hành|triển\s+khai)|bãi\s+bỏ|thay\s+thế|sửa\s+đổi)",
    re.I,
)
# "Năm 2025 và các năm tiếp theo", "Quý IV năm 2025 và những năm sau": from then on, no end.
ONWARD_AFTER_RE = re.compile(r"\s*(?:,\s*)?(?:và|,)\s*(?:các|những)\s+năm\s+(?:tiếp\s+theo|sau(?:\s+đó)?)(?![^\W\d_])", re.I)
# "có hiệu lực (thi hành)", "áp dụng" right before "từ …": an effective date, never a time limit.
EFFECTIVE_BEFORE_RE = re.compile(r"(?:hiệu\s+lực(?:\s+thi\s+hành)?|áp\s+dụng)\s*(?:kể\s+)?$", re.I)
# A document's validity in the same clause: "… có hiệu lực thi hành kể từ ngày ký ban hành đến hết ngày …" (heldout h77).
EFFECTIVE_CLAUSE_RE = re.compile(r"\snày\s+(?:có|hết)\s+hiệu\s+lực", re.I)  # the document's own ("… này có hiệu lực")
# Read in the clause before the limit (to its last comma): "… đã được phân loại trước ngày Nghị định này có hiệu lực
# thi hành …, thì phải được phân loại lại … trước ngày 30 tháng 4 năm 2026" is a limit of another clause (trove).
EFFECTIVE_LOOKBACK = 60


# "đã" (a past event) earlier in the same clause.
PAST_RE = re.compile(r"(?<![^\W\d_])đã(?![^\W\d_])", re.I)
# A forecast or an estimate, not a limit (heldout h25): "Dự báo các chỉ tiêu kinh tế - xã hội đến năm 2026",
# "ước thực hiện đến ngày 31/12/2025".
FORECAST_RE = re.compile(r"(?<![^\W\d_])(?:dự\s+báo|ước\s+(?:tính|thực\s+hiện|đạt))(?![^\W\d_])", re.I)
# A countdown right after a range or a limit: "Từ nay đến hết năm 2025 chỉ còn gần 2 tháng".
COUNTDOWN_AFTER_RE = re.compile(r"\s*,?\s*(?:chỉ\s+)?còn\s+(?:khoảng\s+|gần\s+|hơn\s+|chưa\s+đầy\s+)?\d", re.I)
# A status reported as of a moment, not a limit: "Đến 12h00 ngày 21/11/2025, toàn tỉnh ghi nhận …".
AS_OF_AFTER_RE = re.compile(r"\s*,\s*(?:toàn|cả|trên\s+địa\s+bàn|đã|có|số|tổng)", re.I)
# Before "đến năm 2030": a programme's name or a horizon, not a target ("Chiến lược … đến năm 2030",
# "tầm nhìn đến năm 2045", "giai đoạn đến năm 2030").
PROGRAMME_IN_CLAUSE_RE = re.compile(
    r"(?<![^\W\d_])(?:chiến\s+lược|quy\s+hoạch|chương\s+trình|kế\s+hoạch|đề\s+án|lộ\s+trình|nghị\s+quyết|kết\s+luận|"
    r"chỉ\s+thị|quyết\s+định|dự\s+án|thời\s+kỳ|tầm\s+nhìn|định\s+hướng|giai\s+đoạn)(?![^\W\d_])",
    re.I,
)
_PERIOD = r"(?:\d{1,2}\s+tháng|tháng|quý|năm|tuần|ngày)"
# "định kỳ 06 tháng, năm", "định kỳ hằng quý", "định kỳ 6 tháng và hằng năm".
PERIODIC_RE = re.compile(
    rf"(?<![^\W\d_])định\s+kỳ\s+(?:(?:hằng|hàng|mỗi)\s+)?{_PERIOD}(?:\s*(?:,|và|/)\s*(?:(?:hằng|hàng)\s+)?(?:\d{{1,2}}\s+tháng|tháng|quý|năm))*(?![^\W\d_])",
    re.I,
)
# "Định kỳ báo cáo …", "định kỳ sơ kết, tổng kết", "theo định kỳ hoặc đột xuất", "định kỳ (hằng năm)": định kỳ
# before the action it times or beside "đột xuất"; never after it ("đánh giá định kỳ đối với các nhiệm vụ").
PERIODIC_VERB_RE = re.compile(
    r"(?<![^\W\d_])(?:theo\s+)?định\s+kỳ(?=\s+(?:báo\s+cáo|gửi|tổng\s+hợp|cập\s+nhật|sơ\s+kết|tổng\s+kết|kiểm\s+tra|"
    r"đánh\s+giá|rà\s+soát|thu\s+thập|họp|giao\s+ban|công\s+khai|thông\s+tin|giám\s+sát|theo\s+dõi)(?![^\W\d_])"
    r"|\s*(?:,|hoặc|và)\s*đột\s+xuất|\s*\()"
    r"|(?<![^\W\d_])theo\s+định\s+kỳ(?![^\W\d_])",
    re.I,
)
# "trước ngày 20 hằng tháng": a day in every period.
PERIODIC_DAY_RE = re.compile(
    r"(?<![^\W\d_])(?:trước|vào|chậm\s+nhất)\s+ngày\s+\d{1,2}\s+(?:hằng|hàng|mỗi)\s+(?:tháng|quý|năm|tuần)(?![^\W\d_])", re.I
)
# A frequency: "báo cáo 02 lần/ngày", "quan trắc với tần suất 2 lần/tháng", "02 lần/năm" (ANNOTATION's periodic).
FREQUENCY_RE = re.compile(r"(?<![\d/])\d{1,2}\s+lần\s*/\s*(?:ngày|tuần|tháng|quý|năm)(?![^\W\d_])", re.I)
# "hằng tháng", "hàng quý": periodic only next to a report, as the whole "Thời gian:" value, opening a
# clause ("Hằng năm, …") or after a time of day ("trước 19h00' hằng ngày").
EVERY_RE = re.compile(r"(?<![^\W\d_])(?:hằng|hàng)\s+(?:tháng|quý|năm|tuần|ngày)(?![^\W\d_])", re.I)
# "báo cáo (kết quả) hằng tháng": a report right before the period.
# "báo cáo Chủ tịch Ủy ban nhân dân tỉnh kết quả thực hiện hằng năm": the report's addressee between.
# "báo cáo kết quả thực hiện Đề án hàng năm": the document reported on between (heldout h17).
REPORT_BEFORE_RE = re.compile(
    r"báo\s+cáo(?:\s+kết\s+quả|\s[^.;:]{0,60}?kết\s+quả(?:\s+thực\s+hiện)?)?"
    r"(?:\s+(?:Đề\s+án|Kế\s+hoạch|Chương\s+trình|Chỉ\s+thị|Nghị\s+quyết|Quyết\s+định|Dự\s+án)(?:\s+này)?)?\s*$",
    re.I,
)
# "Thời gian thực hiện: Hằng năm": a time label right before the period (or a date).
TIME_LABEL_PATTERN = r"(?:thời\s+gian|thời\s+hạn)[^:\n]{0,40}:"
TIME_LABEL_BEFORE_RE = re.compile(rf"^\W*(?:[a-zđ\d]{{1,3}}[.)]\s*)?{TIME_LABEL_PATTERN}\s*$", re.I)
# The start of a clause or list item: "e) Hằng năm, tổ chức …", "- Hằng năm, …", "…; hằng năm, …".
CLAUSE_START_RE = re.compile(rf"(?:^|[\n;.:]\s*)(?:[{BULLET_CLASS}]\s*|[a-zđ\d]{{1,3}}[.)]\s*)?$", re.I)
# "trước 19h00' hằng ngày": a time of day before the period.
# Not "(tiếp nhận) sau 15 giờ hàng ngày": after a time of day is the case of a late filing, no time limit (heldout h43).
TIME_OF_DAY_BEFORE_RE = re.compile(r"(?<!\w)(?<!sau\s)\d{1,2}\s*(?:h|giờ)\s*\d{0,2}\W{0,2}\s*$", re.I)
# A sentence about every period: a day or month without a year in it recurs ("trước ngày 30 tháng 11 hàng
# năm", "Trong quý I của năm liền kề đánh giá", "từ ngày 01/10 đến ngày 20/11 của năm báo cáo").
PERIODIC_SENTENCE_RE = re.compile(
    r"(?<![^\W\d_])(?:(?:hằng|hàng|mỗi)\s+(?:năm|tháng|quý|tuần)|định\s+kỳ|của\s+năm\s+(?:liền\s+kề|tiếp\s+theo|sau|báo\s+cáo|đánh\s+giá)|năm\s+sau)(?![^\W\d_])",
    re.I,
)
# "khi được thông báo", "thời gian cụ thể do phòng Nội vụ thông báo", "sẽ thông báo sau", "sẽ có văn bản
# thông báo lịch giám sát"; "(nếu có yêu cầu)", "khi được cơ quan chủ trì lấy ý kiến", "khi cần thiết" (heldout h08,
# h12, h14: two annotators, blind; gold-dev d12's "đột xuất khi cần thiết").
ON_NOTICE_RE = re.compile(
    r"(?<![^\W\d_])(?:(?:khi|nếu)\s+(?:được|có)\s+(?:văn\s+bản\s+)?(?:thông\s+báo|yêu\s+cầu|hướng\s+dẫn|chỉ\s+đạo)"
    r"|khi\s+được\s+[^.;:\n]{1,50}?\s(?:yêu\s+cầu|đề\s+nghị|lấy\s+ý\s+kiến)|khi\s+cần(?:\s+thiết)?(?![^\W\d_])"
    r"|(?:thời\s+gian|thời\s+hạn|lịch)(?:\s+cụ\s+thể)?\s+(?:sẽ\s+)?(?:do|theo)\s+[^.;:\n]{1,60}?\s+thông\s+báo"
    r"|(?:sẽ\s+)?có\s+văn\s+bản\s+thông\s+báo\s+(?:lịch|thời\s+gian)"
    r"|(?:sẽ\s+)?thông\s+báo\s+sau"
    # "(ngay) sau khi (Luật …) được Quốc hội thông qua / ban hành / phê duyệt" (heldout h22, h49: NOTES 2, an event)
    r"|sau\s+khi\s+(?:[^.;:,\n]{1,40}?\s)?(?<!phải\s)được\s+(?:[^.;:,\n]{1,40}?\s)?(?:thông\s+qua|ban\s+hành|phê\s+duyệt)"
    # "(trường hợp thay đổi thời gian sẽ có thông báo tới các cơ quan, đơn vị)" (heldout h28)
    r"|thay\s+đổi\s+(?:thời\s+gian|lịch)[^.;:\n]{0,20}?\s(?:sẽ\s+)?(?:có\s+)?thông\s+báo)(?![^\W\d_])",
    re.I,
)
# The same event in the active voice: "Sau khi Bộ trưởng Bộ Y tế, Bộ trưởng Bộ Giáo dục và Đào tạo quy định chi tiết
# hướng dẫn …, Sở Y tế … rà soát để thay thế …" (heldout h108), "Sau khi Bộ Tài chính có văn bản …"; not an act already
# done and cited by its number ("Sau khi Thủ tướng Chính phủ ban hành Chỉ thị số 13/CT-TTg …": history, h41).
AFTER_ACT_RE = re.compile(
    r"(?<![^\W\d_])sau\s+khi\s+(?P<subject>[^\W\d_])[^.;:\n]{0,60}?\s(?:quy\s+định\s+chi\s+tiết|hướng\s+dẫn|ban\s+hành|phê\s+duyệt"
    r"|có\s+(?:văn\s+bản|hướng\s+dẫn|quy\s+định))(?![^\W\d_])",
    re.I,
)
# "Cung cấp thông tin theo yêu cầu của cơ quan …", "họp bất thường theo yêu cầu của Chủ tịch", "báo cáo … theo yêu
# cầu về Sở …" (heldout h21, h06): a report, a supply or a meeting when asked; not "nội dung theo yêu cầu", "đúng
# theo yêu cầu của cá nhân", "theo yêu cầu, nhu cầu sử dụng", "các dịch vụ theo yêu cầu", "báo cáo … theo yêu cầu
# về nội dung, số lượng" (what is asked, not when).
ASKED_RE = re.compile(
    r"(?<![^\W\d_])(?:báo\s+cáo|cung\s+cấp|họp|bất\s+thường|đột\s+xuất)(?![^\W\d_])[^.;:\n]{0,60}?(?<!đúng\s)(?<!vụ\s)"
    r"(?P<ask>theo\s+yêu\s+cầu)(?![^\W\d_])(?!\s*,\s*nhu\s+cầu)(?!\s+về\s+(?:nội\s+dung|chất\s+lượng|số\s+lượng|hình\s+thức))",
    re.I,
)
# A schedule's alternative: "báo cáo … hằng năm (trước ngày 15 tháng 11) hoặc theo đề nghị", "Định kỳ hàng quý, năm
# hoặc theo yêu cầu" (heldout h32); not "… chức năng, nhiệm vụ được giao hoặc theo yêu cầu" (no schedule before it).
OR_ASKED_RE = re.compile(r"(?<![^\W\d_])hoặc\s+(?:khi\s+có\s+|theo\s+)(?:yêu\s+cầu|đề\s+nghị)(?![^\W\d_])", re.I)
SCHEDULE_WORD_RE = re.compile(
    r"(?<![^\W\d_])(?:định\s+kỳ|hằng|hàng|trước\s+ngày|ngày|tháng|quý|năm|kỳ\s+họp|đột\s+xuất)(?![^\W\d_])", re.I
)
# A time limit counted from an event, with no date: "trong thời hạn 10 ngày kể từ ngày nhận Kế hoạch này",
# "Trong thời hạn không quá 03 ngày làm việc", "chôn cất trong vòng 48 giờ" (ANNOTATION's "hoàn thành trong …":
# by, no date; "Trong thời gian 03 tháng kể từ ngày … ban hành Thông báo này", h34). Only with "thời hạn", "vòng" or
# "thời gian … kể từ": "được tiếp cận hỗ trợ trong 24 giờ đầu" is a target, not a limit set for a task, "trong vòng
# 5 năm qua" a past period.
RELATIVE_LIMIT_RE = re.compile(
    r"(?<![^\W\d_])trong\s+(?:thời\s+hạn|vòng|thời\s+gian(?=\s+\d{1,3}\s+\w+(?:\s+làm\s+việc)?\s*,?\s*kể\s+từ))"
    r"\s+(?:không\s+quá\s+|tối\s+đa\s+)?\d{1,3}(?:\s*[-–]\s*\d{1,3})?\s+"
    r"(?:ngày|giờ|tháng|tuần)(?:\s+làm\s+việc)?(?![^\W\d_])(?!\s+(?:qua|trước|gần\s+đây|trở\s+lại))",
    re.I,
)
# A time counted in working days or hours, or from an event, is a limit even without "trong thời hạn": a procedure's
# time per step or in all ("02 giờ làm việc", "Tổng thời gian giải quyết TTHC: … 80 giờ làm việc"), a settling time
# ("07 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"), a shortened one ("Thời gian thực hiện: 05 ngày kể từ ngày Sở Nội
# vụ tiếp nhận đủ giấy tờ") (heldout h90, h105, h110; ANNOTATION: "hoàn thành trong …" is by, no date). Not a period
# given with its dates ("trong 10 ngày làm việc (từ ngày 20 tháng 11 … đến …)", h14: the dates are read).
WORKING_TIME_RE = re.compile(
    r"(?<![\d,.])\d{1,3}(?:[,.]\d{1,2})?(?:\s*[-–]\s*\d{1,3})?\s+"
    r"(?:(?:ngày|giờ)\s+làm\s+việc(?:\s*,?\s+kể\s+từ)?|(?:ngày|tháng)\s*,?\s+kể\s+từ)(?![^\W\d_])(?!\s*\(\s*từ)",
    re.I,
)
# … nor a threshold, a rate or a saving: "nghỉ việc … từ 14 ngày làm việc trở lên", "(tính mỗi ngày 08 giờ làm việc)",
# "(01 giờ làm việc = 40.000 đồng …)", "Giảm được 01 ngày làm việc giải quyết hồ sơ" (trove).
NOT_WORKING_LIMIT_BEFORE_RE = re.compile(r"(?<![^\W\d_])(?:từ|mỗi\s+ngày|giảm|rút\s+ngắn|tiết\s+kiệm)(?:\s+được)?\s*$", re.I)
NOT_WORKING_LIMIT_AFTER_RE = re.compile(r"\s*(?:trở\s+lên|trở\s+xuống|=)", re.I)
# … nor a time that is not a task's limit: when a text takes effect ("có hiệu lực thi hành sau 45 ngày kể từ ngày ký"),
# how long a paper is valid ("có giá trị 6 tháng kể từ ngày cấp"), leave, probation, a suspension (review).
NOT_A_TASK_TIME_RE = re.compile(
    r"(?<![^\W\d_])(?:hiệu\s+lực|giá\s+trị|thời\s+hạn\s+sử\s+dụng|nghỉ|tập\s+sự|đình\s+chỉ|tạm\s+ngừng)(?![^\W\d_])", re.I
)
# "không hạn chế thời gian", "không giới hạn về thời gian".
OPEN_RE = re.compile(r"(?<![^\W\d_])không\s+(?:hạn\s+chế|giới\s+hạn)\s+(?:về\s+)?thời\s+gian(?![^\W\d_])", re.I)
# "thường xuyên" as a time limit: after a time label, or inside a time part.
REGULAR_RE = re.compile(r"(?<![^\W\d_])thường\s+xuyên(?![^\W\d_])", re.I)
# A heading that opens a time part: "2. Thời gian thực hiện", "IV. THỜI GIAN, TIẾN ĐỘ".
TIME_HEADING_RE = re.compile(
    r"^(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)]\s*(?:thời\s+gian|thời\s+hạn|tiến\s+độ)[^.:\n]{0,60}$", re.I
)
# A numbered line or a heading: where a time part ends.
NUMBERED_LINE_RE = re.compile(r"^(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)]\s", re.I)
# "trong năm 2025", "trong tháng 12": a period inside a time part.
WITHIN_RE = re.compile(r"(?<![^\W\d_])trong(?=\s+(?:năm|tháng|quý)\s)", re.I)
# Sentence boundaries inside a line, for the context field.
SENTENCE_END_RE = re.compile(r"[.;!?](?=\s|$)")
RECENT_DAYS = 31  # a "trước ngày" this close before the issue date is a late conclusion's limit, not history


def _parse_iso(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


class _Reader:
    """Reads dates with the document's default year and issue date."""

    def __init__(self, header: Header) -> None:
        self.issued = _parse_iso(header.issued_date)
        self.year = header.year or (self.issued.year if self.issued else None)

    def when(self, text: str, pos: int, *, allow_year: bool = False) -> When | None:
        w = read_when(text, pos, self.year, allow_year=allow_year)
        if w and not w.explicit_year and self.issued and self.year is not None:
            first = _parse_iso(w.start or w.end)
            if first and first < self.issued:
                w = read_when(text, pos, self.year + 1, allow_year=allow_year)  # "trước 15/01" in a December document
        return w

    def is_past(self, iso: str | None, kind: DeadlineKind) -> bool:
        """A limit that cannot lie ahead of the document: before its issue date (a 'by' also on it)."""
        d = _parse_iso(iso)
        if d is None:
            return False
        if self.issued is None:
            return self.year is not None and d.year < self.year
        if kind == DeadlineKind.before:
            return d < self.issued - timedelta(days=RECENT_DAYS)
        if kind == DeadlineKind.by:
            return d <= self.issued
        return d < self.issued


CONTEXT_CHARS = 2000  # the sentence around a date is read at most this far on each side


def _context(text: str, start: int, end: int) -> str:
    # bounded on both sides: reading the whole line around every date of a one-line file of 20 MB
    # was quadratic (issue 14); a sentence longer than CONTEXT_CHARS is cut there
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    line_start = text.rfind("\n", lo, start) + 1 or lo
    line_end = text.find("\n", end, hi)
    line_end = hi if line_end < 0 else line_end
    s = line_start
    for m in SENTENCE_END_RE.finditer(text, line_start, start):
        s = m.end()
    m = SENTENCE_END_RE.search(text, end, line_end)
    e = m.end() if m else line_end
    return text[s:e].strip()


def _clause_before(text: str, pos: int, width: int = 60) -> str:
    """Text of the same clause before pos (after the last , ; . or line break), at most width chars."""
    chunk = text[max(0, pos - width) : pos]
    cut = max(chunk.rfind(c) for c in ",;.\n:(")
    return chunk[cut + 1 :]


def _fields(kind: DeadlineKind, w: When | None = None, *, end: When | None = None, start_iso: str | None = None) -> dict:
    """Deadline fields: a date only when the limit falls on a day (ANNOTATION: months have a kind, no date)."""
    last = end or w
    out: dict = {"kind": kind, "date": last.end if last is not None and last.grain == "day" else None}
    if kind == DeadlineKind.before and w is not None and w.grain == "day":
        out["date"] = w.end
    if kind == DeadlineKind.range:
        out["start_date"] = start_iso
        out["end_date"] = last.end if last is not None else None
    elif kind == DeadlineKind.from_:
        out["start_date"] = start_iso
        out["date"] = start_iso if w is None or w.grain == "day" else None
    elif last is not None and last.grain != "day":
        out["start_date"], out["end_date"] = last.start, last.end
    out["_explicit"] = last.explicit_year if last is not None else True
    out["_iso"] = last.end if last is not None else start_iso
    return out


def _dated(text: str, m: re.Match[str], reader: _Reader) -> tuple[int, int, dict] | None:
    """A time limit at trigger m: (start, end, fields) or None."""
    kind = m.lastgroup
    pos = m.end()
    if kind == "from":
        return _range_or_from(text, m, reader)
    word = m.group(0).lower()
    until = kind == "by" and word.startswith(("đến", "tới"))
    if until and SPAN_START_BEFORE_RE.search(text, max(0, m.start() - 16), m.start()):
        return None  # "Tháng 3, 4 và tháng 9 đến tháng 11 tần suất quan trắc …": a span of months, no limit (heldout h44)
    w = reader.when(text, pos, allow_year=kind in ("done", "label") or until)
    if w is None:
        return None
    if kind == "label":  # "Thời gian thực hiện: Tháng 12/2025", "Thời gian tổ chức: ngày 20/11/2025"
        return m.start(), w.end_pos, _fields(DeadlineKind.on if w.grain == "day" else DeadlineKind.by, w)
    if kind in ("on", "before") and w.grain not in ("day", "month"):
        return None
    if kind == "before":
        if w.grain == "month":  # "trước tháng 12/2025": by the month's start, a kind without a day
            return m.start(), w.end_pos, {**_fields(DeadlineKind.before, w), "date": None}
        return m.start(), w.end_pos, _fields(DeadlineKind.before, w)
    if kind == "on":  # "vào ngày 20/11/2025"; "Tổng kết vào tháng 4 năm 2026" is by the month's end
        return m.start(), w.end_pos, _fields(DeadlineKind.on if w.grain == "day" else DeadlineKind.by, w)
    if w.grain == "year" and until:
        if re.search(r"(?:năm|/|-)\s*(?:19|20)\d{2}\s*$", text[max(0, m.start() - 12) : m.start()]):
            return None  # "từ năm 2021 đến năm 2025": the end of a period whose start was not a limit
        chunk = text[max(0, m.start() - 120) : m.start()]
        phrase = chunk[max(chunk.rfind(c) for c in ';.:(\n“"') + 1 :]  # commas stay: "phòng, chống ma túy đến năm 2030"
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start : text.find("\n", m.end()) if "\n" in text[m.end() :] else len(text)]
        if PROGRAMME_IN_CLAUSE_RE.search(phrase) or is_all_caps(line):
            return None  # "Chiến lược … đến năm 2030", "định hướng đến năm 2045", a title in capitals: a name
    return m.start(), w.end_pos, _fields(DeadlineKind.by, w)


def _range_or_from(text: str, m: re.Match[str], reader: _Reader) -> tuple[int, int, dict] | None:
    pos = m.end()
    rel = RELATIVE_START_RE.match(text, pos)
    start_iso: str | None
    bare = None
    if rel:
        start_iso = reader.issued.isoformat() if reader.issued and "hiệu" not in rel.group(0) else None
        start_end, start_grain = rel.end(), "relative"
    else:
        bare = BARE_DAY_RE.match(text, pos)
        w = None if bare else reader.when(text, pos, allow_year=True)
        if bare is None and w is None:
            return None
        start_iso = w.start if w else None
        start_end = bare.end() if bare else w.end_pos
        start_grain = "bare" if bare else w.grain
    if UNTIL_NOW_RE.match(text, start_end):
        return None  # "Từ ngày 01/10/2025 đến nay, …": a period that has run until today, not a limit
    sep = RANGE_SEP_RE.match(text, start_end)
    if sep:
        end = reader.when(text, sep.end(), allow_year=True)
        year_end_ok = end is not None and ("hết" in sep.group(0).lower() or end.start is None or start_grain == "year")
        if end is not None and end.end and (end.grain != "year" or year_end_ok):
            if start_grain == "bare" and bare is not None:
                start_iso = end.end[:8] + f"{int(bare.group('d')):02d}"
                try:
                    date.fromisoformat(start_iso)
                except ValueError:
                    start_iso = None
            if start_grain == "year" and reader.year is not None and start_iso and int(start_iso[:4]) < reader.year:
                return None  # "Từ năm 2021 đến năm 2025": a programme's period under way, not a limit it sets
            return m.start(), end.end_pos, _fields(DeadlineKind.range, end=end, start_iso=start_iso)
    event = EVENT_END_RE.match(text, start_end)
    if event and start_grain != "bare":
        # "Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê": a range whose end is an event (no end date)
        stop = EVENT_CLAUSE_END_RE.search(text, event.end(), min(len(text), event.end() + 120))
        return m.start(), stop.start() if stop else event.end(), _fields(DeadlineKind.range, start_iso=start_iso)
    if start_grain == "bare" or (sep and start_grain == "relative"):
        return None  # "từ nay đến năm 2030": a horizon, not a time limit
    if start_grain == "year":
        if sep or (reader.year is not None and start_iso and int(start_iso[:4]) < reader.year):
            return None  # "từ năm 2021 …": a past start or part of a longer phrase
        return m.start(), start_end, {**_fields(DeadlineKind.from_, start_iso=start_iso), "date": None}
    fields = _fields(DeadlineKind.from_, start_iso=start_iso)
    if start_grain not in ("day", "relative"):
        fields["date"] = None  # "Từ tháng 10/2025 …": a month has no day
    return m.start(), start_end, fields


def _blocked(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(s < b and a < e for a, b in spans)


def _time_parts(text: str) -> list[tuple[int, int]]:
    """Spans of the parts headed "N. Thời gian …" (up to the next numbered line)."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        if TIME_HEADING_RE.match(m.group(0).strip()):
            nxt = m.end()
            for ln in re.finditer(r"\n([^\n]*)", text[m.end() :]):
                if NUMBERED_LINE_RE.match(ln.group(1).strip()):
                    break
                nxt = m.end() + ln.end()
            out.append((m.end(), nxt))
    return out


def _periodic_words(text: str) -> list[tuple[int, int, dict]]:
    found: list[tuple[int, int, dict]] = []
    for rx in (PERIODIC_RE, PERIODIC_VERB_RE, PERIODIC_DAY_RE, FREQUENCY_RE):
        found.extend((m.start(), m.end(), {"kind": DeadlineKind.periodic}) for m in rx.finditer(text))
    for m in EVERY_RE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[max(0, m.start() - 40) : m.start()]
        if (
            REPORT_BEFORE_RE.search(_clause_before(text, m.start(), 90))
            or TIME_LABEL_BEFORE_RE.match(text[line_start : m.start()])
            or re.match(r"\s*\(?\s*trước\s+ngày", text[m.end() : m.end() + 20], re.I)
            or (CLAUSE_START_RE.search(text[line_start : m.start()]) and text[m.end() : m.end() + 1] == ",")
            or TIME_OF_DAY_BEFORE_RE.search(before)
        ):
            found.append((m.start(), m.end(), {"kind": DeadlineKind.periodic}))
    return found


def _open_and_notice(text: str, time_parts: list[tuple[int, int]]) -> list[tuple[int, int, dict]]:
    found = [(m.start(), m.end(), {"kind": DeadlineKind.on_notice}) for m in ON_NOTICE_RE.finditer(text)]
    found.extend((m.start("ask"), m.end("ask"), {"kind": DeadlineKind.on_notice}) for m in ASKED_RE.finditer(text))
    found.extend(
        (m.start(), m.end(), {"kind": DeadlineKind.on_notice})
        for m in OR_ASKED_RE.finditer(text)
        if SCHEDULE_WORD_RE.search(_clause_before(text, m.start(), 60))
    )
    found.extend(
        (m.start(), m.end(), {"kind": DeadlineKind.on_notice})
        for m in AFTER_ACT_RE.finditer(text)
        if m.group("subject").isupper()  # a named body acts: "Ủy ban nhân dân tỉnh", "Bộ trưởng …" (any capital letter)
        and next(find_doc_numbers(text, m.end(), m.end() + 40), None) is None
        and not PAST_RE.search(_context(text, m.start(), m.end()))
    )
    found.extend((m.start(), m.end(), {"kind": DeadlineKind.open}) for m in OPEN_RE.finditer(text))
    found.extend((m.start(), m.end(), {"kind": DeadlineKind.by, "date": None}) for m in RELATIVE_LIMIT_RE.finditer(text))
    found.extend(
        (m.start(), m.end(), {"kind": DeadlineKind.by, "date": None})
        for m in WORKING_TIME_RE.finditer(text)
        if not PAST_RE.search(_clause_before(text, m.start(), 40))
        and not NOT_A_TASK_TIME_RE.search(_clause_before(text, m.start(), 60))
        and not NOT_WORKING_LIMIT_BEFORE_RE.search(text, max(0, m.start() - 20), m.start())
        and not NOT_WORKING_LIMIT_AFTER_RE.match(text, m.end())
    )
    for m in REGULAR_RE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if TIME_LABEL_BEFORE_RE.match(text[line_start : m.start()]) or any(a <= m.start() < b for a, b in time_parts):
            found.append((m.start(), m.end(), {"kind": DeadlineKind.open}))
    return found


# A time label at a line's start and its value, up to the sentence's end: "c) Thời gian thực hiện: Triển khai đảm
# bảo theo lộ trình, hướng dẫn của Bộ, ngành.", "- Thời gian thực hiện: năm 2026 - 2027.", "*Thời gian thực hiện:
# *Thường xuyên, theo yêu cầu nhiệm vụ." (heldout h29, h32, h33): the value is read like a task table's time cell.
TIME_LABEL_LINE_RE = re.compile(
    rf"^[^\S\n]*[-+•*]?\s*(?:[a-zđ\d]{{1,3}}[.)]\s*)?\**(?P<label>{TIME_LABEL_PATTERN})[\s*_]*",
    re.I | re.M,
)
VALUE_END_RE = re.compile(r"\.(?:\s|$)|;|\n\s*\n|\n\s*(?:[-+•]|[a-zđ\d]{1,3}[.)])\s")
# In a label's value: a time set by someone else's schedule or request ("theo lộ trình, hướng dẫn của Bộ, ngành",
# "theo yêu cầu nhiệm vụ", "Theo tiến độ được giao"), or work that goes on ("Thực hiện thường xuyên").
NOTICE_VALUE_RE = re.compile(rf"(?<![^\W\d_])theo\s+(?:{NOTICE_WORDS})(?![^\W\d_])", re.I)
REGULAR_VALUE_RE = re.compile(r"\W*(?:(?:thực\s+hiện|triển\s+khai)\s+)?(?P<w>thường\s+xuyên)(?![^\W\d_])", re.I)


def _time_labels(text: str, reader: _Reader, read: set[int]) -> list[tuple[int, int, dict]]:
    """Time limits a label's value states; ``read`` gets the labels read whole (not again from their first words:
    "Thời gian thực hiện: năm 2026 - 2027" is a range, not "năm 2026")."""
    out = []
    for m in TIME_LABEL_LINE_RE.finditer(text):
        end = VALUE_END_RE.search(text, m.end(), min(len(text), m.end() + 250))
        v_end = end.start() if end else min(len(text), m.end() + 250)
        value = text[m.end() : v_end]
        cell = read_time_cell(value, reader.year)
        if cell is not None and cell.kind not in ("by", "before", "on"):  # a plain date: read where the label triggers
            out.append((m.end(), v_end, _cell_fields(cell)))
            read.add(m.start("label"))
            continue
        if reg := REGULAR_VALUE_RE.match(value):
            out.append((m.end() + reg.start("w"), m.end() + reg.end("w"), {"kind": DeadlineKind.open}))
        for n in NOTICE_VALUE_RE.finditer(value):
            out.append((m.end() + n.start(), m.end() + n.end(), {"kind": DeadlineKind.on_notice}))
    return out


def _table_cells(doc, reader: _Reader) -> list[tuple[int, int, dict]]:
    """The time cell of every task-table row: a whole-cell time limit ("2026", "Thường xuyên")."""
    out = []
    for table in find_task_tables(doc):
        for row in table.rows:
            if row.time is None:
                continue
            cell = read_time_cell(row.time.text, reader.year)
            if cell is None:
                continue
            out.append((row.time.start, row.time.end, _cell_fields(cell)))
    return out


def _cell_fields(cell: TimeCell) -> dict:
    """Deadline fields of a time cell (a task table's, or a time label's value)."""
    return {
        "kind": DeadlineKind(cell.kind),
        "date": cell.date,
        "start_date": cell.start,
        "end_date": cell.end,
        "_explicit": True,
        "_iso": cell.date,
        "_cell": True,
    }


# Where the subject of a cited document ends: the clause's end, or a comma opening the next task of the
# sentence ("… tại Thông báo số 160/TB-VPCP …, báo cáo Thủ tướng Chính phủ kết quả thực hiện trước ngày
# 05 tháng 12 năm 2025": the report's limit, not the cited document's).
CITED_SUBJECT_END_RE = re.compile(r"[;(\n]|\.(?:\s|$)|,\s*(?=(?:báo cáo|hoàn thành|gửi|trình|tổng hợp|đề xuất)\s)")


def extract_deadlines(doc, header: Header, citations: list[Citation], sections: list[Section]) -> list[Deadline]:
    """Every time limit the document sets, in text order, with the section it sits in."""
    text = doc.text
    reader = _Reader(header)
    blocked = [(c.start, c.end) for c in citations]
    for c in citations:  # the cited document's subject: "… phê duyệt Chương trình … đến năm 2030;"
        tail = CITED_SUBJECT_END_RE.search(text[c.end : c.end + 400])
        blocked.append((c.end, c.end + (tail.start() if tail else 400)))
    for span in (header.date_span, header.number_span, header.title_span):
        if span is not None:
            blocked.append((span.start, span.end))
    time_parts = _time_parts(text)
    labels_read: set[int] = set()
    found = _periodic_words(text) + _open_and_notice(text, time_parts) + _table_cells(doc, reader)
    found += _time_labels(text, reader, labels_read)
    for m in TRIGGER_RE.finditer(text):
        if m.lastgroup == "label" and m.start() in labels_read:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if LEGAL_BASIS_LINE_RE.match(text, line_start):
            continue  # "Căn cứ … từ nay đến năm 2030": the cited document's subject
        before = text[max(0, m.start() - 20) : m.start()]
        if NOT_A_LIMIT_BEFORE_RE.search(before) or ends_with_doc_number(before):  # "… 77/QĐ-UBND ngày …": a cited date
            continue
        if m.lastgroup == "from" and EFFECTIVE_BEFORE_RE.search(text[max(0, m.start() - 30) : m.start()]):
            continue  # "có hiệu lực thi hành kể từ ngày ký", "áp dụng từ năm 2026": effective dates
        if m.lastgroup in ("by", "before") and EFFECTIVE_CLAUSE_RE.search(_clause_before(text, m.start(), EFFECTIVE_LOOKBACK)):
            continue  # "Nghị quyết này có hiệu lực thi hành kể từ ngày ký ban hành đến hết ngày 28 tháng 02 năm 2027": validity
        got = _dated(text, m, reader)
        if got is None:
            continue
        s, e, fields = got
        if fields["kind"] == DeadlineKind.from_ and LAW_STARTS_AFTER_RE.match(text, e):
            continue  # "từ ngày 01/01/2026, Luật Việc làm … được thực hiện": when a law applies
        if fields["kind"] == DeadlineKind.from_ and EFFECTIVE_CLAUSE_RE.search(text, s, e):
            continue  # "… áp dụng Mức 1 từ ngày Quyết định này có hiệu lực thi hành": the document's own effect (NOTES 3, h124)
        if fields["kind"] in (DeadlineKind.from_, DeadlineKind.range) and (
            CONDITION_AFTER_RE.match(text, e) or APPLIES_AFTER_RE.match(text, e)
        ):
            continue  # "… nhận được từ ngày 19/02/2025 đến trước ngày 01/10/2025 thì thực hiện theo …": a condition
        until = m.group(0).lower().startswith(("đến", "tới"))  # "… đến năm 2020 và những năm tiếp theo": a horizon
        if not until and (onward := ONWARD_AFTER_RE.match(text, e)):  # "Năm 2025 và các năm tiếp theo": from then on
            e = onward.end()
            fields = {**_fields(DeadlineKind.from_, start_iso=fields.get("start_date") or fields.get("_iso")), "date": None}
        # "… đã giao … nhưng đến ngày 30 tháng 6 hàng năm chưa phân bổ": a date of every year is no history
        recurring = fields["kind"] == DeadlineKind.periodic or (
            not fields.get("_explicit", True) and PERIODIC_SENTENCE_RE.search(_context(text, s, e)) is not None
        )
        if (PAST_RE.search(_clause_before(text, s, 40)) and not recurring) or COUNTDOWN_AFTER_RE.match(text, e):
            continue
        if FORECAST_RE.search(_clause_before(text, s, 80)):
            continue  # "Dự báo các chỉ tiêu kinh tế - xã hội đến năm 2026": a forecast's horizon
        if fields["kind"] == DeadlineKind.by and m.group(0).lower().startswith(("đến", "tới")) and AS_OF_AFTER_RE.match(text, e):
            continue  # "Đến 12h00 ngày 21/11/2025, toàn tỉnh ghi nhận …": a status, not a limit
        open_ended = fields["kind"] == DeadlineKind.from_ or (fields["kind"] == DeadlineKind.range and not fields["end_date"])
        if not open_ended and reader.is_past(fields.get("_iso"), fields["kind"]):
            continue
        if reader.is_past(fields.get("_iso"), DeadlineKind.on) and PAST_RE.search(_context(text, s, e)):
            continue  # a recent "trước ngày" in a sentence telling what was already decided ("đã chỉ đạo …")
        found.append((s, e, fields))
    for m in WITHIN_RE.finditer(text):
        if any(a <= m.start() < b for a, b in time_parts):  # "2. Thời gian thực hiện" / "… liên tục trong năm 2025"
            w = reader.when(text, m.end(), allow_year=True)
            if w is not None and not reader.is_past(w.end, DeadlineKind.by):
                found.append((m.start(), w.end_pos, _fields(DeadlineKind.by, w)))
    out: list[Deadline] = []
    last_end = -1
    for s, e, fields in sorted(found, key=lambda x: (x[0], -(x[1] - x[0]))):
        if s < last_end or (_blocked(blocked, s, e) and not fields.get("_cell")):
            continue  # a whole time cell or label value stays, even when it names a plan ("Theo lộ trình … Kế hoạch số 02-KH/BCĐTW")
        fields = dict(fields)
        explicit = fields.pop("_explicit", True)
        fields.pop("_iso", None)
        fields.pop("_cell", None)
        context = _context(text, s, e)
        if not explicit and fields["kind"] not in (DeadlineKind.periodic, DeadlineKind.on_notice, DeadlineKind.open):
            if PERIODIC_SENTENCE_RE.search(context):  # "trước ngày 30 tháng 11 hàng năm": every year, no date
                fields = {"kind": DeadlineKind.periodic}
        out.append(Deadline(text=text[s:e], start=s, end=e, context=context, section=section_path_at(sections, s), **fields))
        last_end = e
    return out


def deadline_marks(deadlines: list[Deadline]) -> Iterator[Mark]:
    """Every time limit as written, with its date (or its kind when it has none)."""
    for d in deadlines:
        yield Mark("deadline", d.start, d.end, d.text, d.date or d.end_date or d.kind.value)
