"""Directive items: what a higher document asks of its lower units (communes, wards, districts).

An item addressed to the lower level, alone or jointly with departments ("Thủ trưởng các sở, ban,
ngành và Chủ tịch UBND các xã, phường"), is a directive for it; one addressed only to a department
("Giao Sở Tài chính chủ trì …", "1. Phòng Nội vụ") is not. Sources, by kind
(:class:`~kehoach.schemas.crosscheck.DirectiveKind`):

- ``task`` — assignments to the lower units, wherever they sit:
  responsibilities whose actor names them (patterns in ``data/lower_unit_actors.csv``: "UBND các
  xã, thị trấn", "Chủ tịch UBND cấp xã", "các sở, ban, ngành, địa phương" …); numbered blocks
  whose heading names them ("4. Các cơ quan chuyên môn … và UBND các xã, thị trấn", "g) UBND các
  xã, phường") and every item under them; when the document itself is addressed to them (a chỉ
  thị's "… yêu cầu Thủ trưởng các sở, ban, ngành và Chủ tịch UBND các xã, phường … thực hiện các
  nội dung sau:", a công văn's "Kính gửi: UBND các xã, phường"), every numbered directive whose
  own heading names no other addressee; requests in running text ("đề nghị UBND các xã, phường
  …", with the bullets that follow a request ending in ":").
- ``content`` — items of the NỘI DUNG sections (a kế hoạch's campaign content).
- ``requirement`` — items of YÊU CẦU sections ("Phong trào thi đua phải được triển khai rộng khắp …").
- ``closing`` — the closing paragraph when it names them ("Trên đây là Chỉ thị …, yêu cầu … Chủ
  tịch UBND các xã, phường nghiêm túc triển khai thực hiện./."): carry out the whole document. A
  plan that cites the document as its basis does that; coverage quotes the citation.
- ``report`` — what the lower units must file: a HỒ SƠ section (the dossier, one item).
- ``criterion`` — award criteria: who gets an award, not what a commune must do.
- ``deadline`` — time limits (the sentence).
  Both only from :func:`extract_directives`; :func:`directive_items` (the directives table, what
  coverage checks) leaves them out: they stay in the extraction's criteria and deadlines tables,
  and the deadline check compares deadlines directly.

:func:`extract_directives` gives the items as the document writes them; :func:`directive_items`
cuts an item that holds several asks ("…; …", "… và các nhiệm vụ …", "… lựa chọn, bình xét và hoàn
tất các thủ tục hồ sơ …": "và" + a verb with its own object) into one item per ask
("N2.1", "N2.2"): the unit coverage is checked on, and what the directives table stores.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from kehoach.crosscheck.words import MIN_ITEM_WORDS, document_unit_pattern, lines_in, tokenize
from kehoach.schemas.contract import Extraction, Section, SectionKind, section_paths
from kehoach.schemas.crosscheck import COVERED_KINDS, DirectiveKind, DirectiveRow
from kehoach.text.actors import ACTOR_HEAD_RE, colon_at, is_actor_start, predicate_at
from kehoach.text.bullets import BULLETS_RE, opens_list  # the marker is left out of an item's span

NAME_WORD_RE = re.compile(r"[^\W\d_]+")
NAME_MAX_WORDS = 12  # longer, a line that opens with a name is a sentence ("UBND cấp xã quyết định bán tài sản …")
# A numbered line inside TỔ CHỨC THỰC HIỆN: "4. Các cơ quan …", "b) UBND các xã …".
NUMBERED_LINE_RE = re.compile(r"^\s*(?:\d{1,2}|[a-zđ])\s*[.)]\s+(\S.*)$")
# Closing formulas that end an assignment block ("Yêu cầu Thủ trưởng các cơ quan … ./.").
CLOSING_RE = re.compile(r"^(?:Trên\s+đây|Yêu\s+cầu\s+(?:Thủ\s+trưởng|các)|.*\./\.\s*$)", re.IGNORECASE)
# An addressee that is a department or body, not a lower unit ("Sở Tài chính", "Phòng Nội vụ",
# "Các cơ quan chuyên môn", "Công an tỉnh", "Thủ trưởng các sở"), optionally after "Giao".
DEPARTMENT_RE = re.compile(
    r"^[\s*_]*(?:(?:Giao|Đề\s+nghị|Yêu\s+cầu)\s+)?(?:(?:Trách\s+nhiệm|Nhiệm\s+vụ)\s+(?:của\s+)?)?(?:Thủ\s+trưởng\s+|Giám\s+đốc\s+|Lãnh\s+đạo\s+)?(?:các\s+)?"
    r"(?:Sở|Phòng|Ban|Văn\s+phòng|Công\s+an|Thuế|Bộ\s+Chỉ\s+huy|Đài|Trung\s+tâm|Cơ\s+quan|Đơn\s+vị|Hội|Mặt\s+trận|"
    r"Ủy\s+ban\s+Mặt\s+trận|Đoàn|Liên\s+đoàn|Báo|Kho\s+bạc|Bảo\s+hiểm|Ngân\s+hàng|Chi\s+cục|Cục|Bộ|Thanh\s+tra|"
    r"Viện|Trường|Bệnh\s+viện|Tòa\s+án|Viện\s+kiểm\s+sát|Hạt|Đội|Ngành|Cảng\s+vụ|Quỹ|Tổng\s+công\s+ty|Công\s+ty|Doanh\s+nghiệp|Tổ\s+chức,\s+cá\s+nhân|Tổ\s+chức\s+và\s+cá\s+nhân|"
    r"Người\s+dân|Nhân\s+dân|Hộ\s+gia\s+đình|Chủ\s+đầu\s+tư|Nhà\s+đầu\s+tư)\b",
    re.IGNORECASE,
)
# A lower unit named after these words is a partner of someone else's task, not its addressee.
PARTNER_RE = re.compile(r"\b(?:phối\s+hợp|cùng|hướng\s+dẫn|đôn\s+đốc|kiểm\s+tra|theo\s+đề\s+nghị\s+của)\b", re.IGNORECASE)
# A sentence that asks the lower units to act: "đề nghị UBND các xã, phường …", "yêu cầu Chủ tịch UBND cấp xã …".
# The verb, not the noun: "sự chỉ đạo thống nhất …", "theo đề nghị của …", "công tác chỉ đạo" ask nobody.
REQUEST_RE = re.compile(
    r"(?<!\bsự\s)(?<!\bviệc\s)(?<!\btheo\s)(?<!\btác\s)(?<!\bđạo,\s)\b(?:đề\s+nghị|yêu\s+cầu|giao|chỉ\s+đạo)\s+(?!của\b)",
    re.IGNORECASE,
)
KINH_GUI_RE = re.compile(r"^[\s*_]*Kính\s+gửi\s*:?(.*)$", re.IGNORECASE | re.MULTILINE)
NOI_NHAN_RE = re.compile(r"^[\s*_|]*Nơi\s+nhận", re.MULTILINE | re.IGNORECASE)
# Where one item holds two asks: a semicolon, or "… và các <nhiệm vụ …>" joining two long objects.
CLAUSE_SPLIT_RE = re.compile(r"\s*;\s*|\s+và\s+(?=các\s)")
# A task's attribute line in a plan's task list ("Đơn vị chủ trì thực hiện: Sở Tư pháp.", "Thời gian
# thực hiện: Thường xuyên.", "Kinh phí: …"): who, when, with what money — never an ask of its own.
ATTRIBUTE_LINE_RE = re.compile(
    r"^[\s*_\-–+•·]*(?:(?:Đơn\s+vị|Cơ\s+quan)\s+(?:chủ\s+trì|thực\s+hiện|phối\s+hợp|tham\s+mưu|được\s+giao)[^:]{0,40}"
    r"|Thời\s+(?:gian|hạn)(?:\s+(?:thực\s+hiện|hoàn\s+thành|triển\s+khai))?|Kinh\s+phí(?:\s+thực\s+hiện)?|Nguồn\s+kinh\s+phí"
    r"|Sản\s+phẩm(?:\s+đầu\s+ra)?|Hình\s+thức\s+văn\s+bản)\s*:",
    re.IGNORECASE,
)
CLOSING = "\x00closing"  # marks a request as the closing paragraph (internal)
MIN_ASK_WORDS = 5  # each side of a "và" + verb split (two asks) must hold this many content words
MIN_CLAUSE_WORDS = 7  # each side of a "và các" split must hold this many content words (a short "và các …" ends a list)


def _kind_sections(
    sections: list[Section], kind: SectionKind, path: str = "", inside: bool = False
) -> Iterable[tuple[str, Section]]:
    """Sections of a kind, and their subsections that carry no kind of their own ("III. NỘI DUNG
    THI ĐUA" → "a) Công tác chỉ đạo, điều hành", "b) Cải cách thể chế", …)."""
    for s in sections:
        p = f"{path}.{s.number}" if path and s.number else (s.number or path)
        here = kind in s.kinds or (inside and not s.kinds)
        if here:
            yield p, s
        yield from _kind_sections(s.children, kind, p, here)


