"""Worker targets that misbehave on purpose, to test the pool's isolation.

MuPDF cannot be made to segfault, hang or balloon on demand, so these wrap the real target
and misbehave for files whose names say so; every other file is extracted for real.
"""

from __future__ import annotations

import ctypes
import os
import signal
import time

from hyokasho.worker import extract


def faulty(path: str, source: str, label: str | None = None):
    name = os.path.basename(source)
    if name.startswith("crash"):
        ctypes.string_at(0)  # SIGSEGV, as a crashing C parser would
    if name.startswith("hang"):
        time.sleep(3600)
    if name.startswith("killme") and os.path.exists(os.environ.get("HYOKASHO_TEST_KILL_FLAG", "/nonexistent")):
        os.kill(os.getpid(), signal.SIGKILL)  # as the OOM killer or an operator would
    if name.startswith("hog"):
        blocks = [bytearray(256 << 20) for _ in range(64)]  # 16 GB: over any RLIMIT_AS we set
        return blocks
    return extract(path, source, label)
