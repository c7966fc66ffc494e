"""Document types: their names, the type line of a header, and the abbreviation in a number.

The one table of document types (every extractor, the cross-check and the report read it):

- **names** as written in running text (``Quyết định số 77/QĐ-UBND``, ``Kế hoạch ngày …``) and,
  in capitals, as the type line of a header (``KẾ HOẠCH``, ``QUYẾT ĐỊNH``);
- **abbreviations** in the số và ký hiệu: Nghị định 30/2020/NĐ-CP, Phụ lục III, Mục I
  (``../shared/reference/nd30.txt``): ``NQ``, ``QĐ``, ``CT``, ``QC``, ``QyĐ``, ``TC``, ``TB``,
  ``HD``, ``CTr``, ``KH``, ``PA``, ``ĐA``, ``DA``, ``BC``, ``BB``, ``TTr``, ``HĐ``, ``CĐ``,
  ``BGN``, ``BTT``, ``GUQ``, ``GM``, ``GGT``, ``GNP``, ``PG``, ``PC``, ``PB``; legal and Party
  documents add ``NĐ`` (nghị định), ``TT`` (thông tư), ``TTLT``, ``KL`` (kết luận), ``L`` (luật),
  ``PL`` (pháp lệnh); practice adds ``CV`` (công văn) and unaccented ``QD``, ``ND`` (typed or OCR'd).
- ND30 gives công văn no abbreviation: a number without a type abbreviation (``503/UBND-NV``) is
  a công văn.

Types outside the contract's enum map to ``DocType.other``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kehoach.schemas.contract import DocType
from kehoach.text.forms import is_all_caps


@dataclass(frozen=True)
class TypeName:
    name: str  # as written in running text: "Kế hoạch"; the type line is the same in capitals
    doc_type: DocType
    abbreviation: str | None = None  # ND30 Phụ lục III (or legal practice), as printed: "TTr"
    type_line: bool = True  # may stand alone as a header's type line ("KẾ HOẠCH"); "văn bản" may not


TYPE_NAMES: tuple[TypeName, ...] = (
    # Phụ lục III, Mục I, in its order; then công văn (no abbreviation).
    TypeName("Nghị quyết", DocType.nghi_quyet, "NQ"),
    TypeName("Quyết định", DocType.quyet_dinh, "QĐ"),
    TypeName("Chỉ thị", DocType.chi_thi, "CT"),
    TypeName("Quy chế", DocType.other, "QC"),
    TypeName("Quy định", DocType.other, "QyĐ"),
    TypeName("Thông cáo", DocType.other, "TC"),
    TypeName("Thông báo", DocType.thong_bao, "TB"),
    TypeName("Hướng dẫn", DocType.huong_dan, "HD"),
    TypeName("Chương trình", DocType.chuong_trinh, "CTr"),
    TypeName("Kế hoạch", DocType.ke_hoach, "KH"),
    TypeName("Phương án", DocType.other, "PA"),
    TypeName("Đề án", DocType.other, "ĐA"),
    TypeName("Dự án", DocType.other, "DA"),
    TypeName("Báo cáo", DocType.bao_cao, "BC"),
    TypeName("Biên bản", DocType.other, "BB"),
    TypeName("Tờ trình", DocType.to_trinh, "TTr"),
    TypeName("Hợp đồng", DocType.other, "HĐ"),
    TypeName("Công điện", DocType.other, "CĐ"),
    TypeName("Bản ghi nhớ", DocType.other, "BGN"),
    TypeName("Bản thỏa thuận", DocType.other, "BTT"),
    TypeName("Giấy ủy quyền", DocType.other, "GUQ"),
    TypeName("Giấy mời", DocType.other, "GM"),
    TypeName("Giấy giới thiệu", DocType.other, "GGT"),
    TypeName("Giấy nghỉ phép", DocType.other, "GNP"),
    TypeName("Phiếu gửi", DocType.other, "PG"),
    TypeName("Phiếu chuyển", DocType.other, "PC"),
    TypeName("Phiếu báo", DocType.other, "PB"),
    TypeName("Công văn", DocType.cong_van, "CV"),
    # Legal documents (Luật Ban hành văn bản quy phạm pháp luật) and Party documents.
    TypeName("Luật", DocType.other, "L"),
    TypeName("Bộ luật", DocType.other),
    TypeName("Pháp lệnh", DocType.other, "PL"),
    TypeName("Nghị định", DocType.other, "NĐ"),
    TypeName("Thông tư liên tịch", DocType.other, "TTLT"),
    TypeName("Thông tư", DocType.other, "TT"),
    TypeName("Kết luận", DocType.other, "KL"),
    TypeName("Thông tri", DocType.other),
    # Names seen in headers and citations without an abbreviation of their own.
    TypeName("Điều lệ", DocType.other),
    TypeName("Phụ lục", DocType.other),
    TypeName("Phiếu trình", DocType.other),
    TypeName("Đơn đề nghị", DocType.other),
    TypeName("Văn bản", DocType.cong_van, type_line=False),  # "Văn bản số 503/UBND-NV": a công văn
)
# Spellings of abbreviations without the Đ, as typed on keyboards without Vietnamese or OCR'd.
UNACCENTED_ABBREVIATIONS: dict[str, str] = {"QD": "QĐ", "ND": "NĐ"}

_BY_NAME: dict[str, TypeName] = {t.name.lower(): t for t in TYPE_NAMES}
_BY_ABBREVIATION: dict[str, DocType] = {t.abbreviation.upper(): t.doc_type for t in TYPE_NAMES if t.abbreviation}
_BY_ABBREVIATION.update({plain: _BY_ABBREVIATION[abbr.upper()] for plain, abbr in UNACCENTED_ABBREVIATIONS.items()})


def _alternation(names: list[str]) -> str:
    """Names as a regex alternation, longest first ("Thông tư liên tịch" before "Thông tư")."""
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


# Every type name as a regex alternation (use it case-insensitively: "Quyết định", "QUYẾT ĐỊNH").
TYPE_NAME_PATTERN = _alternation([t.name for t in TYPE_NAMES])
# A type name in running text, any case, as a whole word; a digit may stick to it in scraped lists
# ("- 2Thông tư 167/2012/TT-BTC").
TYPE_WORD_RE = re.compile(rf"(?<![^\W\d_])(?:{TYPE_NAME_PATTERN})(?!\w)", re.I)
# A header's type line: the name in capitals, then the start of the trích yếu on the same line, if any.
TYPE_LINE_RE = re.compile(r"^(" + _alternation([t.name.upper() for t in TYPE_NAMES if t.type_line]) + r")\b\s*[:.]?\s*(.*)$")


def unglue_type_line(text: str) -> tuple[str, int | None]:
    """A type line glued to its trích yếu by a scrape ("NGHỊ QUYẾTVề việc …", "NGHỊ ĐỊNHQuy định …"):
    (the text with a space put back, where it was put) — (text, None) when nothing is glued."""
    for k in range(4, min(len(text) - 1, 40)):
        if text[k + 1].islower():
            if text[k].isupper() and text[k - 1].isupper() and is_all_caps(text[:k]):
                return f"{text[:k]} {text[k:]}", k
            break
    return text, None


def type_of_name(name: str) -> DocType | None:
    """'Kế hoạch' / 'KẾ HOẠCH' / 'kế hoạch' → ke_hoach; an unknown name → None."""
    t = _BY_NAME.get(" ".join(name.split()).lower())
    return t.doc_type if t else None


def type_of_type_line(name: str) -> DocType | None:
    """'KẾ HOẠCH' → ke_hoach: the type a header's type line names ('VĂN BẢN' names none)."""
    t = _BY_NAME.get(" ".join(name.split()).lower())
    return t.doc_type if t and t.type_line else None


def type_of_abbreviation(abbreviation: str) -> DocType | None:
    """'KH' → ke_hoach, 'TTr' → to_trinh, 'NĐ' → other; not a type abbreviation ('UBND') → None."""
    return _BY_ABBREVIATION.get(abbreviation.upper())


def type_of_symbol(symbol: str) -> DocType:
    """The type a ký hiệu gives ('KH-UBND' → ke_hoach, '2020/NĐ-CP' → other): its first group that
    is not a year; no type abbreviation there ('UBND-NV') → cong_van (ND30: công văn have none)."""
    for group in re.split(r"[-/.]", re.sub(r"\s+", "", symbol)):
        if not group or re.fullmatch(r"\d{4}", group):
            continue
        return type_of_abbreviation(group) or DocType.cong_van
    return DocType.other


def type_label(doc_type: DocType | str) -> str:
    """The Vietnamese name of a contract type for people ('ke_hoach' → 'Kế hoạch'); other → 'Văn bản'."""
    value = getattr(doc_type, "value", doc_type)
    if value == DocType.other.value:
        return "Văn bản"
    return next(t.name for t in TYPE_NAMES if t.doc_type.value == value)
