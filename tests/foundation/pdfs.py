"""Tiny real PDFs for the foundation tests (the form-like generator lives in tests/pdfgen)."""

from __future__ import annotations

from pathlib import Path

import pymupdf


def write_text_pdf(path: Path, lines: list[str], pages: int = 1) -> Path:
    """A PDF whose pages carry the given Japanese lines as a real text layer."""
    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page(width=595, height=842)
        y = 72
        for line in lines:
            page.insert_text((72, y), line, fontname="japan", fontsize=11)
            y += 18
    doc.save(path)
    doc.close()
    return path


def unknown_pdf(path: Path, marker: str = "") -> Path:
    """A valid PDF that is none of the known document types (so no extractor runs)."""
    return write_text_pdf(path, [f"お知らせ {marker}", "本文です。"])
