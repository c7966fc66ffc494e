"""Actor names: which phrases name a body or a post, their abbreviations, and one key per body.

- heads: a phrase names an actor when it starts with an organisation, post or group noun
  (``Phòng Nội vụ``, ``Công chức Văn hóa-xã hội``, ``các ban ngành``, ``TP-HT``), never with a verb
  that shares its first syllable (``Tổ chức …``, ``Ban hành …``, ``Báo cáo …``, ``Hội nghị …``);
- abbreviations come from ``kehoach/data/abbreviations.csv`` (data, loaded once): ``CC VP-TK`` →
  ``Công chức Văn phòng – Thống kê``, ``UBMTTQVN`` → ``Ủy ban Mặt trận Tổ quốc Việt Nam``;
- one key per body across spellings (``CC VP-TK`` = ``Công chức VP-TK`` = ``Văn phòng - Thống kê``;
  ``Đài tuyền thanh xã`` ≈ ``Đài truyền thanh``; ``Phòng Văn hóa – Thông tin huyện`` = ``Phòng Văn hoá - Thông
  tin``), so a document's actor table has one row per body.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from importlib import resources

from kehoach.text.forms import similar
from kehoach.text.units import UNIT_WORD_PATTERN

# The predicate words that end an actor phrase (PRED_RE, below; an actor head "Tỉnh" needs one right after it).
PRED_WORDS = (
    r"có trách nhiệm|chịu trách nhiệm|căn cứ|chủ trì|phối hợp|tham mưu|hướng dẫn|theo dõi|đôn đốc|"
    r"tăng cường|thực hiện|triển khai|(?<!các )(?<!những )(?<!, )tổ chức|thống nhất|xây dựng|phát huy|tiếp tục|chỉ đạo|phân công|"
    r"kiểm tra|tổng hợp|báo cáo|bố trí|bảo đảm|đảm bảo|quán triệt|tuyên truyền|nghiêm túc|khẩn trương|chủ động|"
    r"tích cực|thường xuyên|kịp thời|rà soát|cung cấp|giám sát|vận động|là cơ quan|nghiên cứu|đề xuất|lựa chọn|"
    r"hỗ trợ|hưởng ứng|tham gia|làm tốt|làm hồ sơ|kiện toàn|quan tâm|đẩy mạnh|ban hành|cập nhật|thẩm định|"
    r"phản ánh|nâng cao|duy trì|phát động|hoàn thành|định kỳ|tập trung|thi hành|đẩy nhanh|hoàn thiện|quyết liệt|"
    r"làm việc|đăng ký|xem xét|tiến hành|(?-i:cần|phải|sớm)|trực tiếp|trước ngày|theo chức năng|trong quá trình|nắm bắt|"
    r"làm chủ|huy động|(?-i:tiếp thu|đổi mới)(?! sáng tạo)|"
    # "Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương lãnh đạo, chỉ đạo …" (heldout h74); not "tập thể lãnh đạo"
    # nor "Lãnh đạo UBND tỉnh"
    r"(?<!tập thể )(?-i:lãnh đạo(?!\s+[A-ZĐ]))"
)
# Actor heads: a phrase is an actor only when it starts with one of these (after "các", "những" …).
# Negative look-aheads keep verbs and common nouns out ("Tổ chức …", "Ban hành …", "Báo cáo …").
ACTOR_HEAD_RE = re.compile(
    r"^(?:(?:[Cc]ác|[Nn]hững|[Tt]oàn thể|[Tt]ất cả|[Mm]ỗi)\s+)?(?:[Đđ]ồng chí\s+(?=[A-ZĐ]))?(?:"
    r"Ủy ban|Uỷ ban|UB(?:ND|MTTQ\w*)?\b|Mặt trận|MTTQ\w*|HĐND|Hội đồng|Thường trực|Thường vụ|Ban(?! hành)|Phòng(?![,\s]+chống| ngừa)|"
    r"Sở|Văn phòng|VP\b|Đài|Trung tâm|Công an|Bộ Chỉ huy|Ban Chỉ huy|Chỉ huy|Quân sự|Hội(?! nghị| thi| thảo| diễn)|"
    r"Liên đoàn|Liên hiệp|Đoàn(?! kết| viên)|đoàn thể|Tỉnh đoàn|Huyện đoàn|Tỉnh ủy|Huyện ủy|Thành ủy|Đảng ủy|[Cc]ấp (?:ủy|uỷ)(?! viên)|Chi bộ|Bí thư|"
    # "Cấp ủy, chính quyền Thành phố phải …", "Chính quyền địa phương các cấp …" (heldout h71)
    r"[Cc]hính quyền(?=\s+(?:địa phương|cơ sở|các cấp|cấp|xã|phường|tỉnh|thành phố|Thành phố)(?![\w]))|"
    r"Chủ tịch|Phó Chủ tịch|Giám đốc|Phó Giám đốc|Chánh|Trưởng(?! thành)|Phó Trưởng|Thủ trưởng|Hiệu trưởng|[Nn]gười đứng đầu|"
    r"Phó Thủ tướng|Bộ trưởng|Thứ trưởng|bộ,\s*(?:cơ quan\s+)?(?:ngang bộ|ngành)|"
    # a province or city by name: "Các tỉnh Nghệ An, Quảng Ngãi", "Thành phố Hà Nội và các tỉnh Bắc Ninh"
    r"(?:[Tt]ỉnh|[Tt]hành phố)(?=\s+[A-ZĐ])|"
    # the province a central conclusion speaks to, by its capitalized common name: "7. Về dự án …: Tỉnh thực
    # hiện theo chỉ đạo …" (heldout h26)
    rf"Tỉnh(?=\s+(?i:{PRED_WORDS})(?![\w]))|"
    r"Công chức|CC\b\.?|cán bộ|CB\b|CBCC\w*|viên chức|người lao động|người hoạt động|Bộ phận|Tổ(?! chức| quốc)|Kho bạc|Chi cục|"
    r"Cục|Vụ(?=\s+[A-ZĐ])|Vụ trưởng|Bộ(?! máy| phận)|Chi nhánh|Bưu điện|Báo(?! cáo)|Cổng thông tin|Trường(?! hợp)|Bệnh viện|Viện|Tòa án|Thanh tra|"
    r"Ngân hàng|ngân hàng|Công ty|Tổng công ty|Tập đoàn|[Dd]oanh nghiệp|cơ quan|đơn vị|địa phương|ban ngành|ngành|sở|thôn|ấp|khu phố|tổ dân phố|Hợp tác xã|"
    r"Lực lượng|Hạt Kiểm lâm|Trạm|Hiệp hội|Quỹ|Tổ công tác|tổ chức(?!\s+(?:thực hiện|triển khai|thi hành))|hội|thành viên|"
    # the tax offices renamed in 2025 ("Thuế tỉnh Đắk Lắk", "Thuế cơ sở 3"), the social insurance of a place
    r"Thuế(?=\s+(?:tỉnh|thành phố|Thành phố|cơ sở)(?![\w]))|Bảo hiểm xã hội"
    r")(?![\w])",
)
# Old-style tone placement folds to the new one when names are compared ("Văn hoá" = "Văn hóa").


@cache
def load_abbreviations() -> tuple[tuple[str, str, str], ...]:
    """(abbreviation, expansion, kind) rows of ``kehoach/data/abbreviations.csv``, longest first."""
    text = resources.files("kehoach").joinpath("data/abbreviations.csv").read_text(encoding="utf-8")
    rows = [(r["abbreviation"].strip(), r["expansion"].strip(), r["kind"].strip()) for r in csv.DictReader(text.splitlines())]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@cache
def _abbreviation_re() -> re.Pattern[str]:
    alts = "|".join(re.escape(a) for a, _, _ in load_abbreviations())
    # "CC." keeps its dot out of the name; case-sensitive: "CC" is an abbreviation, "cc" is not.
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])\.?")


def expand_abbreviations(s: str) -> str:
    """'CC VP-TK' → 'Công chức Văn phòng – Thống kê'; 'UBMTTQVN xã' → 'Ủy ban Mặt trận Tổ quốc Việt Nam xã'."""
    table = {a: e for a, e, _ in load_abbreviations()}
    return (
        _abbreviation_re()
        .sub(lambda m: table[m.group(0).rstrip(".")] + (" " if m.group(0).endswith(".") else ""), s)
        .replace("  ", " ")
        .strip()
    )


def _count_abbreviations(s: str) -> int:
    return len(_abbreviation_re().findall(s))


@cache
def _post_names() -> tuple[str, ...]:
    """Folded names of posts and bodies from the data ('văn hóa-xã hội', 'vp-tk' …): they head actors too."""
    out = set()
    for a, e, kind in load_abbreviations():
        if kind in ("post", "unit", "group"):
            out.add(fold(a))
            if kind == "post":
                out.add(fold(e))
    return tuple(sorted(out, key=len, reverse=True))


def fold(s: str) -> str:
    """Key for comparing names: lower case, one dash, no spacing around it. Document text is already
    canonical (normalization) and so are the data tables (a test checks it): no tone folding here."""
    s = s.lower()
    s = re.sub(r"\s*[-–—]\s*", "-", s)
    s = re.sub(r"[*_“”\"']", "", s)
    return re.sub(r"\s+", " ", s).strip(" .,;:")


def is_actor_start(s: str) -> bool:
    """True when the phrase begins with an organisation, post or group ('Phòng Nội vụ', 'TP-HT')."""
    s = s.lstrip("*( ")
    if ACTOR_HEAD_RE.match(s):
        return True
    f = fold(re.sub(r"^(?:các|những)\s+", "", s, flags=re.I))
    return any(f.startswith(p) and (len(f) == len(p) or not f[len(p)].isalnum()) for p in _post_names())


# The communes as a whole, however a document lists their kinds (folded text): "các xã, phường", "xã, phường,
# đặc khu", "phường, xã", "cấp xã".
COMMUNES_RE = re.compile(r"(?<![\w])(?:(?:các\s+)?(?:xã|phường)(?:,\s*(?:xã|phường|thị trấn|đặc khu))+|cấp xã)(?![\w])")


def actor_key(actor: str) -> str:
    """Identity of an actor across spellings: expanded, folded, without 'công chức', level or 'thuộc …'."""
    k = fold(expand_abbreviations(actor))
    k = re.sub(r"\([^)]*\)", "", k)
    k = re.sub(r"^(?:các|những)\s+", "", k)
    k = re.sub(r"^(?:công chức|cán bộ|cc)\.?\s+(?![,\s])(?!công chức|viên chức)", "", k)
    k = re.sub(r"\s+thuộc\s.*$", "", k)
    k = COMMUNES_RE.sub("cấp xã", k)  # "UBND các xã, phường" = "UBND xã, phường" = "UBND cấp xã"
    k = re.sub(rf"\s+(?:{UNIT_WORD_PATTERN})$", "", k)
    return re.sub(r"\s+", " ", k).strip()


def _opens_joint(short: str, long: str) -> bool:
    """A joint phrase keyed to its first body (heldout NOTES 18): "Thường trực Hội đồng nhân dân tỉnh, các Ban của Hội
    đồng nhân dân tỉnh, … và đại biểu …" is the body "Thường trực Hội đồng nhân dân tỉnh" named as a partner elsewhere;
    "Các Sở, ban, ngành, UBND cấp xã" is "Các sở, ban, ngành" (h12), "Bộ trưởng các Bộ, Thủ trưởng cơ quan ngang bộ, …"
    is "Bộ trưởng các Bộ" (h13)."""
    rest = long[len(short) :]  # the short key lost its level word ("… nhân dân tỉnh" → "… nhân dân")
    return long.startswith(short) and re.match(rf"(?:\s+(?:{UNIT_WORD_PATTERN}))?\s*(?:,|;|\svà\s)", rest) is not None


def unify_actors(resps: list[tuple[tuple[bool, bool], str]]) -> dict[int, str]:
    """index → canonical name for (rank, name) pairs, grouping spellings of one body. ``rank`` is
    (is a partner?, is not lead?): the clearest name is a lead's, with the fewest abbreviations, first."""
    groups: list[list[int]] = []
    keys: list[str] = []
    own = [actor_key(name) for _, name in resps]
    for i, k in enumerate(own):
        for g, gk in zip(groups, keys, strict=True):
            if k == gk or (min(len(k), len(gk)) >= 8 and (similar(k, gk, 0.92) or _opens_joint(k, gk) or _opens_joint(gk, k))):
                g.append(i)
                break
        else:
            groups.append([i])
            keys.append(k)
    out = {}
    for g in groups:
        # a joint phrase goes under its first body's own name ("Thường trực Hội đồng nhân dân tỉnh", NOTES 18)
        joint = {i for i in g if any(_opens_joint(own[j], own[i]) for j in g if own[j] != own[i])}
        best = min(g, key=lambda i: (i in joint, resps[i][0], _count_abbreviations(resps[i][1]), i))
        for i in g:
            out[i] = resps[best][1]
    return out


