"""The queryable tables (``data/processed/<table>/*.parquet``, listed by the manifests): one frozen row model
per table, and the mapping from an :class:`Extraction` to rows.

This file is the data dictionary of the tables: every column is a pydantic field with a
description, reused from the contract models where the column is a contract field, so
``kehoach tables``, the Parquet/DuckDB column types and the README all come from one place.
Every record row carries ``doc_id`` (SHA-256 prefix of the file's bytes), its span in the
document's normalized ``text`` (``start``/``end``) and ``extractor`` (``name@version``).
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import Field, create_model

from kehoach.schemas.contract import (
    EXTRA_RECORDS,
    ISO_DATE,
    Extraction,
    Issuer,
    Parent,
    ReformArea,
    Section,
    SectionItem,
    Signer,
    Source,
    section_paths,
)
from kehoach.schemas.corrections import CORRECTION_TABLES
from kehoach.schemas.crosscheck import CACHE_TABLES, CROSSCHECK_TABLES, FEATURE_TABLE_DESCRIPTIONS, FEATURE_TABLES
from kehoach.schemas.document import CANONICAL_VERSION, Frozen, RawDocument
from kehoach.schemas.errors import Rejection

DOC_ID_CHARS = 16  # 64 bits of SHA-256: no collision in any realistic archive, short enough to read


def doc_id_for(sha256: str) -> str:
    """The stable document id: the first 16 hex digits of the content's SHA-256."""
    return sha256[:DOC_ID_CHARS]


def _d(model: type[Frozen], field: str, prefix: str = "") -> str:
    """Reuse the contract's description of a field (one data dictionary, not two)."""
    desc = model.model_fields[field].description
    assert desc, f"{model.__name__}.{field} has no description"
    return prefix + desc


DOC_ID = "Document id: first 16 hex digits of the SHA-256 of the file's bytes (same content = same document)."
EXTRACTOR = "Extractor that produced the row, as name@version (e.g. deadlines@1)."
ORDINAL = "Position of the record in its document (0-based, reading order)."
START = "Start offset of the record's span in the document's normalized text (documents.text)."
END = "End offset (exclusive) of the record's span in documents.text."


class Row(Frozen):
    """Base of every table row model."""


class DocumentRow(Row):
    doc_id: str = Field(description=DOC_ID)
    source_path: str = Field(
        description="Absolute path of the file the document was first read from (every path holding it: table files)."
    )
    sha256: str = Field(description=_d(Source, "sha256"))
    format: str = Field(description=_d(Source, "format"))
    pages: int | None = Field(description=_d(Source, "pages"))
    ocr: bool = Field(description=_d(Source, "ocr"))
    administrative: bool = Field(description=_d(Extraction, "administrative"))
    administrative_reason: str | None = Field(description=_d(Extraction, "administrative_reason"))
    doc_type: str = Field(description=_d(Extraction, "doc_type") + " ke_hoach, cong_van, quyet_dinh, … or other.")
    number: str | None = Field(description=_d(Extraction, "number"))
    issuer_name: str | None = Field(description=_d(Issuer, "name"))
    issuer_level: str | None = Field(description=_d(Issuer, "level"))
    issuer_place: str | None = Field(description=_d(Issuer, "place"))
    parent_level: str | None = Field(description=_d(Parent, "level"))
    parent_place: str | None = Field(description=_d(Parent, "place"))
    parent_name: str | None = Field(description=_d(Parent, "name"))
    issued_date: dt.date | None = Field(description=_d(Extraction, "issued_date"))
    year: int | None = Field(description=_d(Extraction, "year"))
    place_of_issue: str | None = Field(description=_d(Extraction, "place_of_issue"))
    title: str | None = Field(description=_d(Extraction, "title"))
    signer_name: str | None = Field(description=_d(Signer, "name"))
    signer_position: str | None = Field(description=_d(Signer, "position"))
    signer_on_behalf: str | None = Field(description=_d(Signer, "on_behalf"))
    kinh_gui: list[str] = Field(description=_d(Extraction, "kinh_gui"))
    recipients: list[str] = Field(description=_d(Extraction, "recipients"))
    text: str = Field(description=_d(Extraction, "text") + " Every span (start, end) in the other tables points into it.")
    extraction_json: str = Field(
        description="The full `kehoach extract` JSON of the document (contract v1): rebuilds the Extraction."
    )
    extractor: str = Field(description="Extractor of the header fields, as name@version.")
    versions: str = Field(
        description="All extractor versions that produced this document's rows (re-extracted when they change)."
    )
    ingested_at: dt.datetime = Field(description="When the document was extracted (UTC).")


