"""Page bodies rendered ahead in a forked worker: the same site, and errors still stop the build.

Both tests run in a fresh process: forking is only done while a process has one thread, and
this test session has server threads.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sitebuild import copy_project, mkdocs_build

WORKER_BUILD = """
import sys
from carerdir import body_worker, workers
workers.PARALLEL_FROM = 1  # the 45 sample records are too few to start the worker
workers.os.sched_getaffinity = lambda pid: {0, 1}  # even on one CPU
started = []
start = body_worker.BodyWorker.start
def counted(self):
    start(self)
    started.append(self._process is not None)
body_worker.BodyWorker.start = counted
from mkdocs.__main__ import cli
try:
    cli(["build", "--strict", "-q", "-f", sys.argv[1], "-d", sys.argv[2]])
except SystemExit as done:
    assert not done.code, done.code
print("worker" if started == [True] else started)
"""

BROKEN_WORKER = """
from mkdocs.exceptions import PluginError
from carerdir import body_worker, workers
workers.PARALLEL_FROM = 1
workers.os.sched_getaffinity = lambda pid: {0, 1}
def render(uri):
    if uri == "r/b.md":
        raise KeyError("town")
    return uri.upper()
worker = body_worker.BodyWorker(render, ["r/a.md", "r/b.md", "r/c.md"])
worker.start()
assert worker.body("r/a.md") == "R/A.MD"
try:
    worker.body("r/c.md")
except PluginError as error:
    print(error)
worker.close()
"""


def test_bodies_from_the_worker_make_the_same_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    inline = mkdocs_build(project, tmp_path / "inline", today="2026-11-25")
    assert inline.returncode == 0, inline.stderr
    run = subprocess.run([sys.executable, "-c", WORKER_BUILD, str(project / "mkdocs.yml"), str(tmp_path / "ahead")],
                         capture_output=True, text=True, check=False,
                         env={"NO_MKDOCS_2_WARNING": "1", "CARERDIR_TODAY": "2026-11-25", "PATH": ""})
    assert run.stdout.strip() == "worker", run.stderr
    pages = sorted(p.relative_to(tmp_path / "inline") for p in (tmp_path / "inline").rglob("*.html"))
    assert len(pages) > 50
    assert [p for p in pages if (tmp_path / "inline" / p).read_bytes() != (tmp_path / "ahead" / p).read_bytes()] == []


def test_an_error_in_the_worker_stops_the_build_with_the_page_named() -> None:
    run = subprocess.run([sys.executable, "-c", BROKEN_WORKER], capture_output=True, text=True, check=False)
    assert run.stdout.strip() == "r/b.md: KeyError: 'town'", run.stderr
