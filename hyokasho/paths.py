"""Where the project's bundled files are, in a checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def queries_dir() -> Path:
    # a wheel carries the SQL inside the package; a checkout has it at the project root
    for candidate in (_PACKAGE / "_queries", _PACKAGE.parent / "queries"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("queries/ not found beside the hyokasho package")
