"""Dataset values as JSON-ready Python values, for every printer and exporter."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any


def plain(value: Any) -> Any:
    """Dates/times ISO, decimals float, bytes hex, maps as objects.

    pyarrow hands a MAP column over as a list of (key, value) pairs; it becomes an object,
    which is what a reader of JSON or CSV expects of `by_channel`.
    """
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
            return {str(k): plain(v) for k, v in value}
        return [plain(v) for v in value]
    return value