# Top sections of a plan that say why and what for, or what is, not what to do ("II. MỤC TIÊU",
# "I. QUAN ĐIỂM", "I. KẾT QUẢ THỰC HIỆN …", "TÌNH HÌNH", "SỰ CẦN THIẾT"): no asks.
NOT_TASK_HEADING_RE = re.compile(
    r"^[\s*_]*(?:MỤC\s+(?:ĐÍCH|TIÊU)|YÊU\s+CẦU|QUAN\s+ĐIỂM|NGUYÊN\s+TẮC|ĐÁNH\s+GIÁ|KẾT\s+QUẢ|TÌNH\s+HÌNH|THỰC\s+TRẠNG|"
    r"SỰ\s+CẦN\s+THIẾT|CĂN\s+CỨ|BỐI\s+CẢNH|PHẠM\s+VI|ĐỐI\s+TƯỢNG|ĐẶC\s+ĐIỂM|CHỈ\s+TIÊU|PHỤ\s+LỤC)",
    re.IGNORECASE,
)


def _task_sections(ex: Extraction) -> Iterable[tuple[str, Section]]:
    """The body of a plan that names its tasks in its own words ("III. NHIỆM VỤ TRỌNG TÂM", "IV. PHÁT TRIỂN
    KINH TẾ SỐ … NGÀNH, LĨNH VỰC", "V. GIẢI PHÁP"), not under a NỘI DUNG heading: the top sections before TỔ
    CHỨC THỰC HIỆN that carry no kind of their own and say no purpose, target or situation, with every
    section under them but a department's own ("1. Sở Y tế: …"). Only in a document shaped as a plan (it
    has a TỔ CHỨC THỰC HIỆN section). Paths as :func:`section_paths` gives them."""
    tops = ex.sections
    org = next((k for k, s in enumerate(tops) if SectionKind.to_chuc_thuc_hien in s.kinds), None)
    if org is None:
        return
    chosen = {id(s) for s in tops[:org] if not s.kinds and not NOT_TASK_HEADING_RE.match(s.heading)}
    top, skipped = None, set()
    for path, parent, s in section_paths(tops):
        if parent is None:
            top = s
        if id(top) not in chosen:
            continue
        if parent in skipped or DEPARTMENT_RE.match(s.heading[:160]):
            skipped.add(path)
            continue
        yield path, s


