"""The official 評価書 forms as data: every part, section, item, label and option list of
基礎項目評価書 (様式2), 重点項目評価書 (様式3) and 全項目評価書 (様式4) in each revision, with
where each row was read (models/forms/*.json, sources in models/forms/sources.json).

Why in models/: the forms are the model of the input the way schema.py is the model of the
output. Several layers read them and none may import another for it: extract/ (keys of
OCR'd labels, the skeleton a document is aligned to), normalize/ (the OCR label list
derived from them, scripts/make_form_labels.py), the analyst-facing `form_item` mapping and
tests/pdfgen (one generated PDF per form × revision). models/ is the package every layer
may import and that imports none of them.

A row (`Row`) is one printed line of the form, in printed order:

    cover           a cover heading and its value (`cover.評価書名`)
    toc             the 項目一覧 (`items`: its lines)
    part / annex    a part heading (Ⅰ … Ⅵ) / an attachment heading ((別添1) …)
    section         a numbered subsection heading (`1. 特定個人情報ファイルを取り扱う事務`)
    heading         an unnumbered heading row inside a section (`(備考)`, `…におけるその他のリスク…`)
    heading_checks  check boxes printed in the section heading (`[ ] 委託しない`)
    block           a repeated block's title row (`システム{n}`, `委託事項{n}` (`value`: it carries the title))
    risk            a リスク title row (`リスク{n}: …`; unnumbered in 様式4 Ⅲ4)
    field / choice / checks   a label with a text value / a ＜選択肢＞ selection / check boxes
    span            a value printed across the table, keyed by its section title
    changes         the 変更箇所 table

`key` is the SCHEMA.md key the row's value gets in the revision where the row was read
(blocks as `{n}`); `item` (default: the key) is the row's identity across revisions, the
`form_item` an analyst joins revisions on: a row that a revision renumbers or renames
(`labels`) keeps its item. `src` names the sources the row was read in; an empty `src`
means the row is derived (the revision's `derived_from`) or recalled, never silently so:
the revision's `note` says which.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Mapping, TypedDict

DIR = Path(__file__).with_name("forms")
FORMS = ("kiso", "juten", "zenkomoku")
NUMBER = {"kiso": 2, "juten": 3, "zenkomoku": 4}
KINDS = frozenset(
    {
        "cover",
        "toc",
        "part",
        "annex",
        "section",
        "heading",
        "heading_checks",
        "block",
        "risk",
        "field",
        "choice",
        "checks",
        "span",
        "changes",
    }
)
# rows whose value becomes a dataset row (fields, choices or checks)
VALUE_KINDS = frozenset({"cover", "field", "choice", "checks", "span", "heading_checks", "block"})
_BLOCK = re.compile(r"\.(sys|itaku|teikyo|iten)\{n\}")
_BLOCK_NO = re.compile(r"\.(sys|itaku|teikyo|iten)(\d+)(?=\.|$)")
_BLOCK_NAME = re.compile(r"(システム|委託事項|提供先|移転先)(\d+)$")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str | None
    path: str | None  # a filing bundled in this repository, repo-relative
    form: str | None
    revision: str | None
    seen: str  # which parts of the form the source shows
    empty: tuple[str, ...] = ()  # keys the filing prints without a value (a row with a blank value)


@dataclass(frozen=True)
class Revision:
    name: str  # as printed in the marker: 令和6年10月
    sources: tuple[str, ...]
    derived_from: str | None
    note: str


@dataclass(frozen=True)
class Row:
    kind: str
    key: str
    label: str | None = None
    num: int | None = None  # circled number ①… printed before the label
    sub: bool = False  # printed as a sub-row (label in the second column)
    star: bool = False  # the label carries ※
    group: str | None = None  # label of a cell spanning several rows (再委託, ⑦使用の主体)
    group_num: int | None = None
    options: tuple[str, ...] = ()  # ＜選択肢＞ or check-box options, in printed order
    options_name: str | None = None  # their name in options.json
    revisions: frozenset[str] | None = None  # None: every revision of the form
    labels: Mapping[str, str] = field(default_factory=dict)  # revision -> label printed then
    item: str = ""  # identity across revisions (form_item)
    src: tuple[str, ...] = ()
    risk: bool = False  # a リスクへの対策は十分か self-assessment (risk_measures)
    aliases: tuple[str, ...] = ()  # other printings of the label met in filings
    items: tuple[str, ...] = ()  # toc lines
    value: bool = False  # a block title row that carries a value (委託事項N: its title)
    count: bool = False  # the value cell also prints `( n ) 件`
    note: str | None = None
    note_text: str | None = None  # fixed explanatory text the form prints in the row
    annex: str | None = None  # 変更箇所: its 別添 number
    repeats: bool = False  # a part printed once per 特定個人情報ファイル (file_no)

    def applies(self, revision: str | None) -> bool:
        return revision is None or self.revisions is None or revision in self.revisions

    def label_in(self, revision: str | None) -> str | None:
        return self.labels.get(revision, self.label) if revision else self.label

    def key_in(self, revision: str | None) -> str:
        """The key in `revision`: a label-keyed row that the revision printed under another
        label has that label in its key (keys are what the page prints)."""
        old = self.labels.get(revision) if revision else None
        if old and self.label and self.key.endswith(self.label):
            return self.key[: -len(self.label)] + old
        return self.key

    @property
    def value_key(self) -> str:
        """The key of the dataset row the row's value becomes: a block title row's value is
        keyed by the block name (`II.4.itaku{n}.委託事項{n}`)."""
        return f"{self.key}.{self.label}" if self.kind == "block" else self.key

    def value_key_in(self, revision: str | None) -> str:
        return f"{self.key}.{self.label}" if self.kind == "block" else self.key_in(revision)

    @property
    def block(self) -> str | None:
        m = _BLOCK.search(self.key)
        return m.group(1) if m else None

    @property
    def verified(self) -> bool:
        return bool(self.src)


@dataclass(frozen=True)
class Form:
    name: str
    number: int
    title: str
    revisions: tuple[Revision, ...]
    rows: tuple[Row, ...]

    @property
    def revision_names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.revisions)

    def revision(self, name: str) -> Revision:
        for r in self.revisions:
            if r.name == name:
                return r
        raise KeyError(f"様式{self.number} has no revision {name!r} (known: {', '.join(self.revision_names)})")

    def marker(self, revision: str) -> str:
        return f"[{revision} 様式{self.number}]"

    def rows_in(self, revision: str | None) -> list[Row]:
        """The rows printed in `revision` (None: every row of every revision)."""
        if revision is not None:
            self.revision(revision)
        return [r for r in self.rows if r.applies(revision)]

    def value_rows(self, revision: str | None) -> list[Row]:
        """The rows whose value becomes a dataset row (a block title row only where it
        carries a value)."""
        return [r for r in self.rows_in(revision) if r.kind in VALUE_KINDS and (r.kind != "block" or r.value)]


_ROW_KEYS = frozenset(
    {
        "kind",
        "key",
        "label",
        "num",
        "sub",
        "star",
        "group",
        "group_num",
        "options",
        "rev",
        "labels",
        "item",
        "src",
        "risk",
        "aliases",
        "items",
        "value",
        "count",
        "note",
        "note_text",
        "annex",
        "repeats",
    }
)


class _OptionLists(TypedDict):
    """models/forms/options.json: the named ＜選択肢＞ and check-box lists rows refer to."""

    _about: str
    choices: dict[str, list[str]]
    checks: dict[str, list[str]]


def _row(d: dict[str, Any], options: _OptionLists, where: str) -> Row:
    kind = d["kind"]
    unknown = set(d) - _ROW_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown row fields {sorted(unknown)}")
    if kind not in KINDS:
        raise ValueError(f"{where}: unknown row kind {kind!r}")
    opts = d.get("options")
    name = None
    if isinstance(opts, str):
        pool = options["checks" if kind == "checks" else "choices"]
        if opts not in pool:
            raise ValueError(f"{where}: option list {opts!r} is not in options.json")
        name, opts = opts, pool[opts]
    return Row(
        kind=kind,
        key=d["key"],
        label=d.get("label"),
        num=d.get("num"),
        sub=bool(d.get("sub")),
        star=bool(d.get("star")),
        group=d.get("group"),
        group_num=d.get("group_num"),
        options=tuple(opts or ()),
        options_name=name,
        revisions=frozenset(d["rev"]) if "rev" in d else None,
        labels=dict(d.get("labels", {})),
        item=d.get("item") or d["key"],
        src=tuple(d.get("src", ())),
        risk=bool(d.get("risk")),
        aliases=tuple(d.get("aliases", ())),
        items=tuple(d.get("items", ())),
        value=bool(d.get("value")),
        count=bool(d.get("count")),
        note=d.get("note"),
        note_text=d.get("note_text"),
        annex=d.get("annex"),
        repeats=bool(d.get("repeats")),
    )


@lru_cache(maxsize=1)
def _options() -> _OptionLists:
    lists: _OptionLists = json.loads((DIR / "options.json").read_text(encoding="utf-8"))
    return lists


@lru_cache(maxsize=1)
def sources() -> dict[str, Source]:
    raw = json.loads((DIR / "sources.json").read_text(encoding="utf-8"))
    return {
        k: Source(
            id=k,
            title=v["title"],
            url=v.get("url"),
            path=v.get("path"),
            form=v.get("form"),
            revision=v.get("revision"),
            seen=v["seen"],
            empty=tuple(v.get("empty", ())),
        )
        for k, v in raw.items()
        if not k.startswith("_")
    }


@lru_cache(maxsize=None)
def load(name: str) -> Form:
    """The form `kiso`, `juten` or `zenkomoku`."""
    if name not in FORMS:
        raise KeyError(f"unknown form {name!r} (known: {', '.join(FORMS)})")
    path = DIR / f"{name}.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    revisions = tuple(
        Revision(r["name"], tuple(r.get("sources", ())), r.get("derived_from"), r.get("note", ""))
        for r in raw["revisions"]
    )
    names = {r.name for r in revisions}
    known = sources()
    rows = []
    for i, d in enumerate(raw["rows"]):
        row = _row(d, _options(), f"{path.name} row {i}")
        unknown = (row.revisions or frozenset()) - names | set(row.labels) - names
        if unknown:
            raise ValueError(f"{path.name} row {i} ({row.key}): unknown revision {sorted(unknown)}")
        missing = [s for s in row.src if s not in known]
        if missing:
            raise ValueError(f"{path.name} row {i} ({row.key}): unknown source {missing}")
        rows.append(row)
    for r in revisions:
        missing = [s for s in r.sources if s not in known]
        if missing:
            raise ValueError(f"{path.name} revision {r.name}: unknown source {missing}")
        if r.derived_from is not None and r.derived_from not in names:
            raise ValueError(f"{path.name} revision {r.name}: derived from unknown revision {r.derived_from}")
    return Form(name=name, number=raw["number"], title=raw["title"], revisions=revisions, rows=tuple(rows))


def forms() -> Iterator[Form]:
    for name in FORMS:
        yield load(name)


def revision_of(form_label: str | None) -> str | None:
    """`令和6年10月 様式2` (documents.form_label) → `令和6年10月`."""
    return form_label.split(" ")[0] if form_label else None


def pattern(key: str) -> str:
    """A dataset key with its block numbers as `{n}`: `II.4.itaku3.6` → `II.4.itaku{n}.6`."""
    key = _BLOCK_NO.sub(lambda m: f".{m.group(1)}{{n}}", key)
    return _BLOCK_NAME.sub(lambda m: f"{m.group(1)}{{n}}", key)


@lru_cache(maxsize=None)
def _item_index(form: str, revision: str | None) -> dict[str, str]:
    f = load(form)
    index: dict[str, str] = {}
    # the revision's own rows first, then every other row (a filing may mix wordings)
    ordered = f.rows_in(revision) + [r for r in f.rows if not r.applies(revision)] if revision else list(f.rows)
    for r in ordered:
        if r.kind not in VALUE_KINDS or r.kind == "block" and not r.value:
            continue
        item = r.value_key if r.kind == "block" else r.item
        for key in {r.value_key_in(revision), r.value_key, *(r.value_key_in(name) for name in r.labels)}:
            index.setdefault(key, item)
        for alias in r.aliases:
            if r.label and r.key.endswith(r.label):
                index.setdefault(r.key[: -len(r.label)] + alias, item)
    return index


def form_item(form: str, revision: str | None, key: str) -> str | None:
    """The item a dataset key is in the official form, as the newest revision keys it
    (`kiso`, `平成30年5月`, `IV.8.実施の有無` → `IV.9.実施の有無`); block numbers kept
    (`II.4.itaku3.6` → `II.4.itaku3.6`). None: the key is no item of the form (a filing's own
    row). `revision` None or unknown: any revision's rows."""
    if form not in FORMS:
        return None
    f = load(form)
    rev = revision if revision in f.revision_names else None
    index = _item_index(form, rev)
    m = [mm.group(2) for mm in _BLOCK_NO.finditer(key)]
    p = pattern(key)
    item = index.get(p)
    if item is None and "/" in p:
        return None
    if item is None:
        return None
    for n in m:
        item = item.replace("{n}", n, 1)
    name = _BLOCK_NAME.search(key)
    if name and "{n}" in item:
        item = item.replace("{n}", name.group(2))
    return item


