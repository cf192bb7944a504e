#!/usr/bin/env bash
# Set up everything hyokasho needs to run: the locked Python environment and, where we are
# allowed to install system packages, Tesseract with Japanese data for the OCR fallback.
# Safe to run repeatedly; CI (.ci/run) calls it before the tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v uv >/dev/null 2>&1; then
    echo "setup: uv not found; installing it with pip" >&2
    python3 -m pip install --quiet uv || pip install --quiet uv
fi
uv sync --frozen --all-extras  # the tests cover every extra (dask, notebook, bench)

# Tesseract is optional: without it, scanned pages end as status needs_ocr with a clear message.
if command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx jpn; then
    echo "setup: tesseract with jpn already installed ($(tesseract --version 2>&1 | head -1))" >&2
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing tesseract-ocr and tesseract-ocr-jpn with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-jpn
else
    echo "setup: skipping Tesseract (needs root and apt-get); install tesseract-ocr and" \
         "tesseract-ocr-jpn yourself to OCR scanned PDFs, otherwise they are ingested as needs_ocr" >&2
fi
