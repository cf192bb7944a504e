"""Synthetic documents never pass for real ones: the demo set's invented facts under real
municipality names carry a marker read from the PDF itself (documents.synthetic), shown in the
comparison query, the README's table and the plots (issue 11, "truth in the README")."""

from __future__ import annotations

import re
import shutil

import pymupdf

from extract.provenance import SYNTHETIC_KEYWORD, is_synthetic
from hyokasho import plots
from hyokasho.pipeline import process_bytes, process_file
from tests.pdfgen.forms_assessment import assessment, default_spec
from tests.pdfgen.synthetic import mark_synthetic
from tests.queries.factory import bundled_dataset, query
from tests.samples import REPO, SAMPLES

SYNTHETIC = REPO / "data" / "raw" / "synthetic"


def test_the_marker_is_read_from_the_file_not_its_name(tmp_path):
    pdf, _ = assessment(default_spec(form="kiso"))
    marked = mark_synthetic(pdf)
    assert process_bytes(marked, "real_looking_name.pdf").document["synthetic"] is True
    unmarked = tmp_path / "synthetic_looking_name.pdf"
    unmarked.write_bytes(pdf)
    assert process_file(unmarked).document["synthetic"] is False
    # the printed stamp changes nothing the extractors read
    strip = lambda r: {
        t: [
            {k: v for k, v in row.items() if k not in ("doc_id", "ingested_at", "file_size", "synthetic")}
            for row in rows
        ]
        for t, rows in r.tables.items()
    }
    assert strip(process_bytes(marked, "x.pdf")) == strip(process_bytes(pdf, "x.pdf"))


def test_every_bundled_synthetic_pdf_says_so_on_every_page_and_no_sample_does():
    files = sorted(SYNTHETIC.glob("*.pdf"))
    assert len(files) >= 40
    for f in files:
        with pymupdf.open(f) as doc:
            assert is_synthetic(doc.metadata), f
            assert SYNTHETIC_KEYWORD in doc.metadata["keywords"]
            for page in doc:  # the stamp: an image in the bottom margin of every page
                boxes = [page.get_image_bbox(img) for img in page.get_images(full=True)]
                assert any(b.y0 > page.rect.height - 40 for b in boxes), (f.name, page.number)
    for f in sorted(SAMPLES.glob("*.pdf")):
        with pymupdf.open(f) as doc:
            assert not is_synthetic(doc.metadata), f


def test_comparison_query_readme_table_and_plot_label_synthetic_municipalities(tmp_path_factory):
    ds = bundled_dataset(tmp_path_factory.getbasetemp())
    rows = {r["municipality_name"]: r for r in query(ds, "municipalities")}
    assert rows["北九州市"]["data"] == "real+synthetic"  # the real 北九州市 samples plus invented ones
    assert rows["札幌市"]["data"] == "synthetic" and rows["横浜市"]["data"] == "synthetic"
    assert {r["data"] for r in rows.values()} <= {"synthetic", "real+synthetic", "real"}
    # the README's table is that query's output, with the column
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- comparison:start -->")[1].split("<!-- comparison:end -->")[0]
    header = next(ln for ln in table.splitlines() if ln.startswith("| prefecture"))
    assert "| data |" in header
    for name, r in rows.items():
        if name:
            line = next(ln for ln in table.splitlines() if f"| {name} |" in ln)
            assert f"| {r['data']} |" in line, line
    assert "development samples" in table
    # the plot's labels
    import pandas as pd

    labels = plots._municipality_label(pd.DataFrame(list(rows.values())))
    assert any(re.search(r"札幌市 【架空データ】", s) for s in labels)
    assert any(re.search(r"北九州市 【一部架空】", s) for s in labels)


def test_regenerating_the_demo_set_is_byte_identical(tmp_path):
    import subprocess
    import sys

    p = subprocess.run(
        [sys.executable, "scripts/make_demo_data.py", "--out", str(tmp_path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert p.returncode == 0, p.stderr
    for f in sorted(SYNTHETIC.iterdir()):
        assert (tmp_path / "synthetic" / f.name).read_bytes() == f.read_bytes(), f.name
    shutil.rmtree(tmp_path / "synthetic")