_ROMAN = {"I": "Ⅰ", "II": "Ⅱ", "III": "Ⅲ", "IV": "Ⅳ", "V": "Ⅴ", "VI": "Ⅵ"}


def printed_labels(form: str, revision: str | None, blocks: int = 1) -> list[tuple[str, str]]:
    """The label column of `form` in `revision` as printed, in order: (row kind, text), e.g.
    ("part", "Ⅰ 基本情報"), ("section", "1. 特定個人情報ファイルを取り扱う事務"),
    ("field", "①事務の名称"), ("risk", "リスク1: 目的外の入手が行われるリスク"). Repeated blocks
    (システムN, 委託事項N, …) appear `blocks` times. The skeleton an OCR'd page's label column
    is aligned to (issue 14)."""
    f = load(form)
    out: list[tuple[str, str]] = []
    group = None
    rows = f.rows_in(revision)
    i = 0
    while i < len(rows):
        r = rows[i]
        if r.kind == "block":
            j = i + 1
            while j < len(rows) and "{n}" in rows[j].key and rows[j].kind not in ("block", "section", "part"):
                j += 1
            for n in range(1, blocks + 1):
                for b in rows[i:j]:
                    out += [(k, t.replace("{n}", str(n))) for k, t in _printed(b, revision, group)]
            i = j
            continue
        out += _printed(r, revision, group)
        group = r.group
        i += 1
    return out


