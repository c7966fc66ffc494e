"""Extractors: pure functions over a :class:`CanonicalDocument` (no I/O, no Prefect, no database).

Each one is registered by name with a version; the name@version goes into every output row so
a table row can always say which code produced it. When one extractor needs another's output
(responsibilities need sections), it takes it as an argument: ``pipeline.extract`` wires them.
"""

from __future__ import annotations

# name → version. Bump a version when an extractor's output changes: the ingest flow then
# re-processes documents whose rows came from an older version.
VERSIONS: dict[str, str] = {
    "header": "1",
    "sections": "1",
    "citations": "2",
    "deadlines": "2",
    "responsibilities": "2",
    "criteria": "2",
    "campaigns": "2",
    "reform_areas": "2",
}


def extractor_tag(name: str) -> str:
    """``"deadlines@1"``: stored beside every row."""
    return f"{name}@{VERSIONS[name]}"


def versions_key() -> str:
    """One string that changes whenever any extractor version changes."""
    return ",".join(f"{k}@{v}" for k, v in sorted(VERSIONS.items()))
