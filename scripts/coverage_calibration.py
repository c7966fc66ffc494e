"""Coverage calibration (issue 12): the numbers of docs/coverage-calibration.md, re-runnable.

    nice -n 10 .venv/bin/python scripts/coverage_calibration.py [--matchers lexical,hybrid]
        [--no-unrelated] [--no-speed] [--json out.json] [-v]

For each matcher (``kehoach.crosscheck.matching.REGISTRY``):

1. **crosscheck-dev** (``../shared/crosscheck-dev``: Hớn Quản's plan 004 and four commune plans,
   13 items × 4 plans labelled in ``key.json``): the whole cross-check of the five files (links,
   directive items, coverage), scored as ``../shared/eval/coverage_score.py`` scores it (a row
   belongs to an item when the item's key phrase is in its ``item_text``; several rows of one item
   must agree; ``needs_review`` is right where the label is partial): accuracy per plan and in
   all, the confusion matrix, missing items reported implemented, items implemented in the
   off-topic plan, each error with its score.
2. **Seeds**: Minh Tâm (000) against Hớn Quản (004), the hand-read labels of
   ``tests/test_crosscheck.py`` (``LABELS``).
3. **Unrelated real pairs**: the directive items for communes of four higher documents of other
   kinds and provinces (:data:`DIRECTIVES`) against the trove's KẾ HOẠCH pages of 6–40 kB
   (:func:`trove_plans`; campaigns of emulation — "thi đua" in the title — left out: 004 is
   one), each pair scored as the cross-check scores a linked pair (IDF of the shipped reference
   plus the two documents, the directive's title words weighed down, no basis citation): the
   share of pairs per status. None of these plans carries out any of these items.
4. **Speed**: one plan × 004's items (``Background.of`` + ``compute_coverage``, the plan's
   index included), each crosscheck-dev plan timed on its second run (warm: models loaded,
   caches filled); for a matcher that embeds, also the first run of a plan never seen
   (its passages embedded: "new plan" with the items already embedded, "cold" with nothing
   embedded). Run it pinned to one core (``taskset -c 0``) for the budget's
   "one core".
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KEHOACH_SHARED", ROOT.parent / "shared"))
TROVE = Path(os.environ.get("KEHOACH_TROVE", "/work/trove/trove"))
sys.path.insert(0, str(ROOT))

XCD = SHARED / "crosscheck-dev"
OFF_TOPIC = "tt_tan_khai.txt"  # the key's off-topic plan (on tiếp công dân; cites 004 without a number)
# Higher documents whose items for communes are compared with unrelated plans: a district's kế
# hoạch (thi đua on CCHC), a province's chỉ thị addressed jointly to departments and communes
# (investment appraisal), a city's chỉ thị (groundwater), a công văn (the cadre database).
DIRECTIVES = [
    XCD / "004_fe60389e95cd08d1.txt",
    SHARED / "corpus" / "docs" / "013.txt",
    SHARED / "corpus" / "dev" / "d06.txt",
    SHARED / "corpus" / "docs" / "008.txt",
]
STATUSES = ("implemented", "partial", "needs_review", "missing")


def norm(s: str | None) -> str:
    """As ../shared/eval/coverage_score.py compares a key phrase with an item's text."""
    return " ".join(unicodedata.normalize("NFC", s or "").lower().split())


def extract(path: Path):
    from kehoach.extract import extract_file

    return extract_file(path)


# ---------------------------------------------------------------- crosscheck-dev


def score_xcd(res, key: dict, verbose: bool) -> dict:
    directive = key["directive"]["file"]
    conf: Counter = Counter()
    per_plan: dict[str, list[int]] = {}
    errors, wrong_impl, off_topic_impl = [], 0, 0
    for plan in key["plans"]:
        right = 0
        for item in key["items"]:
            want = plan["labels"][item["id"]]["status"]
            hits = [
                r
                for r in res.coverage
                if r.lower_doc_id == plan["file"] and r.directive_doc_id == directive and norm(item["key"]) in norm(r.item_text)
            ]
            got = hits[0].status.value if hits and len({h.status for h in hits}) == 1 else ("mixed" if hits else "absent")
            ok = got == want or (got == "needs_review" and want == "partial")
            right += ok
            conf[(want, got)] += 1
            wrong_impl += got == "implemented" and want == "missing"
            off_topic_impl += plan["file"] == OFF_TOPIC and got == "implemented"
            if not ok:
                scores = ", ".join(f"{h.item_id} {h.status.value} {h.score:.3f}" for h in hits)
                errors.append(f"{plan['file']} {item['id']}: want {want}, got {got} ({scores})")
        per_plan[plan["file"]] = [right, len(key["items"])]
    right = sum(r for r, _ in per_plan.values())
    total = sum(n for _, n in per_plan.values())
    return {
        "per_plan": per_plan,
        "right": right,
        "total": total,
        "accuracy": round(right / total, 3),
        "confusion": {f"{w}->{g}": n for (w, g), n in sorted(conf.items())},
        "missing_reported_implemented": wrong_impl,
        "off_topic_implemented": off_topic_impl,
        "errors": errors,
    }


