"""Spreadsheet columns: the headings of records.csv and events.csv, import synonyms, the cell format.

The data is `columns.yml` beside this module; this module is the only reader of it. The exporter
(data/records.csv) writes cells with `cell_text`, and the importer reads them back, so the one
format below is the contract between them:

- vocabulary terms as their Japanese labels from schema.py (種別 認知症カフェ, 予約 予約が必要);
- lists (audience, topics, schedule, ...) joined with LIST_SEPARATOR;
- dates as YYYY-MM-DD, booleans as はい or empty, coordinates as decimals;
- a structured schedule rule as a YAML flow mapping ({freq: weekly, byday: [WE]}).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .schema import FIELDS

COLUMNS_FILE = Path(__file__).with_name("columns.yml")
LIST_SEPARATOR = "; "
TRUE_TEXT = "はい"
# Brackets and spaces that town headings wrap around the words: 「電話番号（代表）」 is 電話番号代表.
_HEADING_NOISE = re.compile(r"[\s()（）「」『』【】\[\]<>＜＞:：]")


@cache
def _data() -> dict[str, Any]:
    return yaml.safe_load(COLUMNS_FILE.read_text(encoding="utf-8"))


def export_columns() -> list[tuple[str, str | None]]:
    """records.csv's columns in order: (heading, what it holds), national columns first, then one
    per schema field not among them, headed by the field's Japanese label."""
    national = [(heading, target) for heading, target in _data()["export"]]
    taken = {target.split(".")[0] for _, target in national if target}
    rest = [(field.label, name) for name, field in FIELDS.items() if name not in taken]
    return national + rest


def event_columns() -> list[tuple[str, str | None]]:
    """events.csv's columns in order (the national イベント一覧 dataset's): (heading, what it holds)."""
    return [(heading, target) for heading, target in _data()["events"]]


def normalise_heading(text: str) -> str:
    """A heading as compared with the synonyms: NFKC (full-width letters and digits), no spaces
    or brackets, Latin letters in upper case."""
    return _HEADING_NOISE.sub("", unicodedata.normalize("NFKC", text)).upper()


def synonyms() -> dict[str, list[str]]:
    """Each import target (a field, `location.lat`, or town_code, id, venue, ...) and the headings
    that mean it, in the file's order; every field's key and label are headings of that field."""
    table = {target: list(headings) for target, headings in _data()["synonyms"].items()}
    for name, field in FIELDS.items():
        table.setdefault(name, [])
        table[name] += [h for h in (field.label, name) if h not in table[name]]
    return table


def cell_text(field: str, value: Any) -> str:
    """A record field's value as one spreadsheet cell, in the format the importer reads back."""
    spec = FIELDS[field]
    if value is None or value == "" or value == ():
        return ""
    if isinstance(value, bool):
        return TRUE_TEXT if value else ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(_item_text(spec.vocabulary, item) for item in value)
    return _item_text(spec.vocabulary, value)


def _item_text(vocabulary: dict[str, str] | None, item: Any) -> str:
    if isinstance(item, dict):  # a structured schedule rule
        return yaml.safe_dump(item, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    text = str(item)
    return vocabulary.get(text, text) if vocabulary else text


def value_words(field: str) -> dict[str, str]:
    """The cell words meaning each term of a vocabulary field (normalised as headings are):
    the term's key, its Japanese label from schema.py and the staff words of columns.yml."""
    vocabulary = FIELDS[field].vocabulary or {}
    words: dict[str, str] = {}
    for term, label in vocabulary.items():
        for word in (term, label, *_data().get("values", {}).get(field, {}).get(term, [])):
            words.setdefault(normalise_heading(word), term)
    return words


def defaults() -> dict[str, Any]:
    """Values for required fields a sheet has no column for (format; audience per kind)."""
    return dict(_data().get("defaults", {}))