def _own_units(text: str, sec: Section) -> list[tuple[int, int]]:
    """The asks written in a section's own body (before its first subsection): each first-level item,
    and each line outside every item (a paragraph between bullets: "- Đẩy mạnh …" / "Rút ngắn thời gian
    thực hiện thủ tục hành chính; …")."""
    body_end = sec.children[0].heading_start if sec.children else sec.end
    items = [(it.start, it.end) for it in sec.items if it.level == 1]
    out: list[tuple[int, int]] = []
    for s, e in lines_in(text, sec.heading_end, body_end):
        item = next(((a, b) for a, b in items if a <= s < b or s <= a < e), None)
        span = item or _strip_bullet(text, s, e)
        if span not in out:
            out.append(span)
    return out


def _strip_bullet(text: str, s: int, e: int) -> tuple[int, int]:
    m = BULLETS_RE.match(text, s, e)
    return (m.end(), e) if m else (s, e)


def _clean_span(text: str, s: int, e: int) -> tuple[int, int]:
    """A span without leading bullets/markup and trailing spaces."""
    s, e = _strip_bullet(text, s, e)
    while s < e and text[s] in " \t\n*_|":
        s += 1
    while e > s and text[e - 1] in " \t\n*_|":
        e -= 1
    return s, e


def _task_items_from_responsibilities(
    ex: Extraction, pattern: re.Pattern[str], partners: bool = False
) -> list[tuple[int, int, str, str | None]]:
    """Tasks of responsibilities whose actor names the lower units; with ``partners``, the task-table
    rows that name them in the "Cơ quan phối hợp" cell instead (the row is theirs to carry out too)."""
    out = []
    for r in ex.responsibilities:
        if partners:
            if not any(pattern.search(p) for p in r.partners):
                continue
        elif not pattern.search(r.actor) and not (r.actor_expanded and pattern.search(r.actor_expanded)):
            continue
        found = False
        for task in r.tasks:
            i = ex.text.find(task, r.start, r.end)
            if i >= 0:
                out.append((i, i + len(task), r.actor, r.section))
                found = True
        if not found:
            out.append((r.start, r.end, r.actor, r.section))
    return out


