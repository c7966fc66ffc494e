"""Deadlines: the time limits a document sets.

Patterns handled (normalized text; examples from the seeds and the corpus):
- before: ``trước ngày 31/10/2024``, ``trước ngày 06 tháng 12 năm 2025``, ``trước 17 giờ 00 ngày
  20/11/2025``, ``trước ngày 31/10`` (no year → the document's year, or the next one when the
  day would fall before the issue date);
- by: ``đến ngày 15/11/2024``, ``đến hết năm 2025``, ``chậm nhất ngày …``, ``chậm nhất là ngày …``,
  ``hạn chót …``, ``hoàn thành trong tháng 12/2025`` / ``xong trong tháng 12/2025`` (last day of the month),
  ``trong quý IV/2025`` (last day of the quarter), ``hoàn thành trong năm 2025`` (31 December);
- on: ``vào ngày 20/11/2025``, ``Thời gian tổ chức: ngày 20/11/2025``; a month after "vào" or a
  "Thời gian …:" label is by its last day: ``Tổng kết vào tháng 4 năm 2026``, ``Thời gian thực
  hiện: Tháng 12/2025``;
- range: ``từ ngày 20 tháng 11 năm 2025 đến ngày 03 tháng 12 năm 2025``, ``từ ngày 08 đến ngày
  10 tháng 12 năm 2025``, ``từ đầu năm 2024 đến ngày 15/11/2024``, ``từ tháng 10 năm 2025 đến hết
  tháng 3 năm 2026``, ``từ ngày Quyết định này có hiệu lực thi hành đến hết ngày 31 tháng 12 năm
  2030``, ``từ nay đến cuối năm 2025`` — date and end_date are the end, start_date the start;
- from: ``Từ tháng 10/2025 đến khi tổ chức thành công Đại hội``, ``kể từ ngày ký`` (the issue date);
- periodic (no date): ``định kỳ 06 tháng, năm``, ``định kỳ hằng quý``, ``Định kỳ báo cáo``,
  ``trước ngày 20 hằng tháng``, ``báo cáo hằng tháng``, ``Thời gian thực hiện: Hằng năm``;
- on_notice: ``khi được thông báo``, ``khi có thông báo``, ``khi có yêu cầu``, ``thời gian cụ
  thể do phòng Nội vụ thông báo``, ``sẽ thông báo sau``;
- open: ``không hạn chế thời gian``, ``không giới hạn thời gian``.
Not deadlines: the dates of cited documents (inside citation spans, ``Căn cứ …`` lines, a cited
decree's ``có hiệu lực thi hành từ 26/11/2024``), the place-and-date line, past events (``đã …``,
a day before the issue date), data cut-offs (``tính đến ngày``), ``sau ngày …``, horizons
(``đến năm 2030``), anniversaries ``(06/01/1946 - 06/01/2026)``, fractions (``từ 1/3 đến 1/2``),
benefits and budgets paid ``hàng tháng``/``hằng năm``.
"""

from __future__ import annotations

import re
from datetime import date

