"""Responsibilities: who must do what, read from the TỔ CHỨC THỰC HIỆN part of a document.

Patterns handled (examples are from the seeds and the corpus):
- actor headings with tasks below: ``2. Văn phòng – Thống kê`` + ``- Đôn đốc, theo dõi …`` bullets
  or paragraphs; ``1. Trách nhiệm của Sở Văn hóa, Thể thao và Du lịch`` + ``a) Tổ chức …``;
  ``b) Đối với Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh:``;
- inline actors: ``2. Công chức Văn hóa-xã hội: Đẩy mạnh công tác tuyên truyền …`` (colon),
  ``1. Văn phòng - Thống kê có trách nhiệm theo dõi …`` (subject + verb), also when re-flow glued
  the heading to its first task: ``1. Đề nghị UBMTTQVN xã, các ban ngành và đoàn thể xã Phối hợp …``;
- requests and assignments: ``Đề nghị Mặt trận, các đoàn thể xã: Phối hợp …`` (role ``support``),
  ``5. Giao Công chức Văn phòng – Thống kê theo dõi, tổng hợp …`` (công văn), ``Yêu cầu Thủ trưởng
  các cơ quan, đơn vị nghiêm túc thực hiện …``, ``Ủy ban nhân dân xã yêu cầu các cán bộ, công chức …``;
- unit lines of a plan's task table: ``Bộ phận thực hiện: Công chức VP-TK, TP-HT, ĐC-XD, VH-XH thuộc
  UBND tham mưu thực hiện.`` / ``Bộ phận phối hợp: CC VP-TK`` (tasks = the bullets above the line);
- decision articles: ``Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ; Thủ trưởng … chịu
  trách nhiệm thi hành Quyết định này`` (the list is split into one actor per body or title);
- partners named in a task: ``phối hợp với CC. Văn hóa – xã hội và Đài truyền thanh`` and
  ``phối hợp với các ban ngành … (Văn phòng HĐND và UBND xã, Văn hóa – Xã hội, …)`` → ``support``.

Role is ``support`` for ``Đề nghị …`` (a request to a body the issuer does not command) and for an
actor whose task starts with ``phối hợp``; otherwise ``lead``. Tasks: one per line or bullet, then
one per sentence (underthesea ``sent_tokenize``). One body written several ways in a document
(``CC VP-TK``, ``Công chức VP-TK``, ``Văn phòng - Thống kê``; ``Đài tuyền thanh xã`` / ``Đài truyền
thanh``) gets one ``actor``: its clearest written form (a lead mention, fewest abbreviations, first);
``text``/``start``/``end`` always keep the exact span. ``actor_expanded`` spells out abbreviations
from ``kehoach/data/abbreviations.csv`` (data, not code).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kehoach.schemas.contract import Responsibility, Role, Section, SectionKind, section_path_at
from kehoach.schemas.document import CanonicalDocument
from kehoach.text.actors import ACTOR_HEAD_RE, expand_abbreviations, is_actor_start, unify_actors
from kehoach.text.bullets import BULLETS_RE

# Numbering of a logical line: "1.", "2.1.", "a)", "đ.", "IV." — the marker is removed before parsing.
NUMBER_RE = re.compile(
    r"^(?:(?P<arabic>\d{1,2}(?:\.\d{1,2}){0,3})\s*[.)]|(?P<letter>[a-zđ])\s*[.)]|(?P<roman>[IVX]{1,5})\s*[.)])\s*"
)
# "Điều 3." at the start of an article heading line.
ARTICLE_RE = re.compile(r"^Điều\s+\d{1,3}\s*[.:]?\s*")
# Words that open an addressee phrase and are not part of the actor's name.
PREFIX_RE = re.compile(r"^(?P<word>Đề nghị|Yêu cầu|Giao cho|Giao|Đối với|Trách nhiệm của)\s+", re.I)
# An issuer asking someone in running text: "Ủy ban nhân dân xã yêu cầu các cán bộ, công chức …".
ISSUER_ASK_RE = re.compile(r"^(?:Ủy ban nhân dân|UBND|Chủ tịch)\b[^,;:.]{0,60}?\s(?P<word>yêu cầu|đề nghị|giao)\s+")
# Where the actor phrase ends and the predicate begins (matched case-insensitively, so a heading glued
# to its first task, "… đoàn thể xã Phối hợp triển khai …", splits too). "tổ chức" is a verb only when
# no "các/những" precedes it ("các tổ chức chính trị - xã hội" is an actor).
PRED_RE = re.compile(
    r"(?<![\w-])(?:có trách nhiệm|chịu trách nhiệm|căn cứ|chủ trì|phối hợp|tham mưu|hướng dẫn|theo dõi|đôn đốc|"
    r"tăng cường|thực hiện|triển khai|(?<!các )(?<!những )(?<!, )tổ chức|thống nhất|xây dựng|phát huy|tiếp tục|chỉ đạo|phân công|"
    r"kiểm tra|tổng hợp|báo cáo|bố trí|bảo đảm|đảm bảo|quán triệt|tuyên truyền|nghiêm túc|khẩn trương|chủ động|"
    r"tích cực|thường xuyên|kịp thời|rà soát|cung cấp|giám sát|vận động|là cơ quan|nghiên cứu|đề xuất|lựa chọn|"
    r"hỗ trợ|hưởng ứng|tham gia|làm tốt|làm hồ sơ|kiện toàn|quan tâm|đẩy mạnh|ban hành|cập nhật|thẩm định|"
    r"phản ánh|nâng cao|duy trì|phát động|hoàn thành|định kỳ|tập trung|thi hành)(?![\w])"
    # a capitalised "Theo" glued to a heading: "4. Sở Khoa học và Công nghệ Theo chức năng, nhiệm vụ …"
    r"|(?-i:(?<![\w])Theo(?![\w]))",
    re.I,
)
# Nouns that begin an organisation's or a post's name; a predicate word right after one is part of the
# name ("Ban Chỉ đạo", "Trung tâm Phục vụ hành chính công", "Hội đồng thi đua khen thưởng").
NAME_HEAD_WORD_RE = re.compile(
    r"(?:^|\s)(?:Ban|Phòng|Hội đồng|Trung tâm|Tổ|Bộ phận|Văn phòng|Sở|Cục|Chi cục|Đài|Đoàn|Hội|Công chức|CC\.?|công chức|Cơ quan|cơ quan)\s*$"
)
# Partners inside a task: "phối hợp với X", "phối hợp chặt chẽ với X", "Phối hợp X".
PARTNER_RE = re.compile(r"(?<![\w])phối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+", re.I)
# A list of actors splits at ";" always, and at "," / "và" when the next piece starts a new
# capitalised name or title ("Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ").
LIST_SPLIT_RE = re.compile(
    r"\s*;\s*|\s*,\s*(?=(?:Giám đốc|Chánh|Thủ trưởng|Chủ tịch|Trưởng|Người đứng đầu|Sở|UBND|Ủy ban|Văn phòng|"
    r"Trung tâm|Công an|Ban|Phòng|Đài|Mặt trận|Bộ Chỉ huy|Kho bạc|Ngân hàng|CC\b|Công chức|[A-ZĐ]{2,}-[A-ZĐ]{2,}))"
)
PARTNER_SPLIT_RE = re.compile(r"\s*,\s*|\s+và\s+(?=[A-ZĐÂ][^\s]*\s|các\s|những\s)")
# A name cut by a line break before its dash ("CC. Văn hóa" / "– xã hội"): the next line continues it.
CONTINUED_NAME_RE = re.compile(r"\n[–-]\s*[a-zà-ỹđ]")
# Closing lines that end the part (never an actor): "Trên đây là Kế hoạch …", "Nơi nhận:".
END_RE = re.compile(r"^(?:Trên đây|Nơi nhận|\(?Đính kèm|TM\.|KT\.)", re.I)
# Unit lines of a plan's task table: "Bộ phận thực hiện: Công chức VP-TK, TP-HT" (seed 002), "Đơn vị chủ trì
# thực hiện: Các Sở, ngành, đơn vị, UBND cấp xã." / "Đơn vị phối hợp: Sở Tư pháp." (corpus 007).
UNIT_LINE_RE = re.compile(
    r"(?:^|(?<=\s))(?:Bộ phận|Đơn vị|Cơ quan)\s+(?P<label>(?:tham mưu\s+|chủ trì\s+)?(?:thực hiện|phối hợp|chủ trì)|tham mưu)"
    r"\s*:\s*(?P<rest>\S.*)$",
    re.I,
)
# The label line above unit lines, and the task label of a plan's task table (corpus 005).
UNIT_HEADER_RE = re.compile(r"^(?:[a-zđ\d]{1,2}[.)]\s*)?(?:Cơ quan|Đơn vị|Bộ phận) thực hiện\s*:?\s*$", re.I)
TASK_LABEL_RE = re.compile(r"^Nhiệm vụ\s*:\s*", re.I)
# Articles of a decision that assign duties.
DUTY_ARTICLE_RE = re.compile(
    r"trách nhiệm thi hành|chịu trách nhiệm|có trách nhiệm|tổ chức thực hiện|trách nhiệm của|\bGiao\s", re.I
)
# The TỔ CHỨC THỰC HIỆN part, also when its heading wrapped onto two lines ("VI. TỔ CHỨC" / "THỰC HIỆN");
# "trách nhiệm của" only opening a heading ("Trách nhiệm của Sở …", not "3. Nâng cao nhận thức, trách nhiệm của …").
TCTH_RE = re.compile(
    r"tổ chức\s+thực hiện|trách nhiệm\s+(?:thực hiện|thi hành)|^trách nhiệm\b|phân công\s+(?:nhiệm vụ|trách nhiệm)", re.I
)
# Generic partners that name no one ("các cơ quan, đơn vị liên quan").
GENERIC_RE = re.compile(r"liên quan|^(?:các|những)\s", re.I)
TRAILING_DANGLE_RE = re.compile(r"(?:\s(?:và|các|của|thuộc|cho|với)|,|–|-|\s\S{1,6})\s*$")
# A sentence piece that ends in an abbreviation's dot ("… phối hợp với CC.") continues in the next one.
ABBREV_END_RE = re.compile(r"(?<![\w])(?:CC|CB|VP|TT|TP|PCT|CT|Ths|TS|ThS|P)\.$")
MAX_ACTOR_WORDS = 60  # a whole list ("Chánh Văn phòng …; Giám đốc …; Thủ trưởng …"); one body stays under 30


@dataclass
class _Resp:
    actor: str
    role: Role
    start: int
    end: int
    tasks: list[str] = field(default_factory=list)
    task_spans: list[tuple[int, int]] = field(default_factory=list)
    style: str | None = None
    heading: bool = False  # actor written as a heading (kept whole, never split)
    partner: bool = False
    actor_span: tuple[int, int] = (0, 0)  # where the actor's name is written


def _predicate_at(body: str, head_end: int) -> re.Match[str] | None:
    """First predicate word after the actor's head that is not itself part of a name."""
    for m in PRED_RE.finditer(body, head_end):
        before = body[: m.start()]
        if NAME_HEAD_WORD_RE.search(before) or re.search(r"[-–]\s*$", before):
            continue
        return m
    return None


