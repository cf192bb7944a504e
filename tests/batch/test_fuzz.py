"""Fuzz: ≥ 300 mutated PDFs never crash the batch, every file is accounted for, and the good
files in the same batch give exactly the rows they give alone.

Mutations (tests/batch/mutants.py): byte flips, truncations, broken cross-reference tables,
objects cut out, and bombs — deflate, drawing, image and nesting bombs, page-tree cycles —
of three real bases: a generated 基礎項目評価書, a generated 議事録 and a plain text PDF.
Seeded, so a failing case reproduces. Every file must end as a documents row, an
ingest_errors row with a message naming it, or (identical bytes) a manifest entry pointing at
its twin. OCR is off for the run (no Tesseract on the workers' PATH): garbled text layers end
as `needs_ocr` documents instead of minutes of Tesseract each.
"""

from __future__ import annotations

import hashlib
import random
import shutil

import pyarrow.parquet as pq
import pytest

from hyokasho.dataset import Dataset
from hyokasho.ingest import ingest
from hyokasho.manifest import MANIFEST_FILE
from models.schema import DOC_TABLES
from tests.batch.conftest import simple_pdf
from tests.batch.mutants import BOMBS, MUTATIONS
from tests.pdfgen.forms_assessment import assessment, default_spec
from tests.pdfgen.forms_minutes import default_minutes_spec, minutes

SEED = 20261202
CASES = 320  # mutants of the bases, before identical ones are folded
BOMBS_EACH = 3  # of every bomb kind
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]


def _bases(tmp_path) -> dict[str, bytes]:
    kiso, _ = assessment(default_spec(form="kiso"))
    mins, _ = minutes(default_minutes_spec(n_qa=3))
    return {
        "kiso": kiso,
        "minutes": mins,
        "plain": simple_pdf(tmp_path / "plain.pdf", "fuzz base", pages=3).read_bytes(),
    }


def _corpus(tmp_path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """({name: mutant bytes}, {name: good bytes})."""
    rnd = random.Random(SEED)
    bases = _bases(tmp_path)
    kinds = sorted(MUTATIONS)
    files: dict[str, bytes] = {}
    for i in range(CASES):
        kind = kinds[i % len(kinds)]
        base = sorted(bases)[(i // len(kinds)) % len(bases)]
        files[f"{i:03d}-{kind}-{base}.pdf"] = MUTATIONS[kind](bases[base], rnd)
    for kind in sorted(BOMBS):
        for j in range(BOMBS_EACH):
            # a comment after %%EOF keeps two bombs of the same size from being one file
            files[f"bomb-{kind}-{j}.pdf"] = BOMBS[kind](bases["plain"], rnd) + b"%% case %d\n" % j
    good = {f"good-{name}.pdf": data for name, data in bases.items()}
    good["good-kiso-zenkomoku.pdf"] = assessment(default_spec(form="zenkomoku"))[0]
    return files, good


def _rows_of(out, doc_ids: set[str]) -> dict[str, list]:
    ds = Dataset(out)
    res = {}
    for t in DOC_TABLES:
        rows = [r for r in ds.read(t).to_pylist() if r["doc_id"] in doc_ids]
        for r in rows:
            r.pop("ingested_at", None)
        res[t] = sorted(rows, key=repr)
    return res


def test_mutated_pdfs_are_all_accounted_and_leave_good_rows_identical(tmp_path, monkeypatch):
    files, good = _corpus(tmp_path)
    src = tmp_path / "in"
    (src / "good").mkdir(parents=True)
    for name, data in good.items():
        (src / "good" / name).write_bytes(data)
    # the reference: the good files alone, in the same folder (so their rows name them alike)
    empty_bin = tmp_path / "bin"
    empty_bin.mkdir()
    monkeypatch.setenv("PATH", str(empty_bin))  # workers inherit it: no Tesseract, OCR off
    ref = tmp_path / "ref"
    ingest([str(src)], ref, jobs=2, timeout=30, log=lambda m: None)

    (src / "fuzz").mkdir()
    for name, data in files.items():
        (src / "fuzz" / name).write_bytes(data)
    # identical bytes under a later path: extracted once, the copy is a manifest entry naming its twin
    (src / "twins").mkdir()
    twin = src / "twins" / "twin-of-good-plain.pdf"
    shutil.copy(src / "good" / "good-plain.pdf", twin)
    out = tmp_path / "ds"
    report = ingest([str(src)], out, jobs=2, timeout=30, max_memory=1536, log=lambda m: None)
    assert len(files) >= 300

    ds = Dataset(out)
    docs = {d["source_file"]: d for d in ds.read("documents").to_pylist()}
    errors = {e["source_file"]: e for e in ds.read("ingest_errors").to_pylist()}
    manifest = {m["source_file"]: m for m in pq.read_table(ds.current() / MANIFEST_FILE).to_pylist()}
    by_sha = {d["doc_id"]: s for s, d in docs.items()} | {e["sha256"]: s for s, e in errors.items() if e["sha256"]}
    unaccounted = []
    for path in [str(src / "fuzz" / name) for name in files] + [str(twin)]:
        if path in docs:
            continue
        if path in errors:
            label = path[len(str(src)) + 1 :]  # messages name files relative to the input folder
            msg = errors[path]["message"]
            assert msg.startswith(label + ": ") and len(msg) > len(label) + 5, errors[path]
            continue
        m = manifest.get(path)
        if m is not None and m["outcome"] == "duplicate" and m["sha256"] in by_sha:
            continue  # the same bytes as a file that is accounted for
        unaccounted.append(path)
    assert not unaccounted, unaccounted
    assert manifest[str(twin)]["outcome"] == "duplicate"
    # every failure is in the report the scheduler sees, once
    assert {f for f, _ in report.failed} >= set(errors)
    assert report.exit_code == 1
    # the bombs were stopped by the limits, not by luck: each is a document or a named error
    for kind in BOMBS:
        for j in range(BOMBS_EACH):
            p = str(src / "fuzz" / f"bomb-{kind}-{j}.pdf")
            assert p in docs or p in errors
    # the good files' rows are exactly those of the good files ingested alone
    ids = {hashlib.sha256(data).hexdigest() for data in good.values()}
    assert ids <= {d["doc_id"] for s, d in docs.items() if "/good/" in s}
    assert _rows_of(out, ids) == _rows_of(ref, ids)