from kehoach.schemas.contract import Citation, Deadline, DeadlineKind, Section, section_path_at
from kehoach.schemas.header import Header
from kehoach.text.dates import When, read_when
from kehoach.text.numbers import ends_with_doc_number, has_doc_number

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
RANGE_SEP_RE = re.compile(r"\s*,?\s*(?:đến|tới|-|–)\s+(?:hết\s+)?", re.I)
# A bare day opening a range whose month and year follow the end: "từ ngày 08 đến ngày 10 tháng 12 năm 2025".
BARE_DAY_RE = re.compile(r"\s*(?:ngày\s+)?(?P<d>\d{1,2})(?=\s*(?:đến|tới|-|–)\s)", re.I)
# A start tied to the document itself: "từ ngày ban hành Kế hoạch", "kể từ ngày ký", "từ nay",
# "từ ngày Quyết định này có hiệu lực thi hành".
RELATIVE_START_RE = re.compile(
    r"\s*(?:nay|ngày\s+(?:ký|ban\s+hành)(?:\s+(?:Kế\s+hoạch|Quyết\s+định|văn\s+bản|Chỉ\s+thị)(?:\s+này)?)?"
    r"|ngày\s+[^,.;\n]{0,50}?có\s+hiệu\s+lực(?:\s+thi\s+hành)?)(?![^\W\d_])",
    re.I,
)
# An open end that is an event, not a date: "đến khi tổ chức thành công Đại hội".
EVENT_END_RE = re.compile(r"\s*,?\s*(?:đến|tới)\s+khi(?![^\W\d_])", re.I)
# Words right before a trigger that make it a cut-off or a past event, not a time limit.
NOT_A_LIMIT_BEFORE_RE = re.compile(r"(?<![^\W\d_])(?:tính|đã)\s*$", re.I)
# A legal-basis line ("Căn cứ Luật …", "Căn cứ Quyết định số …"): its dates describe cited documents.
LEGAL_BASIS_LINE_RE = re.compile(r"\W*căn\s+cứ(?![^\W\d_])", re.I)
# "có hiệu lực (thi hành)" right before "từ …": an effective date.
EFFECTIVE_BEFORE_RE = re.compile(r"hiệu\s+lực(?:\s+thi\s+hành)?\s*(?:kể\s+)?$", re.I)
# "đã" (a past event) earlier in the same clause.
PAST_RE = re.compile(r"(?<![^\W\d_])đã(?![^\W\d_])", re.I)

_PERIOD = r"(?:\d{1,2}\s+tháng|tháng|quý|năm|tuần|ngày)"
# "định kỳ 06 tháng, năm", "định kỳ hằng quý", "định kỳ 6 tháng và hằng năm".
PERIODIC_RE = re.compile(
    rf"(?<![^\W\d_])định\s+kỳ\s+(?:(?:hằng|hàng|mỗi)\s+)?{_PERIOD}(?:\s*(?:,|và|/)\s*(?:(?:hằng|hàng)\s+)?(?:\d{{1,2}}\s+tháng|tháng|quý|năm))*(?![^\W\d_])",
    re.I,
)
# "Định kỳ báo cáo …": định kỳ with no period, directly before a reporting verb.
PERIODIC_VERB_RE = re.compile(r"(?<![^\W\d_])định\s+kỳ(?=\s+(?:báo\s+cáo|gửi|tổng\s+hợp|cập\s+nhật)(?![^\W\d_]))", re.I)
# "trước ngày 20 hằng tháng": a day in every period.
PERIODIC_DAY_RE = re.compile(
    r"(?<![^\W\d_])(?:trước|vào|chậm\s+nhất)\s+ngày\s+\d{1,2}\s+(?:hằng|hàng|mỗi)\s+(?:tháng|quý|năm|tuần)(?![^\W\d_])", re.I
)
# "hằng tháng", "hàng quý": periodic only next to a report or as the whole "Thời gian:" value.
EVERY_RE = re.compile(r"(?<![^\W\d_])(?:hằng|hàng)\s+(?:tháng|quý|năm|tuần)(?![^\W\d_])", re.I)
# "báo cáo (kết quả) hằng tháng": a report right before the period.
REPORT_BEFORE_RE = re.compile(r"báo\s+cáo(?:\s+kết\s+quả)?\s*$", re.I)
# "Thời gian thực hiện: Hằng năm": a time label right before the period (or a date).
TIME_LABEL_BEFORE_RE = re.compile(r"^\W*(?:[a-zđ\d]{1,3}[.)]\s*)?(?:thời\s+gian|thời\s+hạn)[^:\n]{0,40}:\s*$", re.I)
# "khi được thông báo", "thời gian cụ thể do phòng Nội vụ thông báo", "sẽ thông báo sau".
ON_NOTICE_RE = re.compile(
    r"(?<![^\W\d_])(?:khi\s+(?:được|có)\s+(?:văn\s+bản\s+)?(?:thông\s+báo|yêu\s+cầu)"
    r"|(?:thời\s+gian|thời\s+hạn|lịch)(?:\s+cụ\s+thể)?\s+(?:sẽ\s+)?(?:do|theo)\s+[^.;:\n]{1,60}?\s+thông\s+báo"
    r"|(?:sẽ\s+)?thông\s+báo\s+sau)(?![^\W\d_])",
    re.I,
)
# "không hạn chế thời gian", "không giới hạn về thời gian".
OPEN_RE = re.compile(r"(?<![^\W\d_])không\s+(?:hạn\s+chế|giới\s+hạn)\s+(?:về\s+)?thời\s+gian(?![^\W\d_])", re.I)
# Sentence boundaries inside a line, for the context field.
SENTENCE_END_RE = re.compile(r"[.;!?](?=\s|$)")


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

    def is_past(self, iso: str | None) -> bool:
        d = _parse_iso(iso)
        if d is None:
            return False
        if self.issued:
            return d < self.issued
        return self.year is not None and d.year < self.year


