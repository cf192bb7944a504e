#!/usr/bin/env bash
# Static checks, zero findings allowed: ruff (lint + format) and mypy (strict on normalize/
# and models/, checked on the rest; configuration in pyproject.toml). scripts/test.sh runs it.
set -euo pipefail
cd "$(dirname "$0")/.."
uvx() { if command -v uv >/dev/null 2>&1; then uv "$@"; else python3 -m uv "$@"; fi; }
uvx run --frozen ruff check .
uvx run --frozen ruff format --check .
uvx run --frozen mypy
