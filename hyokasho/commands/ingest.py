"""`hyokasho ingest PATH... --out DIR`"""
from __future__ import annotations

import sys

NAME = "ingest"
HELP = "Extract PDFs (files or folders, recursively) into the dataset."
EXAMPLES = """\
examples:
  hyokasho ingest data/raw                       # every PDF below data/raw → data/parquet
  hyokasho ingest new/*.pdf --out /srv/pia       # add or replace these documents only
  hyokasho ingest data/raw --force               # extract again even if unchanged
exit status: 0 every file ok; 1 some files failed or need OCR (listed at the end); 2 usage error"""


def add_arguments(p) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="PDF files or folders")
    p.add_argument("--out", default="data/parquet", help="dataset folder (default: data/parquet)")
    p.add_argument("--force", action="store_true", help="re-extract files already in the dataset")
    p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="wait this long for another run on the same --out to finish (default: refuse at once)")


def run(args) -> int:
    from hyokasho.dataset import DatasetError
    from hyokasho.ingest import ingest

    try:
        report = ingest(args.paths, args.out, force=args.force, wait=args.wait)
    except DatasetError as e:
        print(f"hyokasho ingest: {e}", file=sys.stderr)
        return 1
    print(f"{report.processed} extracted, {report.unchanged} unchanged, {len(report.failed)} failed, "
          f"{len(report.needs_ocr)} need OCR, {len(report.not_pdf)} non-PDF skipped → {args.out}", file=sys.stderr)
    for _f, msg in report.failed:  # messages already name their file
        print(f"FAILED    {msg}", file=sys.stderr)
    for f, msg in report.needs_ocr:
        print(f"NEEDS OCR {f}: {msg}", file=sys.stderr)
    return report.exit_code
