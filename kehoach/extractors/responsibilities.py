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
  ``phối hợp với các ban ngành … (Văn phòng HĐND và UBND xã, Văn hóa – Xã hội, …)`` → ``support``;
- outside a TỔ CHỨC THỰC HIỆN part (chỉ thị, thông báo kết luận, công văn, a plan's NỘI DUNG): a list of actor
  headings (two or more in one numbering style: ``4. Sở Nông nghiệp và Môi trường`` / ``5. Sở Xây dựng``), and
  where the document has no such part numbered items that open with a body and its task (``c) Bộ Quốc phòng
  phát huy …``, ``a) Các tỉnh Nghệ An, Quảng Ngãi, Cao Bằng khẩn trương …``) and requests inside running text
  (``…, đề nghị bộ, ngành, địa phương khẩn trương tổng hợp …``; not ``Bộ Nội vụ đã có Văn bản … đề nghị …``);
- a decision's articles without a heading (no section): ``Điều 4. Chánh Văn phòng …; ban ngành thành phố và
  Chủ tịch Ủy ban nhân dân xã, phường chịu trách nhiệm thi hành Quyết định này``; the parts of a regulation
  attached to it (``Chương IV TỔ CHỨC THỰC HIỆN`` › ``2. Trách nhiệm của Sở Nội vụ``);
- appendix task tables (``task_tables``): each row's ``Cơ quan chủ trì`` is a lead, the row's task its task;
- a regulation's articles that name the body leading them (``Điều 6. Nội dung Công an tỉnh có trách nhiệm chủ trì``,
  ``Điều 12. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh``, ``2. Vụ Tổ chức cán bộ có trách nhiệm`` over its points);
- in a notice or letter, after the line that opens its directives (``Thủ tướng Chính phủ yêu cầu …, cần làm ngay:``),
  unnumbered paragraphs that open with a body and its task (``Bộ Xây dựng chỉ đạo …``), and points numbered
  ``(3)`` / ``(ii)`` (a style of their own: under ``5. Bộ trưởng Bộ Tài chính chủ trì:`` they are its tasks);
  not what was done (``đã``), not the writer's own request (``Bộ Tài chính trân trọng đề nghị …``), not a letter a
  body sent (``Hội Làm vườn có Văn bản số …``), not the notice formula (``… xin thông báo để … biết``).
The closing formula (``… yêu cầu Giám đốc sở, …, Chủ tịch … nghiêm túc thực hiện Chỉ thị này``) adds only the
addressees it names for the first time; a joint heading of bodies that have their own items adds none.
Phrase parsing (where a name ends, lists, partners) lives in ``addressees``.

Role is ``support`` for ``Đề nghị …`` and ``Khuyến khích …`` (a body the issuer does not command) and for an
actor whose task starts with ``phối hợp``; otherwise ``lead``. Tasks: one per line or bullet, then
one per sentence (underthesea ``sent_tokenize``). One body written several ways in a document
(``CC VP-TK``, ``Công chức VP-TK``, ``Văn phòng - Thống kê``; ``Đài tuyền thanh xã`` / ``Đài truyền
thanh``) gets one ``actor``: its clearest written form (a lead mention, fewest abbreviations, first);
``text``/``start``/``end`` always keep the exact span. ``actor_expanded`` spells out abbreviations
from ``kehoach/data/abbreviations.csv`` (data, not code).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from kehoach.extractors.addressees import (
    ISSUER_ASK_RE,
    PREFIX_RE,
    RELATED_TAIL_RE,
    is_closing,
    joint,
    loose_key,
    parse_actor,
    partner_names,
    predicate_at,
    related,
    restates,
    split_list,
)
from kehoach.extractors.marks import Mark
from kehoach.extractors.sections import find_attachments
from kehoach.extractors.task_tables import find_task_tables
from kehoach.schemas.contract import Responsibility, Role, Section, SectionKind, section_path_at, walk_sections
from kehoach.schemas.document import CanonicalDocument
from kehoach.text.actors import ACTOR_HEAD_RE, actor_key, expand_abbreviations, in_parentheses, is_actor_start, unify_actors
from kehoach.text.bullets import BULLETS_RE

