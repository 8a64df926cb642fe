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
from carerdir.problems import InvalidData
from carerdir.report import report_stale

_build: DirectoryBuild | None = None
_nav: Navigation | None = None


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


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    global _nav
    _nav = nav
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Generated pages are Material's page frame, rendered once per set of links and filled in.
    assert _build is not None and _nav is not None
    _build.use_theme(env, config, files, _nav)
    return env


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    # Generated pages are rendered from the data by autoescaping templates, not from Markdown.
    # Doing it here, after Material's search plugin has indexed the page (hooks run after
    # plugins), keeps directory lists out of the index every visitor downloads.
    assert _build is not None
    page.content = _build.page_body(page.content or "", page)
    return context
