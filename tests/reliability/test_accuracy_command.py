"""The README's accuracy command works on a fresh clone: it scores the committed samples."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

from tests.samples import REPO


def _readme_command() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    m = re.search(r"`(uv run python scripts/score\.py [^`]+)`", readme)
    assert m, "README.md no longer shows the accuracy command"
    return shlex.split(m.group(1))


def test_readme_accuracy_command_scores_the_committed_samples():
    cmd = _readme_command()
    assert "../" not in " ".join(cmd), "the command must not reach outside the checkout"
    # the same command with this interpreter in place of `uv run` (the test already runs in the venv)
    assert cmd[:3] == ["uv", "run", "python"]
    args = cmd[3:]
    cli = args.index("--cli")
    args[cli + 1] = f"{sys.executable} -m hyokasho.cli"
    p = subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, text=True, timeout=1200)
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-3000:]
    overall = re.search(r"overall (\d+)/(\d+) = ([\d.]+)", p.stdout)
    assert overall, p.stdout[-2000:]
    ok, n = int(overall.group(1)), int(overall.group(2))
    assert n > 1000 and ok == n, p.stdout[-3000:]  # every measure of the six real samples
