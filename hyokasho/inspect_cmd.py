"""`hyokasho inspect FILE.pdf`: what one PDF yields, for a person checking it by eye."""

from __future__ import annotations

import json
from typing import IO

from hyokasho.pipeline import DocumentResult
from hyokasho.plain import plain
from hyokasho.query import format_table

# What to print per table: the columns that let a reader find the value on the page.
_SHOWN = {
    "fields": ["file_no", "key", "value", "page", "bbox"],
    "choices": ["file_no", "key", "selected", "selected_index", "page", "bbox"],
    "checks": ["file_no", "key", "option", "checked", "other_text", "page", "bbox"],
    "risk_measures": ["file_no", "key", "assessment", "page"],
    "entrustments": ["file_no", "item_no", "title", "contractor", "subcontract", "page"],
    "transfers": ["file_no", "kind", "item_no", "recipient", "page"],
    "changes": ["changed_on", "item", "timing", "page"],
    "utterances": ["seq", "speaker", "speaker_group", "text", "page"],
    "meeting_items": ["seq", "key", "label", "value", "page"],
    "comments": ["no", "opinion", "response", "page"],
}


def print_result(result: DocumentResult, out: IO[str], fmt: str = "text", tables: list[str] | None = None) -> None:
    if fmt == "json":
        json.dump(
            {t: [{k: plain(v) for k, v in r.items()} for r in rows] for t, rows in result.tables.items()},
            out,
            ensure_ascii=False,
            indent=1,
        )
        out.write("\n")
        return
    if result.error is not None and result.document is None:
        out.write(f"{result.source_file}: FAILED ({result.error['error_code']})\n  {result.error['message']}\n")
        return
    d = result.document
    assert d is not None  # every result carries its documents row or its ingest_errors row
    out.write(
        f"file        {d['source_file']}\n"
        f"doc_id      {d['doc_id']}\n"
        f"doc_type    {d['doc_type']}\n"
        f"form_label  {d['form_label'] or '-'}\n"
        f"status      {d['status']} (text from {d['text_source']}, {d['page_count']} pages)\n"
    )
    for w in d["warnings"]:
        out.write(f"warning     {w}\n")
    for t, rows in result.tables.items():
        if t == "documents" or not rows or (tables and t not in tables):
            continue
        cols = _SHOWN.get(t) or [c for c in rows[0] if c != "doc_id"]
        out.write(f"\n== {t} ({len(rows)} rows)\n")
        # whole values: inspect is for checking them against the page, a cut value cannot be checked
        out.write(format_table(cols, [tuple(_shown(c, r.get(c)) for c in cols) for r in rows], limit=None) + "\n")


def _shown(column: str, value):
    if column == "bbox" and value:
        return ",".join(f"{v:.1f}" for v in value)  # PDF points, origin top left: x0,y0,x1,y1
    return value
