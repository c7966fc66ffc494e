"""A throwaway extractor, registered for one test only: the national motto line of a document
("Độc lập - Tự do - Hạnh phúc"), with a span kind of its own. It is declared as a newcomer declares
one (a record, a function, one ``Extractor(...)`` with ``spans=``) and nothing else is edited: its
spans must show in ``kehoach show`` and the web's document page in its declared colour."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator

from pydantic import Field

from kehoach.extractors import Extractor, SpanKind, register, unregister
from kehoach.schemas.document import CanonicalDocument, Frozen

MOTTO_KIND = SpanKind("motto", "Tiêu ngữ", "Motto", "#7fffd4")  # aquamarine: no built-in kind uses it
MOTTO_RGB = "rgb(127, 255, 212)"
MOTTO_RE = re.compile(r"Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc")


class Motto(Frozen):
    """The national motto line under the country's name (tiêu ngữ)."""

    text: str = Field(description="The motto as written.")
    start: int = Field(description="Start offset in text.")
    end: int = Field(description="End offset in text (exclusive).")


def extract_mottos(doc: CanonicalDocument) -> list[Motto]:
    return [Motto(text=m.group(), start=m.start(), end=m.end()) for m in MOTTO_RE.finditer(doc.text)]


@contextlib.contextmanager
def motto_extractor() -> Iterator[Extractor]:
    """The motto extractor registered while the block runs (spans marked by the registry's default)."""
    extractor = Extractor("mottos", "1", extract_mottos, spans=(MOTTO_KIND,))
    register(extractor)
    try:
        yield extractor
    finally:
        unregister(extractor.name)