# Numbering of a logical line: "1.", "2.1.", "a)", "đ.", "IV.", "(3)", "(ii)" — the marker is removed before parsing. "(3)"
# is a style of its own: "(1) Phối hợp …" under "5. Bộ trưởng Bộ Tài chính chủ trì:" is its task, no sibling.
NUMBER_RE = re.compile(
    r"^(?:\((?P<paren>\d{1,2}|[a-zđ]|[ivx]{1,4}|[IVX]{1,4})\)|(?P<arabic>\d{1,2}(?:\.\d{1,2}){0,3})\s*[.)]|(?P<letter>[a-zđ])\s*[.)]|(?P<roman>[IVX]{1,5})\s*[.)])\s*"
)
# "Điều 3." at the start of an article heading line.
ARTICLE_RE = re.compile(r"^Điều\s+\d{1,3}\s*[.:]?\s*")
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
    r"trách nhiệm thi hành|chịu trách nhiệm|có trách nhiệm|tổ chức thực hiện|trách nhiệm của|\bGiao\s"
    r"|căn\s+cứ\s+(?:Quyết\s+định|Nghị\s+quyết|Chỉ\s+thị)(?:\s+này)?\s+(?:để\s+)?thi\s+hành",  # "… căn cứ Quyết định thi hành./."
    re.I,
)
# The TỔ CHỨC THỰC HIỆN part, also when its heading wrapped onto two lines ("VI. TỔ CHỨC" / "THỰC HIỆN");
# not the verb with its object ("1. Về tổ chức thực hiện chức năng, nhiệm vụ được phân cấp", heldout h79; a heading in
# capitals or "Tổ chức thực hiện Kế hoạch" still is); "trách nhiệm của" only opening a heading ("Trách nhiệm của Sở …", not "3. Nâng cao nhận thức, trách nhiệm của …").
# The first letter of a word in lower case (a-z, đ and the accented vowels; "Đ", "Ủ" are capitals).
LOWER_INITIAL = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
TCTH_RE = re.compile(
    rf"tổ chức\s+thực hiện(?!\s+(?!và\s)(?-i:[{LOWER_INITIAL}]))|trách nhiệm\s+(?:thực hiện|thi hành)|^trách nhiệm\b|phân công\s+(?:nhiệm vụ|trách nhiệm)",
    re.I,
)
# A request inside running text: "…, đề nghị bộ, ngành, địa phương khẩn trương …", ". Yêu cầu các địa phương …".
# Also the writer's polite request in running text: "Bộ Tài chính trân trọng đề nghị Ủy ban nhân dân các tỉnh … chỉ đạo …"
# (heldout h68, a letter whose header the copy lost); and after the writer's name given in parentheses: "Ban chỉ
# đạo … (sau đây viết là Ban Chỉ đạo của Chính phủ) yêu cầu Chủ tịch Ủy ban nhân dân các tỉnh …" (heldout h79).
REQUEST_RE = re.compile(r"(?:^|(?<=[,.;:)]\s)|(?<=trân trọng\s))(?P<word>[Đđ]ề nghị|[Yy]êu cầu|[Gg]iao)\s+(?=\S)")
# The issuer asking, after a clause of running text: "Thực hiện chỉ đạo của …, UBND Thành phố yêu cầu các sở, ban,
# ngành … tiếp tục nghiên cứu" (at a line's start the line is read by _parse_region).
ISSUER_REQUEST_RE = re.compile(
    r"(?<=[,.;:]\s)(?:Ủy ban nhân dân|UBND|Chủ tịch)(?:\s+[^\s,;:.()]+){0,6}?\s+(?:trân\s+trọng\s+)?(?P<word>yêu cầu|đề nghị|giao)\s+(?=\S)"
)


def issuer_request_re(issuer_name: str | None) -> re.Pattern[str] | None:
    """The document's own issuer asking by its name in running text ("…hoang mang. Bộ Nội vụ trân trọng đề
    nghị Ban Tuyên giáo và Dân vận Trung ương, … chỉ đạo …": heldout h19); any other body's "đề nghị" there
    is reported speech."""
    words = (issuer_name or "").split()
    if len(words) < 2:
        return None
    name = r"\s+".join(re.escape(w) for w in words)
    # after a comma only asking, not "giao": "100% nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao cho các bộ … được
    # theo dõi" is a noun phrase
    return re.compile(
        rf"(?:(?<=[.;:]\s)(?P<sentence>)|(?<=,\s)){name}\s+(?:trân\s+trọng\s+)?"
        rf"(?P<word>yêu\s+cầu|đề\s+nghị|(?(sentence)giao|(?!)))\s+(?=\S)",
        re.I,
    )


# A conclusion's item led by its topic, then who does what: "5. Về điều chuyển số vốn dư …: Ủy ban nhân dân tỉnh
# Thanh Hóa rà soát và khẩn trương …" (heldout h18, a thông báo kết luận); "…: giao Bộ …" is a request anyway.
# Not a finding's topic: "1. Về tồn tại, hạn chế: Ban Chỉ đạo … thẳng thắn chỉ ra …", "Về kết quả đạt được: …".
TOPIC_ITEM_RE = re.compile(
    r"(?:(?:\d+(?:\.\d+)*\.|[a-zđ]\)|[-+•])\s*)?(?-i:Về)\s(?!(?:những\s+)?(?:tồn\s+tại|hạn\s+chế|kết\s+quả|nguyên\s+nhân|tình\s+hình|"
    r"đánh\s+giá|ưu\s+điểm|khó\s+khăn|bài\s+học)(?![\w]))[^:\n]{3,400}?:\s+(?P<word>)(?=\S)",
    re.I,
)
TOPIC_VERB_RE = re.compile(r"(?:giao|đề\s+nghị|yêu\s+cầu)(?![\w])", re.I)
PAST_PREDICATE_RE = re.compile(r"\s*(?:đã|đang)(?![\w])")  # "Về kết quả: Sở Y tế đã hoàn thành …": a report
# History, not a request of this document: "Bộ Nội vụ đã có Văn bản số … đề nghị …", "theo đề nghị của …".
# "theo" only right before the request word: "…: giao Bộ Nội vụ chủ trì" after "bố trí đủ biên chế theo vị trí việc làm"
# is a request of this document (heldout h18).
# The writer speaking in a paragraph ("Bộ Tài chính trân trọng đề nghị …", "Bộ … yêu cầu các đơn vị …", "… cảm ơn …"):
# the body asked is read by _requests, the writer is no actor.
WRITER_ASKS_RE = re.compile(r"(?<![\w])(?:đề\s+nghị|yêu\s+cầu|cảm\s+ơn|trân\s+trọng|kính|kiến\s+nghị|thông\s+báo)(?![\w])", re.I)
PAST_WORD_RE = re.compile(r"(?<![\w])(?:đã|đang)(?![\w])", re.I)  # "Bộ Chính trị, Ban Bí thư … đã tập trung lãnh đạo": history
PAST_CLAUSE_RE = re.compile(r"(?<![\w])(?:đã(?![\w])|theo\s*$)", re.I)
# Parts about who takes part or how they are rewarded: their numbered lines name groups, not assignees.
ASIDE_KINDS = {SectionKind.doi_tuong, SectionKind.khen_thuong, SectionKind.hinh_thuc, SectionKind.muc_dich, SectionKind.yeu_cau}
TRAILING_DANGLE_RE = re.compile(r"(?:\s(?:và|các|của|thuộc|cho|với)|,|–|-|\s\S{1,6})\s*$")
# A sentence piece that ends in an abbreviation's dot ("… phối hợp với CC.") continues in the next one.
ABBREV_END_RE = re.compile(r"(?<![\w])(?:CC|CB|VP|TT|TP|PCT|CT|Ths|TS|ThS|P)\.$")


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
    closing: bool = False  # "… yêu cầu X, Y … nghiêm túc thực hiện Chỉ thị này": the closing formula
    actor_span: tuple[int, int] = (0, 0)  # where the actor's name is written
    listed: bool = False  # a heading of a list of actor headings (its "+ Sở X: …" lines are members' tasks)
    partners: list[str] = field(default_factory=list)  # a task table row's "Cơ quan phối hợp" names


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


