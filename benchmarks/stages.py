"""CPU seconds and memory of each stage of one directory build, measured in this process.

    NO_MKDOCS_2_WARNING=1 taskset -c 0 .venv/bin/python benchmarks/stages.py PROJECT [--site DIR]

PROJECT is a project with many records, e.g. DIR/directory made by `build.py --keep DIR`. Its own
copy of carerdir (PROJECT/hooks) is imported. The stages are the build's steps (DirectoryBuild's
methods, MkDocs' copy of the static files, where framed pages are rendered and written); a stage
missing from the code being measured is left out. Times include nested stages: loading the
records is part of DirectoryBuild.__init__, the exports part of add_files. Memory is the
process's resident set after the stage and its peak so far (ru_maxrss).
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

MB = 2**20
# (module, attribute path, label), outermost first where they nest.
STAGES = [
    ("carerdir.build", "DirectoryBuild.__init__", "setup: load + check records, environment"),
    ("carerdir.build", "load_directory", "  load and check the records"),
    ("carerdir.build", "DirectoryBuild.add_files", "add_files: generated files"),
    ("carerdir.build", "build_index", "  search index"),
    ("carerdir.build", "DirectoryBuild._feeds", "  .ics feeds"),
    ("carerdir.maps", "Maps.add_files", "  maps: GeoJSON, Leaflet files"),
    ("carerdir.build", "DirectoryBuild._add_open_data", "  open data (exports/)"),
    ("carerdir.build", "DirectoryBuild._render_blocks", "  guide and home blocks"),
    ("mkdocs.structure.files", "Files.copy_static_files", "static and framed pages: render + write"),
    ("mkdocs.commands.build", "_build_theme_template", "theme templates (sitemap, 404)"),
]


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB  # ru_maxrss is in KiB


class Timings:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.memory: dict[str, tuple[float, float]] = {}

    def wrap(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.process_time() - started
                self.memory[label] = (resident_mb(), peak_mb())
        return timed

    def install(self) -> None:
        for module_name, path, label in STAGES:
            module = importlib.import_module(module_name)
            *owners, name = path.split(".")
            owner: Any = module
            for part in owners:
                owner = getattr(owner, part, None)
            if owner is not None and hasattr(owner, name):
                setattr(owner, name, self.wrap(label, getattr(owner, name)))


def run(project: Path, site: Path) -> None:
    os.chdir(project)
    sys.path.insert(0, str(project / "hooks"))
    timings = Timings()
    timings.install()
    from mkdocs.__main__ import cli

    started = time.process_time()
    cli(["build", "-q", "-d", str(site)], standalone_mode=False)
    total = time.process_time() - started
    print(f"{'stage':44}{'CPU s':>8}{'share':>8}{'RSS MB':>9}{'peak MB':>9}")
    for _, _, label in STAGES:
        if label in timings.seconds:
            rss, peak = timings.memory[label]
            seconds = timings.seconds[label]
            print(f"{label:44}{seconds:>8.2f}{seconds / total:>8.1%}{rss:>9.0f}{peak:>9.0f}")
    print(f"{'whole build (mkdocs build, in process)':44}{total:>8.2f}{1:>8.1%}{resident_mb():>9.0f}{peak_mb():>9.0f}")
    print(f"CPUs this run may use: {len(os.sched_getaffinity(0))}; load average (1 min) {os.getloadavg()[0]:.1f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path, help="a project, e.g. DIR/directory from build.py --keep DIR")
    parser.add_argument("--site", type=Path, help="build into this folder (default: a temporary one)")
    args = parser.parse_args(argv)
    if not (args.project / "mkdocs.yml").is_file():
        parser.error(f"{args.project} has no mkdocs.yml")
    if args.site:
        run(args.project.resolve(), args.site.resolve())
        return
    with tempfile.TemporaryDirectory(prefix="carerdir-stages-") as site:
        run(args.project.resolve(), Path(site))


if __name__ == "__main__":
    main()
