"""Where a PDF says it comes from: hyokasho's marker for invented (synthetic) documents.

The demo and test documents that hyokasho generates (scripts/make_demo_data.py,
tests/pdfgen/synthetic.py) carry real municipality names with invented contents. Each of them
says so in two places: `架空データ` printed on every page, for a reader, and the keyword below
in the PDF's metadata, for this module — so `documents.synthetic` is read from the file itself,
never inferred from its name or folder.
"""

from __future__ import annotations

SYNTHETIC_KEYWORD = "hyokasho:synthetic"
SYNTHETIC_STAMP = "架空データ：デモ・テスト用に生成した文書です。実在の団体の文書ではありません"


def is_synthetic(metadata: dict) -> bool:
    """Does the PDF's metadata carry hyokasho's synthetic marker (a keyword)?"""
    keywords = str(metadata.get("keywords") or "")
    return SYNTHETIC_KEYWORD in keywords.replace(",", " ").replace(";", " ").split()
