"""A caller that is itself large (a notebook, a test runner) must not make every file too_large."""

from __future__ import annotations

from hyokasho.ingest import ingest
from hyokasho.memory import rss_mb, tree_budget_mb
from tests.batch.conftest import simple_pdf, table


def test_ingest_from_a_large_process_reads_every_file(tmp_path):
    import os

    # resident, not just reserved: every page written (the tree budget is 960 MB on 2 cores)
    ballast = b"\x01" * ((tree_budget_mb() - 200) << 20)
    assert rss_mb(os.getpid()) > tree_budget_mb() - 300
    src, out = tmp_path / "in", tmp_path / "ds"
    src.mkdir()
    for i in range(4):
        simple_pdf(src / f"d{i}.pdf", f"document {i}")
    report = ingest([str(src)], out, jobs=2, log=lambda _m: None)
    del ballast
    assert report.failed == [] and report.exit_code == 0
    assert len(table(out, "documents")) == 4
