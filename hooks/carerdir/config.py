"""The one block a town edits in mkdocs.yml (`extra.directory`), typed and checked.

    extra:
      directory:
        title: 当別町 ケアラー支援ガイド        # the site's title
        towns: [tobetsu]                       # municipalities to publish (slugs) ...
        subprefectures: []                     # ... and/or whole 振興局 (e.g. ishikari); both empty: all
        repo_url: https://github.com/OWNER/REPO   # where 「情報の誤りを報告」 opens a correction form
        branch: main                           # the repository's branch the staff links edit
        contact: 当別町 福祉課 0133-23-2111     # who to tell about a mistake, shown on record pages
        map: {center: [43.22, 141.52], zoom: 11, tiles: pale}
        licence: CC BY 4.0                     # the open data's licence (/data/), and its URL
        licence_url: https://creativecommons.org/licenses/by/4.0/deed.ja
        publisher: 当別町                       # 出典 of the open data; default: the site's title
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .directory import Directory


class MapConfig(base.Config):
    center = c.Optional(c.ListOfItems(c.Type(float)))  # [lat, lon]; default: the published towns
    zoom = c.Type(int, default=7)
    tiles = c.Choice(("pale", "std"), default="pale")  # 地理院タイル 淡色地図 / 標準地図


class DirectoryConfig(base.Config):
    title = c.Optional(c.Type(str))
    towns = c.ListOfItems(c.Type(str), default=[])
    subprefectures = c.ListOfItems(c.Type(str), default=[])
    repo_url = c.Optional(c.URL())
    branch = c.Type(str, default="main")
    contact = c.Type(str, default="")
    map = c.SubConfig(MapConfig)
    licence = c.Type(str, default="CC BY 4.0")
    licence_url = c.URL(default="https://creativecommons.org/licenses/by/4.0/deed.ja")
    publisher = c.Optional(c.Type(str))  # None: the site's title


class ConfigError(Exception):
    """The extra.directory block is wrong; the message says how, in Japanese."""


def read_config(extra: dict) -> DirectoryConfig:
    config = DirectoryConfig()
    config.load_dict(extra.get("directory") or {})
    errors, _ = config.validate()
    if errors:
        raise ConfigError("mkdocs.yml の extra.directory に誤りがあります: "
                          + "; ".join(f"{key}: {error}" for key, error in errors))
    return config


def published(directory: Directory, config: DirectoryConfig) -> Directory:
    """The directory restricted to the towns the block names (all of Hokkaido if none)."""
    if not config.towns and not config.subprefectures:
        return directory
    towns = directory.municipalities
    unknown = [s for s in config.towns if s not in towns]
    bureaux = {t.subprefecture_slug for t in towns.values()}
    unknown += [s for s in config.subprefectures if s not in bureaux]
    if unknown:
        raise ConfigError(f"extra.directory に知らない市町村・振興局があります: {', '.join(unknown)}。"
                          f"resources/municipalities.yml の slug / subprefecture_slug を書いてください")
    chosen = {s for s, t in towns.items() if s in config.towns or t.subprefecture_slug in config.subprefectures}
    return directory.restricted_to(chosen)
