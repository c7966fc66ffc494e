"""Kinh phí: the money a plan commits and where it comes from.

Patterns handled (examples from the seeds, the dev set and the trove):
- a source after "kinh phí", "nguồn", "từ", "bố trí": ``Kinh phí thực hiện: 50.000.000 đồng từ nguồn
  ngân sách xã`` (amount and source), ``Kinh phí thực hiện Kế hoạch được bố trí từ nguồn ngân sách tỉnh``,
  ``Kinh phí thực hiện do các cơ quan, đơn vị bố trí trong dự toán được giao``, ``nguồn xã hội hóa``,
  ``huy động từ sự đóng góp, tài trợ của các tổ chức, cá nhân`` (xã hội hóa), ``ngân sách nhà nước``,
  ``các nguồn kinh phí hợp pháp khác`` (other);
- amounts in đồng, as offices write them: ``50.000.000 đồng``, ``500 triệu đồng``, ``1,5 tỷ đồng``,
  ``1.200 triệu đồng`` (a dot groups thousands, a comma marks decimals), ``20.000.000đ``, ``VNĐ``;
- the level of "ngân sách Thành phố": a centrally-run city's budget (tinh) when the document is issued
  at province level, a district-level city's otherwise (text/units.level_of decides).

One record per source or amount named in a sentence that speaks of funding (``kinh phí``, ``ngân sách``,
``dự toán``, ``nguồn vốn``, ``xã hội hóa``) or that sits in a section of kind kinh_phi; an amount is
paired with the source in its own clause (else the sentence's only source). Not a commitment: a cited
document's title (``Thông tư số 55/2023/TT-BTC … quyết toán kinh phí … từ nguồn ngân sách nhà nước``),
supervision of funds (``kiểm tra việc quản lý, sử dụng kinh phí``) names no source and no amount.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum

from pydantic import Field

from kehoach.extractors.marks import Mark, joined
from kehoach.schemas.contract import Section, SectionKind, section_path_at, walk_sections
from kehoach.schemas.document import CanonicalDocument, Frozen
from kehoach.schemas.header import Header
from kehoach.text.bullets import BULLET_CHARS
from kehoach.text.numbers import has_doc_number
from kehoach.text.units import UNIT_WORD_PATTERN, level_of


class BudgetSource(StrEnum):
    ngan_sach_trung_uong = "ngan_sach_trung_uong"
    ngan_sach_tinh = "ngan_sach_tinh"
    ngan_sach_huyen = "ngan_sach_huyen"
    ngan_sach_xa = "ngan_sach_xa"
    xa_hoi_hoa = "xa_hoi_hoa"
    du_toan_duoc_giao = "du_toan_duoc_giao"
    other = "other"


class Budget(Frozen):
    """Money a document commits to its tasks, and where it comes from (kinh phí)."""

    text: str = Field(description="The sentence that commits the funding, as written.")
    amount: int | None = Field(
        default=None, description="Amount in đồng ('500 triệu đồng' → 500000000); None when none is given."
    )
    amount_text: str | None = Field(default=None, description="The amount as written: '1,5 tỷ đồng'.")
    source: BudgetSource | None = Field(
        default=None,
        description="Where the money comes from: ngan_sach_trung_uong, ngan_sach_tinh, ngan_sach_huyen, ngan_sach_xa, "
        "xa_hoi_hoa, du_toan_duoc_giao, other (ngân sách nhà nước, các nguồn hợp pháp khác); None when not said.",
    )
    source_text: str | None = Field(default=None, description="The source as written: 'nguồn ngân sách xã'.")
    start: int = Field(description="Start offset of the sentence in text.")
    end: int = Field(description="End offset of the sentence in text (exclusive).")
    section: str | None = Field(default=None, description="Path of the section it sits in (sections.section_path).")


# A budget of a level: "ngân sách xã", "ngân sách cấp huyện", "ngân sách Thành phố", "ngân sách Trung ương".
LEVEL_BUDGET_RE = re.compile(
    rf"ngân\s+sách\s+(?:(?:nhà\s+nước\s+)?cấp\s+)?(?P<unit>trung\s+ương|{UNIT_WORD_PATTERN})(?!\w)", re.I
)
# The other sources, in the order they are tried (the first that matches a stretch wins).
SOURCE_RES: list[tuple[BudgetSource, re.Pattern[str]]] = [
    # "bố trí trong dự toán được giao", "từ dự toán ngân sách hằng năm", "dự toán … đã được giao" (not "lập dự toán":
    # a task, not a source)
    (
        BudgetSource.du_toan_duoc_giao,
        re.compile(
            r"(?:trong|từ|theo)\s+dự\s+toán(?:\s+(?:ngân\s+sách|chi\s+thường\s+xuyên|được\s+giao|đã\s+được\s+giao|hằng\s+năm|hàng\s+năm|năm\s+\d{4}))*"
            r"|dự\s+toán(?:\s+\S+){0,4}?\s+(?:được|đã\s+được|đã)\s+(?:cấp\s+có\s+thẩm\s+quyền\s+)?giao",
            re.I,
        ),
    ),
    # "nguồn xã hội hóa", "huy động xã hội hóa", "đóng góp, tài trợ của các tổ chức, cá nhân" (not the policy word:
    # "khuyến khích xã hội hóa giáo dục")
    (
        BudgetSource.xa_hoi_hoa,
        re.compile(
            r"(?:nguồn(?:\s+lực)?|huy\s+động|vốn|kinh\s+phí)\s+(?:\S+\s+){0,2}?xã\s+hội\s+hóa"
            r"|(?:sự\s+)?(?:đóng\s+góp|tài\s+trợ|ủng\s+hộ)(?=[\s,]+(?:của|từ|tự\s+nguyện|các|doanh|tổ\s+chức|cá\s+nhân|tài\s+trợ|đóng))",
            re.I,
        ),
    ),
    # "ngân sách nhà nước", "ngân sách địa phương", "các nguồn (kinh phí) hợp pháp khác", "quỹ thi đua, khen thưởng"
    (
        BudgetSource.other,
        re.compile(
            r"ngân\s+sách\s+(?:nhà\s+nước|địa\s+phương)|nguồn\s+(?:kinh\s+phí\s+|vốn\s+|thu\s+)?hợp\s+pháp\s+khác"
            r"|quỹ\s+thi\s+đua(?:\s*[,-]?\s*khen\s+thưởng)?",
            re.I,
        ),
    ),
]
# Before a source: it is what the plan is funded from ("từ nguồn …", "Kinh phí thực hiện: …", "bố trí trong …").
FUNDED_BEFORE_RE = re.compile(
    r"(?:nguồn|từ|kinh\s+phí|vốn|bố\s+trí|đảm\s+bảo|bảo\s+đảm|trích|gồm|do|bằng)[\s:,]*(?:\S+\s+){0,4}$", re.I
)
# … but not a law's name or the management of a budget ("Luật Ngân sách nhà nước", "pháp luật về ngân sách").
NOT_FUNDING_BEFORE_RE = re.compile(
    r"(?:Luật|luật\s+về|quản\s+lý|không\s+sử\s+dụng|sử\s+dụng\s+hiệu\s+quả|chấp\s+hành|phân\s+cấp|các\s+cấp|kế\s+hoạch\s+vốn"
    r"|chuyển\s+nguồn\s+từ|kiểm\s+tra|giải\s+ngân|cân\s+đối\s+của|hỗ\s+trợ\s+của|nguồn\s+thu)\s*$",
    re.I,
)
# An amount of money: "50.000.000 đồng", "500 triệu đồng", "1,5 tỷ đồng", "20.000.000đ", "300.000 VNĐ".
AMOUNT_RE = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*(?P<scale>tỷ|tỉ|triệu|nghìn|ngàn)?\s*(?P<cur>đồng|VNĐ|VND|đ)(?!\w)",
    re.I,
)
# A figure reported, not committed: "Ước thực hiện cả năm là 11.580 tỷ đồng, vượt 11,69% so dự toán", "tăng
# 10,48% so cùng kỳ", "tổng thu ngân sách nhà nước 10.367,700 tỷ đồng" (a budget report, trove 9b7eebad).
REPORTED_RE = re.compile(
    r"ước\s+(?:thực\s+hiện|đạt|tính)|(?:đạt|vượt|bằng|tăng|giảm)\s+[\d,.]+\s*%|so\s+(?:với\s+)?cùng\s+kỳ|tổng\s+thu\b|\bthu\s+nội\s+địa",
    re.I,
)
# A rate, not a sum: "2.340.000 đồng/người/tháng", "100 tỷ đồng cho mỗi đơn vị".
RATE_AFTER_RE = re.compile(r"\s*(?:/|cho\s+mỗi|mỗi|một\s+(?:người|lượt|suất))", re.I)
SCALES = {"tỷ": 10**9, "tỉ": 10**9, "triệu": 10**6, "nghìn": 10**3, "ngàn": 10**3, None: 1}
# A sentence about funding.
FUNDING_RE = re.compile(r"từ\s+nguồn|kinh\s+phí|ngân\s+sách|dự\s+toán|nguồn\s+vốn|xã\s+hội\s+hóa|nguồn\s+lực\s+tài\s+chính", re.I)
# Sentences end at ". ", "; " or a line break; clauses at a comma too.
SENTENCE_RE = re.compile(r"[^\n.;]+(?:\.(?=\d)[^\n.;]*)*")
CLAUSE_SPLIT_RE = re.compile(r",(?!\d)|[:(]|\s+(?:và|hoặc)\s+")  # not the decimal comma of "1,5 tỷ"


def parse_amount(number: str, scale: str | None) -> int | None:
    """'50.000.000' → 50000000; '1,5' 'tỷ' → 1500000000; '1.200' 'triệu' → 1200000000."""
    whole, _, frac = number.partition(",")
    digits = whole.replace(".", "")
    if not digits.isdigit():
        return None
    value = int(digits) * 10 ** len(frac) + (int(frac) if frac else 0)
    return value * SCALES[scale.lower() if scale else None] // 10 ** len(frac)


def _level_source(unit: str, issuer_level: str | None, year: int | None) -> BudgetSource:
    unit = " ".join(unit.lower().split())
    if unit == "trung ương":
        return BudgetSource.ngan_sach_trung_uong
    level = level_of(unit, None, year).value
    if unit == "thành phố" and issuer_level == "tinh":
        level = "tinh"  # "ngân sách Thành phố" in a plan of Hà Nội: the city is the province
    return {"tinh": BudgetSource.ngan_sach_tinh, "huyen": BudgetSource.ngan_sach_huyen}.get(level, BudgetSource.ngan_sach_xa)


def _sources(text: str, start: int, end: int, header: Header) -> list[tuple[int, int, BudgetSource]]:
    """(start, end, kind) of every source named in text[start:end], left to right, not overlapping."""
    found: list[tuple[int, int, BudgetSource]] = []
    level = header.issuer.level.value if header.issuer and header.issuer.level else None
    for m in LEVEL_BUDGET_RE.finditer(text, start, end):
        found.append((m.start(), m.end(), _level_source(m.group("unit"), level, header.year)))
    for kind, pattern in SOURCE_RES:
        for m in pattern.finditer(text, start, end):
            if not any(s < m.end() and m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), kind))
    found = [(s, e, k) for s, e, k in found if _funded(text, start, s)]
    # "dự toán ngân sách xã được giao": the level's budget, said once
    found.sort()
    out: list[tuple[int, int, BudgetSource]] = []
    for s, e, kind in found:
        if out and out[-1][2] is BudgetSource.du_toan_duoc_giao and s - out[-1][1] <= 1 and kind.value.startswith("ngan_sach_"):
            out[-1] = (out[-1][0], e, kind)
        else:
            out.append((s, e, kind))
    return out


def _funded(text: str, sentence_start: int, pos: int) -> bool:
    """A source the plan draws on: at the start of its sentence ("Ngân sách tỉnh: …") or after "từ nguồn",
    "kinh phí", "bố trí trong" …, and not in a law's name."""
    before = text[max(sentence_start, pos - 80) : pos]
    if NOT_FUNDING_BEFORE_RE.search(before):
        return False
    if text.startswith(("nguồn", "Nguồn", "quỹ", "Quỹ"), pos):
        return True  # "các nguồn hợp pháp khác", "quỹ thi đua": a source by its own words
    return not before.strip(" ()abcdđ" + BULLET_CHARS) or bool(FUNDED_BEFORE_RE.search(before))