def _task_items_from_text(ex: Extraction, pattern: re.Pattern[str]) -> list[tuple[int, int, str, str | None]]:
    """Numbered blocks of TỔ CHỨC THỰC HIỆN whose heading names the lower units."""
    out = []
    for path, _, sec in section_paths(ex.sections):
        if SectionKind.to_chuc_thuc_hien not in sec.kinds:
            continue
        actor: str | None = None
        bullets = False  # once a block has bullets, a plain paragraph ends it
        for s, e in lines_in(ex.text, sec.heading_end, sec.end):
            line = ex.text[s:e]
            m = NUMBERED_LINE_RE.match(line)
            if m:
                head, _, rest = m.group(1).partition(":")
                actor, bullets = (head.strip() if pattern.search(head) else None), False
                if actor and len(tokenize(rest)) >= MIN_ITEM_WORDS:
                    rs = s + m.start(1) + len(head) + 1
                    out.append((*_strip_bullet(ex.text, *lines_in(ex.text, rs, e)[0]), actor, path))
                continue
            if not actor:
                continue
            is_bullet = BULLETS_RE.match(line) is not None
            if CLOSING_RE.match(line) or (bullets and not is_bullet):
                actor = None
                continue
            bullets = bullets or is_bullet
            out.append((*_strip_bullet(ex.text, s, e), actor, path))
        break  # the first TỔ CHỨC THỰC HIỆN section holds the assignments
    return out


def _addressee(text: str, pattern: re.Pattern[str]) -> str | None:
    """'lower' when a heading or an item's lead names the lower units (alone or jointly),
    'other' when it names only a department or body, None when it names no addressee."""
    lead = text[:160]
    m = pattern.search(lead)
    if m and not PARTNER_RE.search(lead[: m.start()]):
        return "lower"
    if DEPARTMENT_RE.match(lead):
        return "other"
    return None


def _preamble_addresses(ex: Extraction, pattern: re.Pattern[str]) -> bool:
    """The document as a whole is addressed to the lower units: "Kính gửi: … UBND các xã", or the
    lead-in before the first section asks them ("… yêu cầu … Chủ tịch UBND các xã, phường …")."""
    first = min((s.start for s in ex.sections), default=len(ex.text))
    head = ex.text[:first]
    for m in KINH_GUI_RE.finditer(head):
        block = head[m.start() : m.start() + 400]
        if pattern.search(block):
            return True
    for m in REQUEST_RE.finditer(head):
        if pattern.search(head[m.end() : m.end() + 200]):
            return True
    return False


