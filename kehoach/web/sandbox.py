"""Stand-in for :mod:`kehoach.store.query` until it lands on main (same API, same DuckDB sandbox:
a private in-memory instance attaches the database read-only, then turns external access and
extension loading off and locks the configuration). Delete when ``kehoach.store.query`` exists."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from kehoach.store.read import db_path

SETTINGS = (
    ("python_enable_replacements", "false"),
    ("autoinstall_known_extensions", "false"),
    ("autoload_known_extensions", "false"),
    ("enable_external_access", "false"),
    ("lock_configuration", "true"),
)


class QueryError(ValueError):
    """A refused or failed query (one line)."""


def run_readonly(data_dir: Path, sql: str, limit: int | None = None) -> pa.Table:
    path = db_path(data_dir)
    if not path.is_file():
        raise QueryError("Chưa có dữ liệu / nothing ingested yet")
    con = duckdb.connect(":memory:")
    try:
        quoted = str(path.resolve()).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS kehoach (READ_ONLY)")
        con.execute("USE kehoach")
        con.execute("DETACH memory")
        for name, value in SETTINGS:
            con.execute(f"SET {name} = {value}")
        statements = duckdb.extract_statements(sql)
        if not statements:
            raise QueryError("Câu lệnh SQL rỗng / empty SQL")
        result = pa.table({})
        for st in statements:
            rel = con.sql(st.query)
            if rel is not None:
                result = (rel if limit is None else rel.limit(limit)).to_arrow_table()
        return result
    except duckdb.Error as e:
        raise QueryError(f"Lỗi SQL / SQL error: {str(e).splitlines()[0]}") from None
    finally:
        con.close()