class SectionRow(Row):
    doc_id: str = Field(description=DOC_ID)
    ordinal: int = Field(description="Position of the section in the document (pre-order over the tree, 0-based).")
    section_path: str = Field(description="Number path from the top, e.g. 'II.1.a' (unnumbered levels shown as '#n').")
    parent_path: str | None = Field(description="section_path of the enclosing section; NULL at level 1.")
    number: str | None = Field(description=_d(Section, "number"))
    heading: str = Field(description=_d(Section, "heading"))
    kinds: list[str] = Field(description=_d(Section, "kinds") + " muc_dich, yeu_cau, noi_dung, … to_chuc_thuc_hien.")
    level: int = Field(description=_d(Section, "level"))
    numbering: str = Field(description=_d(Section, "numbering"))
    start: int = Field(description=_d(Section, "start"))
    end: int = Field(description=_d(Section, "end"))
    heading_start: int = Field(description=_d(Section, "heading_start"))
    heading_end: int = Field(description=_d(Section, "heading_end"))
    items: int = Field(description="Number of bullets/numbered paragraphs directly in the section (rows in section_items).")
    extractor: str = Field(description=EXTRACTOR)


class SectionItemRow(Row):
    doc_id: str = Field(description=DOC_ID)
    section_path: str = Field(description="section_path of the section holding the item.")
    ordinal: int = Field(description="Position of the item in its section (0-based).")
    marker: str = Field(description=_d(SectionItem, "marker"))
    text: str = Field(description=_d(SectionItem, "text"))
    level: int = Field(description=_d(SectionItem, "level"))
    start: int = Field(description=_d(SectionItem, "start"))
    end: int = Field(description=_d(SectionItem, "end"))
    extractor: str = Field(description=EXTRACTOR)


class ReformAreaRow(Row):
    doc_id: str = Field(description=DOC_ID)
    ordinal: int = Field(description=ORDINAL)
    area: str = Field(
        description="CCHC area the document covers: the_che, thu_tuc_hanh_chinh, to_chuc_bo_may, cong_vu, tai_chinh_cong, chinh_phu_so."
    )
    start: int | None = Field(description="Span start (NULL: the contract gives areas per document, not per sentence).")
    end: int | None = Field(description="Span end (NULL, see start).")
    extractor: str = Field(description=EXTRACTOR)


class RawDocumentRow(Row):
    doc_id: str = Field(description=DOC_ID)
    raw_json: str = Field(
        description="What the reader made of the file, as JSON (blocks in reading order with page, bold, table cell; OCR "
        "confidence; warnings): the canonical document is rebuilt from it, so a new extractor version re-runs "
        "without reading or OCR'ing the file again (kehoach.extract.reextract)."
    )
    canonical_version: str = Field(
        description="Version of the canonical document rebuilt from raw_json (normalization); re-read the file when it changed."
    )


class FileRow(Row):
    source_path: str = Field(description="Absolute path of a file found in the input folder: the identity of a file.")
    sha256: str | None = Field(description="SHA-256 of its bytes when last read.")
    doc_id: str | None = Field(
        description="Document it holds (NULL when rejected). Two paths with the same content share one doc_id."
    )
    status: str = Field(description="ok (in the tables) or rejected (see rejections).")
    size: int = Field(description="Size in bytes when last read.")
    versions: str = Field(description="Extractor versions it was processed with.")
    seen_at: dt.datetime = Field(description="When the file was last processed (UTC).")


class RejectionRow(Row):
    file: str = Field(description=_d(Rejection, "path") + " Absolute; the file stays where the user put it.")
    sha256: str | None = Field(description=_d(Rejection, "sha256"))
    code: str = Field(description=_d(Rejection, "code") + " E0xx file, E1xx DOCX/DOC, E2xx PDF/OCR, E3xx text, E900 internal.")
    reason_vi: str = Field(description=_d(Rejection, "reason_vi"))
    reason_en: str = Field(description=_d(Rejection, "reason_en"))
    detail: str | None = Field(description=_d(Rejection, "detail"))
    when: dt.datetime = Field(description="When the file was last tried (UTC).")
    versions: str = Field(description="Extractor versions of the attempt.")
    run_id: str = Field(description="The run that recorded it (runs.run_id).")


