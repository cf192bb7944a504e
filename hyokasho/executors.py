"""Run extraction tasks in isolated worker processes, yielding results as they complete.

`IsolatedPool` keeps N `hyokasho.worker` subprocesses busy. Each file has a deadline; a
worker past it is killed (with its process group, so a Tesseract child dies too) and
replaced, and the file becomes one `timeout` error. A worker that dies on its own (segfault
in the parser, the kernel's OOM killer, RLIMIT_AS) becomes `parser_crash` / `too_large`.
The pool itself never raises for a bad file, so the batch goes on.

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
from typing import Iterable, Iterator

from hyokasho.worker import DEFAULT_TARGET, SETTINGS_ENV, WorkerReply, error_tables, recv, send

STARTUP_SECONDS = 120.0  # importing PyMuPDF on a loaded machine can take a while
MAX_START_FAILURES = 3   # a worker that cannot even start is a broken install, not a bad file
_REPO_ROOT = str(Path(__file__).resolve().parent.parent)


@dataclass(frozen=True)
class Task:
    path: str    # what to open
    source: str  # source_file as given by the user
    sha256: str | None = None


@dataclass
class Outcome:
    task: Task
    reply: WorkerReply
    written: bool = False  # rows already written as Parquet parts by the executor (Dask)


class WorkerStartError(RuntimeError):
    pass


def error_reply(task: Task, code: str, message: str, seconds: float = 0.0) -> WorkerReply:
    return WorkerReply(task.source, None, error_tables(task.source, task.sha256, code, message), 0, seconds)


class _Worker:
    def __init__(self, target: str, max_memory_mb: int, settings_json: str | None = None):
        env = dict(os.environ)
        env["HYOKASHO_WORKER_TARGET"] = target
        env["HYOKASHO_WORKER_MAX_MB"] = str(max_memory_mb or 0)
        env.pop(SETTINGS_ENV, None)  # the worker's settings are the pool's, never inherited
        if settings_json:
            env[SETTINGS_ENV] = settings_json
        env["OMP_THREAD_LIMIT"] = "1"  # Tesseract's threads would fight the other workers for cores
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_REPO_ROOT, env.get("PYTHONPATH")) if p)
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([sys.executable, "-m", "hyokasho.worker"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.stderr, env=env,
                                     start_new_session=True)  # own process group: killpg reaches grandchildren
        self.ready = False
        self.started = time.monotonic()
        self.task: Task | None = None
        self.deadline = 0.0
        self.t0 = 0.0

    def fileno(self) -> int:
        return self.proc.stdout.fileno()

    def submit(self, task: Task, timeout: float) -> None:
        self.task, self.t0 = task, time.monotonic()
        self.deadline = self.t0 + timeout
        send(self.proc.stdin, (task.path, task.source))

    def kill(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.close()

    def close(self) -> None:
        for f in (self.proc.stdin, self.proc.stdout):
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
    """A pool of worker subprocesses with per-file timeout and memory ceiling."""

    def __init__(self, jobs: int | None = None, timeout: float = 300.0, max_memory_mb: int = 0,
                 target: str = DEFAULT_TARGET, settings_json: str | None = None):
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.settings_json = settings_json  # extract.settings changes as JSON; None = the defaults
        self.timeout = timeout
        self.max_memory_mb = max_memory_mb
        self.target = target
        self._start_failures = 0
        self._workers: list[_Worker] = []

    def _spawn(self) -> _Worker:
        return _Worker(self.target, self.max_memory_mb, self.settings_json)

    def run(self, tasks: Iterable[Task], keep_alive: bool = False) -> Iterator[Outcome]:
        """Yield one Outcome per task, in completion order. `keep_alive` keeps the workers for
        the next call (Dask chunks reuse them instead of importing PyMuPDF again)."""
        pending = deque(tasks)
        workers = self._workers
        while len(workers) < min(self.jobs, len(pending)):
            workers.append(self._spawn())
        try:
            while pending or any(w.task for w in workers):
                for w in workers:
                    if w.task is None and w.proc.poll() is not None:
                        self._replace(workers, w, kill=True)  # died while idle (e.g. its parent thread ended)
                for w in workers:
                    if w.ready and w.task is None and pending:
                        w.submit(pending.popleft(), self.timeout)
                now = time.monotonic()
                waits = [w.deadline - now for w in workers if w.task] + \
                        [w.started + STARTUP_SECONDS - now for w in workers if not w.ready]
                wait = max(0.0, min(waits)) if waits else 1.0
                readable, _, _ = select.select(workers, [], [], min(wait, 5.0))
                done: list[Outcome] = []
                for w in readable:
                    done.extend(self._on_readable(workers, w))
                # refill before handing results to the caller: the workers extract the next
                # files while the parent writes these results to the dataset
                for w in workers:
                    if w.ready and w.task is None and pending:
                        w.submit(pending.popleft(), self.timeout)
                yield from done
                now = time.monotonic()
                for w in list(workers):
                    if w.task and now > w.deadline:
                        task = w.task
                        self._replace(workers, w, kill=True)
                        yield Outcome(task, error_reply(task, "timeout",
                                      f"{task.source}: extraction took longer than {self.timeout:g} s; "
                                      "the worker was stopped (a pathological page or decompression bomb?)",
                                      self.timeout))
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

    def _on_readable(self, workers: list[_Worker], w: _Worker) -> Iterator[Outcome]:
        try:
            msg = recv(w.proc.stdout)
        except (EOFError, OSError, ValueError):
            msg = None
        if msg is None:  # the worker died
            task = w.task
            tail = w.stderr_tail()
            rc = w.proc.wait()
            if task is None:
                self._start_failed(workers, w, f"exited with {rc}: {tail}")
                return
            self._replace(workers, w, kill=True)
            yield Outcome(task, error_reply(task, *_death_cause(task, rc, tail, self.max_memory_mb),
                                            time.monotonic() - w.t0))
        elif msg == "ready":
            w.ready = True
            self._start_failures = 0
        else:
            task, w.task = w.task, None
            yield Outcome(task, msg)

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


def _death_cause(task: Task, rc: int, tail: str, max_mb: int) -> tuple[str, str]:
    detail = f" ({tail})" if tail else ""
    if rc == -signal.SIGKILL:
        return "too_large", (f"{task.source}: the worker was killed by SIGKILL while extracting it, most likely "
                             f"by the kernel's out-of-memory killer{detail}")
    if rc < 0:
        name = signal.Signals(-rc).name if -rc in signal.valid_signals() else str(-rc)
        if "memory" in tail.lower() or "alloc" in tail.lower():
            return "too_large", f"{task.source}: the parser ran out of memory (ceiling {max_mb} MB) and died with {name}{detail}"
        return "parser_crash", f"{task.source}: the PDF parser crashed ({name}){detail}"
    return "parser_crash", f"{task.source}: the worker exited with status {rc} while extracting it{detail}"
