"""Evidence view: the normalized text with every extracted span highlighted (``kehoach show``).

A ``spacy.blank("xx")`` pipeline (loads in ~0.07 s; ``"vi"`` would need pyvi) whose tokenizer is
underthesea's word segmentation, mapped back onto the text so ``doc.text == source`` exactly.
Every span the registered extractors mark (``kehoach.extract.marks``: section headings, citations,
deadlines, responsibilities' actors, criteria, campaigns, budgets, and any extractor registered since)
becomes a span labelled with its kind in ``doc.spans["sc"]`` (``char_span(..., alignment_mode="expand")``), and
``spacy.displacy.render(style="span", page=True)`` writes one self-contained, offline HTML page (no
script, no network). displaCy draws a Doc's tokens joined by spaces and HTML collapses line breaks, so
the Doc and its spans are handed over as displaCy's own ``manual`` data with line-break tokens carried
as a mark that becomes ``<br>``: the page keeps the document's lines. Token text is HTML-escaped by
displaCy. Labels and colours are the ones each extractor declares for its span kinds
(``kehoach.extractors``), e.g. ``Trích dẫn / Citation`` on light blue.
"""

from __future__ import annotations

import html
import itertools
import re
from functools import cache

from kehoach.extract import marks, span_kinds
from kehoach.schemas.contract import Extraction

TITLE = "kehoach — Bằng chứng trích xuất / Extraction evidence"
NEWLINE_MARK = "\ue000"


@cache
def blank_pipeline():
    """The multilingual blank pipeline with the underthesea tokenizer installed."""
    import spacy

    nlp = spacy.blank("xx")
    nlp.tokenizer = UndertheseaTokenizer(nlp.vocab)
    return nlp


class UndertheseaTokenizer:
    """Word segmentation by underthesea, aligned back to the exact source text (``doc.text == text``).

    Each line is segmented on its own (underthesea joins syllables across line breaks); a token's
    syllables are found again with a whitespace-tolerant search, and whatever lies between tokens
    becomes spaCy whitespace (a single trailing space, or a whitespace token).
    """

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str):
        from spacy.tokens import Doc

        words, spaces = align_tokens(text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        assert doc.text == text, "tokenizer must keep the text"
        return doc


def _segment(line: str) -> list[str]:
    from underthesea import word_tokenize

    try:
        return word_tokenize(line)
    except Exception:  # a line underthesea cannot segment falls back to whitespace
        return line.split()


def align_tokens(text: str) -> tuple[list[str], list[bool]]:
    """(words, spaces) for spaCy's Doc such that joining them gives back ``text``."""
    pieces: list[tuple[int, int]] = []  # token spans in text
    pos = 0
    for line in text.split("\n"):
        line_start = pos
        cur = line_start
        for tok in _segment(line) if line.strip() else []:
            sylls = tok.split()
            if not sylls:
                continue
            rx = re.compile(r"\s+".join(re.escape(s) for s in sylls))
            m = rx.search(text, cur, line_start + len(line))
            if m is None:
                continue  # underthesea normalised something: the gap logic below keeps the text
            # anything skipped before the match that is not whitespace becomes its own token
            for sm in re.finditer(r"\S+", text[cur : m.start()]):
                pieces.append((cur + sm.start(), cur + sm.end()))
            pieces.append((m.start(), m.end()))
            cur = m.end()
        for sm in re.finditer(r"\S+", text[cur : line_start + len(line)]):
            pieces.append((cur + sm.start(), cur + sm.end()))
        pos = line_start + len(line) + 1
    words: list[str] = []
    spaces: list[bool] = []
    last = 0
    for s, e in pieces:
        gap = text[last:s]
        _add_gap(gap, words, spaces)
        words.append(text[s:e])
        spaces.append(False)
        last = e
    _add_gap(text[last:], words, spaces)
    return words, spaces


def _add_gap(gap: str, words: list[str], spaces: list[bool]) -> None:
    if not gap:
        return
    if gap.startswith(" ") and words and not spaces[-1] and words[-1].strip():
        spaces[-1] = True
        gap = gap[1:]
    if gap:
        words.append(gap)
        spaces.append(False)


def labels() -> dict[str, str]:
    """Span kind → its label ("citation" → "Trích dẫn / Citation"), for every registered extractor."""
    return {k.name: k.label for k in span_kinds()}


def colors() -> dict[str, str]:
    """Label → colour, as displaCy takes them."""
    return {k.label: k.color for k in span_kinds()}


def build_doc(extraction: Extraction):
    """A spaCy Doc of the extraction's text with every extracted span in ``doc.spans["sc"]``."""
    nlp = blank_pipeline()
    text = extraction.text
    doc = nlp(text)
    spans = []

    label = labels()
    for m in marks(extraction):
        if m.start is None or m.end is None or not (0 <= m.start < m.end <= len(text)):
            continue
        span = doc.char_span(m.start, m.end, label=label[m.kind], alignment_mode="expand")
        if span is not None and len(span):
            spans.append(span)
    doc.spans["sc"] = spans
    return doc


def display_tokens(text: str, spans: list[tuple[int, int, str]]) -> tuple[list[str], list[dict]]:
    """Chunks for displaCy, which puts a space after every token: split only where the text has
    whitespace (or a span starts or ends), so "77/QĐ-UBND" and "Hớn Quản;" display as written."""
    cuts = sorted({0, len(text), *(a for a, _, _ in spans), *(b for _, b, _ in spans)})
    chunks: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(cuts):
        for m in re.finditer(r"\S+|\n", text[a:b]):
            chunks.append((a + m.start(), a + m.end()))
    tokens = [NEWLINE_MARK if text[a:b] == "\n" else text[a:b] for a, b in chunks]
    starts = {a: i for i, (a, _) in enumerate(chunks)}
    out = []
    for a, b, label in spans:
        first = next((i for i, (x, y) in enumerate(chunks) if x >= a), None)
        last = max((i for i, (x, y) in enumerate(chunks) if y <= b), default=None)
        if first is None or last is None or last < first:
            continue
        out.append({"start_token": starts.get(chunks[first][0], first), "end_token": last + 1, "label": label})
    return tokens, out


def render_html(extraction: Extraction) -> str:
    """One self-contained HTML page (no scripts, no network) showing the evidence spans."""
    from spacy import displacy

    doc = build_doc(extraction)
    # displacy joins tokens with spaces and HTML collapses line breaks: line-break tokens travel as a
    # private-use mark and come back as <br> (token text itself is escaped by displacy)
    tokens, spans = display_tokens(doc.text, [(sp.start_char, sp.end_char, sp.label_) for sp in doc.spans["sc"]])
    data = {"text": doc.text, "tokens": tokens, "spans": spans}
    palette = colors()
    body = displacy.render(data, style="span", manual=True, page=True, options={"colors": palette})
    body = body.replace(NEWLINE_MARK, "<br>")
    title = f"{TITLE} — {html.escape(extraction.source.path)}"
    body = re.sub(r"<title>.*?</title>", f"<title>{title}</title>", body, count=1, flags=re.S)
    legend = "".join(
        f'<span style="background:{color};padding:2px 6px;margin-right:6px;border-radius:3px">{html.escape(label)}</span>'
        for label, color in palette.items()
    )
    header = f'<h1 style="font-family:sans-serif;font-size:18px">{title}</h1><p style="font-family:sans-serif">{legend}</p>'
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + header, body, count=1)