class RunRow(Row):
    run_id: str = Field(description="Run id (also the Prefect flow run id when run as a flow).")
    started_at: dt.datetime = Field(description="Start of the run (UTC).")
    finished_at: dt.datetime = Field(description="End of the run (UTC).")
    input_dir: str = Field(description="Folder that was ingested.")
    found: int = Field(description="Files found in the folder.")
    processed: int = Field(description="Files extracted into the tables in this run.")
    unchanged: int = Field(
        description="Files skipped: same content already processed with the same extractor versions (or a duplicate)."
    )
    rejected: int = Field(description="Files rejected in this run (rows in rejections).")
    removed: int = Field(description="Paths gone from the folder whose rows were removed.")
    seconds: float = Field(description="Wall time of the run in seconds.")
    versions: str = Field(description="Extractor versions used.")
    kehoach_version: str = Field(description="kehoach package version.")
    status: str = Field(default="ok", description="ok, or failed: the stages that failed and why (the command exited non-zero).")
    crosscheck: str | None = Field(
        default=None,
        description="Cross-check of the run: ok (recomputed), current (the stored one matched the documents), failed: …, or NULL (not asked).",
    )


# name → row model, in the order `kehoach tables` lists them: documents, then the record tables the
# extractor registry declares (:func:`register_record_table`, called by ``kehoach.extractors``), then
# the ingest tables. Record tables are keyed by doc_id.
TABLES: dict[str, type[Row]] = {
    "documents": DocumentRow,
    "raw_documents": RawDocumentRow,
    **FEATURE_TABLES,  # the cross-check's per-document features (kehoach.crosscheck.features)
    "files": FileRow,
    "rejections": RejectionRow,
    "runs": RunRow,
}
INGEST_TABLES = ("files", "rejections", "runs")
DOC_TABLES: list[str] = ["documents", "raw_documents", *FEATURE_TABLES]

TABLE_DESCRIPTIONS: dict[str, str] = {
    "documents": "One row per document (distinct content): header fields, normalized text, full extraction JSON.",
    "raw_documents": "What the reader made of each document's file: extractors re-run from it without reading the file again.",
    **FEATURE_TABLE_DESCRIPTIONS,
    "files": "Every file path seen in the input folder and the document it holds.",
    "rejections": "Files that could not be read, with the coded reason in Vietnamese and English.",
    "runs": "One row per ingest run, failed ones included (status).",
}


def column_descriptions(table: str) -> dict[str, str]:
    """Column → description for one table (the data dictionary)."""
    return {name: f.description or "" for name, f in row_model(table).model_fields.items()}


def column_kind(annotation: Any) -> str:
    """Storage kind of a row-model annotation: str, int, float, bool, date, datetime, list_str, bytes."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return column_kind(args[0])
    if typing.get_origin(annotation) is list:
        return "list_str"
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return "str"
    kinds = {str: "str", int: "int", float: "float", bool: "bool", dt.date: "date", dt.datetime: "datetime", bytes: "bytes"}
    return kinds[annotation]


def row_model(table: str) -> type[Frozen]:
    """The row model of any stored table: extraction tables, cross-check tables, corrections."""
    if table in CORRECTION_TABLES:
        return CORRECTION_TABLES[table]
    if table in CACHE_TABLES:
        return CACHE_TABLES[table]
    return TABLES[table] if table in TABLES else CROSSCHECK_TABLES[table]


def column_kinds(table: str) -> dict[str, str]:
    """Column → storage kind: every stored table has a declared schema (no type inference)."""
    return {name: column_kind(f.annotation) for name, f in row_model(table).model_fields.items()}


def row_dict(row: Frozen) -> dict[str, Any]:
    """A row model as a plain dict for storage: enum members become their values."""
    return {k: enum_value(v) for k, v in row.model_dump().items()}


def _iso_date(value: str | None) -> dt.date | None:
    """Contract dates are ISO strings; an impossible one (2024-02-30) becomes NULL, its text stays."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def enum_value(value: Any) -> Any:
    """An enum member's plain value (rows and keys hold plain strings); anything else as is."""
    return getattr(value, "value", value)


# ---------------------------------------------------------------- record tables


@dataclass(frozen=True)
class RecordTable:
    """A table filled from one extractor's record list (see :func:`register_record_table`)."""

    name: str
    source: str  # the Extraction key of the record list (the extractor's name)
    record: type  # the record model (or enum) of that list
    model: type[Row]
    description: str
    rows: Callable[[str, list, str], list[Row]]  # (doc_id, records, extractor tag) → rows


# table name → how it is filled, in registration order
RECORD_TABLES: dict[str, RecordTable] = {}


