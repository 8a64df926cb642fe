"""Build a copy of the project into a temporary folder, as a town or CI would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_PARTS = ("mkdocs.yml", "content", "overrides", "hooks")


def copy_project(target: Path, with_samples: bool = True) -> Path:
    """A copy of the project at `target`; only the reference data if `with_samples` is false."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target / part)
    if with_samples:
        shutil.copytree(ROOT / "resources", target / "resources")
    else:
        (target / "resources").mkdir()
        for name in ("municipalities.yml", "record.schema.json"):
            shutil.copy(ROOT / "resources" / name, target / "resources" / name)
    return target


def mkdocs_build(project: Path, site: Path, strict: bool = True,
                 today: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run a real `mkdocs build` of `project` into `site`, as the README and CI do;
    `today` pins the build date (YYYY-MM-DD) for assertions about staleness."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **({"CARERDIR_TODAY": today} if today else {})}
    return subprocess.run(command + (["--strict"] if strict else []), capture_output=True, text=True,
                          env=env, check=False)
