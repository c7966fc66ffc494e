"""What a drop folder can hold (issue 14): any byte sequence as a name, links in and out of the
folder, FIFOs, unreadable files, files still being written, and files that need too much time or
memory. Each gets processed or a coded row; none stops the run; none is retried forever.
Plain loop (no Prefect): the same loop the flow wraps."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEED_TXT

from kehoach.ingest import plan as planning
from kehoach.ingest.discover import path_key, path_shown
from kehoach.ingest.run import ingest_folder, run_ingest
from kehoach.read import MAX_LINES
from kehoach.read.text import count_lines
from kehoach.store import read as store_read

NON_UTF8 = os.fsdecode(b"bi\xea\xf2n b\xe1o c\xe1o.txt")  # cp1258 bytes from an old Windows zip


def rows(data: Path, sql: str) -> list[tuple]:
    con = store_read.connect_readonly(data)
    with con:
        return con.execute(sql).fetchall()


def codes(data: Path) -> dict[str, str]:
    return {Path(f).name: c for f, c in rows(data, "SELECT file, code FROM rejections")}


def test_a_name_that_is_not_utf8_is_read_and_stored_escaped(tmp_path):
    """Regression (issue 14): one such name stopped every ingest of its folder ("surrogates not allowed")."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED_TXT[0], raw / NON_UTF8)
    shutil.copy(SEED_TXT[1], raw / "binh-thuong.txt")
    s = ingest_folder(raw, tmp_path / "out")
    assert (s.processed, s.rejected) == (2, 0)
    stored = {p for (p,) in rows(tmp_path / "out", "SELECT source_path FROM files")}
    assert (raw / "bi\\xea\\xf2n b\\xe1o c\\xe1o.txt").as_posix() in stored
    assert rows(tmp_path / "out", "SELECT count(*) FROM documents")[0][0] == 2
    again = ingest_folder(raw, tmp_path / "out")  # the stored form matches the name found next time
    assert (again.processed, again.unchanged) == (0, 2)


def test_path_forms():
    assert path_key(os.fsdecode(b"/in/a\xff.txt")) == "/in/a\\xff.txt"
    assert path_key("/in/Kế hoạch.txt") == "/in/Kế hoạch.txt"  # valid UTF-8 is kept as it is
    assert path_shown("/in/a\nb.txt") == "/in/a\\nb.txt"  # one log line per file


def test_links_fifos_and_dangling_links_get_coded_rows(tmp_path):
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    raw.mkdir()
    outside.mkdir()
    (outside / "mat-khau.txt").write_text("root:x:0:0:secret", encoding="utf-8")
    shutil.copy(SEED_TXT[0], raw / "that.txt")
    (raw / "ra-ngoai.txt").symlink_to(outside / "mat-khau.txt")  # `ln -s /etc/shadow in/x.txt`
    (raw / "thu-muc-ngoai").symlink_to(outside, target_is_directory=True)
    (raw / "ben-trong.txt").symlink_to(raw / "that.txt")  # inside: read as its target
    (raw / "hong.txt").symlink_to(raw / "khong-co.txt")
    os.mkfifo(raw / "ong.txt")
    s = ingest_folder(raw, tmp_path / "out")
    assert codes(tmp_path / "out") == {
        "ra-ngoai.txt": "E007",
        "thu-muc-ngoai": "E007",
        "hong.txt": "E009",
        "ong.txt": "E008",
    }
    texts = " ".join(t for (t,) in rows(tmp_path / "out", "SELECT text FROM documents"))
    assert "secret" not in texts  # nothing from outside the folder reached the tables
    files = dict(rows(tmp_path / "out", "SELECT source_path, status FROM files"))
    assert len(files) == 6 and files[(raw / "ben-trong.txt").as_posix()] == "ok"
    assert s.found == 6
    again = ingest_folder(raw, tmp_path / "out")  # refusals are not repeated while nothing changes
    assert (again.processed, again.rejected, again.unchanged) == (0, 0, 6)


