"""From per-file records to every metric of a run, and the worst cases of each field with their reasons.

``summarize`` returns a plain dict (written as ``summary.json``): ``metrics`` holds every number a
later run is compared on (flat names such as ``silver.number``, ``gold.overall``,
``invariants.provenance``, ``admin.non_admin_with_fields``); ``worst`` holds, per field, one line per
wrong file with its reason, most common reason first; ``timing`` is the only part that changes from
run to run on the same code.
"""

from __future__ import annotations

import statistics
from collections import Counter

from kehoach.evaluate.explain import SILVER_FIELDS, category
from kehoach.evaluate.gold import add_tallies, gold_metrics, metric_value, score_document
from kehoach.evaluate.invariants import admin_fields, decision_warnings, short
from kehoach.evaluate.run import Known, Run

ADMIN_FIELDS = ("number", "signer", "issuer")


def summarize(run: Run, known: Known, inputs: dict, sampled: bool = False) -> dict:
    recs = run.records
    ok = [r for r in recs if r["status"] == "ok"]
    metrics: dict[str, float | int] = {
        "files": len(recs),
        "extracted": len(ok),
        "rejected": sum(r["status"] == "rejected" for r in recs),
        "crashes": sum(r["status"] == "crash" for r in recs),
        "timeouts": sum(r["status"] == "timeout" for r in recs),
    }
    worst: dict[str, list[str]] = {}
    reasons: dict[str, dict[str, int]] = {}  # field → reason category → count
    worst["crash"] = [
        f"crash: {r['file']} {r['error']}" + (f" ({r['where']})" if r.get("where") else "")
        for r in recs
        if r["status"] == "crash"
    ]
    worst["timeout"] = [f"timeout: {r['file']} {r['error']}" for r in recs if r["status"] == "timeout"]
    rejected = Counter(r["error"] for r in recs if r["status"] == "rejected")

    summary: dict = {"inputs": inputs, "metrics": metrics, "rejected_by_code": dict(sorted(rejected.items()))}
    summary["silver"] = _silver(ok, metrics, worst, reasons)
    summary["gold"] = _gold(recs, run, known, sampled, metrics, worst)
    summary["admin_decision"] = _invariants(ok, metrics, worst, reasons)
    summary["admin"] = _labels(recs, known, metrics, worst, reasons, summary["admin_decision"])
    summary["worst"] = {k: v for k, v in worst.items() if v}
    summary["reasons"] = {k: v for k, v in reasons.items() if v}
    summary["timing"] = _timing(recs, run)
    return summary


def _by_reason(lines: list[tuple[str, str]], reasons: dict, field: str) -> list[str]:
    """Order wrong cases by how common their reason is, then by file: the most frequent fix comes first."""
    freq = Counter(category(reason) for _, reason in lines)
    reasons[field] = [list(kv) for kv in freq.most_common()]  # a list: JSON keeps the order
    ordered = sorted(lines, key=lambda fl: (-freq[category(fl[1])], category(fl[1]), fl[0]))
    return [line for line, _ in ordered]


def _silver(ok: list[dict], metrics: dict, worst: dict, reasons: dict) -> dict:
    labelled = [r for r in ok if "silver" in r]
    out: dict = {"pages": len(labelled)}
    metrics["silver.pages"] = len(labelled)
    for f in SILVER_FIELDS:
        if not labelled:
            continue
        right = sum(r["silver"][f]["ok"] for r in labelled)
        metrics[f"silver.{f}"] = right / len(labelled)
        out[f] = {"right": right, "of": len(labelled)}
        # the same agreement over the pages whose document carries the catalogue's value (a copy that
        # lost its header, or a page with only the catalogue, cannot give it: it is not read from the site)
        carried = [r for r in labelled if r["silver"][f].get("in_text", True)]
        if carried:
            in_right = sum(r["silver"][f]["ok"] for r in carried)
            metrics[f"silver.{f}.in_text"] = in_right / len(carried)
            out[f].update(in_text_right=in_right, in_text_of=len(carried))
        wrong = []
        for r in labelled:
            s = r["silver"][f]
            if not s["ok"]:
                line = f"{f}: {r['file']} expected {short(s['expected'])} got {short(s['got'])} — {s['reason']}"
                wrong.append((line, s["reason"]))
        worst[f"silver.{f}"] = _by_reason(wrong, reasons, f"silver.{f}")
    return out


