"""Campaigns: the movements, đợt thi đua, contests and programmes a document launches.

Patterns handled (examples from the seeds and the corpus):
- the title launches it: ``Phát động phong trào thi đua đẩy mạnh cải cách hành chính trên địa bàn
  xã Hành Minh năm 2024``, ``PHÁT ĐỘNG ĐỢT THI ĐUA LẬP THÀNH TÍCH …``, ``Phát động tham gia giải
  pháp, sáng kiến …`` (after "Phát động" anything is a campaign), ``TRIỂN KHAI PHONG TRÀO THI ĐUA
  “CẢ NƯỚC THI ĐUA ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ”`` (after "Triển khai"/"Tổ chức" only a
  campaign word: phong trào, đợt thi đua, cuộc thi, hội thi, cuộc vận động, chiến dịch, giải thưởng);
- the opening paragraph launches it: ``UBND tỉnh phát động Đợt thi đua lập thành tích … (sau đây
  gọi tắt là Đợt thi đua)``, ``Ủy ban nhân dân tỉnh Nghệ An triển khai Đợt thi đua …``;
- anywhere in the body, ``phát động`` + a named campaign: ``Phát động Cuộc thi “…”``;
- a plan for a named programme (ANNOTATION: "a plan with a named programme"): ``GIÁM SÁT, ĐÁNH GIÁ CHƯƠNG
  TRÌNH MỤC TIÊU QUỐC GIA GIẢM NGHÈO BỀN VỮNG …``, ``THỰC HIỆN CHƯƠNG TRÌNH “NÂNG CAO CHẤT LƯỢNG …”`` (not a
  roadmap, a resolution or a plan about a subject).
Not launched: generic plurals (``tổ chức các cuộc thi về cải cách hành chính``), past ones
(``Phổ biến kết quả cuộc thi lần thứ 6 - năm 2023``, ``kết quả triển khai cuộc thi``, ``đã phát
động``), campaigns launched by someone else (``do Thủ tướng Chính phủ phát động``) and the subject
of a cited document (``Căn cứ Quyết định … ban hành Kế hoạch triển khai Đợt thi đua …``).
Dates come from a range (or "from") deadline in a THỜI GIAN section (seed 002: from the start of
2024 to 2024-11-15), participants from the ĐỐI TƯỢNG section.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kehoach.extractors.marks import Mark
from kehoach.schemas.contract import Campaign, Deadline, DeadlineKind, DocType, Section, SectionKind, walk_sections
from kehoach.schemas.header import Header
from kehoach.text.aliases import ALIAS_OPEN_RE
from kehoach.text.bullets import BULLETS_RE
from kehoach.text.forms import similar
from kehoach.text.numbers import has_doc_number

# Words that name a campaign.
_NOUN = r"(?:phong\s+trào(?:\s+thi\s+đua)?|đợt\s+thi\s+đua|đợt\s+cao\s+điểm|cuộc\s+thi|hội\s+thi|cuộc\s+vận\s+động|chiến\s+dịch|giải\s+thưởng)"
# A launch in a title: "Phát động X" (any X), "Triển khai (thực hiện) <campaign word> …", "Tổ chức Hội thi …".
TITLE_LAUNCH_RE = re.compile(
    rf"^(?:kế\s+hoạch\s+)?(?:(?:phát\s+động(?:\s+và\s+triển\s+khai)?)\s+(?P<any>\S.*)|(?:triển\s+khai|tổ\s+chức)(?:\s+thực\s+hiện)?\s+(?P<named>{_NOUN}\s+\S.*))$",
    re.I | re.S,
)
# A launch in a sentence: "phát động phong trào thi đua …", "triển khai Đợt thi đua …".
BODY_LAUNCH_RE = re.compile(
    rf"(?<![^\W\d_])(?P<verb>phát\s+động|triển\s+khai|tổ\s+chức)(?:\s+thực\s+hiện)?\s+(?P<name>{_NOUN}\s+\S)", re.I
)
# A named programme in a plan's title: a national target programme or a programme whose name is quoted.
PROGRAMME_RE = re.compile(r"(?<![^\W\d_])chương\s+trình\s+(?=mục\s+tiêu\s+quốc\s+gia|[“\"])", re.I)
# Where an unquoted programme's name ends: before the place and period of the plan.
PROGRAMME_END_RE = re.compile(r"\s+(?:trên\s+địa\s+bàn|giai\s+đoạn|năm\s+(?:19|20)\d{2}|đến\s+năm)(?![^\W\d_])", re.I)
# Words right after the campaign word that make it generic, not a named one ("tổ chức các cuộc thi").
GENERIC_RE = re.compile(r"\s*(?:này|nói\s+trên|trên|đó|của|các|những|theo\s+kế\s+hoạch)(?![^\W\d_])", re.I)
# Where a name found in a sentence stops.
NAME_STOP_RE = re.compile(r"[;.:(\n]|\s+(?:như\s+sau|với\s+(?:những|các)\s+nội\s+dung|và\s+ban\s+hành|nhằm|để)(?![^\W\d_])", re.I)
# Before the verb: someone else launched it, it is over, or it is being reported on.
NOT_OURS_BEFORE_RE = re.compile(r"(?:đã|kết\s+quả|tham\s+gia|hưởng\s+ứng|tổng\s+kết|sơ\s+kết)\s*$", re.I)
# After the name: "… do Thủ tướng Chính phủ phát động", "… đã được phát động".
NOT_OURS_AFTER_RE = re.compile(r"^[^.;]{0,80}?\s(?:do\s+[^.;]{0,60}?phát\s+động|đã\s+được\s+phát\s+động)", re.I)
# A quoted name: “Cả nước thi đua đổi mới sáng tạo và chuyển đổi số”.
QUOTED_RE = re.compile(r"[“\"][^”\"\n]{3,200}[”\"]")
# A legal-basis or "Thực hiện <document>" sentence: what follows describes the cited document.
# Only the types that direct action: "theo quy định", "theo đề án" are no basis sentence.
BASIS_START_RE = re.compile(
    r"\W*(?:căn\s+cứ|thực\s+hiện|theo)\s+(?:quyết\s+định|kế\s+hoạch|công\s+văn|chỉ\s+thị|nghị\s+quyết|văn\s+bản|hướng\s+dẫn|thông\s+báo)",
    re.I,
)
# The year in a name: "… năm 2024" ("nhiệm kỳ 2026 - 2031" is not the campaign's year).
YEAR_RE = re.compile(
    r"(?<![^\W\d_])(?<!đến )(?<!Đến )(?<!ĐẾN )năm\s+((?:19|20)\d{2})(?!\d)", re.I
)  # not a horizon "đến năm 2045"
# "đã" (a past event) earlier in the same sentence.
PAST_RE = re.compile(r"(?<![^\W\d_])đã(?![^\W\d_])", re.I)
# A section that reports results ("I. KẾT QUẢ ĐẠT ĐƯỢC", "PHẦN I. KẾT QUẢ THỰC HIỆN …").
RESULTS_HEADING_RE = re.compile(r"kết\s+quả|tình\s+hình\s+thực\s+hiện", re.I)
# "Đối với tập thể:" / "a) Đối với cá nhân:" prefixes of participant lines.
PARTICIPANT_PREFIX_RE = re.compile(r"^\W*(?:[a-zđ\d]{1,2}[.)]\s*)?(?:đối\s+với\s+[^:]{1,30}:|đối\s+tượng[^:]{0,40}:)\s*", re.I)


def _clean(name: str) -> str:
    return name.strip().rstrip(" ,;.:").strip()


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _same(a: str, b: str) -> bool:
    """Two names of one campaign: one contains the other, a long common start, or very similar."""
    x, y = re.sub(r"\W+", " ", a.lower()).strip(), re.sub(r"\W+", " ", b.lower()).strip()
    if x in y or y in x:
        return True
    xs, ys = x.split(), y.split()
    common = 0
    for p, q in zip(xs, ys, strict=False):
        if p != q:
            break
        common += 1
    return common >= 6 or similar(x, y, 0.8)


def _sentence_start(text: str, pos: int, marks: tuple[str, ...] = (". ", "; ")) -> int:
    line_start = text.rfind("\n", 0, pos) + 1
    cut = max(text.rfind(mark, line_start, pos) for mark in marks)
    return cut + 2 if cut >= 0 else line_start


NAME_CHARS = 1000  # no campaign name runs longer


def _name_in_sentence(text: str, start: int) -> tuple[str, int] | None:
    """The campaign name starting at start: up to "(sau đây gọi tắt là", else to the first stop."""
    # a name is read at most NAME_CHARS far: searching the whole rest of a one-line file of 20 MB for a
    # stop, at every candidate, was quadratic (issue 14)
    limit = min(len(text), start + NAME_CHARS)
    line_end = text.find("\n", start, limit)
    line_end = limit if line_end < 0 else line_end
    alias = ALIAS_OPEN_RE.search(text, start, line_end)  # the full name ends right before its alias
    if alias:
        end = alias.start()
    else:
        end = line_end
        pos = start
        while True:
            stop = NAME_STOP_RE.search(text, pos, line_end)
            if stop is None:
                break
            q = QUOTED_RE.search(text, start, line_end)
            if q and q.start() < stop.start() < q.end():
                pos = q.end()  # a stop inside a quoted name does not end it
                continue
            end = stop.start()
            break
    name = _clean(text[start:end])
    if len(name.split()) < 3:
        return None
    return name, start + len(name)


def _title_candidate(doc, header: Header) -> tuple[str, int | None, int | None] | None:
    title = header.title
    if not title:
        return None
    m = TITLE_LAUNCH_RE.match(title.strip())
    if not m:
        return _programme(doc, header)
    group = "any" if m.group("any") is not None else "named"
    name = _clean(m.group(group))
    if len(name.split()) < 2:
        return None
    if header.title_span is not None and doc.text[header.title_span.start : header.title_span.end] == header.title_span.text:
        i = doc.text.find(name, header.title_span.start, header.title_span.end + 1)
        if i >= 0:
            return name, i, i + len(name)
    return name, None, None


def _programme(doc, header: Header) -> tuple[str, int | None, int | None] | None:
    """A plan for a named programme (ANNOTATION: "a plan with a named programme"): "THỰC HIỆN CHƯƠNG TRÌNH “NÂNG CAO
    CHẤT LƯỢNG GIÁO DỤC MẦM NON …”", "GIÁM SÁT, ĐÁNH GIÁ CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA GIẢM NGHÈO BỀN VỮNG …"."""
    title = header.title or ""
    m = PROGRAMME_RE.search(title) if header.doc_type in (DocType.ke_hoach, DocType.chuong_trinh) else None
    if not m:
        return None
    quoted = QUOTED_RE.match(title, m.end())
    stop = None if quoted else PROGRAMME_END_RE.search(title, m.end())
    name = _clean(title[m.start() : quoted.end() if quoted else stop.start() if stop else len(title)])
    span = header.title_span
    i = doc.text.find(name, span.start if span else 0, (span.end + 1) if span else len(doc.text))
    return (name, i, i + len(name)) if i >= 0 else (name, None, None)


