"""MkDocs hooks for the carer-support directory. They only wire events; carerdir does the work."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from carerdir.build import DirectoryBuild
from carerdir.config import ConfigError, read_config
from carerdir.navcache import NavCache, material_loader
from carerdir.page_assets import page_assets
from carerdir.preview_errors import error_page, write_error_site
from carerdir.problems import InvalidData
from carerdir.report import log, report_off_the_map, report_stale

_build: DirectoryBuild | None = None
_serving = False  # under `mkdocs serve`, invalid data shows an error page instead of stopping
_invalid: InvalidData | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Validate everything before any page is made; a PluginError stops the build with our
    # message and no traceback, and the site directory is left as it was.
    global _build, _invalid
    _build, _invalid = None, None
    try:
        settings = read_config(config.extra)
        _build = DirectoryBuild(Path(config.config_file_path).parent, settings)
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


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if _invalid is not None:  # keep the theme's and the site's assets, build no page
        return Files([file for file in files if not file.is_documentation_page()])
    assert _build is not None
    _build.add_files(files, config)
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Material's navigation is rendered once for all record pages that link alike.
    env.loader = material_loader(env.loader)
    env.globals["cached_nav"] = NavCache(config.theme.get("logo"))
    return env


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    # Generated pages are rendered from the data by autoescaping templates, not from Markdown,
    # here rather than earlier so MkDocs' Markdown pass never sees them. (There is no search
    # plugin to run before this: the header search is the directory's own, search_index.py.)
    # The finished body says which scripts and styles the page needs (page_assets.py).
    assert _build is not None
    page.content = _build.page_body(page.content or "", page)
    context["page_scripts"], context["page_styles"] = page_assets(page.content)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    if _invalid is not None:
        templates = Path(config.config_file_path).parent / "overrides" / "directory"
        write_error_site(Path(config.site_dir), error_page(_invalid, templates, config.site_name))
    if _build is not None:
        _build.finish()


def on_build_error(error: Exception) -> None:
    if _build is not None:  # do not leave the body worker behind a failed build
        _build.finish()
