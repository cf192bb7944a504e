"""CSV cells and bytes that read the same in every tool, and open intact in Excel.

One writer for `hyokasho query --format csv` and `hyokasho export --format csv`, so both
write NULL as an empty cell, booleans as `true`/`false`, lists and maps as JSON, dates ISO, and
encode the same way (UTF-8, UTF-8 with a byte-order mark, or cp932 with the characters it
lacks replaced and counted, never a crash).

`excel=True` is for files a person double-clicks: Excel converts every cell that looks like a
number or a date, so `011002` (a 北海道 全国地方公共団体コード) becomes 11002 and `1-2` becomes
2 January. Text cells that Excel would convert are written as the formula `="011002"`, which
Excel shows as the text itself; cells starting with = + - @ (which Excel would run as a
formula) get the same protection, or a leading apostrophe (which Excel shows) when too long
for a formula string or spread over lines.
Typed columns (DATE, numbers) are left alone: there the conversion is what the reader wants.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import IO, Any, Iterable, Sequence

from hyokasho.plain import plain

ENCODINGS = ("utf-8", "cp932")
REPLACEMENT = "?"
FLUSH_ROWS = 1000

# Unicode characters whose cp932 counterpart is a different code point (the JIS X 0208 mapping
# differences): mapping them is not a loss, so they are not counted as replaced.
CP932_EQUIVALENTS = str.maketrans(
    {
        "\u301c": "\uff5e",  # 〜 WAVE DASH → ～
        "\u2212": "\uff0d",  # − MINUS SIGN → －
        "\u2016": "\u2225",  # ‖ → ∥
        "\u2014": "\u2015",  # — EM DASH → ―
        "\u00a2": "\uffe0",
        "\u00a3": "\uffe1",
        "\u00ac": "\uffe2",
        "\u00a0": " ",
    }
)

# What Excel's CSV import turns into a number, a date or a time (Japanese locale included).
_EXCEL_CONVERTS = re.compile(
    r"""^\s*(?:
      [+-]?[¥$]?(?:\d[\d,]*)?\.?\d+(?:[eE][+-]?\d+)?%?     # 011002, 1,000, 1.5, 1e5, 50%
    | \d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?                  # 1-2, 2024/4/1, 4.1
    | (?:\d{1,4}年)?\d{1,2}月(?:\d{1,2}日)?                  # 4月1日, 2024年4月
    | \d{1,4}年\d{1,2}月\d{1,2}日
    | [RHSTMrhstm]\d{1,2}[-/.]\d{1,2}(?:[-/.]\d{1,2})?       # R6.4.1 (和暦 abbreviations)
    | \d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?            # 10:00
    | \d+\s+\d+/\d+                                         # 1 1/2
    )\s*$""",
    re.VERBOSE,
)
_FORMULA_START = ("=", "+", "-", "@")
_FORMULA_TEXT_MAX = 250  # Excel rejects string literals over 255 characters inside a formula


def cell(value: Any) -> str:
    """One value as CSV text: NULL empty, booleans true/false, lists and maps JSON, dates ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(plain(value), ensure_ascii=False)
    text = plain(value)
    return text if isinstance(text, str) else str(text)


class Formula(str):
    """A cell written as it is, unquoted: `="011002"` must reach Excel as a formula."""


def excel_text(text: str) -> str:
    """A text cell as Excel must see it to keep it as typed (see the module docstring)."""
    if not text:
        return text
    if _EXCEL_CONVERTS.match(text) or text.startswith(_FORMULA_START):
        if len(text) <= _FORMULA_TEXT_MAX and not any(c in text for c in "\r\n"):
            return Formula('="' + text.replace('"', '""') + '"')
        return "'" + text
    return text


def _quote(c: str) -> str:
    # Excel evaluates a quoted "=""1,000""" like an unquoted ="1,000": only quote when needed
    if isinstance(c, Formula) and "," not in c:
        return c
    if any(ch in c for ch in ',"\r\n'):
        return '"' + c.replace('"', '""') + '"'
    return c


class Encoder:
    """Text → bytes in one encoding; characters it lacks become REPLACEMENT and are counted."""

    def __init__(self, encoding: str):
        if encoding not in ENCODINGS:
            raise ValueError(f"unknown encoding {encoding!r}; choose one of {', '.join(ENCODINGS)}")
        self.encoding = encoding
        self.replaced: Counter = Counter()

    def __call__(self, text: str) -> bytes:
        if self.encoding == "cp932":
            text = text.translate(CP932_EQUIVALENTS)
        try:
            return text.encode(self.encoding)
        except UnicodeEncodeError:
            out = bytearray()
            for ch in text:
                try:
                    out += ch.encode(self.encoding)
                except UnicodeEncodeError:
                    self.replaced[ch] += 1
                    out += REPLACEMENT.encode(self.encoding)
            return bytes(out)


def write(
    out: IO[bytes],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    encoding: str = "utf-8",
    bom: bool = False,
    excel: bool = False,
    text_columns: Sequence[bool] | None = None,
    lineterminator: str = "\r\n",
) -> Counter:
    """Write a header and rows as CSV bytes; returns the characters replaced (cp932).

    `text_columns[i]` says whether column i holds text (only text cells get the Excel
    protection); `rows` may be any iterable, so a caller can stream batch by batch.
    """
    if bom and encoding != "utf-8":
        raise ValueError("a byte-order mark is for UTF-8 only")
    encode = Encoder(encoding)
    if bom:
        out.write("\ufeff".encode("utf-8"))
    protect = [bool(t) and excel for t in (text_columns or [True] * len(columns))]
    # quoting as needed (RFC 4180) keeps line breaks inside a cell; the csv module cannot leave
    # one cell unquoted on purpose, which the Excel formula cells need, hence this small writer
    lines = [",".join(_quote(c) for c in columns)]
    for row in rows:
        cells = [cell(v) for v in row]
        if excel:
            cells = [excel_text(c) if p and isinstance(v, str) else c for c, v, p in zip(cells, row, protect)]
        lines.append(",".join(_quote(c) for c in cells))
        if len(lines) >= FLUSH_ROWS:
            out.write(encode(lineterminator.join(lines) + lineterminator))
            lines.clear()
    if lines:
        out.write(encode(lineterminator.join(lines) + lineterminator))
    return encode.replaced
