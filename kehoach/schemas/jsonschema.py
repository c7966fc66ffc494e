"""The JSON Schema of the `kehoach extract` output, generated from the pydantic models.

    python -m kehoach.schemas.jsonschema --write   # regenerate kehoach/schemas/extraction.schema.json

A test fails when the committed file differs from what the models generate.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kehoach.schemas.contract import Extraction
from kehoach.schemas.tables import RECORD_TABLES

SCHEMA_PATH = Path(__file__).with_name("extraction.schema.json")


def render_schema() -> str:
    schema = Extraction.model_json_schema(mode="serialization")
    # record lists of extractors registered after contract v1 ("budgets"): extra keys, described too
    for table in RECORD_TABLES.values():
        if table.source in schema["properties"]:
            continue
        items = table.record.model_json_schema(mode="serialization", ref_template="#/$defs/{model}")
        schema.setdefault("$defs", {}).update(items.pop("$defs", {}))
        schema["$defs"][table.record.__name__] = items
        schema["properties"][table.source] = {
            "description": items.get("description", ""),
            "items": {"$ref": f"#/$defs/{table.record.__name__}"},
            "type": "array",
        }
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://kehoach.local/schemas/extraction-v1.json"
    return json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    if "--write" in argv:
        SCHEMA_PATH.write_text(render_schema(), encoding="utf-8")
        print(f"wrote {SCHEMA_PATH}")
        return 0
    sys.stdout.write(render_schema())
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
