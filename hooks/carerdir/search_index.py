"""The directory's own search index, built once per build, without MkDocs.

Material's search ships one index of every page's full text on the first visit (3.9 MB at
10,000 records). This index holds only what a resident searches by, normalised once here so
the browser only has to compare substrings, and is fetched by search.js when someone starts
searching. Once it would exceed SHARD_BUDGET bytes gzipped it is split by 振興局, so a query
that names a town loads that town's shard only.

The header search on every page and the home page's box both use it (search.js): records,
towns (named with or without 町/市/村/区, or by reading) and the guide pages' titles,
headings and key terms (guide_index.py), which are few enough to sit in the manifest.

Files (paths relative to the site root):
  search/directory/index.json      manifest: vocabularies, towns, guide pages, shards, URL patterns
  search/directory/<shard>.json    {"e": [entry, ...]}, entry =
      [slug, town index, kind index, name, haystack, audience codes, topic codes,
       [[day offset from manifest "base", start, end] of the next meetings], lat*1000, lon*1000]
  (lat/lon are left off for places without a location; codes are one base-36 digit per term)
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import jaconv

from .directory import Directory, Municipality, Record
from .exports.streams import compact_json
from .guide_index import GuidePage
from .preview import Each, afresh
from .schema import AUDIENCES, KINDS, TOPICS
from .when import NEXT_COUNT, Dates, occurrence_row

INDEX_DIR = "search/directory"
MANIFEST_URI = f"{INDEX_DIR}/index.json"
SHARD_BUDGET = 200 * 1024  # gzip bytes: above this, one shard per 振興局
NEXT_HORIZON = timedelta(days=62)  # shorter than the record pages' half year: only "next" is shown
SUFFIXES = ("町", "市", "村", "区")
KANA_SUFFIXES = ("ちょう", "まち", "し", "むら", "そん", "く")
SPACE = re.compile(r"\s+")

# Readings and everyday words for vocabulary labels, so 「にんちしょう」 or 「家族の会」 find them.
# A term missing here is still found by its label (tests/test_search_index.py lists gaps).
READINGS: dict[str, str] = {
    "counter": "そうだんまどぐち 相談所 ほうかつ",
    "salon": "かいごしゃさろん かいごしゃのつどい 家族の会 かぞくのかい",
    "dementia_cafe": "にんちしょうかふぇ オレンジカフェ",
    "hub": "こうりゅうきょてん ちいきのいばしょ",
    "service": "さーびす",
    "anyone": "どなたでも",
    "carers": "かいごしているかぞく かいごしゃ",
    "young_carers": "やんぐけあらー",
    "working_carers": "はたらきながらかいご 仕事と介護",
    "elderly": "こうれいのかた こうれいしゃ",
    "dementia": "にんちしょう",
    "disability": "しょうがい 障害",
    "illness": "びょうき",
    "children": "こども こそだて 子供",
    "poverty": "せいかつにおこまりのかた",
    "general": "なんでもそうだん",
    "elderly_care": "こうれいしゃのかいご",
    "work_care": "しごととかいごのりょうりつ",
    "health": "けんこう",
    "money": "おかね",
    "housing": "すまい",
}


def normalise(text: str) -> str:
    """What search.js does to a query: NFKC (widths), katakana to hiragana, lower case.

    Spaces are removed, so "社会福祉協議会 ケアラー" is found by "協議会ケアラー" too; fields
    are joined with single spaces, which no query token contains, so no match spans two fields.
    """
    return SPACE.sub("", jaconv.kata2hira(unicodedata.normalize("NFKC", text)).lower())


def _hay(*parts: str) -> str:
    return " ".join(p for p in (normalise(part) for part in parts) if p)


def _label_hay(code: str, label: str) -> str:
    return _hay(label, *READINGS.get(code, "").split())


def town_keys(town: Municipality) -> list[str]:
    """Normalised names a query token may use to name the town: with or without 町/市/村/区.

    A ward is also named by its own part (中央区, ちゅうおうく), never without 区: 「中央」 is
    too common a word to mean Sapporo.
    """
    name, kana = normalise(town.name), normalise(town.kana)
    keys = {name, kana}
    if name.endswith(SUFFIXES) and len(name) > 2:
        keys.add(name[:-1])
    for suffix in KANA_SUFFIXES:
        if kana.endswith(suffix) and len(kana) > len(suffix) + 1:
            keys.add(kana[:-len(suffix)])
            break
    if "市" in name[:-1] and name.endswith("区"):  # 札幌市中央区 -> 中央区
        keys.add(name.split("市", 1)[1])
        city_kana = normalise(town.kana).split("し", 1)
        if len(city_kana) == 2 and city_kana[1]:
            keys.add(city_kana[1])
    return sorted(keys)


def _address_rest(record: Record, town: Municipality) -> str:
    """The address after the town's name: the prefecture, 郡 and town are in the town's entry."""
    address = record.address.removeprefix("北海道")
    head, found, rest = address.partition(town.name)
    return rest if found else address


def _entry(record: Record, directory: Directory, town_index: dict[str, int], kind_index: dict[str, int],
           dates: Dates) -> list[Any]:
    town = directory.town_of(record)
    # With their times: search.js (dates.js) keeps a meeting as next until it ends.
    soon = dates.upcoming(record)[:NEXT_COUNT]
    # A town the place serves names it too: 「当別 サロン」 finds 江別市's salon that serves 当別町.
    served = [part for slug in record.serves if slug in directory.municipalities
              for part in (directory.municipalities[slug].name, directory.municipalities[slug].kana)]
    entry: list[Any] = [
        record.slug, town_index[record.town], kind_index[record.kind], record.name,
        _hay(record.name_kana, _address_rest(record, town), record.operator, *served),
        "".join(_code(AUDIENCES, a) for a in record.audience),
        "".join(_code(TOPICS, t) for t in record.topics),
        [[(o.day - dates.today).days, *occurrence_row(o)[1:]] for o in soon],
    ]
    if record.location:
        entry += [round(record.location.lat * 1000), round(record.location.lon * 1000)]
    return entry


def _code(vocabulary: dict[str, str], term: str) -> str:
    return "0123456789abcdefghijklmnopqrstuvwxyz"[list(vocabulary).index(term)]


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def gzip_exceeds(data: bytes, budget: int) -> bool:
    """Whether gzip_size(data) > budget, compressing only as far as needed to know: what the
    compressor has given out so far is a lower bound. (All Hokkaido's index is a few MB; its
    first few hundred KB say it is over.)"""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip's own framing, as gzip.compress
    size, step = 0, 64 * 1024
    for start in range(0, len(data), step):
        size += len(compressor.compress(data[start:start + step]))
        if size > budget:
            return True
    return size + len(compressor.flush()) > budget


@dataclass(frozen=True)
class SearchIndex:
    files: dict[str, bytes]  # site-relative path -> content

    def gzip_sizes(self) -> dict[str, int]:
        return {path: gzip_size(data) for path, data in self.files.items()}


def build_index(directory: Directory, today: date, directory_urls: bool = True,
                shard_budget: int = SHARD_BUDGET, guide: list[GuidePage] | None = None,
                each: Each = afresh) -> SearchIndex:
    """The manifest and shards; `directory_urls` is MkDocs' use_directory_urls (r/x/ or r/x.html);
    `guide` the written guide pages to find by title, heading and key term; `each` see preview.py."""
    def site_url(src_uri: str) -> str:
        return src_uri.removesuffix(".md") + ("/" if directory_urls else ".html")

    towns = list(directory.towns.values())
    town_index = {t.slug: i for i, t in enumerate(towns)}
    kind_index = {k: i for i, k in enumerate(KINDS)}
    bureaux: dict[str, list[int]] = {}
    for i, town in enumerate(towns):
        bureaux.setdefault(town.subprefecture_slug, []).append(i)
    records = [r for slug in directory.towns for r in directory.in_town(slug)]
    # Each entry encoded once (compact JSON, as _dumps): a shard is the entries it lists, joined.
    dates = Dates(today, NEXT_HORIZON)
    entries = [each("search", r, lambda r=r: compact_json(_entry(r, directory, town_index, kind_index, dates)))
               for r in records]
    whole = _entries(entries)
    if not gzip_exceeds(whole, shard_budget):
        shards = {"all": whole}
        shard_of_bureau = dict.fromkeys(bureaux, 0)
    else:
        # A place is in the shard of its town's 振興局 and of those of the towns it serves
        # (Directory.available_to); search.js shows a place found in two shards once.
        shards_of: dict[str, set[str]] = {}  # record id -> the 振興局 whose shards list it
        for slug, members in bureaux.items():
            for i in members:
                for record in directory.available_to(towns[i].slug):
                    shards_of.setdefault(record.id, set()).add(slug)
        listed: dict[str, list[bytes]] = {slug: [] for slug in bureaux}
        for record, entry in zip(records, entries):
            for slug in shards_of.get(record.id, ()):
                listed[slug].append(entry)
        shards = {slug: _entries(encoded) for slug, encoded in listed.items()}
        shard_of_bureau = {slug: i for i, slug in enumerate(shards)}
    bureau_order = list(bureaux)
    manifest = {
        "v": 1,
        "base": today.isoformat(),
        "shards": [f"{name}.json" for name in shards],
        "record": _pattern(site_url("r/@@.md")),
        "town": _pattern(site_url("towns/@@.md")),
        "kinds": [[code, label, _label_hay(code, label)] for code, label in KINDS.items()],
        "aud": [_label_hay(code, label) for code, label in AUDIENCES.items()],
        "top": [_label_hay(code, label) for code, label in TOPICS.items()],
        "bureaux": [towns[members[0]].subprefecture for members in bureaux.values()],
        # [slug, name, haystack, keys that name it, shard, bureau, record count, lat*1000, lon*1000]
        "towns": [[t.slug, t.name, _hay(t.name, t.kana), town_keys(t),
                   shard_of_bureau[t.subprefecture_slug], bureau_order.index(t.subprefecture_slug),
                   len(directory.in_town(t.slug)), round(t.lat * 1000), round(t.lon * 1000)] for t in towns],
        # [url, title, haystack of title and description, [[heading, anchor, haystack], ...]]
        "guide": [_guide_entry(page) for page in guide or []],
    }
    files = {MANIFEST_URI: _dumps(manifest)}
    files.update({f"{INDEX_DIR}/{name}.json": data for name, data in shards.items()})
    return SearchIndex(files)


def _entries(encoded: list[bytes]) -> bytes:
    """_dumps({"e": entries}) from the entries' encoded JSON."""
    return b'{"e":[' + b",".join(encoded) + b"]}"


def _guide_entry(page: GuidePage) -> list[Any]:
    sections = [[s.label, s.anchor, _hay(s.label, *s.terms)] for s in page.sections if s.anchor]
    return [page.url, page.title, _hay(page.title, page.description), sections]


def _pattern(url: str) -> list[str]:
    """"r/@@/" -> ["r/", "/"]: search.js puts an id between the two."""
    prefix, _, suffix = url.partition("@@")
    return [prefix, suffix]
