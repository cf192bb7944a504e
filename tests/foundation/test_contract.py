"""models/schema.py, docs/SCHEMA.md, the shared contract and queries/views.sql agree.

docs/SCHEMA.md carries the contract; HYOKASHO_CONTRACT may name another copy of it (the
coordinators' original) to check against as well.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from models.schema import SCHEMAS, TABLES

ROOT = Path(__file__).resolve().parents[2]


def _contract_tables(md: str) -> dict[str, list[str]]:
    """{table: [columns]} from the markdown tables `| name | col, col (note), … |`."""
    out = {}
    for m in re.finditer(r"^\| (\w+) \| (.+) \|$", md, re.M):
        name, cols = m.group(1), m.group(2)
        if name in ("table",):
            continue
        cols = re.sub(r"`[^`]*`", "", cols)  # code spans may hold unbalanced brackets: `[min, max)`
        cols = re.sub(r"\([^()]*(\([^()]*\)[^()]*)*\)", "", cols)  # drop parenthesised notes
        out[name] = [c.strip().split()[0] for c in cols.split(",") if c.strip()]
    return out


CONTRACTS = [ROOT / "docs" / "SCHEMA.md"] + [Path(p) for p in [os.environ.get("HYOKASHO_CONTRACT")] if p]


@pytest.mark.parametrize("path", CONTRACTS, ids=str)
def test_every_contract_column_is_in_the_models(path):
    contract = _contract_tables(path.read_text())
    assert set(contract) >= {"documents", "fields", "utterances"}, "contract tables not parsed"
    for table, cols in contract.items():
        assert table in SCHEMAS, f"{table} missing from models/schema.py"
        missing = [c for c in cols if c not in SCHEMAS[table].names]
        assert not missing, f"{table}: {missing} missing from models/schema.py"


def test_docs_list_every_added_column():
    """docs/SCHEMA.md names every column models/schema.py has beyond the contract."""
    docs = (ROOT / "docs" / "SCHEMA.md").read_text()
    for table, schema in SCHEMAS.items():
        for col in schema.names:
            assert re.search(rf"\b{table}\b[^\n]*\b{col}\b", docs), f"docs/SCHEMA.md does not mention {table}.{col}"


def test_views_cover_every_table():
    sql = (ROOT / "queries" / "views.sql").read_text()
    views = re.findall(r"CREATE OR REPLACE VIEW (\w+) AS", sql)
    assert sorted(views) == sorted(TABLES)