def _printed(r: Row, revision: str | None, group: str | None) -> list[tuple[str, str]]:
    label = r.label_in(revision) or ""
    star = " ※" if r.star else ""
    circled = chr(0x2460 + r.num - 1) if r.num else ""
    if r.kind == "part":
        return [("part", f"{_ROMAN.get(r.key, r.key)} {label}{star}")]
    if r.kind == "annex":
        return [("annex", f"({r.key.split('.')[-1]}) {label}")]
    if r.kind == "changes":
        return [("changes", f"({r.annex}) {label}" if r.annex else label)]
    if r.kind == "section":
        return [("section", f"{r.key.rsplit('.', 1)[-1]}. {label}{star}")]
    if r.kind == "risk":
        no = r.key.rsplit(".risk", 1)[-1] if ".risk" in r.key else None
        return [("risk", f"リスク{no}: {label}" if no else label)]
    if r.kind in ("cover", "heading", "block"):
        return [(r.kind, label)]
    if r.kind == "toc":
        return [("toc", label), *(("toc", x) for x in r.items)]
    if r.kind in ("field", "choice", "checks") and label:
        out = []
        if r.group and r.group != group:
            out.append(("group", f"{chr(0x2460 + r.group_num - 1) if r.group_num else ''}{r.group}"))
        return out + [(r.kind, f"{circled}{label}{star}")]
    return []


