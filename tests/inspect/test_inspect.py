"""`hyokasho inspect` as a user runs it: whole values with boxes, --draw, unknown tables."""

from __future__ import annotations

import subprocess
import sys

import pymupdf
import pytest

from hyokasho.draw import STYLE, DrawSettings
from tests.pdfgen.fictional import fictional_body

LONG = (
    "架空市国民健康保険法に基づく事務のうち特定個人情報ファイルを使用して実施する事務の内容は以下のとおりである長い概要"
)


def hyokasho(*args):
    return subprocess.run(
        [sys.executable, "-m", "hyokasho.cli", *map(str, args)], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def kiso(tmp_path_factory):
    from tests.pdfgen.fixtures import generate

    pdf, truth = generate("kiso", **fictional_body(), summary=LONG)
    path = tmp_path_factory.mktemp("inspect") / "kiso.pdf"
    path.write_bytes(pdf)
    return path, truth


def test_text_view_prints_whole_values_with_bbox(kiso):
    path, _ = kiso
    p = hyokasho("inspect", path, "--table", "fields")
    assert p.returncode == 0, p.stderr
    line = next(ln for ln in p.stdout.splitlines() if "| I.1.2 " in ln)
    assert LONG in line and "…" not in line  # 60 characters: was cut at 48
    bbox = line.rsplit("|", 1)[1].strip()
    x0, y0, x1, y1 = map(float, bbox.split(","))
    assert 0 <= x0 < x1 <= 600 and 0 <= y0 < y1 <= 850


def test_unknown_table_is_an_error(kiso):
    p = hyokasho("inspect", kiso[0], "--table", "choice")
    assert p.returncode == 2 and "unknown table(s) choice" in p.stderr and "choices" in p.stderr
    assert p.stdout == ""


def test_draw_marks_every_cell_box_on_the_page(kiso, tmp_path):
    path, _ = kiso
    out = tmp_path / "p2.png"
    p = hyokasho("inspect", path, "--draw", 2, "--out", out)
    assert p.returncode == 0, p.stderr
    assert "page 2 of" in p.stderr and "choices" in p.stderr and "fields drawn" in p.stderr
    # the boxes of page 2, from the JSON view, are where the PNG has their colour
    import json

    rows = json.loads(hyokasho("inspect", path, "--format", "json").stdout)
    choice = next(r for r in rows["choices"] if r["page"] == 2)
    pix = pymupdf.Pixmap(str(out))
    scale = DrawSettings().dpi / 72
    x0, y0, x1, y1 = choice["bbox"]
    ymid = (y0 + y1) / 2
    # the left edge of the choice's box, away from the key label at the top
    edge = [pix.pixel(int(x0 * scale) + dx, int(ymid * scale)) for dx in (-1, 0, 1)]
    green = tuple(int(c * 255) for c in STYLE["choices"][0])
    assert any(all(abs(a - b) < 60 for a, b in zip(px[:3], green)) for px in edge), edge
    # and the same spot on a plain rendering is not that colour: the box was drawn, not printed
    with pymupdf.open(path) as doc:
        plain = doc[1].get_pixmap(dpi=DrawSettings().dpi)
    plain_edge = [plain.pixel(int(x0 * scale) + dx, int(ymid * scale)) for dx in (-1, 0, 1)]
    assert not any(all(abs(a - b) < 60 for a, b in zip(px[:3], green)) for px in plain_edge)


def test_draw_errors(kiso, tmp_path):
    path, _ = kiso
    p = hyokasho("inspect", path, "--draw", 99, "--out", tmp_path / "x.png")
    assert (
        p.returncode == 1 and "page(s); --draw 99 is not one of them" in p.stderr and not (tmp_path / "x.png").exists()
    )
    p = hyokasho("inspect", path, "--draw", 2)
    assert p.returncode == 2 and "go together" in p.stderr
