"""Who may use the web app.

On 127.0.0.1 (the default) the app is the office machine's own: no password. Bound to any other
address it refuses to start without a password, stored only as a salted scrypt hash
(:func:`hashlib.scrypt`, RFC 7914, the standard library's binding of OpenSSL) in
``<data>/.kehoach-web-password`` (``kehoach serve --set-password``) or ``KEHOACH_WEB_PASSWORD_HASH``.
The browser asks for it with HTTP Basic authentication; the user name given is recorded as the
author of corrections. Whatever the address, a request that changes something (POST) must come from
the app's own pages (its ``Origin``), so another web site open in the same browser cannot send
corrections (CSRF).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import os
import secrets
from pathlib import Path

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

PASSWORD_FILE = ".kehoach-web-password"
HASH_ENV = "KEHOACH_WEB_PASSWORD_HASH"
# scrypt cost: n=2**15, r=8, p=1 (≈ 32 MiB and ≈ 0.1 s per check: the 2024 OWASP minimum is n=2**17
# for a login service under attack; this app sits on an office LAN behind the office's network)
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` (base64): what is stored; the password itself never is."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, maxmem=64 * 2**20, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.strip().split("$")
        if kind != "scrypt":
            return False
        got = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), maxmem=64 * 2**20, dklen=32
        )
    except (ValueError, binascii.Error):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def stored_hash(data_dir: Path) -> str | None:
    """The configured password hash (environment first, then the file beside the tables)."""
    env = os.environ.get(HASH_ENV)
    if env:
        return env.strip()
    path = Path(data_dir) / PASSWORD_FILE
    return path.read_text(encoding="utf-8").strip() if path.is_file() else None


def save_hash(data_dir: Path, hashed: str) -> Path:
    """Write the hash beside the tables, readable by its owner only."""
    path = Path(data_dir) / PASSWORD_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(hashed + "\n")
    os.replace(tmp, path)
    return path


class GuardMiddleware:
    """Basic authentication when a hash is configured; same-origin check on POST; the user name
    (or None) in ``scope["state"]["user"]``."""

    def __init__(self, app: ASGIApp, password_hash: str | None) -> None:
        self.app = app
        self.password_hash = password_hash

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        user = None
        if self.password_hash:
            user = self._user(headers.get("authorization", ""))
            if user is None:
                await PlainTextResponse(
                    "Cần mật khẩu / password required",
                    status_code=401,
                    headers={"WWW-Authenticate": 'Basic realm="kehoach", charset="UTF-8"'},
                )(scope, receive, send)
                return
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            host = headers.get("host", "")
            if origin is not None and origin.split("://", 1)[-1] != host:
                await PlainTextResponse("Yêu cầu từ trang khác bị từ chối / cross-site request refused", status_code=403)(
                    scope, receive, send
                )
                return
        scope.setdefault("state", {})["user"] = user
        await self.app(scope, receive, send)

    def _user(self, header: str) -> str | None:
        if not header.lower().startswith("basic "):
            return None
        try:
            name, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return None
        return (name or "kehoach") if verify_password(password, self.password_hash or "") else None
