"""No command deletes, moves or adopts a folder that hyokasho did not create.

A folder is hyokasho's only if it carries hyokasho's own marker: a dataset version's
`_version.json`, an export's `manifest.json` with `exported_by: hyokasho …`. Any other
non-empty folder, hidden files included, is refused with one line; an export target that
contains the dataset or the raw input is refused even with --force.
"""

from __future__ import annotations

import json
import os

from hyokasho.dataset import Dataset
from tests.foundation.pdfs import unknown_pdf
from tests.reliability.conftest import hyokasho, one_line_error


def _tree(root) -> dict[str, bytes | None]:
    """Every path below root (hidden ones too) → its bytes (None for folders)."""
    out = {}
    for dirpath, dirs, files in os.walk(root):
        for d in dirs:
            out[os.path.relpath(os.path.join(dirpath, d), root)] = None
        for f in files:
            p = os.path.join(dirpath, f)
            out[os.path.relpath(p, root)] = open(p, "rb").read()
    return out


def test_export_force_onto_the_folder_holding_the_dataset_and_raw_pdfs_is_refused(tmp_path):
    """Issue 11.1: `export --data data/parquet --out data --force` deleted data/ (raw PDFs, notes, dataset)."""
    data = tmp_path / "data"
    (data / "raw").mkdir(parents=True)
    unknown_pdf(data / "raw" / "a.pdf", "raw input")
    (data / "notes.txt").write_text("my notes")
    assert hyokasho("ingest", "data/raw", "--out", "data/parquet", cwd=tmp_path).returncode == 0
    before = _tree(tmp_path)
    p = hyokasho("export", "--data", "data/parquet", "--out", "data", "--force", cwd=tmp_path)
    assert p.returncode != 0
    line = one_line_error(p.stderr, "hyokasho export:")
    assert "data" in line and ("dataset" in line or "not written by hyokasho" in line), line
    assert _tree(tmp_path) == before  # nothing deleted, moved or added


