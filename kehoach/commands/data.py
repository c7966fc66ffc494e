"""Data commands: `kehoach ingest`, `kehoach watch`, `kehoach query`, `kehoach tables`.

Heavy imports (Prefect, DuckDB, pandas) happen inside the commands so `kehoach --help` stays fast.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn, TextIO

import typer

from kehoach.commands import failed_write_line, output_errors

OUT_HELP = "Thư mục bảng dữ liệu / tables folder (mặc định / default: data/processed)"


def _out(out: Path | None) -> Path:
    from kehoach.store.read import default_data_dir

    return (out or default_data_dir()).resolve()


def _quiet_prefect(verbose: bool) -> None:
    """Prefect's INFO lines would break the progress bar; they stay available with --verbose. Its
    console shows no task tracebacks either: a failed stage is in the summary (a failed write as one
    coded line); the Prefect UI still receives every log."""
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")


def _exit_on_sigterm() -> None:
    """SIGTERM ends the command like Ctrl+C does: ``finally`` blocks stop the temporary Prefect
    server and the extraction workers (which also die with this process: PR_SET_PDEATHSIG)."""
    import signal

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


SERVER_HELP = "Địa chỉ API của Prefect server (thay PREFECT_API_URL) / Prefect server API URL, e.g. http://host:4200/api"


def _use_server(server: str | None) -> None:
    """``--server URL`` is ``PREFECT_API_URL=URL`` (set before Prefect is imported)."""
    if server:
        os.environ["PREFECT_API_URL"] = server


def deploy(
    pool: str = typer.Option("kehoach", "--pool", help="Tên work pool (tạo nếu chưa có) / work pool name (created if missing)"),
    server: str | None = typer.Option(None, "--server", help=SERVER_HELP),
) -> None:
    """Đăng ký flow nạp văn bản trên Prefect server với một work pool / register the ingest flows on a Prefect work pool."""
    _use_server(server)
    if not os.environ.get("PREFECT_API_URL"):
        print("Cần --server URL hoặc PREFECT_API_URL / needs --server URL or PREFECT_API_URL", file=sys.stderr)
        raise typer.Exit(2)
    _quiet_prefect(False)
    from kehoach.flows.pool import deploy as register

    for name in register(pool):
        print(f"Đã đăng ký / deployed: {name} (work pool {pool})")
    print(f"Worker: prefect worker start --pool {pool} --limit 1   ·   kehoach ingest THƯ_MỤC --pool {pool}")


FILE_TIMEOUT_HELP = "Giới hạn thời gian mỗi tệp (giây) / time limit per file (seconds)"
FILE_MEMORY_HELP = "Giới hạn bộ nhớ mỗi tệp (MB) / memory limit per file (MB)"


def _print_summary(console, s: dict) -> None:
    from kehoach.ingest.discover import path_shown

    rows = [
        ("Đã xử lý / processed", str(s["processed"])),
        ("Bỏ qua vì không đổi / skipped as unchanged", str(s["unchanged"])),
        ("Bị từ chối / rejected", str(s["rejected"])),
    ]
    if s.get("removed"):
        rows.append(("Đã gỡ vì tệp không còn / removed (file gone)", str(s["removed"])))
    if s.get("pending"):
        rows.append(("Đang sao chép, để lần sau / still copying, next run", str(s["pending"])))
    if s.get("crosscheck"):
        rows.append(("Đối chiếu / cross-check", s["crosscheck"]))
    rows += [("Thời gian / time", f"{s['seconds']:.1f} s"), ("Bảng dữ liệu / tables", s["data_dir"])]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        console.print(f"{k.ljust(width)}  {v}", highlight=False, soft_wrap=True, markup=False)
    if s["rejections"]:
        console.print("Tệp không đọc được / files that could not be read:", style="bold", soft_wrap=True)
        for r in s["rejections"]:
            console.print(f"  [red]{r['code']}[/red] {_escape(path_shown(r['file']))}", highlight=False, soft_wrap=True)
            console.print(f"      {r['reason_vi']} / {r['reason_en']}", highlight=False, soft_wrap=True, markup=False)
    for stage, msg in (s.get("failures") or {}).items():
        console.print(
            f"[bold red]Lỗi / failed[/bold red] {stage}: {_escape(msg)}",
            highlight=False,
            soft_wrap=True,
        )


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def ingest(
    input_dir: Path = typer.Argument(Path("data/raw"), help="Thư mục văn bản / folder of documents"),
    out: Path | None = typer.Option(None, "--out", "-o", help=OUT_HELP),
    workers: int = typer.Option(1, "--workers", "-w", help="Số tiến trình trích xuất / extraction processes"),
    crosscheck: bool = typer.Option(
        True, "--crosscheck/--no-crosscheck", help="Đối chiếu sau khi nạp / cross-check after ingest"
    ),
    commit_every: int = typer.Option(100, "--commit-every", help="Lưu bảng sau mỗi N tệp / save the tables every N files"),
    file_timeout: float = typer.Option(600.0, "--file-timeout", help=FILE_TIMEOUT_HELP),
    file_memory: int = typer.Option(3072, "--file-memory", help=FILE_MEMORY_HELP),
    always_flow: bool = typer.Option(
        False, "--always-flow", help="Chạy flow Prefect cả khi không có gì đổi / run the Prefect flow even when nothing changed"
    ),
    server: str | None = typer.Option(None, "--server", help=SERVER_HELP),
    pool: str | None = typer.Option(
        None, "--pool", help="Trích xuất trên các worker của work pool này (kehoach deploy) / extract on this work pool's workers"
    ),
    shard_files: int = typer.Option(400, "--shard-files", help="Số tệp mỗi phần giao cho worker / files per shard on a pool"),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="In nhật ký Prefect / show Prefect logs"),
    as_json: bool = typer.Option(False, "--json", help="In tóm tắt JSON / print the summary as JSON"),
) -> None:
    """Nạp một thư mục văn bản vào các bảng / ingest a folder of documents into the tables."""
    if not input_dir.is_dir():
        print(f"Không có thư mục / no such folder: {input_dir}", file=sys.stderr)
        raise typer.Exit(2)
    _use_server(server)
    if pool and not os.environ.get("PREFECT_API_URL"):
        print("--pool cần một Prefect server (--server URL) / --pool needs a Prefect server (--server URL)", file=sys.stderr)
        raise typer.Exit(2)
    _exit_on_sigterm()
    from rich.console import Console

    from kehoach.ingest.plan import Limits

    limits = Limits(file_timeout, file_memory)
    summary = None
    if not always_flow and not os.environ.get("PREFECT_API_URL"):
        # nothing to do: the same loop without Prefect (no temporary server to start for nothing;
        # with a server configured, the flow always runs: it is cheap there and shows in the UI)
        from kehoach.ingest.plan import plan_ingest
        from kehoach.ingest.run import run_ingest
        from kehoach.store.read import crosscheck_current

        try:
            plan = plan_ingest(input_dir, _out(out), limits=limits)
            quiet = not plan.has_work and (not crosscheck or crosscheck_current(_out(out)))
        except Exception:  # the flow's plan stage meets it again and reports it
            quiet = False
        if quiet:
            summary = run_ingest(input_dir, _out(out), plan=plan, crosscheck=crosscheck, limits=limits).as_dict()
    if summary is None:
        summary = _run_flow(
            input_dir,
            _out(out),
            dict(
                workers=workers,
                crosscheck=crosscheck,
                commit_every=commit_every,
                file_timeout=file_timeout,
                file_memory_mb=file_memory,
                pool=pool,
                shard_files=shard_files,
            ),
            verbose,
        )
    # a stage that failed writing the tables (disk full, read-only, no permission): one coded line, exit 2
    written = {stage: failed_write_line(msg) for stage, msg in (summary.get("failures") or {}).items() if stage != "plan"}
    written = {stage: line for stage, line in written.items() if line}
    if as_json:
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    else:
        failures = {k: v for k, v in (summary.get("failures") or {}).items() if k not in written}
        _print_summary(Console(), {**summary, "failures": failures})
    if written:
        print(next(iter(written.values())), file=sys.stderr)
        raise typer.Exit(2)
    if summary.get("failures"):
        raise typer.Exit(1)


def _run_flow(input_dir: Path, out: Path, options: dict, verbose: bool) -> dict:
    """The ingest flow with a progress bar (one line per file when stderr is not a terminal)."""
    _quiet_prefect(verbose)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from kehoach.flows import ingest as flows
    from kehoach.ingest.discover import path_shown

    console = Console(stderr=True)
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[file]}", markup=False),
        console=console,
        transient=False,
    )
    bar = progress.add_task("Đang đọc / reading", total=None, file="")

    def listen(kind: str, payload) -> None:
        if kind == "plan":
            progress.update(bar, total=len(payload.todo) + len(payload.refused), description="Trích xuất / extracting")
            console.print(
                f"{payload.found} tệp / files: {payload.unchanged} không đổi / unchanged, {len(payload.todo)} cần đọc / to read",
                highlight=False,
            )
        else:
            mark = "✓" if payload.rejection is None else "✗"
            shown = path_shown(payload.job.path)
            progress.update(bar, advance=1, file=f"{mark} {os.path.basename(shown)}")
            if not console.is_terminal:  # logs of a service or cron job: one line per file
                console.print(f"{mark} {shown}", highlight=False, soft_wrap=True, markup=False)

    flows.add_progress_listener(listen)
    try:
        with progress:
            return flows.run_ingest(input_dir, out, **options)
    finally:
        flows.remove_progress_listener(listen)


def watch(
    input_dir: Path = typer.Argument(Path("data/raw"), help="Thư mục theo dõi / folder to watch"),
    out: Path | None = typer.Option(None, "--out", "-o", help=OUT_HELP),
    settle: float = typer.Option(
        3.0, "--settle", help="Chờ tệp chép xong (giây, kích thước ổn định) / seconds a file's size must be stable"
    ),
    rescan: float = typer.Option(300.0, "--rescan", help="Quét lại định kỳ (giây) / full rescan every N seconds"),
    workers: int = typer.Option(1, "--workers", "-w", help="Số tiến trình trích xuất / extraction processes"),
    file_timeout: float = typer.Option(600.0, "--file-timeout", help=FILE_TIMEOUT_HELP),
    file_memory: int = typer.Option(3072, "--file-memory", help=FILE_MEMORY_HELP),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="In nhật ký Prefect / show Prefect logs"),
) -> None:
    """Theo dõi thư mục, tự nạp tệp mới hoặc đã sửa / watch a folder and ingest new or changed files."""
    if not input_dir.is_dir():
        print(f"Không có thư mục / no such folder: {input_dir}", file=sys.stderr)
        raise typer.Exit(2)
    _quiet_prefect(verbose)
    _exit_on_sigterm()
    from rich.console import Console

    from kehoach.flows.watch import FolderWatcher
    from kehoach.ingest.discover import path_shown
    from kehoach.ingest.plan import Limits

    console = Console()

    def show(s: dict) -> None:
        console.print(
            f"[bold]{s['run_id'][:8]}[/bold] đã xử lý / processed {s['processed']}, không đổi / unchanged "
            f"{s['unchanged']}, từ chối / rejected {s['rejected']}, {s['seconds']:.1f} s",
            highlight=False,
            soft_wrap=True,
        )
        for r in s["rejections"]:
            console.print(
                f"  [red]{r['code']}[/red] {_escape(path_shown(r['file']))}: {r['reason_vi']} / {r['reason_en']}",
                highlight=False,
                soft_wrap=True,
            )
        for stage, msg in (s.get("failures") or {}).items():
            console.print(f"  [bold red]Lỗi / failed[/bold red] {stage}: {_escape(msg)}", highlight=False, soft_wrap=True)

    console.print(
        f"Đang theo dõi / watching {path_shown(str(input_dir.resolve()))} → {_out(out)} (Ctrl+C để dừng / to stop)",
        highlight=False,
        soft_wrap=True,
        markup=False,
    )
    try:
        FolderWatcher(
            input_dir,
            _out(out),
            settle=settle,
            rescan=rescan,
            workers=workers,
            on_summary=show,
            limits=Limits(file_timeout, file_memory),
        ).run()
    except KeyboardInterrupt:
        console.print("Đã dừng / stopped")


def query(
    sql: str | None = typer.Argument(None, help="Câu lệnh SQL (chỉ đọc), `-` = đọc từ stdin / read-only SQL, `-` = stdin"),
    sql_file: Path | None = typer.Option(None, "--file", help="Đọc SQL từ tệp / read the SQL from this file"),
    data: Path | None = typer.Option(None, "--data", "-d", help=OUT_HELP),
    fmt: str = typer.Option("table", "--format", "-f", help="table | csv | json | xlsx"),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Ghi kết quả ra tệp (bắt buộc với xlsx) / write the result to this file (xlsx: required)"
    ),
) -> None:
    """Truy vấn SQL (chỉ đọc) trên cơ sở dữ liệu DuckDB / read-only SQL over the DuckDB database."""
    from kehoach.store.query import QueryError, run_readonly

    if fmt not in ("table", "csv", "json", "xlsx"):
        _fail(f"--format phải là table, csv, json hoặc xlsx / must be table, csv, json or xlsx (got {fmt})")
    if fmt == "xlsx" and output is None:
        _fail("--format xlsx cần --output TỆP.xlsx / --format xlsx needs --output FILE.xlsx")
    if fmt == "table" and output is not None:
        _fail("--output dùng với csv, json hoặc xlsx / --output goes with csv, json or xlsx")
    text = _read_sql(sql, sql_file)
    try:
        result = run_readonly(_out(data), text)
    except QueryError as e:
        _fail(str(e))
    columns, rows = result.column_names, result.to_pylist()
    if fmt == "xlsx":
        with output_errors():
            _write_xlsx(output, columns, rows)
        print(f"{len(rows)} dòng / rows → {output}", file=sys.stderr)
        return
    if fmt == "table":
        from rich.console import Console
        from rich.table import Table

        t = Table(*columns)
        for r in rows:
            t.add_row(*[_cell(r[c])[:200] for c in columns])
        Console().print(t)
        Console(stderr=True).print(f"{len(rows)} dòng / rows")
        return
    with output_errors(), _open_output(output) as stream:
        if fmt == "json":
            stream.write(json.dumps(rows, ensure_ascii=False, default=_iso) + "\n")
        else:
            import csv

            writer = csv.writer(stream, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows([_cell(r[c]) for c in columns] for r in rows)


def _fail(message: str) -> NoReturn:
    print(message, file=sys.stderr)
    raise typer.Exit(2)


def _read_sql(sql: str | None, sql_file: Path | None) -> str:
    """The SQL from the argument, ``-`` (stdin) or ``--file`` (exactly one of them)."""
    if (sql is None) == (sql_file is None):
        _fail('Cho SQL hoặc --file TỆP (hoặc - để đọc stdin) / give "SQL" or --file FILE (or - for stdin)')
    if sql_file is not None:
        try:
            return sql_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            _fail(f"Không đọc được tệp SQL / cannot read the SQL file {sql_file}: {e}")
    if sql == "-":
        return sys.stdin.read()
    return sql


@contextlib.contextmanager
def _open_output(path: Path | None) -> Iterator[TextIO]:
    """stdout, or a file written whole: a temporary file renamed into place when complete."""
    if path is None:
        yield sys.stdout
        return
    with _replacing(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as f:
        yield f


@contextlib.contextmanager
def _replacing(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, moved over it when the block succeeds (removed when not):
    a failed write never leaves half a file where the old one was."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


XLSX_MAX_CELL = 32_767  # Excel's limit on characters in one cell
XLSX_MAX_WIDTH = 60


def _write_xlsx(path: Path, columns: list[str], rows: list[dict]) -> None:
    """One sheet: bold frozen header, autofilter, widths fitted to the content (capped). Text that
    starts like a formula (= + - @) is stored as text, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "query"
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"
    widths = [len(c) for c in columns]
    for r in rows:
        values = [_xlsx_value(r[c]) for c in columns]
        ws.append(values)
        for cell, v in zip(ws[ws.max_row], values, strict=True):
            if isinstance(v, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
        for i, v in enumerate(values):
            widths[i] = max(widths[i], min(XLSX_MAX_WIDTH, max((len(x) for x in str(v).splitlines()), default=0)))
    ws.freeze_panes = "A2"
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, ws.max_row)}"
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(XLSX_MAX_WIDTH, w + 2)
    with _replacing(path) as tmp:
        wb.save(tmp)