# (doc.lines, their starts) of the document being read: one list, not one per region (one slot,
# replaced whole: a thread reading another document recomputes, never mixes the two)
_STARTS: list[tuple | None] = [None]


def _lines_within(doc: CanonicalDocument, start: int, end: int) -> list:
    """The non-blank lines of ``doc`` inside [start, end], found by bisection over the line starts
    (a scan of every line for every region was quadratic on a long plan of many parts; issue 14)."""
    cached = _STARTS[0]
    if cached is None or cached[0] is not doc.lines:
        cached = _STARTS[0] = (doc.lines, [ln.start for ln in doc.lines])
    out = []
    for i in range(bisect_left(cached[1], start), len(doc.lines)):
        ln = doc.lines[i]
        if ln.start > end:
            break
        if ln.end <= end and ln.text.strip():
            out.append(ln)
    return out


class _Spans:
    """``x in spans``: is x inside one of the [a, b) spans? Bisection over the spans sorted by start
    with the furthest end so far (``any(a <= x < b …)`` per line was quadratic; issue 14)."""

    def __init__(self, spans) -> None:
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach, furthest = [], None
        for _, b in ordered:
            furthest = b if furthest is None else max(furthest, b)
            self.reach.append(furthest)

    def __contains__(self, x: int) -> bool:
        i = bisect_right(self.starts, x) - 1
        return i >= 0 and self.reach[i] > x


