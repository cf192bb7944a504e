"""Progress of a batch: a tqdm bar on a terminal (files, pages/s, ETA), plain log lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import Callable


class Progress:
    def __init__(
        self,
        log: Callable[[str], None] = lambda m: print(m, file=sys.stderr),
        bar: bool | None = None,
        lines: bool = True,
    ):
        # a bar only where a human watches; schedulers' logs get one line per file instead
        self.use_bar = sys.stderr.isatty() if bar is None else bar
        self.log = log
        self.lines = lines
        self.total = 0
        self.done = 0
        self.pages = 0
        self.t0 = time.monotonic()
        self._bar = None

    def start(self, total: int) -> None:
        self.total, self.t0 = total, time.monotonic()
        if self.use_bar and total:
            import shutil

            from tqdm import tqdm

            # a pseudo-terminal can report 0 columns, which tqdm renders as an empty bar
            width = shutil.get_terminal_size((100, 20)).columns or 100
            self._bar = tqdm(total=total, unit="file", file=sys.stderr, ncols=width, smoothing=0.1)

    def update(self, pages: int, line: str) -> None:
        self.done += 1
        self.pages += pages
        if self._bar is not None:
            rate = self.pages / max(1e-9, time.monotonic() - self.t0)
            self._bar.set_postfix_str(f"{self.pages} pages, {rate:.1f} pages/s", refresh=False)
            self._bar.update(1)
            if "FAILED" in line:
                self._bar.write(line, file=sys.stderr)
        elif self.lines:
            self.log(f"[{self.done}/{self.total}] {line}")

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
