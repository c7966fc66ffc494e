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
    E006 = "E006"  # no permission to read the file or folder
    E007 = "E007"  # symbolic link pointing out of the drop folder
    E008 = "E008"  # not a regular file (FIFO, socket, device)
    E009 = "E009"  # symbolic link to nothing (dangling, or a loop)
    E010 = "E010"  # extraction ran past the time limit per file
    E011 = "E011"  # extraction ran past the memory limit per file
    E012 = "E012"  # the extraction worker died (crash)
    E013 = "E013"  # more lines (blocks) than any document: kehoach.read.MAX_LINES
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
    # writing results (ingest, report, query --output, extract -o): the command stops, old tables stay
    E401 = "E401"  # disk full or over quota (ENOSPC, EDQUOT)
    E402 = "E402"  # read-only file system (EROFS)
    E403 = "E403"  # no permission to write there (EACCES, EPERM)
    # kehoach query / the web SQL page (kehoach.store.query): the query is refused, nothing runs on
    E501 = "E501"  # empty SQL
    E502 = "E502"  # SQL error (syntax, unknown table or column, …)
    E503 = "E503"  # a statement that would change the database
    E504 = "E504"  # access to files, the network or extensions outside the database
    E505 = "E505"  # changing a database setting
    E506 = "E506"  # no database yet
    E507 = "E507"  # query ran out of memory


MESSAGES: dict[ErrorCode, tuple[str, str]] = {
    ErrorCode.E001: ("Không tìm thấy tệp", "File not found"),
    ErrorCode.E002: (
        "Định dạng tệp không được hỗ trợ (chỉ nhận PDF, DOCX, DOC, TXT, MD)",
        "Unsupported file type (PDF, DOCX, DOC, TXT, MD only)",
    ),
    ErrorCode.E003: ("Tệp rỗng", "File is empty"),
    ErrorCode.E004: ("Tệp vượt giới hạn kích thước hoặc tài nguyên", "File exceeds a size or resource limit"),
    ErrorCode.E005: ("Tệp đang được sao chép, sẽ xử lý sau", "File is still being copied; will be processed later"),
    ErrorCode.E006: ("Không có quyền đọc tệp", "No permission to read the file"),
    ErrorCode.E007: (
        "Liên kết tượng trưng trỏ ra ngoài thư mục nạp, không đọc",
        "Symbolic link points out of the drop folder; not read",
    ),
    ErrorCode.E008: (
        "Không phải tệp thông thường (FIFO, socket, thiết bị), không đọc",
        "Not a regular file (FIFO, socket, device); not read",
    ),
    ErrorCode.E009: ("Liên kết tượng trưng hỏng (không trỏ tới tệp nào)", "Broken symbolic link (points to nothing)"),
    ErrorCode.E010: (
        "Xử lý tệp quá thời gian cho phép (thử lại khi tệp hoặc giới hạn thay đổi)",
        "Processing the file ran past the time limit (retried when the file or the limit changes)",
    ),
    ErrorCode.E011: (
        "Xử lý tệp vượt giới hạn bộ nhớ (thử lại khi tệp hoặc giới hạn thay đổi)",
        "Processing the file ran past the memory limit (retried when the file or the limit changes)",
    ),
    ErrorCode.E012: (
        "Tiến trình đọc tệp bị dừng bất thường (thử lại khi tệp thay đổi)",
        "The process reading the file crashed (retried when the file changes)",
    ),
    ErrorCode.E013: ("Tệp có quá nhiều dòng", "File has too many lines"),
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
    ErrorCode.E401: (
        "Ổ đĩa đầy, không ghi được kết quả; bảng cũ vẫn còn nguyên",
        "Disk full, results not written; the previous tables are intact",
    ),
    ErrorCode.E402: (
        "Thư mục đích chỉ cho đọc, không ghi được kết quả; bảng cũ vẫn còn nguyên",
        "Output is on a read-only file system, results not written; the previous tables are intact",
    ),
    ErrorCode.E403: (
        "Không có quyền ghi vào thư mục đích; bảng cũ vẫn còn nguyên",
        "No permission to write the output, results not written; the previous tables are intact",
    ),
    ErrorCode.E501: ("Câu lệnh SQL rỗng", "Empty SQL"),
    ErrorCode.E502: ("Lỗi SQL", "SQL error"),
    ErrorCode.E503: (
        "Chỉ được đọc dữ liệu, không được ghi, sửa, tạo hay xóa bảng",
        "Read-only: statements that change the database are not allowed",
    ),
    ErrorCode.E504: (
        "Truy vấn không được đọc hay ghi tệp, mạng hoặc tiện ích mở rộng ngoài cơ sở dữ liệu",
        "Queries cannot read or write files, the network or extensions outside the database",
    ),
    ErrorCode.E505: ("Không được thay đổi cấu hình cơ sở dữ liệu", "Database settings cannot be changed"),
    ErrorCode.E506: (
        "Chưa có dữ liệu, hãy chạy kehoach ingest trước",
        "No database yet, run kehoach ingest first",
    ),
    ErrorCode.E507: ("Truy vấn vượt quá bộ nhớ", "Query ran out of memory"),
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


class WarningCode(StrEnum):
    """Coded notes kept in ``source.warnings``: the file was read, with something worth knowing."""

    W104 = "W104"  # converted from .doc (LibreOffice)
    W203 = "W203"  # scanned pages kept without OCR
    W301 = "W301"  # text decoded as Windows-1258/1252
    W302 = "W302"  # text converted from TCVN3 or VNI
    W303 = "W303"  # a letter cut off at the end of a text file
    W304 = "W304"  # a web page's own text around the document left out
    W401 = "W401"  # not an administrative document: no header fields


WARNING_MESSAGES: dict[WarningCode, tuple[str, str]] = {
    WarningCode.W104: ("Đã chuyển đổi từ tệp .doc", "Converted from .doc"),
    WarningCode.W203: ("Có trang quét chưa được nhận dạng chữ (OCR)", "Scanned pages kept without OCR"),
    WarningCode.W301: ("Đã giải mã theo Windows-1258/1252", "Decoded as Windows-1258/1252"),
    WarningCode.W302: ("Đã chuyển từ mã TCVN3 hoặc VNI sang Unicode", "Converted from TCVN3 or VNI to Unicode"),
    WarningCode.W303: ("Bỏ một ký tự bị cắt ở cuối tệp", "A letter cut off at the end of the file was dropped"),
    WarningCode.W304: ("Đã bỏ phần trang web quanh văn bản", "The web page's own text around the document was left out"),
    WarningCode.W401: ("Không phải văn bản hành chính", "Not an administrative document"),
}


def warning_line(code: WarningCode, detail: str | None = None) -> str:
    """One-line warning: ``W401 Không phải văn bản hành chính / Not an administrative document (question page)``."""
    vi, en = WARNING_MESSAGES[code]
    return f"{code.value} {vi} / {en}" + (f" ({detail})" if detail else "")