def _logical_lines(doc: CanonicalDocument, start: int, end: int):
    """Lines of doc between offsets, a numbered line that stops mid-phrase joined with the next one
    ("1. Đề nghị Ban Tuyên giáo và" / "Dân vận Tỉnh ủy: Ban hành …")."""
    lines = _lines_within(doc, start, end)
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
        ) or (
            # "3. Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ;" / "Ủy ban nhân dân các tỉnh … và các cơ quan thanh
            # tra căn cứ chức năng … khẩn trương triển khai …": a list of bodies wrapped after its ";" (heldout h111)
            i + 1 < len(lines)
            and NUMBER_RE.match(txt)
            and body.rstrip().endswith(";")
            and is_actor_start(body)
            and not predicate_at(body, 0)
            and is_actor_start(lines[i + 1].text)
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
        style = "paren" if m.group("paren") else "arabic" if m.group("arabic") else "letter" if m.group("letter") else "roman"
        return style, line[m.end() :], m.end()
    m = BULLETS_RE.match(line)
    if m:
        return "bullet", line[m.end() :], m.end()
    return None, line, 0


def _actor_heading_styles(doc: CanonicalDocument, start: int, end: int, excluded: _Spans) -> set[str]:
    """Numbering styles that head at least two actors in the region: a list of bodies, each with its tasks
    ("4. Sở Nông nghiệp và Môi trường" / "5. Sở Xây dựng" in a chỉ thị, "1. Sở Y tế" under NỘI DUNG)."""
    count: dict[str, int] = {}
    for ls, le in _logical_lines(doc, start, end):
        if ls in excluded:
            continue
        style, body, _ = _strip_marker(doc.text[ls:le])
        if style not in ("arabic", "letter", "roman"):  # "(1) Lực lượng …; (2) …" enumerates, heads no one
            continue
        parsed = parse_actor(body, True)
        if parsed and (not parsed[3] or not body[parsed[4] :].strip()):
            count[style] = count.get(style, 0) + 1
    return {k for k, v in count.items() if v >= 2}


# A line announcing what follows: "Phó Thủ tướng Chính phủ Trần Hồng Hà có ý kiến chỉ đạo như sau:".
LEAD_IN_END_RE = re.compile(r"\bnhư\s+sau\s*:\s*$")
# A line that opens the document's directives: "Thủ tướng Chính phủ yêu cầu các Bộ, … tập trung một số nhiệm vụ khẩn cấp,
# cần làm ngay:" (heldout h81); the paragraphs after it that open with a body and its task are directives too.
# The verb of such a line, lowercase (not "Ban Chỉ đạo"), with its object after it (not the part name "Mục đích, yêu cầu:").
DIRECTIVES_VERB_RE = re.compile(r"(?<!Ban )(?<![\w])(?:yêu\s+cầu|đề\s+nghị|kết\s+luận|chỉ\s+đạo)(?![\w])(?!\s*[:,])")


def _reports_or_asks(body: str, pred: int) -> bool:
    """A paragraph or point that tells what was done ("… đã tổ chức …") or speaks for the writer ("Bộ Tài chính trân trọng
    đề nghị …"), read up to just past its verb at ``pred``: no directive to the body it opens with."""
    return bool(PAST_WORD_RE.search(body, 0, pred + 8) or WRITER_ASKS_RE.search(body, 0, pred + 12))


def _prefix_word(body: str) -> str:
    """The request word that opens ``body`` ("đề nghị", "khuyến khích", "giao" …), lower case; "" when none."""
    m = PREFIX_RE.match(body)
    return m.group("word").lower() if m else ""


def _opens_directives(line: str) -> bool:
    """A line ending with ":" whose writer directs ("… yêu cầu …, cần làm ngay:", "… kết luận như sau:"); the colon is
    checked first and the verb searched once (a regex with ``.*`` after each verb was quadratic on a long line)."""
    return line.rstrip().endswith(":") and bool(DIRECTIVES_VERB_RE.search(line))


def _parse_region(
    doc: CanonicalDocument, start: int, end: int, mode: str, skip_until: int, excluded: list[tuple[int, int]] = ()
) -> list[_Resp]:
    """Responsibilities in doc.text[start:end]. ``mode`` "all" reads a TỔ CHỨC THỰC HIỆN part;
    "explicit" (a body without one, e.g. a công văn, a chỉ thị, a thông báo kết luận) accepts addressees
    introduced by Giao, Đề nghị, Yêu cầu, numbered "actor: task" lines and numbered items that open with a
    body and its task ("c) Bộ Quốc phòng phát huy …"); "giao" (the rest of a plan) only "Giao …" lines.
    In both, a list of actor headings (two or more in one numbering style) is read as in "all"."""
    text = doc.text
    spans = excluded if isinstance(excluded, _Spans) else _Spans(excluded)
    heading_styles = _actor_heading_styles(doc, start, end, spans) if mode != "all" else set()
    out: list[_Resp] = []
    owner: _Resp | None = None
    prev_open = False  # the previous bullet or paragraph stopped mid-sentence (a PDF line break)
    after_lead_in = False  # the previous line announced what follows ("… có ý kiến chỉ đạo như sau:")
    # a line before opened the directives ("… yêu cầu …, cần làm ngay:"), also the last line before the region
    before = text[max(0, start - 400) : start].rstrip().rsplit("\n", 1)[-1]
    directives = _opens_directives(before)
    for ls, le in _logical_lines(doc, start, end):
        if le <= skip_until:
            continue
        line = text[ls:le]
        lead_in, after_lead_in = after_lead_in, bool(LEAD_IN_END_RE.search(line))
        in_directives, directives = directives, directives or _opens_directives(line)
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
        numbered = style in ("arabic", "letter", "roman", "article", "paren")
        parsed = None if continuation else parse_actor(body, numbered)
        aside = ls in spans  # a part about who takes part or is rewarded
        listed = False
        if parsed and mode != "all":
            word = _prefix_word(body)
            explicit = word in ("đề nghị", "yêu cầu", "giao", "giao cho") or bool(ISSUER_ASK_RE.match(body))
            colon = numbered and parsed[3] and body[parsed[1] : parsed[1] + 1] == ":" and not word
            listed = not aside and style in heading_styles and (not parsed[3] or not body[parsed[4] :].strip())
            item = (
                not aside
                and mode == "explicit"
                and (
                    numbered
                    or (lead_in and style is None and body[parsed[1] : parsed[1] + 1] != ":")
                    or (
                        in_directives
                        and style is None
                        and body[parsed[1] : parsed[1] + 1] != ":"
                        and not _reports_or_asks(body, parsed[4])
                    )
                )
                and parsed[3]
                and bool(body[parsed[4] :].strip())
                and not word
            )  # also the paragraph a lead-in announces: "… chỉ đạo như sau:" / "Bộ Nông nghiệp và Môi trường chủ trì, …" (h64)
            # "+ Sở Xây dựng: hướng dẫn …" under a heading of such a list: a member's own task
            sub = (
                owner is not None
                and owner.listed
                and style == "bullet"
                and parsed[3]
                and body[parsed[1] : parsed[1] + 1] == ":"
                and not word
            )
            if not (word.startswith("giao") if mode == "giao" else explicit or colon or item) and not listed and not sub:
                parsed = None
        if parsed and owner is not None and style == "bullet" and _prefix_word(body) == "khuyến khích":
            parsed = None  # "- Khuyến khích các doanh nghiệp tham gia …" under "1. Sở Công Thương": the heading body's task
        if parsed and style == "paren" and _reports_or_asks(body, parsed[4]):
            parsed = None  # "(1) Sở Y tế tỉnh An Giang đã tổ chức 20 lớp …": a report, not a directive
        if parsed and owner is not None and style == "bullet" and restates(body[parsed[0] : parsed[1]], owner.actor):
            parsed = None  # "5. Các doanh nghiệp viễn thông, tổ chức, …" / "- Doanh nghiệp viễn thông, tổ chức bảo đảm …"
        if parsed:
            a0, a1, role, inline, pred = parsed
            actor_text = body[a0:a1]
            r = _Resp(actor=actor_text, role=role, start=body_start, end=le, style=style, heading=not inline)
            r.closing = is_closing(body, pred)
            rest = body[pred:].strip()
            if rest:
                r.tasks.extend(_sentences(rest))
                r.task_spans.append((body_start + pred, le))
            r.actor_span = (body_start + a0, body_start + a1)
            r.listed = listed
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
    lines = _lines_within(doc, start, end)
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
                elif not task_lines:
                    task_lines.insert(
                        0, lines[j]
                    )  # "1. Tổ chức tuyên truyền Luật …" / "- Cơ quan thực hiện: …": the item is the task
                break
            task_lines.insert(0, lines[j])
            j -= 1
        role = Role.support if "phối hợp" in m.group("label").lower() else Role.lead
        rest_start = ln.start + m.start("rest")
        rest_end = _continued_end(doc, lines, i)
        tasks = [t for tl in task_lines for t in _sentences(TASK_LABEL_RE.sub("", _strip_marker(tl.text)[1]))]
        if glued:
            tasks.extend(_sentences(_strip_marker(glued)[1]))
        s0 = task_lines[0].start if task_lines else ln.start
        for c0, c1 in _clauses(doc.text, rest_start, rest_end):
            clause = doc.text[c0:c1]
            lead = len(clause) - len(clause.lstrip())
            clause = clause.strip()
            head = ACTOR_HEAD_RE.match(clause)
            pm = predicate_at(clause, head.end() if head else 0)
            names = (clause[: pm.start()] if pm else clause).rstrip(" .;,")
            for name, ns, ne in split_list(names, c0 + lead):
                if not is_actor_start(name):
                    continue
                r = _Resp(actor=name, role=role, start=s0, end=rest_end, tasks=list(tasks))
                r.actor_span = (ns, ne)
                r.task_spans = [(tl.start, tl.end) for tl in task_lines]
                out.append(r)
    return out


def _continued_end(doc: CanonicalDocument, lines: list, i: int) -> int:
    """Where a unit line ends when a hard wrap continued it ("- Cơ quan thực hiện: Sở Nội vụ" / "chủ trì …;
    Sở Tư pháp và các" / "sở, ban, ngành … chủ động tổ chức …"): up to its full stop, a new bullet or number."""
    end = lines[i].end
    for ln in lines[i + 1 : i + 8]:
        if re.search(r"[.:]\s*$", doc.text[lines[i].start : end]) or NUMBER_RE.match(ln.text) or BULLETS_RE.match(ln.text):
            break
        if UNIT_LINE_RE.search(ln.text) or UNIT_HEADER_RE.match(ln.text):
            break
        end = ln.end
    return end


SEMICOLON_RE = re.compile(";")


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at every ";" outside parentheses: a unit line's clauses, each with its own bodies."""
    out, a = [], start
    for m in SEMICOLON_RE.finditer(text, start, end):
        if not in_parentheses(text, m.start(), start):
            out.append((a, m.start()))
            a = m.end()
    out.append((a, end))
    return [(x, y) for x, y in out if text[x:y].strip()]


def _partners(doc: CanonicalDocument, resp: _Resp) -> list[_Resp]:
    """Named bodies a responsibility works with ('phối hợp với Phòng Văn hóa – Thông tin huyện và …')."""
    out = []
    for ts, te in resp.task_spans:
        te, names = partner_names(doc.text, ts, te)
        for nm, ns in names:
            sent = next((t for t in resp.tasks if nm in t), doc.text[ts:te].replace("\n", " ").strip())
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
            elif s.numbering == "article" and (
                DUTY_ARTICLE_RE.search(doc.text[s.heading_start : min(s.end, s.heading_start + 500)])
                or _names_its_actor(s.heading)
            ):  # also "Điều 12. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh" over its items (heldout h75)
                found.append(s)
            else:
                visit(s.children)

    visit(sections)
    return found


def extract_responsibilities(doc: CanonicalDocument, sections: list[Section], header) -> list[Responsibility]:
    """Every responsibility in the document, in text order (see the module docstring)."""
    try:
        return _extract_responsibilities(doc, sections, header)
    finally:
        _STARTS[0] = None  # the document's lines are not kept past its extraction


def _extract_responsibilities(doc: CanonicalDocument, sections: list[Section], header) -> list[Responsibility]:
    body_start = getattr(header, "body_start", 0) or 0
    body_end = getattr(header, "body_end", 0) or len(doc.text)
    if body_end <= body_start:
        body_end = len(doc.text)
    found: list[_Resp] = []
    regions = _tcth_sections(doc, sections)
    covered: list[tuple[int, int]] = []
    for a, b in _duty_articles(doc, body_start, body_end):
        if any(s.start <= a < s.end for s in regions):
            continue
        # "Điều 4. Chánh Văn phòng …, Giám đốc … chịu trách nhiệm thi hành Quyết định này": an article without
        # a heading is no section, its line is the duty
        found.extend(_parse_region(doc, a, b, mode="all", skip_until=-1))
        found.extend(_article_sentences(doc, a, b, found))
        covered.append((a, b))
    for s in regions:
        # "Điều 3. Văn phòng UBND tỉnh có trách nhiệm …": the article heading is itself a duty line.
        heading_is_title = (
            s.numbering != "article"
            or bool(SectionKind.to_chuc_thuc_hien in s.kinds or re.search(r"trách nhiệm|tổ chức thực hiện", s.heading, re.I))
        ) and not _names_its_actor(s.heading)
        skip = _line_end(doc, s.heading_end) if heading_is_title else -1
        found.extend(_parse_region(doc, s.start, s.end, mode="all", skip_until=skip))
        if s.numbering == "article":
            found.extend(_article_sentences(doc, s.start, s.end, found))
        covered.append((s.start, s.end))
    # Outside those parts: explicit assignments (công văn items, "Giao …" lines anywhere), in the body and in
    # every document it promulgates after the signature (a decision's attached Kế hoạch: "1.2. Sở Tài chính")
    texts = [(body_start, body_end), *find_attachments(doc, header)]  # the body, and each document it promulgates
    gaps = []
    for lo, hi in texts:
        pos = lo
        for a, b in sorted(covered):
            if b <= lo or a >= hi:
                continue
            if a > pos:
                gaps.append((pos, a))
            pos = max(pos, b)
        if pos < hi:
            gaps.append((pos, hi))
    region_spans = {(s.start, s.end) for s in regions}  # compared field by field only when the span matches
    aside = [
        (s.start, s.end)
        for s in walk_sections(sections)
        if ASIDE_KINDS & set(s.kinds) and ((s.start, s.end) not in region_spans or s not in regions)
    ]
    mode = "giao" if regions else "explicit"
    issuer = getattr(header, "issuer", None)
    issuer_re = issuer_request_re(getattr(issuer, "name", None))
    aside_spans = _Spans(aside)
    for a, b in gaps:
        items = _parse_region(doc, a, b, mode=mode, skip_until=-1, excluded=aside_spans)
        found.extend(items)
        if mode == "explicit":  # a letter's or a conclusion's numbered directives
            found.extend(_item_sentences(doc, items))
        # beside a TỔ CHỨC THỰC HIỆN part, only the issuer's own request in running text ("…, UBND Thành phố
        # yêu cầu các sở, ban, ngành … tiếp tục …") assigns: other requests there are the parts' own wording
        found.extend(_requests(doc, a, b, found, issuer_only=mode != "explicit", issuer_re=issuer_re))
    for lo, hi in texts:
        found.extend(_unit_lines(doc, lo, hi))  # also a promulgated Kế hoạch's "- Cơ quan chủ trì: Bộ Công an." (h33)
    found.extend(_table_leads(doc))
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
            pieces.extend((r, n, s, e) for n, s, e in split_list(actor, a0))
    # "Sở Tài chính và các đơn vị có liên quan tham mưu …": the body named; the unnamed related ones are no actor
    pieces = [_without_related(*p) for p in pieces]
    # the closing formula repeats the bodies the document charged ("… yêu cầu Giám đốc sở, Thủ trưởng …, Chủ
    # tịch … nghiêm túc thực hiện Chỉ thị này"): keep only addressees it names for the first time
    charged = [loose_key(n) for r, n, _, _ in pieces if not r.closing and not r.partner]
    pieces = [p for p in pieces if not p[0].closing or not any(related(loose_key(p[1]), k) for k in charged)]
    keys = [loose_key(n) for _, n, _, _ in pieces]
    pieces = [p for p in pieces if not joint(p[1], [k for k in keys if k != loose_key(p[1])])]
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
                partners=[" ".join(p.split()) for p in r.partners],
            )
        )
    out.sort(key=lambda x: (x.start, x.end))
    return _without_partner_offices(out)


