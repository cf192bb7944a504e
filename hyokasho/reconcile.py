"""After a run has read its files: what the dataset keeps, under which path, and the history.

The dataset mirrors its inputs by this policy (the README states it):

* a content's rows stay while some path holds it — as far as this run knows: a path not seen
  this run still holds what it held, unless `--sync` finds it gone under an input folder or a
  rename shows it moved (the same bytes at a new path, the old path no longer there);
* so an input edited in place loses its old rows as soon as no other path holds the old bytes
  (whatever the new bytes are: new, another input's, broken);
* **the replacement rule**: when a path's new version reads worse than the version it replaces
  (ok > ocr > partial > needs_ocr > failed), the better version is kept too — both stay
  visible, the new one with a warning, and `document_paths.kept` says so — until the path
  holds a version at least as good, or is deleted;
* rows cite the path they cite while it holds the content (a copy does not take it over);
  when that path is gone or holds other bytes, they move to the first, in byte order, of the
  paths that still hold it (a rename, a deleted original);
* `document_paths` records which paths each content had: when first seen there and when and
  why it went (deleted, renamed, edited).

Pure decisions over the manifests before and after the run; ingest.py applies them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime

from hyokasho.manifest import Entry, Manifest, rank
from hyokasho.names import display, to_bytes


@dataclass
class Decisions:
    gone: dict[str, str] = field(default_factory=dict)  # path → deleted | renamed
    forget: set[str] = field(default_factory=set)  # contents whose rows go
    forget_sources: set[str] = field(default_factory=set)  # shown paths whose error rows go
    renames: dict[str, tuple[Entry, str | None]] = field(default_factory=dict)  # sha → (new holder, old label)
    history: list[dict] | None = None  # None: unchanged
    kept: dict[str, Entry] = field(default_factory=dict)  # path → the better content kept for it


def worse_than_before(path: str, outcome: str, before: Manifest) -> Entry | None:
    """The better version a path's new content must not silently replace, or None."""
    prev = [e for e in (before.by_path.get(path), before.kept.get(path)) if e is not None and e.sha256]
    best = max(prev, key=lambda e: rank(e.outcome), default=None)
    return best if best is not None and rank(outcome) < rank(best.outcome) else None


def decide(
    before: Manifest,
    after: Manifest,
    seen: set[str],
    sync_folders: list[str],
    row_sources: dict[str, str],
    history: list[dict],
    now: datetime,
) -> Decisions:
    """`before`/`after`: the manifest at the start of the run and as the run recorded it (paths
    not seen keep their old entries); `seen`: paths found this run; `sync_folders`: input
    folders whose unseen paths are gone (--sync); `row_sources`: content → the path its rows
    cite now (shown); `history`: document_paths as it is."""
    d = Decisions()
    holders_now: dict[str, list[str]] = {}
    for p, e in after.by_path.items():
        if p in seen and e.sha256:
            holders_now.setdefault(e.sha256, []).append(p)
    for p, e in list(after.by_path.items()):
        if p in seen:
            continue
        if any(_inside(p, f) for f in sync_folders):
            d.gone[p] = "renamed" if e.sha256 in holders_now else "deleted"
        elif e.sha256 in holders_now and not os.path.lexists(p):
            d.gone[p] = "renamed"  # its bytes are at a new path and it is no longer there
    for p in d.gone:
        e = after.by_path.pop(p)
        if e.sha256 is None:  # an unreadable file's error row is keyed by its path alone
            d.forget_sources.add(display(e.source_file))

    # the replacement rule: a path keeps its better version while it holds a worse one
    for p, e in after.by_path.items():
        if p not in seen:
            if p in before.kept:
                d.kept[p] = before.kept[p]
            continue
        old = before.by_path.get(p)
        if old is not None and old.sha256 == e.sha256:
            if p in before.kept:
                d.kept[p] = before.kept[p]
            continue
        better = worse_than_before(p, e.outcome if e.outcome != "duplicate" else _outcome(after, e), before)
        if better is not None and better.sha256 != e.sha256:
            d.kept[p] = better
    after.kept = d.kept

    live = {e.sha256 for e in after.by_path.values() if e.sha256} | {e.sha256 for e in d.kept.values() if e.sha256}
    had = {e.sha256 for e in before.by_path.values() if e.sha256} | {e.sha256 for e in before.kept.values() if e.sha256}
    d.forget = had - live

    # rows cite the first holder (byte order); a content only kept cites the path it is kept for
    holders: dict[str, list[Entry]] = {}
    for e in after.by_path.values():
        if e.sha256:
            holders.setdefault(e.sha256, []).append(e)
    for e in d.kept.values():
        if e.sha256:  # a kept version is always a content that was read
            holders.setdefault(e.sha256, [])
    for sha, entries in holders.items():
        if sha not in row_sources or any(display(e.source_file) == row_sources[sha] for e in entries):
            continue
        if entries:
            first = min(entries, key=lambda e: to_bytes(e.path))
        else:
            first = min((e for e in d.kept.values() if e.sha256 == sha), key=lambda e: to_bytes(e.path))
        if display(first.source_file) != row_sources[sha]:
            old_label = next(
                (
                    e.label
                    for e in list(before.by_path.values()) + list(before.kept.values())
                    if e.sha256 == sha and display(e.source_file) == row_sources[sha]
                ),
                None,
            )
            d.renames[sha] = (first, old_label)

    d.history = _history(history, after, d, now)
    return d


def _outcome(m: Manifest, e: Entry) -> str:
    twin = m.by_sha.get(e.sha256) if e.sha256 else None
    return twin.outcome if twin is not None else e.outcome


def _inside(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip(os.sep) + os.sep)


def _history(old: list[dict], after: Manifest, d: Decisions, now: datetime) -> list[dict] | None:
    """document_paths after this run, or None when nothing in it changed."""
    current = {(to_bytes(e.source_file), e.sha256): e for e in after.by_path.values() if e.sha256}
    kept_pairs = {(to_bytes(e.source_file), e.sha256) for e in d.kept.values()}
    current_paths = {k[0] for k in current}
    live = {k[1] for k in current}
    rows = [dict(r) for r in old]
    open_pairs = set()
    for r in rows:
        key = (r["source_file_bytes"], r["doc_id"])
        if r["gone_at"] is None:
            if key in current:
                open_pairs.add(key)
            else:
                r["gone_at"] = now
                r["gone_because"] = (
                    "edited" if key[0] in current_paths else ("renamed" if key[1] in live else "deleted")
                )
        r["kept"] = key in kept_pairs
    for key, e in sorted(current.items(), key=lambda kv: kv[0]):
        if key not in open_pairs:
            rows.append(
                {
                    "doc_id": e.sha256,
                    "source_file": display(e.source_file),
                    "source_file_bytes": key[0],
                    "first_seen": now,
                    "gone_at": None,
                    "gone_because": None,
                    "kept": False,
                }
            )
    if rows == [dict(r) for r in old]:
        return None
    return rows
