"""Material's page frame for generated pages: rendered once per set of relative links, filled per page.

A generated page outside the navigation differs from its siblings only in its title, its body and
its URL; pages whose links to the navigation, the home page and the assets come out alike get the
same header, navigation and footer. So Material's own `main.html` (with our partial overrides and
every plugin's page events) is rendered for one prototype page per such set of links, with
sentinel values where the page's own values go, and each page is that frame with its values put
back in. The finished HTML is handed to MkDocs as a `FramedFile`, which MkDocs writes and serves
like any other file; `sitemap_entries` keeps the pages in sitemap.xml.

Material prints the title through several filters (as is, `striptags`, `e`, `urlencode`): the
prototype's title is a probe whose every known filtering is recognised, and each is applied to the
page's own title in Python. A frame with anything left of a sentinel (a filter we do not know, after
a Material upgrade) is not used: those pages are rendered by Material one by one, as before.
tests/test_frame.py builds the sample site both ways and finds every file equal.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from jinja2 import Environment
from jinja2.filters import do_urlencode
from markupsafe import Markup, escape
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_date, get_relative_url

from .generated_page import GeneratedPage
from .made_file import MadeFile
from .page_assets import Needs, page_assets

SENTINEL = "zq7"  # in each sentinel below, and in no text of the site
TITLE_PROBE = "zq7title&  x"  # its filterings all differ: `&` is escaped, the spaces collapse
BODY, H1_BODY = "zq7body", "<h1>zq7body"  # Material adds an <h1> title unless the body has one
SLOT = "zq7slot"  # the prototype's URL is the page's, with this for the last segment
URL = re.compile(r"^(?P<head>(?:[^/]+/)*)(?P<slot>[^/]+)(?P<tail>/|\.html)$")

# How Material's templates print `page.title` (already HTML-escaped, see GeneratedPage).
TITLE_FORMS: dict[str, Callable[[str], str]] = {
    "title": str,
    "title|striptags": lambda title: Markup(title).striptags(),
    "title|e": lambda title: str(escape(title)),
    "title|urlencode": do_urlencode,
}


def frames_enabled() -> bool:
    """CARERDIR_FRAMES=off has Material render every generated page itself: the reference the
    frame is tested against (tests/test_frame.py)."""
    return os.environ.get("CARERDIR_FRAMES", "on") != "off"


@dataclass(frozen=True)
class Frame:
    """A rendered page with holes: literals[0], value of keys[0], literals[1], ..."""

    literals: list[str]
    keys: list[str]

    def fill(self, values: dict[str, str]) -> str:
        out = [self.literals[0]]
        for key, literal in zip(self.keys, self.literals[1:]):
            out += [values[key], literal]
        return "".join(out)


def parse_frame(rendered: str, prototype_url: str) -> Frame | None:
    """The frame in a prototype's HTML; None if a sentinel went through a filter we do not know.

    The page's URL is printed whole (the canonical link): pages in other folders that link alike
    share the frame and have their own URL put in."""
    probe = html.escape(TITLE_PROBE)
    tokens = {form(probe): key for key, form in TITLE_FORMS.items()}
    tokens.update({H1_BODY: "body", BODY: "body", prototype_url: "url"})
    pattern = "|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True))
    pieces = re.split(f"({pattern})", rendered)
    literals, found = pieces[0::2], pieces[1::2]
    if any(SENTINEL in literal.lower() for literal in literals):  # e.g. `| upper` leaves ZQ7
        return None
    return Frame(literals, [tokens[token] for token in found])


class FramedFile(MadeFile):
    """A generated page that MkDocs writes like a static file (made_file.py): Material's frame
    filled in as it is written."""

    @classmethod
    def page(cls, config: MkDocsConfig, src_uri: str, make: Callable[[FramedFile], str],
             unchanged: Callable[[MadeFile], bool] | None = None) -> FramedFile:
        # As MkDocs encodes a page it builds (commands/build.py _build_page).
        def encoded(file: MadeFile) -> bytes:
            return make(file).encode("utf-8", errors="xmlcharrefreplace")  # type: ignore[arg-type]

        return cls.made(config, src_uri, encoded, unchanged)  # type: ignore[return-value]


class PrototypePage(GeneratedPage):
    """A page frame.py renders itself (a frame's prototype, or a page no frame fits): the hook
    leaves its body, given here, alone. A prototype's body is a sentinel, so it carries the
    scripts and styles its pages need (`needs`); otherwise they are read from the body."""

    def __init__(self, title: str, file: File, config: MkDocsConfig, needs: Needs | None = None,
                 layout: str | None = None) -> None:
        super().__init__(title, file, config, layout)
        self.needs = needs


@dataclass(frozen=True)
class SitemapPage:
    """What MkDocs's sitemap.xml reads of a page (Page._set_canonical_url, Page.update_date)."""

    canonical_url: str | None
    abs_url: str | None
    update_date: str
    is_link: bool = False


@dataclass(frozen=True)
class SitemapEntry:
    page: SitemapPage


class PageFrames:
    """The frames of one build, made as the first page of each set of links is written."""

    def __init__(self, env: Environment, config: MkDocsConfig, files: Files, nav: Navigation,
                 linked: tuple[str, ...] = ()) -> None:
        """`linked`: URLs our theme overrides link to on every page besides the navigation's
        (the header's search page), so a page at one of them gets its own frame."""
        self._env, self._config, self._files, self._nav = env, config, files, nav
        self._targets = _link_targets(nav, config.theme.get("logo")) + list(linked)
        self._links_by_folder: dict[str, tuple[str, ...]] = {}
        self._pages: list[File] | None = None  # the site's pages, as the context lists them
        self._frames: dict[tuple[tuple[str, ...], bool, Needs], Frame | None] = {}

    def html(self, file: File, title: str, body: str) -> str:
        """The finished page of `file`, titled `title` (plain text), with `body` (HTML)."""
        match = URL.match(file.url)
        # A page at the site's root, or one the frame links to (its links to itself differ from
        # its siblings'): Material renders it.
        if match is None or file.url in self._targets:
            return self.render(file, title, body)
        prototype_url = match["head"] + SLOT + match["tail"]
        # Pages that load other scripts (page_assets.py: a record with a map, one without) differ
        # in <head> and at the end of <body>: they get frames of their own.
        key = (self._links(prototype_url), "<h1" in body, page_assets(body))
        if key not in self._frames:
            self._frames[key] = self._frame(prototype_url, key[1], key[2])
        frame = self._frames[key]
        if frame is None:
            return self.render(file, title, body)
        escaped = html.escape(title)  # as GeneratedPage does
        values = {"body": body, "url": file.url}
        values.update((k, form(escaped)) for k, form in TITLE_FORMS.items() if k in frame.keys)
        return frame.fill(values)

    def render(self, file: File, title: str, body: str, layout: str | None = None) -> str:
        """The page as Material renders it, through the same steps as MkDocs's _build_page; with
        `layout`, in that template instead of main.html (the print sheets)."""
        page_file = File.generated(self._config, "zq7.md", content="")
        page_file.url, page_file.dest_uri = file.url, file.dest_uri
        return self._render_page(PrototypePage(title, page_file, self._config, layout=layout), body)

    def _links(self, prototype_url: str) -> tuple[str, ...]:
        """Every link target of the frame, relative to the pages whose URL has this prototype's
        folder and ending; computed once per folder."""
        if prototype_url not in self._links_by_folder:
            self._links_by_folder[prototype_url] = tuple(
                get_relative_url(target, prototype_url) for target in self._targets)
        return self._links_by_folder[prototype_url]

    def _frame(self, prototype_url: str, with_h1: bool, needs: Needs) -> Frame | None:
        file = File.generated(self._config, "zq7.md", content="")
        file.url = prototype_url
        file.dest_uri = prototype_url + ("index.html" if prototype_url.endswith("/") else "")
        page = PrototypePage(TITLE_PROBE, file, self._config, needs)
        return parse_frame(self._render_page(page, H1_BODY if with_h1 else BODY), prototype_url)

    def _render_page(self, page: Page, body: str) -> str:
        config, files = self._config, self._files
        config._current_page = page
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config,
                                                            files=files)
            page.render(config, files)
            page.content = config.plugins.on_page_content(body, page=page, config=config, files=files)
            page.active = True
            if self._pages is None:  # the files are final by now (on_env): listed once, not per page
                self._pages = files.documentation_pages()
            context = get_context(self._nav, self._pages, config, page)
            template = self._env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=self._nav)
            output = template.render(context)
            return config.plugins.on_post_page(output, page=page, config=config)
        finally:
            page.active = False
            config._current_page = None


