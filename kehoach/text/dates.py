"""Vietnamese date expressions → ISO dates (shared by ``citations`` and ``deadlines``).

Patterns read at a given offset of the normalized text (``read_when``):
- a day, numeric: ``12/01/2024``, ``05/3/2024``, ``12-01-2024``, ``12.01.2024``; without a year
  (slash only, after "ngày"): ``ngày 31/10`` → the caller's default year (``1/3`` alone is a fraction);
- a day, spelled: ``28 tháng 10 năm 2025``, ``06 tháng 12 năm 2025``, ``30 tháng 11`` (no year);
- a month: ``tháng 10/2025``, ``tháng 10 năm 2025``, ``tháng 3`` (no year); two months of one year:
  ``tháng 11 - 12/2025`` (from the first's first day to the second's last);
- a quarter: ``quý IV/2025``, ``quý 4 năm 2025``;
- a year: ``năm 2024``, ``đầu năm 2024`` (starts 1 Jan), ``cuối năm 2024`` / ``hết năm 2024``;
- a time of day before the day is skipped: ``17 giờ 00 ngày 20/11/2025``, ``16h00, ngày 15/11``,
  ``18h00 tối Thứ Bảy ngày 22/11/2025``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

# A numeric day: 12/01/2024, 5-3-2024, 12.01.2024, or 31/10 (slash only, no year). The
# separator must repeat, and the look-arounds stop it from starting or ending inside a longer
# number ("2021 - 2025", "31/10/24").
NUMERIC_DAY_RE = re.compile(
    r"(?<![\d/.-])(?P<d>\d{1,2})\s*(?P<sep>[/.-])\s*(?P<m>\d{1,2})(?:\s*(?P=sep)\s*(?P<y>(?:19|20)\d{2}))?(?![\d/])"
)
# A spelled day: "28 tháng 10 năm 2025", "30 tháng 11"; "năm" may be written "/" in scrapes.
SPELLED_DAY_RE = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s*(?:,\s*)?(?:năm|/)\s*(?P<y>(?:19|20)\d{2}))?(?!\d)", re.I
)
# A month: "tháng 10/2025", "tháng 10 năm 2025", "tháng 3" (no year).
MONTH_RE = re.compile(r"tháng\s+(?P<m>\d{1,2})(?:\s*(?:/|năm)\s*(?P<y>(?:19|20)\d{2}))?(?![\d/])", re.I)
# Two months of one year joined by a dash: "Tháng 11 - 12/2025" (the year written once, after the second).
MONTH_SPAN_RE = re.compile(
    r"tháng\s+(?P<m1>\d{1,2})\s*[-–]\s*(?:tháng\s+)?(?P<m>\d{1,2})\s*(?:/|năm)\s*(?P<y>(?:19|20)\d{2})(?![\d/])", re.I
)
# A quarter: "quý IV/2025", "quý 4 năm 2025", "quý I năm 2026".
QUARTER_RE = re.compile(r"quý\s+(?P<q>IV|I{1,3}|[1-4])(?:\s*(?:/|năm)\s*(?P<y>(?:19|20)\d{2}))?(?![\w/])", re.I)
# A year, with how it is qualified: "đầu năm 2024", "cuối năm 2024", "hết năm 2024", "năm 2024".
YEAR_RE = re.compile(r"(?:(?P<q>đầu|cuối|hết)\s+)?năm\s+(?P<y>(?:19|20)\d{2})(?!\d)", re.I)
# A time of day that may stand before the day: "17 giờ 00", "16h00", "8 giờ 30 phút", then ", ngày".
# The part of the day and the weekday may follow: "18h00 tối Thứ Bảy ngày 22/11/2025", "03h00 sáng Chủ Nhật, ngày 23/11".
TIME_OF_DAY_RE = re.compile(
    r"\d{1,2}\s*(?:giờ|h)\s*(?:\d{2}\s*(?:phút|p)?)?(?:\s*(?:sáng|trưa|chiều|tối|đêm)(?![^\W\d_]))?"
    r"(?:\s*,?\s*(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)(?![^\W\d_]))?\s*,?\s*(?:ngày\s+)?",
    re.I,
)
# A weekday in front of "ngày": "Thứ Tư ngày 03/12/2025", "Chủ nhật, ngày 23/11".
WEEKDAY_RE = re.compile(r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)(?![^\W\d_])\s*,?\s*", re.I)
# The word "ngày" (and "hết ngày") in front of a day.
DAY_WORD_RE = re.compile(r"(?:hết\s+)?ngày\s+", re.I)
QUARTER_NUM = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class When:
    """A date expression: its first and last day (equal for a day), where it ends, and its grain."""

    start: str | None
    end: str | None
    end_pos: int
    grain: str  # "day", "month", "quarter", "year"
    explicit_year: bool


def iso(y: int | None, m: int, d: int) -> str | None:
    """ISO string of a valid calendar day, else None."""
    if y is None:
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def month_last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def read_day(text: str, pos: int, default_year: int | None, *, after_day_word: bool = True) -> When | None:
    """A day (numeric or spelled) starting exactly at pos.

    A numeric day without a year ("31/10") is only read after the word "ngày": elsewhere "1/3"
    is a fraction ("từ 1/3 đến 1/2 độ dài của dòng chữ").
    """
    for rx in (NUMERIC_DAY_RE, SPELLED_DAY_RE):
        m = rx.match(text, pos)
        if not m:
            continue
        if m.group("y") is None and rx is NUMERIC_DAY_RE and (m.group("sep") != "/" or not after_day_word):
            continue
        y = int(m.group("y")) if m.group("y") else default_year
        d = iso(y, int(m.group("m")), int(m.group("d")))
        if d is None:
            continue
        return When(d, d, m.end(), "day", m.group("y") is not None)
    return None


def read_when(text: str, pos: int, default_year: int | None, *, allow_year: bool = False) -> When | None:
    """The date expression starting at pos (after spaces): a day, month, quarter or (if allowed) a year."""
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    day_word = False
    m = TIME_OF_DAY_RE.match(text, pos)
    if m and read_day(text, m.end(), default_year):
        pos = m.end()
        day_word = m.group(0).rstrip().lower().endswith("ngày")
    m = WEEKDAY_RE.match(text, pos)
    if m and DAY_WORD_RE.match(text, m.end()):
        pos = m.end()  # "trước Thứ Tư ngày 03/12/2025" (heldout h46)
    m = DAY_WORD_RE.match(text, pos)
    day_pos = m.end() if m else pos
    got = read_day(text, day_pos, default_year, after_day_word=day_word or m is not None)
    if got:
        return got
    hết = text.startswith("hết ", pos)
    p = pos + 4 if hết else pos
    m = MONTH_SPAN_RE.match(text, p)
    if m and 1 <= int(m.group("m1")) < int(m.group("m")) <= 12:
        y, m1, m2 = int(m.group("y")), int(m.group("m1")), int(m.group("m"))
        return When(iso(y, m1, 1), iso(y, m2, month_last_day(y, m2)), m.end(), "month", True)
    m = MONTH_RE.match(text, p)
    if m:
        y = int(m.group("y")) if m.group("y") else default_year
        mo = int(m.group("m"))
        if y is not None and 1 <= mo <= 12:
            return When(iso(y, mo, 1), iso(y, mo, month_last_day(y, mo)), m.end(), "month", m.group("y") is not None)
        return None
    m = QUARTER_RE.match(text, p)
    if m:
        y = int(m.group("y")) if m.group("y") else default_year
        q = QUARTER_NUM[m.group("q").upper()]
        if y is None:
            return None
        last = 3 * q
        return When(iso(y, last - 2, 1), iso(y, last, month_last_day(y, last)), m.end(), "quarter", m.group("y") is not None)
    if allow_year:
        m = YEAR_RE.match(text, pos)
        if m:
            y = int(m.group("y"))
            q = (m.group("q") or "").lower()
            start = iso(y, 1, 1) if q in ("", "đầu") else None
            end = iso(y, 12, 31) if q in ("", "cuối", "hết") else None
            return When(start, end, m.end(), "year", True)
    return None


# A time limit written alone in a cell of a task table or after a "Thời gian:" label:
# "Thường xuyên", "Hằng năm", "2026", "Năm 2025 - 2026", "Quý IV/2025- Quý II/2026", "Trước 31/12/2025".
OPEN_CELL_RE = re.compile(r"(?:thường\s+xuyên|liên\s+tục)(?:\s*[,;]?\s*(?:và\s+)?(?:thường\s+xuyên|liên\s+tục|lâu\s+dài))*", re.I)
PERIODIC_CELL_RE = re.compile(
    r"(?:định\s+kỳ\s*)?(?:(?:hằng|hàng|mỗi)\s+(?:năm|tháng|quý|tuần|ngày)|\d{1,2}\s+tháng|định\s+kỳ)"
    r"(?:\s*(?:,|và|/)\s*(?:(?:hằng|hàng)\s+)?(?:năm|tháng|quý|tuần|ngày|đột\s+xuất))*",
    re.I,
)
# "Theo yêu cầu", "Khi có chỉ đạo của …", "Theo lộ trình được giao tại Kế hoạch số 02-KH/BCĐTW" (heldout h54): a time
# someone else's schedule or request sets.
# What sets such a time: a request, a notice, a direction, someone's roadmap, guidance or schedule (also read in a
# time label's value by the deadlines extractor).
NOTICE_WORDS = r"yêu\s+cầu|thông\s+báo|chỉ\s+đạo|lộ\s+trình|hướng\s+dẫn|tiến\s+độ"
ON_NOTICE_CELL_RE = re.compile(
    rf"(?:theo|khi\s+có)\s+(?:{NOTICE_WORDS})"
    r"(?:\s+(?:của|được\s+giao|đã\s+đề\s+ra|tại)\s+[^.;]{1,80})?",
    re.I,
)
# "2026", "Năm 2026", "2025 - 2026", "Năm 2025-2030", "Giai đoạn 2026 - 2030", "Từ năm 2026".
YEARS_CELL_RE = re.compile(
    r"(?P<from>từ\s+)?(?:(?:trong\s+)?(?:năm|giai\s+đoạn)\s+)?(?P<y1>(?:19|20)\d{2})"
    r"(?:\s*(?:-|–|đến)\s*(?:năm\s+)?(?P<y2>(?:19|20)\d{2}))?",
    re.I,
)
# Words that may open a cell before the date itself.
CELL_PREFIX_RE = re.compile(
    r"(?P<w>trước(?:\s+ngày)?|chậm\s+nhất(?:\s+(?:là\s+)?ngày)?|đến(?:\s+hết)?|từ|trong|hoàn\s+thành(?:\s+trong)?)\s+", re.I
)
CELL_RANGE_SEP_RE = re.compile(r"\s*(?:-|–|đến)\s*(?:hết\s+)?", re.I)


@dataclass(frozen=True)
class TimeCell:
    """A whole cell read as a time limit: its kind (a DeadlineKind value) and, for a day, its date."""

    kind: str
    date: str | None
    start: str | None = None
    end: str | None = None


def read_time_cell(s: str, default_year: int | None = None) -> TimeCell | None:
    """The time limit a whole cell states, or None when the cell says more than a time."""
    s = " ".join(s.split()).strip(" .;,*")
    if not s:
        return None
    if OPEN_CELL_RE.fullmatch(s):
        return TimeCell("open", None)
    if PERIODIC_CELL_RE.fullmatch(s):
        return TimeCell("periodic", None)
    if ON_NOTICE_CELL_RE.fullmatch(s):
        return TimeCell("on_notice", None)
    m = YEARS_CELL_RE.fullmatch(s)
    if m:
        y1, y2 = m.group("y1"), m.group("y2")
        if m.group("from"):
            return (
                TimeCell("from", None, start=f"{y1}-01-01") if not y2 else TimeCell("range", None, f"{y1}-01-01", f"{y2}-12-31")
            )
        if y2:
            return TimeCell("range", None, f"{y1}-01-01", f"{y2}-12-31")
        return TimeCell("by", None, end=f"{y1}-12-31")
    word = ""
    pos = 0
    p = CELL_PREFIX_RE.match(s)
    if p:
        word, pos = p.group("w").lower(), p.end()
    first = read_when(s, pos, default_year, allow_year=True)
    if first is None:
        return None
    rest = s[first.end_pos :]
    if not rest.strip():
        day = first.grain == "day"
        if word.startswith("trước"):
            return TimeCell("before", first.end if day else None, end=first.end)
        if word == "từ":
            return TimeCell("from", first.start if day else None, start=first.start)
        return TimeCell("by", first.end if day else None, end=first.end)
    sep = CELL_RANGE_SEP_RE.match(rest)
    if sep and word in ("", "từ"):
        second = read_when(rest, sep.end(), default_year, allow_year=True)
        if second is not None and not rest[second.end_pos :].strip():
            return TimeCell("range", second.end if second.grain == "day" else None, first.start, second.end)
    return None