def seeds_labels(res) -> tuple[int, int, list[str]]:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_crosscheck import LABELS  # the hand-read labels of 004's items against 000

    ok, bad = 0, []
    for fragment, allowed in LABELS:
        rows = [c for c in res.coverage if c.lower_doc_id == "000" and c.directive_doc_id == "004" and fragment in c.item_text]
        good = len(rows) == 1 and rows[0].status.value in allowed
        ok += good
        if not good:
            bad.append(f"{fragment!r}: {[(c.item_id, c.status.value, c.score) for c in rows]} not in {sorted(allowed)}")
    return ok, len(LABELS), bad


# ---------------------------------------------------------------- unrelated pairs


def trove_plans(lo: int = 6_000, hi: int = 40_000) -> list[Path]:
    """Trove pages headed "KẾ HOẠCH" of lo–hi bytes, not emulation campaigns ("thi đua" in the title)."""
    import re

    head = re.compile(r"^[#* ]*KẾ HOẠCH[* ]*$", re.MULTILINE)
    out = []
    for p in sorted(TROVE.glob("*.md")):
        if not lo <= p.stat().st_size <= hi:
            continue
        text = p.read_text(encoding="utf-8", errors="replace")
        m = head.search(text)
        if m and "thi đua" not in text[m.end() : m.end() + 300].lower():
            out.append(p)
    return out


def unrelated(names: list[str], verbose: bool) -> dict:
    from kehoach.crosscheck.coverage import Background, compute_coverage, topic_words
    from kehoach.crosscheck.directives import directive_items
    from kehoach.schemas.crosscheck import LinkRelation

    highs = [(p, extract(p)) for p in DIRECTIVES]
    items = {p.name: directive_items(p.stem, ex, "xa") for p, ex in highs}
    plans = [(p, extract(p)) for p in trove_plans()]
    out = {}
    for name in names:
        counts: Counter = Counter()
        implemented = []
        for pp, low in plans:
            for hp, high in highs:
                bg = Background.of([low, high]).with_topic(topic_words(high))
                for r in compute_coverage(pp.stem, low, items[hp.name], LinkRelation.implements, bg, matcher=name):
                    counts[r.status.value] += 1
                    if r.status.value in ("implemented", "partial"):
                        implemented.append(
                            f"{hp.name} {r.item_id} × {pp.name}: {r.status.value} {r.score:.3f} "
                            f"{r.item_text[:70]!r} ← {(r.evidence_text or '')[:70]!r}"
                        )
        n = sum(counts.values())
        out[name] = {
            "pairs": n,
            "plans": len(plans),
            "items": {k: len(v) for k, v in items.items()},
            "share": {s: round(100 * counts[s] / n, 1) for s in STATUSES},
            "counts": {s: counts[s] for s in STATUSES},
            "implemented_or_partial": implemented,
        }
    return out


# ---------------------------------------------------------------- speed


def speed(name: str, exs: dict) -> dict:
    from kehoach.crosscheck.coverage import Background, compute_coverage, topic_words
    from kehoach.crosscheck.directives import directive_items
    from kehoach.crosscheck.matching import semantic
    from kehoach.schemas.crosscheck import LinkRelation

    high = exs["004_fe60389e95cd08d1.txt"]
    items = directive_items("004", high, "xa")

    def once(plan) -> tuple[float, float]:
        """(wall seconds, CPU seconds of this process): on a shared machine the CPU time is what one
        core spends, whatever the other processes take of it."""
        t, c = time.perf_counter(), time.process_time()
        bg = Background.of([plan, high]).with_topic(topic_words(high))
        compute_coverage("p", plan, items, LinkRelation.implements, bg, matcher=name)
        return round(time.perf_counter() - t, 3), round(time.process_time() - c, 3)

    def passages_only() -> None:  # forget the plans' passages, keep the items (the directive is known)
        for k in [k for k in semantic._cache if k not in kept]:
            del semantic._cache[k]

    cold, new_plan, warm, embedded = {}, {}, {}, {}
    kept: set[str] = set()
    for f, plan in exs.items():
        if f.startswith("004"):
            continue
        semantic._cache.clear()  # nothing embedded: neither the items nor the passages
        cold[f] = once(plan)
        kept = {k for k in semantic._cache if k.startswith("q:")}
        embedded[f] = len(semantic._cache) - len(kept)
        passages_only()
        new_plan[f] = once(plan)
        warm[f] = min(once(plan) for _ in range(2))
    return {
        "items": len(items),
        "cold_plan": cold,
        "new_plan": new_plan,
        "warm": warm,
        "passages_embedded": embedded,
        "warm_max": max(warm.values()),  # (wall, CPU) of the slowest plan
        "load": os.getloadavg()[0],
    }


