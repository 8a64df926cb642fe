"""ARCHITECTURE.md stays a true map of the code: every module of carerdir is named in it, a module's
tests are found by its name (its "Tests" rules), and every test its assumptions name exists."""

from __future__ import annotations

import re

from sitebuild import ROOT

PACKAGE = ROOT / "hooks" / "carerdir"
TESTS = ROOT / "tests"
LISTED = re.compile(r"^- `([\w/]+\.py)` — (.*)$", re.MULTILINE)
TEST_FILE = re.compile(r"`((?:browser/)?test_\w+\.py)`")
NAMED_TEST = re.compile(r"`((?:browser/)?test_\w+\.py)::(test_\w+)`")


def section(title: str) -> str:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {title}")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def carerdir_names() -> tuple[set[str], set[str]]:
    """The package's modules (maps) and subpackages (exports)."""
    modules = {p.stem for p in PACKAGE.glob("*.py") if not p.name.startswith("__")}
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    return modules, packages


def named_for(test_file: str, modules: set[str], packages: set[str]) -> str | None:
    """The module or package `test_file` is named for: test_maps.py and test_maps_offline.py are
    maps.py's, test_importing_roundtrip.py is importing/'s, test_cli.py is __main__.py's."""
    name = test_file.removeprefix("test_").removesuffix(".py")
    if name == "cli":
        return "__main__"
    for candidate in sorted(modules | packages, key=len, reverse=True):
        if name == candidate or name.startswith(candidate + "_"):
            return candidate
    return None


def misnamed(test_files: list[str], modules: set[str], packages: set[str], behaviours: set[str]) -> list[str]:
    """Test files named for no module, package or listed behaviour: a newcomer would not find them."""
    return [f for f in test_files if named_for(f, modules, packages) is None and f not in behaviours]


def listed() -> tuple[dict[str, list[str]], set[str]]:
    """The Tests section's lists: module -> the test files it names, and the behaviour files."""
    modules: dict[str, list[str]] = {}
    behaviours: set[str] = set()
    for name, rest in LISTED.findall(section("Tests")):
        if name.startswith("test_"):
            behaviours.add(name)
        else:
            modules[name.removesuffix(".py")] = TEST_FILE.findall(rest)
    return modules, behaviours


def test_every_carerdir_module_is_named_in_architecture_md() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    modules = [p.relative_to(PACKAGE) for p in PACKAGE.rglob("*.py")
               if p.name != "__init__.py" and "__pycache__" not in p.parts]
    assert len(modules) > 30
    missing = [str(m) for m in modules if f"`{m.name}`" not in text]
    packages = [str(p.relative_to(PACKAGE)) for p in PACKAGE.iterdir() if (p / "__init__.py").exists()]
    missing += [p for p in packages if f"`{p}/`" not in text]
    assert missing == []


def test_each_test_file_is_named_for_its_module_or_listed_as_a_behaviour() -> None:
    modules, packages = carerdir_names()
    _, behaviours = listed()
    test_files = sorted(p.name for p in TESTS.glob("test_*.py"))
    assert len(test_files) > 30
    assert misnamed(test_files, modules, packages, behaviours) == []
    assert sorted(b for b in behaviours if not (TESTS / b).is_file()) == []  # the list is not stale


def test_a_module_without_its_test_file_says_where_it_is_tested() -> None:
    modules, packages = carerdir_names()
    elsewhere, _ = listed()
    test_files = [p.name for p in TESTS.glob("test_*.py")]
    owned = {named_for(f, modules, packages) for f in test_files}
    assert "__main__" in owned and packages <= owned  # test_cli.py; test_exports.py, test_importing.py ...
    unfound = sorted(m for m in modules if m not in owned and not elsewhere.get(m))
    assert unfound == [], "name each in ARCHITECTURE.md's Tests section with the files that test it"
    named = [f for files in elsewhere.values() for f in files]
    assert named and [f for f in named if not (TESTS / f).is_file()] == []
    assert sorted(m for m in elsewhere if m not in modules) == []


def test_browser_tests_are_named_for_a_journey_not_a_module() -> None:
    modules, packages = carerdir_names()
    journeys = [p.stem.removeprefix("test_") for p in (TESTS / "browser").glob("test_*.py")]
    assert len(journeys) > 10
    assert [j for j in journeys if j in modules | packages | {"cli"}] == []


def test_the_naming_rule_refuses_a_file_a_newcomer_would_not_find() -> None:
    modules, packages = {"maps", "print_sheet", "pages"}, {"importing"}
    fine = ["test_maps.py", "test_maps_offline.py", "test_print_sheet.py", "test_importing_roundtrip.py",
            "test_cli.py", "test_places.py"]
    assert misnamed(fine, modules, packages, {"test_places.py"}) == []
    wrong = ["test_mpas.py", "test_map.py", "test_print.py", "test_import.py", "test_page.py"]
    assert misnamed(wrong, modules, packages, {"test_places.py"}) == wrong


def test_every_test_the_assumptions_name_exists() -> None:
    named = NAMED_TEST.findall(section("Assumptions about MkDocs, Material and folium"))
    assert len(named) > 15
    missing = [f"{file}::{test}" for file, test in named if not (TESTS / file).is_file()
               or not re.search(rf"^def {test}\(", (TESTS / file).read_text(encoding="utf-8"), re.MULTILINE)]
    assert missing == []


def test_readme_links_architecture_md_and_not_the_shared_notes() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(ARCHITECTURE.md)" in readme and "../shared" not in readme and "DESIGN.md" not in readme
