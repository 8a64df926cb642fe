"""`mkdocs serve` notices an edited record and serves the change (click < 8.2.2 pinned for this)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sitebuild import copy_project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch_until(url: str, wanted: str, seconds: float) -> str:
    deadline, text = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = response.read().decode("utf-8")
            if wanted in text:
                return text
        except OSError:
            pass
        time.sleep(0.3)
    return text


def test_editing_a_record_under_serve_rebuilds_and_shows_the_change(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    record = project / "resources" / "tobetsu" / "kaigosha-no-tsudoi.yml"
    port, log = free_port(), tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
            stdout=output, stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        url = f"http://127.0.0.1:{port}/r/tobetsu/kaigosha-no-tsudoi/"
        assert "ほっとひと息の会" in fetch_until(url, "ほっとひと息の会", 60)
        text = record.read_text(encoding="utf-8")
        record.write_text(text.replace("ほっとひと息の会", "ほっとふた息の会"), encoding="utf-8")
        assert "ほっとふた息の会" in fetch_until(url, "ほっとふた息の会", 60)
        # An editor's save: a new file renamed over the old one (watching.py).
        saved = record.with_name(".kaigosha-no-tsudoi.yml.swp")
        saved.write_text(text.replace("ほっとひと息の会", "ほっとみっ息の会"), encoding="utf-8")
        os.replace(saved, record)
        assert "ほっとみっ息の会" in fetch_until(url, "ほっとみっ息の会", 60)
        # The page is served as soon as it is written, before the rebuild ends and says so.
        assert logged(log, "Reloading browsers", at_least=2, seconds=60) >= 2
        time.sleep(3)  # time enough for a rebuild that the last one's own reading of files started
    finally:
        server.terminate()
        server.wait(timeout=10)
    # The first build, then one rebuild per save, each finished: reading files does not count as a
    # change. (Not "Documentation built in 0.31 seconds": MkDocs drops a message the same as an
    # earlier one, so two rebuilds of the same length log it once.)
    assert logged(log, "Building documentation...") == 3
    assert logged(log, "Reloading browsers") == 2


def logged(log: Path, message: str, at_least: int = 0, seconds: float = 0) -> int:
    """How many times the serve log says `message`, waiting up to `seconds` for `at_least`."""
    deadline = time.monotonic() + seconds
    while True:
        count = log.read_text(encoding="utf-8").count(message)
        if count >= at_least or time.monotonic() >= deadline:
            return count
        time.sleep(0.2)
