"""Cross-check: citation resolution, links, directives, coverage and checks — on the seeds and on
small real-format plans written here (extracted by the real pipeline, never hand-built)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS_DOCS, needs_shared

from kehoach.crosscheck.coverage import (
    Background,
    apply_synonyms,
    compute_coverage,
    extract_directives,
    passages,
    tokenize,
)
from kehoach.crosscheck.directives import directive_items
from kehoach.crosscheck.run import crosscheck, fold_number
from kehoach.extract import extract_file
from kehoach.schemas.crosscheck import CROSSCHECK_TABLES, LinkRelation
from kehoach.store.write import arrow_schema

# ---------------------------------------------------------------- the seeds


@pytest.fixture(scope="module")
def seeds_result(seed_extractions):
    return crosscheck(list(seed_extractions.items()))


def test_same_basis_000_to_004_through_qd_77(seeds_result):
    same = [(x.from_doc_id, x.to_doc_id, x.key) for x in seeds_result.links if x.relation == LinkRelation.same_basis]
    assert len(same) == 1
    frm, to, key = same[0]
    assert (frm, to) == ("000", "004")  # the commune (lower) → the district (higher)
    assert "77/QD-UBND" in key and "honquan" in key
    # QĐ 77 itself is not in the folder: both citations of it are not_found
    qd77 = [x for x in seeds_result.links if x.relation == LinkRelation.implements and "77/QD-UBND" in x.key]
    assert {(x.from_doc_id, x.status.value, x.to_doc_id) for x in qd77} == {
        ("000", "not_found", None),
        ("004", "not_found", None),
    }


def test_205_of_vinh_cuu_is_not_found(seeds_result):
    (link,) = [x for x in seeds_result.links if x.from_doc_id == "001"]
    assert "205/KH-UBND" in link.key and link.status.value == "not_found" and link.to_doc_id is None
    assert link.relation == LinkRelation.implements  # "Thực hiện Kế hoạch số 205/KH-UBND …" is 001's basis
    checks = [c for c in seeds_result.checks if c.doc_id == "001" and c.check.value == "citation_not_in_corpus"]
    assert checks and checks[0].evidence_text == link.citation_text


def test_coverage_of_004_in_000(seeds_result, seed_extractions):
    rows = [c for c in seeds_result.coverage if c.lower_doc_id == "000" and c.directive_doc_id == "004"]
    assert len(rows) >= 3
    statuses = {c.status.value for c in rows}
    assert "implemented" in statuses and "missing" in statuses
    text = seed_extractions["000"].text
    for c in rows:
        assert c.via == LinkRelation.same_basis
        assert 0.0 <= c.score <= 1.0
        if c.status.value == "missing":
            assert c.evidence_text is None and c.evidence_start is None
        else:
            assert c.evidence_text == text[c.evidence_start : c.evidence_end]  # quotes 000 exactly


# Calibration labels: 004's items read by hand against 000 (see coverage.py). Each row: a
# fragment of the item, the statuses a careful reader accepts.
LABELS = [
    ("Có các đề xuất, giải pháp, sáng kiến thiết thực", {"implemented"}),  # 000 is a sáng kiến plan
    ("Triển khai tới toàn thể cán bộ, công chức", {"implemented", "partial"}),  # 000 III.4 "Triển khai …"
    ("Nâng cao trách nhiệm lãnh đạo, chỉ đạo của người đứng đầu", {"missing"}),  # nothing on leaders in 000
    ("nếu gặp vướng mắc, khó khăn", {"missing"}),  # 000 never asks to report difficulties
    ("Thực hiện tốt việc tuyên truyền cải cách hành chính", {"partial", "missing"}),  # only the loudspeaker line
    # one item, two asks ("… lựa chọn, bình xét và hoàn tất các thủ tục hồ sơ …"), checked ask by ask:
    # 000 selects no one for an award; its "hoàn thiện hồ sơ" is the dossier of an initiative
    ("Trên cơ sở số lượng khen thưởng được phân bổ, lựa chọn, bình xét", {"missing"}),
    ("hoàn tất các thủ tục hồ sơ khen thưởng", {"partial", "missing"}),  # "hoàn thiện hồ sơ"
]


@pytest.mark.parametrize(("fragment", "allowed"), LABELS)
def test_calibration_labels(seeds_result, fragment, allowed):
    (row,) = [c for c in seeds_result.coverage if c.lower_doc_id == "000" and fragment in c.item_text]
    assert row.status.value in allowed, (row.item_id, row.score)


def test_unit_plans_of_hon_quan(seeds_result):
    units = [u for u in seeds_result.unit_plans if u.directive_doc_id == "004"]
    assert len(units) == 13
    with_plan = [u for u in units if u.has_plan]
    assert [(u.unit_name, u.lower_doc_ids) for u in with_plan] == [("Xã Minh Tâm", ["000"])]
    assert sum(not u.has_plan for u in units) == 12


def test_identities_fill_parents_from_admin_units(seeds_result):
    ids = {i.doc_id: i for i in seeds_result.identities}
    # 002 never names its district: filled from the map; 000 names it in the text
    assert (ids["002"].parent_level, ids["002"].parent_place, ids["002"].parent_source) == ("huyen", "Nghĩa Hành", "admin_units")
    assert (ids["000"].parent_place, ids["000"].parent_source, ids["000"].province) == ("Hớn Quản", "text", "Bình Phước")
    assert ids["004"].province == "Bình Phước" and all(i.admin_mode == "LEGACY" for i in ids.values())


def test_directives_of_004_for_communes(seed_extractions):
    rows = extract_directives("004", seed_extractions["004"], "xa")
    tasks = [r for r in rows if r.kind.value == "task"]
    assert len(tasks) == 3 and all("UBND các xã, thị trấn" in r.actor for r in tasks)
    assert not any("Phòng Nội vụ" == r.actor for r in tasks)  # tasks of the district's own office are not directives
    assert not any(r.item_text.startswith("Yêu cầu Thủ trưởng") for r in rows)  # closing formula
    assert len([r for r in rows if r.kind.value == "content"]) == 4
    text = seed_extractions["004"].text
    assert all(text[r.start : r.end] == r.item_text for r in rows if r.start is not None)
    assert len({r.item_id for r in rows}) == len(rows)


def test_tables_match_their_models(seeds_result):
    tables = seeds_result.tables()
    assert set(tables) == set(CROSSCHECK_TABLES)
    for name, rows in tables.items():
        assert all(isinstance(r, CROSSCHECK_TABLES[name]) for r in rows), name
        # every cross-check table has a declared storage schema, also when it is empty
        assert arrow_schema(name).names == list(CROSSCHECK_TABLES[name].model_fields), name
        for field in CROSSCHECK_TABLES[name].model_fields.values():
            assert field.description, name
    assert {
        "lower_doc_id",
        "directive_doc_id",
        "item_text",
        "status",
        "score",
        "evidence_text",
        "evidence_start",
        "evidence_end",
    } <= set(CROSSCHECK_TABLES["coverage"].model_fields)
    assert {"from_doc_id", "to_doc_id", "relation", "key", "status"} <= set(CROSSCHECK_TABLES["links"].model_fields)


# ---------------------------------------------------------------- small real-format plans

HIGHER = """ỦY BAN NHÂN DÂN
HUYỆN HỚN QUẢN

