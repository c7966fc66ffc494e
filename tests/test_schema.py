"""The committed JSON Schema matches the pydantic models, and real output validates against it."""

from __future__ import annotations

import json

import jsonschema
from conftest import seed

from kehoach.extract import extract_file
from kehoach.schemas.jsonschema import SCHEMA_PATH, render_schema


def test_schema_file_is_current():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render_schema(), "run `make schema` and commit the result"


def test_real_output_validates():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    out = json.loads(extract_file(seed("000")).model_dump_json())
    jsonschema.validate(out, schema)


def test_every_field_has_a_description():
    """Field descriptions are the data dictionary (`kehoach tables`, the JSON Schema)."""
    from kehoach.schemas import contract

    for name in dir(contract):
        model = getattr(contract, name)
        if isinstance(model, type) and hasattr(model, "model_fields") and model.__module__ == contract.__name__:
            for field_name, field in model.model_fields.items():
                assert field.description, f"{model.__name__}.{field_name} has no description"
