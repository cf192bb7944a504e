"""Items → rows of fields, choices and checks: the value of each cell, typed.

The text rules themselves (option lists, selections, check boxes, folding) live in
`normalize`; this module only decides which rule applies to which cell and where the
official form's check boxes carry a free-text slot.
"""

from __future__ import annotations

import re
import unicodedata

from extract.assessment.structure import Item, flat
from extract.pdf import ocr_confidence as chars_confidence
from normalize.checkmarks import parse_checks
from normalize.choices import ChoiceMatch, closest_option, count_range, match_choice, parse_options
from normalize.form_options import closest_list, closest_list_in_text
from normalize.text import fold, join_wrapped

# Options of the official form printed with a free-text slot "( … )" after them (II.3①入手元
# and その他 everywhere); any other parenthesis is part of the option's own name
# ("電子記録媒体(フラッシュメモリを除く。)", "その他識別情報(内部番号)").
_SLOT_OPTIONS = frozenset(
    {
        "その他",
        "本人又は本人の代理人",
        "評価実施機関内の他部署",
        "行政機関・独立行政法人等",
        "地方公共団体・地方独立行政法人",
        "民間事業者",
    }
)
_SLOT = re.compile(r"^(.*?)\s*\(\s*(.*?)\s*\)\s*(件)?$", re.S)
_COUNT_SLOT = re.compile(r"^(.*?)\s*\(\s*([0-9,]*)\s*\)\s*件$")
_GROUP_LINE = re.compile(r"^\s*[・･]\s*\S")
_HAS_BOX = re.compile(r"[\[［【]\s*(?:[^\]］】\w]|〇)?\s*[\]］】]|[□■☐☑☒]")
_BARE_BOX = re.compile(r"(?:^|(?<=\s))[□☐](?=\s*\S)", re.M)
_BARE_MARK = re.compile(r"(?:^|(?<=\s))[○〇◯●◉◎✓✔](?=\s*[^\s\]）)】])", re.M)
_MARK_VARIANTS = str.maketrans({"［": "[", "］": "]", "【": "[", "】": "]"})


def clean_value(text: str) -> str | None:
    t = fold(join_wrapped(text or "")).strip()
    return t or None


def split_checks(text: str, marks_only: bool = False) -> list[tuple[str, bool, str | None]]:
    """(option, checked, other_text) for every box in a value cell. marks_only: the text
    is nothing but boxes and their options (a heading's marks), so a bare ○ is a box."""
    t = unicodedata.normalize("NFKC", text or "").translate(_MARK_VARIANTS)
    if marks_only or _BARE_BOX.search(t):
        # boxes printed without brackets: in a run of □ boxes a bare ○/✓ before an option
        # is the checked box, not a bullet
        t = _BARE_MARK.sub("■", t)
    # group captions ("・識別情報") between boxes are not part of any option
    lines = [ln for ln in t.split("\n") if not (_GROUP_LINE.match(ln) and not _HAS_BOX.search(ln))]
    out = []
    for c in parse_checks("\n".join(lines)):
        option, other = c.option, c.other_text
        full = f"{option}({other})" if other is not None else option
        full = fold(full)
        m = _COUNT_SLOT.match(full)
        if m:
            option, other = fold(m.group(1)), (m.group(2) or None)
        else:
            m = _SLOT.match(full)
            if m and fold(m.group(1)) in _SLOT_OPTIONS:
                option, other = fold(m.group(1)), (fold(m.group(2)) or None)
            else:
                option, other = full, None
        out.append((option, c.checked, other if c.checked else None))
    return out


def has_checks(text: str) -> bool:
    return bool(_HAS_BOX.search(unicodedata.normalize("NFKC", text or "").translate(_MARK_VARIANTS)))


def choice_of(item: Item) -> dict:
    options = parse_options(item.choices or "")
    raw = unicodedata.normalize("NFKC", item.value or "")
    selected: str | None = None
    index: int | None = None
    warning: str | None = None
    notes: list[str] = []
    ocr = item.cell is not None and item.cell.ocr
    if ocr and item.choices:
        # the form prints a fixed list: an OCR'd list is read as the official list it is
        # closest to, split into options where its markers survived, as one text where not
        near_list = (closest_list(options) if len(options) >= 2 else None) or closest_list_in_text(item.choices)
        if near_list is not None and list(near_list[1]) != options:
            notes.append(
                f"OCR'd ＜選択肢＞ {options!r} read as the official list {near_list[0]} (similarity {near_list[2]:.2f})"
            )
            options = list(near_list[1])
    m = match_choice(raw, options) if options else None
    if m is not None and m.index is None and m.selected and ocr:
        # OCR garbled the printed selection: the option it is clearly closest to
        near = closest_option(m.selected, options)
        if near is not None:
            warning = f"OCR'd selection {m.selected!r} read as the closest option {options[near - 1]!r}"
            m = ChoiceMatch(options[near - 1], near)
    if m is not None and m.index is not None:
        selected, index = m.selected, m.index
    elif m is not None and m.selected:
        selected = m.selected
        warning = f"selection {flat(item.value)!r} not among its options"
    lo, hi = count_range(selected) if index and selected is not None else (None, None)
    if notes:
        warning = "; ".join(notes + ([warning] if warning else []))
    return {
        "selected": selected,
        "selected_index": index,
        "options": options,
        "range_min": lo,
        "range_max": hi,
        "warning": warning,
    }


def ocr_confidence(item: Item) -> float | None:
    """extract.pdf.ocr_confidence of the item's value cell: None where no character was OCR'd."""
    return chars_confidence(item.cell.chars) if item.cell else None


def rows_for(item: Item) -> tuple[list[dict], list[dict], list[dict], list[str]]:
    """fields, choices, checks rows of one item (without doc_id)."""
    fields: list[dict] = []
    choices: list[dict] = []
    checks: list[dict] = []
    warnings: list[str] = []
    base = {"file_no": item.file_no, "key": item.key, "page": item.page, "ocr_confidence": ocr_confidence(item)}
    bbox = item.cell.bbox if item.cell else None
    if item.kind == "heading_checks":
        for option, on, other in split_checks(item.value, marks_only=True):
            key = f"{item.key}.{re.sub(r'[(（].*$', '', option)}"
            checks.append({**base, "key": key, "option": option, "checked": on, "other_text": other, "bbox": bbox})
        return fields, choices, checks, warnings
    label = fold(item.label) if item.label else None
    if item.kind == "choice":
        c = choice_of(item)
        warning = c.pop("warning")
        if warning:
            warnings.append(f"{item.key}: {warning}")
        choices.append({**base, "label": label, **c, "bbox": bbox})
        fields.append({**base, "label": label, "value": c["selected"], "bbox": bbox, "section": item.section_title})
        return fields, choices, checks, warnings
    if has_checks(item.value):
        found = split_checks(item.value)
        if found and all(o for o, _, _ in found):
            for option, on, other in found:
                checks.append({**base, "option": option, "checked": on, "other_text": other, "bbox": bbox})
            value = "、".join(o for o, on, _ in found if on)
            fields.append({**base, "label": label, "value": value or None, "bbox": bbox, "section": item.section_title})
            return fields, choices, checks, warnings
    fields.append(
        {**base, "label": label, "value": clean_value(item.value), "bbox": bbox, "section": item.section_title}
    )
    return fields, choices, checks, warnings
