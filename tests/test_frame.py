"""Generated pages are Material's page frame filled in (carerdir/frame.py): the same site, byte for
byte, as Material rendering each page itself (CARERDIR_FRAMES=off), on each Material upgrade too."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from carerdir.frame import BODY, SLOT, TITLE_PROBE, parse_frame
from sitebuild import copy_project, mkdocs_build

TODAY = "2026-12-03"
SITE_URL = "https://example.org/carers/"
# Everything that could close the <title>, an attribute or a tag, in a record's name.
HOSTILE = "<b>ケア\"カフェ\" & 'x' </title><script>alert(1)</script>"
HOSTILE_RECORD = "resources/tobetsu/chiiki-houkatsu.yml"


def hostile_project(tmp_path: Path, use_directory_urls: bool) -> Path:
    """The sample project with a site_url (canonical links, sitemap) and a hostile record name."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    extra = f"site_url: {SITE_URL}\nuse_directory_urls: {str(use_directory_urls).lower()}\n"
    config.write_text(extra + config.read_text(encoding="utf-8"), encoding="utf-8")
    record = project / HOSTILE_RECORD
    text, found = re.subn(r"^name: .*$", lambda _: f"name: '{HOSTILE.replace(chr(39), chr(39) * 2)}'",
                          record.read_text(encoding="utf-8"), count=1, flags=re.M)
    assert found == 1
    record.write_text(text, encoding="utf-8")
    return project


def site_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module", params=[True, False], ids=["directory-urls", "html-urls"])
def both_ways(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[dict[str, bytes], dict[str, bytes], bool]:
    tmp_path = tmp_path_factory.mktemp("frame")
    project = hostile_project(tmp_path, request.param)
    framed = mkdocs_build(project, tmp_path / "framed", today=TODAY)
    assert framed.returncode == 0, framed.stderr
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CARERDIR_FRAMES", "off")
        by_material = mkdocs_build(project, tmp_path / "material", today=TODAY)
    assert by_material.returncode == 0, by_material.stderr
    return site_files(tmp_path / "framed"), site_files(tmp_path / "material"), request.param


def test_every_generated_page_is_byte_for_byte_what_material_renders(both_ways) -> None:
    framed, by_material, _ = both_ways
    assert sorted(framed) == sorted(by_material)
    assert sum(name.endswith(".html") for name in framed) > 200  # the whole sample site, not a stub
    assert [name for name in framed if framed[name] != by_material[name]] == []


def test_the_sitemap_lists_every_page_of_the_site(both_ways) -> None:
    framed, _, directory_urls = both_ways
    sitemap = ET.fromstring(framed["sitemap.xml"])
    locs = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    pages = [name for name, content in framed.items() if name.endswith(".html") and b'rel="canonical"' in content]
    assert len(pages) > 200
    # r/x/index.html is at r/x/ with directory URLs, r/x.html at r/x.html without.
    urls = [re.sub(r"(^|/)index\.html$", r"\1", name) if directory_urls else name for name in pages]
    assert sorted(locs) == sorted(SITE_URL + url for url in urls)


def test_a_hostile_record_name_stays_text_in_the_title_and_heading(both_ways) -> None:
    framed, _, _ = both_ways
    page_name = next(n for n in framed if n.startswith("r/tobetsu/chiiki-houkatsu") and n.endswith(".html"))
    page = framed[page_name].decode("utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "<b>ケア" not in page
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None
    assert title.group(1).startswith("&lt;b&gt;ケア&quot;カフェ&quot; &amp; &#x27;x&#x27; &lt;/title&gt;")
    assert page.count("</title>") == 1


def test_a_frame_from_a_filter_it_does_not_know_is_not_used() -> None:
    # A Material upgrade printing the title as, say, `| upper`: its pages go back to Material.
    known = f"<title>zq7title&amp;  x</title><main>{BODY}</main><link href='r/{SLOT}/'>"
    frame = parse_frame(known, f"r/{SLOT}/")
    assert frame is not None and frame.keys == ["title", "body", "url"]
    assert frame.fill({"title": "T", "body": "<p>B</p>", "url": "r/a/"}) == \
        "<title>T</title><main><p>B</p></main><link href='r/a/'>"
    unknown = known.replace("zq7title&amp;  x", TITLE_PROBE.upper())
    assert parse_frame(unknown, f"r/{SLOT}/") is None


def test_a_broken_page_template_stops_the_build_naming_the_page(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    template = project / "overrides" / "directory" / "record.html"
    template.write_text("{{ record.no_such_field }}\n" + template.read_text(encoding="utf-8"), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site", today=TODAY)
    assert result.returncode != 0
    assert "ページを作れませんでした: UndefinedError" in result.stderr and "r/" in result.stderr
    assert "Traceback" not in result.stderr
