"""Readable outline of an extraction: header fields and the section tree (golden files)."""

from __future__ import annotations

from kehoach.schemas.contract import Extraction, Section

HEADER_FIELDS = ("doc_type", "number", "issued_date", "year", "place_of_issue", "title")


def outline(x: Extraction) -> str:
    out = [f"{k}: {getattr(x, k).value if hasattr(getattr(x, k), 'value') else getattr(x, k)}" for k in HEADER_FIELDS]
    out.append(
        f"issuer: {x.issuer.name} | {x.issuer.level.value if x.issuer.level else None} | {x.issuer.place} | inferred={x.issuer.inferred}"
    )
    out.append(
        f"parent: {(x.parent.level.value if x.parent and x.parent.level else None)} | {x.parent.place if x.parent else None}"
    )
    out.append(f"signer: {x.signer.name} | {x.signer.position} | {x.signer.on_behalf}")
    out.append(f"kinh_gui: {x.kinh_gui}")
    out.append("recipients:")
    out.extend(f"  - {r}" for r in x.recipients)
    out.append("sections:")

    def walk(secs: list[Section], depth: int) -> None:
        for s in secs:
            kinds = ",".join(k.value for k in s.kinds)
            out.append(
                f"{'  ' * depth}{s.number or '·'} {s.heading}"
                + (f"  [{kinds}]" if kinds else "")
                + (f"  ({len(s.items)} items)" if s.items else "")
            )
            walk(s.children, depth + 1)

    walk(x.sections, 1)
    return "\n".join(out) + "\n"
