"""`kehoach extract FILE [-o OUT]`: print the contract JSON of one document."""

from __future__ import annotations

import sys
from pathlib import Path

import typer


def extract_or_exit(file: Path):
    """The file's Extraction; an unreadable file exits 2 and a bug exits 3, each with one coded
    line on stderr (never a traceback for the user)."""
    from kehoach.extract import extract_file
    from kehoach.schemas.errors import ErrorCode, ReadError

    try:
        return extract_file(file)
    except ReadError as e:
        print(str(e), file=sys.stderr)
        raise typer.Exit(2) from None
    except Exception as e:
        print(f"{ErrorCode.E900.value} Lỗi nội bộ / internal error: {type(e).__name__}: {e}", file=sys.stderr)
        raise typer.Exit(3) from None


def extract(
    file: Path = typer.Argument(..., help="Tệp PDF, DOCX, TXT hoặc MD / a PDF, DOCX, TXT or MD file"),
    out: Path | None = typer.Option(None, "-o", "--out", help="Ghi JSON ra tệp / write the JSON to this file"),
    compact: bool = typer.Option(False, "--compact", help="JSON trên một dòng / one-line JSON"),
) -> None:
    """Trích xuất một văn bản ra JSON theo hợp đồng / extract one document to the contract JSON."""
    result = extract_or_exit(file)
    payload = result.model_dump_json(indent=None if compact else 1)
    if out:
        from kehoach.commands import output_errors

        with output_errors():  # full disk, read-only or unwritable: one coded line, exit 2
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(payload + "\n", encoding="utf-8")
    else:
        sys.stdout.write(payload + "\n")


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)