# Where the actor phrase ends and the predicate begins (matched case-insensitively, so a heading glued
# to its first task, "… đoàn thể xã Phối hợp triển khai …", splits too). "tổ chức" is a verb only when
# no "các/những" precedes it ("các tổ chức chính trị - xã hội" is an actor).
PRED_RE = re.compile(
    rf"(?<![\w-])(?:{PRED_WORDS})(?![\w])"
    # a capitalised "Theo" glued to a heading: "4. Sở Khoa học và Công nghệ Theo chức năng, nhiệm vụ …"
    r"|(?-i:(?<![\w])Theo(?![\w]))",
    re.I,
)
# "… Bộ" / "… Sở" closing a name: the words of a ministry's or a department's own name are capitalised ("Bộ Xây dựng").
MINISTRY_END_RE = re.compile(r"(?<![\w])(?:Bộ|Sở)\s*$")
# Nouns that begin an organisation's or a post's name; a predicate word right after one is part of the
# name ("Ban Chỉ đạo", "Trung tâm Phục vụ hành chính công", "Hội đồng thi đua khen thưởng").
NAME_HEAD_WORD_RE = re.compile(
    r"(?:^|\s)(?:Ban|Phòng|Hội đồng|Trung tâm|Tổ|Bộ phận|Văn phòng|Sở|Bộ|Cục|Vụ|Chi cục|Đài|Đoàn|Hội|Công chức|CC\.?|công chức|Cơ quan|cơ quan)\s*$"
)


