"""Gold score: the metric definitions of ``../shared/eval/score.py``, one document at a time.

The scorer is the contract's judge, so this module repeats its definitions exactly (same
normalization, same greedy matching, same micro-average, same ``overall`` = mean of the metrics
that have a value) and ``tests/test_evaluate_gold.py`` checks that both give the same numbers on
the seeds and the dev set. It works on the contract JSON (``Extraction.model_dump(mode="json")``),
as the scorer does on ``kehoach extract`` output.

Per document it returns tallies — ``(ok, n)`` for an accuracy, ``(tp, fp, fn)`` for an F1 — so
documents can be scored in worker processes and summed afterwards, and the worst documents of a
metric can be listed with what was missed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from difflib import SequenceMatcher
from typing import Any

# Tone-mark placement variants the scorer folds (hoá/hóa, thuỷ/thủy).
TONE = {
    "oá": "óa",
    "oà": "òa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "uý": "úy",
    "uỳ": "ùy",
    "uỷ": "ủy",
    "uỹ": "ũy",
    "uỵ": "ụy",
    "oé": "óe",
    "oè": "òe",
    "oẻ": "ỏe",
    "oẽ": "õe",
    "oẹ": "ọe",
}
# Metric kinds: an accuracy counts (ok, n); an F1 counts (tp, fp, fn).
ACC, F1 = "acc", "f1"


def norm(s: str | None) -> str:
    """The scorer's comparison form: NFC, lower case, tone placement folded, dashes and quotes unified."""
    s = unicodedata.normalize("NFC", s or "").lower()
    for old, new in TONE.items():
        s = s.replace(old, new)
    s = re.sub(r"[\u2010-\u2015\-]+", "-", s)
    s = re.sub(r"\s*-\s*", " - ", s)
    s = re.sub(r"[*_#“”\"']", "", s)
    s = re.sub(r"\s+", " ", s)
    return s.strip(" .;,:")


def close(a: str | None, b: str | None, cut: float = 0.85) -> bool:
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    return a == b or SequenceMatcher(None, a, b).ratio() >= cut


def title_key(s: str | None) -> str:
    """Titles compare without a leading "V/v" or "Về việc": documents and readers differ on it."""
    return re.sub(r"^(v/v|về việc)\s*:?\s*", "", norm(s))


