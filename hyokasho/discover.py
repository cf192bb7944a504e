"""What an ingest reads: files and folders given on the command line → candidate files.

* A path named explicitly is taken whatever its extension (a mislabelled PDF is not silently
  ignored); inside folders only `*.pdf` are taken and the other files reported.
* Non-regular "*.pdf" entries (directories, FIFOs, dangling links) are kept as candidates with
  their problem, so they are reported, not silently dropped.
* Symbolic links inside a folder are followed only while they stay inside it: a link to a
  file or folder outside the input folder is refused with a message (`--follow-links` reads
  such files; folders behind links are never descended, so a link loop cannot trap a run).
* Every candidate carries a `label`, its path relative to the folder it was found in (its
  file name when given explicitly): warnings and messages name files by it, so identical
  inputs give identical rows wherever they lie.
* Names are str as the OS gives them (surrogates for bytes that are not UTF-8); order is the
  order of their bytes, so it does not depend on the locale.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from hyokasho.manifest import kind_of
from hyokasho.names import display, to_bytes
from hyokasho.os_errors import cause
from hyokasho.sidecar import FILE as SOURCE_LIST


@dataclass
class Candidate:
    source: str  # as given / as found (may hold surrogates)
    path: str  # absolute
    label: str  # for warnings and messages: relative to its input folder
    problem: str | None = None  # why it cannot be read (then no sha)
    st: os.stat_result | None = None
    sha: str | None = None


@dataclass
class Found:
    candidates: list[Candidate] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # not PDF file names (shown escaped)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (shown name, why): links leaving the folder
    folders: list[str] = field(default_factory=list)  # absolute input folders that exist


def discover(paths: Iterable[str | Path], follow_links: bool = False) -> Found:
    found = Found()
    for p in (os.fspath(q) for q in paths):
        if os.path.isdir(p) and not p.lower().endswith(".pdf"):
            found.folders.append(os.path.abspath(p))
            _walk(p, found, follow_links)
        else:
            found.candidates.append(_candidate(p, os.path.basename(os.path.normpath(p)) or p))
    seen: set[str] = set()
    unique = []
    for c in found.candidates:  # a path given twice (or a file also inside a given folder) once
        if c.path not in seen:
            seen.add(c.path)
            unique.append(c)
    found.candidates = unique
    return found


def _walk(root: str, found: Found, follow_links: bool) -> None:
    real_root = os.path.realpath(root)
    entries: list[tuple[str, str]] = []  # (path as found, relative label)
    for dirpath, dirs, files in os.walk(root):
        dirs.sort(key=to_bytes)
        for d in dirs:
            full = os.path.join(dirpath, d)
            if os.path.islink(full) and not _inside(os.path.realpath(full), real_root):
                found.refused.append(
                    (
                        display(full),
                        f"is a symbolic link to a folder outside the input folder {display(root)}; not followed",
                    )
                )
        for name in files + [d for d in dirs if d.lower().endswith(".pdf")]:
            entries.append((os.path.join(dirpath, name), os.path.relpath(os.path.join(dirpath, name), root)))
    for full, label in sorted(entries, key=lambda e: to_bytes(e[0])):
        if not full.lower().endswith(".pdf"):
            if os.path.isfile(full) and os.path.basename(full) != SOURCE_LIST:  # a source list is read, not skipped
                found.skipped.append(display(full))
            continue
        if (
            os.path.islink(full)
            and not follow_links
            and os.path.exists(full)
            and not _inside(os.path.realpath(full), real_root)
        ):
            found.refused.append(
                (
                    display(full),
                    f"is a symbolic link to {display(os.path.realpath(full))}, outside "
                    f"the input folder {display(root)}; not read (pass --follow-links "
                    "to read it)",
                )
            )
            continue
        found.candidates.append(_candidate(full, label))


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _candidate(p: str, label: str) -> Candidate:
    path = os.path.abspath(p)
    label = display(label)
    try:
        st = os.stat(p)  # follows symlinks: a dangling link fails here, as reading it would
    except FileNotFoundError:
        why = "is a dangling symbolic link" if os.path.islink(p) else "no such file or folder"
        return Candidate(p, path, label, why)
    except OSError as e:
        return Candidate(p, path, label, f"cannot be examined ({cause(e)})")
    return Candidate(p, path, label, kind_of(st.st_mode), st)
