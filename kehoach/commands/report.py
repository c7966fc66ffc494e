"""`kehoach report [--unit "huyện Hớn Quản"] [--data DIR] [--out DIR]`: cross-check what was
ingested (if it was not yet) and write the compliance report: HTML, Excel, one page per document,
one printable page and A4 PDF per lower unit with a plan. Default folder: ``data/reports`` (the
``reports`` folder beside the tables folder), the same one ``make demo`` writes."""

from __future__ import annotations

import sys
from pathlib import Path

import typer


def default_report_dir(data_dir: Path) -> Path:
    """``data/processed`` → ``data/reports``: reports sit beside the tables folder."""
    return data_dir.parent / "reports"


def report(
    unit: str | None = typer.Option(
        None,
        "--unit",
        "-u",
        help='Đơn vị, ví dụ "huyện Hớn Quản" hoặc "xa minh tam" (không dấu cũng được) / unit, tone marks optional',
    ),
    data: Path | None = typer.Option(None, "--data", "-d", help="Thư mục bảng dữ liệu (mặc định data/processed) / tables folder"),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Thư mục báo cáo (mặc định data/reports, cạnh thư mục bảng) / report folder"
    ),
    pdf: bool = typer.Option(True, "--pdf/--no-pdf", help="In PDF A4 cho từng đơn vị (cần Chromium) / per-unit A4 PDFs"),
) -> None:
    """Đối chiếu kế hoạch cấp dưới với văn bản cấp trên và lập báo cáo / cross-check and write the report."""
    from kehoach.commands import output_errors
    from kehoach.crosscheck.coverage import THRESHOLDS
    from kehoach.crosscheck.run import run_crosscheck
    from kehoach.present.model import resolve_scope, suggest_unit
    from kehoach.present.report import load_sources, write_report
    from kehoach.present.unit_pages import find_chromium
    from kehoach.store.read import default_data_dir, table_counts

    data_dir = (data or default_data_dir()).resolve()
    if not table_counts(data_dir).get("documents"):
        print(
            f"Chưa có văn bản nào được nạp trong {data_dir}; hãy chạy `kehoach ingest THƯ_MỤC` trước. / "
            f"nothing ingested in {data_dir}; run `kehoach ingest FOLDER` first.",
            file=sys.stderr,
        )
        raise typer.Exit(2)
    out_dir = (out or default_report_dir(data_dir)).resolve()
    src = load_sources(data_dir)  # the stored cross-check is read once, here
    if src is None:  # ingested with --no-crosscheck: cross-check once, then report
        with output_errors():
            run_crosscheck(data_dir)
        src = load_sources(data_dir)
    if unit:
        highers, _ = resolve_scope(src.result, dict(src.items), unit)
        if not highers:
            hint = suggest_unit(unit, src.result)
            tail = f" Có phải / did you mean: “{hint}”?" if hint else ""
            print(
                f"Không có đơn vị “{unit}” trong các văn bản đã nạp / no unit “{unit}” in the ingested documents.{tail}",
                file=sys.stderr,
            )
            raise typer.Exit(2)
    with output_errors():  # full disk, read-only or unwritable: one coded line, exit 2, old report intact
        paths = write_report(src, out_dir, unit, THRESHOLDS, pdf=pdf)
    typer.echo(f"Báo cáo / report: {paths.html}")
    typer.echo(f"Excel: {paths.xlsx}")
    typer.echo(f"Văn bản / documents: {len(paths.doc_pages)} trang trong / pages in {out_dir / 'van-ban'}")
    if paths.unit_pages:
        typer.echo(f"Đơn vị / units: {len(paths.unit_pages)} trang, {len(paths.unit_pdfs)} PDF trong / in {out_dir / 'don-vi'}")
        if pdf and not paths.unit_pdfs and not find_chromium():
            print("Không có Chromium nên không in PDF / no Chromium found: no PDFs written", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