def test_export_force_replaces_only_an_earlier_export(tmp_path):
    src = tmp_path / "a.pdf"
    unknown_pdf(src)
    ds = tmp_path / "ds"
    assert hyokasho("ingest", src, "--out", ds).returncode == 0
    foreign = tmp_path / "mine"
    (foreign / ".git").mkdir(parents=True)
    (foreign / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    before = _tree(foreign)
    p = hyokasho("export", "--data", ds, "--out", foreign, "--force")
    assert p.returncode != 0
    assert "not written by hyokasho" in one_line_error(p.stderr, "hyokasho export:")
    assert _tree(foreign) == before
    # a look-alike manifest.json that hyokasho did not write is not a marker
    (foreign / "manifest.json").write_text(json.dumps({"tables": {}}))
    assert hyokasho("export", "--data", ds, "--out", foreign, "--force").returncode != 0
    assert (foreign / ".git" / "HEAD").exists()

    out = tmp_path / "export"
    assert hyokasho("export", "--data", ds, "--out", out).returncode == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["exported_by"].startswith("hyokasho ")
    p = hyokasho("export", "--data", ds, "--out", out, "--format", "csv", "--force")
    assert p.returncode == 0, p.stderr
    assert (out / "documents.csv").exists() and not (out / "documents.parquet").exists()


def test_export_target_containing_the_dataset_or_the_input_is_refused_even_if_an_export(tmp_path):
    out = tmp_path / "export"
    src = tmp_path / "a.pdf"
    unknown_pdf(src)
    assert hyokasho("ingest", src, "--out", tmp_path / "ds").returncode == 0
    assert hyokasho("export", "--data", tmp_path / "ds", "--out", out).returncode == 0
    # a dataset made inside the export folder, from PDFs kept there too
    (out / "pdfs").mkdir()
    unknown_pdf(out / "pdfs" / "b.pdf", "kept inside the export")
    assert hyokasho("ingest", out / "pdfs", "--out", tmp_path / "ds2").returncode == 0
    p = hyokasho("export", "--data", tmp_path / "ds2", "--out", out, "--force")
    assert p.returncode != 0 and "input" in one_line_error(p.stderr, "hyokasho export:")
    assert hyokasho("ingest", src, "--out", out / "inner").returncode == 0
    p = hyokasho("export", "--data", out / "inner", "--out", out, "--force")
    assert p.returncode != 0 and "dataset" in one_line_error(p.stderr, "hyokasho export:")
    assert (out / "pdfs" / "b.pdf").exists() and (out / "inner" / "documents").is_dir()


def test_ingest_never_adopts_a_folder_of_dot_files(tmp_path):
    """Issue 11.2: --out proj holding only .git and .env was moved into .proj.versions/adopted/ and
    later deleted."""
    proj = tmp_path / "proj"
    (proj / ".git").mkdir(parents=True)
    (proj / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (proj / ".env").write_text("SECRET=1\n")
    before = _tree(tmp_path)
    pdf = unknown_pdf(tmp_path / "X.pdf")
    before = _tree(tmp_path)
    for _ in range(3):
        p = hyokasho("ingest", pdf, "--out", proj)
        assert p.returncode != 0
        line = one_line_error(p.stderr, "hyokasho ingest:")
        assert str(proj) in line and "not" in line and ".env" in line, line
    assert _tree(tmp_path) == before  # no .proj.versions, no .proj.lock, nothing moved
    # a folder with only a .gitkeep is not empty either
    keep = tmp_path / "keep"
    keep.mkdir()
    (keep / ".gitkeep").write_text("")
    assert hyokasho("ingest", pdf, "--out", keep).returncode != 0
    assert (keep / ".gitkeep").exists()


def test_an_empty_folder_or_a_hyokasho_version_folder_becomes_the_dataset(tmp_path):
    pdf = unknown_pdf(tmp_path / "X.pdf")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert hyokasho("ingest", pdf, "--out", empty).returncode == 0
    assert empty.is_symlink() and len(Dataset(empty).read("documents")) == 1
    # a plain copy of a dataset version (e.g. unpacked from an archive) carries the marker
    copy = tmp_path / "copy"
    import shutil

    shutil.copytree(empty.resolve(), copy)
    assert hyokasho("ingest", unknown_pdf(tmp_path / "Y.pdf", "y"), "--out", copy).returncode == 0
    assert copy.is_symlink() and len(Dataset(copy).read("documents")) == 2


def test_out_that_is_a_link_to_a_foreign_folder_is_refused(tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "file.txt").write_text("x")
    os.symlink(theirs, tmp_path / "link")
    p = hyokasho("ingest", unknown_pdf(tmp_path / "X.pdf"), "--out", tmp_path / "link")
    assert p.returncode != 0 and "link" in one_line_error(p.stderr, "hyokasho ingest:")
    assert os.readlink(tmp_path / "link") == str(theirs) and (theirs / "file.txt").exists()


def test_clean_up_touches_only_hyokasho_versions_and_staging(tmp_path):
    ds = tmp_path / "ds"
    pdf = unknown_pdf(tmp_path / "X.pdf")
    assert hyokasho("ingest", pdf, "--out", ds).returncode == 0
    versions = Dataset(ds).versions_dir
    (versions / "mine").mkdir()
    (versions / "mine" / "keep.txt").write_text("not hyokasho's")
    (versions / ".tmp-mine").mkdir()
    (versions / ".tmp-mine" / "keep.txt").write_text("not hyokasho's either")
    for i in range(4):
        assert hyokasho("ingest", unknown_pdf(tmp_path / f"n{i}.pdf", str(i)), "--out", ds).returncode == 0
    assert (versions / "mine" / "keep.txt").exists() and (versions / ".tmp-mine" / "keep.txt").exists()
    ours = [p for p in versions.iterdir() if (p / "_version.json").exists()]
    assert len(ours) == 2  # the current version and the one before it


def test_a_lock_file_that_is_not_hyokasho_s_is_left_alone(tmp_path):
    ds = tmp_path / "ds"
    lock = tmp_path / ".ds.lock"
    lock.write_text("my own notes, not a lock\n")
    p = hyokasho("ingest", unknown_pdf(tmp_path / "X.pdf"), "--out", ds)
    assert p.returncode != 0 and ".ds.lock" in one_line_error(p.stderr, "hyokasho ingest:")
    assert lock.read_text() == "my own notes, not a lock\n"
