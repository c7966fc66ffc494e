"""Who may use the web app: a password (stored hashed) off loopback, never a cross-site POST, no
script from anywhere but the app; `kehoach serve` refuses a network address without a password."""

from __future__ import annotations

import base64
import io
import shutil

import pytest
from conftest import seed
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from kehoach.web.app import create_app
from kehoach.web.auth import PASSWORD_FILE, hash_password, is_loopback, verify_password


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    from kehoach.crosscheck.run import run_crosscheck
    from kehoach.ingest.run import ingest_folder

    tmp = tmp_path_factory.mktemp("guard")
    raw = tmp / "raw"
    raw.mkdir()
    for n in ("000", "004"):
        shutil.copy(seed(n), raw / seed(n).name)
    ingest_folder(raw, tmp / "data")
    run_crosscheck(tmp / "data")
    return tmp / "data"


def _basic(user: str, password: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()}


def test_password_hash_round_trip():
    stored = hash_password("mật khẩu đủ dài")
    assert stored.startswith("scrypt$") and "mật khẩu" not in stored
    assert verify_password("mật khẩu đủ dài", stored)
    assert not verify_password("mat khau du dai", stored)
    assert not verify_password("x", "garbage")
    assert hash_password("a") != hash_password("a")  # salted


@pytest.mark.parametrize(
    ("host", "loop"), [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False), ("192.168.1.5", False)]
)
def test_loopback(host, loop):
    assert is_loopback(host) is loop


def test_password_required_when_configured(data):
    client = TestClient(create_app(data, hash_password("bí mật 2024")))
    assert client.get("/").status_code == 401
    assert client.get("/", headers=_basic("lan", "sai")).status_code == 401
    ok = client.get("/", headers=_basic("lan", "bí mật 2024"))
    assert ok.status_code == 200 and "lan" in ok.text
    assert client.get("/static/htmx-2.0.11.min.js").status_code == 401  # everything is behind it


def test_cross_site_post_is_refused_and_scripts_are_locked_down(data):
    client = TestClient(create_app(data))
    r = client.post("/hieu-chinh/van-ban/x", data={"field": "number"}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    csp = client.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp


def test_sql_page_refuses_files_and_writes(data):
    client = TestClient(create_app(data))
    for sql in (
        "SELECT * FROM read_csv('/etc/passwd')",
        "COPY documents TO '/tmp/kehoach-web-leak.csv'",
        "CREATE TABLE x AS SELECT 1",
        "ATTACH '/tmp/kehoach-web-x.duckdb' AS x",
    ):
        page = client.get("/sql", params={"q": sql}).text
        assert 'id="sql-error"' in page and "root:" not in page, sql
    assert client.get("/sql/ket-qua.csv", params={"q": "SELECT * FROM read_text('/etc/passwd')"}).status_code == 400
    ok = client.get("/sql/ket-qua.csv", params={"q": "SELECT '=1+1' AS f, 'Xã Minh Tâm' AS ten"})
    assert ok.content == "\ufefff,ten\r\n'=1+1,Xã Minh Tâm\r\n".encode()
    book = client.get("/sql/ket-qua.xlsx", params={"q": "SELECT '=1+1' AS f, 'Xã Minh Tâm' AS ten, 7 AS n"})
    ws = load_workbook(io.BytesIO(book.content)).active
    assert [[c.value for c in r] for r in ws.iter_rows(min_row=2)] == [["f", "ten", "n"], ["=1+1", "Xã Minh Tâm", 7]]
    assert ws["A3"].data_type == "s" and ws["A3"].quotePrefix  # text, never a formula


def test_serve_refuses_a_network_address_without_password(data):
    from kehoach.cli import app

    assert not (data / PASSWORD_FILE).exists()
    res = CliRunner().invoke(app, ["serve", "--data", str(data), "--host", "0.0.0.0"])
    assert res.exit_code == 2 and "--set-password" in res.output


def test_set_password_stores_only_a_hash(data, tmp_path):
    from kehoach.cli import app

    res = CliRunner().invoke(app, ["serve", "--data", str(tmp_path), "--set-password"], input="mật khẩu mới\nmật khẩu mới\n")
    assert res.exit_code == 0, res.output
    stored = (tmp_path / PASSWORD_FILE).read_text(encoding="utf-8").strip()
    assert verify_password("mật khẩu mới", stored) and "mới" not in stored
    assert (tmp_path / PASSWORD_FILE).stat().st_mode & 0o077 == 0