def parse_actor(body: str, numbered: bool) -> tuple[int, int, Role, bool, int] | None:
    """Parse the addressee at the start of ``body``.

    Returns (actor start, actor end, role, inline?, predicate start) as offsets in ``body``, or None.
    ``inline`` is False for a heading that is only an actor ("3. Đài tuyền thanh xã").
    """
    role = Role.lead
    pos = 0
    m = PREFIX_RE.match(body) or ISSUER_ASK_RE.match(body)
    if m:
        if m.group("word").lower() == "đề nghị":
            role = Role.support
        pos = m.end()
    rest = body[pos:]
    if not is_actor_start(rest):
        return None
    head = ACTOR_HEAD_RE.match(rest)
    head_end = pos + (head.end() if head else 1)
    colon = body.find(":", pos)
    pred = _predicate_at(body, head_end)
    if (
        numbered
        and colon < 0
        and not re.search(r"[.;]\s*$", body)
        and len(body.split()) <= 25
        and pred
        and not pred.group(0)[0].isupper()
    ):
        # "6. Đề nghị các tổ chức cung cấp dịch vụ chi trả": a heading (no final stop) is all name; only a
        # capitalised verb glued to it by re-flow ("… đoàn thể xã Phối hợp …") starts a task
        pred = next((m for m in PRED_RE.finditer(body, pred.end()) if m.group(0)[0].isupper()), None)
    if colon > pos and (not pred or colon < pred.start()) and re.match(r"(?:các|những)\s+\S+$", body[pos:colon].strip(), re.I):
        # "Giao các sở: Giao thông vận tải, …, Xây dựng đôn đốc …": the colon opens the list of members
        listed = next((m for m in PRED_RE.finditer(body, colon + 1) if m.group(0)[0].islower()), None)  # "Xây dựng" is a member
        if listed and "," in body[colon : listed.start()] and not re.search(r"[.;]", body[colon : listed.start()]):
            colon, pred = -1, listed
    ends = [e for e in (colon if colon > pos else None, pred.start() if pred else None) if e is not None]
    if ends:
        end = min(ends)
        actor = body[pos:end].rstrip(" ,;–-")
        inline = True
        pred_start = end + 1 if end == colon else end
        if end != colon and re.match(r"phối hợp", body[end:], re.I):
            role = Role.support
        elif end == colon and re.match(r"\s*phối hợp", body[colon + 1 :], re.I):
            role = Role.support
    else:
        if not numbered and not m:
            return None
        actor = body[pos:].rstrip(" .:;")
        inline = False
        pred_start = len(body)
        if body.rstrip().endswith((".", ";")) and len(actor.split()) > 12:
            return None
    words = actor.split()
    if not words or len(words) > MAX_ACTOR_WORDS or re.search(r"\.\s+\S", actor):
        return None
    return pos, pos + len(actor), role, inline, pred_start