Số: 120/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Hớn Quản, ngày 15 tháng 3 năm 2024

KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2024 trên địa bàn huyện

I. MỤC ĐÍCH, YÊU CẦU
Nâng cao nhận thức của cán bộ, công chức và nhân dân về cải cách hành chính.

II. NỘI DUNG
- Tuyên truyền kết quả thực hiện thủ tục hành chính trên hệ thống loa truyền thanh.
- Tổ chức hội thi tìm hiểu về cải cách hành chính cho đoàn viên thanh niên.
- Niêm yết công khai bộ thủ tục hành chính tại bộ phận một cửa.

III. TỔ CHỨC THỰC HIỆN
1. Phòng Nội vụ
Theo dõi, tổng hợp kết quả thực hiện Kế hoạch, báo cáo Chủ tịch UBND huyện.
2. UBND các xã, thị trấn
- Xây dựng kế hoạch tuyên truyền cải cách hành chính của địa phương.
- Báo cáo kết quả thực hiện về Phòng Nội vụ trước ngày 31/10/2024.

Nơi nhận:
- UBND các xã, thị trấn;
- Lưu: VT.

CHỦ TỊCH

Nguyễn Văn An
"""

LOWER = """ỦY BAN NHÂN DÂN
XÃ TÂN HƯNG

Số: 45/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Tân Hưng, ngày 20 tháng 3 năm 2024

KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2024 trên địa bàn xã

Thực hiện Kế hoạch số 120/KH-UBND ngày {cited} của UBND huyện Hớn Quản về tuyên truyền cải cách hành chính năm 2024;
UBND xã ban hành Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
Nâng cao nhận thức của cán bộ, công chức và nhân dân về CCHC.

II. NỘI DUNG
- Tuyên truyền kết quả thực hiện TTHC trên hệ thống loa truyền thanh của xã.
- Niêm yết công khai bộ TTHC tại bộ phận một cửa của UBND xã.
{tcth}
Nơi nhận:
- Phòng Nội vụ huyện;
- Lưu: VT.

CHỦ TỊCH

