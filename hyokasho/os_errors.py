"""One line for an operating-system error: which path, and what went wrong, in plain words.

Commands print this instead of a traceback for every file-system condition a user can meet
(no space left, read-only, permission denied, a busy mount point …).
"""

from __future__ import annotations

import errno

_PLAIN = {
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOENT: "no such file or folder",
    errno.EBUSY: "device or resource busy (a mount point?)",
    errno.EXDEV: "on another file system",
    errno.ENAMETOOLONG: "file name too long",
    errno.EMFILE: "too many open files",
}


def cause(e: OSError) -> str:
    """What went wrong, in plain words, without the path."""
    return " ".join(
        ((_PLAIN.get(e.errno) if e.errno is not None else None) or e.strerror or str(e) or type(e).__name__).split()
    )


def describe(e: OSError) -> str:
    """`<path>: <cause>` (or just the cause when the error names no path), on one line."""
    paths = [str(p) for p in (e.filename, e.filename2) if p is not None]
    text = f"{' → '.join(paths)}: {cause(e)}" if paths else cause(e)
    return " ".join(text.split())  # one line, whatever the path holds
