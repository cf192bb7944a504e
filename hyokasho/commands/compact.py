"""`hyokasho compact [--data DIR] [--all]`"""

from __future__ import annotations

import sys
from pathlib import Path

NAME = "compact"
HELP = "Merge the dataset's small part files into fewer, larger ones (ingest also does it past a threshold)."
EXAMPLES = """\
examples:
  hyokasho compact                     # data/parquet: merge every segment smaller than a full one
  hyokasho compact --data /srv/pia --all   # rewrite every segment (e.g. after many replacements)
Every ingest merges small segments automatically (hyokasho.segments.LayoutSettings); this
merges all of them now. The dataset is replaced atomically, as by ingest, under the same lock.
exit status: 0 done or nothing to do; 1 the dataset is locked or could not be written; 2 no dataset"""


def add_arguments(p) -> None:
    p.add_argument("--data", default="data/parquet", help="dataset folder (default: data/parquet)")
    p.add_argument("--all", action="store_true", help="rewrite every segment, full ones too")
    p.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="wait this long for another run on the same dataset to finish (default: refuse at once)",
    )


def run(args) -> int:
    from hyokasho.dataset import Dataset, DatasetError

    data = Path(args.data)
    if not (data / "documents").is_dir():
        print(
            f"hyokasho compact: {data}: no hyokasho dataset here (no documents/ folder); pass --data DIR",
            file=sys.stderr,
        )
        return 2
    try:
        result = Dataset(data).compact(everything=args.all, wait=args.wait)
    except DatasetError as e:
        print(f"hyokasho compact: {e}", file=sys.stderr)
        return 1
    before, stats = result
    if stats is None:
        print(f"{data}: already compact ({before} segment{'s' if before != 1 else ''}); nothing to do", file=sys.stderr)
        return 0
    most = max(stats.files.values(), default=0)
    print(
        f"{data}: {before} segments → {stats.segments} ({stats.merged_in} merged into {stats.merged_out}; at most "
        f"{most} file{'s' if most != 1 else ''} per table)",
        file=sys.stderr,
    )
    return 0