def in_parentheses(text: str, pos: int, start: int = 0) -> bool:
    """Is pos inside a parenthesis opened before it (counted from start)?"""
    return text.count("(", start, pos) > text.count(")", start, pos)


def colon_at(body: str, pos: int = 0) -> int:
    """The first colon from pos outside parentheses (-1 if none): where a name ends and its task begins
    ("Sở Xây dựng: hướng dẫn …"), never inside the name ("Các cơ quan … (gồm các Sở: Xây dựng, …)")."""
    colon = body.find(":", pos)
    while colon >= 0 and in_parentheses(body, colon):
        colon = body.find(":", colon + 1)
    return colon


def predicate_at(body: str, head_end: int) -> re.Match[str] | None:
    """First predicate word after the actor's head that is not itself part of a name (nor inside the name's
    parentheses: "Các cơ quan tham mưu … (gồm các Sở: Xây dựng, …)")."""
    for m in PRED_RE.finditer(body, head_end):
        before = body[: m.start()]
        head = NAME_HEAD_WORD_RE.search(before)
        if head and m.group(0)[0].islower() and MINISTRY_END_RE.search(before):
            head = None  # "Các Bộ, cơ quan ngang Bộ tiếp tục phối hợp …" (heldout h46): a ministry's name is capitalised
        if head or re.search(r"[-–]\s*$", before) or in_parentheses(body, m.start()):
            continue
        return m
    return None


