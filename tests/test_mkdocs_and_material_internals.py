"""What we rely on in MkDocs and Material that no other test watches (ARCHITECTURE.md, "Assumptions
about MkDocs and Material"): the partial and template we copied still match the installed ones
but for our change, and a fork that drops the `nav:` list or turns Material's search on still
gets no generated page in its navigation or search index. Each fails after an upgrade that
changes what we copied or rely on, so the copy is looked at again."""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path

import material
import mkdocs
import pytest

from sitebuild import ROOT, copy_project, mkdocs_build

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
MKDOCS_TEMPLATES = Path(mkdocs.__file__).parent / "templates"
NAV_LINK = re.compile(r'href="([^"]*)" class="md-nav__link')


def changes(theirs: Path, ours: Path) -> list[tuple[list[str], list[str]]]:
    """Each block of lines that differs: (their lines, our lines)."""
    old = theirs.read_text(encoding="utf-8").splitlines()
    new = ours.read_text(encoding="utf-8").splitlines()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [(old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def test_our_header_is_materials_installed_header_but_for_the_search_button() -> None:
    """overrides/partials/header.html is a copy of Material's: on an upgrade that changes the
    header, copy the new one and make the search change again."""
    found = changes(MATERIAL_TEMPLATES / "partials" / "header.html", ROOT / "overrides" / "partials" / "header.html")
    assert len(found) == 2, "Material's header changed: copy it again into overrides/partials/header.html"
    (generated_note, our_note), (their_search, our_search) = found
    assert "automatically generated" in "".join(generated_note) and "Material" in "".join(our_note)
    assert any('"material/search" in config.plugins' in line for line in their_search)
    assert any("data-cd-search-open" in line for line in our_search)
    assert any('{% include "partials/search.html" %}' in line for line in our_search)


def test_our_sitemap_is_mkdocs_installed_template_but_for_the_generated_pages() -> None:
    found = changes(MKDOCS_TEMPLATES / "sitemap.xml", ROOT / "overrides" / "sitemap.xml")
    assert [their for their, _ in found if their] == [["{%- for file in pages -%}"]], \
        "MkDocs's sitemap.xml changed: copy it again into overrides/sitemap.xml"
    ours = [line for _, lines in found for line in lines if not line.startswith("{#-")]
    assert ours == ["{%- for file in (sitemap_pages(pages) if sitemap_pages is defined else pages) -%}"]


@pytest.fixture(scope="module")
def fork_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site as a fork might configure it: no `nav:` list, Material's search plugin on."""
    tmp = tmp_path_factory.mktemp("fork")
    project = copy_project(tmp / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config, no_nav = re.subn(r"^nav:\n(?:  .*\n)+", "", config, flags=re.M)
    config, searching = re.subn(r"^plugins: \[\]$", "plugins:\n  - search", config, flags=re.M)
    assert (no_nav, searching) == (1, 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = mkdocs_build(project, tmp / "site")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def test_without_a_nav_list_generated_pages_stay_out_of_the_automatic_navigation(fork_site: Path) -> None:
    """Generated pages outside the navigation are `InclusionLevel.NOT_IN_NAV` (build.py); should
    MkDocs stop honouring it, every print sheet would join the menu of every page."""
    links = NAV_LINK.findall((fork_site / "index.html").read_text(encoding="utf-8"))
    assert "guide/checklist/" in links and "towns/" in links
    assert [link for link in links if link.startswith("r/") or link.endswith("print/")] == []
    assert (fork_site / "towns" / "tobetsu" / "print" / "index.html").is_file()


def test_with_materials_search_on_no_generated_page_is_in_its_index(fork_site: Path) -> None:
    """Our hook fills generated pages' bodies after the plugins' on_page_context, and their meta
    says `search: exclude`: 10,000 records would make Material's index 3.9 MB on every first visit."""
    index = json.loads((fork_site / "search" / "search_index.json").read_bytes())
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "guide/checklist/" in pages
    assert [page for page in pages if page.startswith(("r/", "towns/", "kinds/"))] == []
