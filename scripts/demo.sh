#!/usr/bin/env bash
# README command 1 — the main job: set everything up, ingest the bundled PDFs in data/raw,
# then print the cross-municipality comparison table.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# uv may have been installed by setup.sh into a bin folder that is not on PATH
uvx() { if command -v uv >/dev/null 2>&1; then uv "$@"; else python3 -m uv "$@"; fi; }

status=0
uvx run --frozen hyokasho ingest data/raw --out data/parquet || status=$?
echo
echo "== Cross-municipality comparison (queries/municipalities.sql)"
uvx run --frozen hyokasho query queries/municipalities.sql --data data/parquet
exit "$status"