# The own names of ministries and provincial departments (2025 and before): "Sở" / "Bộ" + one of these is a whole
# name, what follows is no longer part of it.
DEPARTMENT_NAMES = (
    "Nội vụ", "Tư pháp", "Tài chính", "Xây dựng", "Công Thương", "Công thương", "Nông nghiệp và Môi trường",
    "Khoa học và Công nghệ", "Giáo dục và Đào tạo", "Y tế", "Văn hóa, Thể thao và Du lịch", "Văn hoá, Thể thao và Du lịch",
    "Văn hóa và Thể thao", "Du lịch", "Ngoại vụ", "Dân tộc và Tôn giáo", "Công an", "Quốc phòng", "Ngoại giao",
    "Kế hoạch và Đầu tư", "Giao thông vận tải", "Tài nguyên và Môi trường", "Lao động - Thương binh và Xã hội",
    "Lao động – Thương binh và Xã hội", "Thông tin và Truyền thông", "Nông nghiệp và Phát triển nông thôn",
)  # fmt: skip
_PROPER = r"(?:\s+[A-ZĐÂÁÀẢÃẠĂÊÔƠƯÍÌÓÒÚÙÝ][^\s,;.:()]*)+"
# Where a name is complete: a ministry's or department's name (and its place), a place by its name ("tỉnh Quảng
# Trị", "Thành phố Hồ Chí Minh"), a list of commune levels ("các xã, phường"), a bare level ("Thanh tra tỉnh") …
COMPLETE_NAME_RE = re.compile(
    rf"(?:(?<![\w])(?:Sở|Bộ)\s+(?:{'|'.join(re.escape(n) for n in sorted(DEPARTMENT_NAMES, key=len, reverse=True))})"
    rf"(?:\s+(?:tỉnh|thành phố|Thành phố)(?:{_PROPER})?)?"
    rf"|(?<![\w])(?:tỉnh|thành phố|Thành phố|xã|phường|huyện|quận|đặc khu|thị trấn){_PROPER}"
    r"|(?<![\w])(?:xã|phường|thị trấn|đặc khu)(?:\s*,\s*(?:xã|phường|thị trấn|đặc khu))+"
    r"|(?<![\w])(?:tỉnh|xã|phường|huyện))"
    r"(?=\s+[a-zđà-ỹ])"  # … and a lower-case word after it
)
# Lower-case words that go on with a name ("tỉnh ủy", "các xã, phường trên địa bàn", "… trực thuộc Trung ương").
NAME_GOES_ON = frozenset(("và", "các", "có", "được", "thuộc", "trực", "trên", "tại", "nơi", "cùng", "liên", "phụ", "ủy", "uỷ"))
# Verbs that follow a whole name and still belong to it ("Thứ trưởng Bộ Y tế phụ trách lĩnh vực").
NAME_VERBS = frozenset(("trực thuộc", "thuộc", "có", "được", "làm", "là", "phụ trách"))