Trần Văn Bình
"""
TCTH = """
III. TỔ CHỨC THỰC HIỆN
1. Văn phòng - Thống kê
Tổng hợp kết quả, báo cáo UBND huyện (qua Phòng Nội vụ) trước ngày {deadline}.
"""


def _extract(tmp_path: Path, name: str, text: str):
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    return extract_file(path)


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("plans")
    return {
        "hi": _extract(tmp, "hi", HIGHER),
        "ok": _extract(tmp, "ok", LOWER.format(cited="15/3/2024", tcth=TCTH.format(deadline="20/10/2024"))),
        "late": _extract(tmp, "late", LOWER.format(cited="15/3/2024", tcth=TCTH.format(deadline="15/11/2024"))),
        "wrongdate": _extract(tmp, "wrongdate", LOWER.format(cited="16/3/2024", tcth=TCTH.format(deadline="20/10/2024"))),
        "notcth": _extract(tmp, "notcth", LOWER.format(cited="15/3/2024", tcth="")),
        "hi_other_date": _extract(
            tmp, "hi2", HIGHER.replace("ngày 15 tháng 3", "ngày 18 tháng 3").replace("Tuyên truyền cải cách", "Kiểm tra cải cách")
        ),
    }


def _links(res, frm):
    return [x for x in res.links if x.from_doc_id == frm and x.relation != LinkRelation.same_basis]


def test_resolved_citation_and_direct_coverage(plans):
    res = crosscheck([("hi", plans["hi"]), ("ok", plans["ok"])])
    (link,) = _links(res, "ok")
    assert (link.status.value, link.to_doc_id, link.relation.value) == ("resolved", "hi", "implements")
    assert link.actual_date == "2024-03-15"
    rows = {c.item_text: c for c in res.coverage if c.lower_doc_id == "ok"}
    assert rows and all(c.via == LinkRelation.implements for c in rows.values())
    # the loudspeaker and one-stop items are in the commune plan, the youth contest is not
    assert rows["Tuyên truyền kết quả thực hiện thủ tục hành chính trên hệ thống loa truyền thanh."].status.value == "implemented"
    assert rows["Niêm yết công khai bộ thủ tục hành chính tại bộ phận một cửa."].status.value == "implemented"
    assert rows["Tổ chức hội thi tìm hiểu về cải cách hành chính cho đoàn viên thanh niên."].status.value == "missing"
    assert not [c for c in res.checks if c.check.value == "deadline_later"]  # 20/10 is before 31/10
    units = [u for u in res.unit_plans if u.directive_doc_id == "hi"]
    assert len(units) == 13 and [u.unit_place for u in units if u.has_plan] == ["Tân Hưng"]


def test_lower_deadline_later_than_the_higher_one(plans):
    res = crosscheck([("hi", plans["hi"]), ("late", plans["late"])])
    (check,) = [c for c in res.checks if c.check.value == "deadline_later"]
    assert check.doc_id == "late" and check.related_doc_id == "hi" and check.severity.value == "error"
    assert "15/11/2024" in check.message and "31/10/2024" in check.message
    assert check.evidence_text == plans["late"].text[check.start : check.end]


def test_cited_date_differs_from_the_real_document(plans):
    res = crosscheck([("hi", plans["hi"]), ("wrongdate", plans["wrongdate"])])
    (link,) = _links(res, "wrongdate")
    assert (link.status.value, link.to_doc_id, link.cited_date, link.actual_date) == (
        "date_mismatch",
        None,
        "2024-03-16",
        "2024-03-15",
    )
    assert link.candidates == ["hi"]
    (check,) = [c for c in res.checks if c.check.value == "date_mismatch"]
    assert check.doc_id == "wrongdate" and "16/03/2024" in check.message and "15/03/2024" in check.message


def test_plan_without_to_chuc_thuc_hien(plans):
    res = crosscheck([("notcth", plans["notcth"]), ("ok", plans["ok"])])
    flagged = [c.doc_id for c in res.checks if c.check.value == "missing_to_chuc_thuc_hien"]
    assert flagged == ["notcth"]


def test_two_documents_with_the_cited_number_are_ambiguous(plans):
    # same number and issuer, two different dates, the citation gives a third: cannot tell which
    res = crosscheck([("hi", plans["hi"]), ("hi2", plans["hi_other_date"]), ("wrongdate", plans["wrongdate"])])
    (link,) = _links(res, "wrongdate")
    assert link.status.value == "ambiguous" and sorted(link.candidates) == ["hi", "hi2"] and link.to_doc_id is None
    # …whereas the exact date picks one of them
    res = crosscheck([("hi", plans["hi"]), ("hi2", plans["hi_other_date"]), ("ok", plans["ok"])])
    (link,) = _links(res, "ok")
    assert (link.status.value, link.to_doc_id) == ("resolved", "hi")


def test_copies_of_one_document_count_once(plans):
    # the same plan dropped as two files (e.g. .docx and .pdf): resolved, not ambiguous
    res = crosscheck([("hi", plans["hi"]), ("hi-copy", plans["hi"]), ("ok", plans["ok"])])
    (link,) = _links(res, "ok")
    assert (link.status.value, link.to_doc_id) == ("resolved", "hi")
    ids = {i.doc_id: i.duplicate_of for i in res.identities}
    assert ids == {"hi": None, "hi-copy": "hi", "ok": None}
    assert {c.directive_doc_id for c in res.coverage} == {"hi"}


HIGHER_2025 = """ỦY BAN NHÂN DÂN
TỈNH KHÁNH HÒA

