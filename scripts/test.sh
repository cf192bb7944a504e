#!/usr/bin/env bash
# README command 2 — set everything up and run the whole test suite.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh tests/normalize -x`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
uvx() { if command -v uv >/dev/null 2>&1; then uv "$@"; else python3 -m uv "$@"; fi; }
bash scripts/check.sh  # ruff (lint + format) and mypy: zero findings
# every core (2 on CI): the suite is ~25 min serial on a loaded machine; per-test timeouts still apply
# PYTHONDONTWRITEBYTECODE (set on some CI images) is lifted for the tests only: pytest then keeps
# its rewritten test modules, and the hundreds of CLI and worker processes the tests start compile
# each module once instead of every time (__pycache__ is git-ignored)
unset PYTHONDONTWRITEBYTECODE
uvx run --frozen pytest -q -n auto --durations=25 "$@"