def _split_list(text: str, offset: int) -> list[tuple[str, int, int]]:
    """'Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ; Thủ trưởng …' → one (name, start, end) each."""
    pieces, last = [], 0
    for m in [*list(LIST_SPLIT_RE.finditer(text)), None]:
        s, e = (m.start(), m.end()) if m else (len(text), len(text))
        piece = text[last:s]
        lead_ws = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            pieces.append((piece, offset + last + lead_ws, offset + last + lead_ws + len(piece)))
        last = e
    if len(pieces) > 1 and not all(is_actor_start(p) for p, _, _ in pieces):
        return [(text.strip(), offset, offset + len(text.strip()))]
    return pieces


def _sentences(s: str) -> list[str]:
    from underthesea import sent_tokenize

    out: list[str] = []
    for part in sent_tokenize(s) if len(s) > 40 else [s]:
        part = part.strip()
        if not re.search(r"\w", part):
            continue
        if out and ABBREV_END_RE.search(out[-1]):
            out[-1] = f"{out[-1]} {part}"  # "phối hợp với CC." + "Văn hóa – xã hội …" is one sentence
        else:
            out.append(part)
    return out


def _logical_lines(doc: CanonicalDocument, start: int, end: int):
    """Lines of doc between offsets, a numbered line that stops mid-phrase joined with the next one
    ("1. Đề nghị Ban Tuyên giáo và" / "Dân vận Tỉnh ủy: Ban hành …")."""
    lines = [ln for ln in doc.lines if ln.start >= start and ln.end <= end and ln.text.strip()]
    i = 0
    while i < len(lines):
        ln = lines[i]
        s, e = ln.start, ln.end
        txt = doc.text[s:e]
        body = _strip_marker(txt)[1]
        if (
            i + 1 < len(lines)
            and (NUMBER_RE.match(txt) or ARTICLE_RE.match(txt))
            and ":" not in body
            and not body.rstrip().endswith((".", ";", ":"))
            and (
                len(body.split()) <= 2
                or (TRAILING_DANGLE_RE.search(body) and re.search(r"\s(?:và|các|của|thuộc|cho|với)\s*$|,\s*$", body))
            )
            and not NUMBER_RE.match(lines[i + 1].text)
            and not BULLETS_RE.match(lines[i + 1].text)
        ):
            e = lines[i + 1].end
            i += 1
        yield s, e
        i += 1