Số: 300/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Khánh Hòa, ngày 10 tháng 8 năm 2025

KẾ HOẠCH
Chuyển đổi số năm 2025 trên địa bàn tỉnh

I. NỘI DUNG
- Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại bộ phận một cửa.
- Tập huấn kỹ năng số cho cán bộ, công chức cấp xã.

II. TỔ CHỨC THỰC HIỆN
1. UBND các xã, phường, đặc khu
- Xây dựng kế hoạch chuyển đổi số của địa phương.

Nơi nhận:
- Lưu: VT.

CHỦ TỊCH

Lê Văn Cường
"""


def test_after_july_2025_the_province_directs_communes(tmp_path):
    # two levels: tỉnh → xã; no district is assumed anywhere
    hi = _extract(tmp_path, "kh", HIGHER_2025)
    res = crosscheck([("kh", hi)])
    (ident,) = res.identities
    assert ident.admin_mode == "FROM_2025" and ident.parent_level is None
    units = [u for u in res.unit_plans if u.directive_doc_id == "kh"]
    assert len(units) > 40 and {u.unit_level for u in units} == {"xa"}
    assert "Xã Đại Lãnh" in {u.unit_name for u in units} and not any(u.has_plan for u in units)
    assert [r.kind.value for r in res.directives].count("task") == 1


def test_empty_and_single_inputs_do_not_fail(plans):
    assert crosscheck([]).links == []
    res = crosscheck([("ok", plans["ok"])])
    assert [x.status.value for x in res.links] == ["not_found"] and res.coverage == []


# ---------------------------------------------------------------- matching parts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Công tác CCHC năm 2024", "Công tác cải cách hành chính năm 2024"),  # abbreviation
        ("giải quyết TTHC", "giải quyết thủ tục hành chính"),  # abbreviation
        ("Đề nghị UBMTTQVN xã", "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã"),  # abbreviation of a body
        ("Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Ủy ban Mặt trận Tổ quốc Việt Nam xã"),  # already written out: unchanged
        ("Đề nghị Mặt trận, các đoàn thể", "Đề nghị Mặt trận Tổ quốc Việt Nam, các đoàn thể"),  # short name of the same body
        ("UBND các xã, phường", "Ủy ban nhân dân các xã, thị trấn"),  # one name for the commune level
        ("ứng dụng CNTT vào công tác", "chuyển đổi số vào công tác"),  # same reform area
        ("CCHCX và XCCHC", "CCHCX và XCCHC"),  # negative: not a whole word
        ("", ""),  # negative: empty
    ],
)
def test_apply_synonyms(text, expected):
    assert apply_synonyms(text) == expected


def test_tokenize_drops_numbers_and_function_words():
    toks = tokenize("Thực hiện Quyết định số 77/QĐ-UBND ngày 12/01/2024 của UBND huyện")
    assert not any(ch.isdigit() for t in toks for ch in t)
    assert "của" not in toks and "ngày" not in toks
    assert "quyết_định" in toks and "~quyết" in toks  # compound + its syllables
    assert tokenize("") == ()


def test_coverage_spans_always_quote_the_lower_text(seed_extractions):
    directives = extract_directives("004", seed_extractions["004"], "xa")
    bg = Background.of(seed_extractions.values())
    for key, ex in seed_extractions.items():
        for c in compute_coverage(key, ex, directives, LinkRelation.same_basis, bg):
            if c.evidence_start is not None:
                assert ex.text[c.evidence_start : c.evidence_end] == c.evidence_text
        for s, e in passages(ex):
            assert 0 <= s < e <= len(ex.text)


def test_fold_number():
    assert fold_number("77/QĐ - UBND") == fold_number("77/QD-UBND") == "77/QD-UBND"
    assert fold_number(None) is None and fold_number("  ") is None


@pytest.mark.slow
@needs_shared
@pytest.mark.parametrize("matcher", ["lexical", "hybrid"])
def test_thresholds_against_unrelated_documents(seed_extractions, matcher):
    """The calibration's negative side: 004's items against 13 unrelated complete documents, with
    each matcher's own thresholds. If tokenization, synonyms or weights drift, this says so before
    users see it."""
    from kehoach.crosscheck.matching import get_matcher

    m = get_matcher(matcher)
    directives = extract_directives("004", seed_extractions["004"], "xa")
    scores = []
    complete = sorted(CORPUS_DOCS.glob("0*.txt"))[:13]  # 001–013: complete 2025 provincial documents
    for path in sorted(complete, key=lambda p: p.stat().st_size)[:8]:  # the 8 shortest keep the test fast
        ex = extract_file(path)
        bg = Background.of([seed_extractions["004"], ex])
        scores += [c.score for c in compute_coverage(path.stem, ex, directives, LinkRelation.same_basis, bg, matcher=m)]
    scores.sort()
    assert len(scores) >= 8 * 10
    median = scores[len(scores) // 2]
    share_implemented = sum(s >= m.implemented_at for s in scores) / len(scores)
    assert median < m.review_at + 0.05, median
    assert share_implemented <= 0.15, share_implemented


def test_directive_sections_join_the_sections_table(seed_extractions):
    """Directive items name their section in the one section-path convention (schemas.contract
    .section_paths), so they join the sections table; 004's TỔ CHỨC THỰC HIỆN items included."""
    from kehoach.crosscheck.directives import extract_directives
    from kehoach.schemas.contract import section_paths

    ex = seed_extractions["004"]
    paths = {p for p, _, _ in section_paths(ex.sections)}
    rows = extract_directives("004", ex, "xa")
    sections = [r.section for r in rows if r.section]
    assert sections and set(sections) <= paths, sorted(set(sections) - paths)


