#!/usr/bin/env bash
# Install everything whoswatching needs on a fresh Debian machine: system packages (tesseract for OCR,
# ghostscript/qpdf for ocrmypdf, Chromium for browser tests, a JRE for Spark), then a local virtual
# environment with the package and its extras. Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(tesseract-ocr tesseract-ocr-eng ghostscript qpdf unpaper pngquant poppler-utils chromium default-jre-headless fonts-dejavu-core)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv with $PY"
  "$PY" -m venv .venv
  .venv/bin/pip install -q --upgrade pip
fi
EXTRAS=${WHOSWATCHING_EXTRAS:-dev,spark}
stamp=".venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)-${EXTRAS//,/_}"
if [ ! -f "$stamp" ]; then
  echo "Installing whoswatching[$EXTRAS] into .venv"
  .venv/bin/pip install -q -e ".[${EXTRAS}]" 2>&1 | grep -v '^WARNING: Location' || true
  .venv/bin/python -c "import whoswatching, django, duckdb" 
  rm -f .venv/.installed-*
  touch "$stamp"
fi
