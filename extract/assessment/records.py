"""Keyed rows → the typed record tables: systems, entrustments, transfers, risk_measures,
changes, assessments. Reads only the rows values.py produced and the change-table rows."""

from __future__ import annotations

import re
from collections import defaultdict

from extract.assessment.cells import Row
from extract.assessment.structure import Item, clean_label, flat
from normalize.text import fold, join_wrapped
from normalize.wareki import parse_date

_BLOCK_KEY = re.compile(r"^(II|I)\.(\d+)\.(sys|itaku|teikyo|iten)(\d+)\.(.+)$")
_RISK_ASK = "リスクへの対策は十分か"
_KISO_RISK = re.compile(r"^(.*リスク)への対策は十分か$")


def _by_block(fields: list[dict], choices: list[dict], checks: list[dict]):
    blocks: dict[tuple, dict] = defaultdict(lambda: {"f": {}, "c": {}, "k": defaultdict(list), "page": None})
    for table, rows in (("f", fields), ("c", choices)):
        for r in rows:
            m = _BLOCK_KEY.match(r["key"])
            if m:
                b = blocks[(r["file_no"], m.group(3), int(m.group(4)))]
                b[table].setdefault(m.group(5), r)
    for r in checks:
        m = _BLOCK_KEY.match(r["key"])
        if m:
            blocks[(r["file_no"], m.group(3), int(m.group(4)))]["k"][m.group(5)].append(r)
    return blocks


def _val(b: dict, item: str) -> str | None:
    r = b["f"].get(item)
    return r["value"] if r else None


def systems(blocks) -> list[dict]:
    out = []
    for (_file_no, kind, no), b in sorted(blocks.items(), key=lambda kv: (kv[0][1], kv[0][2])):
        if kind != "sys":
            continue
        name = b["f"].get("1")
        out.append(
            {"system_no": no, "name": _val(b, "1"), "functions": _val(b, "2"), "page": name["page"] if name else None}
        )
    return out


# the items of a 委託事項 block, by the label the official forms print: 様式4 numbers them
# ①…⑨ (⑥委託先名, ⑦再委託の有無), 様式3 ①…⑥ (③委託先名, ④再委託の有無)
_ITAKU_LABELS = {
    "scope": "取扱いを委託する特定個人情報ファイルの範囲",
    "handlers": "委託先における取扱者数",
    "contractor": "委託先名",
    "subcontract": "再委託の有無",
    "subcontract_items": "再委託事項",
}


def _by_label(rows: dict, label: str) -> dict | None:
    """The block's row whose printed label (circled number and ※ aside) is `label`."""
    for item, r in rows.items():
        if "/" in item:
            continue
        if re.sub(r"^\d+|※", "", clean_label(r.get("label") or "")) == label:
            return r
    return None


def entrustments(blocks) -> list[dict]:
    out = []
    for (file_no, kind, no), b in sorted(blocks.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1], kv[0][2])):
        if kind != "itaku":
            continue
        title = b["f"].get(f"委託事項{no}")
        scope_c = _by_label(b["c"], _ITAKU_LABELS["scope"])
        scope = None
        if scope_c and scope_c["selected_index"]:
            scope = {1: "全体", 2: "一部"}.get(scope_c["selected_index"])
        handlers = _by_label(b["c"], _ITAKU_LABELS["handlers"])
        sub = _by_label(b["c"], _ITAKU_LABELS["subcontract"])
        contractor = _by_label(b["f"], _ITAKU_LABELS["contractor"])
        items = _by_label(b["f"], _ITAKU_LABELS["subcontract_items"])
        out.append(
            {
                "file_no": file_no,
                "item_no": no,
                "title": title["value"] if title else None,
                "scope": scope,
                "handler_count": handlers["selected"] if handlers else None,
                "handler_min": handlers["range_min"] if handlers else None,
                "handler_max": handlers["range_max"] if handlers else None,
                "contractor": contractor["value"] if contractor else None,
                "subcontract": ({1: True, 2: False}.get(sub["selected_index"]) if sub else None),
                "subcontract_items": items["value"] if items else None,
                "page": title["page"] if title else None,
            }
        )
    return out


def transfers(blocks) -> list[dict]:
    out = []
    for (file_no, kind, no), b in sorted(blocks.items(), key=lambda kv: (kv[0][0] or 0, kv[0][1], kv[0][2])):
        if kind not in ("teikyo", "iten"):
            continue
        name = "提供先" if kind == "teikyo" else "移転先"
        head = b["f"].get(f"{name}{no}")
        method = (
            "、".join(
                r["option"] + (f"({r['other_text']})" if r["other_text"] else "")
                for r in b["k"].get("6", [])
                if r["checked"]
            )
            or None
        )
        out.append(
            {
                "file_no": file_no,
                "kind": "提供" if kind == "teikyo" else "移転",
                "item_no": no,
                "recipient": head["value"] if head else None,
                "legal_basis": _val(b, "1"),
                "purpose": _val(b, "2"),
                "info": _val(b, "3"),
                "method": method,
                "page": head["page"] if head else None,
            }
        )
    return out


