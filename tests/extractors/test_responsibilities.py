"""Responsibilities: tables of real sentences (seeds and corpus), documents, and invariants."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from conftest import CORPUS_DOCS, GOLD, SEED_TXT, needs_shared
from helpers_doc import doc_from_text

from kehoach.extract import extract_canonical, read_canonical
from kehoach.extractors.responsibilities import expand_abbreviations, is_actor_start, parse_actor
from kehoach.schemas.contract import Role

LEAD, SUPPORT = Role.lead, Role.support

# (line body without its number, numbered?, expected actor or None, role)
ACTOR_ROWS = [
    # seed 000: a heading that is only an actor
    ("Văn phòng – Thống kê", True, "Văn phòng – Thống kê", LEAD),
    # seed 000: re-flow glued the heading to its first task; the capitalised verb ends the actor; Đề nghị → support
    (
        "Đề nghị UBMTTQVN xã, các ban ngành và đoàn thể xã Phối hợp triển khai phát động tham gia giải pháp, sáng kiến.",
        True,
        "UBMTTQVN xã, các ban ngành và đoàn thể xã",
        SUPPORT,
    ),
    # seed 001: actor before a colon
    (
        "Công chức Văn hóa-xã hội: Đẩy mạnh công tác tuyên truyền kế hoạch này bằng nhiều hình thức.",
        True,
        "Công chức Văn hóa-xã hội",
        LEAD,
    ),
    # seed 001: a request to the Front (not commanded by the issuer) is support
    (
        "Đề nghị Mặt trận, các đoàn thể xã: Phối hợp triển khai phát động tìm kiếm giải pháp, sáng kiến, mô hình.",
        True,
        "Mặt trận, các đoàn thể xã",
        SUPPORT,
    ),
    # seed 002: subject + "có trách nhiệm"
    (
        "Văn phòng - Thống kê có trách nhiệm theo dõi, đôn đốc cán bộ, công chức, người hoạt động không chuyên trách.",
        True,
        "Văn phòng - Thống kê",
        LEAD,
    ),
    # seed 003 (công văn): "Giao X verb …"
    (
        "Giao Công chức Văn phòng – Thống kê theo dõi, tổng hợp các mô hình, sáng kiến được triển khai tại địa phương;",
        True,
        "Công chức Văn phòng – Thống kê",
        LEAD,
    ),
    # corpus 004: glued heading whose first task starts with "Phối hợp" → support
    (
        "Sở Nội vụ Phối hợp Sở Y tế thẩm định, lập thủ tục xét trình Chủ tịch Ủy ban nhân dân thành phố tặng Bằng khen.",
        True,
        "Sở Nội vụ",
        SUPPORT,
    ),
    # corpus 004: glued heading followed by a capitalised "Theo"
    (
        "Sở Khoa học và Công nghệ Theo chức năng, nhiệm vụ của đơn vị phối hợp, hỗ trợ, chia sẻ kinh nghiệm.",
        True,
        "Sở Khoa học và Công nghệ",
        LEAD,
    ),
    # corpus 004: a heading without a final stop keeps its lowercase verb inside the name
    ("Đề nghị các tổ chức cung cấp dịch vụ chi trả", True, "các tổ chức cung cấp dịch vụ chi trả", SUPPORT),
    # corpus 002: "Khen thưởng" after a dash and "Thi đua" after "Hội đồng" belong to the name
    (
        "Hội đồng Thi đua - Khen thưởng các cấp phân công rõ trách nhiệm các thành viên trong quá trình chỉ đạo.",
        False,
        "Hội đồng Thi đua - Khen thưởng các cấp",
        LEAD,
    ),
    # corpus 002: "xã hội" is not the head noun "Hội" (the verb "phát huy" ends the actor)
    (
        "Đề nghị Ủy ban Mặt trận Tổ quốc tỉnh, các tổ chức chính trị-xã hội phát huy mạnh mẽ thành quả của các phong trào thi đua.",
        False,
        "Ủy ban Mặt trận Tổ quốc tỉnh, các tổ chức chính trị-xã hội",
        SUPPORT,
    ),
    # seed 004: closing order "Yêu cầu X nghiêm túc thực hiện"
    (
        "Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc thực hiện có hiệu quả nội dung Kế hoạch này./.",
        False,
        "Thủ trưởng các cơ quan, đơn vị",
        LEAD,
    ),
    # seed 003: the issuer asks someone in running text
    (
        "Ủy ban nhân dân xã yêu cầu các cán bộ, công chức, người hoạt động không chuyên trách nghiêm túc triển khai thực hiện./.",
        False,
        "các cán bộ, công chức, người hoạt động không chuyên trách",
        LEAD,
    ),
    # corpus 005: "tổ chức" after a comma is a noun of the list, not the verb
    (
        "Các Sở, ban, ngành, UBND xã, phường và các cơ quan, tổ chức có liên quan căn cứ Kế hoạch này, xây dựng Kế hoạch triển khai.",
        True,
        "Các Sở, ban, ngành, UBND xã, phường và các cơ quan, tổ chức có liên quan",
        LEAD,
    ),
    # corpus 012: "Trách nhiệm của X" heading
    ("Trách nhiệm của Sở Văn hóa, Thể thao và Du lịch", True, "Sở Văn hóa, Thể thao và Du lịch", LEAD),
    # corpus 011: a decision's list of addressees before "chịu trách nhiệm thi hành"
    (
        "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở; Thủ trưởng các ban, ngành, đơn vị cấp tỉnh chịu trách nhiệm thi hành Quyết định này./.",
        False,
        "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở; Thủ trưởng các ban, ngành, đơn vị cấp tỉnh",
        LEAD,
    ),
    # corpus files (UBND Bình Thuận): a colon after a plural opens the list of members, the verb comes after it
    (
        "Giao các sở: Giao thông vận tải, Thông tin và Truyền thông, Xây dựng đôn đốc, hướng dẫn các hội được phân công quản lý.",
        False,
        "các sở: Giao thông vận tải, Thông tin và Truyền thông, Xây dựng",
        LEAD,
    ),
    # NEGATIVE seed 004: the verb "Tổ chức" is not the head noun "Tổ"
    (
        "Tổ chức tổng kết phong trào thi đua lồng ghép trong Hội nghị tổng kết công tác cải cách hành chính năm 2024.",
        False,
        None,
        None,
    ),
    # NEGATIVE seed 002: "Ban hành" is a verb, not "Ban"
    ("Ban hành kế hoạch và tổ chức tự kiểm tra công tác CCHC, xử lý các vấn đề phát hiện qua kiểm tra.", False, None, None),
    # NEGATIVE corpus 001: "Báo cáo" is a verb, not "Báo" (a newspaper)
    ("Báo cáo Ủy ban nhân dân tỉnh về kết quả Đợt thi đua (qua Sở Nội vụ) khi tổng kết Đợt thi đua.", False, None, None),
    # NEGATIVE corpus 002: a numbered heading that names no one
    ("Thời gian thực hiện", True, None, None),
    # NEGATIVE seed 004: a fronted clause is a task, not an actor
    (
        "Trong quá trình tổ chức thực hiện, nếu gặp vướng mắc, khó khăn, đề nghị các đơn vị kịp thời phản ánh về UBND huyện.",
        False,
        None,
        None,
    ),
    # NEGATIVE seed 002: a task that starts with its verb
    (
        "Phối hợp với công chức chuyên trách cải cách hành chính xây dựng chuyên mục danh riêng về công tác cải cách hành chính.",
        False,
        None,
        None,
    ),
    # NEGATIVE corpus 003: "Trường hợp" is not "Trường" (a school)
    ("Trường hợp thay đổi thời gian sẽ có thông báo tới các cơ quan, đơn vị.", False, None, None),
    # NEGATIVE: a plain paragraph naming a body but without a verb the parser knows is not a heading
    ("Sở Nội vụ", False, None, None),
]


@pytest.mark.parametrize(("body", "numbered", "actor", "role"), ACTOR_ROWS)
def test_parse_actor(body, numbered, actor, role):
    got = parse_actor(body, numbered)
    if actor is None:
        assert got is None
    else:
        assert got is not None
        a0, a1, r, _, _ = got
        assert body[a0:a1] == actor
        assert r == role


# (abbreviated, expanded)
EXPAND_ROWS = [
    ("CC VP-TK", "Công chức Văn phòng – Thống kê"),  # seed 002: post abbreviation after CC
    ("UBMTTQVN xã", "Ủy ban Mặt trận Tổ quốc Việt Nam xã"),  # seed 000
    ("CC. Văn hóa – xã hội", "Công chức Văn hóa – xã hội"),  # seed 000: "CC." with its dot
    ("Công chức TP-HT", "Công chức Tư pháp – Hộ tịch"),  # seed 002
    ("ĐC-XD", "Địa chính – Xây dựng"),  # seed 002: Đ in an abbreviation
    ("Cán bộ, công chức, KCT xã", "Cán bộ, công chức, không chuyên trách xã"),  # seed 001
    ("Văn phòng HĐND và UBND xã", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã"),  # seed 003
    ("Sở Nội vụ", "Sở Nội vụ"),  # NEGATIVE: nothing to expand
    (
        "hệ thống quản lý chất lượng TCVN ISO 9001:2015",
        "hệ thống quản lý chất lượng TCVN ISO 9001:2015",
    ),  # NEGATIVE: TC inside TCVN
    ("tiếp nhận hồ sơ cc", "tiếp nhận hồ sơ cc"),  # NEGATIVE: lower-case "cc" is not an abbreviation
]


@pytest.mark.parametrize(("short", "long"), EXPAND_ROWS)
def test_expand_abbreviations(short, long):
    assert expand_abbreviations(short) == long


@pytest.mark.parametrize(
    ("phrase", "ok"),
    [
        ("Văn hóa – Xã hội", True),  # seed 003: a commune post named without "Công chức" (from the data file)
        ("TP-HT", True),  # seed 002: a bare post abbreviation
        ("Các cơ quan chuyên môn thuộc UBND huyện", True),  # seed 004: capitalised "Các"
        ("Đài tuyền thanh xã", True),  # seed 000: typo in the name still starts with "Đài"
        ("Trên đây là Kế hoạch phát động", False),  # NEGATIVE: closing line
        ("Hội nghị tổng kết", False),  # NEGATIVE: "Hội nghị" is not "Hội"
        ("Đoàn kết, gương mẫu", False),  # NEGATIVE: "Đoàn kết" is not "Đoàn"
    ],
)
def test_is_actor_start(phrase, ok):
    assert is_actor_start(phrase) is ok


PREAMBLE = (
    "KẾ HOẠCH\n\nPhát động phong trào thi đua năm 2024\n\nCăn cứ Quyết định số 77/QĐ-UBND ngày 12/01/2024 của UBND huyện;\n\n"
)

# (document snippet, expected {(actor, role)})
DOC_ROWS = [
    # seed 004: bullets under an actor heading; partners after "phối hợp với" split at "và" and take the heading's spelling
    (
        PREAMBLE
        + "V. TỔ CHỨC THỰC HIỆN\n\n1. Phòng Nội vụ\n\n- Đôn đốc, kiểm tra việc thực hiện phong trào thi đua; phối hợp với "
        "Phòng Văn hóa – Thông tin huyện và Đài Truyền thanh – Truyền hình huyện tuyên truyền.\n\n2. Phòng Văn hoá - Thông tin\n\n"
        "Tham mưu công tác tuyên truyền phong trào.\n",
        {
            ("Phòng Nội vụ", LEAD),
            ("Phòng Văn hóa - Thông tin", LEAD),
            ("Phòng Văn hóa - Thông tin", SUPPORT),
            ("Đài Truyền thanh – Truyền hình huyện", SUPPORT),
        },
    ),
    # seed 002: "Bộ phận thực hiện:" lines split per post; one body written three ways becomes one actor
    (
        PREAMBLE + "III. NỘI DUNG THI ĐUA\n\nb) Cải cách thể chế\n\n-Tham mưu, xây dựng văn bản quy phạm pháp luật.\n\n"
        "Bộ phận thực hiện: Công chức TP-HT.\n\nBộ phận phối hợp: CC VP-TK\n\nVII. TỔ CHỨC THỰC HIỆN\n\n"
        "1. Văn phòng - Thống kê có trách nhiệm theo dõi, đôn đốc cán bộ, công chức thực hiện nghiêm các nội dung của kế hoạch này.\n",
        {("Công chức TP-HT", LEAD), ("Văn phòng - Thống kê", SUPPORT), ("Văn phòng - Thống kê", LEAD)},
    ),
    # seed 003 (công văn, no TCTH part): "Giao …" item, its continuation, and partners listed in parentheses
    (
        "CÔNG VĂN\n\nV/v tiếp tục phát huy các giải pháp, mô hình, sáng kiến cải cách hành chính\n\n"
        "Ủy ban nhân dân xã triển khai các nội dung sau:\n\n"
        "1. Phổ biến kết quả cuộc thi lần thứ 6 - năm 2023.\n\n"
        "5. Giao Công chức Văn phòng – Thống kê theo dõi, tổng hợp các mô hình; phối hợp với các ban ngành được phân công chủ trì "
        "(Văn hóa – Xã hội, Tài chính – Kế toán) đánh giá, lựa chọn các mô hình.\n\n"
        "Phối hợp với Công chức Tài chính – Kế toán đề xuất tham mưu UBND xã khen thưởng.\n",
        {("Công chức Văn phòng – Thống kê", LEAD), ("Văn hóa – Xã hội", SUPPORT), ("Tài chính – Kế toán", SUPPORT)},
    ),
    # corpus 010: a decision article listing addressees, split per title
    (
        "QUYẾT ĐỊNH\n\nVề việc thông qua phương án đơn giản hóa thủ tục hành chính\n\nQUYẾT ĐỊNH:\n\n"
        "Điều 1. Thông qua phương án đơn giản hóa 05 thủ tục hành chính.\n\n"
        "Điều 2. Chánh Văn phòng UBND tỉnh; Giám đốc Sở Y tế, Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm "
        "thi hành Quyết định này./.\n",
        {("Chánh Văn phòng UBND tỉnh", LEAD), ("Giám đốc Sở Y tế", LEAD), ("Thủ trưởng các cơ quan, đơn vị có liên quan", LEAD)},
    ),
    # corpus 005: a task table — "Nhiệm vụ:" then "Cơ quan thực hiện:" with "Đơn vị chủ trì/phối hợp:" bullets
    (
        PREAMBLE
        + "II. NHIỆM VỤ\n\n1. Về dữ liệu\n\na) Nhiệm vụ: Tham mưu UBND Thành phố rà soát, hoàn thiện Chiến lược dữ liệu.\n\n"
        "b) Cơ quan thực hiện:\n\n- Đơn vị chủ trì: Sở Khoa học và Công nghệ.\n\n- Đơn vị phối hợp: Các Sở, ban, ngành.\n\n"
        "c) Thời gian thực hiện: Hoàn thành trong năm 2025.\n",
        {("Sở Khoa học và Công nghệ", LEAD), ("Các Sở, ban, ngành", SUPPORT)},
    ),
    # NEGATIVE corpus 007: "trách nhiệm của" inside a content heading does not make it the TỔ CHỨC THỰC HIỆN part
    (
        PREAMBLE + "III. NHIỆM VỤ, GIẢI PHÁP\n\n3. Nâng cao nhận thức, trách nhiệm của các cơ quan, đơn vị, địa phương\n\n"
        "- Các cơ quan, đơn vị, địa phương tiếp tục nâng cao nhận thức về tầm quan trọng của công tác xây dựng pháp luật.\n",
        set(),
    ),
    # NEGATIVE: a plan with no TỔ CHỨC THỰC HIỆN part and no explicit assignment names no one
    (
        PREAMBLE + "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\n- Nhằm phát huy tính năng động, sáng tạo của cán bộ, công chức.\n\n"
        "2. Đối tượng\n\nCán bộ, công chức, người lao động đang làm việc tại UBND xã.\n",
        set(),
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), DOC_ROWS)
def test_document_responsibilities(snippet, expected):
    x = extract_canonical(doc_from_text(snippet))
    got = {(r.actor, r.role) for r in x.responsibilities}
    assert got == expected
    for r in x.responsibilities:
        assert x.text[r.start : r.end] == r.text
        assert r.tasks, r
        assert not any(t.startswith("Nhiệm vụ:") for t in r.tasks)


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s).lower().replace("oá", "óa").replace("oà", "òa")
    s = re.sub(r"\s*[-–]\s*", " - ", s)
    return re.sub(r"\s+", " ", s).strip(" .;,:")


def _same(aliases: list[str], actor: str) -> bool:
    p = _norm(actor)
    return any(
        p == _norm(a)
        or SequenceMatcher(None, p, _norm(a)).ratio() >= 0.85
        or (len(p) >= 6 and (_norm(a).startswith(p) or p.startswith(_norm(a))))
        for a in aliases
    )


@needs_shared
@pytest.mark.parametrize("stem", [p.name[:3] for p in SEED_TXT])
def test_seed_actors_match_gold(stem, seed_extractions):
    """Every required gold actor is found and every extracted actor is in the gold (regression for the seeds)."""
    gold = json.loads(next(GOLD.glob(f"{stem}_*.json")).read_text(encoding="utf-8"))
    actors = {r.actor for r in seed_extractions[stem].responsibilities}
    for g in gold["actors"]:
        if not g.get("optional"):
            assert any(_same(g["aliases"], a) for a in actors), g["aliases"]
    for a in actors:
        assert any(_same(g["aliases"], a) for g in gold["actors"]), a


@needs_shared
@pytest.mark.parametrize("path", sorted(CORPUS_DOCS.glob("*.txt")), ids=lambda p: p.name)
def test_corpus_invariants(path):
    """Spans in bounds and exact; actors are short names, never sentences; nothing raises."""
    x = extract_canonical(read_canonical(path))
    for r in x.responsibilities:
        assert 0 <= r.start < r.end <= len(x.text)
        assert x.text[r.start : r.end] == r.text
        assert r.actor and len(r.actor.split()) <= 60 and not r.actor.startswith("Trên đây")
        assert r.actor_expanded


def test_seed_invariants(seed_extractions):
    for x in seed_extractions.values():
        for r in x.responsibilities:
            assert x.text[r.start : r.end] == r.text
            assert r.tasks
