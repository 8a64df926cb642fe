"""What one `mkdocs serve` process keeps from a rebuild to the next, so an edit redoes only its part.

A preview rebuild still reads every file under resources/, but checks again only the files whose
bytes changed, and renders again only what is made from changed records. Each result is kept in
the `Memo` under what it was made from:

- a checked record, under its file's path and content (and the date and the town list it was
  checked against), so an unchanged file gives back the very same `Record` object;
- a page body, a feed, a card, or a record's piece of a whole-directory file (`Each`: a search
  entry, a map feature, open-data rows), under the `Record` objects it shows (by identity: the
  same objects mean unchanged files) and the rebuild's site key: everything else it reads (the
  date, the town block, the published towns, the templates). When the site key changes,
  nothing is reused.

The site folder is kept too (`KeptSite`), so unchanged files are not written again, and so are
the compiled templates (`CompiledTemplates`). Only what
the latest complete rebuild used is kept, so the memory held stays one build's worth. The hooks
make one `Preview` when MkDocs says the command is `serve`; `mkdocs build` and `carerdir check`
have none, and a cold build gives the same site as a preview after the same edits
(tests/test_preview.py).
"""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import threading
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

T = TypeVar("T")


class Memo:
    """Results kept across rebuilds, each under a key naming all it was made from.

    An entry is stamped with the last rebuild that used it, in place: a rebuild that reuses
    almost everything allocates almost nothing (fresh memory is what a rebuild paid most for on
    our VMs), and the keys stay the objects first stored."""

    def __init__(self) -> None:
        self._entries: dict[Hashable, list[Any]] = {}  # key -> [result, the rebuild that last used it]
        self._rebuild = 0  # counts complete rebuilds
        self.made = 0  # results made (not reused) by this rebuild
        self.made_last = 0  # ... and by the last complete one: what the tests and benchmark read

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        entry = self._entries.get(key)
        if entry is None:
            value, self.made = make(), self.made + 1
            self._entries[key] = [value, self._rebuild]
            return value
        entry[1] = self._rebuild
        return entry[0]  # type: ignore[no-any-return]

    def reuse(self, key: Hashable) -> bool:
        """Carry an earlier rebuild's result into this one without making it; False if there is none."""
        entry = self._entries.get(key)
        if entry is None:
            return False
        entry[1] = self._rebuild
        return True

    def end_build(self) -> None:
        """Drop what this complete rebuild did not use. (After a failed one, nothing is dropped:
        the next rebuild, once the data is fixed, still finds the rest.)"""
        stale = [key for key, entry in self._entries.items() if entry[1] != self._rebuild]
        for key in stale:
            del self._entries[key]
        self._rebuild += 1
        self.made_last, self.made = self.made, 0

    def __len__(self) -> int:
        return len(self._entries)


class Same:
    """A key of objects compared by identity (records are immutable and reused while their file
    is unchanged). It holds the objects, so their ids cannot be reused while the key is kept."""

    __slots__ = ("objects", "_ids", "_hash")

    def __init__(self, objects: Iterable[object]) -> None:
        self.objects = tuple(objects)
        self._ids = tuple(map(id, self.objects))
        self._hash = hash(self._ids)  # a key is hashed at every lookup: a kind's page shows 2,000 records

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and self._ids == other._ids


def content_key(raw: bytes) -> bytes:
    """A short digest of a file's bytes, to key what was made from them."""
    return hashlib.blake2b(raw, digest_size=16).digest()


