"""Write a run (``summary.json``, ``per_file.jsonl``, ``report.md``), compare it with a previous one,
and print the compact table of several runs.

Everything written is stable: files sorted by name, keys sorted, no timestamps, no absolute paths;
per-file timings stay out of ``per_file.jsonl`` (they live in ``summary.json["timing"]``, which a
comparison shows but never counts as a change).
"""

from __future__ import annotations

import json
from pathlib import Path

from kehoach.evaluate.invariants import short

# Per-file values a comparison follows on every file, labelled or not.
TRACKED = ("status", "doc_type", "number", "issuer.name", "issuer.level", "issuer.place", "issued_date", "signer", "title")


def write_run(out: Path, summary: dict, records: list[dict], worst_n: int = 15) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    with (out / "per_file.jsonl").open("w", encoding="utf-8") as f:
        for r in records:
            row = {k: v for k, v in r.items() if k != "seconds"}
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    (out / "report.md").write_text(render_report(summary, worst_n), encoding="utf-8")


def load_run(folder: Path) -> tuple[dict, dict[str, dict]] | None:
    """(summary, per-file records by name) of a previous run, or None when the folder holds none."""
    s, p = folder / "summary.json", folder / "per_file.jsonl"
    if not s.is_file() or not p.is_file():
        return None
    records = [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    return json.loads(s.read_text(encoding="utf-8")), {r["file"]: r for r in records}


def _fmt(v) -> str:
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def render_report(s: dict, worst_n: int = 15) -> str:
    m, t = s["metrics"], s.get("timing", {})
    lines = ["# kehoach eval", ""]
    inputs = s.get("inputs", {})
    lines.append("Inputs: " + ", ".join(f"{k} `{v}`" for k, v in inputs.items() if v not in (None, [], "")))
    lines += ["", "| metric | value |", "| --- | --- |"]
    lines += [f"| `{k}` | {_fmt(v)} |" for k, v in m.items()]
    if s.get("rejected_by_code"):
        lines += ["", "Rejected files by code: " + ", ".join(f"{k} {v}" for k, v in s["rejected_by_code"].items())]
    lines += ["", f"Non-administrative decision used: {s.get('admin_decision', {}).get('rule', '–')}."]
    if s.get("admin", {}).get("confusion"):
        c = s["admin"]["confusion"]
        lines += [
            "",
            "| label \\ kehoach | admin | not admin |",
            "| --- | --- | --- |",
            f"| admin | {c['admin→admin']} | {c['admin→not_admin']} |",
            f"| not admin | {c['not_admin→admin']} | {c['not_admin→not_admin']} |",
        ]
    if t:
        lines += [
            "",
            "## Timing",
            "",
            f"Wall {t['wall_seconds']} s with {t['jobs']} processes"
            + (
                f"; per page median {t['median_seconds']} s, p95 {t['p95_seconds']} s, max {t['max_seconds']} s."
                if "median_seconds" in t
                else "."
            ),
        ]
        if t.get("slowest"):
            lines.append("Slowest: " + ", ".join(f"{x['file']} {x['seconds']} s" for x in t["slowest"]))
    if s.get("reasons"):
        lines += ["", "## Reasons, most common first", ""]
        for field, tally in s["reasons"].items():
            lines.append(f"- **{field}**: " + "; ".join(f"{k} ({v})" for k, v in tally))
    lines += ["", f"## Worst cases (first {worst_n} per field)", ""]
    for field, rows in s.get("worst", {}).items():
        lines += [f"### {field} ({len(rows)})", "", "```"]
        lines += rows[:worst_n]
        lines += ["```", ""]
    return "\n".join(lines).rstrip() + "\n"


def _get(r: dict, key: str):
    if key.startswith("issuer."):
        return (r.get("issuer") or {}).get(key.split(".", 1)[1])
    return r.get(key)


def _gold_values(r: dict) -> dict[str, float]:
    from kehoach.evaluate.gold import metric_value

    out = {}
    for k, (kind, t) in (r.get("gold") or {}).get("tallies", {}).items():
        v = metric_value(kind, tuple(t))
        if v is not None:
            out[k] = v
    return out


def compare_runs(prev: tuple[dict, dict[str, dict]], now: tuple[dict, dict[str, dict]], limit: int = 20) -> str:
    """Per-metric deltas, then files newly right / newly wrong and changed values (one line each)."""
    (ps, pf), (ns, nf) = prev, now
    pm, nm = ps["metrics"], ns["metrics"]
    lines = ["## Compared with the previous run", "", "| metric | before | now | Δ |", "| --- | --- | --- | --- |"]
    same = 0
    for k in list(nm) + [k for k in pm if k not in nm]:
        a, b = pm.get(k), nm.get(k)
        if a == b:
            same += 1
            continue
        delta = f"{b - a:+.4g}" if isinstance(a, int | float) and isinstance(b, int | float) else ""
        lines.append(f"| `{k}` | {_fmt(a)} | {_fmt(b)} | {delta} |")
    lines.append(f"\n{same} metrics unchanged.")
    pt, nt = ps.get("timing", {}), ns.get("timing", {})
    if pt.get("wall_seconds") and nt.get("wall_seconds"):
        lines.append(f"Wall time {pt['wall_seconds']} s → {nt['wall_seconds']} s (timing is never counted as a change).")

    right, wrong, changed = [], [], {k: [] for k in TRACKED}
    for name in sorted(set(pf) & set(nf)):
        a, b = pf[name], nf[name]
        for f, sb in (b.get("silver") or {}).items():
            sa = (a.get("silver") or {}).get(f)
            if sa and sa["ok"] != sb["ok"]:
                row = f"silver.{f}: {name} {short(str(sa['got']), 40)} → {short(str(sb['got']), 40)} (expected {short(str(sb['expected']), 40)})"
                (right if sb["ok"] else wrong).append(row)
        ga, gb = _gold_values(a), _gold_values(b)
        for k in sorted(set(ga) & set(gb)):
            if abs(ga[k] - gb[k]) > 1e-9:
                (right if gb[k] > ga[k] else wrong).append(f"gold.{k}: {name} {ga[k]:.2f} → {gb[k]:.2f}")
        if b.get("admin_label") is False and a.get("status") == b.get("status") == "ok":
            fa, fb = set(a.get("admin_sources") or {}), set(b.get("admin_sources") or {})
            if fa != fb:
                row = f"admin: {name} (not administrative) got {sorted(fa) or 'nothing'} → {sorted(fb) or 'nothing'}"
                (right if fb < fa else wrong).append(row)
        for key, label in (("provenance", "provenance violations"), ("number_line", "number-line violation")):
            if bool(a.get(key)) != bool(b.get(key)):
                (wrong if b.get(key) else right).append(f"{label}: {name} {'appeared' if b.get(key) else 'fixed'}")
        for k in TRACKED:
            if _get(a, k) != _get(b, k):
                changed[k].append(f"{k}: {name} {short(str(_get(a, k)), 50)} → {short(str(_get(b, k)), 50)}")
    added, removed = sorted(set(nf) - set(pf)), sorted(set(pf) - set(nf))
    lines += ["", f"### Newly right ({len(right)})", "", "```", *right[: limit * 5], "```"]
    lines += ["", f"### Newly wrong ({len(wrong)})", "", "```", *wrong[: limit * 5], "```"]
    lines += ["", "### Changed values, all files", ""]
    for k, rows in changed.items():
        if rows:
            lines += [f"- `{k}`: {len(rows)} files", "```", *rows[:limit], "```"]
    if not any(changed.values()):
        lines.append("none")
    if added or removed:
        lines += ["", f"Files only in this run: {len(added)}; only in the previous run: {len(removed)}."]
    return "\n".join(lines) + "\n"


TABLE_COLUMNS = (
    ("files", "files"),
    ("crash", "crashes"),
    ("t/o", "timeouts"),
    ("prov", "invariants.provenance"),
    ("Số", "invariants.number_line"),
    ("s.num", "silver.number"),
    ("s.type", "silver.doc_type"),
    ("s.date", "silver.issued_date"),
    ("s.sign", "silver.signer.name"),
    ("gold", "gold.overall"),
    ("g.min", None),
    ("nonadm", "admin.non_admin_with_fields_rate"),
)


def compact_table(runs: list[tuple[str, dict]]) -> str:
    """One row per run: crashes, invariant violations, silver agreement, gold overall and worst metric, wall time."""
    head = ["run", *(h for h, _ in TABLE_COLUMNS), "wall s"]
    rows = []
    for name, s in runs:
        m = s["metrics"]
        cells = [name]
        for _, key in TABLE_COLUMNS:
            if key is None:  # the gold metric furthest below 1
                g = s.get("gold", {}).get("metrics") or {}
                k = min(g, key=g.get) if g else None
                cells.append(f"{g[k]:.3f} {k}" if k else "–")
            else:
                cells.append(_fmt(m.get(key)))
        wall = s.get("timing", {}).get("wall_seconds")
        cells.append(f"{wall:.0f}" if wall is not None else "–")
        rows.append(cells)
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
    out = ["  ".join(str(c).ljust(w) for c, w in zip(head, widths, strict=True))]
    out += ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(line.rstrip() for line in out)
