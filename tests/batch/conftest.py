"""Helpers for the batch-ingest tests: small PDFs, running the real CLI, reading the dataset."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from hyokasho.dataset import Dataset

REPO = Path(__file__).resolve().parents[2]


def simple_pdf(path: Path, text: str, pages: int = 1) -> Path:
    """An `unknown`-type PDF: the tests must not depend on the assessment extractors."""
    doc = pymupdf.open()
    for i in range(pages):
        doc.new_page().insert_text((72, 72), f"{text} page {i + 1}")
    doc.save(path)
    return path


def run_cli(*args: str, timeout: float = 600, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "hyokasho.cli", "ingest", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        **kw,
    )


def table(out: Path, name: str) -> list[dict]:
    return Dataset(out).read(name).to_pylist()


def outcome_by_source(out: Path) -> dict[str, set[str]]:
    """source_file → {"doc:<status>", "err:<code>"}."""
    res: dict[str, set[str]] = {}
    for d in table(out, "documents"):
        res.setdefault(d["source_file"], set()).add(f"doc:{d['status']}")
    for e in table(out, "ingest_errors"):
        res.setdefault(e["source_file"], set()).add(f"err:{e['error_code']}")
    return res


@pytest.fixture(scope="session")
def templates(tmp_path_factory):
    """Rows really extracted from one PDF of each kind (tests/batch/rows.py), to clone."""
    from tests.batch.rows import extract_templates

    return extract_templates(tmp_path_factory.mktemp("templates"))


@pytest.fixture
def quiet():
    return lambda *_a, **_k: None
