from __future__ import annotations

import pytest

from tests.queries.factory import build


@pytest.fixture
def dataset(tmp_path):
    """build(list_of_docs) → dataset root in tmp_path."""
    return lambda docs: build(tmp_path / "ds", docs)
