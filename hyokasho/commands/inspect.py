"""`hyokasho inspect FILE.pdf`"""

from __future__ import annotations

import sys

from hyokasho.commands.settings_option import add_settings_argument, load_settings

NAME = "inspect"
HELP = "Show what one PDF yields, with page numbers and cell boxes, without writing anything."
EXAMPLES = """\
examples:
  hyokasho inspect data/raw/samples/kitakyushu_kokuho_kiso__calc.pdf
  hyokasho inspect some.pdf --table choices --table checks
  hyokasho inspect some.pdf --format json
  hyokasho inspect some.pdf --draw 2 --out page2.png    # page 2 with every extracted cell's box and key
the text view prints whole values with their page and bbox (x0,y0,x1,y1 in PDF points, origin top left);
the PDF is read in an isolated worker process, as by ingest: --timeout and --max-memory hold here too
exit status: 0 read; 1 the file could not be read (the cause is printed); 2 usage error"""


def add_arguments(p) -> None:
    p.add_argument("file", metavar="FILE.pdf")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--table", action="append", metavar="TABLE", help="only these tables (repeatable)")
    p.add_argument(
        "--draw",
        type=int,
        metavar="PAGE",
        help="render this page (1-based) with the extracted cells' boxes and keys drawn on it; needs --out",
    )
    p.add_argument("--out", metavar="PAGE.png", help="where --draw writes the PNG")
    add_settings_argument(p)
    p.add_argument(
        "--timeout",
        type=_positive_float,
        default=300.0,
        metavar="SECONDS",
        help="stop reading the file after this long: `timeout` (default 300)",
    )
    p.add_argument(
        "--max-memory",
        type=_positive_int,
        default=None,
        metavar="MB",
        help="resident memory the reading worker may use; default: the run's whole process tree is "
        "held under the machine-derived budget (see hyokasho ingest --help): `too_large`",
    )


def _positive_int(s: str) -> int:
    from hyokasho.commands.ingest import _positive_int as check

    return check(s)


def _positive_float(s: str) -> float:
    from hyokasho.commands.ingest import _positive_float as check

    return check(s)


def run(args) -> int:
    from models.schema import TABLES

    unknown = [t for t in args.table or [] if t not in TABLES]
    if unknown:
        print(
            f"hyokasho inspect: unknown table(s) {', '.join(unknown)}; the tables are: {', '.join(TABLES)}",
            file=sys.stderr,
        )
        return 2
    if (args.draw is None) != (args.out is None):
        print("hyokasho inspect: --draw PAGE and --out FILE.png go together", file=sys.stderr)
        return 2
    if args.draw is not None and args.draw < 1:
        print("hyokasho inspect: --draw takes a page number from 1", file=sys.stderr)
        return 2

    from hyokasho.inspect_cmd import print_result

    settings = load_settings(args, NAME)
    result = _read_isolated(args, settings.as_json() if settings is not None and settings.changes() else None)
    if args.draw is not None:
        return _draw(args, result)
    print_result(result, sys.stdout, args.format, args.table)
    return 0 if result.ok else 1


def _read_isolated(args, settings_json: str | None = None):
    """Extract the file in a worker process (a PDF can hang the parser or fill the memory)."""
    import os

    from hyokasho.executors import IsolatedPool, Task, WorkerStartError
    from hyokasho.names import display, to_bytes
    from hyokasho.pipeline import DocumentResult

    shown = display(args.file)
    task = Task(os.path.abspath(args.file), shown, None, shown, to_bytes(args.file))
    pool = IsolatedPool(jobs=1, timeout=args.timeout, max_memory_mb=args.max_memory, settings_json=settings_json)
    try:
        [outcome] = list(pool.run([task]))
    except WorkerStartError as e:
        raise SystemExit(f"hyokasho inspect: {e}") from e
    r = outcome.reply
    return DocumentResult(r.source_file, r.doc_id, r.tables)


def _draw(args, result) -> int:
    from hyokasho.draw import DrawError, boxes_on_page, draw_page, legend

    if not result.ok:
        err = result.error
        print(f"hyokasho inspect: {err['message'] if err else f'{args.file}: nothing extracted'}", file=sys.stderr)
        return 1
    tables = {t: rows for t, rows in result.tables.items() if not args.table or t in args.table}
    try:
        drawn = draw_page(args.file, tables, args.draw, args.out)
    except DrawError as e:
        print(f"hyokasho inspect: {e}", file=sys.stderr)
        return 1
    boxes = boxes_on_page(tables, args.draw)
    note = "" if boxes else " (rows of minutes and comment results carry a page but no cell box)"
    print(f"{drawn.out}: page {drawn.page} of {drawn.pages}, {legend(boxes)} drawn{note}", file=sys.stderr)
    return 0
