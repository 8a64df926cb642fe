"""The MkDocs page of a generated file: no Markdown to read or convert.

A record page's body is rendered from the data by a template (see build.py), so MkDocs's
Markdown pass over an empty source only cost time: 10,000 Markdown instances, ~5 s.
"""

from __future__ import annotations

import html

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc


class GeneratedPage(Page):
    """A page whose title is given and whose body is filled in later, at on_page_context."""

    def __init__(self, title: str, file: File, config: MkDocsConfig, layout: str | None = None) -> None:
        super().__init__(None, file, config)
        self._given_title = title
        self._layout = layout

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""
        # Material prints page.title unescaped (header, <title>): escape the record's name.
        # These pages are found with the directory search (search_index.py). The site has no
        # Material search plugin; should a fork turn it on, its index (fetched on every first
        # visit) is kept free of them: 10,000 records would weigh 3.9 MB.
        self.meta = {"title": html.escape(self._given_title), "search": {"exclude": True}}
        if self._layout:  # MkDocs renders the page with this template instead of main.html
            self.meta["template"] = self._layout

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""
        self.toc = get_toc([])
        self.present_anchor_ids = set()
        self.links_to_anchors = {}