def _without_partner_offices(out: list[Responsibility]) -> list[Responsibility]:
    """An office named only as a partner ("phối hợp với Văn phòng UBND tỉnh") whose head is charged ("Chánh Văn phòng UBND
    tỉnh … chịu trách nhiệm thi hành") is one actor with its head (heldout h88, h101, h105, h116: the office has no task of
    its own): its partner rows become the head's, nothing is dropped. A body with a task of its own stays beside its head
    (gold-dev d10)."""
    leads = {actor_key(r.actor) for r in out if r.role == Role.lead}
    partner_only = {actor_key(r.actor) for r in out if r.role != Role.lead} - leads
    head_of = {actor_key(m.group("body")): r.actor for r in out if r.role == Role.lead and (m := OFFICE_HEAD_RE.match(r.actor))}
    moved = {k: head for k, head in head_of.items() if k in partner_only}
    if not moved:
        return out
    return [
        r.model_copy(update={"actor": moved[k], "actor_expanded": expand_abbreviations(moved[k])})
        if (k := actor_key(r.actor)) in moved
        else r
        for r in out
    ]


def _without_related(r: _Resp, name: str, a0: int, a1: int) -> tuple[_Resp, str, int, int]:
    m = RELATED_TAIL_RE.search(name)
    if m is None or not is_actor_start(name[: m.start()]):
        return r, name, a0, a1
    return r, name[: m.start()], a0, a0 + m.start()


