"""The Dask executor writes the same dataset as the process pool (row for row, file for file)."""

from __future__ import annotations

import pytest

from hyokasho.dataset import Dataset
from hyokasho.ingest import ingest
from hyokasho.segments import LayoutSettings
from models.schema import TABLES
from tests.batch.conftest import simple_pdf, table
from tests.pdfgen.forms_assessment import assessment, default_spec

VOLATILE = {"ingested_at", "at", "first_seen", "gone_at"}  # when the run happened


def _files(out) -> dict[str, int]:
    cur = Dataset(out).current()
    return {t: len([p for p in (cur / t).glob("*.parquet") if not p.name.startswith("empty-")]) for t in TABLES}


def _rows(out, name):
    rows = [{k: v for k, v in r.items() if k not in VOLATILE} for r in table(out, name)]
    return sorted(rows, key=repr)


@pytest.mark.slow
def test_dask_local_cluster_equals_process_pool(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    src = tmp_path / "in"
    src.mkdir()
    for i in range(4):
        simple_pdf(src / f"plain{i}.pdf", f"plain {i}", pages=1 + i)
    for form in ("kiso", "juten"):
        (src / f"{form}.pdf").write_bytes(assessment(default_spec(form=form))[0])
    (src / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    (src / "empty.pdf").write_bytes(b"")

    for i in range(6):  # more documents than one small segment holds: merged into several
        (src / f"zen{i}.pdf").write_bytes(assessment(default_spec(form="zenkomoku", assessment_no=200 + i))[0])
    small = LayoutSettings(segment_rows=400, row_group_rows=100, flush_rows=150)

    ingest([str(src)], tmp_path / "pool", jobs=2, log=lambda _m: None, layout=small)
    with distributed.LocalCluster(n_workers=3, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        report = ingest(
            [str(src)],
            tmp_path / "dask",
            executor="dask",
            scheduler=cluster.scheduler_address,
            log=lambda _m: None,
            layout=small,
        )
    assert report.processed == 14
    for name in TABLES:
        assert _rows(tmp_path / "dask", name) == _rows(tmp_path / "pool", name), name
    # one segment per chunk (14 chunks) and per flush, merged into the same segments at commit
    files = _files(tmp_path / "dask")
    assert files == _files(tmp_path / "pool")
    assert 1 < files["fields"] < 14
    assert {s.name for s in Dataset(tmp_path / "dask").segments()} and not any(
        "dask" in s.name for s in Dataset(tmp_path / "dask").segments()
    )
