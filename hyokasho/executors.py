"""Run extraction tasks in isolated worker processes, yielding results as they complete.

`IsolatedPool` keeps N `hyokasho.worker` subprocesses busy. Each file has a deadline; a
worker past it is killed (with its process group, so a Tesseract child dies too) and
replaced, and the file becomes one `timeout` error. Memory is watched as it is used
(hyokasho.memory): when the run's process tree would pass its budget, the largest worker is
stopped and its file tried again alone, then `too_large` if it does not fit alone; a worker
over `--max-memory` is `too_large` at once. A worker that dies on its own becomes
`parser_crash` (a segfault in the parser, RLIMIT_AS) or `worker_killed` (SIGKILL from outside:
the kernel's OOM killer, an operator — tried again on the next run). The pool itself never
raises for a bad file, so the batch goes on.

The Dask executor lives in hyokasho.dask_executor; it runs this same pool inside each task.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, cast

from hyokasho.memory import SETTINGS as MEMORY
from hyokasho.memory import address_space_mb, rss_mb, tree_rss_mb
from hyokasho.memory import tree_budget_mb as default_tree_budget_mb
from hyokasho.worker import DEFAULT_TARGET, SETTINGS_ENV, WorkerReply, error_tables, recv, send

STARTUP_SECONDS = 120.0  # importing PyMuPDF on a loaded machine can take a while
MAX_START_FAILURES = 3  # a worker that cannot even start is a broken install, not a bad file
_REPO_ROOT = str(Path(__file__).resolve().parent.parent)


@dataclass(frozen=True)
class Task:
    path: str  # what to open (may hold surrogates: a name that is not UTF-8)
    source: str  # source_file as given by the user, shown escaped (hyokasho.names.display)
    sha256: str | None = None
    label: str | None = None  # the name for warnings and messages: relative to the input folder
    source_bytes: bytes | None = None  # source_file exactly, as bytes (source_file_bytes)


@dataclass
class Outcome:
    task: Task
    reply: WorkerReply
    written: bool = False  # rows already written as Parquet parts by the executor (Dask)


class WorkerStartError(RuntimeError):
    pass


def error_reply(task: Task, code: str, message: str, seconds: float = 0.0) -> WorkerReply:
    return WorkerReply(
        task.source, None, error_tables(task.source, task.sha256, code, message, task.source_bytes), 0, seconds
    )


def _name(task: Task) -> str:
    return task.label or task.source


class _Worker:
    def __init__(self, target: str, address_space_mb: int, settings_json: str | None = None):
        env = dict(os.environ)
        env["HYOKASHO_WORKER_TARGET"] = target
        env["HYOKASHO_WORKER_MAX_MB"] = str(address_space_mb or 0)
        env.pop(SETTINGS_ENV, None)  # the worker's settings are the pool's, never inherited
        if settings_json:
            env[SETTINGS_ENV] = settings_json
        env["OMP_THREAD_LIMIT"] = "1"  # Tesseract's threads would fight the other workers for cores
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_REPO_ROOT, env.get("PYTHONPATH")) if p)
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "hyokasho.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            env=env,
            start_new_session=True,
        )  # own process group: killpg reaches grandchildren
        assert self.proc.stdin is not None and self.proc.stdout is not None  # both were asked for as PIPE
        self.stdin, self.stdout = self.proc.stdin, self.proc.stdout
        self.ready = False
        self.started = time.monotonic()
        self.task: Task | None = None
        self.deadline = 0.0
        self.t0 = 0.0

    def fileno(self) -> int:
        return self.stdout.fileno()

    def submit(self, task: Task, timeout: float) -> None:
        self.task, self.t0 = task, time.monotonic()
        self.deadline = self.t0 + timeout
        send(self.stdin, (task.path, task.source, task.label, task.source_bytes))

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.close()

    def close(self) -> None:
        for f in (self.stdin, self.stdout):
            try:
                f.close()
            except OSError:
                pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        self.stderr.close()

    def stderr_tail(self) -> str:
        try:
            self.stderr.seek(0, os.SEEK_END)
            size = self.stderr.tell()
            self.stderr.seek(max(0, size - 2000))
            lines = [ln for ln in self.stderr.read().decode(errors="replace").splitlines() if ln.strip()]
            return lines[-1].strip() if lines else ""
        except (OSError, ValueError):
            return ""


class IsolatedPool:
    """A pool of worker subprocesses with per-file timeout and memory ceilings.

    `max_memory_mb`: resident memory allowed to one worker and its children (None: no ceiling
    of its own); `tree_budget_mb`: allowed to the whole process tree, this process included
    (default: hyokasho.memory.tree_budget_mb()); `settings_json`: extract.settings changes for
    the workers (None: the defaults).
    """

    def __init__(
        self,
        jobs: int | None = None,
        timeout: float = 300.0,
        max_memory_mb: int | None = None,
        target: str = DEFAULT_TARGET,
        tree_budget_mb: int | None = None,
        settings_json: str | None = None,
    ):
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.settings_json = settings_json  # extract.settings changes as JSON; None = the defaults
        self.timeout = timeout
        self.max_memory_mb = max_memory_mb or None
        self.tree_budget_mb = tree_budget_mb or default_tree_budget_mb()
        self.target = target
        self._start_failures = 0
        self._workers: list[_Worker] = []
        self._solo: deque[Task] = deque()  # files to try again with no other file being read
        self._solo_running: Task | None = None
        self._next_poll = 0.0

    def _spawn(self) -> _Worker:
        ceiling = min(self.max_memory_mb or self.tree_budget_mb, self.tree_budget_mb)
        return _Worker(self.target, address_space_mb(ceiling), self.settings_json)

    def _submit_next(self, workers: list[_Worker], pending: deque) -> None:
        """Give idle workers work; a file waiting to run alone waits for every worker to be idle."""
        if self._solo_running is not None:
            return
        if self._solo:
            if any(w.task for w in workers):
                return
            w = next((w for w in workers if w.ready), None)
            if w is not None:
                self._solo_running = self._solo.popleft()
                w.submit(self._solo_running, self.timeout)
            return
        for w in workers:
            if w.ready and w.task is None and pending:
                w.submit(pending.popleft(), self.timeout)

    def run(self, tasks: Iterable[Task], keep_alive: bool = False) -> Iterator[Outcome]:
        """Yield one Outcome per task, in completion order. `keep_alive` keeps the workers for
        the next call (Dask chunks reuse them instead of importing PyMuPDF again)."""
        pending = deque(tasks)
        workers = self._workers
        while len(workers) < min(self.jobs, len(pending)):
            workers.append(self._spawn())
        try:
            while pending or self._solo or any(w.task for w in workers):
                for w in workers:
                    if w.task is None and w.proc.poll() is not None:
                        self._replace(workers, w, kill=True)  # died while idle (e.g. its parent thread ended)
                self._submit_next(workers, pending)
                now = time.monotonic()
                waits = [w.deadline - now for w in workers if w.task] + [
                    w.started + STARTUP_SECONDS - now for w in workers if not w.ready
                ]
                if any(w.task for w in workers):
                    waits.append(self._next_poll - now)  # the memory watch
                wait = max(0.0, min(waits)) if waits else 1.0
                readable, _, _ = select.select(workers, [], [], min(wait, 5.0))
                done: list[Outcome] = []
                for w in readable:
                    done.extend(self._on_readable(workers, w))
                done.extend(self._watch_memory(workers))
                # refill before handing results to the caller: the workers extract the next
                # files while the parent writes these results to the dataset
                self._submit_next(workers, pending)
                yield from done
                now = time.monotonic()
                for w in list(workers):
                    if w.task and now > w.deadline:
                        task = w.task
                        self._finished(task)
                        self._replace(workers, w, kill=True)
                        yield Outcome(
                            task,
                            error_reply(
                                task,
                                "timeout",
                                f"{_name(task)}: extraction took longer than {self.timeout:g} s; "
                                "the worker was stopped (a pathological page or decompression bomb?)",
                                self.timeout,
                            ),
                        )
                    elif not w.ready and now > w.started + STARTUP_SECONDS:
                        self._start_failed(workers, w, "did not start in time")
        except BaseException:
            self.close()
            raise
        if not keep_alive:
            self.close()

    def close(self) -> None:
        for w in self._workers:
            w.kill()
        self._workers.clear()

    def _finished(self, task: Task) -> None:
        if self._solo_running is task:
            self._solo_running = None

    def _watch_memory(self, workers: list[_Worker]) -> list[Outcome]:
        """Stop what would take the tree over its budget, or a worker over its own ceiling.

        The workers share what the budget leaves beside this process (never less than
        `workers_floor_mb` per worker, up to the budget less `caller_reserve_mb`: an idle worker alone
        holds ~200 MB of libraries, an OCR'd page ~600 MB): this
        process's own memory is not a file's doing, so a large caller (a notebook, a test
        runner) does not make every file `too_large`."""
        now = time.monotonic()
        busy = [w for w in workers if w.task]
        if not busy or now < self._next_poll:
            return []
        sizes = {w: tree_rss_mb(w.proc.pid) for w in workers}
        used = sum(sizes.values())
        floor = min(MEMORY.workers_floor_mb * len(workers), self.tree_budget_mb - MEMORY.caller_reserve_mb)
        allowance = max(floor, self.tree_budget_mb - rss_mb(os.getpid()))
        near = used > MEMORY.near_share * allowance
        self._next_poll = now + (MEMORY.poll_seconds_near if near else MEMORY.poll_seconds)
        out: list[Outcome] = []
        if self.max_memory_mb is not None:
            for w in busy:
                if sizes[w] > MEMORY.act_share * self.max_memory_mb:
                    out.append(
                        self._too_large(
                            workers,
                            w,
                            f"needed more than the per-worker ceiling of {self.max_memory_mb} MB (--max-memory)",
                        )
                    )
        if used > MEMORY.act_share * allowance and not out:
            w = max(busy, key=lambda w: sizes[w])
            if len(busy) > 1 and w.task is not self._solo_running:
                task = w.task
                assert task is not None  # a busy worker holds its task
                self._replace(workers, w, kill=True)
                self._solo.append(task)  # may fit when it is the only file being read
            else:
                out.append(
                    self._too_large(
                        workers,
                        w,
                        f"needed more than the run's memory budget of {self.tree_budget_mb} MB even when read alone",
                    )
                )
        return out

    def _too_large(self, workers: list[_Worker], w: _Worker, why: str) -> Outcome:
        task = w.task
        assert task is not None  # only busy workers are too large
        seconds = time.monotonic() - w.t0
        self._finished(task)
        self._replace(workers, w, kill=True)
        return Outcome(
            task,
            error_reply(
                task,
                "too_large",
                f"{_name(task)}: extraction {why}; the worker was stopped (a decompression or image bomb?)",
                seconds,
            ),
        )

    def _on_readable(self, workers: list[_Worker], w: _Worker) -> Iterator[Outcome]:
        try:
            msg = recv(w.stdout)
        except (EOFError, OSError, ValueError):
            msg = None
        if msg is None:  # the worker died
            task = w.task
            tail = w.stderr_tail()
            rc = w.proc.wait()
            if task is None:
                self._start_failed(workers, w, f"exited with {rc}: {tail}")
                return
            self._finished(task)
            self._replace(workers, w, kill=True)
            yield Outcome(task, error_reply(task, *_death_cause(task, rc, tail), time.monotonic() - w.t0))
        elif msg == "ready":
            w.ready = True
            self._start_failures = 0
        else:
            task, w.task = w.task, None
            assert task is not None  # a reply answers the task the worker was given
            self._finished(task)
            yield Outcome(task, cast(WorkerReply, msg))

    def _replace(self, workers: list[_Worker], w: _Worker, kill: bool) -> None:
        if kill:
            w.kill()
        workers[workers.index(w)] = self._spawn()

    def _start_failed(self, workers: list[_Worker], w: _Worker, why: str) -> None:
        self._start_failures += 1
        w.kill()
        if self._start_failures >= MAX_START_FAILURES:
            raise WorkerStartError(f"extraction worker cannot start ({why})")
        workers[workers.index(w)] = self._spawn()


def _death_cause(task: Task, rc: int, tail: str) -> tuple[str, str]:
    detail = f" ({tail})" if tail else ""
    name = _name(task)
    if rc == -signal.SIGKILL:
        # not the pool's own doing (its kills are labelled where they happen): the kernel's OOM
        # killer or an operator. Says nothing about the file, so the next run tries it again.
        return "worker_killed", (
            f"{name}: the worker was killed (SIGKILL) from outside while extracting it — by "
            f"the kernel's out-of-memory killer or another process; it is tried again on the "
            f"next run{detail}"
        )
    if rc < 0:
        sig = signal.Signals(-rc).name if -rc in signal.valid_signals() else str(-rc)
        if "memory" in tail.lower() or "alloc" in tail.lower():
            return "too_large", f"{name}: the parser ran out of memory and died with {sig}{detail}"
        return "parser_crash", f"{name}: the PDF parser crashed ({sig}){detail}"
    return "parser_crash", f"{name}: the worker exited with status {rc} while extracting it{detail}"
