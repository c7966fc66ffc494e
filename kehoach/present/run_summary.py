"""What one ingest run did, as Markdown for Prefect's UI (a flow run's artifact): counts, the files
that could not be read with their coded reasons, and how long each stage took. Pure: a summary
dict (``Summary.as_dict()``) and stage timings in, text out; the flow publishes it."""

from __future__ import annotations

from kehoach.present.safe import clean_text

STAGE_VI = {
    "plan": "Lập kế hoạch (băm tệp) / plan",
    "extract": "Trích xuất / extract",
    "commit": "Ghi bảng / commit",
    "crosscheck": "Đối chiếu / cross-check",
}
MAX_LISTED = 200  # rejected files listed in full; the rest are counted


def _cell(text: object) -> str:
    """A Markdown table cell: no control characters, no pipe or line break to break the table."""
    return clean_text(str(text)).replace("|", "\\|").replace("\n", " ")


def run_markdown(summary: dict, timings: dict[str, float] | None = None) -> str:
    s = summary
    lines = [
        f"# kehoach ingest — {_cell(s.get('input_dir', ''))}",
        "",
        "| | |",
        "| --- | ---: |",
        f"| Tìm thấy / found | {s.get('found', 0)} |",
        f"| Đã xử lý / processed | {s.get('processed', 0)} |",
        f"| Không đổi / unchanged | {s.get('unchanged', 0)} |",
        f"| Bị từ chối / rejected | {s.get('rejected', 0)} |",
        f"| Đã gỡ / removed | {s.get('removed', 0)} |",
        f"| Thời gian / time | {s.get('seconds', 0.0):.1f} s |",
        f"| Đối chiếu / cross-check | {_cell(s.get('crosscheck') or '—')} |",
    ]
    if timings:
        lines += ["", "## Thời gian từng bước / stage timings", "", "| bước / stage | giây / s |", "| --- | ---: |"]
        lines += [f"| {STAGE_VI.get(k, _cell(k))} | {v:.2f} |" for k, v in timings.items()]
    rejections = s.get("rejections") or []
    lines += ["", f"## Tệp không đọc được / rejected files ({len(rejections)})", ""]
    if rejections:
        lines += ["| mã / code | tệp / file | lý do / reason |", "| --- | --- | --- |"]
        for r in rejections[:MAX_LISTED]:
            lines.append(f"| {r['code']} | `{_cell(r['file'])}` | {_cell(r['reason_vi'])} / {_cell(r['reason_en'])} |")
        if len(rejections) > MAX_LISTED:
            lines.append(f"| … | {len(rejections) - MAX_LISTED} tệp nữa / more | |")
    else:
        lines.append("Mọi tệp đều đọc được / every file was read.")
    return "\n".join(lines) + "\n"
