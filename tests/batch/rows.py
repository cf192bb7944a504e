"""Documents for the dataset-layout tests: rows really extracted from generated PDFs, cloned.

Each kind of document (基礎, 重点, 全項目, minutes, public comment, an unknown PDF, and a broken
file's ingest_errors row) is extracted once from a PDF that tests/pdfgen renders; a test then
asks for as many documents as it needs, each a copy of one of them under a new doc_id and
source_file, so writing hundreds of documents costs no extraction. `State` keeps what the
dataset must hold after a sequence of runs, by the writer's documented rule (a document's rows
are replaced by doc_id, a failed file's by sha256 or by path).
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hyokasho.dataset import Dataset
from models.schema import DOC_TABLES, TABLES

KINDS = ("kiso", "juten", "zenkomoku", "minutes", "public_comment")


def extract_templates(folder: Path) -> list[dict[str, list[dict]]]:
    """One extracted result (table → rows) per kind of input, from real PDFs written to `folder`."""
    # imported here: a writer-only process (tests/batch/layout_run.py) starts without PyMuPDF
    from hyokasho.pipeline import process_file
    from tests.pdfgen.fixtures import generate

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for kind in KINDS:
        pdf, _truth = generate(kind)
        path = folder / f"{kind}.pdf"
        path.write_bytes(pdf)
        out.append(process_file(path).tables)
    from tests.foundation.pdfs import unknown_pdf

    out.append(process_file(unknown_pdf(folder / "unknown.pdf", "layout test")).tables)
    broken = folder / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n this is not a PDF body")
    out.append(process_file(broken).tables)
    (folder / "a-folder.pdf").mkdir(exist_ok=True)  # what ingest records for a path it cannot read
    out.append(process_file(folder / "a-folder.pdf").tables)
    for t in out:
        assert t.get("documents") or t.get("ingest_errors"), t
    return out


@dataclass
class Doc:
    doc_id: str | None
    source: str
    tables: dict[str, list[dict[str, Any]]]


def clone(template: dict[str, list[dict]], n: int, source: str | None = None) -> Doc:
    """Document number n: the template's rows under a new doc_id (and a new source file)."""
    src = source or f"in/doc{n:05d}.pdf"
    old = (template.get("documents") or template.get("ingest_errors"))[0]
    has_doc = bool(template.get("documents"))
    new_id = hashlib.sha256(f"clone {n} {src}".encode()).hexdigest() if has_doc or old.get("sha256") else None
    tables = {}
    for table, rows in template.items():
        out = []
        for r in rows:
            r = copy.deepcopy(r)
            if "doc_id" in r:
                r["doc_id"] = new_id
            if table == "ingest_errors":
                r["sha256"] = new_id
            if "source_file" in r:
                r["source_file"] = src
            out.append(r)
        tables[table] = out
    return Doc(new_id if has_doc else None, src, tables)


@dataclass
class State:
    """What the dataset must hold: every table's rows, after the runs applied so far."""

    rows: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in TABLES})

    def apply(self, added: list[Doc], forgotten: list[str]) -> None:
        docs = {d.doc_id for d in added if d.doc_id} | set(forgotten)
        sources = {d.source for d in added}
        for t in TABLES:
            if t in DOC_TABLES:
                keep = [r for r in self.rows[t] if r["doc_id"] not in docs]
            else:
                keep = [r for r in self.rows[t] if r["sha256"] not in docs and r["source_file"] not in sources]
            self.rows[t] = keep + [r for d in added for r in d.tables.get(t, [])]


def write_run(ds: Dataset, added: list[Doc], forgotten: list[str] = (), compact: str | None = None):
    with ds.writer(compact=compact) as w:
        for d in added:
            w.add(d.tables, d.source, d.doc_id)
        for doc_id in forgotten:
            w.forget(doc_id)
    return w


def canonical(rows: list[dict]) -> list[str]:
    return sorted(repr(sorted(r.items())) for r in rows)


def dataset_rows(out: Path) -> dict[str, list[str]]:
    ds = Dataset(out)
    return {t: canonical(ds.read(t).to_pylist()) for t in TABLES}


def state_rows(state: State) -> dict[str, list[str]]:
    from models.schema import to_table

    # through Arrow, so values compare as the dataset returns them (timestamps, maps …)
    return {t: canonical(to_table(t, rows).to_pylist()) if rows else [] for t, rows in state.rows.items()}
