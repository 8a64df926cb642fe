"""How `mkdocs serve` learns that staff saved a file: from the operating system where it can.

MkDocs polls every watched file twice a second. For a prefecture's 10,000 records that is
0.06-0.1 s of work each time, competing with the rebuild, and a save waits up to half a second
to be seen. On a local Linux filesystem the kernel reports every change (inotify), so there the
hooks swap in watchdog's own observer. Elsewhere MkDocs's polling stays: on a Windows drive
under WSL, a network share or a VirtualBox folder, a save made outside Linux is never reported
(and on macOS and Windows we have not measured the system watchers).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

from mkdocs.livereload import LiveReloadServer
from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirModifiedEvent, DirMovedEvent, FileCreatedEvent,
                             FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileSystemEvent,
                             FileSystemEventHandler)
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

# Filesystems whose every change the kernel reports, whoever makes it.
LOCAL_FILESYSTEMS = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "zfs", "f2fs", "jfs", "reiserfs",
                               "bcachefs", "tmpfs", "overlay"})


class _ChangesObserver(Observer):  # type: ignore[misc,valid-type]  # the platform's observer class
    """The system's observer, passing on only what MkDocs's polling reports: files and folders
    made, changed, moved or deleted. (inotify also reports files opened and read, which the
    rebuild itself does: every rebuild would start the next.)"""

    CHANGES: list[type[FileSystemEvent]] = [FileCreatedEvent, FileModifiedEvent, FileMovedEvent, FileDeletedEvent,
                                            DirCreatedEvent, DirModifiedEvent, DirMovedEvent, DirDeletedEvent]

    def schedule(self, event_handler: FileSystemEventHandler, path: str, *, recursive: bool = False,
                 event_filter: list[type[FileSystemEvent]] | None = None, follow_symlink: bool = False) -> ObservedWatch:
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or self.CHANGES,
                                follow_symlink=follow_symlink)


def watch_with_system_events(server: LiveReloadServer, more: Iterable[str]) -> bool:
    """Swap MkDocs's polling for the system's reports if every watched path (those the server
    watches already, and `more`, mkdocs.yml's `watch:`) is on a local Linux filesystem. Called
    from on_serve, before MkDocs watches `watch:`; what it watches already is watched again.
    True if swapped."""
    watched = list(server._watched_paths)  # docs_dir, mkdocs.yml (and the theme with --watch-theme)
    if not sys.platform.startswith("linux") or not on_local_filesystems([*watched, *more], _mounts()):
        return False
    for path in watched:
        server.unwatch(path)
    server.observer = _ChangesObserver()
    for path in watched:
        server.watch(path)
    return True


def on_local_filesystems(paths: Iterable[str], mounts: str) -> bool:
    """Whether each path lies on a filesystem of LOCAL_FILESYSTEMS; `mounts` is the text of
    /proc/self/mountinfo. A path not found, or on a device the table does not name, is not."""
    types = filesystem_types(mounts)
    for path in paths:
        try:
            device = os.stat(path).st_dev
        except OSError:
            return False
        if types.get(f"{os.major(device)}:{os.minor(device)}") not in LOCAL_FILESYSTEMS:
            return False
    return True


def filesystem_types(mounts: str) -> dict[str, str]:
    """Device ("major:minor") -> filesystem type, from /proc/self/mountinfo's lines:
    `ID PARENT MAJOR:MINOR ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - TYPE SOURCE SUPEROPTIONS`."""
    types = {}
    for line in mounts.splitlines():
        before, separator, after = line.partition(" - ")
        fields = before.split()
        if separator and len(fields) > 2 and after.split():
            types.setdefault(fields[2], after.split()[0])
    return types


def _mounts() -> str:
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="replace") as mountinfo:
            return mountinfo.read()
    except OSError:
        return ""