def _body_candidates(doc, header: Header, sections: list[Section]) -> list[tuple[str, int, int]]:
    text = doc.text
    first_section = min((s.start for s in sections), default=header.body_end)
    out: list[tuple[str, int, int]] = []
    for m in BODY_LAUNCH_RE.finditer(text, header.body_start, header.body_end):
        in_preamble = m.start() < first_section
        verb = re.sub(r"\s+", " ", m.group("verb").lower())
        name_start = m.start("name")
        after_noun = re.match(_NOUN, text[name_start:], re.I)
        if after_noun is None or GENERIC_RE.match(text, name_start + after_noun.end()):
            continue
        s0 = _sentence_start(text, m.start())
        if NOT_OURS_BEFORE_RE.search(text[max(s0, m.start() - 20) : m.start()]) or NOT_OURS_AFTER_RE.match(text[m.end() :]):
            continue
        if BASIS_START_RE.match(text, s0) or has_doc_number(text, s0, m.start()):
            continue  # "Thực hiện Quyết định … ban hành Kế hoạch triển khai Đợt thi đua …"
        if PAST_RE.search(text, _sentence_start(text, m.start(), (". ",)), m.start()) or _in_results(sections, m.start()):
            continue  # "Ngày 26/3/2022, đã tổ chức …; phát động cuộc thi …", a "KẾT QUẢ …" section
        if not in_preamble:
            named = text[name_start].isupper() or QUOTED_RE.match(text, name_start + after_noun.end() + 1)
            if verb != "phát động" or not named:
                continue
        got = _name_in_sentence(text, name_start)
        if got:
            out.append((got[0], name_start, got[1]))
    return out


