"""ExtractionSettings → TOML text (tomllib reads TOML; the standard library cannot write it)."""

from __future__ import annotations

import dataclasses
import json

from extract.settings import ExtractionSettings


def _value(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return json.dumps(v, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def to_toml(settings: ExtractionSettings, changed_only: bool = False) -> str:
    changes = settings.changes()
    out: list[str] = []
    for f in dataclasses.fields(settings):
        stage = getattr(settings, f.name)
        values = dataclasses.asdict(stage)
        if changed_only:
            values = {k: v for k, v in values.items() if k in changes.get(f.name, {})}
            if not values:
                continue
        doc = (type(stage).__doc__ or "").strip()
        if doc and not doc.startswith(type(stage).__name__ + "("):  # dataclass's generated signature: no doc
            out.append("# " + doc.splitlines()[0])
        out.append(f"[{f.name}]")
        out += [f"{k} = {_value(v)}" for k, v in values.items()]
        out.append("")
    return "\n".join(out)
