"""Which scripts and stylesheets a page loads, from what its HTML contains.

A page loads a script only if it has the markup the script works on: the map script only where
there is a map, the filters only where there are filters, and so on. The rule is read from the
rendered body, so a directory block put on a written page (<!-- directory:… -->) brings its
script along, and a new template needs no list to keep in step. Scripts and styles every page
uses (the header search) are in mkdocs.yml's extra_javascript / extra_css; a template may also
include a script of its own with a <script> tag.

overrides/main.html adds the page's `page_styles` to <head> and `page_scripts` after Material's.
"""

from __future__ import annotations

from dataclasses import dataclass

JS, CSS = "assets/javascripts/", "assets/stylesheets/"


@dataclass(frozen=True)
class Assets:
    """What a page needs when its HTML contains any of `markers`."""

    markers: tuple[str, ...]
    scripts: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()


RULES: tuple[Assets, ...] = (
    Assets(("data-cd-map=",), (JS + "map.js",), (CSS + "map.css",)),
    Assets(("data-cd-filters",), (JS + "filters.js",)),
    # data-cd-next= is a card's next date (town and kind lists); the staff form's bare
    # data-cd-next (no value) is its own and must not bring schedule.js along.
    Assets(("data-cd-occurrences=", "data-cd-next=", "data-cd-open", "data-cd-calendar-filter"), (JS + "schedule.js",)),
    Assets(("data-town-groups", "data-guide-counters", 'class="cd-term-wrap"', 'class="cd-check"'),
           (JS + "guide.js",), (CSS + "guide.css",)),
    Assets(('class="cd-glossary"', 'class="cd-source"', "cd-worries", "cd-noprint"), (), (CSS + "guide.css",)),
)


Needs = tuple[tuple[str, ...], tuple[str, ...]]  # (scripts, styles)


def page_assets(html: str, rules: tuple[Assets, ...] = RULES) -> Needs:
    """(scripts, styles) a page with body `html` needs, each once, in the order of `rules`."""
    scripts: dict[str, None] = {}
    styles: dict[str, None] = {}
    for rule in rules:
        if any(marker in html for marker in rule.markers):
            scripts.update(dict.fromkeys(rule.scripts))
            styles.update(dict.fromkeys(rule.styles))
    return tuple(scripts), tuple(styles)
