"""Administrative unit names in text: "xã Minh Tâm", "UBND huyện Hớn Quản", "TỈNH ĐẮK LẮK".

Patterns (all on normalized text):
- unit word + proper name: ``xã Hành Minh``, ``thị trấn Tân Khai``, ``huyện Vạn Ninh``,
  ``thành phố Hà Nội`` (a centrally-run city: level ``tinh``), ``tỉnh Khánh Hòa``;
- the same in capitals in headers: ``XÃ ĐẠI LÃNH``, ``THÀNH PHỐ HÀ NỘI``;
- the name stops at the first word that is not capitalized ("huyện Vĩnh Cửu về việc" → Vĩnh Cửu).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.schemas.contract import Level
from kehoach.text.forms import strip_accents

# Unit words and the level they name. "thành phố" is both: see :func:`level_of`.
UNIT_WORDS: list[tuple[str, Level]] = [
    ("đặc khu", Level.xa),
    ("thị trấn", Level.xa),
    ("phường", Level.xa),
    ("xã", Level.xa),
    ("thị xã", Level.huyen),
    ("thành phố", Level.huyen),  # thành phố thuộc tỉnh; the centrally-run cities are tinh (level_of)
    ("quận", Level.huyen),
    ("huyện", Level.huyen),
    ("tỉnh", Level.tinh),
]
# The unit words as a regex alternation, longest first so "thị trấn" wins over "thị", "thị xã" over "xã".
UNIT_WORD_PATTERN = "|".join(re.escape(w) for w, _ in sorted(UNIT_WORDS, key=lambda x: -len(x[0])))
# The same words in capitals, as an agency line of a header writes them ("ỦY BAN NHÂN DÂN XÃ TÂN AN",
# "THỊ  TRẤN" with any spacing), each a whole word.
UNIT_WORD_CAPS_PATTERN = "|".join(
    r"\s+".join(map(re.escape, w.upper().split())) + r"(?:\s|$)" for w, _ in sorted(UNIT_WORDS, key=lambda x: -len(x[0]))
)
# Centrally-run cities (thành phố trực thuộc trung ương), compared without tone marks so unaccented
# input ("ho chi minh") still counts: the five, and Huế since 1 January 2025 (Nghị quyết
# 1314/NQ-UBTVQH15; before that a thành phố of tỉnh Thừa Thiên Huế).
CENTRAL_CITIES = {"ha noi", "ho chi minh", "hai phong", "da nang", "can tho"}
CENTRAL_CITIES_SINCE = {"hue": 2025}

# A unit word (any case) followed by a space: the name is read word by word after it.
UNIT_RE = re.compile(r"(?<![^\W\d_])(" + UNIT_WORD_PATTERN + r")\s+(?=\w)(?!(?i:hội)\b)", re.IGNORECASE)
# A unit word standing alone, without a name ("của UBND huyện", "Ủy ban nhân dân tỉnh").
BARE_UNIT_RE = re.compile(r"(?<!\w)(" + UNIT_WORD_PATTERN + r")(?!\w)", re.IGNORECASE)
# Words that are capitalized yet never part of a place name ("xã Tân An Năm 2024" in a caps title).
STOP_WORDS = {
    "năm",
    "về",
    "và",
    "của",
    "trên",
    "tại",
    "theo",
    "giai",
    "đến",
    "ban",
    "thực",
    "kế",
    "quyết",
    "tổ",
    "được",
    "với",
    "các",
    "ngày",
    "thuộc",
    "nhằm",
    "đã",
    "trong",
    "khóa",
    "lần",
}
# Common words that start with a capital after a unit word yet are not place names.
COMMON_COMPOUNDS = {
    "quy định",
    "quy chế",
    "quyết định",
    "kế hoạch",
    "chỉ thị",
    "thông báo",
    "hướng dẫn",
    "công văn",
    "báo cáo",
    "tờ trình",
    "nghị quyết",
    "nghị định",
    "thông tư",
    "chương trình",
    "phê duyệt",
    "ban hành",
    "tổ chức",
    "quy hoạch",
    "đề án",
    "văn phòng",
    "sở nội",
    "phòng nội",
}
WORD_RE = re.compile(r"[^\W_]+(?:[-’'][^\W_]+)?")  # "Đăk R’lấp"


@dataclass(frozen=True)
class UnitMention:
    level: Level
    place: str  # proper name, title-cased: "Hớn Quản"
    unit_word: str  # as written
    start: int  # span of "huyện Hớn Quản"
    end: int


def title_case_name(name: str) -> str:
    """'ĐẠI LÃNH' → 'Đại Lãnh'; 'Hớn Quản' unchanged; 'ĐắK LắK' → 'Đắk Lắk'."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())


