"""Criteria: award criteria (tiêu chuẩn khen thưởng) and what an initiative must be (sáng kiến).

Patterns handled (examples from the seeds and the corpus):
- award criteria under a heading with ``tiêu chuẩn`` / ``tiêu chí``: ``2. Tiêu chuẩn tặng thưởng giấy
  khen của Chủ tịch UBND huyện`` → ``a) Đối với tập thể`` / ``b) Đối với cá nhân`` → one criterion per
  bullet (``- Hoàn thành tốt nhiệm vụ được giao trong năm 2024.``), subject from the nearest heading
  that names ``tập thể`` or ``cá nhân`` (``a) Tập thể``, ``b) Đối với cá nhân: … đạt các tiêu chuẩn
  sau:``); intro bullets that end in ``:`` (``- Tặng cho xã, phường … đạt các tiêu chuẩn sau:``) are not
  criteria, their ``+`` sub-bullets are;
- conditional forms of reward under ``HÌNH THỨC TUYÊN DƯƠNG, KHEN THƯỞNG``: ``- Có văn bản tuyên dương đối
  với người dân, cá nhân, người lao động có đề xuất giải pháp …`` (a bullet that says who gets it), but
  not a bare form (``- Bằng khen của Thủ tướng Chính phủ;``);
- initiative criteria anywhere in the body: a sentence whose subject is a sáng kiến / giải pháp / mô hình
  / ý tưởng and whose predicate sets a requirement: ``Các sáng kiến, ý tưởng có tính mới, tính sáng tạo
  và hiệu quả …``, ``Các giải pháp phải đảm bảo được tính mới …``, ``Sáng kiến cải cách hành chính phải
  có tính mới, hữu ích, thiết thực, …, không trùng lặp ý tưởng …; có thể nhân rộng …`` (the last is split
  at a negated requirement ``, không …``: one criterion each).
Award criteria belong to a reward: the criteria heading or one above it names one (a decision's attached
regulation: ``Chương III KHEN THƯỞNG`` › ``Điều 8. Tiêu chuẩn xét khen thưởng`` › ``1. Cơ quan, đơn vị … hoàn
thành xuất sắc nhiệm vụ …``); standards of an administrative unit or of a civil servant are not, nor a case
rule under the heading (``2. Trường hợp tổng số điểm bằng nhau thì …``).
Sections about hồ sơ, kinh phí, thời gian, số lượng, nguyên tắc or đối tượng are never criteria.
Near-duplicates (the same requirement repeated in Mục đích and Yêu cầu) are kept once, preferring the
occurrence outside Mục đích.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kehoach.extractors.marks import Mark, joined
from kehoach.schemas.contract import Criterion, CriterionKind, Section, SectionKind, Subject, section_path_at
from kehoach.schemas.document import CanonicalDocument
from kehoach.text.bullets import BULLET_CHARS, BULLETS_RE
from kehoach.text.forms import similar

# A heading that introduces award criteria: "2. Tiêu chuẩn tặng thưởng …", "1. Các tiêu chuẩn đề nghị huyện khen
# thưởng", "III. HÌNH THỨC, SỐ LƯỢNG, TIÊU CHUẨN VÀ HỒ SƠ KHEN THƯỞNG" (not "1. Tiêu chí thi đua": EMULATION_CRITERIA_RE).
CRITERIA_HEADING_RE = re.compile(
    r"^(?:các\s+)?(?:tiêu chuẩn|tiêu chí)\b|(?:tiêu chuẩn|tiêu chí)[^.;]{0,30}khen thưởng|tiêu chí thi đua"
    # the conditions of an honour are its standards: "Điều 5. Điều kiện xét tặng" (a title conferred on individuals,
    # heldout h98), "Điều kiện được công nhận danh hiệu …", "Điều kiện trao tặng Kỷ niệm chương" — but not a gift's
    # ("Điều kiện tặng cho quyền sử dụng đất": "tặng cho" is a civil-law gift)
    r"|^(?:các\s+)?điều kiện\s+(?:để\s+)?(?:được\s+)?"
    r"(?:(?:xét|đề nghị|trao|truy)\s+(?:tặng|khen thưởng)|tặng(?!\s+cho\b)|khen thưởng|công nhận danh hiệu)\b",
    re.I,
)
# The emulation's criteria (what the units compete on) are not award criteria (ANNOTATION: tiêu chuẩn khen thưởng;
# heldout h14's "TIÊU CHÍ THI ĐUA" scoring table and h31's "1. Tiêu chí thi đua", both left out by their annotators).
EMULATION_CRITERIA_RE = re.compile(r"^(?:các\s+)?tiêu chí thi đua\b(?!.*khen thưởng)", re.I)
# Award criteria are about a reward: the criteria heading or one above it names one ("Điều 8. Tiêu chuẩn xét khen
# thưởng", "2. Tiêu chí thi đua"). A regulation's other standards are not ("Tiêu chuẩn của đơn vị hành chính",
# "Tiêu chuẩn thành viên Ban chấm thi": trove 6e7f0a17, cd24d493).
REWARD_CONTEXT_RE = re.compile(
    r"khen thưởng|thi đua|tặng|danh hiệu|bằng khen|giấy khen|tuyên dương|vinh danh|xét thưởng|khen", re.I
)
# … but not an evaluation method ("3. Tiêu chí đánh giá, xếp loại").
EVALUATION_RE = re.compile(r"đánh giá|xếp loại|xếp hạng|chấm điểm", re.I)
# A heading about forms of reward ("3. Hình thức khen thưởng").
FORM_HEADING_RE = re.compile(r"hình thức", re.I)
# Headings about reward (forms of reward may hold conditional criteria).
REWARD_HEADING_RE = re.compile(r"khen thưởng|tuyên dương", re.I)
# Parts that are never criteria even under a criteria heading.
EXCLUDED_HEADING_RE = re.compile(r"hồ sơ|kinh phí|thời gian|số lượng|nguyên tắc|đối tượng|thủ tục|tuyến trình", re.I)
EXCLUDED_KINDS = {SectionKind.ho_so, SectionKind.kinh_phi, SectionKind.thoi_gian, SectionKind.doi_tuong}
# Subject of a criteria block: "a) Đối với tập thể", "b) Cá nhân".
TAP_THE_RE = re.compile(r"\btập thể\b", re.I)
CA_NHAN_RE = re.compile(r"\bcá nhân\b", re.I)
# A form of reward that says who receives it ("… đối với người dân, cá nhân …", "… cho tập thể …").
CONDITION_RE = re.compile(r"\bđối với\b|\bcó\b|\bcho\b|\bkhi\b|\bnếu\b", re.I)
# An initiative requirement: subject (sáng kiến, giải pháp, mô hình, ý tưởng, đề tài) then, within a few
# words, "phải" or "có tính mới" / "đảm bảo (được) tính mới".
INITIATIVE_RE = re.compile(
    r"^(?:Các\s+|Mỗi\s+)?(?:sáng kiến|giải pháp|mô hình|ý tưởng|đề tài)\b[^.;:]{0,80}?\s"
    r"(?:phải\b|có tính mới|(?:đảm bảo|bảo đảm)(?: được)? tính mới)",
    re.I,
)
# Requirements inside one initiative sentence: a negated requirement (", không trùng lặp …") starts a new one;
# ";" does not ("có tính mới, đã triển khai nhưng chưa nhân rộng; tính sáng tạo" is one list of qualities).
REQUIREMENT_SPLIT_RE = re.compile(r",\s+(?=không\s)")
# A case rule under a criteria heading, not a criterion: "2. Trường hợp tổng số điểm bằng nhau thì do cơ quan có
# thẩm quyền … xem xét, quyết định." (a regulation attached to a decision, gold-dev d10).
CASE_RULE_RE = re.compile(r"^(?:trường hợp|nếu)\s", re.I)
# A trailing parenthetical aside of a form-of-reward bullet.
TRAILING_ASIDE_RE = re.compile(r"\s*\([^()]*\)\s*[.;]?$")
NUMBER_RE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}|[a-zđ])\s*[.)]\s*")


def _walk(sections: list[Section], path: tuple[Section, ...] = ()):
    for s in sections:
        yield s, path
        yield from _walk(s.children, (*path, s))


def _subject(text: str) -> Subject | None:
    t, c = TAP_THE_RE.search(text), CA_NHAN_RE.search(text)
    if t and not c:
        return Subject.tap_the
    if c and not t:
        return Subject.ca_nhan
    return None


def _is_criteria_heading(s: Section) -> bool:
    h = s.heading
    return (
        bool(CRITERIA_HEADING_RE.search(h))
        and not EVALUATION_RE.search(h)
        and len(h.split()) <= 16
        and not h.rstrip().endswith((";", "."))
    )


def _excluded(s: Section) -> bool:
    return bool(EXCLUDED_HEADING_RE.search(s.heading)) and not CRITERIA_HEADING_RE.search(s.heading)


def _award(doc: CanonicalDocument, sections: list[Section]) -> list[Criterion]:
    out: list[Criterion] = []
    for s, path in _walk(sections):
        if _excluded(s) or any(_excluded(p) for p in path):
            continue
        # the nearest heading that says what the part is decides: criteria, or forms of reward
        in_criteria = reward_form = False
        rewarded = any(REWARD_CONTEXT_RE.search(x.heading) for x in (s, *path))
        for x in (s, *reversed(path)):
            if EMULATION_CRITERIA_RE.match(x.heading):
                break  # "1. Tiêu chí thi đua": what the units compete on, not the standards of a reward
            crit = _is_criteria_heading(x) and rewarded
            form = (
                bool(FORM_HEADING_RE.search(x.heading)) and bool(REWARD_HEADING_RE.search(x.heading) or x is not s) and rewarded
            )
            if crit or form:
                in_criteria = crit and not (
                    form and x is s and not CRITERIA_HEADING_RE.search(x.heading.split(",")[0]) and x.children
                )
                reward_form = form and not crit
                break
        if not (in_criteria or reward_form):
            continue
        subject = None
        for x in (*path, s):
            subject = _subject(x.heading) or subject
        # "b) Đối với cá nhân: Các cá nhân …, đạt các tiêu chuẩn sau:" — the heading line says it too
        line_end = doc.text.find("\n", s.heading_start)
        subject = _subject(doc.text[s.heading_start : line_end if line_end > 0 else s.end]) or subject
        items = s.items
        # … and so does an unnumbered lead-in before the items ("Danh hiệu … tặng cho cá nhân là người nước ngoài đủ
        # các điều kiện sau:", heldout h98)
        lead = doc.text[line_end : doc.text.rfind("\n", 0, items[0].start) + 1] if items and line_end > 0 else ""
        if lead.rstrip().endswith(":"):
            subject = _subject(lead) or subject
        base = subject
        for i, it in enumerate(items):
            text = it.text.strip()
            if text.endswith(":"):
                # an intro that says who the items are for ("Danh hiệu … tặng cho cá nhân … đủ các điều kiện sau:"); the next
                # intro starts again from the section's subject, not the previous intro's (review)
                subject = _subject(text) or base
                continue
            if not text or CASE_RULE_RE.match(text):
                continue
            if it.marker not in BULLET_CHARS and ":" in text[:80]:
                continue  # "3.3. Giấy khen của …: Căn cứ vào …" is a rule, not a criterion
            nxt = items[i + 1] if i + 1 < len(items) else None
            if nxt is not None and nxt.level > it.level:
                continue  # an intro bullet whose sub-bullets are the criteria
            if reward_form and (len(text.split()) < 8 or not CONDITION_RE.search(text)):
                continue
            if not in_criteria and not reward_form:
                continue
            t = text.rstrip()
            if reward_form:
                # "… đối với người dân, … doanh nghiệp (có trao khen thưởng ngay hoặc …)": the aside says how
                # the reward is given, not who qualifies
                t = TRAILING_ASIDE_RE.sub("", t)
            out.append(Criterion(kind=CriterionKind.award, subject=subject, text=t, start=it.start, end=it.start + len(t)))
    return out


def _initiative(doc: CanonicalDocument, sections: list[Section], header) -> list[tuple[Criterion, bool]]:
    """(criterion, in Mục đích?) for every initiative requirement sentence in the body."""
    text = doc.text
    body_start = getattr(header, "body_start", 0) or 0
    body_end = getattr(header, "body_end", 0) or len(text)
    if body_end <= body_start:
        body_end = len(text)
    purpose = [
        (s.start, s.end) for s, _ in _walk(sections) if SectionKind.muc_dich in s.kinds and SectionKind.yeu_cau not in s.kinds
    ]
    out = []
    for ln in doc.lines:
        if ln.start < body_start or ln.end > body_end:
            continue
        line = text[ln.start : ln.end]
        m = BULLETS_RE.match(line) or NUMBER_RE.match(line)
        off = ln.start + (m.end() if m else 0)
        for sm in re.finditer(r"[^.!?]+(?:[.!?](?=\s|$)|$)", text[off : ln.end]):
            sent = sm.group(0)
            lead_ws = len(sent) - len(sent.lstrip())
            s0 = off + sm.start() + lead_ws
            sent = sent.strip()
            if not INITIATIVE_RE.match(sent):
                continue
            in_purpose = any(a <= s0 < b for a, b in purpose)
            last = 0
            for part in [*REQUIREMENT_SPLIT_RE.finditer(sent), None]:
                e = part.start() if part else len(sent)
                piece = sent[last:e].strip()
                if len(piece.split()) >= 4:
                    ps = s0 + last + (len(sent[last:e]) - len(sent[last:e].lstrip()))
                    out.append(
                        (
                            Criterion(kind=CriterionKind.initiative, subject=None, text=piece, start=ps, end=ps + len(piece)),
                            in_purpose,
                        )
                    )
                last = part.end() if part else len(sent)
    return out


def extract_criteria(doc: CanonicalDocument, sections: list[Section], header=None) -> list[Criterion]:
    """Award and initiative criteria in text order (see the module docstring)."""
    found = [(c, False) for c in _award(doc, sections)] + _initiative(doc, sections, header)
    # keep one of near-identical criteria, preferring those outside Mục đích
    found.sort(key=lambda x: (x[1], x[0].start or 0))
    kept: list[Criterion] = []
    for c, _ in found:
        if any(
            k.kind == c.kind and k.subject == c.subject and similar(k.text.lower(), c.text.lower(), 0.9) and (k.start != c.start)
            for k in kept
        ):
            continue
        if any(k.start == c.start and k.end == c.end for k in kept):
            continue
        kept.append(c)
    kept = [c.model_copy(update={"section": section_path_at(sections, c.start)}) if c.start is not None else c for c in kept]
    return sorted(kept, key=lambda c: c.start or 0)


def criterion_marks(criteria: list[Criterion]) -> Iterator[Mark]:
    """Every criterion, with its kind and subject."""
    for c in criteria:
        yield Mark("criterion", c.start, c.end, c.text, joined(*(x.value for x in (c.kind, c.subject) if x), sep=" "))
