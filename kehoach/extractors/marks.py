"""What an extractor shows of its records: the kinds of span it marks in the text (name, label in
Vietnamese and English, colour) and the marks themselves.

An extractor declares its span kinds on its registry line (``kehoach.extractors``)::

    Extractor("budgets", "2", extract_budgets, requires=(...), spans=(SpanKind("budget", "Kinh phí", "Funding", "#ffe08a"),)),

and `kehoach show` and the web's document page draw every mark of every registered extractor with
the label and colour of its kind: a new extractor's spans show with no other edit. Records with
``start``/``end`` and a ``text`` (or ``name``) are marked by :func:`record_marks` under the first
kind declared; an extractor whose records need more (a section's heading, a responsibility's actor,
one kind per role, a detail beside the value) gives its own ``marks`` function.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

NAME_RE = re.compile(r"[a-z][a-z0-9_]*")  # a kind's name is a CSS class (k-<name>) and an anchor
COLOR_RE = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class SpanKind:
    """A kind of span an extractor marks, as `kehoach show` and the web's document page draw it."""

    name: str  # "citation": the web page's CSS class k-citation and its anchors k-citation-0, …
    label_vi: str  # "Trích dẫn"
    label_en: str  # "Citation"
    color: str  # background of the span, "#9ecae1"

    @property
    def label(self) -> str:
        """The legend's and the spans' label: ``Trích dẫn / Citation``."""
        return f"{self.label_vi} / {self.label_en}"

    def check(self) -> None:
        if not NAME_RE.fullmatch(self.name) or not COLOR_RE.fullmatch(self.color):
            raise ValueError(f"span kind {self.name!r}: the name must be [a-z][a-z0-9_]*, the colour #rrggbb ({self.color!r})")


class Mark(NamedTuple):
    """One span of the text an extractor marked: its kind, where it is, what to list beside the text."""

    kind: str  # a SpanKind's name
    start: int | None
    end: int | None
    text: str  # the value listed beside the text (the citation, the actor, the heading)
    detail: str = ""  # a few words after it (number · date · issuer, the number of tasks)


def record_marks(kind: str, records: Iterable[Any]) -> Iterator[Mark]:
    """The default: every record with ``start``/``end`` marked as ``kind``, listed by its ``text``
    (else its ``name``)."""
    for r in records:
        start, end = getattr(r, "start", None), getattr(r, "end", None)
        text = getattr(r, "text", None) or getattr(r, "name", None) or ""
        yield Mark(kind, start, end, str(text))


def joined(*parts: object, sep: str = " · ") -> str:
    """The detail of a mark: the parts that are set, joined."""
    return sep.join(str(p) for p in parts if p not in (None, ""))