def risk_measures(items: list[Item], choices: list[dict], fields: list[dict]) -> list[dict]:
    """One row per self-assessment (リスクへの対策は十分か); measures = the block's texts."""
    by_key = {(c["file_no"], c["key"]): c for c in choices}
    measures: dict[tuple, list[str]] = defaultdict(list)
    for it, f in ((it, f) for it, f in _paired(items, fields)):
        if f["value"] and it.part == "III":
            measures[(it.file_no, it.section, it.block, it.risk_title)].append(f["value"])
    out = []
    counter: dict[tuple, int] = defaultdict(int)
    for it in items:
        if it.kind != "choice" or it.part not in ("III", "IV"):
            continue
        label = clean_label(it.label or "")
        m = _KISO_RISK.match(label)
        if label == _RISK_ASK or label.endswith(_RISK_ASK) and not m:
            risk_no = int(it.block[4:]) if it.block and it.block.startswith("risk") else None
            title = it.risk_title
        elif m:
            counter[(it.part, it.section)] += 1
            risk_no, title = counter[(it.part, it.section)], m.group(1)
        else:
            continue
        c = by_key.get((it.file_no, it.key))
        if c is None:
            continue
        process = it.section_title
        text = "\n".join(measures.get((it.file_no, it.section, it.block, it.risk_title), [])) or None
        out.append(
            {
                "file_no": it.file_no,
                "key": it.key,
                "process": process,
                "risk_no": risk_no,
                "risk_title": title,
                "measures": text,
                "assessment": c["selected"],
                "assessment_index": c["selected_index"],
                "page": c["page"],
            }
        )
    return out


def _paired(items: list[Item], fields: list[dict]):
    index = {(f["file_no"], f["key"]): f for f in fields}
    for it in items:
        f = index.get((it.file_no, it.key))
        if f is not None and it.kind == "field":
            yield it, f


# ---------------------------------------------------------------- changes

_COLS = (
    ("変更日", "date"),
    ("変更前", "before"),
    ("変更後", "after"),
    ("説明", "note"),
    ("提出時期", "timing"),
    ("項目", "item"),
)


def _ocr_column(text: str) -> str | None:
    """An OCR'd 変更箇所 header cell with one character of its heading misread (`提出時｜`,
    a glyph map's wrong name for 期): the heading it is that close to, at its start."""
    from difflib import SequenceMatcher

    for word, name in _COLS:
        if (
            len(word) >= 3
            and len(text) <= len(word) + 1
            and SequenceMatcher(None, word, text, autojunk=False).ratio() >= 0.75
        ):
            return name
    return None


def changes(rows: list[Row]) -> tuple[list[dict], list[str]]:
    cols: list[tuple[str, float, float]] = []
    out: list[dict] = []
    warnings: list[str] = []
    for row in rows:
        cells = row.filled
        names = []
        for c in cells:
            t = clean_label(c.text)
            names.append(
                next((name for word, name in _COLS if word in t and len(t) <= len(word) + 8), None)
                or (_ocr_column(t) if c.ocr else None)
            )
        if cells and all(names) and "date" in names:
            cols = [(n, c.x0, c.x1) for n, c in zip(names, cells) if n]
            continue
        if not cols:
            continue
        rec: dict[str, list[str]] = defaultdict(list)
        for c in row.cells:
            if c.empty:
                continue
            col = max(cols, key=lambda col: min(col[2], c.x1) - max(col[1], c.x0))
            if min(col[2], c.x1) - max(col[1], c.x0) <= 0:
                continue
            rec[col[0]].append(c.text)
        if not rec:
            continue
        date_text = flat("\n".join(rec.get("date", [])))
        timing_text = flat("\n".join(rec.get("timing", [])))
        timing = "事前" if "事前" in timing_text else "事後" if "事後" in timing_text else None
        undated = not date_text or _change_date(date_text) is None
        if out and undated and (timing is None or out[-1]["timing"] is None):
            # the rest of a change row that a page break split (its date may be split too:
            # "平成29年6月9" | "日"; its 提出時期 may be printed on the second half only)
            prev = out[-1]
            for name in ("date", "item", "before", "after", "note"):
                if rec.get(name):
                    prev[name] = (prev[name] + "\n" if prev[name] else "") + "\n".join(rec[name])
            prev["timing"] = prev["timing"] or timing
            continue
        out.append(
            {
                "date": "\n".join(rec.get("date", [])),
                "item": "\n".join(rec.get("item", [])),
                "before": "\n".join(rec.get("before", [])),
                "after": "\n".join(rec.get("after", [])),
                "note": "\n".join(rec.get("note", [])),
                "timing": timing,
                "page": row.page,
            }
        )
    records = []
    for r in out:
        date_text = flat(r["date"])
        d = _change_date(date_text) if date_text else None
        if date_text and d is None:
            warnings.append(f"変更箇所 p.{r['page']}: change date {date_text!r} not understood")
        records.append(
            {
                "changed_on": d,
                "item": _text(r["item"]),
                "before": _text(r["before"]),
                "after": _text(r["after"]),
                "timing": r["timing"],
                "note": _text(r["note"]),
                "page": r["page"],
            }
        )
    return records, warnings


def _change_date(text: str):
    """The date of a change row; spaced printing splits digits ("平成2 8年"), and a date
    cell holds nothing but the date, so whitespace goes."""
    d = parse_date(re.sub(r"\s+", "", text))
    return d.value if d is not None and d.value is not None else None


def _text(t: str) -> str | None:
    v = fold(join_wrapped(t)).strip()
    return v or None
