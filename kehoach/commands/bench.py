"""`kehoach bench`: extraction speed per format (see kehoach.pipeline.benchmark)."""

from __future__ import annotations

from pathlib import Path

import typer


def bench(
    paths: list[Path] = typer.Argument(None, help="Tệp hoặc thư mục / files or folders (default: samples/ and ../shared/corpus)"),
    repeat: int = typer.Option(3, help="Số lần lặp / repetitions per file"),
    ocr: bool = typer.Option(False, "--ocr", help="Gồm cả PDF quét / include scanned PDFs (slow)"),
) -> None:
    """Đo tốc độ trích xuất / measure extraction speed (documents per second per format)."""
    from kehoach.pipeline.benchmark import run_benchmark

    if not paths:
        root = Path(__file__).resolve().parents[2]
        paths = [p for p in (root / "samples", root.parent / "shared" / "corpus") if p.exists()]
    typer.echo(run_benchmark(paths, repeat=repeat, include_ocr=ocr))


def register(app: typer.Typer) -> None:
    app.command("bench")(bench)
