"""The extractor registry: every extractor declared once, with its name, version and what it requires.

An extractor is a pure function over a :class:`CanonicalDocument` (no I/O, no Prefect, no
database) that returns a list of records (``extract_deadlines(doc, header, citations) ->
list[Deadline]``). It is declared here in one line (spaCy's ``@Language.factory`` is the model)::

    Extractor("deadlines", "3", extract_deadlines, requires=("header", "citations", "sections")),

- ``name``: the key of its list in the ``kehoach extract`` JSON and the name of its table;
- ``version``: bump it when the output changes; ``name@version`` is stored in every row it made,
  and the ingest flow re-extracts documents whose rows came from an older version;
- ``requires``: the extractors whose outputs it takes, passed by keyword under their names
  (``extract_deadlines(doc, header=…, citations=…)``); ``kehoach.extract`` runs the registry in
  dependency order.

- ``spans``: the kinds of span it marks in the text (:class:`~kehoach.extractors.marks.SpanKind`:
  name, label in Vietnamese and English, colour); ``marks``, the function that turns its records
  into marks (default: every record's ``start``/``end`` as the first kind). ``kehoach show`` and the
  web's document page draw them with no other edit.

The table comes from the function's return annotation: each field of the record model becomes a
column (plus ``doc_id``, ``ordinal``, ``extractor``), the record's docstring describes the table
(``kehoach.schemas.tables.register_record_table``). Adding an extractor touches its module, its
test and one line below (and the README's extractor table); docs/extending.md walks through it.
:func:`register` declares one from outside the package (a plugin, a test's throwaway extractor).
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from kehoach.extractors.budgets import budget_marks, extract_budgets
from kehoach.extractors.campaigns import campaign_marks, extract_campaigns
from kehoach.extractors.citations import citation_marks, extract_citations
from kehoach.extractors.criteria import criterion_marks, extract_criteria
from kehoach.extractors.deadlines import deadline_marks, extract_deadlines
from kehoach.extractors.header import extract_header
from kehoach.extractors.marks import Mark, SpanKind, record_marks
from kehoach.extractors.reform_areas import extract_reform_areas
from kehoach.extractors.responsibilities import extract_responsibilities, responsibility_marks
from kehoach.extractors.sections import extract_sections, section_marks
from kehoach.schemas.tables import register_record_table, unregister_record_table


@dataclass(frozen=True)
class Extractor:
    name: str
    version: str
    func: Callable[..., Any]
    requires: tuple[str, ...] = ()
    spans: tuple[SpanKind, ...] = ()
    marks: Callable[[list[Any]], Iterable[Mark]] | None = None

    @property
    def tag(self) -> str:
        """``"deadlines@2"``: stored beside every row the extractor produced."""
        return f"{self.name}@{self.version}"

    @property
    def record(self) -> type | None:
        """The record type of the list it returns (``list[Deadline]`` → Deadline); None for the header."""
        out = typing.get_type_hints(self.func).get("return")
        return typing.get_args(out)[0] if typing.get_origin(out) is list else None

    def __call__(self, doc: Any, outputs: dict[str, Any]) -> Any:
        return self.func(doc, **{name: outputs[name] for name in self.requires})

    def marks_of(self, records: list[Any]) -> list[Mark]:
        """The spans its records mark (none without declared span kinds)."""
        if not self.spans:
            return []
        out = list(self.marks(records) if self.marks else record_marks(self.spans[0].name, records))
        declared = {k.name for k in self.spans}
        if undeclared := {m.kind for m in out} - declared:
            raise ValueError(f"extractor {self.name}: marks of undeclared span kinds {sorted(undeclared)}")
        return out


# fmt: off
EXTRACTORS: list[Extractor] = [
    Extractor("header", "25", extract_header),
    Extractor("sections", "19", extract_sections, requires=("header",),
              spans=(SpanKind("section", "Mục", "Section", "#d9d9d9"),), marks=section_marks),
    Extractor("citations", "14", extract_citations, requires=("header",),
              spans=(SpanKind("citation", "Trích dẫn", "Citation", "#9ecae1"),), marks=citation_marks),
    Extractor("deadlines", "27", extract_deadlines, requires=("header", "citations", "sections"),
              spans=(SpanKind("deadline", "Thời hạn", "Deadline", "#fdae6b"),), marks=deadline_marks),
    Extractor("responsibilities", "32", extract_responsibilities, requires=("sections", "header"),
              spans=(SpanKind("lead", "Chủ trì", "Lead", "#a1d99b"), SpanKind("support", "Phối hợp", "Support", "#c7e9c0")),
              marks=responsibility_marks),
    Extractor("criteria", "7", extract_criteria, requires=("sections", "header"),
              spans=(SpanKind("criterion", "Tiêu chí", "Criterion", "#dadaeb"),), marks=criterion_marks),
    Extractor("campaigns", "3", extract_campaigns, requires=("header", "sections", "deadlines"),
              spans=(SpanKind("campaign", "Phong trào", "Campaign", "#fcbba1"),), marks=campaign_marks),
    Extractor("reform_areas", "5", extract_reform_areas, requires=("sections",)),
    Extractor("budgets", "2", extract_budgets, requires=("header", "sections"),
              spans=(SpanKind("budget", "Kinh phí", "Funding", "#ffe08a"),), marks=budget_marks),
]
# fmt: on
REGISTRY: dict[str, Extractor] = {e.name: e for e in EXTRACTORS}
# name → version (kept for readers of the versions, e.g. the ingest plan)
VERSIONS: dict[str, str] = {e.name: e.version for e in EXTRACTORS}


def _check(extractors: Iterable[Extractor]) -> None:
    """Declarations match the functions: every requirement is registered and is a parameter; span
    kinds are well formed and each declared once."""
    for e in extractors:
        params = list(inspect.signature(e.func).parameters)[1:]
        missing = [r for r in e.requires if r not in REGISTRY]
        if missing or sorted(params) != sorted(e.requires):
            raise TypeError(f"extractor {e.name}: requires {e.requires}, function takes {params}, unknown {missing}")
        for kind in e.spans:
            kind.check()
            owners = [o.name for o in REGISTRY.values() if o is not e and kind.name in {k.name for k in o.spans}]
            if owners or [k.name for k in e.spans].count(kind.name) > 1:
                raise ValueError(f"extractor {e.name}: span kind {kind.name!r} is declared again (also by {owners or [e.name]})")


_check(EXTRACTORS)
for _e in EXTRACTORS:
    if _e.record is not None:
        register_record_table(_e.name, _e.record)


def register(extractor: Extractor) -> None:
    """Declare one more extractor after the built-in ones, as if it had its line above (a plugin's,
    or a test's throwaway one): it runs in ``kehoach.extract``, fills its table, and its spans show
    in ``kehoach show`` and the web's document page. :func:`unregister` takes it back. Ingest
    workers are spawned processes that import this module afresh: they run it only if it is
    registered when ``kehoach.extractors`` is imported (a line above), or if they are forked (tests)."""
    if extractor.name in REGISTRY:
        raise ValueError(f"extractor {extractor.name!r} is already registered")
    REGISTRY[extractor.name] = extractor
    try:
        _check([extractor])
    except Exception:
        del REGISTRY[extractor.name]
        raise
    EXTRACTORS.append(extractor)
    VERSIONS[extractor.name] = extractor.version
    if extractor.record is not None:
        register_record_table(extractor.name, extractor.record)


def unregister(name: str) -> None:
    """Take back an extractor declared by :func:`register` (its table too)."""
    extractor = REGISTRY.pop(name)
    EXTRACTORS.remove(extractor)
    VERSIONS.pop(name, None)
    if extractor.record is not None:
        unregister_record_table(name)


def span_kinds() -> list[SpanKind]:
    """Every kind of span the registered extractors mark, in registry order."""
    return [kind for e in EXTRACTORS for kind in e.spans]


def marks(extraction: Any) -> list[Mark]:
    """Every span the registered extractors marked in one extraction (an ``Extraction``: each
    extractor's records under its name), in registry order."""
    return [m for e in EXTRACTORS if e.spans for m in e.marks_of(getattr(extraction, e.name, None) or [])]


def run_order(names: Iterable[str] | None = None) -> list[Extractor]:
    """The extractors to run for ``names`` (default: all) and everything they require, each after
    what it requires (registry order among equals)."""
    wanted: set[str] = set()

    def need(name: str) -> None:
        if name not in wanted:
            wanted.add(name)
            for r in REGISTRY[name].requires:
                need(r)

    for name in REGISTRY if names is None else names:
        need(name)
    done: list[Extractor] = []
    while len(done) < len(wanted):
        ready = [e for e in EXTRACTORS if e.name in wanted and e not in done and all(REGISTRY[r] in done for r in e.requires)]
        if not ready:
            raise ValueError(f"extractor requirements form a cycle: {sorted(wanted - {e.name for e in done})}")
        done.append(ready[0])
    return done


def affected(names: Iterable[str]) -> set[str]:
    """``names`` and every extractor that requires one of them, directly or not: what must re-run
    when those change (a new sections version changes what responsibilities read)."""
    out = set(names)
    grew = True
    while grew:
        more = {e.name for e in EXTRACTORS if e.name not in out and out.intersection(e.requires)}
        out |= more
        grew = bool(more)
    return out


def stale(versions: str) -> set[str]:
    """Extractors whose version differs from a stored :func:`versions_key` ("citations@2,…"), or that
    it does not name (registered since)."""
    stored = dict(tag.split("@", 1) for tag in versions.split(",") if "@" in tag)
    return {e.name for e in EXTRACTORS if stored.get(e.name) != e.version}


def extractor_tag(name: str) -> str:
    """``"deadlines@2"``: stored beside every row."""
    return REGISTRY[name].tag


def versions_key() -> str:
    """One string that changes whenever any extractor version changes."""
    return ",".join(e.tag for e in sorted(EXTRACTORS, key=lambda e: e.name))