def _gold(recs: list[dict], run: Run, known: Known, sampled: bool, metrics: dict, worst: dict) -> dict:
    docs = sorted((r["gold"]["answer"], r) for r in recs if "gold" in r)
    if not docs:
        return {"documents": 0}
    scored = [(answer, r["file"], r["gold"]["tallies"], r["gold"]["details"]) for answer, r in docs]
    if not sampled:  # the scorer scores an answer without its document as a failure
        for answer in run.missing_gold:
            gold = next(g for a, g in known.gold.values() if a == answer)
            d = score_document(gold, None)
            scored.append((answer, f"(missing) {gold['file']}", {k: [kind, list(t)] for k, (kind, t) in d.tallies.items()}, {}))
        scored.sort()
    total: dict = {}
    per_metric: dict[str, list[tuple[float, str, str]]] = {}
    for _, name, tallies, details in scored:
        add_tallies(total, {k: (kind, tuple(t)) for k, (kind, t) in tallies.items()})
        for k, (kind, t) in tallies.items():
            v = metric_value(kind, tuple(t))
            if v is not None and v < 1:
                per_metric.setdefault(k, []).append((v, name, details.get(k, "document failed")))
    values, overall = gold_metrics(total)
    for k, v in values.items():
        metrics[f"gold.{k}"] = v
    metrics["gold.overall"] = overall
    metrics["gold.documents"] = len(scored)
    for k, rows in per_metric.items():
        worst[f"gold.{k}"] = [f"{k}: {name} {v:.2f} — {detail}" for v, name, detail in sorted(rows)]
    return {
        "documents": len(scored),
        "missing": list(run.missing_gold) if not sampled else [],
        "metrics": values,
        "overall": overall,
        "min": min(values.values()) if values else None,
    }


def decided_not_admin(rec: dict, by_warning: bool) -> bool:
    """kehoach's own decision that a page is not an administrative document.

    The decision is ``Extraction.administrative`` (W401). Records of runs made before that field
    existed: doc_type ``other`` with a decision W-code, or ``other`` alone when no page had one.
    """
    if "administrative" in rec:
        return not rec["administrative"]
    if rec.get("doc_type") != "other":
        return False
    return bool(decision_warnings(rec.get("warnings", []))) if by_warning else True


def _invariants(ok: list[dict], metrics: dict, worst: dict, reasons: dict) -> dict:
    prov = [r for r in ok if r.get("provenance")]
    metrics["invariants.provenance"] = len(prov)
    metrics["invariants.provenance_items"] = sum(len(r["provenance"]) for r in prov)
    worst["provenance"] = [
        f"provenance: {r['file']} {r['provenance'][0]}"
        + (f" (+{len(r['provenance']) - 1} more)" if len(r["provenance"]) > 1 else "")
        for r in prov
    ]
    nl = [r for r in ok if r.get("number_line")]
    metrics["invariants.number_line"] = len(nl)
    worst["number_line"] = [f"number-line: {r['file']} {r['number_line']}" for r in nl]
    by_warning = any(decision_warnings(r.get("warnings", [])) and r["doc_type"] == "other" for r in ok)
    if any("administrative" in r for r in ok):
        rule = "administrative false (W401)"
    else:
        rule = "doc_type other + W-code" if by_warning else "doc_type other (no decision W-code in this run)"
    decided = [r for r in ok if decided_not_admin(r, by_warning)]
    bad = [(r, admin_fields(r["number"], r["signer"], r["issuer"])) for r in decided]
    bad = [(r, f) for r, f in bad if f]
    metrics["invariants.decided_not_admin"] = len(decided)
    metrics["invariants.not_admin_with_fields"] = len(bad)
    worst["not_admin_fields"] = _by_reason(
        [
            (f"not-admin-fields: {r['file']} decided not administrative but got " + _sources(r, f), "got " + ", ".join(f))
            for r, f in bad
        ],
        reasons,
        "not_admin_fields",
    )
    return {"rule": rule, "by_warning": by_warning}


