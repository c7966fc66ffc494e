#!/usr/bin/env bash
# Set up kehoach on a fresh Debian/Ubuntu machine: system tools (OCR, PDF rendering, .doc
# conversion, a browser for report tests) and a project-local virtualenv in .venv.
# Safe to run again. Set KEHOACH_SKIP_APT=1 to skip the system packages.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(tesseract-ocr tesseract-ocr-vie poppler-utils libreoffice-writer-nogui chromium)
if [ "${KEHOACH_SKIP_APT:-0}" != "1" ] && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" = "0" ] || SUDO="sudo"
    echo "==> apt-get install ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
echo "==> pip install -e .[dev]"
.venv/bin/python -m pip install -q -e ".[dev]"
echo "==> ready: .venv/bin/kehoach --help"
