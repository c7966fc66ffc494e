"""Build a canonical document from a snippet of text (tests only)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from kehoach.read.normalize import normalize_document
from kehoach.read.text import read_text
from kehoach.schemas.document import CanonicalDocument


def doc_from_text(text: str, name: str = "snippet.md") -> CanonicalDocument:
    data = text.encode("utf-8")
    return normalize_document(read_text(Path(name), data, hashlib.sha256(data).hexdigest()))


# A commune's plan whose funding sentence cites a resolution: a citation inside a budget span.
FUNDED_PLAN = """ỦY BAN NHÂN DÂN
XÃ TÂN AN

Số: 12/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

Tân An, ngày 20 tháng 3 năm 2024

KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2024

I. MỤC ĐÍCH, YÊU CẦU
Nâng cao nhận thức của cán bộ, công chức về cải cách hành chính.

II. KINH PHÍ
Kinh phí thực hiện: 50.000.000 đồng từ nguồn ngân sách xã, bố trí theo Nghị quyết số 05/NQ-HĐND ngày 15/01/2024 của Hội đồng nhân dân xã.

III. TỔ CHỨC THỰC HIỆN
Công chức Văn hóa - Xã hội chủ trì, hoàn thành trước ngày 30/6/2024.

Nơi nhận:
- Lưu: VT.
"""
