"""Readings (name_kana) and file names (slugs) for imported rows.

A name written only in kana is its own reading (katakana turned into hiragana, so that readings
sort together); otherwise pykakasi guesses the reading from the kanji, and the importer lists every guess for
staff to check (当別町 can come out as とうべつまち). Slugs are the reading in Hepburn romaji, so
the same row always gets the same file name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import jaconv
import pykakasi

from ..schema import KANA_PATTERN

SLUG_LENGTH = 40
_KANA = re.compile(KANA_PATTERN)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@cache
def _kakasi() -> pykakasi.kakasi:
    return pykakasi.kakasi()


def reading(name: str) -> tuple[str, bool]:
    """(reading in kana, whether it was guessed). Symbols and Latin letters are left out of a
    guess, since name_kana allows only kana, spaces, ・ and ー."""
    text = unicodedata.normalize("NFKC", name).strip()
    if _KANA.match(text):
        return jaconv.kata2hira(text), False
    parts = [jaconv.kata2hira(item["hira"]) for item in _kakasi().convert(text)]
    guessed = "".join(ch for ch in "".join(parts) if _KANA.match(ch))
    return re.sub(r"\s+", " ", guessed).strip(), True


def slug_of(kana: str) -> str:
    """[a-z0-9-], at most SLUG_LENGTH characters cut at a word, never empty."""
    words = [item["hepburn"] for item in _kakasi().convert(unicodedata.normalize("NFKC", kana))]
    slug = _NOT_SLUG.sub("-", "-".join(words).lower()).strip("-")
    while len(slug) > SLUG_LENGTH and "-" in slug:
        slug = slug.rsplit("-", 1)[0]
    return slug[:SLUG_LENGTH].strip("-") or "record"
