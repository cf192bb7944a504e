"""The dataset writer: atomic versions, per-document replacement, locking."""

from __future__ import annotations

import os

import duckdb
import pytest

from hyokasho.dataset import Dataset, DatasetError, DatasetLocked
from hyokasho.pipeline import process_file
from models.schema import TABLES
from tests.foundation.pdfs import unknown_pdf


def _add(writer, path):
    r = process_file(path)
    writer.add(r.tables, r.source_file, r.doc_id)
    return r


def _count(out, table):
    return duckdb.sql(
        f"SELECT count(*) FROM read_parquet('{out}/{table}/**/*.parquet', union_by_name=true)"
    ).fetchone()[0]


def test_first_run_writes_every_table_behind_a_link(tmp_path):
    out = tmp_path / "out"
    with Dataset(out).writer() as w:
        _add(w, unknown_pdf(tmp_path / "a.pdf", "a"))
    assert out.is_symlink()
    for t in TABLES:
        assert list((out / t).glob("*.parquet")), f"no file for table {t}"
    assert _count(out, "documents") == 1
    assert Dataset(out).version_info()["rows"]["documents"] == 1


def test_reingesting_a_document_replaces_its_rows(tmp_path):
    out = tmp_path / "out"
    a, b = unknown_pdf(tmp_path / "a.pdf", "a"), unknown_pdf(tmp_path / "b.pdf", "b")
    with Dataset(out).writer() as w:
        _add(w, a)
        _add(w, b)
    with Dataset(out).writer() as w:
        _add(w, a)
    assert _count(out, "documents") == 2
    # the same bytes under another name are the same document
    copy = tmp_path / "copy_of_a.pdf"
    copy.write_bytes(a.read_bytes())
    with Dataset(out).writer() as w:
        _add(w, copy)
    rows = duckdb.sql(f"SELECT source_file FROM read_parquet('{out}/documents/*.parquet')").fetchall()
    assert len(rows) == 2 and (str(copy),) in rows


def test_failed_run_leaves_previous_version_untouched(tmp_path):
    out = tmp_path / "out"
    with Dataset(out).writer() as w:
        _add(w, unknown_pdf(tmp_path / "a.pdf", "a"))
    before = os.readlink(out)
    with pytest.raises(RuntimeError):
        with Dataset(out).writer() as w:
            _add(w, unknown_pdf(tmp_path / "b.pdf", "b"))
            w.flush()  # parts already on disk must not leak into the dataset
            raise RuntimeError("killed mid-run")
    assert os.readlink(out) == before
    assert _count(out, "documents") == 1
    assert not list(Dataset(out).versions_dir.glob(".tmp-*"))


def test_errors_are_replaced_not_duplicated(tmp_path):
    out = tmp_path / "out"
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage that is not a pdf")
    for _ in range(2):
        with Dataset(out).writer() as w:
            _add(w, bad)
    assert _count(out, "ingest_errors") == 1


def test_second_writer_is_refused_with_a_clear_message(tmp_path):
    out = tmp_path / "out"
    with Dataset(out).writer():
        with pytest.raises(DatasetLocked, match="another hyokasho run"):
            with Dataset(out).writer(wait=0.6):
                pass


def test_foreign_directory_is_not_overwritten(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(DatasetError, match="hyokasho did not create"):
        with Dataset(out).writer():
            pass
    assert (out / "notes.txt").read_text() == "mine"


def test_old_versions_are_collected(tmp_path):
    out = tmp_path / "out"
    pdf = unknown_pdf(tmp_path / "a.pdf")
    for _ in range(4):
        with Dataset(out).writer() as w:
            _add(w, pdf)
    versions = [p for p in Dataset(out).versions_dir.iterdir() if not p.name.startswith(".")]
    assert len(versions) == 2  # current + one previous for readers still on it
