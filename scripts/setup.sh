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
# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set (CI images, containers) Python would
# otherwise compile pandas, pyarrow, PyMuPDF … from source in every process, never caching it:
# measured 1.4 → 0.6 CPU s for a `hyokasho query`, 1.0 → 0.4 s for each extraction worker's start
uv sync --frozen --all-extras --compile-bytecode  # the tests cover every extra (dask, notebook, datasette, bench)
# hyokasho's own packages likewise (an editable install: uv compiles site-packages only);
# a .pyc older than its source is ignored by Python, so an edit never runs stale code
uv run --frozen python -m compileall -q -j 0 hyokasho extract normalize models >/dev/null

# Tesseract is optional: without it, scanned pages end as status needs_ocr with a clear message.
# IPAex明朝 and IPAゴシック are the reference fonts the glyph map compares glyphs of fonts without
# ToUnicode with (extract.glyph_verify); without them it falls back to MuPDF's own font.
packages=()
if command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx jpn; then
    echo "setup: tesseract with jpn already installed ($(tesseract --version 2>&1 | head -1))" >&2
else
    packages+=(tesseract-ocr tesseract-ocr-jpn)
fi
if dpkg -s fonts-ipaexfont-mincho fonts-ipafont-gothic >/dev/null 2>&1; then
    echo "setup: reference fonts (IPAex明朝, IPAゴシック) already installed" >&2
else
    packages+=(fonts-ipaexfont-mincho fonts-ipafont-gothic)
fi
if [ ${#packages[@]} -eq 0 ]; then
    :
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${packages[*]} with apt-get" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${packages[@]}"
else
    echo "setup: skipping ${packages[*]} (needs root and apt-get); install them yourself: without" \
         "Tesseract scanned PDFs are ingested as needs_ocr, without the fonts glyphs of fonts without" \
         "ToUnicode are checked against MuPDF's own font only" >&2
fi

# Headless Chromium and a Japanese font are only for the README's Datasette screenshot
# (scripts/make_datasette_screenshot.sh runs `setup.sh --screenshots`); nothing else needs them.
if [ "${1:-}" = "--screenshots" ]; then
    if command -v chromium >/dev/null 2>&1 && fc-list :lang=ja 2>/dev/null | grep -q .; then
        echo "setup: chromium and a Japanese font already installed" >&2
    elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "setup: installing chromium and fonts-ipafont-gothic with apt-get (for screenshots)" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update
        apt-get install -y --no-install-recommends chromium fonts-ipafont-gothic
    else
        echo "setup: screenshots need chromium and a Japanese font (fonts-ipafont-gothic); install them" \
             "yourself (needs root and apt-get)" >&2
        exit 1
    fi
fi
