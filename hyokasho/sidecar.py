"""Source lists: a folder's `hyokasho-sources.csv` says which body published each file, and where.

Many minutes and comment results never print their municipality (the 審査会 knows who it is),
but the batch job that downloads them does. It can leave beside the PDFs

    file,municipality,source_url
    minutes_2024_03.pdf,北九州市,https://www.city.example.lg.jp/.../minutes_2024_03.pdf
    sub/kokuho_kiso.pdf,401005,

`file` is relative to the list's folder; `municipality` a name (`札幌市`, `北海道札幌市`) or a
6-digit 全国地方公共団体コード; either of municipality and source_url may be empty. A list
covers the files of its folder and of the folders below it; the nearest list wins. What it
says becomes a `sources` row of the file's document, so `meeting_links` can use it and a
Datasette export links each row to the published page.

A list with a problem (no `file` column, an unknown municipality, an unreadable file) is
reported as a warning naming the list and the line; the ingest goes on without that line.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

FILE = "hyokasho-sources.csv"
COLUMNS = ("file", "municipality", "source_url")


@dataclass(frozen=True)
class Source:
    municipality_code: str | None
    municipality_name: str | None
    source_url: str | None
    listed_in: str

    def row(self, doc_id: str, source_file: str) -> dict:
        return {
            "doc_id": doc_id,
            "source_file": source_file,
            "municipality_code": self.municipality_code,
            "municipality_name": self.municipality_name,
            "source_url": self.source_url,
            "listed_in": self.listed_in,
        }


class SourceLists:
    """The lists found above each file, read once per folder."""

    def __init__(self) -> None:
        self._lists: dict[str, dict[str, Source]] = {}
        self.warnings: list[str] = []

    def lookup(self, path: str) -> Source | None:
        folder = os.path.dirname(os.path.abspath(path))
        name = os.path.basename(path)
        rel = name
        while True:
            listed = self._load(folder)
            if rel in listed:
                return listed[rel]
            parent = os.path.dirname(folder)
            if parent == folder:
                return None
            rel = f"{os.path.basename(folder)}/{rel}"
            folder = parent

    def _load(self, folder: str) -> dict[str, Source]:
        if folder in self._lists:
            return self._lists[folder]
        listed: dict[str, Source] = {}
        self._lists[folder] = listed
        path = Path(folder) / FILE
        if not path.is_file():
            return listed
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            self.warnings.append(f"{path}: cannot be read ({e}); its files are ingested without it")
            return listed
        reader = csv.DictReader(text.splitlines())
        if "file" not in (reader.fieldnames or []):
            self.warnings.append(f"{path}: has no `file` column (expected {','.join(COLUMNS)}); ignored")
            return listed
        for line_no, rec in enumerate(reader, 2):
            file = (rec.get("file") or "").strip().replace("\\", "/").lstrip("./")
            if not file:
                continue
            code, name = _municipality((rec.get("municipality") or "").strip(), path, line_no, self.warnings)
            url = (rec.get("source_url") or "").strip() or None
            listed[file] = Source(code, name, url, str(path))
        return listed


def _municipality(text: str, path: Path, line_no: int, warnings: list[str]) -> tuple[str | None, str | None]:
    if not text:
        return None, None
    from normalize.municipality import identify, load_table

    if text.isdigit() and len(text) == 6:
        entry = next((e for e in load_table() if e.code == text), None)
        if entry is None:
            warnings.append(f"{path}:{line_no}: {text} is not a 全国地方公共団体コード; kept as given")
            return text, None
        return entry.code, entry.name
    m = identify(text)
    if m.name is None:
        warnings.append(f"{path}:{line_no}: {text!r} is not a known municipality; kept as the name")
        return None, text
    return m.code, m.name
