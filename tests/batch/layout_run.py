"""One dataset-writer run in its own process, so a test can SIGKILL it at any moment.

    python -m tests.batch.layout_run RUN.pickle

RUN.pickle holds (out, settings, documents to add, doc_ids to forget, compact mode): the
documents are rows extracted from generated PDFs (tests/batch/rows.py), so the run spends
its time in the writer — flush, carry-over, rewrites, merges, index, fsync, rename, swap.
"""
from __future__ import annotations

import pickle
import sys
from pathlib import Path

from hyokasho.dataset import Dataset
from tests.batch.rows import write_run


def main(spec: str) -> int:
    out, settings, added, forgotten, compact = pickle.loads(Path(spec).read_bytes())
    write_run(Dataset(out, settings), added, forgotten, compact)
    print("committed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