def _strip_marker(line: str) -> tuple[str | None, str, int]:
    """(style, body, offset of body) of a line: style 'arabic', 'letter', 'roman', 'article', 'bullet' or None."""
    m = ARTICLE_RE.match(line)
    if m:
        return "article", line[m.end() :], m.end()
    m = NUMBER_RE.match(line)
    if m:
        style = "arabic" if m.group("arabic") else "letter" if m.group("letter") else "roman"
        return style, line[m.end() :], m.end()
    m = BULLETS_RE.match(line)
    if m:
        return "bullet", line[m.end() :], m.end()
    return None, line, 0


def _parse_region(doc: CanonicalDocument, start: int, end: int, mode: str, skip_until: int) -> list[_Resp]:
    """Responsibilities in doc.text[start:end]. ``mode`` "all" reads a TỔ CHỨC THỰC HIỆN part;
    "explicit" (a body without one, e.g. a công văn) accepts only addressees introduced by Giao, Đề nghị,
    Yêu cầu and numbered "actor: task" lines; "giao" (the rest of a plan) only "Giao …" lines."""
    text = doc.text
    out: list[_Resp] = []
    owner: _Resp | None = None
    prev_open = False  # the previous bullet or paragraph stopped mid-sentence (a PDF line break)
    for ls, le in _logical_lines(doc, start, end):
        if le <= skip_until:
            continue
        line = text[ls:le]
        style, body, off = _strip_marker(line)
        continuation = prev_open and style is None
        prev_open = style in (None, "bullet") and not re.search(r"[.;:!?)\]]\s*$", body)
        body_start = ls + off
        if END_RE.match(body.lstrip("( ")):
            if body.startswith("Trên đây") or body.startswith("Nơi nhận"):
                break
            owner = None
            continue
        if UNIT_LINE_RE.match(body):
            continue  # handled by _unit_lines
        numbered = style in ("arabic", "letter", "roman", "article")
        parsed = None if continuation else parse_actor(body, numbered)
        if parsed and mode != "all":
            pm = PREFIX_RE.match(body)
            word = pm.group("word").lower() if pm else ""
            explicit = word in ("đề nghị", "yêu cầu", "giao", "giao cho") or bool(ISSUER_ASK_RE.match(body))
            colon = numbered and parsed[3] and body[parsed[1] : parsed[1] + 1] == ":" and not word
            if not (word.startswith("giao") if mode == "giao" else explicit or colon):
                parsed = None
        if parsed:
            a0, a1, role, inline, pred = parsed
            actor_text = body[a0:a1]
            r = _Resp(actor=actor_text, role=role, start=body_start, end=le, style=style, heading=not inline)
            rest = body[pred:].strip()
            if rest:
                r.tasks.extend(_sentences(rest))
                r.task_spans.append((body_start + pred, le))
            r.actor_span = (body_start + a0, body_start + a1)
            out.append(r)
            if numbered or not inline:
                owner = r
            continue
        if numbered and owner is not None and style == owner.style:
            owner = None  # a sibling heading that names no one ("2. Thời gian thực hiện")
            continue
        if owner is not None and body.strip():
            owner.tasks.extend(_sentences(body))
            owner.task_spans.append((body_start, le))
            owner.end = le
    return out