def folder_stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file under `folder` with its modification time and size: changes when a template is saved."""
    stamp = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            info = os.stat(os.path.join(root, name))
            stamp.append((os.path.join(root, name), info.st_mtime_ns, info.st_size))
    return tuple(stamp)


HOLD = ".carerdir-preview"  # hidden: MkDocs's cleaning of the site folder leaves hidden entries


class KeptSite:
    """The site folder of the last complete rebuild, kept through MkDocs's cleaning of it.

    MkDocs empties the site folder at the start of every build. Writing a prefecture's 20,000
    generated files again takes longer than all the rest of a preview, so before the cleaning
    (`hold`, from on_pre_build) the folder's entries move into a hidden folder, which the cleaning
    skips, and back (`restore`, from on_files) before anything is written. Then every file the
    last rebuild made and this one will not is deleted, so the folder ends as a clean build
    leaves it; generated files that are unchanged (`holds`) are simply not written again.
    While the data is invalid (`wait`) the files stay held, and the error page is the site.
    After a rebuild that failed half-way nothing is kept: MkDocs cleans, everything is written.
    """

    def __init__(self) -> None:
        self.last: set[str] = set()  # dest_uri of every file of the last complete rebuild
        self.held: set[str] = set()  # the same, while this rebuild runs: what the folder holds
        self._now: set[str] = set()
        self._waiting = False

    def hold(self, site_dir: Path) -> None:
        hold = site_dir / HOLD
        if hold.exists():
            if self._waiting:  # held through an invalid rebuild: still the last complete one
                return
            shutil.rmtree(hold, ignore_errors=True)  # left by a rebuild that failed
        self.held, self.last = self.last, set()  # `last` again only once this rebuild completes
        if not self.held:
            return
        hold.mkdir()
        for entry in os.scandir(site_dir):
            if not entry.name.startswith("."):
                os.rename(entry.path, hold / entry.name)

    def restore(self, site_dir: Path, dest_uris: set[str]) -> None:
        """Put the held files back, less those this rebuild (`dest_uris`) will not make."""
        self._now, self._waiting = dest_uris, False
        hold = site_dir / HOLD
        if not hold.exists():
            self.held = set()
            return
        for entry in os.scandir(hold):
            target = site_dir / entry.name
            if not target.exists():  # MkDocs has written nothing yet; what it has is its own
                os.rename(entry.path, target)
        shutil.rmtree(hold, ignore_errors=True)
        for uri in self.held - dest_uris:
            _delete(site_dir, uri)

    def wait(self) -> None:
        """This rebuild shows the data's problems: keep the held files for the one that follows."""
        self._waiting = True

    def holds(self, dest_uri: str) -> bool:
        """Whether the folder holds this file as the last complete rebuild wrote it."""
        return dest_uri in self.held

    def end_build(self) -> None:
        self.last = self._now


def _delete(site_dir: Path, uri: str) -> None:
    """Delete a file of the site, and its folders that this leaves empty, as a clean build would."""
    path = site_dir / uri
    path.unlink(missing_ok=True)
    for folder in path.parents:
        if folder == site_dir or any(folder.iterdir()):
            return
        folder.rmdir()


class CompiledTemplates(BytecodeCache):
    """One Jinja environment's compiled templates, kept for the serve process. Every rebuild makes
    new environments, and compiling their ~70 templates again took 0.4 s of a rebuild. Jinja
    compares a template's source with the kept code's checksum: a saved template is compiled again.
    (One per environment: the key is the template's name and file, not the environment's settings.)"""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


COLLECT_WHEN_IDLE = 0.5  # seconds after a rebuild: its page has been served by then


class Preview:
    """What one `mkdocs serve` process keeps from a rebuild to the next: the memo, the site, and
    the compiled templates of the directory's environment and of Material's."""

    def __init__(self) -> None:
        self.memo = Memo()
        self.site = KeptSite()
        self.directory_templates = CompiledTemplates()
        self.theme_templates = CompiledTemplates()
        self._building = False

    def unchanged(self, key: Hashable) -> Callable[[Any], bool]:
        """For a file made from the memo's `key` (made_file.py): True when the site folder holds
        it from the last rebuild and the key was used there too, so the bytes are the same."""
        return lambda file: self.site.holds(file.dest_uri) and self.memo.reuse(key)

    def start_build(self) -> None:
        # The memo holds a build's worth of records, rows and entries: the collector's full passes
        # over them took half of a rebuild. A rebuild leaves few cycles (MkDocs's pages and files);
        # they are collected once it has been served (`stop_build`), while the server waits for edits.
        self._building = True
        gc.disable()

    def end_build(self) -> None:
        """A complete rebuild: keep only what it used."""
        self.memo.end_build()
        self.site.end_build()

    def stop_build(self) -> None:
        """Any rebuild's end, complete or not. Collecting is left off until the server is idle:
        switched on now, the first collection came with the next rebuild's first allocations and
        went over everything this one made (0.1-0.4 s, and the memory it freed was taken afresh)."""
        self._building = False
        idle = threading.Timer(COLLECT_WHEN_IDLE, self._collect_if_idle)
        idle.daemon = True
        idle.start()

    def _collect_if_idle(self) -> None:
        if not self._building:
            gc.collect()
            gc.enable()


# How a module makes a per-record piece of a whole-directory file (a search entry, a GeoJSON
# feature, a row of open data): each(what, record, make). A build makes every piece afresh;
# under mkdocs serve, DirectoryBuild passes one that reuses a piece while its record is the same.
Each = Callable[[str, Any, Callable[[], Any]], Any]


def afresh(what: str, record: object, make: Callable[[], T]) -> T:
    return make()


# The same for a piece made from several records (a guide block's town group):
# kept(what, records, make), reused while `what` is equal and the records are the same objects.
Kept = Callable[[Hashable, Iterable[Any], Callable[[], Any]], Any]


def never_kept(what: Hashable, records: Iterable[object], make: Callable[[], T]) -> T:
    return make()