def _context(text: str, start: int, end: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    s = line_start
    for m in SENTENCE_END_RE.finditer(text, line_start, start):
        s = m.end()
    m = SENTENCE_END_RE.search(text, end, line_end)
    e = m.end() if m else line_end
    return text[s:e].strip()


def _clause_before(text: str, pos: int, width: int = 60) -> str:
    """Text of the same clause before pos (after the last , ; . or line break), at most width chars."""
    chunk = text[max(0, pos - width) : pos]
    cut = max(chunk.rfind(c) for c in ",;.\n:")
    return chunk[cut + 1 :]


def _dated(text: str, m: re.Match[str], reader: _Reader) -> tuple[int, int, dict] | None:
    """A dated deadline at trigger m: (start, end, fields) or None."""
    kind = m.lastgroup
    pos = m.end()
    if kind == "from":
        return _range_or_from(text, m, reader)
    until_end = kind == "by" and "hết" in m.group(0).lower()  # "đến hết năm 2025" is a year's last day
    w = reader.when(text, pos, allow_year=(kind == "done" or until_end))
    if w is None:
        return None
    if kind == "label":  # "Thời gian thực hiện: Tháng 12/2025", "Thời gian tổ chức: ngày 20/11/2025"
        if w.grain == "day":
            return m.start(), w.end_pos, {"kind": DeadlineKind.on, "date": w.end}
        if w.grain not in ("month", "quarter"):
            return None
        return m.start(), w.end_pos, {"kind": DeadlineKind.by, "date": w.end}
    if kind == "on" and w.grain not in ("day", "month"):
        return None
    if kind == "before" and w.grain not in ("day", "month"):
        return None
    if kind == "before":
        d = w.start if w.grain == "month" else w.end
        return m.start(), w.end_pos, {"kind": DeadlineKind.before, "date": d}
    if kind == "on":  # "vào ngày 20/11/2025"; "Tổng kết vào tháng 4 năm 2026" is by the month's end
        return m.start(), w.end_pos, {"kind": DeadlineKind.on if w.grain == "day" else DeadlineKind.by, "date": w.end}
    return m.start(), w.end_pos, {"kind": DeadlineKind.by, "date": w.end}


def _range_or_from(text: str, m: re.Match[str], reader: _Reader) -> tuple[int, int, dict] | None:
    pos = m.end()
    rel = RELATIVE_START_RE.match(text, pos)
    start_iso: str | None
    if rel:
        start_iso, start_end, start_grain = (
            (reader.issued.isoformat() if reader.issued and "hiệu" not in rel.group(0) else None),
            rel.end(),
            "relative",
        )
    else:
        bare = BARE_DAY_RE.match(text, pos)
        w = None if bare else reader.when(text, pos, allow_year=True)
        if bare is None and w is None:
            return None
        start_iso = w.start if w else None
        start_end = bare.end() if bare else w.end_pos
        start_grain = "bare" if bare else w.grain
    sep = RANGE_SEP_RE.match(text, start_end)
    if sep:
        end = reader.when(text, sep.end(), allow_year=True)
        year_end_ok = end is not None and ("hết" in sep.group(0).lower() or end.start is None)  # "đến hết năm", "đến cuối năm"
        if end is not None and end.end and (end.grain != "year" or year_end_ok):
            if start_grain == "bare":
                start_iso = end.end[:8] + f"{int(bare.group('d')):02d}" if end.end else None
                try:
                    date.fromisoformat(start_iso or "")
                except ValueError:
                    start_iso = None
            return (
                m.start(),
                end.end_pos,
                {"kind": DeadlineKind.range, "date": end.end, "end_date": end.end, "start_date": start_iso},
            )
    if start_grain in ("bare", "year") or (sep and start_grain == "relative" and not EVENT_END_RE.match(text, start_end)):
        return None  # "từ năm 2021 …", "từ nay đến năm 2030": a horizon, not a time limit
    return m.start(), start_end, {"kind": DeadlineKind.from_, "date": start_iso, "start_date": start_iso}


def _blocked(spans: list[tuple[int, int]], s: int, e: int) -> bool:
    return any(s < b and a < e for a, b in spans)


def extract_deadlines(doc, header: Header, citations: list[Citation], sections: list[Section]) -> list[Deadline]:
    """Every time limit the document sets, in text order, with the section it sits in."""
    text = doc.text
    reader = _Reader(header)
    blocked = [(c.start, c.end) for c in citations]
    for span in (header.date_span, header.number_span):
        if span is not None:
            blocked.append((span.start, span.end))
    found: list[tuple[int, int, dict]] = []
    for rx in (PERIODIC_RE, PERIODIC_VERB_RE, PERIODIC_DAY_RE):
        found.extend((m.start(), m.end(), {"kind": DeadlineKind.periodic}) for m in rx.finditer(text))
    for m in EVERY_RE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if (
            REPORT_BEFORE_RE.search(_clause_before(text, m.start(), 30))
            or TIME_LABEL_BEFORE_RE.match(text[line_start : m.start()])
            or re.match(r"\s*\(?\s*trước\s+ngày", text[m.end() : m.end() + 20], re.I)
        ):
            found.append((m.start(), m.end(), {"kind": DeadlineKind.periodic}))
    found.extend((m.start(), m.end(), {"kind": DeadlineKind.on_notice}) for m in ON_NOTICE_RE.finditer(text))
    found.extend((m.start(), m.end(), {"kind": DeadlineKind.open}) for m in OPEN_RE.finditer(text))
    for m in TRIGGER_RE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if LEGAL_BASIS_LINE_RE.match(text, line_start):
            continue  # "Căn cứ … từ nay đến năm 2030": the cited document's subject
        before = text[max(0, m.start() - 20) : m.start()]
        if NOT_A_LIMIT_BEFORE_RE.search(before) or ends_with_doc_number(before):  # "… 77/QĐ-UBND ngày …": a cited date
            continue
        got = _dated(text, m, reader)
        if got is None:
            continue
        s, e, fields = got
        if fields["kind"] != DeadlineKind.from_ and not fields.get("date"):
            continue
        if PAST_RE.search(_clause_before(text, s, 40)):
            continue
        if fields["kind"] == DeadlineKind.from_ and EFFECTIVE_BEFORE_RE.search(text[max(0, s - 30) : s]):
            sentence = _context(text, s, e)
            if has_doc_number(sentence):
                continue  # "Nghị định số 126/2024/NĐ-CP … có hiệu lực thi hành từ 26/11/2024": the cited decree's date
        if fields["kind"] in (DeadlineKind.before, DeadlineKind.by, DeadlineKind.on, DeadlineKind.range) and reader.is_past(
            fields["date"]
        ):
            continue
        found.append((s, e, fields))
    out: list[Deadline] = []
    last_end = -1
    for s, e, fields in sorted(found, key=lambda x: (x[0], -(x[1] - x[0]))):
        if s < last_end or _blocked(blocked, s, e):
            continue
        out.append(
            Deadline(text=text[s:e], start=s, end=e, context=_context(text, s, e), section=section_path_at(sections, s), **fields)
        )
        last_end = e
    return out