# ---------------------------------------------------------------- main


def table(rows: list[list[str]]) -> str:
    return "\n".join("| " + " | ".join(r) + " |" for r in [rows[0], ["---"] * len(rows[0]), *rows[1:]])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--matchers", default="lexical,hybrid")
    ap.add_argument("--no-unrelated", action="store_true")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--json")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from kehoach.crosscheck.run import crosscheck

    names = a.matchers.split(",")
    key = json.loads((XCD / "key.json").read_text(encoding="utf-8"))
    exs = {p.name: extract(p) for p in sorted(XCD.glob("*.txt"))}
    seeds = {p.name[:3]: extract(p) for p in sorted((ROOT / "samples").glob("*.txt"))}
    report: dict = {"matchers": {}}
    for name in names:
        r = report["matchers"][name] = {}
        r["crosscheck_dev"] = score_xcd(crosscheck(list(exs.items()), matcher=name), key, a.verbose)
        ok, n, bad = seeds_labels(crosscheck(list(seeds.items()), matcher=name))
        r["seeds"] = {"right": ok, "total": n, "wrong": bad}
        if not a.no_speed:
            r["speed"] = speed(name, exs)
    if not a.no_unrelated:
        for name, u in unrelated(names, a.verbose).items():
            report["matchers"][name]["unrelated"] = u

    m = report["matchers"]
    plans = [p["file"] for p in key["plans"]]
    rows = [["", *names]]
    for f in plans:
        rows.append(
            [f, *(f"{m[x]['crosscheck_dev']['per_plan'][f][0]}/{m[x]['crosscheck_dev']['per_plan'][f][1]}" for x in names)]
        )
    rows.append(
        [
            "**all**",
            *(
                f"{m[x]['crosscheck_dev']['right']}/{m[x]['crosscheck_dev']['total']} = {m[x]['crosscheck_dev']['accuracy']}"
                for x in names
            ),
        ]
    )
    rows.append(["missing reported implemented", *(str(m[x]["crosscheck_dev"]["missing_reported_implemented"]) for x in names)])
    rows.append(["off-topic plan: items implemented", *(str(m[x]["crosscheck_dev"]["off_topic_implemented"]) for x in names)])
    rows.append(["seeds 000 × 004 labels", *(f"{m[x]['seeds']['right']}/{m[x]['seeds']['total']}" for x in names)])
    if not a.no_unrelated:
        for s in STATUSES:
            rows.append([f"unrelated pairs {s} %", *(str(m[x]["unrelated"]["share"][s]) for x in names)])
        rows.append(["unrelated pairs", *(str(m[x]["unrelated"]["pairs"]) for x in names)])
    if not a.no_speed:
        rows.append(["warm s (wall, CPU), slowest plan × 004", *(str(m[x]["speed"]["warm_max"]) for x in names)])
        rows.append(
            ["new plan s (wall, CPU; items known), slowest", *(str(max(m[x]["speed"]["new_plan"].values())) for x in names)]
        )
        rows.append(
            ["cold s (wall, CPU; nothing embedded), slowest", *(str(max(m[x]["speed"]["cold_plan"].values())) for x in names)]
        )
        rows.append(["load average (1 min) after timing", *(f"{m[x]['speed']['load']:.1f}" for x in names)])
    print(table(rows))
    for x in names:
        d = m[x]["crosscheck_dev"]
        print(f"\n{x}: confusion (label->status): " + ", ".join(f"{k}: {v}" for k, v in d["confusion"].items()))
        for e in d["errors"]:
            print("  " + e)
        for e in m[x]["seeds"]["wrong"]:
            print("  seeds: " + e)
        if a.verbose and not a.no_unrelated:
            for e in m[x]["unrelated"]["implemented_or_partial"]:
                print("  unrelated: " + e)
        if not a.no_speed:
            sp = m[x]["speed"]
            print(
                f"  warm: {sp['warm']}  new plan: {sp['new_plan']}  cold: {sp['cold_plan']}  passages embedded: {sp['passages_embedded']}"
            )
    if a.json:
        Path(a.json).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
