"""MkDocs hooks for the carer-support directory. They only wire events; carerdir does the work."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from carerdir.build import DirectoryBuild
from carerdir.config import ConfigError, read_config
from carerdir.preview import Preview
from carerdir.preview_errors import error_page, write_error_site
from carerdir.problems import InvalidData
from carerdir.report import log, report_off_the_map, report_stale
from carerdir.watching import watch_with_system_events

_build: DirectoryBuild | None = None
_serving = False  # under `mkdocs serve`, invalid data shows an error page instead of stopping
_preview: Preview | None = None  # under `mkdocs serve`, what a rebuild may reuse of the last one
_invalid: InvalidData | None = None
_nav: Navigation | None = None


def on_startup(command: str, dirty: bool) -> None:
    # MkDocs keeps this module for the whole serve process (it loads hooks once), so the memo
    # lives from one rebuild to the next; a build has none and starts from nothing.
    global _serving, _preview
    _serving = command == "serve"
    _preview = Preview() if _serving else None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Validate everything before any page is made; a PluginError stops the build with our
    # message and no traceback, and the site directory is left as it was.
    global _build, _invalid
    _build, _invalid = None, None
    if _preview is not None:
        _preview.start_build()
    try:
        settings = read_config(config.extra)
        _build = DirectoryBuild(Path(config.config_file_path).parent, settings, _preview)
    except ConfigError as error:
        raise PluginError(str(error)) from None
    except InvalidData as error:
        if not _serving:
            raise PluginError(error.report()) from None
        _invalid = error  # the preview shows the problems (on_post_build); no page is built
        config.nav = None
        log.warning("%s", error.report())
        return config
    if settings.title:  # the town's block names the site, so forks edit one place only
        config.site_name = settings.title
    report_stale(_build.stale)
    report_off_the_map(_build.directory.off_the_map())
    return config


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    # A save is seen when the system says so, not at MkDocs's next poll of 10,000 files (watching.py).
    watch_with_system_events(server, config.watch)
    return server


def on_pre_build(config: MkDocsConfig) -> None:
    if _preview is not None:  # keep the last rebuild's files through MkDocs's cleaning (preview.py)
        _preview.site.hold(Path(config.site_dir))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if _invalid is not None:  # keep the theme's and the site's assets, build no page
        if _preview is not None:
            _preview.site.wait()
        return Files([file for file in files if not file.is_documentation_page()])
    assert _build is not None
    _build.add_files(files, config)
    if _preview is not None:  # every file is known now, and none written yet
        _preview.site.restore(Path(config.site_dir), {file.dest_uri for file in files})
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    global _nav
    _nav = nav
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Generated pages are Material's page frame, rendered once per set of links and filled in.
    if _invalid is not None:  # the preview shows the problems; there are no pages to frame
        return env
    assert _build is not None and _nav is not None
    _build.use_theme(env, config, files, _nav)
    return env


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    # Generated pages are rendered from the data by autoescaping templates, not from Markdown,
    # here rather than earlier so MkDocs' Markdown pass never sees them. (There is no search
    # plugin to run before this: the header search is the directory's own, search_index.py.)
    # The finished body says which scripts and styles the page needs (page_assets.py).
    assert _build is not None
    page.content = _build.page_body(page.content or "", page)
    context["page_scripts"], context["page_styles"] = _build.page_needs(page)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    if _invalid is not None:
        templates = Path(config.config_file_path).parent / "overrides" / "directory"
        write_error_site(Path(config.site_dir), error_page(_invalid, templates, config.site_name))
    elif _preview is not None:
        _preview.end_build()  # keep only what this rebuild used
    if _preview is not None:
        _preview.stop_build()


def on_build_error(error: Exception) -> None:
    if _preview is not None:
        _preview.stop_build()
