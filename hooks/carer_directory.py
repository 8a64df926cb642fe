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
from carerdir.problems import InvalidData
from carerdir.report import report_stale

_build: DirectoryBuild | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Validate everything before any page is made; a PluginError stops the build with our
    # message and no traceback, and the site directory is left as it was.
    global _build
    try:
        settings = read_config(config.extra)
        _build = DirectoryBuild(Path(config.config_file_path).parent, settings)
    except ConfigError as error:
        raise PluginError(str(error)) from None
    except InvalidData as error:
        raise PluginError(error.report()) from None
    if settings.title:  # the town's block names the site, so forks edit one place only
        config.site_name = settings.title
    report_stale(_build.stale)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
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
    if _build is not None:
        _build.finish()


def on_build_error(error: Exception) -> None:
    if _build is not None:  # do not leave the body worker behind a failed build
        _build.finish()
