"""File names as bytes, end to end: any name on disk can be ingested, logged and exported.

On POSIX a file name is bytes. Python hands names that are not valid in the file-system
encoding over as str with lone surrogates (PEP 383, `surrogateescape`): such a str opens the
file, but cannot be written as UTF-8 — a Shift_JIS name from a Windows zip used to break the
manifest write of every run. So a name is kept twice:

* **losslessly**, as its bytes (`os.fsencode`): `source_file_bytes` columns, the manifest's
  `path_bytes`; `os.fsdecode` gives the openable name back;
* **shown escaped** (`display`): every byte that is not valid UTF-8 as `\\xNN`, control
  characters (a newline, a tab …) as `\\n`, `\\t`, `\\xNN` — one printable line, safe in logs,
  JSON, CSV and Parquet. Printable names are shown as they are.

`display` is for people; the bytes are the name. Two different names can look alike shown
escaped only if one of them contains a literal backslash sequence such as `\\x83`; their bytes
still differ.
"""

from __future__ import annotations

import os
import unicodedata

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def display(name: str | os.PathLike) -> str:
    """One printable line for a file name (see the module's docstring)."""
    out = []
    for ch in os.fspath(name):
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:  # an undecodable byte, kept by surrogateescape
            out.append(f"\\x{o - 0xDC00:02x}")
        elif ch in _NAMED:
            out.append(_NAMED[ch])
        elif unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp"):
            out.append(f"\\x{o:02x}" if o < 0x100 else f"\\u{o:04x}")
        else:
            out.append(ch)
    return "".join(out)


def to_bytes(name: str | os.PathLike) -> bytes:
    """The name's exact bytes on disk."""
    return os.fsencode(name)


def from_bytes(raw: bytes) -> str:
    """The str that opens the file named by these bytes (surrogates where they are not UTF-8)."""
    return os.fsdecode(raw)
