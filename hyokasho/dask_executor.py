"""Run the ingest on a dask.distributed cluster.

Files are sent in chunks; each chunk is one Dask task that runs the same `IsolatedPool`
(one worker subprocess: per-file timeout and memory ceiling hold on the cluster too),
writes the chunk's rows as one segment (hyokasho.segments: a file per table and its index)
straight into the new version's staging folder, and returns only the documents/ingest_errors
rows for accounting. The client commits the version as usual — merging the chunks' segments
into as many as the process pool's run would give, so a Dask run of any size ends compacted —
and the run stays atomic: until the link swaps, nothing is visible.

The staging folder must be visible to every worker at the same path (a shared file system)
when `--scheduler` points at a remote cluster. A retried chunk rewrites its segment under the
same name (write-then-rename, the index last), so a lost worker does not duplicate rows, and
the files of a chunk that failed are removed.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from hyokasho.executors import IsolatedPool, Outcome, Task, error_reply
from hyokasho.worker import DEFAULT_TARGET, WorkerReply

ACCOUNTING_TABLES = ("documents", "ingest_errors")
# one extraction subprocess per Dask worker process, reused by its chunks: starting one costs
# seconds (PyMuPDF import); it dies with the Dask worker (PR_SET_PDEATHSIG)
_POOLS: dict[tuple, IsolatedPool] = {}


@dataclass
class DaskExecutor:
    jobs: int | None
    timeout: float
    max_memory_mb: int | None
    scheduler: str | None
    staging: Path
    target: str = DEFAULT_TARGET
    chunk_size: int | None = None
    settings_json: str | None = None  # extract.settings changes as JSON; None = the defaults

    def run(self, tasks: list[Task]) -> Iterator[Outcome]:
        from dask.distributed import Client, LocalCluster, as_completed

        cluster = None
        if self.scheduler:
            client = Client(self.scheduler)
        else:
            # processes, one thread each: extraction is CPU-bound Python (the GIL) in subprocesses
            cluster = LocalCluster(
                n_workers=self.jobs or os.cpu_count() or 1, threads_per_worker=1, processes=True, dashboard_address=None
            )
            client = Client(cluster)
        try:
            n_workers = max(1, len(client.scheduler_info().get("workers", {})) or self.jobs or 1)
            # a few chunks per worker balance the load; bounded so one chunk's rows stay small
            size = self.chunk_size or max(1, min(25, -(-len(tasks) // (n_workers * 4))))
            chunks = [tasks[i : i + size] for i in range(0, len(tasks), size)]
            run = secrets.token_hex(6)  # segment names unique in the staging folder, stable across retries
            names = [f"part-dask-{run}-{i:06d}" for i in range(len(chunks))]
            futures = {
                client.submit(
                    run_chunk,
                    chunk,
                    str(self.staging),
                    names[i],
                    self.timeout,
                    self.max_memory_mb,
                    self.target,
                    self.settings_json,
                    pure=False,
                ): (chunk, names[i])
                for i, chunk in enumerate(chunks)
            }
            for fut in as_completed(futures):
                chunk, name = futures.pop(fut)
                try:
                    replies = fut.result()
                except Exception as e:  # the task itself failed (worker lost repeatedly, …)
                    _remove_segment(self.staging, name)
                    for t in chunk:
                        yield Outcome(
                            t,
                            error_reply(
                                t,
                                "parser_crash",
                                f"{t.source}: the Dask task extracting it failed ({type(e).__name__}: {e})",
                            ),
                        )
                    continue
                for task, reply in replies:
                    yield Outcome(task, reply, written=True)
                fut.release()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()


def run_chunk(
    tasks: list[Task],
    staging: str,
    segment: str,
    timeout: float,
    max_memory_mb: int | None,
    target: str,
    settings_json: str | None = None,
) -> list[tuple[Task, WorkerReply]]:
    """Runs on a Dask worker: extract the chunk, write its segment, return the accounting rows."""
    from hyokasho.segments import write_segment
    from models.schema import to_table

    key = (timeout, max_memory_mb, target, settings_json)
    pool = _POOLS.get(key)
    if pool is None:
        pool = _POOLS[key] = IsolatedPool(
            jobs=1, timeout=timeout, max_memory_mb=max_memory_mb, target=target, settings_json=settings_json
        )
    rows: dict[str, list[dict]] = {}
    replies: list[tuple[Task, WorkerReply]] = []
    for outcome in pool.run(tasks, keep_alive=True):
        r = outcome.reply
        for table, trows in r.tables.items():
            if trows:
                rows.setdefault(table, []).extend(trows)
        replies.append(
            (
                outcome.task,
                WorkerReply(
                    r.source_file, r.doc_id, {t: r.tables.get(t, []) for t in ACCOUNTING_TABLES}, r.pages, r.seconds
                ),
            )
        )
    # a retried chunk overwrites its segment, never duplicates it; the client fsyncs what it keeps
    write_segment(Path(staging), segment, {t: to_table(t, trows) for t, trows in rows.items()})
    return replies


def _remove_segment(staging: Path, name: str) -> None:
    """What a failed chunk may have written: its rows are reported as failed, not kept."""
    for path in [*Path(staging).glob(f"*/{name}.parquet"), *Path(staging).glob(f"*/.{name}.parquet.tmp-*")]:
        try:
            path.unlink()
        except FileNotFoundError:
            pass
