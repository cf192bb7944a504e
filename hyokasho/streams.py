"""Output streams that a reader may close early without stopping a run that writes data.

`hyokasho ingest --json-log | head -1` closes the pipe after one line. Left alone, the next
write raises BrokenPipeError in the middle of the run and the re-extraction is thrown away.
An ingest is worth more than its log: wrapped in `Tolerant`, the closed stream goes quiet
(its descriptor is pointed at /dev/null so nothing raises at exit either), the run goes on
and commits, and the command says once, on the other stream if it is still open, that the
log was cut.
"""

from __future__ import annotations

import errno
import os
from typing import TextIO


class Tolerant:
    """A text stream whose writes never raise when its reader has gone away."""

    def __init__(self, stream: TextIO):
        self._stream = stream
        self.closed_by_reader = False
        self.lines_written = 0

    def write(self, text: str) -> int:
        if self.closed_by_reader:
            return len(text)
        try:
            n = self._stream.write(text)
            self.lines_written += text.count("\n")
            return n
        except OSError as e:
            self._reader_gone(e)
            return len(text)

    def flush(self) -> None:
        if self.closed_by_reader:
            return
        try:
            self._stream.flush()
        except OSError as e:
            self._reader_gone(e)

    def _reader_gone(self, e: OSError) -> None:
        if e.errno not in (errno.EPIPE, errno.ECONNRESET, errno.EBADF):
            raise e
        self.closed_by_reader = True
        try:  # buffered bytes and the interpreter's final flush now go nowhere, without an error
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)
        except (OSError, ValueError):
            pass

    def isatty(self) -> bool:
        return not self.closed_by_reader and self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def __getattr__(self, name: str):
        return getattr(self._stream, name)
