"""Fuzz: mutated PDFs (truncated, bytes flipped, objects removed) never crash the batch.

Each file ends as a documents row or an ingest_errors row. Seeded, so a failure reproduces.
"""
from __future__ import annotations

import random
import re

from hyokasho.ingest import ingest
from tests.batch.conftest import outcome_by_source, simple_pdf
from tests.pdfgen.forms_assessment import assessment, default_spec

SEED = 20240601
CASES = 36


def _mutants(bases: list[bytes], rnd: random.Random) -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    for i in range(CASES):
        data = bytearray(rnd.choice(bases))
        kind = ("truncate", "flip", "drop_object", "mixed")[i % 4]
        if kind in ("truncate", "mixed"):
            del data[rnd.randrange(8, len(data)):]
        if kind in ("flip", "mixed"):
            for _ in range(rnd.choice((1, 8, 64))):
                data[rnd.randrange(len(data))] = rnd.randrange(256)
        if kind == "drop_object":
            objs = [m.span() for m in re.finditer(rb"\d+ 0 obj.*?endobj", bytes(data), re.S)]
            for a, b in sorted(rnd.sample(objs, k=min(len(objs), rnd.choice((1, 3)))), reverse=True):
                del data[a:b]
        out.append((f"{i:02d}-{kind}.pdf", bytes(data)))
    return out


def test_mutated_pdfs_end_as_document_or_error(tmp_path):
    rnd = random.Random(SEED)
    base1 = simple_pdf(tmp_path / "base1.pdf", "fuzz base", pages=3).read_bytes()
    base2, _ = assessment(default_spec(form="kiso"))
    src = tmp_path / "in"
    src.mkdir()
    seen: set[bytes] = set()
    names = []
    for name, data in _mutants([base1, base2], rnd):
        if data in seen:
            continue  # identical bytes would be a duplicate (one row for both), not a new case
        seen.add(data)
        (src / name).write_bytes(data)
        names.append(name)
    report = ingest([str(src)], tmp_path / "ds", jobs=2, timeout=60, log=lambda m: None)
    got = outcome_by_source(tmp_path / "ds")
    for name in names:
        assert got.get(f"{src}/{name}"), f"{name} left no trace"
    assert report.processed == len(names)
    assert report.exit_code in (0, 1)
