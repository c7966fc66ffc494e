"""Administrative units through ``vietnamadminunits`` (offline SQLite shipped with the package).

Two maps, and the mode is ALWAYS passed explicitly (the package's default is the post-2025 map,
which silently returns another "Minh Tâm" — the one in Cao Bằng):

- ``LEGACY`` (63 provinces, three levels tỉnh → huyện → xã): documents issued before
  1 July 2025. Table ``admin_units_legacy`` (province, district, ward).
- ``FROM_2025`` (34 provinces, two levels tỉnh → xã/phường/đặc khu). Table ``admin_units``
  (province, ward). There is no district: :func:`units_under` of a province lists communes.

Lookups go by the package's own folded keys (``'Hớn Quản'`` → ``'honquan'``), so case, tone
marks and "Hoà/Hòa" spellings do not matter. Nothing here assumes a fixed number of levels:
the chain of levels comes from :data:`LEVELS_BY_MODE`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from vietnamadminunits import ParseMode, parse_address
from vietnamadminunits.database import query

from kehoach.schemas.crosscheck import AdminUnitRef
from kehoach.text.forms import strip_accents

# Levels from the top down, per map: the only place the hierarchy is spelled out.
LEVELS_BY_MODE: dict[ParseMode, tuple[str, ...]] = {
    ParseMode.LEGACY: ("tinh", "huyen", "xa"),
    ParseMode.FROM_2025: ("tinh", "xa"),
}
# Column prefix of each level in each table.
_COLUMN = {"tinh": "province", "huyen": "district", "xa": "ward"}
_TABLE = {ParseMode.LEGACY: "admin_units_legacy", ParseMode.FROM_2025: "admin_units"}
# The map changed on this day (Nghị quyết 202/2025/QH15: provinces merged, districts abolished).
REFORM_DATE = dt.date(2025, 7, 1)
_KEY_RE = re.compile(r"^[a-z0-9]+$")  # keys are interpolated into SQL: only these characters pass


def fold_key(name: str) -> str:
    """The package's key of a name: no tone marks, đ → d, lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", strip_accents(name))


def mode_for(issued_date: str | None, year: int | None, *, names_district: bool = False) -> ParseMode:
    """Which map applies to a document: by its date; a 2025 document without a date uses the
    legacy map only if it names a district (districts no longer exist after the reform)."""
    if issued_date:
        try:
            return ParseMode.LEGACY if dt.date.fromisoformat(issued_date) < REFORM_DATE else ParseMode.FROM_2025
        except ValueError:
            pass
    if year is not None and year != 2025:
        return ParseMode.LEGACY if year < 2025 else ParseMode.FROM_2025
    return ParseMode.LEGACY if names_district or year is None else ParseMode.FROM_2025


def _ref(row: dict, level: str, mode: ParseMode) -> AdminUnitRef:
    col = _COLUMN[level]
    chain = LEVELS_BY_MODE[mode]
    i = chain.index(level)
    parent_level = chain[i - 1] if i > 0 else None
    return AdminUnitRef(
        level=level,
        place=row[f"{col}Short"],
        name=row[col],
        code=row.get(f"{col}Code"),
        parent_level=parent_level,
        parent_place=row[f"{_COLUMN[parent_level]}Short"] if parent_level else None,
        province=row["provinceShort"],
        mode=mode.value,
    )


@lru_cache(maxsize=4096)
def _rows(mode: ParseMode, level: str, key: str) -> tuple[dict, ...]:
    if level not in LEVELS_BY_MODE[mode] or not _KEY_RE.match(key):
        return ()
    col = _COLUMN[level]
    cols = ["province", "provinceShort", "provinceCode", "ward", "wardShort", "wardCode", "wardType"]
    if mode == ParseMode.LEGACY:
        cols += ["district", "districtShort", "districtCode", "districtType"]
    sql = f"SELECT DISTINCT {', '.join(cols)} FROM [{_TABLE[mode]}] WHERE {col}ShortKey = '{key}'"
    return tuple(query(sql))