@lru_cache(maxsize=None)
def _sub_parents(form: str) -> frozenset[str]:
    return frozenset(k.split("/", 1)[0] for k in _item_index(form, None) if "/" in k)


def is_key(form: str, key: str) -> bool:
    """`key` (block numbers as printed) is the key of an item of `form` in some revision."""
    return form in FORMS and pattern(key) in _item_index(form, None)


def has_sub_rows(form: str, key: str) -> bool:
    """The item `key` has sub-rows (`<key>/<label>`) in some revision of `form`."""
    return form in FORMS and pattern(key) in _sub_parents(form)


@lru_cache(maxsize=None)
def group_labels(form: str) -> frozenset[str]:
    """Labels of cells that span a group of rows and carry no value (再委託, 使用の主体)."""
    return frozenset(r.group for r in load(form).rows if r.group) if form in FORMS else frozenset()


def coverage() -> list[dict[str, Any]]:
    """Per form × revision: how many value rows were read in a source of that revision, in a
    source of another revision only, or in none (recalled; 様式3 below its part headings)."""
    known = sources()
    out = []
    for f in forms():
        for r in f.revisions:
            rows = f.value_rows(r.name)
            own = sum(1 for x in rows if any(known[s].revision == r.name for s in x.src))
            other = sum(1 for x in rows if x.src and not any(known[s].revision == r.name for s in x.src))
            out.append(
                {
                    "form": f.name,
                    "number": f.number,
                    "revision": r.name,
                    "rows": len(rows),
                    "read_here": own,
                    "read_elsewhere": other,
                    "unread": len(rows) - own - other,
                    "sources": r.sources,
                    "derived_from": r.derived_from,
                }
            )
    return out


if __name__ == "__main__":  # uv run python -m models.forms: the coverage table of models/forms/README.md
    print(
        "| form | revision | rows | read in this revision | read in another revision only | read nowhere | derived from |"
    )
    print("|---|---|---|---|---|---|---|")
    for c in coverage():
        print(
            f"| 様式{c['number']} | {c['revision']} | {c['rows']} | {c['read_here']} | {c['read_elsewhere']} | "
            f"{c['unread']} | {c['derived_from'] or '—'} |"
        )