# Nghệ An's 982/KH-UBND (19/11/2025) names its addressees once, with a short name for the whole group
# ("… các xã, phường, các doanh nghiệp, tổ chức Hội (sau đây viết tắt là cơ quan, đơn vị)"), then
# assigns tasks and closes with that short name only.
ALIASED = """ỦY BAN NHÂN DÂN
TỈNH NGHỆ AN
Số: 982/KH-UBND
Nghệ An, ngày 19 tháng 11 năm 2025

KẾ HOẠCH
Triển khai Đợt thi đua lập thành tích chào mừng Đại hội lần thứ XIV của Đảng

I. MỤC ĐÍCH, YÊU CẦU
1. Tạo khí thế thi đua sôi nổi, khơi dậy tinh thần đoàn kết, khát vọng phát triển của các tầng lớp Nhân dân.

II. NỘI DUNG ĐỢT THI ĐUA
Để toàn dân đồng lòng, thi đua hành động; các sở, ban, ngành, Ủy ban Mặt trận Tổ quốc tỉnh, các tổ chức
chính trị - xã hội, các xã, phường, các doanh nghiệp, tổ chức Hội (sau đây viết tắt là cơ quan, đơn
vị) và mọi người dân triển khai Đợt thi đua, tập trung thi đua thực hiện các nội dung chủ yếu sau:
1. Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội năm 2025 và Kế hoạch 5 năm (2021 - 2025).

III. THỜI GIAN VÀ TRÁCH NHIỆM THỰC HIỆN
1. Trách nhiệm thực hiện
- Các cơ quan, đơn vị căn cứ Kế hoạch này và đặc điểm, tình hình, yêu cầu, nhiệm vụ để phát động, triển khai Đợt thi đua với nội dung, tiêu chí cụ thể, hình thức phù hợp, thiết thực.
- Sở Nội vụ hướng dẫn khen thưởng Đợt thi đua; phối hợp với các cơ quan, đơn vị liên quan triển khai, đôn đốc, đánh giá việc tổ chức thực hiện Kế hoạch.

Trên đây là Kế hoạch triển khai Đợt thi đua. Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị triển khai và thực hiện có hiệu quả các nội dung nêu trên./.

Nơi nhận:
- UBND các xã, phường;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Phùng Thành Vinh
"""


def test_a_name_the_document_defines_for_its_addressees_counts_as_them(tmp_path):
    ex = _extract(tmp_path, "982", ALIASED)
    rows = extract_directives("982", ex, "xa")
    tasks = [r for r in rows if r.kind.value == "task"]
    closing = [r.item_text for r in rows if r.kind.value == "closing"]
    assert len(tasks) == 1 and tasks[0].item_text.startswith("căn cứ Kế hoạch này và đặc điểm")
    assert tasks[0].actor == "Các cơ quan, đơn vị"
    assert not any("Sở Nội vụ" in t.item_text for t in tasks)  # a partner of a department's task, not an addressee
    assert closing and closing[0].startswith("đề nghị các cơ quan, đơn vị triển khai")
    # a group named without the communes defines no alias for them
    other = ALIASED.replace("các xã, phường, các doanh nghiệp", "các doanh nghiệp")
    rows = extract_directives("982b", _extract(tmp_path, "982b", other), "xa")
    assert not [r for r in rows if r.kind.value in ("task", "closing")]


