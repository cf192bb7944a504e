#!/usr/bin/env python3
"""OCR cost per page beside the clean cost, in the same run.

    uv run python bench/bench_ocr_cost.py [--sample kitakyushu_kokuho_kiso__calc] [--degrade scan200,no_tounicode]

The committed sample is extracted as it is (text layer) and as each degradation
(tests/pdfgen/degrade.py: a 200-dpi scan, fonts without ToUnicode), each by
hyokasho.pipeline.process_file with the OCR the CLI uses; per page: wall seconds, and CPU
seconds of this process and of its children (Tesseract runs as child processes, so its time
is theirs). Ratios are to the clean extraction of the same run. The machine is shared: wall
time grows with its load, CPU time much less.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hyokasho.ocr import make_ocr  # noqa: E402
from hyokasho.pipeline import process_file  # noqa: E402
from tests.pdfgen import degrade  # noqa: E402


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def measure(path: Path, ocr) -> tuple[float, float, int]:
    t0, c0 = time.perf_counter(), _cpu()
    res = process_file(path, ocr=ocr)
    return time.perf_counter() - t0, _cpu() - c0, int(res.document["page_count"])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sample", default="kitakyushu_kokuho_kiso__calc")
    ap.add_argument("--degrade", default="scan200,no_tounicode")
    a = ap.parse_args(argv)
    ocr = make_ocr()
    if ocr is None:
        raise SystemExit("tesseract with jpn is needed (scripts/setup.sh installs it)")
    src = ROOT / "data" / "raw" / "samples" / f"{a.sample}.pdf"
    work = Path(tempfile.mkdtemp(prefix="hyokasho-ocrcost-"))
    files = {"clean (text layer)": src}
    for d in [x for x in a.degrade.split(",") if x]:
        p = work / f"{a.sample}__{d}.pdf"
        p.write_bytes(degrade.TRANSFORMS[d](src.read_bytes()))
        files[d] = p
    measure(src, ocr)  # warm: imports and the form definitions load once, not into the first row
    rows = {name: measure(p, ocr) for name, p in files.items()}
    base_wall, base_cpu, _ = rows["clean (text layer)"]
    print(f"{a.sample}, {time.strftime('%Y-%m-%d %H:%M')}")
    print("| input | pages | wall s/page | CPU s/page (with Tesseract) | ratio to clean (CPU) |")
    print("|---|---|---|---|---|")
    for name, (wall, cpu, pages) in rows.items():
        print(f"| {name} | {pages} | {wall / pages:.3f} | {cpu / pages:.3f} | {cpu / max(base_cpu, 1e-9):.0f}× |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