def _unit_lines(doc: CanonicalDocument, start: int, end: int) -> list[_Resp]:
    """'Bộ phận thực hiện: Công chức TP-HT.' lines; tasks are the bullets above, back to a heading."""
    lines = [ln for ln in doc.lines if ln.start >= start and ln.end <= end and ln.text.strip()]
    out = []
    for i, ln in enumerate(lines):
        m = UNIT_LINE_RE.search(ln.text)
        if not m:
            continue
        glued = ln.text[: m.start()].strip()  # "… tại cơ quan Bộ phận thực hiện: …" (a PDF line glued to the last task)
        j = i - 1
        while j >= 0 and UNIT_LINE_RE.search(lines[j].text):
            j -= 1
        task_lines = []
        while j >= 0 and not UNIT_LINE_RE.search(lines[j].text):
            t = lines[j].text
            if UNIT_HEADER_RE.match(t):  # "b) Cơ quan thực hiện:" between the tasks and the unit lines
                j -= 1
                continue
            if NUMBER_RE.match(t):
                if TASK_LABEL_RE.match(_strip_marker(t)[1]) and TASK_LABEL_RE.sub("", _strip_marker(t)[1]).strip():
                    task_lines.insert(0, lines[j])  # "a) Nhiệm vụ: Tham mưu UBND Thành phố …"
                break
            task_lines.insert(0, lines[j])
            j -= 1
        role = Role.support if "phối hợp" in m.group("label").lower() else Role.lead
        rest = m.group("rest")
        rest_start = ln.start + m.start("rest")
        head = ACTOR_HEAD_RE.match(rest)
        pm = _predicate_at(rest, head.end() if head else 0)
        names = rest[: pm.start()] if pm else rest
        names = names.rstrip(" .;,")
        tasks = [t for tl in task_lines for t in _sentences(TASK_LABEL_RE.sub("", _strip_marker(tl.text)[1]))]
        if glued:
            tasks.extend(_sentences(_strip_marker(glued)[1]))
        s0 = task_lines[0].start if task_lines else ln.start
        for name, ns, ne in _split_list(names, rest_start):
            if not is_actor_start(name):
                continue
            r = _Resp(actor=name, role=role, start=s0, end=ln.end, tasks=list(tasks))
            r.actor_span = (ns, ne)
            r.task_spans = [(tl.start, tl.end) for tl in task_lines]
            out.append(r)
    return out


