"""`hyokasho diff OLD NEW`"""

from __future__ import annotations

import sys

NAME = "diff"
HELP = "Compare two versions of an assessment field by field (PDF files or doc_ids of the dataset)."
EXAMPLES = """\
examples:
  hyokasho diff old/kokuho_kiso_2023.pdf new/kokuho_kiso_2024.pdf
  hyokasho diff 541ba13fddf2 8f03c2a1b7e4 --data data/parquet       # doc_ids (or 6+ first characters)
  hyokasho diff a.pdf b.pdf --format csv > changes.csv
every item is matched by its form key (I.5.2, II.4.itaku3.6 …): added, removed or changed (white
space aside), with the page on each side, and whether a 変更箇所 row new in NEW declares it.
The same comparison over every consecutive version in the dataset: queries/version_changes.sql
exit status: 0 no change; 1 changes found (like diff(1)); 2 usage error or unreadable input"""


def add_arguments(p) -> None:
    p.add_argument("old", metavar="OLD", help="the older version: a PDF, or a doc_id in --data")
    p.add_argument("new", metavar="NEW", help="the newer version: a PDF, or a doc_id in --data")
    p.add_argument("--data", default="data/parquet", help="dataset for doc_ids (default: data/parquet)")
    p.add_argument("--format", choices=["text", "csv", "json"], default="text")


def run(args) -> int:
    from hyokasho.query import write
    from hyokasho.versions import DiffError, diff, format_text, load_side

    try:
        d = diff(load_side(args.old, args.data), load_side(args.new, args.data))
    except DiffError as e:
        print(f"hyokasho diff: {e}", file=sys.stderr)
        return 2
    if args.format == "text":
        print(format_text(d))
    else:
        write(d.columns, [tuple(r[c] for c in d.columns) for r in d.rows], args.format)
    return 1 if d.rows else 0