def is_central_city(place: str | None, year: int | None = None) -> bool:
    """True for a centrally-run city ("Hà Nội", "Hồ Chí Minh", …; "Huế" from 2025 on, or when
    the year is unknown)."""
    if not place:
        return False
    key = strip_accents(place)
    since = CENTRAL_CITIES_SINCE.get(key)
    return key in CENTRAL_CITIES or (since is not None and (year is None or year >= since))


def level_of(unit_word: str, place: str | None = None, year: int | None = None) -> Level:
    """The level of a unit named by its unit word and, when known, its proper name.

    The one place that decides "thành phố": tinh for a centrally-run city (thành phố trực thuộc
    trung ương: Hà Nội, Hồ Chí Minh, Hải Phòng, Đà Nẵng, Cần Thơ, and Huế since 2025), huyen for
    every other (thành phố thuộc tỉnh), also when the name is not known."""
    w = " ".join(unit_word.lower().split())
    for word, level in UNIT_WORDS:
        if w == word:
            if word == "thành phố" and is_central_city(place, year):
                return Level.tinh
            return level
    raise KeyError(unit_word)


def own_level(unit_word: str) -> Level:
    """The level of the body a document names as its own without a name ("UBND Thành phố yêu cầu …",
    "trên địa bàn tỉnh"): as :func:`level_of`, except that "Thành phố" written with a capital and no
    name is how a centrally-run city's documents name their city (a provincial level)."""
    if " ".join(unit_word.split()) == "Thành phố":
        return Level.tinh
    return level_of(unit_word)


def read_name(text: str, pos: int, caps_context: bool) -> tuple[str, int] | None:
    """Read a proper name starting at pos: capitalized words (or any words in an all-caps line)."""
    words: list[str] = []
    end = pos
    i = pos
    while len(words) < 4:
        m = WORD_RE.match(text, i)
        if not m:
            break
        w = m.group(0)
        if not w[0].isupper() or w.lower() in STOP_WORDS or any(ch.isdigit() for ch in w):
            break
        if not caps_context and w.isupper() and len(w) > 1 and words:
            break  # "xã Tân An UBND" — an acronym after a name is not part of it
        words.append(w)
        end = m.end()
        i = end
        if i < len(text) and text[i] == " ":
            i += 1
        else:
            break
    if not words:
        return None
    if len(words) == 1 and not caps_context:
        nxt = WORD_RE.match(text, i)
        if nxt and f"{words[0]} {nxt.group(0)}".lower() in COMMON_COMPOUNDS:
            return None  # "thành phố Quy định …": a capitalized common word, not a place
    return " ".join(words), end


def _is_caps(line: str) -> bool:
    """More than 60 % of the letters are capitals (a header line such as "UBND XÃ ĐẠI LÃNH")."""
    letters = sum(map(str.isalpha, line))
    return sum(map(str.isupper, line)) > 0.6 * max(1, letters)


def find_units(text: str, start: int = 0, end: int | None = None, year: int | None = None) -> list[UnitMention]:
    """Every named unit in text[start:end] (``year``: of the document, for :func:`level_of`)."""
    end = len(text) if end is None else end
    out: list[UnitMention] = []
    # The line of each mention is found scanning forward from the previous one, and measured once:
    # a one-line file of 20 MB was rescanned from its start at every mention (quadratic; issue 14).
    line_start, scanned, caps = text.rfind("\n", 0, start) + 1, start, None
    for m in UNIT_RE.finditer(text, start, end):
        word = m.group(1)
        nl = text.rfind("\n", scanned, m.start())
        scanned = m.start()
        if nl >= 0:
            line_start, caps = nl + 1, None
        if caps is None:
            line_end = text.find("\n", m.end())
            line = text[line_start : line_end if line_end >= 0 else len(text)]
            caps = _is_caps(line)
        got = read_name(text, m.end(), caps)
        if not got:
            continue
        name, name_end = got
        if name_end > end:
            continue
        place = title_case_name(name) if name.isupper() or caps else name
        # "Thành phố" written capitalized inside a name ("thành phố Hồ Chí Minh") is fine;
        # "xã, thị trấn" (no name) never reaches here because the name must be capitalized.
        out.append(UnitMention(level=level_of(word, place, year), place=place, unit_word=word, start=m.start(), end=name_end))
    return out
