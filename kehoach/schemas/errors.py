"""Coded, bilingual reasons why a file could not be read. Failures are data, never tracebacks.

Each code has a Vietnamese and an English message. Readers raise :class:`ReadError`; the CLI
prints ``E101 Tệp DOCX không có nội dung / DOCX has no body text`` and exits 2; the ingest flow
stores it as a ``rejections`` row and goes on with the next file.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from kehoach.schemas.document import Frozen


class ErrorCode(StrEnum):
    E001 = "E001"  # file does not exist
    E002 = "E002"  # unsupported extension
    E003 = "E003"  # empty file
    E004 = "E004"  # file too large / over a resource limit
    E005 = "E005"  # file still being copied (size changing)
    E101 = "E101"  # DOCX without body text
    E102 = "E102"  # DOCX corrupt / not a zip / not a Word document
    E103 = "E103"  # DOCX zip bomb or unsafe XML
    E104 = "E104"  # legacy .doc cannot be converted (LibreOffice missing or failed)
    E201 = "E201"  # PDF corrupt
    E202 = "E202"  # PDF password-protected
    E203 = "E203"  # PDF without text layer and OCR unavailable
    E204 = "E204"  # PDF too many pages
    E205 = "E205"  # OCR failed
    E301 = "E301"  # text file cannot be decoded
    E302 = "E302"  # text has no Vietnamese/administrative content (binary data)
    E900 = "E900"  # unexpected internal error (bug): reported, never fatal for a run
    E206 = "E206"  # PDF has no content at all (blank pages: no text, no images)


MESSAGES: dict[ErrorCode, tuple[str, str]] = {
    ErrorCode.E001: ("Không tìm thấy tệp", "File not found"),
    ErrorCode.E002: (
        "Định dạng tệp không được hỗ trợ (chỉ nhận PDF, DOCX, DOC, TXT, MD)",
        "Unsupported file type (PDF, DOCX, DOC, TXT, MD only)",
    ),
    ErrorCode.E003: ("Tệp rỗng", "File is empty"),
    ErrorCode.E004: ("Tệp vượt giới hạn kích thước hoặc tài nguyên", "File exceeds a size or resource limit"),
    ErrorCode.E005: ("Tệp đang được sao chép, sẽ xử lý sau", "File is still being copied; will be processed later"),
    ErrorCode.E101: ("Tệp DOCX không có nội dung", "DOCX has no body text"),
    ErrorCode.E102: ("Tệp DOCX bị hỏng hoặc không phải tài liệu Word", "DOCX is corrupt or not a Word document"),
    ErrorCode.E103: (
        "Tệp DOCX không an toàn (nén bất thường hoặc XML nguy hiểm)",
        "DOCX is unsafe (abnormal compression or dangerous XML)",
    ),
    ErrorCode.E104: (
        "Không chuyển đổi được tệp .doc (cần LibreOffice: apt-get install libreoffice-writer-nogui)",
        "Cannot convert .doc (needs LibreOffice: apt-get install libreoffice-writer-nogui)",
    ),
    ErrorCode.E201: ("Tệp PDF bị hỏng", "PDF is corrupt"),
    ErrorCode.E202: ("Tệp PDF có mật khẩu", "PDF is password-protected"),
    ErrorCode.E203: (
        "PDF là bản quét, không có lớp chữ; cần OCR (apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils)",
        "Scanned PDF without a text layer; needs OCR (apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils)",
    ),
    ErrorCode.E204: ("Tệp PDF quá nhiều trang", "PDF has too many pages"),
    ErrorCode.E205: ("Nhận dạng chữ (OCR) thất bại", "OCR failed"),
    ErrorCode.E301: ("Không đọc được mã hóa ký tự của tệp văn bản", "Cannot decode the text file"),
    ErrorCode.E302: ("Tệp không chứa văn bản đọc được", "File holds no readable text"),
    ErrorCode.E900: ("Lỗi nội bộ khi xử lý tệp", "Internal error while processing the file"),
    ErrorCode.E206: ("Tệp PDF không có nội dung (trang trắng)", "PDF has no content (blank pages)"),
}


class Rejection(Frozen):
    """Why a file was set aside: stored as a `rejections` row."""

    path: str = Field(description="Path of the rejected file.")
    sha256: str | None = Field(default=None, description="SHA-256 of its bytes, when it could be read.")
    code: ErrorCode = Field(description="Error code, e.g. E202.")
    reason_vi: str = Field(description="Reason in Vietnamese.")
    reason_en: str = Field(description="Reason in English.")
    detail: str | None = Field(default=None, description="Technical detail (library message), for the log.")

    def line(self) -> str:
        """One-line reason: ``E202 Tệp PDF có mật khẩu / PDF is password-protected``."""
        extra = f" ({self.detail})" if self.detail else ""
        return f"{self.code.value} {self.reason_vi} / {self.reason_en}{extra}"


class ReadError(Exception):
    """Raised by readers; carries a code and an optional technical detail."""

    def __init__(self, code: ErrorCode, detail: str | None = None) -> None:
        self.code = code
        self.detail = detail
        vi, en = MESSAGES[code]
        super().__init__(f"{code.value} {vi} / {en}" + (f" ({detail})" if detail else ""))

    def to_rejection(self, path: str, sha256: str | None = None) -> Rejection:
        vi, en = MESSAGES[self.code]
        return Rejection(path=path, sha256=sha256, code=self.code, reason_vi=vi, reason_en=en, detail=self.detail)