def sitemap_entries(pages: list[File], generated: list[str], files: Files,
                    config: MkDocsConfig) -> Iterator[File | SitemapEntry]:
    """sitemap.xml's pages: the written ones, then the generated ones in the order Material
    would have listed them, the framed ones described as MkDocs describes a page."""
    by_uri = files.src_uris  # generated URIs are MkDocs's already: no get_file_from_path per page
    if not any(isinstance(by_uri.get(uri), FramedFile) for uri in generated):
        yield from pages  # Material renders every page (CARERDIR_FRAMES=off): MkDocs's own list
        return
    listed = {file.src_uri for file in pages}
    generated_uris = set(generated)
    yield from (file for file in pages if file.src_uri not in generated_uris)
    page_of = _sitemap_page(config.site_url, get_build_date())
    for src_uri in generated:
        file = by_uri.get(src_uri)
        if isinstance(file, FramedFile):
            yield SitemapEntry(page_of(file.url))
        elif src_uri in listed:
            yield file


def _sitemap_page(site_url: str | None, build_date: str) -> Callable[[str], SitemapPage]:
    """A framed page's sitemap description from its URL, as Page._set_canonical_url makes it:
    urljoin(site_url, url) and that URL's path. A page's URL is relative, without "..", "?" or
    "#" (File.url), so both are the site's plus the URL, made without parsing 10,000 URLs."""
    if not site_url:
        return lambda url: SitemapPage(None, None, build_date)
    base = site_url if site_url.endswith("/") else site_url + "/"
    base_path = urlsplit(base).path
    return lambda url: SitemapPage(base + url, base_path + url, build_date)


def _link_targets(nav: Navigation, logo: str | None) -> list[str]:
    """Every URL the frame links to, relative to the site root: '.' stands for base_url, on which
    the assets' links depend; the navigation's pages and links, the home page and the logo."""
    targets = ["."]
    stack = list(nav.items)
    while stack:
        item = stack.pop(0)
        if isinstance(item, Section):
            stack[:0] = item.children
        elif isinstance(item, (Page, Link)) and item.url is not None:
            targets.append(item.url)
    if nav.homepage:
        targets.append(nav.homepage.url)
    if logo:
        targets.append(logo)
    return targets


def named_in_nav(nav_config: object) -> set[str]:
    """The files named in mkdocs.yml's `nav`: Material renders those pages itself (active item)."""
    if isinstance(nav_config, str):
        return {nav_config}
    if isinstance(nav_config, dict):
        return set().union(*(named_in_nav(v) for v in nav_config.values()))
    if isinstance(nav_config, list):
        return set().union(*(named_in_nav(v) for v in nav_config))
    return set()
