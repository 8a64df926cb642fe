"""The town sheet made for A4 paper (/towns/<slug>/print/ 「印刷用一覧」): which places it lists.

Staff print it for the counter, the community centre and the 広報誌; many carers in their
seventies read paper, not the web. Its body is overrides/directory/print.html; its page is
overrides/print-sheet.html, a document of its own without Material's header, navigation,
search or footer, on screen as on paper.
"""

from __future__ import annotations

from .directory import Directory, Record

LAYOUT = "print-sheet.html"  # the page template (in overrides/), instead of Material's main.html


def print_uri(slug: str) -> str:
    return f"towns/{slug}/print.md"


def places(directory: Directory, slug: str) -> dict[str, tuple[Record, ...]]:
    """The places a town's sheet lists, grouped by kind, counters first, then salons, cafés,
    hubs and services. A town with none gets no sheet. Suspended places (休止中) are left out:
    a handed-out sheet cannot be corrected when they reopen, the live page can."""
    groups = {kind: tuple(r for r in records if not r.suspended)
              for kind, records in directory.in_town_by_kind(slug).items()}
    return {kind: records for kind, records in groups.items() if records}