def _task_items_from_sections(
    ex: Extraction, pattern: re.Pattern[str], addressed: bool
) -> list[tuple[int, int, str, str | None]]:
    """Items of sections addressed to the lower units: by their heading ("g) UBND các xã,
    phường"), or inherited from the document's address when the heading names nobody."""
    out = []

    def visit(sections: list[Section], path: str, inherited: bool, actor: str | None) -> None:
        for s in sections:
            p = f"{path}.{s.number}" if path and s.number else (s.number or path)
            kinds = set(s.kinds)
            if kinds & {SectionKind.muc_dich, SectionKind.khen_thuong, SectionKind.hinh_thuc, SectionKind.kinh_phi}:
                continue  # purposes, awards, funding: nobody is asked to do anything there
            who = _addressee(s.heading, pattern)
            here = inherited if who is None else who == "lower"
            here_actor = (s.heading.strip() if who == "lower" else actor) if here else None
            if here and who == "lower" and not s.items and not s.children:
                # "1. Thủ trưởng các Sở, ban, ngành; Chủ tịch UBND cấp xã căn cứ …": the heading is the task
                hs, he = _clean_span(ex.text, s.heading_start, s.end)
                if len(set(tokenize(ex.text[hs:he]))) >= MIN_ITEM_WORDS + 3:
                    out.append((hs, he, s.heading.strip()[:120], p))
            for it in s.items:
                if it.level > 1:
                    continue  # a sub-bullet belongs to its item
                who_item = _addressee(it.text, pattern)
                if (here and who_item != "other") or who_item == "lower":
                    out.append((it.start, it.end, here_actor or it.text[:80], p))
            visit(s.children, p, here, here_actor)

    visit(ex.sections, "", addressed, None)
    return out


def _body_end(ex: Extraction) -> int:
    m = NOI_NHAN_RE.search(ex.text)
    return m.start() if m else len(ex.text)


def _requests_in_text(ex: Extraction, pattern: re.Pattern[str]) -> list[tuple[int, int, str, str | None]]:
    """Sentences asking the lower units ("đề nghị UBND các xã, phường …"), and the closing
    paragraph that names them. A request ending in ":" stands for the bullets under it."""
    out = []
    text = ex.text
    first = min((s.start for s in ex.sections), default=0)
    lines = lines_in(text, 0, _body_end(ex))
    i = 0
    while i < len(lines):
        s, e = lines[i]
        line = text[s:e]
        m = REQUEST_RE.search(line)
        asked = pattern.search(line[m.end() : m.end() + 120]) if m else None
        # "Giao Sở Tư pháp theo dõi, đôn đốc các cơ quan, đơn vị, địa phương …" asks the department
        if asked and PARTNER_RE.search(line[m.end() : m.end() + asked.start()]):
            asked = None
        if asked and not KINH_GUI_RE.match(line):
            if line.rstrip(" *_").endswith(":"):
                j = i + 1
                while j < len(lines) and BULLETS_RE.match(text, lines[j][0], lines[j][1]):
                    out.append((*_clean_span(text, *lines[j]), line[m.start() : m.start() + 80], None))
                    j += 1
                if j > i + 1:
                    i = j
                    continue
                if s < first:  # "… thực hiện các nội dung sau:" before numbered sections: the address
                    i += 1
                    continue
            closing = s >= first and (line.lstrip(" *_").startswith("Trên đây") or "./." in line)
            out.append((*_clean_span(text, s + m.start(), e), line[m.start() : m.start() + 80], CLOSING if closing else None))
        i += 1
    return out


def _names_only(text: str) -> bool:
    """A line that only names someone asks nothing: a partner cell of a task table ("- Bộ Nông nghiệp và Môi
    trường."), a heading's list of provinces wrapped onto its own line ("Đắk Lắk, Gia Lai:")."""
    body = text.strip(" \t\n*_-–+•·")
    if is_actor_start(body) and len(body.split()) <= NAME_MAX_WORDS:
        head = ACTOR_HEAD_RE.match(body)
        colon = colon_at(body)
        told = colon >= 0 and bool(body[colon + 1 :].strip())  # "Sở X: hướng dẫn …"
        if not told and predicate_at(body, head.end() if head else 1) is None:
            return True
    words = NAME_WORD_RE.findall(body)
    return 0 < len(words) <= 8 and all(w[0].isupper() for w in words)