# A decision whose article names a department and the communes together, then gives each its own
# clause (Quyết định of a UBND tỉnh on the one-stop service, Nov 2025), and a plan's task list whose
# tasks carry attribute lines ("Đơn vị chủ trì …:", "Thời gian thực hiện:") (Kế hoạch of UBND tỉnh Bắc Ninh).
JOINT_ARTICLE = """ỦY BAN NHÂN DÂN
TỈNH ĐỒNG NAI
Số: 2145/QĐ-UBND
Đồng Nai, ngày 20 tháng 11 năm 2025

QUYẾT ĐỊNH
Về việc công bố danh mục thủ tục hành chính tiếp nhận không phụ thuộc địa giới hành chính

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI
Căn cứ Luật Tổ chức chính quyền địa phương năm 2025;

QUYẾT ĐỊNH:
Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính tiếp nhận không phụ thuộc địa giới hành chính.
Điều 2. Trách nhiệm của Sở Tài chính; Ủy ban nhân dân các xã, phường
1. Trách nhiệm của Sở Tài chính
a) Tổ chức tập huấn, hướng dẫn nghiệp vụ cho công chức, viên chức tại Bộ phận Một cửa các cấp, đặc biệt là cấp xã;
b) Theo dõi, kiểm tra, giám sát việc thực hiện và định kỳ báo cáo Ủy ban nhân dân tỉnh về tình hình, kết quả triển khai.
2. Trách nhiệm của Ủy ban nhân dân các xã, phường
a) Tổ chức tiếp nhận hồ sơ và trả kết quả giải quyết thủ tục hành chính của tổ chức, cá nhân không phân biệt địa giới hành chính;
b) Niêm yết công khai, đầy đủ danh mục thủ tục hành chính, quy trình tiếp nhận, thời gian xử lý tại Trung tâm Phục vụ hành chính công.
Điều 3. Quyết định này có hiệu lực thi hành kể từ ngày ký. Giao Sở Tài chính theo dõi, đôn đốc các cơ quan, đơn vị, địa phương triển khai thực hiện Quyết định này./.

Nơi nhận:
- UBND các xã, phường;
- Lưu: VT.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn Út
"""


def test_a_department_clause_under_a_joint_article_is_not_the_communes(tmp_path):
    rows = extract_directives("2145", _extract(tmp_path, "2145", JOINT_ARTICLE), "xa")
    tasks = [r.item_text for r in rows if r.kind.value in ("task", "closing")]
    assert any(t.startswith("Tổ chức tiếp nhận hồ sơ") for t in tasks)
    assert any(t.startswith("Niêm yết công khai") for t in tasks)
    assert not any("tập huấn" in t or "Theo dõi, kiểm tra" in t for t in tasks)  # the Sở's own clause
    assert not any(t.startswith("Giao Sở Tài chính") for t in tasks)  # the Sở follows the communes up


def test_attribute_lines_of_a_task_are_not_items(tmp_path):
    plan = ALIASED.replace(
        "1. Trách nhiệm thực hiện\n",
        "1. Ủy ban nhân dân các xã, phường\n"
        "a) Thường xuyên rà soát, kiện toàn đội ngũ cán bộ, công chức xây dựng chính sách, pháp luật trên địa bàn.\n"
        "Đơn vị phối hợp: Sở Nội vụ, Sở Tư pháp.\nThời gian thực hiện: Thường xuyên.\n"
        "b) Tổ chức tập huấn, bồi dưỡng kiến thức, kỹ năng xây dựng pháp luật cho đội ngũ cán bộ, công chức.\n"
        "Kinh phí thực hiện: Từ nguồn ngân sách nhà nước theo phân cấp hiện hành.\n"
        "2. Trách nhiệm thực hiện\n",
    )
    texts = [r.item_text for r in extract_directives("982c", _extract(tmp_path, "982c", plan), "xa")]
    assert any(t.startswith("Thường xuyên rà soát") for t in texts) and any(t.startswith("Tổ chức tập huấn") for t in texts)
    assert not any(t.startswith(("Đơn vị phối hợp", "Thời gian thực hiện", "Kinh phí")) for t in texts), texts


@pytest.mark.parametrize(
    "sentence, asks",
    [
        ("Đề nghị Ủy ban nhân dân các xã, phường tổ chức triển khai thực hiện.", True),
        ("Bảo đảm sự chỉ đạo thống nhất, phối hợp chặt chẽ giữa các sở, ban, ngành, Ủy ban nhân dân xã, phường.", False),
        ("Theo đề nghị của Ủy ban nhân dân các xã, phường tại Tờ trình số 12/TTr-UBND.", False),
        ("Tăng cường công tác chỉ đạo, điều hành của Ủy ban nhân dân các xã, phường.", False),
    ],
)
def test_a_request_is_the_verb_not_the_noun(sentence, asks):
    from kehoach.crosscheck.directives import REQUEST_RE

    assert bool(REQUEST_RE.search(sentence)) is asks


