"""The written guide pages as the directory search sees them: title, sections and key terms.

The header search finds a guide page by its title and description, and a section by its h2/h3
heading or by the terms written in bold under it (「介護休業」 is bold in the work–care page's
first section, so it finds that section). The Markdown is converted with the site's own
extensions, so the anchors are the ones MkDocs gives the headings. Readings in <ruby> are
searchable but not shown. Blocks filled in from the data (<!-- directory:… -->) are not read:
their places are in the index already, and the 用語集's entries are added from glossary.yml
(`add_glossary`), each a section of the 用語集 page found by its term, reading or other names.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import markdown
from mkdocs.utils.meta import get_data

from .glossary import Term

GUIDE_FOLDER = "guide/"  # written pages under this folder of docs_dir are the 案内 results
HEADINGS = ("h1", "h2", "h3")


@dataclass
class Section:
    label: str
    anchor: str
    terms: list[str] = field(default_factory=list)


@dataclass
class GuidePage:
    url: str  # site-relative, as MkDocs gives it ("guide/work-care/")
    title: str
    description: str
    sections: list[Section]


class _Outline(HTMLParser):
    """Headings with their ids, and the bold terms under each, from a page's HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.sections: list[Section] = []
        self._in: str | None = None  # "h1".."h3" or "strong" while inside one
        self._anchor = ""
        self._text: list[str] = []
        self._reading = 0  # inside <rt>: a reading, kept apart from the shown text
        self._readings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HEADINGS or (tag in ("strong", "b") and self._in is None):
            self._in, self._anchor, self._text, self._readings = tag, dict(attrs).get("id") or "", [], []
        elif tag == "rt":
            self._reading += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "rt":
            self._reading = max(0, self._reading - 1)
        elif tag == self._in:
            text = " ".join("".join(self._text).split())
            words = [text, *self._readings]
            if tag == "h1":
                self.title = self.title or text
            elif tag in HEADINGS:
                self.sections.append(Section(text, self._anchor, self._readings[:]))
            elif self.sections:
                self.sections[-1].terms += words
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in is None:
            return
        (self._readings if self._reading else self._text).append(data)


def read_guide_page(url: str, source: str, extensions: list[Any], extension_configs: dict[str, Any]) -> GuidePage:
    """One written page, from its Markdown `source` (front matter included)."""
    body, meta = get_data(source)
    html = markdown.Markdown(extensions=extensions, extension_configs=extension_configs).convert(body)
    outline = _Outline()
    outline.feed(html)
    title = str(meta.get("title") or outline.title or url)
    return GuidePage(url, title, str(meta.get("description") or ""), outline.sections)


def guide_pages(pages: Iterable[tuple[str, str, str]], extensions: list[Any],
                extension_configs: dict[str, Any]) -> list[GuidePage]:
    """The guide pages among (src_uri, url, Markdown source) of the written pages."""
    return [read_guide_page(url, source, extensions, extension_configs)
            for src_uri, url, source in sorted(pages) if src_uri.startswith(GUIDE_FOLDER)]


def add_glossary(pages: list[GuidePage], glossary_url: str, terms: Iterable[Term]) -> None:
    """Each glossary term as a section of the 用語集 page (its entries link to #term-<id>)."""
    for page in pages:
        if page.url == glossary_url:
            page.sections += [Section(t.term, f"term-{t.id}", [t.reading, *t.also]) for t in terms]