def extract_directives(doc_id: str, ex: Extraction, lower_level: str = "xa") -> list[DirectiveRow]:
    """Directive items of a higher document for lower units of ``lower_level``, as written."""
    pattern = document_unit_pattern(ex.text, lower_level)
    rows: list[DirectiveRow] = []
    seen: set[tuple[int, int]] = set()
    taken: list[tuple[int, int]] = []  # spans of task items (a later source never repeats one)

    def overlaps(s: int, e: int) -> bool:
        return any(min(e, te) - max(s, ts) > 0.5 * min(e - s, te - ts) for ts, te in taken)

    def add(
        kind: DirectiveKind, prefix: str, s: int | None, e: int | None, text: str, section=None, actor=None, date=None
    ) -> None:
        if s is not None and e is not None:
            if (s, e) in seen:
                return
            seen.add((s, e))
        if len(set(tokenize(text))) < MIN_ITEM_WORDS or ATTRIBUTE_LINE_RE.match(text) or _names_only(text):
            return
        n = sum(1 for r in rows if r.kind == kind) + 1
        rows.append(
            DirectiveRow(
                directive_doc_id=doc_id,
                item_id=f"{prefix}{n}",
                kind=kind,
                item_text=text,
                start=s,
                end=e,
                section=section,
                actor=actor,
                date=date,
            )
        )

    if pattern is not None:
        tasks = _task_items_from_responsibilities(ex, pattern) or _task_items_from_text(ex, pattern)
        for s, e, actor, section in tasks:
            add(DirectiveKind.task, "T", s, e, ex.text[s:e], section, actor)
            taken.append((s, e))
        for s, e, actor, section in _task_items_from_responsibilities(ex, pattern, partners=True):
            if not overlaps(s, e):
                add(DirectiveKind.task, "T", s, e, ex.text[s:e], section, actor)
                taken.append((s, e))
        addressed = _preamble_addresses(ex, pattern)
        for s, e, actor, section in _task_items_from_sections(ex, pattern, addressed) + _requests_in_text(ex, pattern):
            if section == CLOSING:
                add(DirectiveKind.closing, "K", s, e, ex.text[s:e], None, actor)
            elif not overlaps(s, e):
                add(DirectiveKind.task, "T", s, e, ex.text[s:e], section, actor)
                taken.append((s, e))
    for path, sec in _kind_sections(ex.sections, SectionKind.noi_dung):
        if sec.items:
            for it in sec.items:
                if not overlaps(it.start, it.end):
                    add(DirectiveKind.content, "N", it.start, it.end, it.text, path)
        elif not sec.children:
            for s, e in (_strip_bullet(ex.text, *span) for span in lines_in(ex.text, sec.heading_end, sec.end)):
                if not overlaps(s, e):
                    add(DirectiveKind.content, "N", s, e, ex.text[s:e], path)
    for path, sec in _task_sections(ex):
        for s, e in _own_units(ex.text, sec):
            if not overlaps(s, e) and not DEPARTMENT_RE.match(ex.text[s : min(e, s + 160)]):
                add(DirectiveKind.content, "N", s, e, ex.text[s:e], path)
    for path, sec in _kind_sections(ex.sections, SectionKind.yeu_cau):
        if SectionKind.muc_dich in sec.kinds and sec.children:
            continue  # "I. MỤC ĐÍCH, YÊU CẦU": its "2. Yêu cầu" child holds the requirements
        if sec.children:
            continue
        spans = [(it.start, it.end) for it in sec.items] or [
            _strip_bullet(ex.text, *span) for span in lines_in(ex.text, sec.heading_end, sec.end)
        ]
        for s, e in spans:
            add(DirectiveKind.requirement, "Y", s, e, ex.text[s:e], path)
    for path, _, sec in section_paths(ex.sections):
        if SectionKind.ho_so in sec.kinds and not sec.children:
            s, e = _clean_span(ex.text, sec.heading_start, sec.end)
            add(DirectiveKind.report, "H", s, e, ex.text[s:e], path)
    for c in ex.criteria:
        add(DirectiveKind.criterion, "C", c.start, c.end, c.text)
    for d in ex.deadlines:
        text, s, e = d.text, d.start, d.end
        if d.context and (i := ex.text.rfind(d.context, 0, d.end)) >= 0 and i + len(d.context) >= d.end:
            text, s, e = d.context, i, i + len(d.context)
        add(DirectiveKind.deadline, "D", s, e, text, date=d.date)
    return rows