def number_key(s: str | None) -> str:
    """Số và ký hiệu compare with spaces removed, upper case, Đ as D."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", s or "")).upper().replace("Đ", "D")


def match(gold: list, pred: list, same: Callable[[Any, Any], bool]) -> tuple[int, int, int, list, list]:
    """Greedy one-to-one matching → (tp, fp, fn, missed gold items, unmatched predictions).

    Gold items may be dicts with ``optional: true``: found, they are neither counted nor extra.
    """
    used: set[int] = set()
    tp = fn = 0
    missed = []
    for g in gold:
        hit = next((i for i, p in enumerate(pred) if i not in used and same(g, p)), None)
        opt = isinstance(g, dict) and g.get("optional")
        if hit is None:
            if not opt:
                fn += 1
                missed.append(g)
        else:
            used.add(hit)
            if not opt:
                tp += 1
    extra = [p for i, p in enumerate(pred) if i not in used]
    return tp, len(pred) - len(used), fn, missed, extra


def walk_sections(sections: list | None) -> list:
    out = []
    for s in sections or []:
        out.append(s)
        out.extend(walk_sections(s.get("children") or []))
    return out


def actor_same(g: dict, p: dict) -> bool:
    pa = norm(p.get("actor"))
    for alias in g["aliases"]:
        a = norm(alias)
        if close(a, pa) or (len(pa) >= 6 and (a.startswith(pa) or pa.startswith(a))):
            return True
    return False


class DocScore:
    """One document's tallies per metric, in the scorer's order, with what was expected and got."""

    def __init__(self, failed: bool) -> None:
        self.failed = failed
        self.tallies: dict[str, tuple[str, tuple[int, ...]]] = {}
        self.details: dict[str, str] = {}

    def acc(self, name: str, ok: bool, expected: Any = None, got: Any = None) -> None:
        ok = bool(ok) and not self.failed
        self.tallies[name] = (ACC, (int(ok), 1))
        if not ok and not self.failed:
            self.details[name] = f"expected {_short(expected)} got {_short(got)}"

    def f1(self, name: str, result: tuple[int, int, int, list, list], show: Callable[[Any], str] = str) -> None:
        tp, fp, fn, missed, extra = result
        if self.failed:
            self.tallies[name] = (F1, (0, 0, tp + fn))
            return
        self.tallies[name] = (F1, (tp, fp, fn))
        parts = []
        if missed:
            parts.append(f"missed {len(missed)}: " + " | ".join(_short(show(g), 50) for g in missed[:2]))
        if extra:
            parts.append(f"extra {len(extra)}: " + " | ".join(_short(show(p), 50) for p in extra[:2]))
        if parts:
            self.details[name] = " — ".join(parts)


def _short(v: Any, width: int = 60) -> str:
    s = "null" if v is None else str(v)
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 1] + "…"


def score_document(gold: dict, out: dict | None) -> DocScore:
    """Score one document's contract JSON against its gold answer; ``out=None`` (it failed) scores zero."""
    d = DocScore(failed=out is None)
    out = out or {}
    has = gold.__contains__  # a gold file may hold only some keys (e.g. header-only answers)
    if has("doc_type"):
        d.acc("doc_type", out.get("doc_type") == gold["doc_type"], gold["doc_type"], out.get("doc_type"))
    if has("number"):
        d.acc("number", number_key(out.get("number")) == number_key(gold["number"]), gold["number"], out.get("number"))
    issuer = out.get("issuer") or {}
    if has("issuer"):
        d.acc("issuer.level", issuer.get("level") == gold["issuer"]["level"], gold["issuer"]["level"], issuer.get("level"))
        d.acc(
            "issuer.place",
            norm(issuer.get("place")) == norm(gold["issuer"]["place"]),
            gold["issuer"]["place"],
            issuer.get("place"),
        )
    if gold.get("parent"):
        got = (out.get("parent") or {}).get("place")
        d.acc("parent.place", norm(got) == norm(gold["parent"]["place"]), gold["parent"]["place"], got)
    if has("issued_date"):
        d.acc("issued_date", out.get("issued_date") == gold["issued_date"], gold["issued_date"], out.get("issued_date"))
    if has("year"):
        d.acc("year", out.get("year") == gold["year"], gold["year"], out.get("year"))
    if has("title"):
        ok = close(title_key(out.get("title")), title_key(gold["title"]), 0.9) if gold["title"] else not out.get("title")
        d.acc("title", ok, gold["title"], out.get("title"))
    if has("signer"):
        got = (out.get("signer") or {}).get("name")
        d.acc("signer.name", norm(got) == norm(gold["signer"]["name"]), gold["signer"]["name"], got)
    if has("recipients"):
        d.f1("recipients", match(gold["recipients"], out.get("recipients") or [], lambda g, p: close(g, p)))

    if has("top_sections"):
        top = [s for s in out.get("sections") or [] if s.get("level", 1) == 1]
        d.f1(
            "sections.top",
            match(
                gold["top_sections"], top, lambda g, p: str(p.get("number")).strip(" .") == g[0] and close(g[1], p.get("heading"))
            ),
            lambda s: f"{s[0]}. {s[1]}" if isinstance(s, list) else f"{s.get('number')}. {s.get('heading')}",
        )
    if has("section_kinds"):
        kinds = sorted({k for s in walk_sections(out.get("sections")) for k in (s.get("kinds") or [])})
        d.f1("sections.kinds", match(gold["section_kinds"], kinds, lambda g, p: g == p))
    if has("citations"):
        # A document cited twice is one citation: duplicates in the output are not penalized.
        cits, seen = [], set()
        for c in out.get("citations") or []:
            if number_key(c.get("number")) not in seen:
                seen.add(number_key(c.get("number")))
                cits.append(c)
        d.f1(
            "citations",
            match(
                gold["citations"],
                cits,
                lambda g, p: number_key(p.get("number")) == number_key(g["number"]) and p.get("date") == g["date"],
            ),
            lambda c: f"{c.get('number')} {c.get('date')}",
        )
    if has("deadline_dates"):
        dated = sorted({d.get("date") for d in out.get("deadlines") or [] if d.get("date")})
        d.f1("deadlines.dates", match(gold["deadline_dates"], dated, lambda g, p: g == p))
    if has("deadline_kinds"):
        dkinds = sorted({d.get("kind") for d in out.get("deadlines") or [] if d.get("kind")})
        d.f1("deadlines.kinds", match(gold["deadline_kinds"], dkinds, lambda g, p: g == p))
    if has("actors"):
        actors, seen = [], set()
        for r in out.get("responsibilities") or []:
            if norm(r.get("actor")) not in seen:
                seen.add(norm(r.get("actor")))
                actors.append(r)
        d.f1(
            "responsibilities",
            match(gold["actors"], actors, actor_same),
            lambda a: a["aliases"][0] if "aliases" in a else a.get("actor"),
        )
    if has("criteria"):
        d.f1(
            "criteria",
            match(
                gold["criteria"],
                out.get("criteria") or [],
                lambda g, p: p.get("kind") == g["kind"] and close(g["text"], p.get("text"), 0.8),
            ),
            lambda c: f"{c.get('kind')}: {c.get('text')}",
        )
    camps = out.get("campaigns") or []
    if has("campaign_count_min"):
        d.acc("campaigns", len(camps) >= gold["campaign_count_min"], f"≥ {gold['campaign_count_min']}", len(camps))
    if gold.get("campaign_end_date"):
        got = sorted({c.get("end_date") for c in camps if c.get("end_date")})
        d.acc(
            "campaigns.end_date",
            any(c.get("end_date") == gold["campaign_end_date"] for c in camps),
            gold["campaign_end_date"],
            got,
        )
    if gold.get("reform_areas") is not None:
        d.f1("reform_areas", match(gold["reform_areas"], sorted(set(out.get("reform_areas") or [])), lambda g, p: g == p))

    text = out.get("text") or ""
    ok = n = 0
    for key in ("citations", "deadlines", "responsibilities"):
        for item in out.get(key) or []:
            s, e = item.get("start"), item.get("end")
            ok += isinstance(s, int) and isinstance(e, int) and text[s:e] == item.get("text")
            n += 1
    for sec in walk_sections(out.get("sections")):
        s, e = sec.get("start"), sec.get("end")
        ok += isinstance(s, int) and isinstance(e, int) and norm(sec.get("heading")) in norm(text[s:e])
        n += 1
    # the scorer adds grounding even for a failed document (it then has no items: 0 of 0)
    d.tallies["grounding"] = (ACC, (ok, n))
    if ok < n:
        d.details["grounding"] = f"{n - ok} of {n} spans do not quote the text"
    return d


def metric_value(kind: str, tally: tuple[int, ...]) -> float | None:
    """Accuracy ok/n, or F1 2tp/(2tp+fp+fn); None when there was nothing to count."""
    if kind == ACC:
        ok, n = tally
        return ok / n if n else None
    tp, fp, fn = tally
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None


def add_tallies(total: dict[str, tuple[str, list[int]]], doc: dict[str, tuple[str, tuple[int, ...]]]) -> None:
    """Sum one document's tallies into the running totals (micro-average, as the scorer does)."""
    for name, (kind, tally) in doc.items():
        _, acc = total.setdefault(name, (kind, [0] * len(tally)))
        for i, v in enumerate(tally):
            acc[i] += v


def gold_metrics(total: dict[str, tuple[str, list[int]]]) -> tuple[dict[str, float], float]:
    """Metric values (those with a value, in first-seen order) and ``overall``, their mean."""
    values = {name: v for name, (kind, t) in total.items() if (v := metric_value(kind, tuple(t))) is not None}
    overall = sum(values.values()) / len(values) if values else 0.0
    return values, overall