def _sources(r: dict, fields: list[str]) -> str:
    src = r.get("admin_sources", {})
    return "; ".join(f"{f} {src.get(f, '')}".strip() for f in fields)


def _labels(recs: list[dict], known: Known, metrics: dict, worst: dict, reasons: dict, decision: dict) -> dict:
    if not known.labels:
        return {}
    labelled = [(r, known.labels[r["file"].rsplit("/", 1)[-1]]) for r in recs if r["file"].rsplit("/", 1)[-1] in known.labels]
    scored = [(r, lab) for r, lab in labelled if r["status"] == "ok"]
    non_admin = [(r, lab) for r, lab in scored if lab["admin"] is False]
    got = {f: 0 for f in ADMIN_FIELDS}
    any_field = 0
    lines = []
    for r, lab in non_admin:
        fields = admin_fields(r["number"], r["signer"], r["issuer"])
        for f in fields:
            got[f] += 1
        if fields:
            any_field += 1
            kind = lab.get("kind", "not administrative")
            lines.append((f"not-admin: {r['file']} ({kind}) got {_sources(r, fields)}", "got " + ", ".join(fields)))
    worst["admin.non_admin"] = _by_reason(lines, reasons, "admin.non_admin")
    confusion = Counter()
    for r, lab in scored:
        decided_admin = not decided_not_admin(r, decision["by_warning"])
        confusion[f"{'admin' if lab['admin'] else 'not_admin'}→{'admin' if decided_admin else 'not_admin'}"] += 1
    n = len(non_admin)
    metrics["admin.labelled"] = len(scored)
    metrics["admin.non_admin"] = n
    metrics["admin.non_admin_with_fields"] = any_field
    if n:
        metrics["admin.non_admin_with_fields_rate"] = any_field / n
        for f in ADMIN_FIELDS:
            metrics[f"admin.non_admin_{f}_rate"] = got[f] / n
    keys = ("admin→admin", "admin→not_admin", "not_admin→admin", "not_admin→not_admin")
    for k in keys:
        metrics[f"admin.confusion.{k}"] = confusion[k]
    if scored:
        metrics["admin.decision_accuracy"] = (confusion["admin→admin"] + confusion["not_admin→not_admin"]) / len(scored)
    return {
        "labelled": len(scored),
        "not_evaluated": len(labelled) - len(scored),
        "non_admin": n,
        "non_admin_with_fields": any_field,
        "by_field": got,
        "confusion": {k: confusion[k] for k in keys},
    }


def _timing(recs: list[dict], run: Run) -> dict:
    secs = sorted((r["seconds"], r["file"]) for r in recs if r.get("seconds") is not None)
    values = [s for s, _ in secs]
    if not values:
        return {"wall_seconds": round(run.wall_seconds, 1), "jobs": run.jobs}
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return {
        "wall_seconds": round(run.wall_seconds, 1),
        "jobs": run.jobs,
        "timeout_seconds": run.timeout,
        "files_per_second": round(len(recs) / run.wall_seconds, 1) if run.wall_seconds else None,
        "extract_seconds_total": round(sum(values), 1),
        "median_seconds": round(statistics.median(values), 4),
        "p95_seconds": round(p95, 4),
        "max_seconds": round(values[-1], 4),
        "slowest": [{"file": f, "seconds": round(s, 3)} for s, f in reversed(secs[-10:])],
    }
