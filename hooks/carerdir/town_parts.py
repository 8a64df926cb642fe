"""Each town's part of a long guide block, moved out of the page into a file of its own.

A guide block lists places town by town (overrides/directory/blocks/guide-macros.html,
`by_town`). For all of Hokkaido that made the checklist page 4.5 MB; with more than
PARTS_FROM towns each town's group is left out of the page (BuildContext.town_group) and the
build writes it to parts/<page>/<block>/<town>.html, which guide.js loads when the reader picks
a town. Links in a part are relative to the page that loads it.
"""

from __future__ import annotations

PARTS_FROM = 12  # towns: a few towns' lists are short enough to stay on the page


def parts_folder(page_src_uri: str) -> str:
    """Where the parts of a page's blocks go, e.g. parts/guide/checklist/ for guide/checklist.md."""
    return f"parts/{page_src_uri.removesuffix('.md')}/"

