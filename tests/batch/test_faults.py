"""Fault isolation: every broken input ends as one ingest_errors row naming the file and the
cause; the batch goes on; the exit code is 1 and the failures are listed at the end.

Unreadable permissions: the tests run as root, and root ignores chmod 000 (and the venv's
interpreter lives under /root, so the CLI cannot be run as `nobody` either). The honest
equivalents of "exists but cannot be read" used here are the ones that fail even for root:
a directory named x.pdf (read → EISDIR), a dangling symlink (open → ENOENT) and a FIFO
(open would block forever: the planner refuses non-regular files by stat, without opening).
"""

from __future__ import annotations

import os

import pymupdf
import pytest

from hyokasho.ingest import ingest
from tests.batch.conftest import outcome_by_source, run_cli, simple_pdf, table

ZERO_PAGES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _encrypted(path, user_pw: str, text: str):
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), text)
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=user_pw, owner_pw="owner-secret")


@pytest.fixture
def broken_folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    simple_pdf(d / "good.pdf", "a good file")
    (d / "not_a_pdf.pdf").write_bytes(b"<html>this is a web page</html>")
    whole = simple_pdf(tmp_path / "whole.pdf", "truncated later", pages=3).read_bytes()
    (d / "truncated.pdf").write_bytes(whole[:120])  # header and a fragment: nothing to repair
    (d / "truncated_half.pdf").write_bytes(whole[: len(whole) // 2])  # pages 2-3 lose their content
    (d / "truncated_tail.pdf").write_bytes(whole[: whole.rindex(b"\nxref") + 1])  # only the xref table is lost
    _encrypted(d / "encrypted_user.pdf", "user-secret", "locked")
    _encrypted(d / "encrypted_owner_only.pdf", "", "owner password only: readable")
    (d / "zero_pages.pdf").write_bytes(ZERO_PAGES)
    (d / "zero_bytes.pdf").write_bytes(b"")
    (d / "directory.pdf").mkdir()
    os.symlink(d / "gone.pdf", d / "dangling.pdf")
    os.mkfifo(d / "fifo.pdf")
    return d


def test_each_broken_file_is_one_error_row_and_the_batch_goes_on(broken_folder, tmp_path):
    out = tmp_path / "ds"
    r = run_cli(broken_folder, "--out", out, "--jobs", "2", "--timeout", "60")
    assert r.returncode == 1, r.stderr
    got = outcome_by_source(out)
    d = str(broken_folder)
    expect = {
        "not_a_pdf.pdf": "err:not_pdf",
        "truncated.pdf": "err:truncated",
        "truncated_half.pdf": "err:truncated",
        "encrypted_user.pdf": "err:encrypted",
        "zero_pages.pdf": "err:empty",
        "zero_bytes.pdf": "err:empty",
        "directory.pdf": "err:unreadable",
        "dangling.pdf": "err:unreadable",
        "fifo.pdf": "err:unreadable",
    }
    for name, code in expect.items():
        assert got[f"{d}/{name}"] == {code}, (name, got.get(f"{d}/{name}"))
    assert got[f"{d}/good.pdf"] == {"doc:partial"}  # unknown document type, but read
    # a file cut after its last page: MuPDF rebuilds the xref table and every page is whole, a document
    assert got[f"{d}/truncated_tail.pdf"] == {"doc:partial"}
    # encrypted with an owner password only: readable without a password, so it is a document
    assert got[f"{d}/encrypted_owner_only.pdf"] == {"doc:partial"}
    errors = {e["source_file"]: e for e in table(out, "ingest_errors")}
    assert len(errors) == len(expect)
    for src, e in errors.items():
        # the message names the file, relative to the input folder (the same rows on every machine)
        assert e["message"].startswith(src.rsplit("/", 1)[1] + ": "), e
    assert "password" in errors[f"{d}/encrypted_user.pdf"]["message"]
    assert "directory" in errors[f"{d}/directory.pdf"]["message"]
    assert "dangling" in errors[f"{d}/dangling.pdf"]["message"]
    assert "FIFO" in errors[f"{d}/fifo.pdf"]["message"]
    assert "pages 2–3 of 3" in errors[f"{d}/truncated_half.pdf"]["message"]
    [tail] = [r for r in table(out, "documents") if r["source_file"].endswith("truncated_tail.pdf")]
    assert any("every page was found whole" in w for w in tail["warnings"])
    # the failures are listed at the end
    tail = r.stderr.split(" extracted (")[-1]
    for name in expect:
        assert f"{d}/{name}" in tail


@pytest.mark.slow
def test_crash_hang_and_memory_hog_are_isolated(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for name in ("a.pdf", "crash.pdf", "b.pdf", "hang.pdf", "hog.pdf", "c.pdf"):
        simple_pdf(d / name, f"file {name}")
    out = tmp_path / "ds"
    report = ingest(
        [str(d)], out, jobs=2, timeout=12, max_memory=1800, target="tests.batch.targets:faulty", log=lambda m: None
    )
    got = outcome_by_source(out)
    assert got[f"{d}/crash.pdf"] == {"err:parser_crash"}
    assert got[f"{d}/hang.pdf"] == {"err:timeout"}
    assert got[f"{d}/hog.pdf"] == {"err:too_large"}
    for name in ("a.pdf", "b.pdf", "c.pdf"):  # the pool recovered after each
        assert got[f"{d}/{name}"] == {"doc:partial"}
    assert report.exit_code == 1 and len(report.failed) == 3
    msgs = {e["error_code"]: e["message"] for e in table(out, "ingest_errors")}
    assert "SIGSEGV" in msgs["parser_crash"] and "longer than 12 s" in msgs["timeout"]


@pytest.mark.slow
def test_second_run_refuses_while_one_holds_the_lock_or_waits(tmp_path):
    import subprocess
    import sys
    import time

    d = tmp_path / "in"
    d.mkdir()
    simple_pdf(d / "a.pdf", "locked out")
    out = tmp_path / "ds"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom hyokasho.dataset import Dataset\n"
            "with Dataset(sys.argv[1]).writer():\n print('held', flush=True); time.sleep(8)",
            str(out),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        r = run_cli(d, "--out", out)
        assert r.returncode == 1
        assert "another hyokasho run" in r.stderr and f"pid {holder.pid}" in r.stderr
        t0 = time.monotonic()
        r = run_cli(d, "--out", out, "--wait", "120")
        assert r.returncode == 0, r.stderr
        assert time.monotonic() - t0 > 1  # it did wait for the holder
    finally:
        holder.kill()
        holder.wait()
    assert len(table(out, "documents")) == 1
