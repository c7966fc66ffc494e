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

The table comes from the function's return annotation: each field of the record model becomes a
column (plus ``doc_id``, ``ordinal``, ``extractor``), the record's docstring describes the table
(``kehoach.schemas.tables.register_record_table``). Adding an extractor touches its module, its
test and one line below (and the README's extractor table).
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from kehoach.extractors.budgets import extract_budgets
from kehoach.extractors.campaigns import extract_campaigns
from kehoach.extractors.citations import extract_citations
from kehoach.extractors.criteria import extract_criteria
from kehoach.extractors.deadlines import extract_deadlines
from kehoach.extractors.header import extract_header
from kehoach.extractors.reform_areas import extract_reform_areas
from kehoach.extractors.responsibilities import extract_responsibilities
from kehoach.extractors.sections import extract_sections
from kehoach.schemas.tables import register_record_table


@dataclass(frozen=True)
class Extractor:
    name: str
    version: str
    func: Callable[..., Any]
    requires: tuple[str, ...] = ()

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


EXTRACTORS: tuple[Extractor, ...] = (
    Extractor("header", "5", extract_header),
    Extractor("sections", "2", extract_sections, requires=("header",)),
    Extractor("citations", "5", extract_citations, requires=("header",)),
    Extractor("deadlines", "5", extract_deadlines, requires=("header", "citations", "sections")),
    Extractor("responsibilities", "4", extract_responsibilities, requires=("sections", "header")),
    Extractor("criteria", "4", extract_criteria, requires=("sections", "header")),
    Extractor("campaigns", "3", extract_campaigns, requires=("header", "sections", "deadlines")),
    Extractor("reform_areas", "2", extract_reform_areas, requires=("sections",)),
    Extractor("budgets", "2", extract_budgets, requires=("header", "sections")),
)
REGISTRY: dict[str, Extractor] = {e.name: e for e in EXTRACTORS}
# name → version (kept for readers of the versions, e.g. the ingest plan)
VERSIONS: dict[str, str] = {e.name: e.version for e in EXTRACTORS}


def _check(extractors: Iterable[Extractor]) -> None:
    """Declarations match the functions: every requirement is registered and is a parameter."""
    for e in extractors:
        params = list(inspect.signature(e.func).parameters)[1:]
        missing = [r for r in e.requires if r not in REGISTRY]
        if missing or sorted(params) != sorted(e.requires):
            raise TypeError(f"extractor {e.name}: requires {e.requires}, function takes {params}, unknown {missing}")


_check(EXTRACTORS)
for _e in EXTRACTORS:
    if _e.record is not None:
        register_record_table(_e.name, _e.record)


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