def _in_results(sections: list[Section], pos: int) -> bool:
    return any(s.start <= pos < s.end and RESULTS_HEADING_RE.search(s.heading) for s in walk_sections(sections))


def _dates(sections: list[Section], deadlines: list[Deadline]) -> tuple[str | None, str | None]:
    """(start, end) from the range deadlines (else the first 'from') in a THỜI GIAN section, else in a sentence about it."""
    time_sections = [s for s in walk_sections(sections) if SectionKind.thoi_gian in s.kinds]
    in_time = [d for d in deadlines if any(s.start <= d.start < s.end for s in time_sections)]
    about = [
        d for d in deadlines if d.context and re.search(r"thời\s+gian|phong\s+trào|đợt\s+thi\s+đua|cuộc\s+thi", d.context, re.I)
    ]
    for pool in (in_time, about):
        ranges = [d for d in pool if d.kind == DeadlineKind.range and (d.end_date or d.date)]
        if ranges:  # several đợt ("Đợt 01 … Đợt 02 …"): the campaign spans them all
            starts = [d.start_date for d in ranges if d.start_date]
            return (min(starts) if starts else None), max(d.end_date or d.date for d in ranges)
        for d in pool:
            if d.kind == DeadlineKind.from_ and d.date:
                return d.date, None
    return None, None