def _partners(doc: CanonicalDocument, resp: _Resp) -> list[_Resp]:
    """Named bodies a responsibility works with ('phối hợp với Phòng Văn hóa – Thông tin huyện và …')."""
    text = doc.text
    out = []
    for ts, te in resp.task_spans:
        while CONTINUED_NAME_RE.match(text, te):
            te = _line_end(doc, te + 1)  # "phối hợp với CC. Văn hóa" / "– xã hội và Đài truyền thanh …"
        seg = text[ts:te].replace("\n", " ")
        for m in PARTNER_RE.finditer(seg):
            after = seg[m.end() :]
            names: list[tuple[str, int]] = []
            paren = re.match(r"[^;.()]{0,160}?\(([^()]+)\)", after)
            if after[:1].islower() and paren:
                inner_start = m.end() + paren.start(1)
                for pm in re.finditer(r"[^,]+", paren.group(1)):
                    raw = pm.group(0)
                    nm = raw.strip(" *_")
                    names.append((nm, ts + inner_start + pm.start() + raw.index(nm)))
            elif after[:1].isupper():
                head = ACTOR_HEAD_RE.match(after)
                stop = re.search(r"[;:()]|(?<=[^\W\d_A-ZĐ])\.(?:\s|$)|\s(?:để|nhằm|trong|tại|về)\s", after)
                pred = _predicate_at(after, head.end() if head else 1)
                cut = min(x for x in (stop.start() if stop else len(after), pred.start() if pred else len(after), len(after)))
                phrase = after[:cut].rstrip(" ,")
                last = 0
                for sm in [*list(PARTNER_SPLIT_RE.finditer(phrase)), None]:
                    s = sm.start() if sm else len(phrase)
                    piece = phrase[last:s]
                    if piece.strip():
                        names.append((piece.strip(), ts + m.end() + last + (len(piece) - len(piece.lstrip()))))
                    last = sm.end() if sm else len(phrase)
                # "Sở Văn hóa, Thể thao và Du lịch": keep a comma list whole unless every piece is a name
                if len(names) > 1 and not all(is_actor_start(n) for n, _ in names):
                    names = [(phrase.strip(), ts + m.end())]
            for nm, ns in names:
                if not nm or not nm[0].isupper() or not is_actor_start(nm) or GENERIC_RE.search(nm):
                    continue
                if len(nm.split()) < 2 or len(nm.split()) > 15:
                    continue  # a bare "UBND" is the issuer itself
                sent = next((t for t in resp.tasks if nm in t), seg.strip())
                r = _Resp(actor=nm, role=Role.support, start=ts, end=te, tasks=[sent], partner=True)
                r.actor_span = (ns, ns + len(nm))
                out.append(r)
    return out


def _tcth_sections(doc: CanonicalDocument, sections: list[Section]) -> list[Section]:
    """Outermost sections holding TỔ CHỨC THỰC HIỆN (also when the heading wrapped onto two lines)."""
    found: list[Section] = []

    def visit(ss: list[Section]) -> None:
        for s in ss:
            wrapped = doc.text[s.heading_start : min(s.end, s.heading_end + 40)].replace("\n", " ")
            if (
                TCTH_RE.search(s.heading)
                or SectionKind.to_chuc_thuc_hien in s.kinds  # also OCR'd headings with wrong tone marks
                or (len(s.heading.split()) <= 4 and TCTH_RE.search(wrapped))
            ):
                found.append(s)
            elif s.numbering == "article" and DUTY_ARTICLE_RE.search(
                doc.text[s.heading_start : min(s.end, s.heading_start + 500)]
            ):
                found.append(s)
            else:
                visit(s.children)

    visit(sections)
    return found


