"""The directory's part in one MkDocs build: load once, add virtual pages, render their bodies."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import TypeVar

from jinja2 import Environment, TemplateNotFound
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import pages as page_uris
from .config import DirectoryConfig, published
from .frame import FramedFile, PageFrames, PrototypePage, frames_enabled, named_in_nav, sitemap_entries
from .generated_page import GeneratedPage
from .page_assets import Needs, page_assets
from .directory import Directory, Record
from .exports.catalogue import open_data
from .exports.values import Publication
from .glossary import GLOSSARY_URI, glossary_terms, mark_terms
from .guide_index import add_glossary, guide_pages
from .ics import feed
from .loading import load_directory, today_in_japan
from .maps import Maps
from .made_file import MadeFile
from .preview import Preview, Same, content_key, folder_stamp
from .pages import (CALENDAR_URI, COVERAGE_URI, DATA_URI, KINDS_URI, TOWNS_URI, PageSpec, directory_pages,
                    record_feed_uri, record_uri, town_feed_uri)
from .qrcodes import QRCodes
from .render import make_environment, render
from .search_index import build_index
from .template_context import BuildContext, template_globals
from .town_parts import parts_folder

T = TypeVar("T")

# A hand-written page asks for a block of directory data with this comment, e.g. the home
# page's <!-- directory:home --> renders overrides/directory/blocks/home.html in its place.
BLOCK_MARKER = re.compile(r"<!-- directory:([a-z][a-z0-9-]*) -->")
IN_NAV = {TOWNS_URI, KINDS_URI, CALENDAR_URI, COVERAGE_URI, page_uris.MAP_URI, DATA_URI}


class DirectoryBuild:
    """State of one build. Created in on_config, so each `mkdocs serve` rebuild re-reads the data."""

    def __init__(self, project_dir: Path, config: DirectoryConfig, preview: Preview | None = None) -> None:
        """`preview`: what earlier rebuilds of this `mkdocs serve` made (preview.py); None for a build."""
        self.today = today_in_japan()
        self.settings = config
        self.project_dir, self.preview = project_dir, preview
        self.memo = preview.memo if preview else None
        resources = project_dir / "resources"
        self.directory: Directory = published(load_directory(resources, self.today, self.memo), config)
        self.env = make_environment(project_dir / "overrides" / "directory",
                                    preview.directory_templates if preview else None)
        self.maps = Maps(self.directory, config.map, self.today)
        self.context = BuildContext(self.directory, config, self.today, self.maps)  # what templates see
        self.env.globals.update(template_globals(self.context))
        self.context.card_macro = self.env.get_template("macros.html").module.card  # type: ignore[attr-defined]
        self.context.each, self.context.kept = self.each, self.kept
        self.stale = self.context.stale
        self.pages: dict[str, PageSpec] = {p.src_uri: p for p in directory_pages(self.directory)}
        self.urls: dict[str, str] = {}
        self.blocks: dict[tuple[str, str], str] = {}  # (page src_uri, block name) -> its HTML
        self.frames: PageFrames | None = None
        self.site_key: tuple[bytes] | tuple[()] = ()  # what pages read besides their records (preview.py)

    def add_files(self, files: Files, config: MkDocsConfig) -> None:
        if self.memo is not None:
            self.site_key = self._site_key(config)
        # Pages outside the navigation are Material's frame filled in (frame.py), and a page with
        # a layout of its own (the print sheets) is rendered whole, both as MkDocs writes them, so
        # a preview renders only those that changed; those in the navigation, with their active
        # item, Material renders itself.
        in_nav = IN_NAV | named_in_nav(config.nav) if frames_enabled() else None
        for spec in self.pages.values():
            if in_nav is not None and spec.src_uri not in in_nav:
                file: File = FramedFile.page(config, spec.src_uri, self._framed_html,
                                             self._unchanged(self._page_key(spec)))
            else:
                inclusion = InclusionLevel.UNDEFINED if spec.src_uri in IN_NAV else InclusionLevel.NOT_IN_NAV
                file = File.generated(config, spec.src_uri, content="", inclusion=inclusion)
                GeneratedPage(spec.title, file, config, spec.layout)  # becomes file.page, which MkDocs then uses
            files.append(file)
            self.urls[spec.src_uri] = file.url
        written = [(f.src_uri, f.url, f.content_string) for f in files.documentation_pages()
                   if f.src_uri not in self.pages]
        guide = guide_pages(written, config.markdown_extensions, config.mdx_configs)
        for src_uri, url, _ in written:
            if src_uri == GLOSSARY_URI:
                add_glossary(guide, url, glossary_terms())
        search = build_index(self.directory, self.today, config.use_directory_urls, guide=guide, each=self.each)
        for uri, key, make in self._feeds():
            file = MadeFile.made(config, uri, lambda _, key=key, make=make: self._made(key, make),
                                 self._unchanged(key))
            files.append(file)
            self.urls[uri] = file.url
        for uri, content in search.files.items():
            file = self._file(config, uri, content)
            files.append(file)
            self.urls[uri] = file.url
        qr_codes = QRCodes(config.site_url, self.urls)  # printed pages lead back to the live site
        qr_codes.report_missing()
        self.context.codes = qr_codes
        self.maps.add_files(files, config, self.urls, self.each)  # after the record pages: the GeoJSON links to them
        self._add_open_data(files, config)
        for file in files:  # pages, and the scripts a page's template loads itself
            self.urls.setdefault(file.src_uri, file.url)
        self._render_blocks(files, config)

    def _site_key(self, config: MkDocsConfig) -> tuple[bytes]:
        """Everything a page body or a feed may read besides the records it shows (PageSpec.shows):
        when any of it changes, a preview reuses nothing."""
        project = self.project_dir
        everything = (self.today, self.settings, config.site_url, config.use_directory_urls,
                      tuple(self.directory.towns), tuple(self.context.town_calendars),
                      Path(config.config_file_path).read_bytes(),
                      folder_stamp(project / "overrides"), folder_stamp(Path(config.docs_dir)))
        return (content_key(repr(everything).encode()),)  # a digest: every key holds it

    def use_theme(self, env: Environment, config: MkDocsConfig, files: Files, nav: Navigation) -> None:
        """Material's environment and navigation, for the frames; sitemap.xml lists framed pages."""
        if self.preview is not None:
            env.bytecode_cache = self.preview.theme_templates
        search = files.get_file_from_path(page_uris.SEARCH_URI)  # the header links to it
        self.frames = PageFrames(env, config, files, nav, (search.url,) if search else ())
        env.globals["sitemap_pages"] = lambda pages: list(sitemap_entries(pages, list(self.pages), files, config))

    def _framed_html(self, file: File) -> str:
        assert self.frames is not None  # made in on_env, before MkDocs writes any file
        try:
            body = self._generated_body(file.src_uri)
        except Exception as error:  # e.g. a template edit: name the page, as MkDocs does for its own
            raise PluginError(f"{file.src_uri}: ページを作れませんでした: {type(error).__name__}: {error}") from None
        spec = self.pages[file.src_uri]
        if spec.layout is not None:
            return self.frames.render(file, spec.title, body, spec.layout)
        return self.frames.html(file, spec.title, body)

    def _add_open_data(self, files: Files, config: MkDocsConfig) -> None:
        """records.json, records.csv, events.csv, HSDS... (exports/), listed on the /data/ page."""
        title = config.site_name
        publication = Publication(title, self.settings.publisher or title, self.settings.licence,
                                  self.settings.licence_url, self.today)
        site = config.site_url or ""
        feeds = {slug: town_feed_uri(slug) for slug in self.directory.towns if town_feed_uri(slug) in self.urls}
        made = open_data(self.directory, self.today, publication, lambda i: self.urls[record_uri(i)],
                         lambda i: site and site + self.urls[record_uri(i)], feeds, self.maps.geojson, self.each)
        for item in made:
            if item.made_here:
                files.append(MadeFile.holding(config, item.uri, item.content))
            self.urls[item.uri] = item.uri
        self.context.open_data, self.context.publication, self.context.town_feeds = made, publication, feeds

    def _render_blocks(self, files: Files, config: MkDocsConfig) -> None:
        """Render the directory blocks of written pages now, so that the towns' parts of long
        blocks can still be added to the site as files of their own (town_parts.py)."""
        for file in list(files.documentation_pages()):
            if file.src_uri in self.pages:
                continue
            for name in dict.fromkeys(BLOCK_MARKER.findall(file.content_string)):
                self.context.parts = {}
                self.blocks[file.src_uri, name] = self._block(name, file)
                for (block_id, slug), part in self.context.parts.items():
                    uri = f"{parts_folder(file.src_uri)}{block_id}/{slug}.html"
                    files.append(self._file(config, uri, part))

    def _file(self, config: MkDocsConfig, uri: str, content: str | bytes) -> MadeFile:
        """A file whose content is made already (a town's part of a block, the search index):
        under mkdocs serve, not written again while the site folder holds the same content."""
        def encoded() -> bytes:
            return content.encode() if isinstance(content, str) else content

        key = ("file", uri, content)
        return MadeFile.made(config, uri, lambda _: self._made(key, encoded), self._unchanged(key))

    def _feeds(self) -> list[tuple[str, tuple | None, Callable[[], bytes]]]:
        """An .ics feed per record with dates, and per town of the records available to it (its
        own and those of places elsewhere that serve it) that have any: (uri, memo key, maker)."""
        feeds = []
        for slug, town in self.directory.towns.items():
            own = [r for r in self.directory.in_town(slug) if r.has_dates]
            feeds += [(record_feed_uri(r.id), *self._feed(r.name, [r])) for r in own]
            records = self.directory.in_feed(slug)
            if records:
                feeds.append((town_feed_uri(slug), *self._feed(f"{town.name}の集まり・窓口", records)))
        return feeds

    def _feed(self, name: str, records: list[Record]) -> tuple[tuple | None, Callable[[], bytes]]:
        key = None if self.memo is None else ("feed", name, self.site_key, Same(records))
        return key, lambda: feed(name, records, self.today)

    def each(self, what: str, record: Record, make: Callable[[], T]) -> T:
        """A per-record piece of a whole-directory file (preview.Each): under mkdocs serve, kept
        while the record is the same object, i.e. its file unchanged."""
        if self.memo is None:  # a build: no key to make, on this path taken ~60,000 times
            return make()
        return self.kept(what, (record,), make)

    def kept(self, what: Hashable, records: Iterable[Record], make: Callable[[], T]) -> T:
        """A piece made from several records (preview.Kept): under mkdocs serve, kept while `what`
        is equal and the records are the same objects."""
        if self.memo is None:
            return make()
        return self.memo.get((what, self.site_key, Same(records)), make)

    def _made(self, key: tuple | None, make: Callable[[], T]) -> T:
        """`make()`, or under mkdocs serve what an earlier rebuild made from the same inputs."""
        return make() if key is None or self.memo is None else self.memo.get(key, make)

    def _page_key(self, spec: PageSpec) -> tuple | None:
        """What a generated page is made from (PageSpec.shows), for the preview's memo; None in a
        build, or for a page made from the whole directory."""
        if self.memo is None or spec.shows is None:
            return None
        return ("page", spec.src_uri, self.site_key, Same(spec.shows))

    def _unchanged(self, key: tuple | None) -> Callable[[MadeFile], bool] | None:
        """For a file made from `key`: whether the preview's site folder already holds it."""
        return None if self.preview is None or key is None else self.preview.unchanged(key)

    def page_needs(self, page: Page) -> Needs:
        """The scripts and styles a page loads: read from its finished body, or, for a frame's
        prototype (whose body is a sentinel), those of the pages it is the frame of."""
        if isinstance(page, PrototypePage) and page.needs is not None:
            return page.needs
        return page_assets(page.content or "")

    def page_body(self, content: str, page: Page) -> str:
        """The HTML body of a generated page, or a written page with its directory blocks filled in."""
        if isinstance(page, PrototypePage):  # its body is the frame's sentinel, or already made
            return content
        if page.file.src_uri in self.pages:
            return self._generated_body(page.file.src_uri)
        body = BLOCK_MARKER.sub(lambda m: self.blocks[page.file.src_uri, m.group(1)], content)
        if GLOSSARY_URI in self.urls:  # explain glossary terms where they are first used
            body = mark_terms(body, get_relative_url(self.urls[GLOSSARY_URI], page.url))
        return body

    def _generated_body(self, src_uri: str) -> str:
        spec = self.pages[src_uri]
        key = self._page_key(spec)

        def render() -> str:
            return self._render(spec.template, self.urls[src_uri], **spec.context)

        return render() if key is None else self._made(key, render)

    def _block(self, name: str, file: File) -> str:
        def parts_url(block_id: str) -> str:  # the folder of a long block's town parts
            return get_relative_url(f"{parts_folder(file.src_uri)}{block_id}/", file.url)

        try:
            return self._render(f"blocks/{name}.html", file.url, parts_url=parts_url)
        except TemplateNotFound:
            raise PluginError(f"{file.src_uri}: <!-- directory:{name} --> というブロックはありません。"
                              f"overrides/directory/blocks/ にあるものを使ってください") from None

    def _render(self, template: str, page_url: str, **context: object) -> str:
        def url(src_uri: str) -> str:
            return get_relative_url(self.urls[src_uri], page_url)

        return render(self.env, template, url=url, page_url=page_url, **context)
