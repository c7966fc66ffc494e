"""`kehoach serve [--data DIR] [--port N] [--host H]`: the office's web app (see kehoach/web)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer


def serve(
    data: Path | None = typer.Option(None, "--data", "-d", help="Thư mục bảng dữ liệu (mặc định data/processed) / tables folder"),
    port: int = typer.Option(8000, "--port", "-p", help="Cổng / port"),
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="Địa chỉ nghe; khác 127.0.0.1 thì bắt buộc mật khẩu / address (other than loopback needs a password)",
    ),
    set_password: bool = typer.Option(
        False, "--set-password", help="Đặt mật khẩu (lưu dạng băm) rồi thoát / set the password (stored hashed) and exit"
    ),
) -> None:
    """Ứng dụng web: xem, duyệt và sửa kết quả trong trình duyệt / the web app: browse, review, correct."""
    from kehoach.store.read import default_data_dir
    from kehoach.web.auth import hash_password, is_loopback, save_hash, stored_hash

    data_dir = (data or default_data_dir()).resolve()
    if set_password:
        password = typer.prompt("Mật khẩu / password", hide_input=True, confirmation_prompt=True)
        if len(password) < 8:
            print("Mật khẩu cần ít nhất 8 ký tự / the password needs at least 8 characters", file=sys.stderr)
            raise typer.Exit(2)
        path = save_hash(data_dir, hash_password(password))
        typer.echo(f"Đã lưu mật khẩu (dạng băm scrypt) / password hash saved: {path}")
        return
    hashed = stored_hash(data_dir)
    if not is_loopback(host) and not hashed:
        print(
            f"Mở cho mạng ({host}) cần mật khẩu: chạy `kehoach serve --set-password --data {data_dir}` trước. / "
            f"serving on {host} needs a password: run `kehoach serve --set-password` first.",
            file=sys.stderr,
        )
        raise typer.Exit(2)
    import uvicorn

    from kehoach.web.app import create_app

    app = create_app(data_dir, hashed)  # a configured password is asked for on every address
    typer.echo(f"kehoach: http://{host}:{port}/ — bảng / tables {data_dir} (Ctrl+C để dừng / to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
