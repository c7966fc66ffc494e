"""Words as the cross-check compares them: synonym rules, stopwords, underthesea tokens, lines, and
the patterns that recognize the lower units as an addressee. Shared by directive extraction
(:mod:`kehoach.crosscheck.directives`) and the matchers (:mod:`kehoach.crosscheck.matching`)."""

from __future__ import annotations

import csv
import re
from functools import cache, lru_cache
from pathlib import Path

from kehoach.text.aliases import DEFINED_ALIAS_RE

MIN_ITEM_WORDS = 3  # an item with fewer content words is a heading, not a directive
TOKEN_HAS_DIGIT_RE = re.compile(r"\d")
WORD_CHAR_RE = re.compile(r"[^\W_]")

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def _data(name: str) -> str:
    return (DATA_DIR / name).read_text(encoding="utf-8")


@cache
def synonym_rules() -> tuple[tuple[re.Pattern[str], dict[str, str]], ...]:
    """The synonym table as regexes (longest variant first), one per case mode."""
    exact: dict[str, str] = {}
    folded: dict[str, str] = {}
    for row in csv.DictReader(_data("synonyms.csv").splitlines()):
        variant, canonical = row["variant"].strip(), row["canonical"].strip()
        if row["case"].strip() == "exact":
            exact[variant] = canonical
        else:
            folded[variant.lower()] = canonical
    rules = []
    for table, flags in ((exact, 0), (folded, re.IGNORECASE)):
        if table:
            alts = "|".join(re.escape(v) for v in sorted(table, key=len, reverse=True))
            rules.append((re.compile(rf"(?<![^\W_])(?:{alts})(?![^\W_])", flags), table))
    return tuple(rules)


def apply_synonyms(text: str) -> str:
    """Rewrite abbreviations and synonyms to their canonical words (for matching only; spans
    always point into the original text). A variant already followed by its canonical
    expansion ("Mặt trận Tổ quốc Việt Nam") is left alone."""
    for pattern, table in synonym_rules():

        def repl(m: re.Match[str], table=table, pattern=pattern) -> str:
            key = m.group(0) if not pattern.flags & re.IGNORECASE else m.group(0).lower()
            canonical = table[key]
            if m.string[m.start() : m.start() + len(canonical)].lower() == canonical.lower():
                return m.group(0)
            return canonical

        text = pattern.sub(repl, text)
    return text


@cache
def stopwords() -> frozenset[str]:
    return frozenset(line.strip() for line in _data("stopwords_vi.txt").splitlines() if line.strip() and not line.startswith("#"))


@cache
def lower_unit_patterns() -> dict[str, re.Pattern[str]]:
    """level → one regex that recognizes an actor naming the units of that level."""
    by_level: dict[str, list[str]] = {}
    for row in csv.DictReader(_data("lower_unit_actors.csv").splitlines()):
        by_level.setdefault(row["level"], []).append(row["pattern"])
    return {lvl: re.compile("|".join(f"(?:{p})" for p in pats), re.IGNORECASE) for lvl, pats in by_level.items()}


# Where the list an alias (text.aliases) names begins: the last sentence or clause boundary before it.
ALIAS_LIST_START_RE = re.compile(r"[.;:!?]\s|\n\s*\n")
ALIAS_LOOKBACK = 400


def document_unit_pattern(text: str, level: str) -> re.Pattern[str] | None:
    """The lower-unit pattern of ``level`` for one document: the general one, and the names the
    document itself defines for a group that includes those units. An alias counts where it opens
    an addressee ("Các cơ quan, đơn vị căn cứ …", "đề nghị các cơ quan, đơn vị …"), not inside a
    phrase ("… phối hợp với các cơ quan, đơn vị liên quan" stays a partner: see PARTNER_RE)."""
    base = lower_unit_patterns().get(level)
    if base is None:
        return None
    aliases: set[str] = set()
    for m in DEFINED_ALIAS_RE.finditer(text):
        window = text[max(0, m.start() - ALIAS_LOOKBACK) : m.start()]
        starts = [b.end() for b in ALIAS_LIST_START_RE.finditer(window)]
        listed = window[starts[-1] :] if starts else window
        alias = " ".join(m.group(1).split()).strip(" ,")
        if base.search(listed) and not base.search(alias) and len(alias.split()) <= 8:
            aliases.add(alias)
    if not aliases:
        return base
    words = "|".join(r"\s+".join(re.escape(w) for w in a.split()) for a in sorted(aliases, key=len, reverse=True))
    lead = r"(?:^[\s*_\-–+•·]*|\b(?:đề\s+nghị|yêu\s+cầu|giao|chỉ\s+đạo)\s+)(?:Thủ\s+trưởng\s+|Chủ\s+tịch\s+|Lãnh\s+đạo\s+)?(?:các\s+)?"
    return re.compile(f"{base.pattern}|(?:{lead}(?:{words})(?![^\\W_]))", base.flags | re.MULTILINE)


@lru_cache(maxsize=200_000)  # lines and items recur across plans and runs of the same process
def tokenize(text: str) -> tuple[str, ...]:
    """Content words of a text, as matched: synonyms applied, underthesea word segmentation
    (run on the cased text: it segments better), lower case, no function words or numbers.
    A compound word also yields its syllables, marked ``~`` ("cải_cách", "~cải", "~cách"), so
    an exact compound counts twice and a differently segmented one still counts."""
    from underthesea import word_tokenize

    out = []
    stop = stopwords()
    for word in word_tokenize(apply_synonyms(text)):
        w = word.lower()
        if not WORD_CHAR_RE.search(w) or TOKEN_HAS_DIGIT_RE.search(w) or w in stop:
            continue
        syllables = w.split()
        out.append("_".join(syllables))
        if len(syllables) > 1:  # segmentation varies ("Ủy | ban nhân dân"): syllables match anyway
            out.extend(f"~{x}" for x in syllables if x not in stop and WORD_CHAR_RE.search(x))
    return tuple(out)


def lines_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Non-empty lines in text[start:end], stripped, as (start, end) spans."""
    out = []
    for m in re.finditer(r"[^\n]+", text[start:end]):
        s, e = start + m.start(), start + m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out
