"""Every file-system condition ends in one line on stderr, never a traceback, and leaves the
previous dataset (or export) complete: read-only, no space left, permission denied, `--out`
a mount point or `.` (issue 11.5). The conditions are real (tmpfs, read-only mounts, mode
bits obeyed by a root without CAP_DAC_OVERRIDE), see tests/reliability/conftest.py.
"""

from __future__ import annotations

import json
import os
import shlex

from hyokasho.dataset import Dataset
from tests.foundation.pdfs import unknown_pdf
from tests.reliability.conftest import OBEY_PERMISSIONS, cli_line, hyokasho, in_mount_namespace, one_line_error


def _q(p) -> str:
    return shlex.quote(str(p))


def test_out_dot_is_refused_and_leaves_nothing_behind(tmp_path):
    pdf = unknown_pdf(tmp_path / "X.pdf")
    for folder in ("empty", "full"):
        cwd = tmp_path / folder
        cwd.mkdir()
        if folder == "full":
            (cwd / "notes.txt").write_text("mine")
        before = sorted(os.listdir(tmp_path)), sorted(os.listdir(cwd))
        p = hyokasho("ingest", pdf, "--out", ".", cwd=cwd)
        assert p.returncode != 0
        assert "current folder" in one_line_error(p.stderr, "hyokasho ingest:")
        assert (sorted(os.listdir(tmp_path)), sorted(os.listdir(cwd))) == before  # no ..lock, no ..versions
        p = hyokasho("export", "--data", tmp_path / "nowhere", "--out", ".", cwd=cwd)
        assert p.returncode != 0 and "Traceback" not in p.stderr


def test_out_a_mount_point_is_refused(tmp_path):
    pdf = unknown_pdf(tmp_path / "X.pdf")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    ds = tmp_path / "ds"
    assert hyokasho("ingest", pdf, "--out", ds).returncode == 0
    r = in_mount_namespace(f"""
        mount -t tmpfs -o size=8m tmpfs {_q(mnt)}
        set +e
        {cli_line("ingest", pdf, "--out", mnt)}; echo "ingest-rc=$?" >&2
        {cli_line("export", "--data", ds, "--out", mnt)}; echo "export-rc=$?" >&2
        ls -A {_q(mnt)} >&2; echo "listed" >&2
    """)
    err = r.stderr
    assert "Traceback" not in err, err
    assert "ingest-rc=0" not in err and "export-rc=0" not in err, err
    assert len([ln for ln in err.splitlines() if ln.startswith("hyokasho ingest:") and "mount point" in ln]) == 1, err
    assert len([ln for ln in err.splitlines() if ln.startswith("hyokasho export:") and "mount point" in ln]) == 1, err
    assert err.split("listed")[0].strip().splitlines()[-1].startswith("export-rc="), err  # the mount stayed empty


def test_read_only_out_gives_one_line_and_the_dataset_stays_readable_and_searchable(tmp_path):
    from tests.samples import sample

    mnt = tmp_path / "mnt"
    mnt.mkdir()
    ds = mnt / "ds"
    minutes = sample("seed01_kitakyushu_15_juki")
    new = unknown_pdf(tmp_path / "new.pdf", "new")
    r = in_mount_namespace(f"""
        mount -t tmpfs -o size=64m tmpfs {_q(mnt)}
        {cli_line("ingest", minutes, "--out", ds)} 2>/dev/null
        mount -o remount,ro {_q(mnt)}
        set +e
        {cli_line("ingest", new, "--out", ds)}; echo "ingest-rc=$?" >&2
        {cli_line("ingest", new, "--out", mnt / "other")}; echo "ingest2-rc=$?" >&2
        {cli_line("query", "SELECT count(*) AS n FROM documents", "--data", ds, "--format", "json")}
        echo "query-rc=$?" >&2
        XDG_CACHE_HOME={_q(tmp_path / "cache")} {cli_line("search", "再委託", "--data", ds, "--limit", "1")}
        echo "search-rc=$?" >&2
        XDG_CACHE_HOME=/proc/no-cache-here {cli_line("search", "再委託", "--data", ds, "--limit", "1")}
        echo "search-nocache-rc=$?" >&2
        {cli_line("export", "--data", ds, "--out", tmp_path / "exp")}; echo "export-rc=$?" >&2
    """)
    err, out = r.stderr, r.stdout
    assert "Traceback" not in err, err
    assert "ingest-rc=1" in err and "ingest2-rc=1" in err, err
    ro = [ln for ln in err.splitlines() if ln.startswith("hyokasho ingest:")]
    assert len(ro) == 2 and all("read-only" in ln for ln in ro), err
    assert "query-rc=0" in err and json.loads(out.split("\n]")[0] + "\n]")[0]["n"] == 1, (out, err)
    assert "search-rc=0" in err and "search-nocache-rc=0" in err, err
    assert out.count("seed01_kitakyushu_15_juki.pdf") == 2, out
    assert "export-rc=0" in err and (tmp_path / "exp" / "manifest.json").exists()
    assert not list((tmp_path / "cache").rglob("*.tmp"))


