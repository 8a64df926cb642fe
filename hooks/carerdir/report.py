"""Build-time notices for staff that must not fail a strict build: stale information, places off the map."""

from __future__ import annotations

import logging

from .directory import Record

# Our own logger, not under "mkdocs": stale information is a reminder for staff, and counting
# it as a build warning would make `--strict` refuse to publish every correct record as well.
log = logging.getLogger("carerdir")
if not log.handlers:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    log.addHandler(handler)
    log.propagate = False
    log.setLevel(logging.INFO)


def report_stale(records: list[Record]) -> None:
    if not records:
        return
    lines = [f"  {r.path}: 確認日 {r.verified.isoformat()}（{r.name}）" for r in records]
    log.warning("確認から1年以上たった情報が %d 件あります。内容を確かめて verified を更新してください:\n%s",
                len(records), "\n".join(lines))


def report_off_the_map(places: list[Record]) -> None:
    """`places`: Directory.off_the_map()."""
    if not places:
        return
    lines = [f"  {r.path}（{r.name}）" for r in places]
    log.warning("地図の位置（location）がない場所が %d 件あります。住所は載りますが地図には出ません。"
                "位置を書き足してください:\n%s", len(places), "\n".join(lines))
