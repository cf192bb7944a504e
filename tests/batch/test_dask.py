"""The Dask executor writes the same dataset as the process pool (row for row)."""
from __future__ import annotations

import pytest

from hyokasho.ingest import ingest
from models.schema import TABLES
from tests.batch.conftest import simple_pdf, table
from tests.pdfgen.forms_assessment import assessment, default_spec

VOLATILE = {"ingested_at", "at", "first_seen", "gone_at"}  # when the run happened


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

    ingest([str(src)], tmp_path / "pool", jobs=2, log=lambda _m: None)
    with distributed.LocalCluster(n_workers=3, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        report = ingest([str(src)], tmp_path / "dask", executor="dask", scheduler=cluster.scheduler_address,
                        log=lambda _m: None)
    assert report.processed == 8
    for name in TABLES:
        assert _rows(tmp_path / "dask", name) == _rows(tmp_path / "pool", name), name
    # the workers wrote their own parts into the committed version
    assert any(p.name.startswith("part-dask-") for p in (tmp_path / "dask" / "documents").iterdir())
