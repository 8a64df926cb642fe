"""data/calendars.json: the index of the towns' .ics feeds, for apps that subscribe to many towns."""

from __future__ import annotations

import json

from ..directory import Directory
from .values import Publication


def calendars_json(directory: Directory, publication: Publication, town_feeds: dict[str, str]) -> bytes:
    """`town_feeds`: town slug -> its feed's path from the site's root, as the build made them."""
    calendars = []
    for slug, uri in town_feeds.items():
        town = directory.towns[slug]
        calendars.append({"town": slug, "town_code": town.code, "town_name": town.name,
                          "subprefecture": town.subprefecture, "url": uri,
                          "records": len(directory.in_feed(slug))})
    meta = {"title": publication.title, "publisher": publication.publisher, "licence": publication.licence,
            "licence_url": publication.licence_url, "built": publication.built.isoformat(),
            "count": len(calendars)}
    return json.dumps({"meta": meta, "calendars": calendars}, ensure_ascii=False, indent=1).encode("utf-8")
