"""`hyokasho inspect FILE.pdf`"""
from __future__ import annotations

import sys

NAME = "inspect"
HELP = "Show what one PDF yields, with page numbers, without writing anything."
EXAMPLES = """\
examples:
  hyokasho inspect data/raw/samples/kitakyushu_kokuho_kiso__calc.pdf
  hyokasho inspect some.pdf --table choices --table checks
  hyokasho inspect some.pdf --format json"""


def add_arguments(p) -> None:
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--table", action="append", metavar="TABLE", help="only these tables (repeatable)")


def run(args) -> int:
    from hyokasho.inspect_cmd import print_result
    from hyokasho.pipeline import process_file

    result = process_file(args.file)
    print_result(result, sys.stdout, args.format, args.table)
    return 0 if result.ok else 1
