"""Render a real-text fixture spec (tests/fixtures/real/minutes/<id>.json) to a PDF in the layout its
publisher uses, or in another layout for robustness.

A spec holds the real text in structure (see tests/fixtures/real/README.md):
    {"id", "kind", "source_url", "partial", "layout": {"header": H, "turns": T},
     "blocks": [{"type": "title"|"header"|"heading"|"para"|"turn"|"direction", ...}]}
header layouts H: table (ruled label/value table), colon (`label：value` lines), numbered / sections
(`1 日時` or `日時` on its own line, value indented below; `inline: true` items on the same line),
form (会議録様式 cells: a ruled table with wide grey label cells; items sharing a `group` — 出席者,
議題 — get a merged group cell), inline (`label　value` lines),
none.  turn layouts T: block (label on its own line, text indented below), inline (`○委員 text`),
hanging (label then text, wrapped lines indented under the text), narrative / none (no turns).
"""

from __future__ import annotations

import json
from pathlib import Path

from .render import Cell, Decor, Document, Para, Table, _adv, render

HEADER_LAYOUTS = ("table", "colon", "numbered", "sections", "form", "inline", "none")
TURN_LAYOUTS = ("block", "inline", "hanging", "narrative", "none")
BODY = 10.5

# a different layout of the same text, for robustness renderings
ALTERNATIVE = {
    "header": {
        "table": "colon",
        "form": "colon",
        "colon": "table",
        "numbered": "table",
        "sections": "table",
        "inline": "table",
        "none": "none",
    },
    "turns": {"block": "inline", "inline": "hanging", "hanging": "block", "narrative": "narrative", "none": "none"},
}


def load_spec(path: Path) -> dict:
    spec = json.loads(Path(path).read_text())
    for key in ("id", "kind", "layout", "blocks"):
        if key not in spec:
            raise ValueError(f"{path}: spec has no {key!r}")
    return spec


def _width(text: str, size: float) -> float:
    return sum(_adv(ch) for ch in text) * size


def _ends_with_delimiter(label: str) -> bool:
    return bool(label) and label[-1] in ")）】］>＞:：」"


def _form_rows(items: list[dict]) -> list[list[Cell]]:
    """会議録様式 rows: a `group` label (出席者, 議題 …) spans the rows of its items; an item
    without a group takes both label columns."""
    rows: list[list[Cell]] = []
    i = 0
    while i < len(items):
        group = items[i].get("group")
        if not group:
            rows.append([Cell(items[i]["label"], role="label", align="center", colspan=2), Cell(items[i]["value"])])
            i += 1
            continue
        j = i
        while j < len(items) and items[j].get("group") == group:
            j += 1
        for k in range(i, j):
            lead = [Cell(group, role="label", align="center", rowspan=j - i)] if k == i else []
            rows.append(lead + [Cell(items[k]["label"], role="label", align="center"), Cell(items[k]["value"])])
        i = j
    return rows


def _header_blocks(items: list[dict], layout: str) -> list:
    if layout == "form" and any(it.get("group") for it in items):
        return [Table([9, 17, 74], _form_rows(items), size=9.5)]
    if layout in ("table", "form"):
        widths = [22, 78] if layout == "table" else [26, 74]
        rows = []
        for n, it in enumerate(items):
            if it.get("group") and (n == 0 or items[n - 1].get("group") != it["group"]):
                rows.append([Cell(it["group"], role="head", colspan=2)])
            rows.append(
                [Cell(it["label"], role="label", align="center" if layout == "form" else "left"), Cell(it["value"])]
            )
        return [Table(widths, rows, size=9.5)]
    out: list = []
    for n, it in enumerate(items):
        label, value = it["label"], it["value"]
        if it.get("group") and (n == 0 or items[n - 1].get("group") != it["group"]):
            out.append(Para(it["group"], size=BODY, space_before=3))
        if layout == "colon":
            out.append(Para(f"{label}：{value}", size=BODY, hang=_width(label + "：", BODY)))
        elif layout == "inline" or it.get("inline"):
            out.append(Para(f"{label}　{value}" if value else label, size=BODY, hang=_width(label + "　", BODY)))
        else:  # numbered / sections: label on its own line
            out.append(Para(label, size=BODY, space_before=3))
            if value:
                out.append(Para(value, size=BODY, indent=BODY * 2))
    return out


def _turn(block: dict, layout: str) -> list:
    label, text = block["speaker"], block["text"]
    if layout == "block":
        return [Para(label, size=BODY, space_after=0), Para(text, size=BODY, indent=BODY)]
    sep = "" if _ends_with_delimiter(label) else "　"
    if layout == "hanging":
        return [Para(f"{label}{sep}{text}", size=BODY, hang=_width(label + sep, BODY))]
    return [Para(f"{label}{sep}{text}", size=BODY)]


def document(spec: dict, header: str | None = None, turns: str | None = None) -> Document:
    native = header is None
    header = header or spec["layout"]["header"]
    turns = turns or spec["layout"]["turns"]
    if header not in HEADER_LAYOUTS or turns not in TURN_LAYOUTS:
        raise ValueError(f"{spec['id']}: unknown layout {header!r}/{turns!r}")
    if turns in ("narrative", "none"):
        turns = "block"  # only meaningful if the spec has turns after all
    out: list = []
    pending: list[dict] = []

    def flush():
        if pending:
            lay = pending[0].get("layout") if native else None
            lay = lay or header
            out.extend(_header_blocks(pending, lay if lay != "none" else "sections"))
            pending.clear()

    for b in spec["blocks"]:
        t = b["type"]
        if t == "header":
            # a document may print a second header block in another layout (a form page, then a
            # numbered 会議録 page): `layout` on the block, honoured in the native rendering only
            if pending and pending[-1].get("layout") != b.get("layout"):
                flush()
            pending.append(b)
            continue
        flush()
        if t == "title":
            out.append(Para(b["text"], size=13, align="center", space_after=8))
        elif t == "heading":
            out.append(Para(b["text"], size=BODY, space_before=5))
        elif t in ("para", "direction"):
            out.append(Para(b["text"], size=BODY, indent=BODY if t == "para" else 0.0))
        elif t == "turn":
            out.extend(_turn(b, turns))
        else:
            raise ValueError(f"{spec['id']}: unknown block type {t!r}")
    flush()
    return Document(out, decor=[Decor("- {page} -", "bottom-center")], meta={"title": spec["id"]})


def render_spec(spec: dict, header: str | None = None, turns: str | None = None) -> bytes:
    return render(document(spec, header, turns))


def alternative_layout(spec: dict) -> tuple[str, str]:
    return ALTERNATIVE["header"][spec["layout"]["header"]], ALTERNATIVE["turns"][spec["layout"]["turns"]]


def spec_texts(spec: dict) -> list[str]:
    """Every piece of text the rendered PDF must carry."""
    out = []
    for b in spec["blocks"]:
        for key in ("text", "label", "value", "speaker", "group"):
            if b.get(key):
                out.append(b[key])
    return out