def complete_name_end(phrase: str) -> int | None:
    """Where a complete name in ``phrase`` is followed by a verb the predicate words do not know: "Sở Xây dựng chấp
    thuận …", "UBND các xã, phường niêm yết công khai …", "Thuế tỉnh Quảng Trị trao đổi …", "Đoàn Luật sư tỉnh Bình
    Thuận đã …" (heldout h16, h50, h124, h127, h131). The verb is told by underthesea's part-of-speech tags of the
    whole phrase, asked only after a complete name; a relative clause ("… được Ủy ban nhân dân thành phố Hà Nội giao")
    is left alone. None when the name runs to the end."""
    tags: list[tuple[int, str, str]] | None = None
    for m in COMPLETE_NAME_RE.finditer(phrase):
        if re.search(r"(?<![\w])được(?![\w])", phrase[: m.start()]):
            continue
        rest = phrase[m.end() :]
        word = rest.split(maxsplit=1)[0].rstrip(",;.:)")
        if word in NAME_GOES_ON:
            continue
        if word in ("đã", "đang", "sẽ"):
            return m.end()  # "Đoàn Luật sư tỉnh Bình Thuận đã …": the tense marker opens the predicate
        if tags is None:
            from underthesea import pos_tag  # imported lazily: loading it costs ~1 s

            tags, at = [], 0
            for token, tag in pos_tag(phrase):
                found = phrase.find(token, at)
                if found >= 0:
                    tags.append((found, token, tag))
                    at = found + len(token)
        start = m.end() + len(rest) - len(rest.lstrip())
        token = next((t for t in tags if t[0] == start), None)
        if token and token[2] == "V" and token[1] not in NAME_VERBS:
            return m.end()
    return None
