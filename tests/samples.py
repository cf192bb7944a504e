"""The real sample PDFs and their expected results, committed in data/raw/samples/.

`HYOKASHO_SAMPLES` may point at another copy of them. A missing sample fails the test that
needs it, never skips it: these tests are what proves the extractors on real documents.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = Path(os.environ.get("HYOKASHO_SAMPLES") or REPO / "data" / "raw" / "samples")


def sample(name: str) -> Path:
    """`name`.pdf among the samples; fails (not skips) when it is missing."""
    path = SAMPLES / (name if name.endswith(".pdf") else f"{name}.pdf")
    if not path.is_file():
        pytest.fail(f"sample {path} is missing (set HYOKASHO_SAMPLES to the folder of the sample PDFs)", pytrace=False)
    return path


def expected(name: str) -> dict:
    """The expected results of sample `name` (`<name>.expected.json`)."""
    path = SAMPLES / f"{name.removesuffix('.pdf')}.expected.json"
    if not path.is_file():
        pytest.fail(f"expected results {path} are missing", pytrace=False)
    return json.loads(path.read_text(encoding="utf-8"))