def extract_responsibilities(doc: CanonicalDocument, sections: list[Section], header) -> list[Responsibility]:
    """Every responsibility in the document, in text order (see the module docstring)."""
    body_start = getattr(header, "body_start", 0) or 0
    body_end = getattr(header, "body_end", 0) or len(doc.text)
    if body_end <= body_start:
        body_end = len(doc.text)
    found: list[_Resp] = []
    regions = _tcth_sections(doc, sections)
    covered: list[tuple[int, int]] = []
    for s in regions:
        # "Điều 3. Văn phòng UBND tỉnh có trách nhiệm …": the article heading is itself a duty line.
        heading_is_title = s.numbering != "article" or bool(
            SectionKind.to_chuc_thuc_hien in s.kinds or re.search(r"trách nhiệm|tổ chức thực hiện", s.heading, re.I)
        )
        skip = _line_end(doc, s.heading_end) if heading_is_title else -1
        found.extend(_parse_region(doc, s.start, s.end, mode="all", skip_until=skip))
        if s.numbering == "article":
            found.extend(_article_sentences(doc, s, found))
        covered.append((s.start, s.end))
    # Outside those parts: explicit assignments (công văn items, "Giao …" lines anywhere).
    gaps, pos = [], body_start
    for a, b in sorted(covered):
        if a > pos:
            gaps.append((pos, a))
        pos = max(pos, b)
    if pos < body_end:
        gaps.append((pos, body_end))
    for a, b in gaps:
        found.extend(_parse_region(doc, a, b, mode="giao" if regions else "explicit", skip_until=-1))
    found.extend(_unit_lines(doc, body_start, body_end))
    partners = [p for r in found for p in _partners(doc, r)]
    found.extend(partners)

    # one entry per written actor piece
    pieces: list[tuple[_Resp, str, int, int]] = []
    for r in found:
        a0, a1 = r.actor_span
        actor = doc.text[a0:a1]
        if r.heading or r.partner:
            pieces.append((r, actor, a0, a1))
        else:
            pieces.extend((r, n, s, e) for n, s, e in _split_list(actor, a0))
    canon = unify_actors([((r.partner, r.role != Role.lead), n) for r, n, _, _ in pieces])
    out, seen = [], set()
    for i, (r, _name, a0, _a1) in enumerate(pieces):
        actor = re.sub(r"\s+", " ", canon[i]).strip(" *_")
        start, end = min(r.start, a0), r.end
        key = (actor, r.role, start, end)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            Responsibility(
                actor=actor,
                actor_expanded=expand_abbreviations(actor),
                role=r.role,
                tasks=r.tasks,
                start=start,
                end=end,
                text=doc.text[start:end],
                section=section_path_at(sections, start),
            )
        )
    out.sort(key=lambda x: (x.start, x.end))
    return out


def _line_end(doc: CanonicalDocument, offset: int) -> int:
    nl = doc.text.find("\n", offset)
    return len(doc.text) if nl < 0 else nl


def _article_sentences(doc: CanonicalDocument, s: Section, already: list[_Resp]) -> list[_Resp]:
    """Actors that open a sentence inside an article line ('… kể từ ngày ký. Chánh Văn phòng … chịu trách nhiệm thi hành')."""
    text = doc.text
    have = {r.actor_span for r in already}
    out = []
    spans = [r.actor_span for r in already]
    for m in re.finditer(r"(?<=[.]) (?=[A-ZĐÂ])", text[s.start : s.end]):
        p = s.start + m.end()
        if any(a <= p < b for a, b in spans):
            continue
        le = _line_end(doc, p)
        body = text[p:le]
        parsed = parse_actor(body, False)
        if not parsed or not parsed[3]:
            continue
        a0, a1, role, _, pred = parsed
        if (p + a0, p + a1) in have:
            continue
        r = _Resp(actor=body[a0:a1], role=role, start=p, end=le, tasks=_sentences(body[pred:].strip()))
        r.actor_span = (p + a0, p + a1)
        r.task_spans = [(p + pred, le)]
        out.append(r)
    return out