def _names_its_actor(heading: str) -> bool:
    """A part headed by whose duties it lists ("Điều 7. Trách nhiệm của Văn phòng đăng ký đất đai", a regulation's
    article; heldout h47): its heading is that actor's heading line, not a title to skip."""
    parsed = parse_actor(heading, True) if OWN_DUTIES_HEADING_RE.match(heading) else None
    return bool(parsed) and not parsed[3] and not UNNAMED_BODIES_RE.match(heading[parsed[0] : parsed[1]])


# Headings that name the body whose duties follow: "Trách nhiệm của Sở …", a Quy chế phối
# hợp's "Nội dung Công an tỉnh có trách nhiệm chủ trì" and "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh".
OWN_DUTIES_HEADING_RE = re.compile(r"(?:trách nhiệm của|nội dung|đề nghị)\s", re.I)


# Bodies a heading does not name ("2. Trách nhiệm của các đơn vị" over "2.1. Sở Tài chính", "2.2. …"): a title.
UNNAMED_BODIES_RE = re.compile(
    r"^(?:các|những)\s+(?:cơ quan|đơn vị|tổ chức|cá nhân|bên|ngành|địa phương|sở|ban)"
    r"(?:\s*(?:,|và)\s*(?:cơ quan|đơn vị|tổ chức|cá nhân|bên|ngành|địa phương|sở|ban))*(?:\s+(?:có\s+)?liên quan)?$",
    re.I,
)


