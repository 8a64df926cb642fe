"""The guide pages in the directory search (carerdir.guide_index), without MkDocs or a browser."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from carerdir.glossary import glossary_terms  # noqa: E402
from carerdir.guide_index import add_glossary, guide_pages, read_guide_page  # noqa: E402
from carerdir.loading import load_directory  # noqa: E402
from carerdir.search_index import MANIFEST_URI, build_index, normalise  # noqa: E402

# As MkDocs gives them with mkdocs.yml's markdown_extensions (toc is always added).
EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html"]


def page(name: str):  # type: ignore[no-untyped-def]
    source = (ROOT / "content" / "guide" / f"{name}.md").read_text(encoding="utf-8")
    return read_guide_page(f"guide/{name}/", source, EXTENSIONS, {})


def test_a_bold_term_belongs_to_the_section_it_is_written_in() -> None:
    work_care = page("work-care")
    assert work_care.title == "仕事と介護の両立のポイント"
    first = work_care.sections[0]
    assert first.label.startswith("1. 職場に") and first.anchor == "1"
    assert "介護休業" in first.terms and "介護休暇" in first.terms
    assert "介護休業" not in work_care.sections[1].terms


def test_ruby_readings_are_searchable_but_not_shown() -> None:
    source = "---\ntitle: T\n---\n# T\n\n## <ruby>深夜業<rt>しんやぎょう</rt></ruby>の制限\n\n**<ruby>所定外労働<rt>しょていがいろうどう</rt></ruby>**\n"
    guide = read_guide_page("guide/t/", source, EXTENSIONS, {})
    section = guide.sections[0]
    assert section.label == "深夜業の制限"
    assert "しんやぎょう" in section.terms and "所定外労働" in section.terms and "しょていがいろうどう" in section.terms


def test_explicit_anchors_are_kept() -> None:
    assert [s.anchor for s in page("work-care").sections][-2:] == ["work-care-counters", "care-counters"]


def test_only_pages_under_guide_are_read() -> None:
    pages = [("index.md", "", "# ホーム\n## 介護する人へ\n"), ("guide/x.md", "guide/x/", "---\ntitle: X\n---\n## 見出し\n")]
    found = guide_pages(pages, EXTENSIONS, {})
    assert [(p.url, p.title, [s.label for s in p.sections]) for p in found] == [("guide/x/", "X", ["見出し"])]


def test_the_manifest_lists_guide_pages_with_normalised_haystacks() -> None:
    today = date(2026, 12, 1)
    index = build_index(load_directory(ROOT / "resources", today), today, guide=[page("work-care"), page("checklist")])
    manifest = json.loads(index.files[MANIFEST_URI])
    url, title, hay, sections = manifest["guide"][0]
    assert (url, title) == ("guide/work-care/", "仕事と介護の両立のポイント")
    assert hay == normalise("仕事と介護の両立のポイント") + " " + normalise(
        "仕事を続けながら家族の介護をするための5つのポイントと、相談できる窓口。")
    assert sections[0][1] == "1" and normalise("介護休業") in sections[0][2]
    assert manifest["guide"][1][1] == "気づきチェックシート"


def test_glossary_entries_are_sections_of_the_glossary_page() -> None:
    pages = [page("glossary"), page("work-care")]
    add_glossary(pages, "guide/glossary/", glossary_terms())
    entries = {s.label: s for s in pages[0].sections}
    term = glossary_terms()[0]
    assert entries[term.term].anchor == f"term-{term.id}" and term.reading in entries[term.term].terms
    assert not [s for s in pages[1].sections if s.anchor.startswith("term-")]
