"""Helpers for the reliability tests: the real CLI in a subprocess, and file systems that
really fail (a small tmpfs that fills, a read-only mount, a mount point, permissions).

The file-system conditions are made for real, never mocked: a tmpfs is mounted in a private
mount namespace (`unshare -m` as root, `unshare -rm` — a user namespace — otherwise), so it
disappears with the test's process and nothing leaks onto the machine. Permission denied as
root: the CLI runs without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH (`setpriv --bounding-set`), so
root obeys the mode bits like any user.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from tests.samples import REPO

ROOT_USER = os.geteuid() == 0
# as root, the capabilities that let root ignore mode bits are dropped for the CLI
OBEY_PERMISSIONS = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"] if ROOT_USER else []


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}


def cli_argv(*args: object) -> list[str]:
    return [sys.executable, "-m", "hyokasho.cli", *map(str, args)]


def hyokasho(
    *args: object,
    cwd: Path | str = REPO,
    timeout: float = 600,
    prefix: list[str] | None = None,
    input: str | None = None,
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*(prefix or []), *cli_argv(*args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env(),
        input=input,
    )


def cli_line(*args: object) -> str:
    """The CLI command as one shell word list, for scripts run inside a mount namespace."""
    return " ".join(shlex.quote(a) for a in cli_argv(*args))


def in_mount_namespace(script: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run a bash script in a private mount namespace, where it may `mount -t tmpfs …`."""
    unshare = ["unshare", "-m", "--propagation", "private"] if ROOT_USER else ["unshare", "-rm"]
    return subprocess.run(
        [*unshare, "bash", "-euo", "pipefail", "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env(),
    )


def one_line_error(stderr: str, prefix: str) -> str:
    """The stderr of a command that failed on its environment: one `prefix` line, no traceback."""
    assert "Traceback" not in stderr, stderr
    lines = [ln for ln in stderr.splitlines() if ln.startswith(prefix)]
    assert len(lines) == 1, stderr
    return lines[0]