def find_units(level: str, place: str, *, mode: ParseMode, within: tuple[str, str] | None = None) -> list[AdminUnitRef]:
    """Every unit of ``level`` named ``place`` (several: "Tân An" exists in many provinces),
    optionally only those inside ``within`` = (level, place) of an ancestor."""
    out: dict[tuple, AdminUnitRef] = {}
    for row in _rows(mode, level, fold_key(place)):
        if within is not None:
            wl, wp = within
            if wl not in LEVELS_BY_MODE[mode] or wl == level or fold_key(row[f"{_COLUMN[wl]}Short"]) != fold_key(wp):
                continue
        ref = _ref(row, level, mode)
        out.setdefault((ref.code, ref.name, ref.province), ref)
    return list(out.values())


def units_under(level: str, place: str, *, mode: ParseMode, province: str | None = None) -> list[AdminUnitRef]:
    """The units directly below (``level``, ``place``): a district's communes (legacy), a
    province's districts (legacy) or communes (2025). Empty when the unit is unknown, or when
    the name is shared by several units and ``province`` does not say which."""
    chain = LEVELS_BY_MODE[mode]
    if level not in chain or chain.index(level) == len(chain) - 1:
        return []
    matches = find_units(level, place, mode=mode, within=("tinh", province) if province and level != "tinh" else None)
    if len({(m.name, m.province) for m in matches}) != 1:
        return []
    unit = matches[0]
    child = chain[chain.index(level) + 1]
    col = _COLUMN[level]
    cols = ["province", "provinceShort", "provinceCode", "ward", "wardShort", "wardCode", "wardType"]
    if mode == ParseMode.LEGACY:
        cols += ["district", "districtShort", "districtCode", "districtType"]
    key, pkey = fold_key(unit.place), fold_key(unit.province or "")
    if not (_KEY_RE.match(key) and _KEY_RE.match(pkey)):
        return []
    sql = f"SELECT DISTINCT {', '.join(cols)} FROM [{_TABLE[mode]}] WHERE {col}ShortKey = '{key}' AND provinceShortKey = '{pkey}'"
    seen: dict[str, AdminUnitRef] = {}
    for row in query(sql):
        ref = _ref(row, child, mode)
        seen.setdefault(ref.name + "|" + (ref.code or ""), ref)
    return sorted(seen.values(), key=lambda r: (r.code or "", r.name))


def resolve_unit(level: str, place: str, *, mode: ParseMode, parent: tuple[str, str] | None = None) -> AdminUnitRef | None:
    """The one unit meant by (level, place[, parent]); None when unknown or still ambiguous.

    With a parent, the package's own address parser is tried first ("xã Minh Tâm, huyện Hớn
    Quản" → Bình Phước), then the tables."""
    if parent is not None and parent[0] in LEVELS_BY_MODE[mode]:
        word = {"xa": "xã", "huyen": "huyện", "tinh": "tỉnh"}
        unit = parse_address(f"{word[level]} {place}, {word[parent[0]]} {parent[1]}", mode=mode)
        name = getattr(unit, {"xa": "ward", "huyen": "district", "tinh": "province"}[level], None)
        if name and fold_key(name).endswith(fold_key(place)):
            found = find_units(level, place, mode=mode, within=("tinh", unit.short_province)) if level != "tinh" else []
            found = [f for f in found if parent[0] != "huyen" or fold_key(f.parent_place or "") == fold_key(parent[1])] or found
            if len(found) == 1:
                return found[0]
        found = find_units(level, place, mode=mode, within=parent)
    else:
        found = find_units(level, place, mode=mode)
    return found[0] if len(found) == 1 else None


def infer_parent(level: str, place: str, *, mode: ParseMode) -> AdminUnitRef | None:
    """The unit directly above a unit the text names without its parent, when the name is
    unique on the map ("xã Hành Minh" → huyện Nghĩa Hành, Quảng Ngãi, in the legacy map)."""
    unit = resolve_unit(level, place, mode=mode)
    if unit is None or unit.parent_level is None:
        return None
    found = find_units(
        unit.parent_level,
        unit.parent_place or "",
        mode=mode,
        within=("tinh", unit.province) if unit.parent_level != "tinh" else None,
    )
    return found[0] if len(found) == 1 else None
