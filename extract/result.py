"""What an extractor returns: rows per table plus what it could not do."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Extraction:
    doc_type: str
    form_label: str | None = None
    title: str | None = None
    status: str = "ok"  # ok | partial
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)

    def warn(self, message: str) -> None:
        self.warnings.append(message)
