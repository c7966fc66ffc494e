"""`kehoach report [--unit "huyện Hớn Quản"] [--data DIR] [--out DIR]`: cross-check what was
ingested and write the compliance report (HTML + Excel + one page per document)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer


def report(
    unit: str | None = typer.Option(
        None, "--unit", "-u", help='Đơn vị ban hành văn bản chỉ đạo, ví dụ "huyện Hớn Quản" / issuing unit of the directives'
    ),
    data: Path | None = typer.Option(None, "--data", "-d", help="Thư mục bảng dữ liệu (mặc định data/processed) / tables folder"),
    out: Path | None = typer.Option(None, "--out", "-o", help="Thư mục báo cáo (mặc định <data>/bao-cao) / report folder"),
) -> None:
    """Đối chiếu kế hoạch cấp dưới với văn bản cấp trên và lập báo cáo / cross-check and write the report."""
    from kehoach.crosscheck.coverage import THRESHOLDS
    from kehoach.crosscheck.run import run_crosscheck
    from kehoach.present.report import report_from_store
    from kehoach.store.read import default_data_dir, load_crosscheck, table_counts

    data_dir = (data or default_data_dir()).resolve()
    if not table_counts(data_dir).get("documents"):
        print(
            f"Chưa có văn bản nào được nạp trong {data_dir}; hãy chạy `kehoach ingest THƯ_MỤC` trước. / "
            f"nothing ingested in {data_dir}; run `kehoach ingest FOLDER` first.",
            file=sys.stderr,
        )
        raise typer.Exit(2)
    out_dir = (out or data_dir / "bao-cao").resolve()
    if load_crosscheck(data_dir) is None:  # ingested with --no-crosscheck: cross-check once, then report
        run_crosscheck(data_dir)
    paths = report_from_store(data_dir, out_dir, unit, THRESHOLDS)
    typer.echo(f"Báo cáo / report: {paths.html}")
    typer.echo(f"Excel: {paths.xlsx}")
    typer.echo(f"Văn bản / documents: {len(paths.doc_pages)} trang trong / pages in {out_dir / 'van-ban'}")


def register(app: typer.Typer) -> None:
    app.command("report")(report)
