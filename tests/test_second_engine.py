"""ProperDocs, the continuation of MkDocs by its maintainers, builds the same site as MkDocs.

MkDocs 1.x has had no release since 2024: if it stops installing, a town switches engines (README).
This keeps that switch a non-event: every file of the sample site is the same from both engines,
but for the <meta name="generator"> line that names the engine. ProperDocs builds with the
`mkdocs` package unimportable, as where MkDocs no longer installs (README's steps were also
tried once in a venv without it, giving the same files).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from sitebuild import copy_project, mkdocs_build

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
TODAY = "2026-12-03"


def without_mkdocs(folder: Path) -> str:
    """A folder for PYTHONPATH whose `mkdocs` package fails to import, hiding the installed one."""
    (folder / "mkdocs").mkdir(parents=True)
    (folder / "mkdocs" / "__init__.py").write_text('raise ImportError("MkDocs is not installed")\n')
    return str(folder)


def properdocs_build(project: Path, site: Path, pythonpath: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "properdocs", "build", "--strict",
               "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CARERDIR_TODAY": TODAY, "PYTHONPATH": pythonpath}
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def site_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): GENERATOR.sub(b"", p.read_bytes())
            for p in sorted(site.rglob("*")) if p.is_file() and p.name != "sitemap.xml.gz"}


def test_properdocs_builds_every_page_as_mkdocs_does(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    by_mkdocs = mkdocs_build(project, tmp_path / "mkdocs-site", today=TODAY)
    assert by_mkdocs.returncode == 0, by_mkdocs.stderr
    hidden = without_mkdocs(tmp_path / "no-mkdocs")
    hidden_import = subprocess.run([sys.executable, "-c", "import mkdocs"], capture_output=True, text=True,
                                   env={**os.environ, "PYTHONPATH": hidden}, check=False)
    assert "MkDocs is not installed" in hidden_import.stderr
    by_properdocs = properdocs_build(project, tmp_path / "properdocs-site", hidden)
    assert by_properdocs.returncode == 0, by_properdocs.stderr
    ours, theirs = site_files(tmp_path / "mkdocs-site"), site_files(tmp_path / "properdocs-site")
    assert sorted(ours) == sorted(theirs)
    assert sum(name.endswith(".html") for name in ours) > 200  # the whole sample site, not a stub
    different = [name for name in ours if ours[name] != theirs[name]]
    assert different == []
