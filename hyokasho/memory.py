"""How much memory a run may use, derived from the machine, and how much it uses.

The guarantee: by default the whole process tree of a run — the ingest (or inspect) process,
its extraction workers and their children (Tesseract) — stays under `tree_budget_mb()`:
at most half the machine's memory and about 0.5 GB per core, so under 1 GB on a 2-core
machine, whatever the input. The pool (hyokasho.executors) measures the workers' resident
memory every few milliseconds; the workers share what the budget leaves beside the calling
process (at least `workers_floor_mb`, so a caller that is itself large — a notebook, a test
runner — slows files down rather than failing them); when they would pass it, the largest is stopped
and its file tried again alone (a scanned file OCR'd next to another may fit alone); a file
that does not fit alone is `too_large`. `--max-memory MB` adds a ceiling per worker.

Why resident memory and not only RLIMIT_AS: a worker maps 500–750 MB of address space that
is never resident (libraries, malloc arenas), so an address-space limit low enough to hold
the tree under 1 GB would refuse ordinary files. RLIMIT_AS stays as the backstop for an
allocation too fast for the watchdog (`address_space_mb`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class MemorySettings:
    ram_share: float = 0.5  # never plan for more than this share of physical memory
    mb_per_core: int = 480  # … nor more than this per core: 960 MB on 2 cores
    floor_mb: int = 640  # a parent and one worker need this much to read anything
    poll_seconds: float = 0.1  # how often the tree is measured while files are read
    poll_seconds_near: float = 0.01  # … once it is over `near_share` of the budget
    near_share: float = 0.6
    act_share: float = 0.93  # stop a worker here: headroom for what grows between two measurements
    workers_floor_mb: int = 700  # per worker: the workers' share never drops below this, however large the caller
    # (an OCR'd 300-dpi page peaks near 600 MB) …
    caller_reserve_mb: int = 250  # … but the floor leaves this much of the budget to a small caller, so the
    # default run (a CLI parent of ~150 MB) keeps exactly the budget
    address_space_extra_mb: int = 1024  # RLIMIT_AS = ceiling + this (mapped, never resident)


SETTINGS = MemorySettings()


def physical_mb() -> int:
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") >> 20
    except (ValueError, OSError):
        return 4096


def tree_budget_mb(settings: MemorySettings = SETTINGS) -> int:
    """The default ceiling of a run's whole process tree, in MB (resident memory)."""
    cores = os.cpu_count() or 1
    return max(settings.floor_mb, min(int(physical_mb() * settings.ram_share), settings.mb_per_core * cores))


def address_space_mb(ceiling_mb: int, settings: MemorySettings = SETTINGS) -> int:
    """RLIMIT_AS for a worker whose resident memory is held to `ceiling_mb`."""
    return ceiling_mb + settings.address_space_extra_mb


_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss_mb(pid: int) -> float:
    """Resident memory of one process, MB (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE / (1 << 20)
    except (OSError, IndexError, ValueError):
        return 0.0


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, MB."""
    total = 0.0
    todo = [pid]
    seen: set[int] = set()
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        total += rss_mb(p)
        todo.extend(_children(p))
    return total


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", "rb") as f:
                out.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return out
