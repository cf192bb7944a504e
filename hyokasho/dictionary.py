"""The data dictionary, rendered from models/schema.py so it cannot drift from the dataset.

`hyokasho export` writes it beside every export; docs/data_dictionary.md is the same text,
regenerated with `uv run python -m hyokasho.dictionary --write` (a test fails when it is stale).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from models.schema import TABLES, describe

# One line per table: what a row is. Columns and their meaning come from models.schema.
TABLE_NOTES: dict[str, str] = {
    "documents": "one row per ingested PDF",
    "ingest_errors": "one row per file that could not be read or extracted",
    "assessments": "one row per 評価書 (基礎項目・重点項目・全項目): its cover and identity",
    "fields": "every label/value cell of an 評価書 form, keyed by the form's own numbering",
    "choices": "every ＜選択肢＞ answer of an 評価書",
    "checks": "every check box of an 評価書",
    "systems": "システムN blocks (全項目/重点項目 I.2)",
    "entrustments": "委託事項N blocks: one row per entrustment",
    "transfers": "提供先N / 移転先N blocks",
    "risk_measures": "one row per risk with its measures and self-assessment (リスクへの対策は十分か)",
    "changes": "変更箇所: one row per recorded change",
    "meetings": "one row per review-meeting record (議事録/会議録)",
    "attendees": "who attended a meeting",
    "utterances": "one row per speaker turn in a meeting record",
    "sources": "what a folder's hyokasho-sources.csv says of a file: its body and where it was published",
    "comment_rounds": "one row per public-comment round (意見募集結果)",
    "comments": "one row per opinion received, with the body's response",
    "meeting_items": "every row of a meeting record's header (日時, 場所, 出席者, 公開・非公開, 問い合わせ先 …) as printed, "
    "known label or not: the meetings columns are read from these",
}

HEADER = """\
# Data dictionary

Generated from `models/schema.py` by `hyokasho.dictionary` — do not edit by hand
(regenerate: `uv run python -m hyokasho.dictionary --write`).

Every table joins to `documents` on `doc_id` (sha256 of the PDF). Form keys (`key` columns) follow
the form's own numbering, described in docs/SCHEMA.md. Text is NFKC-normalized.

In CSV exports, lists and maps are JSON text (`["a","b"]`, `{"郵送":0}`), booleans are `true`/`false`,
dates are ISO (`2024-04-01`), timestamps ISO 8601 in UTC, and an empty cell is NULL.
"""


def render(tables: tuple[str, ...] | list[str] = TABLES) -> str:
    parts = [HEADER]
    for table in tables:
        parts.append(f"## {table}\n")
        if TABLE_NOTES.get(table):
            parts.append(f"{TABLE_NOTES[table]}.\n")
        parts.append("| column | type | description |\n|---|---|---|")
        for name, typ, desc in describe(table):
            cell = desc.replace("|", r"\|")  # a literal | inside a Markdown table cell
            parts.append(f"| `{name}` | {typ} | {cell} |")
        parts.append("")
    return "\n".join(parts)


def docs_path() -> Path:
    return Path(__file__).resolve().parent.parent / "docs" / "data_dictionary.md"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Print (or --write to docs/) the data dictionary.")
    p.add_argument("--write", action="store_true", help=f"write {docs_path()}")
    args = p.parse_args(argv)
    if args.write:
        docs_path().write_text(render(), encoding="utf-8")
    else:
        sys.stdout.write(render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
