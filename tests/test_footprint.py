"""Memory of the processes a large ingest runs (issue 11): extraction workers carry only what
extraction needs, and freed rows go back to the system."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PLAN = """ỦY BAN NHÂN DÂN
XÃ MINH TÂM
Số: 7/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Minh Tâm, ngày 15 tháng 3 năm 2024
KẾ HOẠCH
Triển khai công tác chuyển đổi số năm 2024
I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao chất lượng giải quyết thủ tục hành chính trên môi trường điện tử.
II. NỘI DUNG
1. Rà soát, số hóa hồ sơ thủ tục hành chính, hoàn thành trước ngày 30/6/2024.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn B
"""

# The parent: a main module run with -m, as Prefect runs a flow run (python -m prefect.engine). It
# notes every import of itself; a spawned worker that re-ran it would note "__mp_main__".
MAIN = """
import json, sys
from pathlib import Path
import psutil
import prefect  # noqa: F401  (what a flow run's main module carries)
with open(sys.argv[2], "a", encoding="utf-8") as fh:
    fh.write(__name__ + "\\n")
if __name__ == "__main__":
    from kehoach.ingest.plan import Job
    from kehoach.ingest.process import Context, Extractor
    path = sys.argv[1]
    with Extractor(1) as ex:
        [res] = list(ex.results([Job(path, None, Path(path).stat().st_size)], Context("v", "footprint")))
        maps = {m.path for c in psutil.Process().children() for m in c.memory_maps() if "resource_tracker" not in " ".join(c.cmdline())}
    print(json.dumps({"status": res.status, "documents": res.rows["documents"] if res.rows else None,
                      "duckdb_mapped": any("duckdb" in m for m in maps)}, default=str, ensure_ascii=False))
"""


def test_extraction_workers_do_not_rerun_the_main_module(tmp_path):
    """``spawn`` re-runs the parent's main module in each worker (all of Prefect in a flow run's
    workers): kehoach's workers start without it, without DuckDB, and still extract the file."""
    (tmp_path / "flowmain.py").write_text(textwrap.dedent(MAIN), encoding="utf-8")
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(PLAN, encoding="utf-8")
    marks = tmp_path / "imports.txt"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)])}
    out = subprocess.run(
        [sys.executable, "-m", "flowmain", str(plan), str(marks)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["status"] == "ok"
    [doc] = got["documents"]
    assert doc["number"] == "7/KH-UBND"
    assert marks.read_text(encoding="utf-8").split() == ["__main__"]  # never re-run as __mp_main__
    assert got["duckdb_mapped"] is False


def test_release_memory_returns_freed_rows():
    """Rows of documents (texts of a kilobyte: allocated by malloc, not Python's small-object
    arenas) freed under a later allocation stay in the heap; release_memory gives them back."""
    code = textwrap.dedent(
        """
        import psutil
        from kehoach.ingest.process import release_memory
        p = psutil.Process()
        rows = [{"doc_id": f"d{i}", "text": "Ủy ban nhân dân xã Minh Tâm " * 30 + str(i)} for i in range(100_000)]
        kept = [{"doc_id": f"k{i}"} for i in range(1000)]  # allocated after the rows: the heap cannot shrink from the top
        big = p.memory_info().rss
        del rows
        release_memory()
        print(big, p.memory_info().rss)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, check=True
    )
    big, after = map(int, out.stdout.split())
    assert big - after > 100 * 2**20