# The kind of 223/CĐ-TTg (trove): a central document's items for the provinces, its heading's list of
# provinces wrapped onto a line of its own
CONG_DIEN = """THỦ TƯỚNG CHÍNH PHỦ
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 223/CĐ-TTg
Hà Nội, ngày 20 tháng 11 năm 2025
CÔNG ĐIỆN
Về tập trung ứng phó lũ đặc biệt lớn
THỦ TƯỚNG CHÍNH PHỦ điện:
- Chủ tịch Ủy ban nhân dân các tỉnh: Gia Lai, Đắk Lắk và Khánh Hòa;
- Các Bộ: Quốc phòng, Công an, Y tế.
Để tập trung ứng phó mưa lũ đặc biệt lớn, bảo đảm an toàn tính mạng cho Nhân dân, Thủ tướng Chính phủ yêu cầu:
1. Chủ tịch Ủy ban nhân dân các tỉnh: Khánh Hòa,
Đắk Lắk, Gia Lai:
- Tiếp tục huy động tối đa các lực lượng, phương tiện cần thiết để sơ tán người dân đến nơi an toàn.
- Cung ứng, tiếp tế kịp thời lương thực, thực phẩm, nước uống cho người dân vùng bị ngập sâu, chia cắt.
2. Bộ Y tế chỉ đạo lực lượng y tế cơ sở bảo đảm công tác phòng, chống dịch bệnh sau lũ.
3. Bộ Quốc phòng, Bộ Công an chỉ đạo các đơn vị đóng quân trên địa bàn hỗ trợ địa phương.
Nơi nhận:
- Như trên;
- Lưu: VT.
THỦ TƯỚNG
Phạm Minh Chính
"""


def test_a_central_document_directs_the_provinces(tmp_path):
    ex = _extract(tmp_path, "cd", CONG_DIEN)
    texts = [" ".join(r.item_text.split()) for r in directive_items("cd", ex, "tinh")]
    assert any(t.startswith("Tiếp tục huy động tối đa các lực lượng") for t in texts), texts
    assert any(t.startswith("Cung ứng, tiếp tế kịp thời lương thực") for t in texts), texts
    assert not any("Bộ Y tế" in t or "Bộ Quốc phòng" in t for t in texts), texts  # the ministries' own items
    assert not any(t.rstrip(",:;") in ("Khánh Hòa", "Đắk Lắk, Gia Lai") for t in texts), texts  # the heading's list
    # the same document directs no commune
    assert not [r for r in directive_items("cd", ex, "xa") if r.kind.value == "task"]


# The kind of 179/KH-UBND of Đồng Nai (2026–2030, trove): a provincial plan that names its tasks in its own words
# ("NHIỆM VỤ TRỌNG TÂM", "GIẢI PHÁP", no NỘI DUNG heading) and ends with a task table whose communes are partners
# of the departments' rows ("Đơn vị phối hợp: Các sở, ban, ngành; UBND các phường, xã"), scraped one cell per line.
PROVINCIAL_PLAN = """ỦY BAN NHÂN DÂN
TỈNH ĐỒNG NAI
Số: 179/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Đồng Nai, ngày 18 tháng 11 năm 2025
KẾ HOẠCH
Phát triển kinh tế số và xã hội số trên địa bàn tỉnh Đồng Nai giai đoạn 2026 - 2030
I. MỤC TIÊU
Đến năm 2030, tỷ trọng kinh tế số đạt tối thiểu 30% tổng sản phẩm trên địa bàn tỉnh.
II. NHIỆM VỤ TRỌNG TÂM
1. Quản trị số
- Đẩy mạnh cải cách hành chính cho doanh nghiệp, khuyến khích, thúc đẩy thực hiện dịch vụ hành chính công trên môi trường điện tử.
Rút ngắn thời gian thực hiện thủ tục hành chính; thủ tục hành chính được thực hiện trực tuyến, toàn trình; hậu kiểm thay vì tiền kiểm.
2. Sở Y tế
- Xây dựng và tổ chức triển khai Nền tảng hồ sơ sức khỏe cá nhân cho toàn bộ người dân trên địa bàn tỉnh.
III. GIẢI PHÁP
1. Tổ chức, bộ máy
Tổ chức các Tổ công nghệ số cộng đồng đến từng thôn, tổ dân phố với các tổ viên là cán bộ kiêm nhiệm.
IV. TỔ CHỨC THỰC HIỆN
1. Sở Khoa học và Công nghệ
Chủ trì, theo dõi, đôn đốc các sở, ngành triển khai thực hiện Kế hoạch này.
Nơi nhận:
- Như trên;
- Lưu: VT.
CHỦ TỊCH
Võ Tấn Đức
PHỤ LỤC
DANH MỤC CÁC NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM
|
STT
|
Nhiệm vụ, giải pháp
|
Đơn vị thực hiện
|
Đơn vị phối hợp
|
Thời gian thực hiện
|
|
2.7
|
Xây dựng Kế hoạch đẩy mạnh phát triển hạ tầng kết nối số cho người dân, bảo đảm phủ sóng đến từng thôn, tổ dân phố
|
Sở Khoa học và Công nghệ
|
Các sở, ban, ngành; UBND các phường, xã
|
2026 - 2030
|
|
2.8
|
Xây dựng cơ sở dữ liệu chuyên ngành về khoa học và công nghệ của tỉnh, kết nối với cơ sở dữ liệu quốc gia
|
Sở Khoa học và Công nghệ
|
Các sở, ban, ngành
|
2026 - 2030
|
"""


