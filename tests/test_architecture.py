"""ARCHITECTURE.md stays a true map of the code: every module of carerdir is named in it."""

from __future__ import annotations

from sitebuild import ROOT

PACKAGE = ROOT / "hooks" / "carerdir"


def test_every_carerdir_module_is_named_in_architecture_md() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    modules = [p.relative_to(PACKAGE) for p in PACKAGE.rglob("*.py")
               if p.name != "__init__.py" and "__pycache__" not in p.parts]
    assert len(modules) > 30
    missing = [str(m) for m in modules if f"`{m.name}`" not in text]
    packages = [str(p.relative_to(PACKAGE)) for p in PACKAGE.iterdir() if (p / "__init__.py").exists()]
    missing += [p for p in packages if f"`{p}/`" not in text]
    assert missing == []


def test_readme_links_architecture_md_and_not_the_shared_notes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(ARCHITECTURE.md)" in readme and "../shared" not in readme and "DESIGN.md" not in readme
