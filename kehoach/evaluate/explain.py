"""Silver agreement and the one-line reason behind each disagreement.

Silver labels (``../shared/corpus/trove-silver.jsonl``) are a website's own catalogue entry for a
page: number, type, date and signer, written by its editors. Each field is compared the way the
scorer compares it (numbers by :func:`number_key`, names by :func:`norm`), and a wrong field gets a
reason that points at the line to fix::

    number: expected 12/KH-UBND got null — line after "Số:" is "12/KH-UBND"
    signer.name: expected Phạm Văn Thịnh got null — expected on L812 "Phạm Văn Thịnh" after "KT. CHỦ TỊCH"

A reason starts with its *category* (the part before the first quote or colon-less detail), so the
report can count which failure is most common. Line numbers (``L12``) are 1-based lines of the
normalized text ``kehoach extract`` prints.
"""

from __future__ import annotations

import re

from kehoach.evaluate.gold import norm, number_key
from kehoach.evaluate.invariants import SO_LINE_RE, short

SILVER_FIELDS = ("number", "doc_type", "issued_date", "signer.name")


def silver_agrees(field: str, expected: str | None, got: str | None) -> bool:
    if field == "number":
        return number_key(got) == number_key(expected)
    if field == "signer.name":
        return norm(got) == norm(expected)
    return got == expected


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _number_re(value: str) -> re.Pattern[str]:
    """The number with any spacing and Đ/D either way: '12/KH-UBND' matches '12 / KH - UBND'."""
    parts = []
    for ch in re.sub(r"\s+", "", value):
        parts.append("[DĐdđ]" if ch in "DĐdđ" else re.escape(ch))
    return re.compile(r"(?<![\w/])" + r"\s*".join(parts) + r"(?![\w])", re.I)


def _name_re(value: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in value.split()) + r"(?!\w)", re.I)


def _date_re(iso: str) -> re.Pattern[str]:
    y, m, d = iso.split("-")
    m, d = str(int(m)), str(int(d))
    return re.compile(
        rf"ngày\s*0?{d}\s*tháng\s*0?{m}\s*năm\s*{y}|(?<!\d)0?{d}\s*[/.-]\s*0?{m}\s*[/.-]\s*{y}(?!\d)",
        re.I,
    )


def find_lines(text: str, field: str, value: str | None) -> list[int]:
    """0-based indexes of the lines where ``value`` of ``field`` is written."""
    if not value:
        return []
    if field == "number":
        rx = _number_re(value)
    elif field == "issued_date":
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return []
        rx = _date_re(value)
    elif field == "signer.name":
        rx = _name_re(value)
    else:
        return []
    lines = _lines(text)
    found = [i for i, line in enumerate(lines) if rx.search(line)]
    if field == "issued_date":  # the "ngày … tháng … năm" line before a catalogue's "24/11/2025"
        found.sort(key=lambda i: "tháng" not in lines[i])
    return found


def _at(lines: list[str], i: int) -> str:
    return f'L{i + 1} "{short(lines[i])}"'


def explain(field: str, text: str, expected: str | None, got: str | None) -> str:
    """Why ``got`` is not ``expected`` for ``field``, in one line (category first)."""
    lines = _lines(text)
    where_exp = find_lines(text, field, expected)
    where_got = find_lines(text, field, got)
    if field == "number":
        return _explain_number(lines, where_exp, where_got, got)
    if field == "doc_type":
        return _explain_type(lines, expected, got)
    if not where_exp:
        base = "expected not in text"
    elif field == "signer.name":
        i = where_exp[-1]  # the signature sits at the end; the catalogue's copy at the top
        prev = next((lines[j] for j in range(i - 1, max(i - 4, -1), -1) if lines[j].strip()), "")
        base = f'expected on {_at(lines, i)} after "{short(prev, 40)}"'
    else:
        base = f"expected on {_at(lines, where_exp[0])}"
    if got is None:
        return f"not found — {base}"
    src = f"got from {_at(lines, where_got[0])}" if where_got else "got value not in text"
    return f"wrong value — {src}; {base}"


def _explain_number(lines: list[str], where_exp: list[int], where_got: list[int], got: str | None) -> str:
    so = next((i for i, line in enumerate(lines) if SO_LINE_RE.match(line)), None)
    if got is not None:
        src = f"got from {_at(lines, where_got[0])}" if where_got else "got value not in text"
        exp = f"expected on {_at(lines, where_exp[0])}" if where_exp else "expected not in text"
        return f"wrong value — {src}; {exp}"
    if not where_exp:
        return "expected not in text" + (f' — "Số:" line {_at(lines, so)}' if so is not None else "")
    if so is None:
        return f'no "Số:" line — expected on {_at(lines, where_exp[0])}'
    if so in where_exp:
        return f'"Số:" line not read — {_at(lines, so)}'
    nxt = next((j for j in range(so + 1, min(so + 3, len(lines))) if lines[j].strip()), None)
    if nxt is not None and nxt in where_exp:
        return f'number on the line after "Số:" — line after "{short(lines[so], 20)}" is "{short(lines[nxt])}"'
    return f'number away from the "Số:" line — "Số:" line {_at(lines, so)}; expected on {_at(lines, where_exp[0])}'


def _explain_type(lines: list[str], expected: str | None, got: str | None) -> str:
    from kehoach.text.doc_types import TYPE_NAMES, type_of_type_line  # the Phụ lục III type names

    names = sorted((t.name.upper() for t in TYPE_NAMES if t.type_line), key=len, reverse=True)
    rx = re.compile(r"^[\W_]*(" + "|".join(map(re.escape, names)) + r")\b")
    found = [(i, m.group(1)) for i, line in enumerate(lines[:200]) if (m := rx.match(line))]
    typed = [(i, n) for i, n in found if type_of_type_line(n).value == expected]
    if typed:
        return f"type line not read — {_at(lines, typed[0][0])}"
    vv = next((i for i, line in enumerate(lines[:200]) if re.match(r"^[\W_]*(V/v|Về việc)\b", line)), None)
    if expected == "cong_van" and vv is not None:
        return f"công văn not recognized — V/v on {_at(lines, vv)}"
    if found:
        return f"other type line — {_at(lines, found[0][0])}"
    return "no type line in the first 200 lines"


def category(reason: str) -> str:
    """The reason's kind, for tallies: the words before the first '—'."""
    return reason.split(" — ", 1)[0].strip()
