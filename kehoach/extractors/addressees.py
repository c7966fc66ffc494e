"""Addressees: where the actor phrase of a line starts and ends, and how a list of actors splits.

Real lines (seeds, dev set, trove):
- words that open an addressee and are not part of its name: ``Đề nghị``/``Yêu cầu``/``Giao (cho)``/
  ``Đối với``/``Trách nhiệm (của)`` + actor, and the issuer asking someone: ``Ủy ban nhân dân xã yêu cầu các
  cán bộ, công chức …``;
- the predicate that ends the name: ``Văn phòng - Thống kê có trách nhiệm …``, ``Bộ Quốc phòng phát huy …``,
  a capitalised verb glued by re-flow (``… đoàn thể xã Phối hợp …``), a time limit (``Giao Phó Thủ tướng … trước
  ngày 15 tháng 11 năm 2025 trực tiếp kiểm tra``); a verb right after an organisation noun is part of the name
  (``Ban Chỉ đạo``, ``Bộ Xây dựng``);
- lists: ``Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ; Thủ trưởng …`` split at ";" and before a new name or
  title (also after "và": ``… ban ngành thành phố và Chủ tịch Ủy ban nhân dân xã, phường``);
- the closing formula (``… yêu cầu Giám đốc sở, … nghiêm túc thực hiện Chỉ thị này``) and a joint heading of two
  bodies that have their own items (``Các sở, ban, ngành thành phố và Ủy ban nhân dân xã, phường``) repeat actors.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kehoach.schemas.contract import Role
from kehoach.text.actors import (
    ACTOR_HEAD_RE,
    PRED_RE,
    actor_key,
    colon_at,
    complete_name_end,
    in_parentheses,
    is_actor_start,
    predicate_at,
)

# Words that open an addressee phrase and are not part of the actor's name.
# "Khuyến khích" asks a body the plan cannot direct (heldout h72). "Nội dung" opens a regulation's article on what a body leads ("Điều 6. Nội dung Công an tỉnh có trách nhiệm
# chủ trì", a Quy chế phối hợp; heldout h75).
PREFIX_RE = re.compile(
    r"^(?P<word>Đề nghị|Khuyến khích|Yêu cầu|Giao cho|Giao|Đối với|Trách nhiệm của|Trách nhiệm|Nội dung)(?:\s*:)?\s+",
    re.I,
)
# An issuer asking someone in running text: "Ủy ban nhân dân xã yêu cầu các cán bộ, công chức …".
ISSUER_ASK_RE = re.compile(r"^(?:Ủy ban nhân dân|UBND|Chủ tịch)\b[^,;:.]{0,60}?\s(?P<word>yêu cầu|đề nghị|giao)\s+")
# The task of a closing formula addressed to everyone: carrying out the document itself ("nghiêm túc triển khai
# thực hiện", "theo chức năng, nhiệm vụ được giao tại kế hoạch này tổ chức thực hiện").
CLOSING_TASK_RE = re.compile(
    r"\s*(?:(?:có trách nhiệm|nghiêm túc|khẩn trương|tổ chức|triển khai|căn cứ chức năng[^.;]{0,40}?)\s+)*(?:triển khai\s+)?thực hiện"
    r"(?:\s+(?:nghiêm túc|tốt|có hiệu quả))?(?:\s+(?:Chỉ thị|Kế hoạch|Quyết định|Công văn|Thông báo)\s+này)?\s*(?:[.;/]|$)"
    r"|\s*theo chức năng, nhiệm vụ được giao",
    re.I,
)
# Titles that open a post in a list ("Giám đốc Sở …", "Vụ trưởng Vụ …"): read by the list's splits below.
POST_TITLES = (
    r"(?:Giám đốc|Chánh|Thủ trưởng|Chủ tịch|Trưởng|(?:Tổng |Chi )?Cục trưởng|Vụ trưởng|Viện trưởng|Hiệu trưởng|Người đứng đầu)"
)
# A list of actors splits at ";" always, and at "," / "và" when the next piece starts a new
# capitalised name or title ("Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ").
LIST_SPLIT_RE = re.compile(
    rf"\s*;\s*|\s*,\s*(?=(?:{POST_TITLES}|Sở|UBND|Ủy ban|Văn phòng|"
    r"Trung tâm|Công an|Ban|Phòng|Đài|Mặt trận|Bộ Chỉ huy|Kho bạc|Ngân hàng|CC\b|Công chức|[A-ZĐ]{2,}-[A-ZĐ]{2,}))"
)
# A post's title opening the next entry of a list: after a members list ("Giám đốc các Sở: Tài chính, Tư pháp, Chủ tịch …")
# it still starts a new entry.
POST_TITLE_RE = re.compile(rf"{POST_TITLES}\s")
# "…; ban ngành thành phố và Chủ tịch Ủy ban nhân dân xã, phường chịu trách nhiệm thi hành": a title after "và"
# starts the next addressee.
# The members of a committee are addressees of their own: "Chủ tịch Ủy ban nhân dân các xã, phường và các thành
# viên Ban Chỉ đạo tỉnh chịu trách nhiệm thi hành".
AND_TITLE_RE = re.compile(rf"\s+và\s+(?={POST_TITLES}\s|(?:các\s+)?thành\s+viên\s+[A-ZĐ])")
AND_COMMITTEE_RE = re.compile(
    r"(?<!HĐND)(?<!Hội đồng nhân dân)\s+và\s+(?=(?:Ủy ban nhân dân|UBND)\s)"
)  # not "Văn phòng HĐND và UBND xã"
# Partners inside a task: "phối hợp với X", "phối hợp chặt chẽ với X", "Phối hợp X".
PARTNER_RE = re.compile(r"(?<![\w])phối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+", re.I)
PARTNER_SPLIT_RE = re.compile(r"\s*,\s*|\s+và\s+(?=[A-ZĐÂ][^\s]*\s|các\s|những\s)")
# A name cut by a line break before its dash ("CC. Văn hóa" / "– xã hội"): the next line continues it.
CONTINUED_NAME_RE = re.compile(r"\n[–-]\s*[a-zà-ỹđ]")
# A task line cut inside a name by a hard wrap: "Phối hợp với Sở Công" / "Thương và các đơn vị liên quan …".
WRAPPED_NAME_RE = re.compile(r"(?:[Pp]hối hợp(?: với)?|,|và)\s+[A-ZĐ][^\W\d_]*(?:\s+[^\W\d_]+){1,3}$")
# The issuer named as a partner: "phối hợp UBND tỉnh, Sở Công Thương".
ISSUER_ONLY_RE = re.compile(r"^(?:UBND|Ủy ban nhân dân)\s+(?:tỉnh|thành phố|huyện|xã|phường|Tỉnh|Thành phố)$")
# Generic partners that name no one ("các cơ quan, đơn vị liên quan").
GENERIC_RE = re.compile(r"liên quan|^(?:các|những)\s", re.I)
# Words between a name and its verb that belong to the verb ("Văn phòng đăng ký đất đai không chịu trách nhiệm …",
# "Các xã cũng tổ chức …", "Sở Y tế sẽ chủ trì …"): never the end of a name.
ADVERB_TAIL_RE = re.compile(r"(?:\s+(?:không|chưa|cũng|đều|sẽ|vẫn))+$")
MEMBERS_TAIL_RE = re.compile(r",?\s+gồm(?:\s+có)?\s*:?$")
MAX_ACTOR_WORDS = 60  # a whole list ("Chánh Văn phòng …; Giám đốc …; Thủ trưởng …"); one body stays under 30


# A verb of being or having after a name: what follows describes the body (a charter's "Quỹ được hình thành
# từ …", "Giám đốc Quỹ là người điều hành …") or lists what it has ("Hội đồng quản lý Quỹ có các nhiệm vụ và
# quyền hạn sau đây:"); not inside a name ("các cơ quan có liên quan", "đơn vị được giao chủ trì").
# "tự chịu trách nhiệm" is autonomy ("Quỹ được tổ chức … tự chủ về tài chính, tự chịu trách nhiệm trước pháp luật").
OBLIGATION_RE = re.compile(r"\b(?:(?<!tự )(?:có|chịu)\s+trách\s+nhiệm|có\s+nhiệm\s+vụ|phải)\b", re.I)
DUTIES_RE = re.compile(r"(?:(?:các|những)\s+)?(?:nhiệm\s+vụ|quyền|nghĩa\s+vụ|trách\s+nhiệm|chức\s+năng)", re.I)
COPULA_RE = re.compile(
    r"(?<!chuẩn)(?<!thiết)(?<!trang)(?<!nhận)(?<!nhất)\s(?:(?P<passive>được|bị)(?!\s+(?:giao|phân\s+(?:công|cấp)|ủy\s+quyền|cử|hỗ\s+trợ|khen))"
    r"|(?P<has>có)(?!\s+(?:liên\s+quan|uy\s+tín|thẩm\s+quyền|trách\s+nhiệm|nhu\s+cầu|thành\s+tích|công|hoạt\s+động|chức\s+năng))"
    r"|(?P<is>là)(?!\s+(?:cơ\s+quan|thành\s+viên|đầu\s+mối)))(?:\s|$)"
)

# A condition inside what would be a name: a sentence of a rule, not a body ("… ngay sau khi được bầu", "… nếu …", "Các cơ
# quan, tổ chức cùng cấp thì số lượng cấp phó …": heldout h142).
CONDITION_IN_NAME_RE = re.compile(r"(?<![\w])(?:khi|nếu|thì)(?![\w])", re.I)
# The writer's notice formula: "X (xin) thông báo để / cho Y biết, thực hiện", a reply's "Cục Thuế trả lời để Thuế tỉnh …
# biết và thực hiện" charge no one by themselves.
NOTICE_FORMULA_RE = re.compile(r"\s(?:xin\s+)?(?:thông\s+báo|trả\s+lời|báo)\s+(?:để|cho)\s", re.I)
# A numbered letter a body sent: "Hội Làm vườn có Văn bản số 01/HLV …" reports it, the verb after it is no task.
WROTE_RE = re.compile(r"(?:văn\s+bản|công\s+văn|tờ\s+trình|báo\s+cáo|thông\s+báo)\s+số\b", re.I)

# The end of a heading that says what its body does ("… có trách nhiệm chủ trì", "Nội dung … phối hợp"; "2. Vụ Tổ chức
# cán bộ có trách nhiệm" over its items a), b)).
DUTY_TAIL_RE = re.compile(
    r"\s+(?:(?P<duty>(?:có|chịu)\s+trách\s+nhiệm|có\s+nhiệm\s+vụ)(?:\s+(?P<verb>chủ\s+trì|phối\s+hợp))?"
    r"|(?P<bare>chủ\s+trì|phối\s+hợp))$",
    re.I,
)


def parse_actor(body: str, numbered: bool) -> tuple[int, int, Role, bool, int] | None:
    """Parse the addressee at the start of ``body``.

    Returns (actor start, actor end, role, inline?, predicate start) as offsets in ``body``, or None.
    ``inline`` is False for a heading that is only an actor ("3. Đài tuyền thanh xã").
    """
    role = Role.lead
    pos = 0
    m = PREFIX_RE.match(body) or ISSUER_ASK_RE.match(body)
    if m:
        if m.group("word").lower() in ("đề nghị", "khuyến khích"):
            role = Role.support  # "16. Khuyến khích Đoàn Thanh niên … tỉnh tham gia …" (a plan's bodies outside the government)
        pos = m.end()
    rest = body[pos:]
    if not is_actor_start(rest):
        return None
    head = ACTOR_HEAD_RE.match(rest)
    head_end = pos + (head.end() if head else 1)
    colon = colon_at(body, pos)
    pred = predicate_at(body, head_end)
    if (
        numbered
        and not (m and m.group("word").lower().startswith("giao"))  # "Giao X …" always carries a task
        and colon < 0
        and not re.search(r"[.;]\s*$", body)
        and len(body.split()) <= 25
        and pred
        and not pred.group(0)[0].isupper()
    ):
        # "6. Đề nghị các tổ chức cung cấp dịch vụ chi trả": a heading (no final stop) is all name; only a
        # capitalised verb glued to it by re-flow ("… đoàn thể xã Phối hợp …") starts a task
        pred = next((m for m in PRED_RE.finditer(body, pred.end()) if m.group(0)[0].isupper()), None)
    if (
        colon > pos
        and (not pred or colon < pred.start())
        and re.search(
            r"(?:^|;\s*|(?:Giám đốc|Thủ trưởng|Chủ tịch|Bộ trưởng|Lãnh đạo)\s+)(?:các|những)\s+\S+(?:,\s*\S+(?:\s+\S+)?)?$",
            body[pos:colon].strip(),
            re.I,
        )
    ):
        # "Giao các sở: Giao thông vận tải, …, Xây dựng đôn đốc …", "8. Các Bộ, cơ quan: Tài chính, Xây dựng, …,
        # Tập đoàn Điện lực Việt Nam theo chức năng … rà soát" (heldout h26): the colon opens the list of members
        listed = next((m for m in PRED_RE.finditer(body, colon + 1) if m.group(0)[0].islower()), None)  # "Xây dựng" is a member
        members = body[colon : listed.start()] if listed else ""
        # "Chánh Văn phòng …; Giám đốc các Sở: Tài chính, Tư pháp; Thủ trưởng …; Chủ tịch … chịu trách nhiệm thi hành"
        # (heldout h85): the posts after a semicolon are names too
        if (
            listed
            and "," in members
            and "." not in members
            and not PRED_RE.match(members[1:].strip())  # "UBND các xã, phường: Phối hợp với …" is a task (heldout h03)
            and all(is_actor_start(p.strip()) for p in members.split(";")[1:])
        ):
            colon, pred = -1, listed
    ends = [e for e in (colon if colon > pos else None, pred.start() if pred else None) if e is not None]
    if ends:
        end = min(ends)
        actor = ADVERB_TAIL_RE.sub("", body[pos:end].rstrip(" ,;–-"))  # "… đất đai không | chịu trách nhiệm …"
        inline = True
        pred_start = end + 1 if end == colon else end
        if end != colon and re.match(r"phối hợp", body[end:], re.I):
            role = Role.support
        elif end == colon and re.match(r"\s*phối hợp", body[colon + 1 :], re.I):
            role = Role.support
    if not ends:
        if not numbered and not m:
            return None
        actor = body[pos:].rstrip(" .:;")
        tail = DUTY_TAIL_RE.search(actor)
        if (
            tail
            and (tail.group("duty") or (m and m.group("word").lower() == "nội dung"))
            and is_actor_start(actor[: tail.start()])
        ):
            # "Nội dung Công an tỉnh có trách nhiệm chủ trì": the body, and whether it leads or supports
            verb = tail.group("verb") or tail.group("bare") or ""
            role = Role.support if verb.lower().startswith("phối") else role
            actor = actor[: tail.start()]
        inline = False
        pred_start = len(body)
        if body.rstrip().endswith((".", ";")) and len(actor.split()) > 12:
            return None
    cop = COPULA_RE.search(body, head_end - 1, pos + len(actor) + 30)
    if cop and cop.start() >= pos + len(actor):
        cop = None
    if cop and re.search(r"[,;]", body[pos : cop.start()]):
        cop = None  # a list of names
    if cop and OBLIGATION_RE.search(body, cop.end()):
        if cop.group("is"):
            # "Giám đốc Quỹ là người điều hành …, chịu trách nhiệm trước …": the name stands before "là"
            return pos, cop.start(), role, True, cop.start() + 1
        cop = None  # "Các cơ quan được lấy ý kiến có trách nhiệm …": a relative clause of the name
    if cop and cop.group("has") and WROTE_RE.match(body, cop.end()):
        return None  # "(2) Hội Làm vườn có Văn bản số 01/HLV ngày 30/7/2024 báo cáo …": what a body wrote (heldout h61)
    if cop and cop.group("has") and not (ends and min(ends) == colon and DUTIES_RE.match(body, cop.end())):
        # "Doanh nghiệp có hạ tầng mạng viễn thông | có trách nhiệm …": a relative clause of the name;
        # "đề nghị các cơ quan xác định có phương án …:" a verb the predicates do not know, no duties
        cop = None
    if cop and cop.group("has"):
        # "Hội đồng quản lý Quỹ có các nhiệm vụ và quyền hạn sau đây:": the body has what follows
        actor, inline, pred_start = body[pos : cop.start()], True, cop.start() + 1
    elif cop:
        return None  # "Quỹ được tổ chức và hoạt động theo nguyên tắc", "Giám đốc Quỹ là người điều hành …": no task
    words = actor.split()
    if CONDITION_IN_NAME_RE.search(actor):
        return None  # "Cấp ủy khóa mới nhận sự bàn giao …, điều hành công việc ngay sau khi được bầu …": a provision
    if NOTICE_FORMULA_RE.search(actor):
        return None  # "Văn phòng Trung ương Đảng xin thông báo để các cơ quan có liên quan biết, thực hiện" (heldout h74)
    words = actor.split()
    if not words or re.search(r"\.\s+\S", actor) or MEMBERS_TAIL_RE.search(actor):
        return None  # "Hội đồng Khen thưởng - kỷ luật, gồm có:" lists who sits on a body, it charges no one (heldout h60)
    if len(words) > MAX_ACTOR_WORDS and not _long_list(actor):
        return None
    cut = complete_name_end(actor)
    if cut is not None:
        # a verb the predicate words do not know after a whole name: "UBND các xã, phường niêm yết công khai …"
        actor, inline, pred_start = actor[:cut], True, pos + cut + 1
    return pos, pos + len(actor), role, inline, pred_start


def _long_list(actor: str) -> bool:
    """A list of bodies longer than :data:`MAX_ACTOR_WORDS` words, each of them a name ("Chánh Văn phòng Ủy ban nhân
    dân tỉnh; Giám đốc Sở …; … Giám đốc các Chi nhánh Văn phòng đăng ký đất đai và các tổ chức, cá nhân có liên
    quan": a decision's execution article, heldout h47), not a sentence."""
    pieces = split_list(actor, 0)
    return len(pieces) > 2 and all(len(p.split()) <= MAX_ACTOR_WORDS // 2 for p, _, _ in pieces)


# A list opened by a post with no body after it is an elliptical joint phrase, one actor: "Bộ trưởng, Thủ trưởng cơ quan ngang bộ,
# Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các tỉnh …" (the minister of each ministry; heldout
# h13, h33, as gold-dev keeps a joint actor).
BARE_TITLE_RE = re.compile(
    r"(?:(?:các|những)\s+)?(?:đồng chí\s+)?(?:Bộ trưởng|Thứ trưởng|Thủ trưởng|Giám đốc|Chủ tịch|Phó Chủ tịch|Trưởng)",
    re.I,
)


def split_list(text: str, offset: int) -> list[tuple[str, int, int]]:
    """'Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ; Thủ trưởng …' → one (name, start, end) each."""
    pieces, last = [], 0
    cuts = sorted([*LIST_SPLIT_RE.finditer(text), *AND_TITLE_RE.finditer(text)], key=lambda m: m.start())
    for m in [*cuts, None]:
        if m is not None and (m.start() < last or in_parentheses(text, m.start())):
            continue  # overlapping, or inside parentheses: "Các cơ quan đăng ký đầu tư (Sở Tài chính, Ban quản lý …)"
        if (
            m is not None
            and m.group(0).strip() == ","
            and colon_at(text[last : m.start()], 0) >= 0
            and not POST_TITLE_RE.match(text, m.end())
        ):
            continue  # the members after a colon: "Bộ trưởng các Bộ: Quốc phòng, Công an, …; Chủ tịch …"
        s, e = (m.start(), m.end()) if m else (len(text), len(text))
        piece = text[last:s]
        lead_ws = len(piece) - len(piece.lstrip())
        piece = piece.strip()
        if piece:
            pieces.append((piece, offset + last + lead_ws, offset + last + lead_ws + len(piece)))
        last = e
    if len(pieces) > 1 and (not all(is_actor_start(p) for p, _, _ in pieces) or BARE_TITLE_RE.fullmatch(pieces[0][0])):
        return [(text.strip(), offset, offset + len(text.strip()))]
    return pieces


def is_closing(body: str, pred: int) -> bool:
    """A request whose task is carrying out the document itself (the closing formula)."""
    m = PREFIX_RE.match(body) or ISSUER_ASK_RE.match(body)
    return bool(m and m.group("word").lower() in ("yêu cầu", "giao", "đề nghị") and CLOSING_TASK_RE.match(body[pred:]))


@lru_cache(maxsize=8192)  # compared pairwise when actors are merged: computed once per name
def loose_key(actor: str) -> str:
    return re.sub(r"\b(?:của|các|những|thuộc|có liên quan|liên quan)\b\s*", "", actor_key(actor)).strip(" ,")


def related(a: str, b: str) -> bool:
    return len(a) >= 6 and len(b) >= 6 and (a in b or b in a)


def restates(actor: str, owner: str) -> bool:
    """A bullet's subject that repeats (part of) the heading's actor it sits under."""
    a, o = actor_key(actor), actor_key(owner)
    return len(a) >= 6 and o.startswith(a)


def joint(actor: str, others: list[str]) -> bool:
    """'Các sở, ban, ngành thành phố và Ủy ban nhân dân xã, phường' when both have their own items: a joint
    heading repeats them ("Văn phòng HĐND và UBND xã", one body, never splits)."""
    m = AND_COMMITTEE_RE.search(actor)
    if not m:
        return False
    left, right = loose_key(actor[: m.start()]), loose_key(actor[m.end() :])
    return all(any(k == o or related(k, o) for o in others) for k in (left, right))


# "… tham mưu Ủy ban nhân dân tỉnh" right before "phối hợp": who works with the partner is the body advised.
ADVISED_BEFORE_RE = re.compile(r"tham\s+mưu\s+(?:cho\s+)?(?:Ủy ban nhân dân|UBND|Chủ tịch)[^,;.:()]{0,40}?\s*$", re.I)


# An actor's tail naming no one: "… và các đơn vị có liên quan", "…, các cơ quan, đơn vị liên quan", "… và các
# bộ, cơ quan liên quan".
RELATED_TAIL_RE = re.compile(
    r"(?:\s*,\s*|\s+(?:và|cùng)\s+)(?:các|những)\s+(?:cơ quan|đơn vị|tổ chức|địa phương|ngành|sở, ngành|bộ, ngành|bộ)"
    r"(?:\s*,\s*(?:cơ quan|đơn vị|tổ chức|địa phương|cá nhân))*\s+(?:có\s+)?liên\s+quan\s*$"
)


def partner_names(text: str, ts: int, te: int) -> tuple[int, list[tuple[str, int]]]:
    """Bodies named after "phối hợp (với)" in text[ts:te] ("phối hợp với Phòng Văn hóa – Thông tin huyện và Đài …",
    "phối hợp với các ban ngành … (Văn hóa – Xã hội, Tài chính – Kế toán)"): (end of the span read, [(name, start)]).
    A name cut by a line break continues on the next line ("CC. Văn hóa" / "– xã hội", "Sở Công" / "Thương")."""
    out: list[tuple[str, int]] = []
    while CONTINUED_NAME_RE.match(text, te) or (
        WRAPPED_NAME_RE.search(text, max(ts, te - 30), te) and re.match(r"\n[A-ZĐ][^\W\d_]*\s", text[te:])
    ):
        nl = text.find("\n", te + 1)
        te = len(text) if nl < 0 else nl  # "phối hợp với CC. Văn hóa" / "– xã hội và Đài truyền thanh …"
    seg = text[ts:te].replace("\n", " ")
    for m in PARTNER_RE.finditer(seg):
        if ADVISED_BEFORE_RE.search(seg, 0, m.start()):
            continue  # "tham mưu Ủy ban nhân dân tỉnh phối hợp Bộ Y tế …": the advised body's partner (heldout h22)
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
            pred = predicate_at(after, head.end() if head else 1)
            cut = min(x for x in (stop.start() if stop else len(after), pred.start() if pred else len(after), len(after)))
            phrase = after[:cut].rstrip(" ,")
            whole = complete_name_end(phrase)
            if whole is not None:
                phrase = phrase[:whole]  # "phối hợp với Bộ Khoa học và Công nghệ quản lý, kiểm tra …" (heldout h124)
            related = RELATED_TAIL_RE.search(phrase)
            if related and is_actor_start(phrase[: related.start()]):
                phrase = phrase[: related.start()]  # "Bộ Tài chính và các bộ, cơ quan liên quan": the named one
            last = 0
            for sm in [*list(PARTNER_SPLIT_RE.finditer(phrase)), None]:
                s = sm.start() if sm else len(phrase)
                piece = phrase[last:s]
                if piece.strip():
                    names.append((piece.strip(), ts + m.end() + last + (len(piece) - len(piece.lstrip()))))
                last = sm.end() if sm else len(phrase)
            # "Sở Văn hóa, Thể thao và Du lịch", "UBND các xã, phường": a piece that names no one continues
            # the name before it
            merged: list[tuple[str, int]] = []
            for nm, ns in names:
                if merged and not is_actor_start(nm):
                    ps = merged[-1][1]
                    merged[-1] = (seg[ps - ts : ns - ts + len(nm)], ps)
                else:
                    merged.append((nm, ns))
            names = merged
        for nm, ns in names:
            if not nm or not nm[0].isupper() or not is_actor_start(nm) or GENERIC_RE.search(nm):
                continue
            if len(nm.split()) < 2 or len(nm.split()) > 15 or ISSUER_ONLY_RE.match(nm):
                continue  # a bare "UBND", "UBND tỉnh": the issuer itself
            out.append((nm, ns))
    return te, out
