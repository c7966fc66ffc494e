"""`kehoach show FILE --html OUT.html`: the document's text with every extracted span highlighted."""

from __future__ import annotations

import sys
from pathlib import Path

import typer


def show(
    file: Path = typer.Argument(..., help="Tệp PDF, DOCX, TXT hoặc MD / a PDF, DOCX, TXT or MD file"),
    html_out: Path = typer.Option(..., "--html", help="Tệp HTML sẽ ghi / the HTML file to write"),
) -> None:
    """Tô sáng bằng chứng trích xuất trong văn bản / highlight the extracted evidence in the text (HTML, offline)."""
    from kehoach.commands.extract import extract_or_exit
    from kehoach.present.highlight import render_html

    result = extract_or_exit(file)
    page = render_html(result)
    html_out.parent.mkdir(parents=True, exist_ok=True)
    html_out.write_text(page, encoding="utf-8")
    n = len(result.citations) + len(result.deadlines) + len(result.responsibilities) + len(result.criteria)
    print(f"{html_out} ({n} mục / items)", file=sys.stderr)


def register(app: typer.Typer) -> None:
    app.command("show")(show)