def _line_end(doc: CanonicalDocument, offset: int) -> int:
    nl = doc.text.find("\n", offset)
    return len(doc.text) if nl < 0 else nl


def _article_sentences(doc: CanonicalDocument, start: int, end: int, already: list[_Resp]) -> list[_Resp]:
    """Actors that open a sentence inside an article line ('… kể từ ngày ký. Chánh Văn phòng … chịu trách nhiệm thi hành')."""
    text = doc.text
    have = {r.actor_span for r in already}
    out = []
    for p in _sentence_starts(text, start, end, [r.actor_span for r in already]):
        le = _line_end(doc, p)
        body = text[p:le]
        if ARTICLE_RE.fullmatch(text[text.rfind("\n", 0, p) + 1 : p]) and _names_its_actor(body):
            continue  # "Điều 10. Trách nhiệm của …": the article's heading, read with its part
        parsed = parse_actor(body, False)
        if not parsed or not parsed[3]:
            continue
        a0, a1 = parsed[:2]
        if (p + a0, p + a1) in have:
            continue
        out.append(_sentence_resp(text, p, parsed, le))
    return out


SENTENCE_START_RE = re.compile(r"(?<=[.]) (?=[^\W\d_])")


def _sentence_starts(text: str, start: int, end: int, names: list[tuple[int, int]]) -> Iterator[int]:
    """Where a sentence inside ``text[start:end]`` opens with a capital ("… kể từ ngày ký. Chánh Văn phòng …", "….
    Ủy ban nhân dân thành phố …"), outside the names already read and not after an abbreviation's dot ("phối hợp với CC.
    Văn hóa – xã hội")."""
    for m in SENTENCE_START_RE.finditer(text, start, end):
        p = m.end()
        if (
            text[p].isupper()
            and not any(a <= p < b for a, b in names)
            and not ABBREV_END_RE.search(text, max(start, p - 6), p - 1)
        ):
            yield p


def _sentence_resp(text: str, p: int, parsed: tuple, end: int) -> _Resp:
    """The responsibility of the sentence opening at ``p`` (its actor parsed by ``parse_actor``), to ``end``."""
    a0, a1, role, _, pred = parsed
    r = _Resp(actor=text[p + a0 : p + a1], role=role, start=p, end=end, tasks=_sentences(text[p + pred : end].strip()))
    r.actor_span = (p + a0, p + a1)
    r.task_spans = [(p + pred, end)]
    return r


# The head of an office and the office ("Chánh Văn phòng UBND tỉnh" → "Văn phòng UBND tỉnh"); a Sở named as a partner keeps
# its own entry beside its Giám đốc (its partner's task is its own; review).
OFFICE_HEAD_RE = re.compile(r"^Chánh\s+(?P<body>Văn phòng\b.+)$")
# The task of a body charged in a sentence of its own inside another's directive: a directing verb first.
ITEM_SENTENCE_TASK_RE = re.compile(
    r"\s*(?:khẩn trương|chủ trì|chịu trách nhiệm|phối hợp|tập trung|chỉ đạo|tổ chức|triển khai|rà soát|hoàn thành|"
    r"báo cáo|thực hiện|theo dõi|hướng dẫn|kiểm tra|đôn đốc|xây dựng|nghiên cứu|bố trí|cung cấp|tham mưu|"
    r"có trách nhiệm|tiếp tục|sớm|kịp thời|nghiêm túc)(?![\w])"
)
# … whose name is whole and states no rule: not "Văn phòng giao dịch của", "Chánh án … không được ủy quyền cho Thẩm phán".
BAD_ITEM_ACTOR_RE = re.compile(r"(?<![\w])(?:không|thì|nếu|là|được)(?![\w])|(?<![\w])(?:của|và|tự|cùng|với|cho)\s*$")


def _item_sentences(doc: CanonicalDocument, found: list[_Resp]) -> list[_Resp]:
    """A second body charged inside a numbered directive of a letter or a conclusion, opening a sentence of its own with its task ("2. Bộ trưởng, …
    chủ trì, phối hợp … hoàn thành việc cập nhật …. UBND thành phố Đà Nẵng khẩn trương hoàn thành việc rà soát …",
    heldout h111). Not a sentence that tells what was done or speaks for the writer (``_reports_or_asks``)."""
    text = doc.text
    have = {r.actor_span for r in found}
    spans = [r.actor_span for r in found]
    out = []
    for r in found:
        if r.style not in ("arabic", "letter", "roman", "paren") or r.partner:
            continue
        for ts, te in r.task_spans:
            for p in _sentence_starts(text, ts, te, spans):
                body = text[p:te]
                parsed = parse_actor(body, False)
                if not parsed or not parsed[3] or parsed[0] != 0:
                    continue
                a0, a1, _, _, pred = parsed
                if (p + a0, p + a1) in have or _reports_or_asks(body, pred) or _prefix_word(body):
                    continue
                actor = body[a0:pred]  # the name and what stands before its verb ("… không thực hiện")
                if len(actor.split()) > 15 or BAD_ITEM_ACTOR_RE.search(actor) or not ITEM_SENTENCE_TASK_RE.match(body, pred):
                    continue  # a rule or a definition ("Văn phòng đại diện không thực hiện …"), a name cut short, no charge
                sent_end = re.search(r"[.;](?=\s|$)", body[pred:])
                x = _sentence_resp(text, p, parsed, p + pred + (sent_end.end() if sent_end else len(body) - pred))
                out.append(x)
                have.add(x.actor_span)
    return out