def test_a_provincial_plan_directs_communes_through_its_tasks_and_its_table(tmp_path):
    ex = _extract(tmp_path, "179", PROVINCIAL_PLAN)
    table_rows = [r for r in ex.responsibilities if r.actor == "Sở Khoa học và Công nghệ" and r.partners]
    assert any("UBND các phường, xã" in r.partners for r in table_rows), [(r.actor, r.partners) for r in ex.responsibilities]
    texts = [" ".join(r.item_text.split()) for r in directive_items("179", ex, "xa")]
    assert any(t.startswith("Xây dựng Kế hoạch đẩy mạnh phát triển hạ tầng kết nối số") for t in texts), texts  # a partner row
    assert not any(t.startswith("Xây dựng cơ sở dữ liệu chuyên ngành") for t in texts), texts  # the departments' row
    assert any(t.startswith("Rút ngắn thời gian thực hiện thủ tục hành chính") for t in texts), texts  # between bullets
    assert any(t.startswith("Đẩy mạnh cải cách hành chính cho doanh nghiệp") for t in texts), texts
    assert any(t.startswith("Tổ chức các Tổ công nghệ số cộng đồng") for t in texts), texts  # GIẢI PHÁP
    assert not any("hồ sơ sức khỏe" in t for t in texts), texts  # "2. Sở Y tế": one department's own tasks
    assert not any(t.startswith("Đến năm 2030, tỷ trọng kinh tế số") for t in texts), texts  # a target, no ask


CHI_THI = """ỦY BAN NHÂN DÂN
TỈNH ĐẮK LẮK
Số: 010/CT-UBND
Đắk Lắk, ngày 17 tháng 11 năm 2025
CHỈ THỊ
Về việc tăng cường phối hợp thẩm định giải quyết thủ tục đầu tư
Để nâng cao hiệu lực, hiệu quả trong công tác quản lý nhà nước về đầu tư, Chủ tịch UBND tỉnh yêu cầu Thủ trưởng các sở, ban, ngành và Chủ tịch UBND các xã, phường nâng cao trách nhiệm, tập trung thực hiện các nội dung sau:
II. Trách nhiệm phối hợp giải quyết thủ tục đầu tư và quản lý dự án
**3. Cơ quan chủ trì giải quyết thủ tục đầu tư dự án**
a) Hướng dẫn và tạo điều kiện giải quyết nhanh các thủ tục đầu tư thuộc thẩm quyền:
b) Chủ động phối hợp với các cơ quan, đơn vị, địa phương liên quan khác để giải quyết trong thời hạn quy định theo đúng chức năng, nhiệm vụ, quyền hạn và phạm vi quản lý.
4. Cơ quan phối hợp có trách nhiệm trả lời bằng văn bản, nêu rõ quan điểm và đúng thời gian quy định khi được cơ quan chủ trì lấy ý kiến; làm rõ nội dung khi được cơ quan chủ trì yêu cầu bổ sung.
5. Để nâng cao hiệu lực, hiệu quả quản lý nhà nước về đầu tư, tăng cường công tác đánh giá, kiểm tra và giám sát các dự án đầu tư, các Sở, ngành, UBND cấp xã và các đơn vị có liên quan theo chức năng, nhiệm vụ, thẩm quyền quy định triển khai thực hiện những nội dung sau:
a) Định kỳ đánh giá tình hình hoạt động của các dự án đầu tư theo lĩnh vực, địa bàn được giao, kịp thời phát hiện, xử lý các trường hợp lợi dụng quy định của pháp luật để thực hiện các hoạt động đầu tư, kinh doanh không lành mạnh.
b) Tham gia kiểm tra, khảo sát vị trí đầu tư xây dựng; tham gia công tác giám sát, đánh giá đầu tư hoặc kiểm tra định kỳ hay đột xuất dự án đầu tư theo quy định.
III. Tổ chức thực hiện
1. Giao Sở Tài chính chủ trì theo dõi, tổng hợp các khó khăn, vướng mắc, kịp thời báo cáo UBND tỉnh.
Nơi nhận:
- UBND các xã, phường;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Trương Công Thái
"""


def test_the_entries_of_a_list_addressed_to_communes_are_their_items(tmp_path):
    # eval/crosscheck-blind/b: the chỉ thị asks the communes in its opening; II.5's lead-in ends "… những nội dung
    # sau:", its a), b) are their asks (entries of II, not of 3.a); the lead-in and its purpose clause are none
    ex = _extract(tmp_path, "010", CHI_THI)
    texts = [" ".join(r.item_text.split()) for r in directive_items("010", ex, "xa")]
    assert any(t.startswith("Định kỳ đánh giá tình hình hoạt động của các dự án đầu tư") for t in texts), texts
    assert any(t.startswith("Tham gia kiểm tra, khảo sát vị trí đầu tư xây dựng") for t in texts), texts
    assert not any(t.endswith("nội dung sau:") or t.startswith("Để nâng cao") for t in texts), texts
    assert not any(t.startswith("Chủ động phối hợp với các cơ quan") for t in texts), texts  # the lead body's own