def _column_type(annotation: Any) -> Any:
    """The column type of a record field: enums → str, IsoDate → date, lists of enums → list[str];
    None for a field that is no column (a nested record or a list of them)."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        inner = _column_type(args[0]) if len(args) == 1 else None
        return None if inner is None else inner | None
    if typing.get_origin(annotation) is typing.Annotated:
        base, *meta = typing.get_args(annotation)
        return dt.date if ISO_DATE in meta else _column_type(base)
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return list[str] if item is str or (isinstance(item, type) and issubclass(item, enum.Enum)) else None
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return str
    return annotation if annotation in (str, int, float, bool) else None


def _is_optional(annotation: Any) -> bool:
    return type(None) in typing.get_args(annotation)


def record_row_model(record: type[Frozen]) -> type[Row]:
    """The row model of a record list: doc_id, ordinal, every field of the record (same name, same
    description; start/end described as spans into documents.text), extractor."""
    fields: dict[str, Any] = {
        "doc_id": (str, Field(description=DOC_ID)),
        "ordinal": (int, Field(description=ORDINAL)),
    }
    for name, info in record.model_fields.items():
        column = _column_type(info.annotation)
        if column is None:
            raise TypeError(f"{record.__name__}.{name}: a record field must be a scalar, an enum or a list of strings")
        desc = info.description or ""
        if name in ("start", "end"):
            desc = (START if name == "start" else END) + (" NULL when not located." if _is_optional(column) else "")
        fields[name] = (column, Field(description=desc))
    fields["extractor"] = (str, Field(description=EXTRACTOR))
    return create_model(f"{record.__name__}Row", __base__=Row, **fields)


def _cell(value: Any, column: Any) -> Any:
    if value is None:
        return None
    if column is dt.date or dt.date in typing.get_args(column):
        return _iso_date(value)
    if isinstance(value, list):
        return [enum_value(v) for v in value]
    return enum_value(value)


def _record_rows(model: type[Row], record: type[Frozen]) -> Callable[[str, list, str], list[Row]]:
    columns = {name: f.annotation for name, f in model.model_fields.items()}

    def rows(doc_id: str, records: list, tag: str) -> list[Row]:
        out = []
        for i, rec in enumerate(records):
            rec = rec if isinstance(rec, record) else record.model_validate(rec)  # a stored extraction holds dicts
            cells = {name: _cell(getattr(rec, name), columns[name]) for name in record.model_fields}
            out.append(model(doc_id=doc_id, ordinal=i, **cells, extractor=tag))
        return out

    return rows


def _tree(sections: list) -> list[Section]:
    return [s if isinstance(s, Section) else Section.model_validate(s) for s in sections]  # a stored extraction holds dicts


def _section_rows(doc_id: str, sections: list, tag: str) -> list[Row]:
    """The section tree flattened in reading order (paths: :func:`section_paths`)."""
    tree = _tree(sections)
    return [
        SectionRow(
            doc_id=doc_id,
            ordinal=i,
            section_path=path,
            parent_path=parent,
            number=s.number,
            heading=s.heading,
            kinds=[enum_value(k) for k in s.kinds],
            level=s.level,
            numbering=s.numbering,
            start=s.start,
            end=s.end,
            heading_start=s.heading_start,
            heading_end=s.heading_end,
            items=len(s.items),
            extractor=tag,
        )
        for i, (path, parent, s) in enumerate(section_paths(tree))
    ]


def _section_item_rows(doc_id: str, sections: list, tag: str) -> list[Row]:
    tree = _tree(sections)
    return [
        SectionItemRow(
            doc_id=doc_id,
            section_path=path,
            ordinal=j,
            marker=it.marker,
            text=it.text,
            level=it.level,
            start=it.start,
            end=it.end,
            extractor=tag,
        )
        for path, _, s in section_paths(tree)
        for j, it in enumerate(s.items)
    ]


def _reform_area_rows(doc_id: str, areas: list, tag: str) -> list[Row]:
    return [
        ReformAreaRow(doc_id=doc_id, ordinal=i, area=enum_value(a), start=None, end=None, extractor=tag)
        for i, a in enumerate(areas)
    ]


def _tables_of(source: str, record: type) -> list[RecordTable]:
    """The tables one record list fills: the section tree gives two (sections, section_items), the
    reform areas (plain enum values) one of their own, any other record model one generic table."""
    if record is Section:
        return [
            RecordTable(
                "sections",
                source,
                record,
                SectionRow,
                "Section tree, one row per section, flattened in reading order.",
                _section_rows,
            ),
            RecordTable(
                "section_items",
                source,
                record,
                SectionItemRow,
                "Bullets and numbered paragraphs inside each section.",
                _section_item_rows,
            ),
        ]
    if record is ReformArea:
        return [
            RecordTable(
                source,
                source,
                record,
                ReformAreaRow,
                "Administrative-reform (CCHC) areas each document covers.",
                _reform_area_rows,
            )
        ]
    model = record_row_model(record)
    description = (record.__doc__ or "").strip().split("\n")[0]
    if not description:
        raise TypeError(f"{record.__name__} needs a docstring: its first line describes the {source} table")
    return [RecordTable(source, source, record, model, description, _record_rows(model, record))]


def register_record_table(source: str, record: type) -> None:
    """Declare the table(s) an extractor's record list fills (the registry in ``kehoach.extractors``
    calls it once per extractor). Columns come from the record model; tables keep registration
    order, after ``documents`` and before the ingest tables."""
    if source not in Extraction.model_fields:
        EXTRA_RECORDS[source] = record  # an extra list of the contract: typed again when read back
    for table in _tables_of(source, record):
        RECORD_TABLES[table.name] = table
        ingest = {name: TABLES.pop(name) for name in INGEST_TABLES}
        TABLES[table.name] = table.model
        TABLES.update(ingest)
        TABLE_DESCRIPTIONS[table.name] = table.description
        if table.name not in DOC_TABLES:
            DOC_TABLES.append(table.name)


def unregister_record_table(source: str) -> None:
    """Take back the tables :func:`register_record_table` declared for ``source``."""
    EXTRA_RECORDS.pop(source, None)
    for name in [t.name for t in RECORD_TABLES.values() if t.source == source]:
        del RECORD_TABLES[name]
        TABLES.pop(name, None)
        TABLE_DESCRIPTIONS.pop(name, None)
        if name in DOC_TABLES:
            DOC_TABLES.remove(name)


def document_row(doc_id: str, source_path: str, ex: Extraction, versions: str, when: dt.datetime, tag: str) -> DocumentRow:
    """The documents row of one extraction: the header fields, the text and the whole JSON."""
    parent = ex.parent
    return DocumentRow(
        doc_id=doc_id,
        source_path=source_path,
        sha256=ex.source.sha256,
        format=enum_value(ex.source.format),
        pages=ex.source.pages,
        ocr=ex.source.ocr,
        administrative=ex.administrative,
        administrative_reason=ex.administrative_reason,
        doc_type=enum_value(ex.doc_type),
        number=ex.number,
        issuer_name=ex.issuer.name,
        issuer_level=enum_value(ex.issuer.level),
        issuer_place=ex.issuer.place,
        parent_level=enum_value(parent.level) if parent else None,
        parent_place=parent.place if parent else None,
        parent_name=parent.name if parent else None,
        issued_date=_iso_date(ex.issued_date),
        year=ex.year,
        place_of_issue=ex.place_of_issue,
        title=ex.title,
        signer_name=ex.signer.name,
        signer_position=ex.signer.position,
        signer_on_behalf=ex.signer.on_behalf,
        kinh_gui=list(ex.kinh_gui),
        recipients=list(ex.recipients),
        text=ex.text,
        extraction_json=ex.model_dump_json(),
        extractor=tag,
        versions=versions,
        ingested_at=when,
    )


def extraction_rows(
    doc_id: str, source_path: str, ex: Extraction, versions: str, when: dt.datetime, raw: RawDocument | None = None
) -> dict[str, list[dict]]:
    """All table rows of one extracted document: the documents row, its raw document (when given:
    ``read_canonical(path).source``), then every registered record table from its record list
    (validated through the row models)."""
    tags = ex.extractors
    rows: dict[str, list[dict]] = {name: [] for name in DOC_TABLES}
    rows["documents"].append(document_row(doc_id, source_path, ex, versions, when, tags.get("header", "header")).model_dump())
    if raw is not None:
        rows["raw_documents"].append(
            RawDocumentRow(doc_id=doc_id, raw_json=raw.model_dump_json(), canonical_version=CANONICAL_VERSION).model_dump()
        )
    for table in RECORD_TABLES.values():
        records = getattr(ex, table.source, None) or []
        rows[table.name] = [r.model_dump() for r in table.rows(doc_id, records, tags.get(table.source, table.source))]
    return rows


def rejection_row(rej: Rejection, when: dt.datetime, versions: str, run_id: str) -> dict:
    return RejectionRow(
        file=rej.path,
        sha256=rej.sha256,
        code=enum_value(rej.code),
        reason_vi=rej.reason_vi,
        reason_en=rej.reason_en,
        detail=rej.detail,
        when=when,
        versions=versions,
        run_id=run_id,
    ).model_dump()
