"""pytest fixtures for tests that need generated PDFs.  tests/conftest.py imports them with
`from tests.pdfgen.fixtures import *`.

    def test_x(make_pdf):
        path, truth = make_pdf("kiso", messy=Messy(kangxi=True), population=3)
        path, truth = make_pdf("minutes", speaker_style="maru")
"""

from __future__ import annotations

import json

import pytest

from .forms_assessment import FORMS, default_spec
from .forms_comment import default_comment_spec, public_comment
from .forms_minutes import default_minutes_spec, minutes
from .messy import CLEAN, Messy

__all__ = ["make_pdf", "Messy"]


def generate(kind: str, messy: Messy = CLEAN, name: str | None = None, **spec) -> tuple[bytes, dict]:
    """kind: kiso | juten | zenkomoku | minutes | public_comment; spec: overrides of the default spec."""
    if kind in FORMS:
        extra = {"population": 4, "handlers_500": 1} if kind == "juten" else {}
        return FORMS[kind](default_spec(form=kind, **{**extra, **spec}), messy, name)
    if kind == "minutes":
        return minutes(default_minutes_spec(**spec), messy, name)
    if kind == "public_comment":
        return public_comment(default_comment_spec(**spec), messy, name)
    raise ValueError(kind)


@pytest.fixture
def make_pdf(tmp_path):
    """Factory: make_pdf(kind, messy=Messy(), name=None, **spec) -> (Path to the PDF, truth dict).
    The truth is also written next to the PDF as <name>.expected.json."""
    counter = iter(range(10**6))

    def _make(kind: str, messy: Messy = CLEAN, name: str | None = None, **spec):
        name = name or f"{kind}_{next(counter)}"
        pdf, truth = generate(kind, messy, name, **spec)
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        (tmp_path / f"{name}.expected.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1))
        return path, truth

    return _make
