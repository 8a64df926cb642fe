"""Material's site navigation, rendered once per distinct set of links instead of once per page.

Material renders the whole navigation into every page; with 10,000 record pages that was a
third of its template time. A page that is not in the navigation has no active item, so its
navigation differs from another such page's only in the relative URLs of the links: pages
whose links come out the same share one rendering. Pages in the navigation (a dozen) are
rendered as Material does.

overrides/partials/nav.html wraps Material's own partial, reached through the `material/`
prefix (see `material_loader`), in `{% call cached_nav(page, nav) %}`.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files

from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader, PrefixLoader
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url


def material_loader(theme_loader: BaseLoader) -> BaseLoader:
    """The theme's loader, plus Material's own templates under `material/` for wrapping them."""
    material = FileSystemLoader(str(files("material") / "templates"))
    return ChoiceLoader([theme_loader, PrefixLoader({"material": material})])


class NavCache:
    """`cached_nav` for one build: the rendered navigation by the page's relative links."""

    def __init__(self, logo: str | None = None) -> None:
        self._logo = logo
        self._targets: list[str] | None = None
        self._rendered: dict[tuple[str, ...], str] = {}

    def __call__(self, page: Page | None, nav: Navigation, caller: Callable[[], str]) -> str:
        if page is None or any(page is p for p in nav.pages):
            return caller()
        key = tuple(get_relative_url(target, page.url) for target in self._link_targets(nav))
        if key not in self._rendered:
            self._rendered[key] = caller()
        return self._rendered[key]

    def _link_targets(self, nav: Navigation) -> list[str]:
        """Every URL the navigation links to, relative to the site root; '.' stands for base_url."""
        if self._targets is None:
            targets = [".", *(item.url for item in _items(nav.items) if item.url is not None)]
            if nav.homepage:
                targets.append(nav.homepage.url)
            if self._logo:
                targets.append(self._logo)
            self._targets = targets
        return self._targets


def _items(items: list) -> list[Page | Link]:
    found: list[Page | Link] = []
    for item in items:
        if isinstance(item, Section):
            found += _items(item.children)
        else:
            found.append(item)
    return found