def _xlsx_value(value: object) -> object:
    """A cell value openpyxl can store: numbers, booleans and naive dates as they are; everything
    else as text without the control characters Excel refuses (shown as \\xNN), cut at Excel's limit."""
    import datetime as dt

    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dt.datetime | dt.date) and getattr(value, "tzinfo", None) is None:
        return value
    text = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group(0)):02x}", _cell(value))
    return text if len(text) <= XLSX_MAX_CELL else text[: XLSX_MAX_CELL - 1] + "…"


def _iso(value: object) -> str:
    """JSON for dates and timestamps: ISO 8601."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _cell(value: object) -> str:
    """One CSV/table cell: NULL → empty, lists → JSON arrays, dates → ISO."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=_iso)
    return _iso(value) if hasattr(value, "isoformat") else str(value)


def tables(
    data: Path | None = typer.Option(None, "--data", "-d", help=OUT_HELP),
    markdown: bool = typer.Option(
        False, "--markdown", help="In từ điển dữ liệu dạng Markdown / print the data dictionary as Markdown"
    ),
) -> None:
    """Liệt kê các bảng, số dòng và mô tả cột / list tables, row counts and column descriptions."""
    from kehoach.schemas.corrections import CORRECTION_TABLE_DESCRIPTIONS, CORRECTION_TABLES
    from kehoach.schemas.crosscheck import (
        CACHE_TABLE_DESCRIPTIONS,
        CACHE_TABLES,
        CROSSCHECK_TABLE_DESCRIPTIONS,
        CROSSCHECK_TABLES,
    )
    from kehoach.schemas.tables import TABLE_DESCRIPTIONS, TABLES
    from kehoach.store import read as store_read

    data_dir = _out(data)
    counts = store_read.table_counts(data_dir)
    names = list(TABLES) + list(CROSSCHECK_TABLES) + list(CACHE_TABLES) + list(CORRECTION_TABLES)
    descriptions = {
        **TABLE_DESCRIPTIONS,
        **CROSSCHECK_TABLE_DESCRIPTIONS,
        **CACHE_TABLE_DESCRIPTIONS,
        **CORRECTION_TABLE_DESCRIPTIONS,
    }
    if markdown:
        for name in names:
            print(f"### `{name}` ({counts.get(name, 0)} rows)\n\n{descriptions.get(name, '')}\n")
            print("| column | type | description |\n| --- | --- | --- |")
            cols = _columns(name)
            for col, kind, desc in cols:
                print(f"| `{col}` | {kind} | {desc} |")
            print()
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    snap = store_read.snapshot(data_dir)
    console.print(
        f"Bảng dữ liệu / tables: {data_dir} (phiên bản / snapshot {snap.version if snap else 0})",
        highlight=False,
        markup=False,
    )
    for name in names:
        n = counts.get(name)
        t = Table(
            title=f"{name} — {n if n is not None else 0} dòng / rows",
            title_justify="left",
            caption=descriptions.get(name),
            caption_justify="left",
        )
        t.add_column("cột / column", style="bold")
        t.add_column("kiểu / type")
        t.add_column("mô tả / description")
        for col, kind, desc in _columns(name):
            t.add_row(col, kind, desc)
        console.print(t)


def _columns(name: str) -> list[tuple[str, str, str]]:
    """(column, storage kind, description) of a stored table, from its declared row model."""
    from kehoach.schemas.tables import column_descriptions, column_kinds

    kinds, descs = column_kinds(name), column_descriptions(name)
    return [(c, kinds[c], descs[c]) for c in kinds]


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("deploy")(deploy)
    app.command("watch")(watch)
    app.command("query")(query)
    app.command("tables")(tables)