def _clause_of(text: str, s0: int, e0: int, pos: int) -> tuple[int, int]:
    """The clause of text[s0:e0] holding ``pos`` (between commas, colons, "và", "hoặc")."""
    start, end = s0, e0
    for m in CLAUSE_SPLIT_RE.finditer(text, s0, e0):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def _funding_sentences(doc: CanonicalDocument, sections: list[Section]):
    """(start, end) of each sentence about funding, trimmed."""
    text = doc.text
    kinh_phi = [(s.start, s.end) for s in walk_sections(sections) if SectionKind.kinh_phi in s.kinds]
    for m in SENTENCE_RE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and (text[s] == " " or text[s] in BULLET_CHARS):
            s += 1
        while e > s and text[e - 1] == " ":
            e -= 1
        if e - s < 8:
            continue
        if FUNDING_RE.search(text, s, e) or any(a <= s < b for a, b in kinh_phi):
            yield s, e


def extract_budgets(doc: CanonicalDocument, header: Header, sections: list[Section]) -> list[Budget]:
    """Every funding source and amount the document commits, in reading order."""
    if not doc.bounds.administrative:
        return []  # a page about documents commits nothing
    text = doc.text
    out: list[Budget] = []
    for s, e in _funding_sentences(doc, sections):
        sources = _sources(text, s, e, header)
        amounts = list(AMOUNT_RE.finditer(text, s, e))
        if not sources and not amounts:
            continue
        if sources and has_doc_number(text, s, sources[0][0]):
            continue  # a cited document's title: "Thông tư số 55/2023/TT-BTC … từ nguồn ngân sách nhà nước"
        # a report's figures (and any sentence reporting results) commit nothing
        reported = header.doc_type == "bao_cao" or bool(REPORTED_RE.search(text, s, e))
        section = section_path_at(sections, s)
        sentence = text[s:e]
        used: set[int] = set()
        for a in amounts:
            if RATE_AFTER_RE.match(text, a.end()) or reported:
                continue  # a rate per person, per unit: not a sum the plan commits
            _, c1 = _clause_of(text, s, e, a.start())
            before = [i for i, (x, _, _) in enumerate(sources) if x < a.start()]
            after = [i for i, (x, y, _) in enumerate(sources) if x > a.start() and y <= c1]
            i = before[-1] if before else (after[0] if after else None)
            if i is not None:
                used.add(i)
            src = sources[i] if i is not None else None
            out.append(
                Budget(
                    text=sentence,
                    amount=parse_amount(a.group("num"), a.group("scale")),
                    amount_text=a.group(0),
                    source=src[2] if src else None,
                    source_text=text[src[0] : src[1]] if src else None,
                    start=s,
                    end=e,
                    section=section,
                )
            )
        seen = {b.source for b in out if b.start == s}
        for i, (x, y, kind) in enumerate(sources):
            if i in used or kind in seen:
                continue
            seen.add(kind)
            out.append(Budget(text=sentence, source=kind, source_text=text[x:y], start=s, end=e, section=section))
    return out


def budget_marks(budgets: list[Budget]) -> Iterator[Mark]:
    """Every sentence that commits funding, with the amount and the source as written."""
    for b in budgets:
        yield Mark("budget", b.start, b.end, b.text, joined(b.amount_text, b.source_text))
