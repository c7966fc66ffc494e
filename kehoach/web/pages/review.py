"""Duyệt / review: confirm or change a coverage status, or correct a header field (number, date,
issuer), always with a note. The one place the web app writes: a correction appended through
:mod:`kehoach.store.corrections` (never the machine's tables). Also the list of cells waiting
for a person ("Một phần" not reviewed yet) and the history of corrections."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse

from kehoach.present.corrections import header_value
from kehoach.store.corrections import CorrectionError, add_corrections, make_correction
from kehoach.text.dates import NUMERIC_DAY_RE, iso
from kehoach.web import queries
from kehoach.web.pages.matrix import cell_context
from kehoach.web.render import data_dir, render, templates, user

router = APIRouter()
NAV = (30, "Duyệt", "/hieu-chinh")
WITHDRAW_NOTE = "Hủy hiệu chỉnh, trở về kết quả của máy"


@router.get("/hieu-chinh")
def review_page(request: Request):
    model = queries.report(data_dir(request))
    if model is None:
        return render(request, "review.html.j2", waiting=[], reviewed=None, by_id={})
    reviewed, by_id, dup = model["reviewed"], model["by_id"], model["dup_of"]
    waiting = [
        c
        for c in reviewed.result.coverage
        if c.status.value in ("partial", "needs_review")
        and c.lower_doc_id not in dup
        and (c.lower_doc_id, c.directive_doc_id, c.item_id) not in reviewed.coverage
    ]
    return render(request, "review.html.j2", waiting=waiting, reviewed=reviewed, by_id=by_id)


@router.post("/hieu-chinh/o")
async def review_cell(request: Request):
    form = await request.form()
    higher, lower, item = (str(form.get(k, "")) for k in ("directive_doc_id", "lower_doc_id", "item_id"))
    data = data_dir(request)
    ctx = cell_context(data, higher, lower, item)
    cell = ctx["cell"]
    withdraw = form.get("withdraw") == "1"
    error = None
    try:
        row = make_correction(
            "coverage",
            lower,
            "status",
            old_value=cell.review.machine if cell.review else cell.status,
            new_value=None if withdraw else str(form.get("status", "")),
            note=WITHDRAW_NOTE if withdraw and not str(form.get("note", "")).strip() else str(form.get("note", "")),
            author=_author(request, form),
            directive_doc_id=higher,
            item_id=item,
            item_text=cell.directive.item_text,
        )
        if row.new_value is not None and row.new_value not in ("implemented", "partial", "needs_review", "missing"):
            raise CorrectionError(f"Mức độ không hợp lệ / unknown status: {row.new_value}")
        add_corrections(data, [row])
    except CorrectionError as e:
        error = str(e)
    if request.headers.get("hx-request"):
        fresh = cell_context(data, higher, lower, item)
        return templates().TemplateResponse(
            request,
            "_review.html.j2",
            {**fresh, "saved": error is None, "error": error, "user": user(request)},
            status_code=400 if error else 200,
        )
    if error:
        return render(request, "cell.html.j2", status_code=400, error=error, saved=False, **ctx)
    return RedirectResponse(f"/ma-tran/{higher}/o/{lower}/{item}?saved=1", status_code=303)


def _author(request: Request, form) -> str | None:
    """The signed-in user, else the name typed in the form (on the office machine, no password)."""
    return user(request) or (str(form.get("author", "")).strip()[:100] or None)


def iso_day(value: str) -> str:
    """A day as offices write it ("20/03/2024", "20-3-2024") → ISO; anything else unchanged
    (the correction's own check then refuses what is not a date)."""
    m = NUMERIC_DAY_RE.fullmatch(value)
    if m and m["y"]:
        return iso(int(m["y"]), int(m["m"]), int(m["d"])) or value
    return value


@router.post("/hieu-chinh/van-ban/{doc_id}")
async def review_header(request: Request, doc_id: str):
    form = await request.form()
    data = data_dir(request)
    found = queries.document(data, doc_id)
    if found is None:
        raise HTTPException(404, "Không có văn bản này / no such document")
    field = str(form.get("field", ""))
    try:
        if field not in ("number", "issued_date", "issuer_name", "issuer_level", "issuer_place"):
            raise CorrectionError(f"Không sửa được trường / cannot correct {field!r}")
        new_value = str(form.get("new_value", "")).strip()
        if field == "issued_date":
            new_value = iso_day(new_value)
        if field == "issuer_level" and new_value not in ("xa", "huyen", "tinh", "trung_uong"):
            raise CorrectionError("Cấp phải là xa, huyen, tinh hoặc trung_uong / level must be xa, huyen, tinh or trung_uong")
        row = make_correction(
            "documents",
            doc_id,
            field,
            header_value(found[1], field),
            new_value,
            str(form.get("note", "")),
            author=_author(request, form),
        )
        add_corrections(data, [row])
    except CorrectionError as e:
        return render(request, "error.html.j2", status_code=400, message=str(e), back=f"/van-ban/{doc_id}")
    return RedirectResponse(f"/van-ban/{doc_id}", status_code=303)
