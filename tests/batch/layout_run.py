"""One dataset-writer run in its own process, so a test can SIGKILL it at a chosen step.

    python -m tests.batch.layout_run RUN.pickle [KILL_AT]
    python -m tests.batch.layout_run --serve     # the same runs, forked from one warm process

RUN.pickle holds (out, settings, documents to add, doc_ids to forget, compact mode): the
documents are rows extracted from generated PDFs (tests/batch/rows.py), so the run spends
its time in the writer. Every step of the writer that changes the disk — a table file or an
index written (flush, rewrite, merge, spill), a file carried over by a hard link, an fsync, the
version folder's rename, the link swap — is an *event*. Without KILL_AT the run completes and
prints its events, one per line, then "committed". With KILL_AT=n the process prints the n-th
event's name to stderr and SIGKILLs itself just before that step happens ("swapped": just
after the link swapped), which a timer could never hit reliably on a loaded machine.

`--serve` reads one request per stdin line, `RUN.pickle KILL_AT STDOUT STDERR`, forks a child that
is exactly such a run (its output in the two files) and answers the child's exit status in the
shape of `subprocess` (`-9` when it killed itself). A test that kills a run at thirty steps pays
the imports (pyarrow, and the pandas that pyarrow loads on its first array) once instead of thirty
times. The server does no pyarrow work itself, so no library thread exists when it forks.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
from pathlib import Path

from hyokasho import dataset as dataset_module
from hyokasho import parquet_out, segments
from hyokasho.dataset import Dataset
from tests.batch.rows import write_run

EVENTS: list[str] = []
KILL_AT = 0


def _event(name: str) -> None:
    EVENTS.append(name)
    if len(EVENTS) == KILL_AT:
        print(f"killed at {name}", file=sys.stderr, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)


def _kind(path: Path) -> str:
    name = Path(path).name
    if Path(path).parent.name == segments.INDEX_DIR:
        return "index"
    if ".spill" in name:
        return "spill"
    if "-m0" in name:
        return "merge"
    if "-r0" in name:
        return "rewrite"
    return "flush"


def _instrument() -> None:
    atomic_write, emit = segments._atomic_write, parquet_out.RowGroupWriter._emit
    link, fsync_file, fsync_dir = dataset_module._link_or_copy, dataset_module._fsync_file, dataset_module._fsync_dir
    swap, rename = dataset_module._swap_link, os.rename

    def _atomic_write_(data, path, *a, **k):
        _event(_kind(path))
        return atomic_write(data, path, *a, **k)

    def _emit_(self, n):
        _event(_kind(self.path))
        return emit(self, n)

    def _link_(src, dest):
        _event("carry-over")
        return link(src, dest)

    def _fsync_file_(path):
        _event("fsync")
        return fsync_file(path)

    def _fsync_dir_(path):
        _event("fsync-dir")
        return fsync_dir(path)

    def _rename_(src, dst, *a, **k):
        _event("rename")
        return rename(src, dst, *a, **k)

    def _swap_(link_path, target):
        _event("swap")
        swap(link_path, target)
        _event("swapped")

    segments._atomic_write = _atomic_write_
    parquet_out.RowGroupWriter._emit = _emit_
    dataset_module._link_or_copy = _link_
    dataset_module._fsync_file = _fsync_file_
    dataset_module._fsync_dir = _fsync_dir_
    dataset_module._swap_link = _swap_
    os.rename = _rename_  # the writer's one rename: the staging folder becoming the version


def main(spec: str, kill_at: int = 0) -> int:
    global KILL_AT
    KILL_AT = kill_at
    out, settings, added, forgotten, compact = pickle.loads(Path(spec).read_bytes())
    _instrument()
    write_run(Dataset(out, settings), added, forgotten, compact)
    print("\n".join(EVENTS))
    print("committed", flush=True)
    return 0


def serve() -> int:
    import pandas  # noqa: F401  (pyarrow imports it on its first array: once here, not per child)

    for line in sys.stdin:
        spec, kill_at, out_path, err_path = line.rstrip("\n").split("\t")
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:  # the child: one run, as `python -m tests.batch.layout_run SPEC KILL_AT` would be
            code = 1
            try:
                with open(out_path, "wb") as out, open(err_path, "wb") as err:
                    os.dup2(out.fileno(), 1)
                    os.dup2(err.fileno(), 2)
                code = main(spec, int(kill_at))
            except BaseException:
                import traceback

                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        print(code, flush=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        sys.exit(serve())
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0))