def test_no_space_left_keeps_the_previous_dataset(tmp_path):
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    ds = mnt / "ds"
    first = unknown_pdf(tmp_path / "first.pdf", "first")
    more = tmp_path / "more"
    more.mkdir()
    for i in range(40):
        unknown_pdf(more / f"m{i:02d}.pdf", f"more {i}")
    r = in_mount_namespace(f"""
        mount -t tmpfs -o size=2m tmpfs {_q(mnt)}
        {cli_line("ingest", first, "--out", ds)} 2>/dev/null
        readlink {_q(ds)} > {_q(tmp_path / "before.txt")}
        # fill the file system, leaving a few KB: the next version cannot be written
        dd if=/dev/zero of={_q(mnt / "filler")} bs=4k 2>/dev/null || true
        rm {_q(mnt / "filler")}; dd if=/dev/zero of={_q(mnt / "filler")} bs=4k count=$(( $(stat -f -c %a {_q(mnt)}) - 6 )) 2>/dev/null
        set +e
        {cli_line("ingest", more, "--out", ds, "--force")}; echo "ingest-rc=$?" >&2
        readlink {_q(ds)} > {_q(tmp_path / "after.txt")}
        ls -A {_q(mnt / ".ds.versions")} > {_q(tmp_path / "versions.txt")}
        {cli_line("query", "SELECT count(*) AS n FROM documents", "--data", ds, "--format", "csv")}
        rm {_q(mnt / "filler")}
        {cli_line("export", "--data", ds, "--out", mnt / "exp")} 2>/dev/null; echo "export-ok-rc=$?" >&2
        dd if=/dev/zero of={_q(mnt / "filler")} bs=4k 2>/dev/null || true
        {cli_line("export", "--data", ds, "--out", mnt / "exp2", "--format", "csv")}; echo "export-rc=$?" >&2
        ls -A {_q(mnt)} > {_q(tmp_path / "mnt.txt")}
    """)
    err = r.stderr
    assert "ingest-rc=1" in err, err
    line = one_line_error(err, "hyokasho ingest:")
    assert "no space left" in line.lower() and "unchanged" in line, line
    assert (tmp_path / "before.txt").read_text() == (tmp_path / "after.txt").read_text()
    assert not [v for v in (tmp_path / "versions.txt").read_text().split() if v.startswith(".tmp-")]
    assert r.stdout.split() == ["n", "1"], r.stdout  # the previous version, complete
    assert "export-ok-rc=0" in err and "export-rc=1" in err, err
    assert "no space left" in one_line_error(err, "hyokasho export:").lower()
    left = (tmp_path / "mnt.txt").read_text().split()
    assert "exp2" not in left and not [n for n in left if n.startswith(".exp2")], left


def test_permission_denied_gives_one_line(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    inputs = tmp_path / "in"
    inputs.mkdir()
    unknown_pdf(inputs / "ok.pdf", "readable")
    secret = unknown_pdf(inputs / "secret.pdf", "unreadable")
    os.chmod(locked, 0o555)
    os.chmod(secret, 0o000)
    try:
        p = hyokasho("ingest", inputs, "--out", locked / "ds", prefix=OBEY_PERMISSIONS)
        assert p.returncode == 1
        line = one_line_error(p.stderr, "hyokasho ingest:")
        assert "permission denied" in line.lower() and str(locked) in line, line
        # an unreadable input is one failed file of a batch that goes on
        ds = tmp_path / "ds"
        p = hyokasho("ingest", inputs, "--out", ds, prefix=OBEY_PERMISSIONS)
        assert p.returncode == 1 and "Traceback" not in p.stderr, p.stderr
        errors = Dataset(ds).read("ingest_errors").to_pylist()
        assert [(e["error_code"], "permission denied" in e["message"]) for e in errors] == [("unreadable", True)]
        assert len(Dataset(ds).read("documents")) == 1
    finally:
        os.chmod(locked, 0o755)
        os.chmod(secret, 0o644)