def _participants(doc, sections: list[Section]) -> list[str]:
    """Who takes part: the text of the most specific ĐỐI TƯỢNG section, split at ';' and bullets."""
    text = doc.text
    cands = [s for s in walk_sections(sections) if SectionKind.doi_tuong in s.kinds]
    leaves = [s for s in cands if not any(SectionKind.doi_tuong in c.kinds for c in walk_sections(s.children))]
    if not leaves:
        return []
    # who competes, not who is rewarded: "Đối tượng thi đua" before "Đối tượng khen thưởng"
    sec = next((s for s in leaves if SectionKind.khen_thuong not in s.kinds), leaves[0])
    pieces: list[str] = []
    children = sec.children or []
    spans = [(sec.heading_end, children[0].start if children else sec.end)]
    spans += [(c.heading_end, c.end) for c in children]
    for a, b in spans:
        body = text[a:b]
        for line in body.split("\n"):
            line = PARTICIPANT_PREFIX_RE.sub("", line.strip().lstrip(":").strip())
            line = line[bullets.end() :] if (bullets := BULLETS_RE.match(line)) else line
            for part in line.split(";"):
                part = _clean(part)
                if part and len(part) <= 200 and part.lower() not in {p.lower() for p in pieces}:
                    pieces.append(part)
    return pieces[:20]


def extract_campaigns(doc, header: Header, sections: list[Section], deadlines: list[Deadline]) -> list[Campaign]:
    """The campaigns the document launches (title first), with dates and participants."""
    cands: list[tuple[str, int | None, int | None]] = []
    t = _title_candidate(doc, header)
    if t:
        cands.append(t)
    for c in _body_candidates(doc, header, sections):
        for i, kept in enumerate(cands):
            if _same(kept[0], c[0]):
                if _is_caps(kept[0]) and not _is_caps(c[0]):
                    cands[i] = c  # prefer the name as written in running text over the capitalized title
                break
        else:
            cands.append(c)
    if not cands:
        return []
    start_date, end_date = _dates(sections, deadlines)
    participants = _participants(doc, sections)
    out = []
    for i, (name, s, e) in enumerate(cands):
        years = YEAR_RE.findall(name)
        year = int(years[-1]) if years else header.year
        main = i == 0
        out.append(
            Campaign(
                name=name,
                year=year,
                start_date=start_date if main else None,
                end_date=end_date if main else None,
                participants=participants,
                start=s,
                end=e,
            )
        )
    return out


def campaign_marks(campaigns: list[Campaign]) -> Iterator[Mark]:
    """Every campaign's name, with its year."""
    for c in campaigns:
        yield Mark("campaign", c.start, c.end, c.name, str(c.year or ""))
