"""Each town's part of a long guide block, moved out of the page into a file of its own.

A guide block lists places town by town (overrides/directory/blocks/guide-macros.html,
`by_town`). For all of Hokkaido that made the checklist page 4.5 MB; with more than
PARTS_FROM towns the macro marks each town's group with <!-- part:BLOCK/TOWN --> … <!-- /part -->,
and the build moves the marked groups into parts/<page>/<block>/<town>.html, which guide.js
loads when the reader picks a town. Links in a part are relative to the page that loads it.
"""

from __future__ import annotations

import re

PARTS_FROM = 12  # towns: a few towns' lists are short enough to stay on the page
PART = re.compile(r"<!-- part:([a-z0-9-]+)/([a-z0-9-]+) -->\n?(.*?)<!-- /part -->\n?", re.S)


def parts_folder(page_src_uri: str) -> str:
    """Where the parts of a page's blocks go, e.g. parts/guide/checklist/ for guide/checklist.md."""
    return f"parts/{page_src_uri.removesuffix('.md')}/"


def take_parts(html: str) -> tuple[str, dict[tuple[str, str], str]]:
    """`html` without its marked parts, and the parts by (block id, town slug)."""
    parts: dict[tuple[str, str], str] = {}

    def take(match: re.Match[str]) -> str:
        parts[match.group(1), match.group(2)] = match.group(3)
        return ""

    return PART.sub(take, html), parts
