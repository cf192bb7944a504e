"""Incremental ingest: the manifest (sha256 + stat cache) decides what is extracted."""

from __future__ import annotations

import shutil

import pyarrow.parquet as pq

from hyokasho.dataset import Dataset
from hyokasho.ingest import ingest
from hyokasho.manifest import MANIFEST_FILE
from tests.batch.conftest import simple_pdf, table


def _run(src, out, **kw):
    events: list[dict] = []
    report = ingest([str(src)], out, jobs=2, events=events.append, log=lambda m: None, **kw)
    return report, events


def test_unchanged_new_changed_renamed_duplicate_force_and_version(tmp_path):
    src, out = tmp_path / "in", tmp_path / "ds"
    src.mkdir()
    for i in range(3):
        simple_pdf(src / f"d{i}.pdf", f"document {i}")
    r, _ = _run(src, out)
    assert r.processed == 3 and r.exit_code == 0
    v1 = Dataset(out).current()
    assert (v1 / MANIFEST_FILE).exists()

    # unchanged folder: nothing extracted, no new version
    r, ev = _run(src, out)
    assert r.processed == 0 and r.unchanged == 3 and not r.committed
    assert Dataset(out).current() == v1
    assert {e["event"] for e in ev} == {"unchanged", "summary"}

    # a new file, a changed file, a renamed file and a copy
    simple_pdf(src / "new.pdf", "brand new")
    simple_pdf(src / "d1.pdf", "document 1, second edition")
    (src / "d2.pdf").rename(src / "d2-renamed.pdf")
    shutil.copy(src / "d0.pdf", src / "d0-copy.pdf")
    r, ev = _run(src, out)
    extracted = sorted(e["source_file"].rsplit("/", 1)[1] for e in ev if e["event"] == "file")
    assert extracted == ["d1.pdf", "new.pdf"]
    same = {
        e["source_file"].rsplit("/", 1)[1]: e["same_as"].rsplit("/", 1)[1]
        for e in ev
        if e["event"] in ("renamed", "duplicate")
    }
    assert same == {"d2-renamed.pdf": "d2.pdf", "d0-copy.pdf": "d0.pdf"}
    docs = table(out, "documents")
    assert len(docs) == 4  # d0, d1 (its new version replaced the old one), d2, new
    assert len({d["doc_id"] for d in docs}) == 4
    assert [d["file_size"] for d in docs if d["source_file"].endswith("/d1.pdf")] == [(src / "d1.pdf").stat().st_size]

    # --force re-extracts everything present, once per content
    r, ev = _run(src, out, force=True)
    assert r.processed == 4 and len(r.duplicates) == 1
    assert len(table(out, "documents")) == 4

    # an older extractor_version in the manifest (as after an upgrade) → re-extracted
    cur = Dataset(out).current()
    m = pq.read_table(cur / MANIFEST_FILE).to_pylist()
    for row in m:
        if row["source_file"].endswith("new.pdf"):
            row["extractor_version"] = "0.0.1"
    pq.write_table(
        pq.read_table(cur / MANIFEST_FILE).from_pylist(m, schema=pq.read_schema(cur / MANIFEST_FILE)),
        cur / MANIFEST_FILE,
    )
    r, ev = _run(src, out)
    assert [e["source_file"].rsplit("/", 1)[1] for e in ev if e["event"] == "file"] == ["new.pdf"]


def test_dataset_without_manifest_is_understood(tmp_path):
    """A dataset written before the manifest existed: content state comes from documents."""
    src, out = tmp_path / "in", tmp_path / "ds"
    src.mkdir()
    simple_pdf(src / "a.pdf", "old dataset")
    _run(src, out)
    (Dataset(out).current() / MANIFEST_FILE).unlink()
    r, _ = _run(src, out)
    assert r.processed == 0 and r.unchanged == 1
    assert (Dataset(out).current() / MANIFEST_FILE).exists()  # written back for next time
