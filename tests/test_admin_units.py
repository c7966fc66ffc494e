"""Administrative units through vietnamadminunits: always the right map, no fixed number of levels."""

from __future__ import annotations

import pytest

from kehoach.text.admin_units import (
    LEVELS_BY_MODE,
    ParseMode,
    find_units,
    fold_key,
    infer_parent,
    mode_for,
    resolve_unit,
    units_under,
)

LEGACY, NEW = ParseMode.LEGACY, ParseMode.FROM_2025


@pytest.mark.parametrize(
    ("level", "place", "mode", "parent", "expected"),
    [
        # the seed commune with its district: Bình Phước, official code 25349 (TECH-NOTES)
        ("xa", "Minh Tâm", LEGACY, ("huyen", "Hớn Quản"), ("Bình Phước", "25349", "huyen", "Hớn Quản")),
        # the same name on the 2025 map is another commune, in Cao Bằng: the mode matters
        ("xa", "Minh Tâm", NEW, None, ("Cao Bằng", "01747", "tinh", "Cao Bằng")),
        # seeds 001 and 003: commune + district → province
        ("xa", "Tân An", LEGACY, ("huyen", "Vĩnh Cửu"), ("Đồng Nai", "26179", "huyen", "Vĩnh Cửu")),
        ("xa", "Đại Lãnh", LEGACY, ("huyen", "Vạn Ninh"), ("Khánh Hòa", "22492", "huyen", "Vạn Ninh")),
        # a district alone (seed 004)
        ("huyen", "Hớn Quản", LEGACY, None, ("Bình Phước", "694", "tinh", "Bình Phước")),
        # capitals and missing tone marks do not matter
        ("huyen", "HON QUAN", LEGACY, None, ("Bình Phước", "694", "tinh", "Bình Phước")),
    ],
)
def test_resolve_unit(level, place, mode, parent, expected):
    unit = resolve_unit(level, place, mode=mode, parent=parent)
    assert unit is not None
    assert (unit.province, unit.code, unit.parent_level, unit.parent_place) == expected
    assert unit.mode == mode.value


@pytest.mark.parametrize(
    ("level", "place", "mode", "parent"),
    [
        ("xa", "Minh Tâm", LEGACY, None),  # several communes named Minh Tâm before 2025: no guess
        ("xa", "Tân An", LEGACY, None),  # dozens of Tân An
        ("xa", "Minh Tâm", LEGACY, ("huyen", "Vĩnh Cửu")),  # no Minh Tâm in that district
        ("huyen", "Hớn Quản", NEW, None),  # no districts on the 2025 map
        ("xa", "x'; DROP TABLE admin_units; --", LEGACY, None),  # hostile text never reaches SQL as code
        ("xa", "", LEGACY, None),  # empty name
    ],
)
def test_resolve_unit_refuses_to_guess(level, place, mode, parent):
    assert resolve_unit(level, place, mode=mode, parent=parent) is None


def test_communes_of_hon_quan_before_2025():
    units = units_under("huyen", "Hớn Quản", mode=LEGACY)
    assert len(units) == 13  # TECH-NOTES: huyện Hớn Quản has 13 units
    names = {u.name for u in units}
    assert {"Xã Minh Tâm", "Thị trấn Tân Khai", "Xã Đồng Nơ"} <= names
    assert {u.level for u in units} == {"xa"} and {u.parent_place for u in units} == {"Hớn Quản"}


def test_levels_follow_the_map_not_a_constant():
    # before 2025 a province holds districts; after, communes directly
    legacy = units_under("tinh", "Bình Phước", mode=LEGACY)
    new = units_under("tinh", "Khánh Hòa", mode=NEW)
    assert legacy and {u.level for u in legacy} == {"huyen"}
    assert len(new) > 40 and {u.level for u in new} == {"xa"} and {u.parent_level for u in new} == {"tinh"}
    assert LEVELS_BY_MODE[NEW] == ("tinh", "xa")
    # the lowest level has nothing under it, and a district does not exist after 2025
    assert units_under("xa", "Minh Tâm", mode=NEW) == []
    assert units_under("huyen", "Hớn Quản", mode=NEW) == []


def test_ambiguous_district_name_needs_the_province():
    assert len(find_units("huyen", "Châu Thành", mode=LEGACY)) > 1
    assert units_under("huyen", "Châu Thành", mode=LEGACY) == []
    assert units_under("huyen", "Châu Thành", mode=LEGACY, province="Tây Ninh")


def test_infer_parent_when_the_text_is_silent():
    # seed 002 names only "xã Hành Minh": the name is unique on the legacy map
    parent = infer_parent("xa", "Hành Minh", mode=LEGACY)
    assert parent is not None and (parent.level, parent.place, parent.province) == ("huyen", "Nghĩa Hành", "Quảng Ngãi")
    assert infer_parent("xa", "Tân An", mode=LEGACY) is None  # not unique: nothing filled


@pytest.mark.parametrize(
    ("issued", "year", "names_district", "expected"),
    [
        ("2024-03-05", 2024, False, LEGACY),
        ("2025-06-30", 2025, False, LEGACY),  # the day before the reform
        ("2025-07-01", 2025, False, NEW),
        (None, 2024, False, LEGACY),
        (None, 2026, True, NEW),  # a later text cannot be on the old map
        (None, 2025, True, LEGACY),  # 2025 without a date, names a huyện: before the reform
        (None, 2025, False, NEW),
        ("not a date", 2023, False, LEGACY),
    ],
)
def test_mode_for(issued, year, names_district, expected):
    assert mode_for(issued, year, names_district=names_district) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [("Hòa Bình", "Hoà Bình"), ("ĐỒNG NƠ", "Đồng Nơ"), ("Hớn Quản", "hon quan"), ("Thuỷ", "Thủy")],
)
def test_fold_key_equates_spellings(a, b):
    assert fold_key(a) == fold_key(b)
    assert fold_key(a).isascii() and fold_key(a).isalnum()
