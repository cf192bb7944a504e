"""normalize.kanji_variants: the forms a name's kanji may be printed in."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from normalize.kanji_variants import _GROUPS, variants


def test_common_and_old_forms_know_each_other():
    assert variants("浅") == ("淺",) and variants("淺") == ("浅",)
    assert "髙" in variants("高") and "﨑" in variants("崎")
    assert variants("鈴") == ()  # most kanji have none


def test_every_form_is_in_one_group_and_survives_folding():
    seen: set[str] = set()
    for group in _GROUPS:
        assert len(group) >= 2
        for ch in group:
            assert ch not in seen, ch
            seen.add(ch)
            # the text is NFKC-folded before it is compared: a form NFKC changes would never be printed
            assert unicodedata.normalize("NFKC", ch) == ch, ch


@given(st.sampled_from([ch for g in _GROUPS for ch in g]))
def test_variants_are_symmetric(ch):
    for v in variants(ch):
        assert ch in variants(v) and v != ch
