"""The installed package works as the checkout does (issue 11.6).

Builds the wheel (`uv build --wheel`), installs it with the locked dependencies into a fresh
virtual environment and runs `ingest`, `query` (SQL text and a bundled .sql file by name),
`search`, `export` and `inspect` on a real sample — from a folder outside the checkout, with
no PYTHONPATH, so nothing can come from the source tree.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.samples import REPO, sample

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]


def _uv() -> list[str]:
    uv = shutil.which("uv")
    return [uv] if uv else [sys.executable, "-m", "uv"]


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 900) -> subprocess.CompletedProcess:
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert p.returncode == 0, f"{cmd}\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}"
    return p


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    work = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT")}
    _run([*_uv(), "build", "--wheel", "--out-dir", str(work / "dist")], REPO, env)
    [wheel] = (work / "dist").glob("hyokasho-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    sql = {n for n in names if n.startswith("hyokasho/_queries/") and n.endswith(".sql")}
    assert {f"hyokasho/_queries/{p.name}" for p in (REPO / "queries").glob("*.sql")} == sql
    reqs = _run([*_uv(), "export", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes"], REPO, env).stdout
    (work / "requirements.txt").write_text(reqs)
    venv = work / "venv"
    _run([*_uv(), "venv", "--python", sys.executable, str(venv)], work, env)
    py = venv / "bin" / "python"
    _run([*_uv(), "pip", "install", "--python", str(py), "-r", str(work / "requirements.txt"), str(wheel)], work, env)
    return venv, {**env, "XDG_CACHE_HOME": str(work / "cache")}


def test_every_command_works_from_the_installed_wheel(installed, tmp_path):
    venv, env = installed
    exe = str(venv / "bin" / "hyokasho")
    cwd = tmp_path / "elsewhere"  # not the checkout: queries/ must come from the package
    cwd.mkdir()
    pdfs = cwd / "pdfs"
    pdfs.mkdir()
    for name in ("kitakyushu_kokuho_kiso__calc", "seed01_kitakyushu_15_juki"):
        shutil.copy(sample(name), pdfs)
    origin = _run(
        [str(venv / "bin" / "python"), "-c", "import hyokasho, extract; print(hyokasho.__file__)"], cwd, env
    ).stdout.strip()
    assert str(venv) in origin and str(REPO) not in origin, origin

    p = _run([exe, "ingest", "pdfs", "--out", "ds", "--no-progress"], cwd, env)
    assert "2 extracted" in p.stderr and "0 failed" in p.stderr, p.stderr

    q = _run(
        [exe, "query", "SELECT doc_type, status FROM documents ORDER BY 1", "--data", "ds", "--format", "json"],
        cwd,
        env,
    )
    assert json.loads(q.stdout) == [{"doc_type": "kiso", "status": "ok"}, {"doc_type": "minutes", "status": "ok"}]
    m = _run([exe, "query", "municipalities.sql", "--data", "ds", "--format", "csv"], cwd, env)
    assert "北九州市" in m.stdout, m.stdout  # a bundled query, found by name inside the package

    s = _run([exe, "search", "再委託", "--data", "ds", "--limit", "2"], cwd, env)
    assert "seed01_kitakyushu_15_juki.pdf" in s.stdout, s.stdout

    _run([exe, "export", "--data", "ds", "--out", "exp", "--format", "csv"], cwd, env)
    manifest = json.loads((cwd / "exp" / "manifest.json").read_text())
    assert manifest["exported_by"].startswith("hyokasho ") and manifest["tables"]["documents"]["rows"] == 2

    i = _run([exe, "inspect", "pdfs/kitakyushu_kokuho_kiso__calc.pdf", "--table", "choices"], cwd, env)
    assert "doc_type    kiso" in i.stdout and "== choices" in i.stdout