NOUN_TAGS = frozenset({"N", "Np", "Nc", "Nu", "Ny", "Nb", "L", "M", "P"})
VERB_TAGS = frozenset({"V"})
AND_RE = re.compile(r"\s+và\s+")
NOT_ASK_VERBS = frozenset({"được", "bị", "là", "có"})  # "và được triển khai …": a state, not a second ask


@lru_cache(maxsize=50_000)
def _starts_with_noun(text: str) -> bool:
    """Whether a clause opens with a noun, determiner or numeral (underthesea POS tags)."""
    from underthesea import pos_tag

    tags = pos_tag(" ".join(text.split()[:6]))
    return bool(tags) and tags[0][1] in NOUN_TAGS


@lru_cache(maxsize=50_000)
def _starts_with_verb(text: str) -> bool:
    """Whether a clause read on its own opens with a verb (underthesea POS tags)."""
    from underthesea import pos_tag

    tags = pos_tag(" ".join(text.split()[:6]))
    return bool(tags) and tags[0][1] in VERB_TAGS


@lru_cache(maxsize=50_000)
def _tags(text: str) -> tuple[tuple[int, str], ...]:
    """(offset, POS tag) of each word of a text (underthesea; a word can span syllables)."""
    from underthesea import pos_tag

    out, at = [], 0
    for word, tag in pos_tag(text):
        i = text.find(word, at)
        if i < 0:  # the tagger rewrote the word (spacing): keep going from where we are
            continue
        out.append((i, tag))
        at = i + len(word)
    return tuple(out)


def _and_verb_cuts(text: str) -> list[tuple[int, int]]:
    """Where "và" joins two asks ("… lựa chọn, bình xét và hoàn tất các thủ tục hồ sơ …"): a verb
    after it that takes its own object or complement (not a preposition or the end: "dân số và
    phát triển." is a noun), not a copula or passive ("được", "bị", "là"), and no bare verb right
    before it that would share its object. "và" between nouns ("cán bộ, công chức và người lao
    động") joins a list."""
    cuts = [m for m in AND_RE.finditer(text) if not text.startswith("các ", m.end())]
    if not cuts:
        return []
    tags = _tags(text)
    words = [(i, text[i : tags[k + 1][0] if k + 1 < len(tags) else len(text)].strip(), t) for k, (i, t) in enumerate(tags)]
    out = []
    for m in cuts:
        k = next((k for k, (i, _, _) in enumerate(words) if i >= m.end()), None)
        if k is None or k + 1 >= len(words):
            continue
        _, verb, tag = words[k]
        if tag not in VERB_TAGS or verb.lower() in NOT_ASK_VERBS or words[k + 1][2] in {"E", "CH", "C"}:
            continue
        if not verb[:1].islower() or text.count("“", 0, m.start()) > text.count("”", 0, m.start()):
            continue  # a name ("Ban Chỉ đạo Dân số và Phát triển") or a quoted slogan
        if verb.lower() in text[max(0, m.start() - 40) : m.start()].lower():
            continue  # a list of the same head: "giảm cung, giảm cầu và giảm tác hại", "dữ liệu A và dữ liệu B"
        if not _starts_with_verb(text[m.end() :]):
            continue  # read on its own, the second part is no verb phrase ("Thông tư số …", "lộ trình cụ thể")
        # the verbs right before "và" (over commas): "về quản lý và bảo vệ …", "việc xây dựng và phát
        # triển …", "thủ tục tiếp nhận và trả kết quả …" share the object after it; an object or
        # complement before "và" ("… lựa chọn, bình xét và hoàn tất …": bình xét is read as a noun,
        # "niêm yết công khai và tổ chức cấp phát …") closes the first ask
        j = max((j for j, (i, _, _) in enumerate(words) if i < m.start()), default=-1)
        chain = False
        while j >= 0 and (words[j][2] in {"V", "R"} or words[j][1] == ","):
            chain = chain or words[j][2] == "V"
            j -= 1
        if chain and j >= 0:
            continue
        if any(t in VERB_TAGS for i, _, t in words if i < m.start()):
            out.append((m.start(), m.end()))
    return out


