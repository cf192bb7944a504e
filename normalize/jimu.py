"""事務 names as printed in different documents → one form, and a key for matching them.

The same 事務 is printed "国民健康保険事務", "国民健康保険に関する事務", "国民健康保険に係る事務"
or "国民健康保険の事務" depending on the document; assessments, minutes and comment rounds are
linked on `jimu_key`, and comment rounds report the canonical "…に関する事務" form.
"""

from __future__ import annotations

import re

from normalize.text import fold

__all__ = ["canonical_jimu", "jimu_key"]

# `…制度関係事務` (広域連合の 後期高齢者医療制度関係事務) is the same connector as に関する
_CONNECTOR = re.compile(r"(?:に関する|に係る|に係わる|についての|における|関係の|関係|の)?事務(?:等)?$")


def canonical_jimu(s: str | None) -> str | None:
    """ "国民健康保険事務" / "国民健康保険に係る事務" → "国民健康保険に関する事務"."""
    if not s:
        return None
    t = fold(s).replace("\n", "").strip()
    m = _CONNECTOR.search(t)
    if not m or m.start() == 0:
        return t or None
    return t[: m.start()] + "に関する事務"


def jimu_key(s: str | None) -> str | None:
    """The name without connectors, spaces and the word 事務: what two spellings share."""
    c = canonical_jimu(s)
    if not c:
        return None
    c = re.sub(r"に関する事務$|事務$", "", c)
    return re.sub(r"[\s・、「」『』()（）]", "", c) or None
