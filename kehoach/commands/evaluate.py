"""`kehoach eval FOLDER… [--silver F] [--gold DIR] [--labels F] [--out DIR] [--compare DIR]`: the project's evaluation.

    kehoach eval ../shared/corpus/dev --gold ../shared/gold-dev --out eval-out/dev
    kehoach eval ../trove/trove --silver ../shared/corpus/trove-silver.jsonl \
        --labels eval/trove-admin-labels.jsonl --out eval-out/trove --compare eval-out/trove
    kehoach eval --table eval-out/seeds-txt eval-out/dev eval-out/trove

See ``kehoach/evaluate/`` for what is measured. ``--compare`` may name the ``--out`` folder itself:
the previous run is read before it is overwritten.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import typer


def _progress():
    last = [0.0]
    start = time.monotonic()

    tty = sys.stderr.isatty()

    def show(done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - last[0] >= (2 if tty else 60):
            last[0] = now
            end = "\n" if done == total or not tty else ""
            print(
                f"{chr(13) if tty else ''}eval: {done}/{total} files, {now - start:.0f} s", end=end, file=sys.stderr, flush=True
            )

    return show


def _terminal_summary(summary: dict, worst_n: int) -> str:
    from kehoach.evaluate.report import _fmt

    m = summary["metrics"]
    width = max(len(k) for k in m)
    lines = [f"{k.ljust(width)}  {_fmt(v)}" for k, v in m.items()]
    t = summary.get("timing", {})
    if "median_seconds" in t:
        lines.append(
            f"{'wall_seconds'.ljust(width)}  {t['wall_seconds']} ({t['jobs']} processes; per page median {t['median_seconds']} s,"
            f" p95 {t['p95_seconds']} s, max {t['max_seconds']} s {t['slowest'][0]['file']})"
        )
    lines.append(f"non-administrative decision: {summary['admin_decision']['rule']}")
    for field, rows in summary.get("worst", {}).items():
        lines.append(f"-- worst {field} ({len(rows)}):")
        lines += [f"   {r}" for r in rows[:worst_n]]
    return "\n".join(lines)


def evaluate(
    folders: list[Path] = typer.Argument(..., help="Thư mục văn bản / folders of documents (with --table: eval output folders)"),
    silver: Path | None = typer.Option(
        None, "--silver", help="Nhãn bạc JSONL / silver labels: file, number, doc_type, signer, issued_date"
    ),
    gold: Path | None = typer.Option(
        None, "--gold", help="Thư mục đáp án / folder of gold JSON answers (like ../shared/gold-dev)"
    ),
    labels: Path | None = typer.Option(
        None, "--labels", help='Nhãn hành chính / admin labels JSONL: {"file": …, "admin": true|false}'
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Ghi summary.json, per_file.jsonl, report.md / write the results here"
    ),
    compare: Path | None = typer.Option(None, "--compare", help="So với lần chạy trước / compare with a previous --out folder"),
    jobs: int | None = typer.Option(None, "--jobs", "-j", help="Số tiến trình / worker processes (default: cores)"),
    timeout: float = typer.Option(
        60.0, "--timeout", help="Giới hạn giây mỗi tệp / seconds per file before it counts as a timeout"
    ),
    sample: int | None = typer.Option(None, "--sample", help="Chỉ lấy N tệp ngẫu nhiên / evaluate a random sample of N files"),
    seed: int = typer.Option(0, "--seed", help="Hạt giống cho --sample / random seed for --sample"),
    labelled: bool = typer.Option(
        False, "--labelled", help="Chỉ các tệp có nhãn / only files with a silver row, a gold answer or an admin label"
    ),
    worst: int = typer.Option(15, "--worst", help="Số ca tệ nhất mỗi trường / worst cases shown per field"),
    table: bool = typer.Option(
        False, "--table", help="In bảng gọn của các lần chạy / print the compact table of eval output folders"
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Chỉ in dòng tóm tắt / print only the changes (details in --out)"),
) -> None:
    """Đánh giá trích xuất trên thư mục / evaluate extraction over folders (silver, gold, invariants, worst cases)."""
    from kehoach.evaluate.report import compact_table, compare_runs, load_run, write_run

    if table:
        runs = [(f.name, loaded[0]) for f in folders if (loaded := load_run(f))]
        typer.echo(compact_table(runs))
        return
    for p in [*folders, silver, gold, labels]:
        if p is not None and not p.exists():
            typer.echo(f"E001 Không tìm thấy / not found: {p}", err=True)
            raise typer.Exit(2)

    from kehoach.evaluate.run import collect_files, load_known, run_files, sample_files
    from kehoach.evaluate.summary import summarize

    previous = load_run(compare) if compare else None
    known = load_known(silver, gold, labels)
    files = collect_files(folders)
    if labelled:
        files = [(n, p) for n, p in files if known.has_label(p)]
    files = sample_files(files, sample, seed)
    run = run_files(files, known, jobs=jobs, timeout=timeout, progress=_progress())
    inputs = {
        "folders": [f.name for f in folders],
        "silver": silver.name if silver else None,
        "gold": gold.name if gold else None,
        "labels": labels.name if labels else None,
        "labelled_only": labelled or None,
        "sample": sample,
        "seed": seed if sample else None,
        "timeout_seconds": timeout,
    }
    summary = summarize(run, known, inputs, sampled=sample is not None or labelled)
    if not quiet:
        typer.echo(_terminal_summary(summary, min(worst, 5)))
    if out:
        write_run(out, summary, run.records, worst)
        typer.echo(f"{len(run.records)} files in {run.wall_seconds:.0f} s → {out}/summary.json, per_file.jsonl, report.md")
    if compare:
        if previous is None:
            typer.echo(f"no previous run in {compare}: nothing to compare")
        else:
            records = {r["file"]: {k: v for k, v in r.items() if k != "seconds"} for r in run.records}
            text = compare_runs(previous, (summary, records))
            if out:
                (out / "compare.md").write_text(text, encoding="utf-8")
            typer.echo(text.split("\n### Newly right")[0] if quiet else text)
            if quiet:
                typer.echo("  ".join(line.strip("# ") for line in text.splitlines() if line.startswith("### Newly")))


def register(app: typer.Typer) -> None:
    app.command("eval")(evaluate)
