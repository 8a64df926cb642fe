"""watching.py: `mkdocs serve` hears of saves from the kernel only where the kernel reports them.
(That one save makes one rebuild, and a rebuild none, is test_serve.py's.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.observers.polling import PollingObserver

from carerdir import watching
from carerdir.watching import filesystem_types, on_local_filesystems

# /proc/self/mountinfo as WSL shows it: Linux's own disk, and a Windows drive over 9p.
MOUNTS = """\
23 1 8:32 / / rw,relatime shared:1 - ext4 /dev/sdc rw,discard,errors=remount-ro
82 23 0:64 / /mnt/c rw,noatime shared:37 - 9p C:\\ rw,dirsync,aname=drvfs;path=C:\\
90 23 0:70 / /mnt/share rw,relatime - nfs4 server:/share rw,vers=4.2
"""


def mountinfo_for(path: Path, fstype: str) -> str:
    """A table in which `path`'s device is a filesystem of `fstype`."""
    device = os.stat(path).st_dev
    return f"30 1 {os.major(device)}:{os.minor(device)} / / rw - {fstype} /dev/x rw\n"


def test_each_device_has_its_filesystem_type() -> None:
    assert filesystem_types(MOUNTS) == {"8:32": "ext4", "0:64": "9p", "0:70": "nfs4"}
    assert filesystem_types("a line with no separator\n") == {}


def test_system_events_only_where_every_watched_path_is_on_a_local_filesystem(tmp_path: Path) -> None:
    (tmp_path / "resources").mkdir()
    watched = [str(tmp_path / "resources"), str(tmp_path)]
    assert on_local_filesystems(watched, mountinfo_for(tmp_path, "ext4"))
    assert not on_local_filesystems(watched, mountinfo_for(tmp_path, "9p"))  # a Windows drive under WSL
    assert not on_local_filesystems(watched, mountinfo_for(tmp_path, "cifs"))  # a network share
    assert not on_local_filesystems(watched, "")  # no table: keep polling
    assert not on_local_filesystems([str(tmp_path / "missing")], mountinfo_for(tmp_path, "ext4"))


def test_the_server_keeps_watching_what_it_watched_with_the_systems_observer_or_polling(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs, resources = tmp_path / "content", tmp_path / "resources"
    docs.mkdir(), resources.mkdir()
    for fstype, reported in (("ext4", True), ("9p", False)):
        monkeypatch.setattr(watching, "_mounts", lambda: mountinfo_for(tmp_path, fstype))
        server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
        server.watch(str(docs))
        assert watching.watch_with_system_events(server, [str(resources)]) is reported
        assert isinstance(server.observer, watching._ChangesObserver) is reported
        assert isinstance(server.observer, PollingObserver) is not reported
        assert list(server._watched_paths) == [str(docs)]  # watched again, on the observer now in use
        assert [emitter.watch.path for emitter in server.observer.emitters] == [str(docs)]
        server.server_close()