def clause_spans(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Where an item holds several asks: spans (offsets from ``start``) of its clauses, cut at
    semicolons, at "… và các …" between two long parts and at "và" + a verb between two asks
    (:func:`_and_verb_cuts`); one span when it is one ask."""
    cuts = [(m.start(), m.end(), ";" if ";" in m.group(0) else "và") for m in CLAUSE_SPLIT_RE.finditer(text)]
    if " và " in text:
        taken = [(a, b) for a, b, _ in cuts]
        cuts += [(a, b, "và+V") for a, b in _and_verb_cuts(text) if not any(a < tb and ta < b for ta, tb in taken)]
    cuts.sort()
    parts: list[list[int]] = []
    seps: list[str] = []
    at = 0
    for a, b, sep in cuts:
        parts.append([at, a])
        seps.append(sep)
        at = b
    parts.append([at, len(text)])

    def words(p: list[int]) -> int:
        return len({t for t in tokenize(text[p[0] : p[1]]) if not t.startswith("~")})  # words, not syllables

    merged = [parts[0]]
    for sep, part in zip(seps, parts[1:], strict=True):
        need = {"và": MIN_CLAUSE_WORDS, "và+V": MIN_ASK_WORDS}.get(sep, MIN_ITEM_WORDS)
        # after ";" a new ask starts with a verb ("; nâng cao vai trò giám sát …"), an adverb or a
        # conjunction ("; đồng thời …"); a noun continues the list of the ask before it
        # ("Đánh giá hiện trạng sử dụng đất; nguồn gốc đất; cơ cấu sử dụng đất …")
        listed = sep == ";" and _starts_with_noun(text[part[0] : part[1]])
        if listed or words(merged[-1]) < need or words(part) < need:
            merged[-1][1] = part[1]
        else:
            merged.append(part)
    return [(start + a, start + b) for a, b in merged]


# A clause before the ask that only says what for ("Để nâng cao hiệu lực, hiệu quả quản lý nhà nước …, các Sở,
# ngành, UBND cấp xã"); one that only opens a list ("… những nội dung sau:") is :func:`_lead_in`.
PURPOSE_CLAUSE_RE = re.compile(r"^\W*(?:Để|Nhằm)\s", re.I)


def _lead_in(clause: str) -> bool:
    """A clause that only opens a list ("… triển khai thực hiện những nội dung sau:"): its entries are the asks."""
    c = clause.rstrip()
    return c.endswith(":") and opens_list(c[:-1])


def directive_items(doc_id: str, ex: Extraction, lower_level: str = "xa") -> list[DirectiveRow]:
    """The items coverage is checked on: :func:`extract_directives`, an item with several asks
    cut into one item per ask ("N2" → "N2.1", "N2.2", each with its span); a dossier stays whole.
    A clause that only opens a list or says what for is no ask (:func:`_lead_in`, :data:`PURPOSE_CLAUSE_RE`)."""
    out = []
    for r in extract_directives(doc_id, ex, lower_level):
        if r.kind not in COVERED_KINDS:
            continue  # award criteria and deadlines: in the criteria and deadlines tables, not asks
        if r.kind in (DirectiveKind.report, DirectiveKind.closing) or r.start is None or r.end is None:
            out.append(r)
            continue
        spans = clause_spans(ex.text[r.start : r.end], r.start)
        if len(spans) == 1:
            if not _lead_in(r.item_text):
                out.append(r)
            continue
        for k, (s, e) in enumerate(spans, 1):
            clause = ex.text[s:e]
            if _lead_in(clause) or (k < len(spans) and PURPOSE_CLAUSE_RE.match(clause)):
                continue  # the purpose before the ask ("Để nâng cao …, các Sở, ngành, UBND cấp xã | … sau:")
            out.append(r.model_copy(update={"item_id": f"{r.item_id}.{k}", "item_text": clause, "start": s, "end": e}))
    return out