def test_a_file_without_read_permission_gets_its_own_code(tmp_path):
    """Never "not found", never dropped. Root reads everything: the run drops CAP_DAC_OVERRIDE."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED_TXT[0], raw / "doc-duoc.txt")
    shutil.copy(SEED_TXT[1], raw / "khong-quyen.txt")
    (raw / "khong-quyen.txt").chmod(0)
    code = f"from kehoach.ingest.run import ingest_folder; ingest_folder({str(raw)!r}, {str(tmp_path / 'out')!r})"
    cmd = [sys.executable, "-c", code]
    if os.geteuid() == 0:
        cmd = ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--", *cmd]
    subprocess.run(cmd, check=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=300)
    assert codes(tmp_path / "out") == {"khong-quyen.txt": "E006"}
    assert (
        dict(rows(tmp_path / "out", "SELECT source_path, status FROM files"))[(raw / "khong-quyen.txt").as_posix()] == "rejected"
    )
    (raw / "khong-quyen.txt").chmod(0o644)  # permission given: read on the next run
    s = ingest_folder(raw, tmp_path / "out")
    assert (s.processed, s.rejected) == (1, 0)


def test_a_file_written_after_the_plan_is_E005_then_picked_up(tmp_path):
    """A TXT still being written must not be stored with partial text."""
    raw = tmp_path / "raw"
    raw.mkdir()
    target = raw / "dang-chep.txt"
    body = SEED_TXT[2].read_text(encoding="utf-8")
    target.write_text(body[: len(body) // 2], encoding="utf-8")
    p = planning.plan_ingest(raw, tmp_path / "out")
    target.write_text(body, encoding="utf-8")  # the copy goes on between the plan and the read
    s = run_ingest(raw, tmp_path / "out", plan=p, crosscheck=False)
    assert [r["code"] for r in s.rejections] == ["E005"]
    assert rows(tmp_path / "out", "SELECT count(*) FROM documents")[0][0] == 0
    s = ingest_folder(raw, tmp_path / "out")  # the next run reads the whole file
    assert (s.processed, s.rejected) == (1, 0)
    assert rows(tmp_path / "out", "SELECT length(text) > 1000 FROM documents") == [(True,)]


def test_a_file_growing_while_hashed_is_E005(tmp_path):
    big = tmp_path / "lon.txt"
    big.write_bytes(SEED_TXT[0].read_bytes() * 4000)  # ~40 MB: hashing takes a while
    stop = threading.Event()

    def append() -> None:
        with open(big, "ab") as fh:
            while not stop.is_set():
                fh.write(b"x" * 4096)
                fh.flush()
                time.sleep(0.001)

    writer = threading.Thread(target=append)
    writer.start()
    try:
        time.sleep(0.05)
        with pytest.raises(planning.Growing):
            for _ in range(20):  # a slow machine may hash between two writes: try a few times
                planning.hash_file(str(big))
    finally:
        stop.set()
        writer.join()


def _long_text(n_copies: int) -> str:
    """A long but ordinary plan: the seeds, numbered copies one after another."""
    body = SEED_TXT[1].read_text(encoding="utf-8")
    return "\n".join(body.replace("2024", str(2000 + i % 25)) for i in range(n_copies))


def test_a_file_over_the_time_limit_is_rejected_and_not_retried_forever(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED_TXT[0], raw / "binh-thuong.txt")
    # ~14 MB: about 15 s of work on a quiet, fast machine (3 MB now takes 3 s: too close to the limit)
    (raw / "rat-dai.txt").write_text(_long_text(1500), encoding="utf-8")
    limits = planning.Limits(seconds=5, memory_mb=3072)
    s = ingest_folder(raw, tmp_path / "out", limits=limits)
    assert codes(tmp_path / "out") == {"rat-dai.txt": "E010"}
    assert s.processed == 1  # the run went on
    again = ingest_folder(raw, tmp_path / "out", limits=limits)
    assert (again.processed, again.rejected, again.unchanged) == (0, 0, 2)  # not repeated on every run
    p = planning.plan_ingest(raw, tmp_path / "out", limits=planning.Limits(seconds=900, memory_mb=3072))
    assert [Path(j.path).name for j in p.todo] == ["rat-dai.txt"]  # new limits: tried again


def test_a_file_over_the_memory_limit_is_rejected(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = _long_text(1500)  # ~14 MB of text, 175,500 lines: far over 300 MB to extract
    assert count_lines(text) < MAX_LINES  # under every other limit (2000 copies would be E013)
    (raw / "rat-lon.txt").write_text(text, encoding="utf-8")
    s = ingest_folder(raw, tmp_path / "out", limits=planning.Limits(seconds=300, memory_mb=300))
    assert codes(tmp_path / "out") == {"rat-lon.txt": "E011"}, s.rejections


def test_a_version_bump_re_extracts_from_the_stored_raw_document(tmp_path, monkeypatch):
    """Issue 9: when only extractor versions change, the changed extractors re-run on the stored raw
    document — the file is not read again (here reading it would fail) and the rows are those of a
    fresh extraction."""
    import dataclasses

    import kehoach.extract as extract_mod
    import kehoach.extractors as registry
    from kehoach.ingest import process

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED_TXT[2], raw / "kh.txt")
    ingest_folder(raw, tmp_path / "out")
    before = rows(tmp_path / "out", "SELECT doc_id, extractor, text FROM deadlines ORDER BY ordinal")

    bumped = dataclasses.replace(registry.REGISTRY["deadlines"], version=registry.REGISTRY["deadlines"].version + "9")
    monkeypatch.setitem(registry.REGISTRY, "deadlines", bumped)
    monkeypatch.setattr(registry, "EXTRACTORS", [bumped if e.name == "deadlines" else e for e in registry.EXTRACTORS])

    def no_reading(path):
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr(extract_mod, "read_document", no_reading)
    monkeypatch.setattr(process, "START_METHOD", "fork")  # the workers inherit the bump and the trap
    p = planning.plan_ingest(raw, tmp_path / "out")
    assert [(j.reextract is not None, j.only) for j in p.todo] == [(True, ("deadlines",))]
    s = ingest_folder(raw, tmp_path / "out")
    assert (s.processed, s.rejected) == (1, 0), s.rejections
    after = rows(tmp_path / "out", "SELECT doc_id, extractor, text FROM deadlines ORDER BY ordinal")
    assert [(d, t) for d, _, t in after] == [(d, t) for d, _, t in before] and after
    assert {e for _, e, _ in after} == {bumped.tag}
    assert rows(tmp_path / "out", "SELECT count(*) FROM raw_documents") == [(1,)]


def test_a_worker_that_crashes_is_E012_and_the_run_goes_on(tmp_path, monkeypatch):
    """A reader that dies in native code (a segfault in a PDF or image library) takes its worker
    with it: the file gets E012, a new worker reads the next files, and the file is not retried
    while it and the limits stay the same. The crash is a real SIGSEGV of the worker, raised where a
    reader would crash."""
    import faulthandler
    import signal

    import kehoach.extract as extract_mod
    from kehoach.ingest import process

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SEED_TXT[0], raw / "a-truoc.txt")
    shutil.copy(SEED_TXT[1], raw / "b-vo.txt")
    shutil.copy(SEED_TXT[2], raw / "c-sau.txt")
    original = extract_mod.read_canonical

    def crashing(path):
        if Path(path).name == "b-vo.txt":
            faulthandler.disable()  # pytest's fault handler would print the worker's stack and modules
            os.kill(os.getpid(), signal.SIGSEGV)
        return original(path)

    monkeypatch.setattr(extract_mod, "read_canonical", crashing)
    monkeypatch.setattr(process, "START_METHOD", "fork")  # the workers inherit the crash
    s = ingest_folder(raw, tmp_path / "out")
    assert codes(tmp_path / "out") == {"b-vo.txt": "E012"}
    assert (s.processed, s.rejected) == (2, 1)
    assert "exit code -11" in rows(tmp_path / "out", "SELECT detail FROM rejections")[0][0]
    again = ingest_folder(raw, tmp_path / "out")
    assert (again.processed, again.rejected, again.unchanged) == (0, 0, 3)


def test_a_memory_error_a_library_wraps_is_still_the_memory_limit():
    # at some limits the worker's MemoryError surfaces inside pydantic's serializer ("PydanticSerializationError: Error
    # serializing to JSON: MemoryError") or as the cause of another error; that file is over the memory limit (E011),
    # not an internal error (E900)
    from kehoach.ingest.process import _out_of_memory

    try:
        raise RuntimeError("while extracting") from MemoryError()
    except RuntimeError as e:
        assert _out_of_memory(e)
    assert _out_of_memory(ValueError("Error serializing to JSON: MemoryError: "))
    assert not _out_of_memory(ValueError("invalid literal for int() with base 10: 'l7'"))
    assert not _out_of_memory(UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"))