def _duty_articles(doc: CanonicalDocument, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of a decision's articles that charge someone ("Điều 3. Giám đốc Sở Nội vụ có trách nhiệm …")."""
    lines = [ln for ln in doc.lines if start <= ln.start < end and ARTICLE_RE.match(ln.text)]
    out = []
    for i, ln in enumerate(lines):
        stop = lines[i + 1].start if i + 1 < len(lines) else end
        if DUTY_ARTICLE_RE.search(doc.text[ln.start : min(stop, ln.start + 500)]):
            out.append((ln.start, stop))
    return out


ACTOR_WINDOW = 2000  # characters after a request word where its addressee and verb are read
TASK_END_RE = re.compile(r"[.;](?=\s|$)")  # the end of a requested task: the clause's stop
NONBLANK_RE = re.compile(r"\S")  # a task follows the verb (searched in place: no copy of the line)


def _requests(
    doc: CanonicalDocument,
    start: int,
    end: int,
    already: list[_Resp],
    *,
    issuer_only: bool = False,
    issuer_re: re.Pattern[str] | None = None,
) -> list[_Resp]:
    """Requests inside running text: "…, đề nghị bộ, ngành, địa phương khẩn trương tổng hợp …", "Yêu cầu các
    địa phương chủ động …" after a sentence (a công văn, a thông báo kết luận). Not what an earlier document
    asked ("Bộ Nội vụ đã có Văn bản số … đề nghị các Bộ, ngành …"): a clause with "đã" is history."""
    text = doc.text
    spans = [r.actor_span for r in already]
    owned = [ts for r in already for ts in r.task_spans]
    out = []
    for ls, le in _logical_lines(doc, start, end):
        if any(a < le and ls < b for a, b in owned):
            continue  # inside a task already read: "… phải hướng dẫn, yêu cầu các đơn vị có biện pháp khắc phục"
        asks = [] if issuer_only else list(REQUEST_RE.finditer(text, ls, le))
        own = list(issuer_re.finditer(text, ls, le)) if issuer_re else []
        topic = None if issuer_only else TOPIC_ITEM_RE.match(text, ls, le)
        if topic and (not is_actor_start(text[topic.end() : topic.end() + 80]) or TOPIC_VERB_RE.match(text, topic.end())):
            topic = None
        for m in sorted(
            (*asks, *ISSUER_REQUEST_RE.finditer(text, ls, le), *own, *([topic] if topic else [])), key=lambda m: m.start()
        ):
            p = m.start("word")
            if p == ls or any(a <= p < b for a, b in spans):
                continue  # a line that opens with the request is read by _parse_region
            clause = text[max(ls, p - 200) : p]
            clause = clause[max(clause.rfind(c) for c in ".;") + 1 :]
            if PAST_CLAUSE_RE.search(clause):
                continue
            # the actor and its verb are near the request word: parsed from a bounded slice (the whole
            # rest of a one-line file, parsed at every request, was quadratic; issue 14)
            body = text[p : min(le, p + ACTOR_WINDOW)]
            parsed = parse_actor(body, False)
            if not parsed or not parsed[3] or not NONBLANK_RE.search(text, p + parsed[4], le):
                continue
            a0, a1, role, _, pred = parsed
            if m is topic and (PAST_PREDICATE_RE.match(body, pred) or body[a1:pred].strip() == ":"):
                # "Về kết quả: Sở Y tế đã hoàn thành …" a report; "Về tồn tại, hạn chế: Ban Chỉ đạo … thẳng thắn chỉ
                # ra những hạn chế …:" no verb of a task before the colon
                continue
            stop = TASK_END_RE.search(text, p + pred, le)
            task_end = stop.end() if stop else le
            r = _Resp(actor=body[a0:a1], role=role, start=p, end=task_end, tasks=_sentences(text[p + pred : task_end]))
            r.closing = is_closing(body, pred)
            r.actor_span = (p + a0, p + a1)
            r.task_spans = [(p + pred, task_end)]
            out.append(r)
    return out


def _table_leads(doc: CanonicalDocument) -> list[_Resp]:
    """The "Cơ quan chủ trì" of every task-table row (ANNOTATION: an actor; the row's task is its task)."""
    out = []
    for table in find_task_tables(doc):
        for row in table.rows:
            if row.lead is None:
                continue
            cell = row.lead
            parsed = parse_actor(cell.text, True)
            names = cell.text[: parsed[1]] if parsed else cell.text
            s0 = min(cell.start, row.task.start) if row.task else cell.start
            e0 = max(cell.end, row.task.end) if row.task else cell.end
            tasks = _sentences(row.task.text) if row.task else []
            partners = [nm for nm, _, _ in split_list(row.support.text.rstrip(" .;,"), row.support.start)] if row.support else []
            for name, ns, ne in split_list(names.rstrip(" .;,"), cell.start):
                if not is_actor_start(name) or len(name.split()) > 25:
                    continue
                r = _Resp(actor=name, role=Role.lead, start=s0, end=e0, tasks=list(tasks), heading=True, partners=partners)
                r.actor_span = (ns, ne)
                out.append(r)
    return out


def responsibility_marks(responsibilities: list[Responsibility]) -> Iterator[Mark]:
    """The actor's name inside each responsibility (else its whole text), marked by its role."""
    for r in responsibilities:
        i = r.text.find(r.actor)
        s, e = (r.start + i, r.start + i + len(r.actor)) if i >= 0 else (r.start, r.end)
        yield Mark(r.role.value, s, e, r.actor_expanded or r.actor, f"{len(r.tasks)} nhiệm vụ")
