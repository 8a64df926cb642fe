"""The staff pages: /staff/ and the record form /staff/new/, described from schema.py.

The form has one input per field of `schema.FIELDS`, named by the record key, so a field added
to schema.py appears in it without touching the template: its label, its example and the help
of form_help.yml (or of its shape). The checks the browser runs while staff type
(staff-form.js) use the validator's own patterns and required rules, sent to the page as JSON;
what needs a server (the schedule phrases, the distance from the town office) is left to CI.
The form sends nothing anywhere: it makes the YAML text and a link to GitHub's new-file page.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jaconv
import yaml

from . import schema
from .config import DirectoryConfig
from .directory import Directory, Record
from .loading import RECORD_FILE
from .maps import ATTRIBUTION, MAX_ZOOM, MIN_ZOOM, TILES_URL
from .rules import DASHES, EMAIL

HELP_FILE = Path(__file__).with_name("form_help.yml")
# Fields the form asks for but never blocks on. A place without a location is published
# with its address and left off the maps; /staff/ lists such places to pick their point.
RECOMMENDED = ("location",)
SHAPE_HELP = {
    schema.TEXT: "改行できます。", schema.LINE: "1行で書きます。", schema.ENUM: "1つ選びます。",
    schema.ENUM_LIST: "あてはまるものを選びます。", schema.TOWN_LIST: "市町村の slug を「,」で区切って書きます。",
    schema.SCHEDULE: "1行に1つずつ書きます。書き方は自動の検査（CI）が確かめます。",
    schema.DATE: "年-月-日 で書きます。", schema.BOOL: "あてはまるときに印を付けます。",
    schema.LOCATION: "地図を押すと、その場所に印が付きます。", schema.PHONE: "市外局番からハイフンで区切って書きます。",
    schema.POSTAL: "3けた-4けた で書きます。", schema.EMAIL: "メールアドレスを書きます。",
    schema.URL: "http:// か https:// から書きます。", schema.KANA: "ひらがなかカタカナで書きます（数字・英字も使えます）。",
}
# What the browser says about a wrong value, tied to the input (aria-describedby).
MESSAGES = {
    "required": "「{label}」を書いてください（必須）",
    "choose": "「{label}」を選んでください（必須）",
    "choose_some": "「{label}」を1つ以上選んでください（必須）",
    "too_long": "{max}文字以内にしてください（今は{n}文字）",
    "kana": schema.KANA_ALLOWED,
    "postal": "郵便番号は 3けた-4けた で書いてください（例: 061-0292）",
    "phone": "電話番号は市外局番から、ハイフンで区切って書いてください（例: 0133-23-2111）",
    "email": "メールアドレスの形になっていません（例: kaigo@example.jp）",
    "url": "http:// か https:// から書いてください（空白は使えません）",
    "date": "日付は 年-月-日 で書いてください（例: 2026-10-01）",
    "future": "未来の日付です。実際に確かめた日を書いてください",
    "location_both": "緯度と経度の両方を書いてください（地図を押すと両方入ります）",
    "location_number": "緯度と経度は数で書いてください（例: 43.2237）",
    "location_outside": "北海道の外の位置です。地図で場所を確かめてください",
    "location_recommended": "位置がないと、地図には載りません（住所と一覧では見つかります）",
    "town_list": "「{value}」という市町村はありません。slug で書いてください（例: ishikari）",
    "slug": "ファイル名は英小文字・数字・ハイフンで書いてください（例: kaigosha-tsudoi）",
    "town": "市町村を選んでください（必須）",
    "record": "「{value}」という記録は選べません。/staff/ の一覧から開いてください",
}


@dataclass(frozen=True)
class FormField:
    """One input of the form, as the template needs it."""

    field: schema.Field
    help: str
    example: str  # the value part of the schema's example line
    required: bool  # always needed; needs that depend on other fields are in the JSON (`needs`)

    @property
    def name(self) -> str:
        return self.field.name


@functools.cache
def field_help() -> dict[str, str]:
    return yaml.safe_load(HELP_FILE.read_text(encoding="utf-8"))


def example_value(field: schema.Field) -> str:
    """`name: 当別町…` -> `当別町…`; lists and quotes taken off, as staff type the value here."""
    value = field.example.split(":", 1)[1].strip()
    if field.shape in (schema.SCHEDULE, schema.TOWN_LIST) and value.startswith("["):
        value = value[1:-1]
    return value.strip('"')


def form_fields() -> list[FormField]:
    """Every field of the schema, in its order (which is also the order of the YAML written)."""
    helps = field_help()
    return [FormField(f, helps.get(name) or SHAPE_HELP.get(f.shape, ""), example_value(f), f.required)
            for name, f in schema.FIELDS.items()]


def conditional_needs() -> list[dict[str, Any]]:
    """The record schema's `if`/`then`/`else` requirements (a place needs an address, a counter
    a phone), in a form staff-form.js evaluates: {field, value, then: [...], else: [...]}."""
    needs = []
    for rule in schema.json_schema().get("allOf", []):
        (field, condition), = rule["if"]["properties"].items()
        needs.append({"field": field, "value": condition["const"],
                      **{branch: [n for n in rule.get(branch, {}).get("required", []) if n not in RECOMMENDED]
                         for branch in ("then", "else")}})
    return needs


def kana_table() -> dict[str, str]:
    """Hiragana (single and with small ゃゅょぁぃぅぇぉ) to romaji, from jaconv, for the file
    name the form suggests from the reading; staff-form.js reads katakana as hiragana."""
    singles = [chr(c) for c in range(ord("ぁ"), ord("ゖ") + 1)]
    table = {kana: jaconv.kana2alphabet(kana) for kana in singles if kana != "っ"}
    for first in singles:
        for small in "ゃゅょぁぃぅぇぉ":
            pair = first + small
            roman = jaconv.kana2alphabet(pair)
            if roman != table.get(first, "") + table.get(small, ""):
                table[pair] = roman
    return {kana: roman for kana, roman in table.items() if roman.isalpha() and roman.isascii()}


def repo_base(settings: DirectoryConfig) -> str:
    return (settings.repo_url or "").rstrip("/")


def edit_url(settings: DirectoryConfig, record: Record) -> str:
    """GitHub's edit page of the record's file ('' without repo_url)."""
    if not settings.repo_url:
        return ""
    return f"{repo_base(settings)}/edit/{quote(settings.branch)}/resources/{record.town}/{record.slug}.yml"


def _map_view(directory: Directory, settings: DirectoryConfig) -> dict[str, Any]:
    towns = list(directory.towns.values())
    center = settings.map.center or [sum(t.lat for t in towns) / len(towns), sum(t.lon for t in towns) / len(towns)]
    return {"center": list(center), "zoom": settings.map.zoom if len(towns) > 1 else 12,
            "tiles": TILES_URL.format(tiles=settings.map.tiles), "attribution": ATTRIBUTION,
            "minZoom": MIN_ZOOM, "maxZoom": MAX_ZOOM}


def form_config(directory: Directory, settings: DirectoryConfig) -> str:
    """JSON for staff-form.js (a data attribute of the form's page)."""
    fields = [{"name": f.name, "label": f.field.label, "shape": f.field.shape, "required": f.required,
               "maxLength": f.field.max_length} for f in form_fields()]
    patterns = {name: prop["pattern"] for name, prop in schema.json_schema()["properties"].items()
                if "pattern" in prop}
    patterns.update({n: schema.PHONE_PATTERN for n, f in schema.FIELDS.items() if f.shape == schema.PHONE})
    patterns.update({n: EMAIL.pattern for n, f in schema.FIELDS.items() if f.shape == schema.EMAIL})
    config = {
        "fields": fields, "needs": conditional_needs(), "recommended": list(RECOMMENDED),
        "patterns": patterns, "dashes": DASHES.pattern, "file": RECORD_FILE.pattern,
        "lat": list(schema.HOKKAIDO_LAT), "lon": list(schema.HOKKAIDO_LON),
        "towns": {t.slug: {"name": t.name, "lat": t.lat, "lon": t.lon} for t in directory.towns.values()},
        "municipalities": sorted(directory.municipalities),
        "unplaced": {r.id: {"name": r.name, "address": r.address} for r in directory.off_the_map()},
        "repo": repo_base(settings), "branch": settings.branch, "schemaFile": schema.SCHEMA_FILE,
        "map": _map_view(directory, settings), "kana": kana_table(), "messages": MESSAGES,
    }
    return json.dumps(config, ensure_ascii=False, separators=(",", ":"))
