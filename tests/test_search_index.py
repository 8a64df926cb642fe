"""The directory search index (carerdir.search_index), without MkDocs or a browser."""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hooks"))

from carerdir.directory import Directory  # noqa: E402
from carerdir.loading import load_directory  # noqa: E402
from carerdir.schema import AUDIENCES, KINDS, TOPICS  # noqa: E402
from carerdir.search_index import (MANIFEST_URI, READINGS, SHARD_BUDGET, build_index, gzip_exceeds,  # noqa: E402
                                   gzip_size, normalise, town_keys)

TODAY = date(2026, 12, 1)


@pytest.fixture(scope="module")
def directory() -> Directory:
    return load_directory(ROOT / "resources", TODAY)


def js_normalise(text: str) -> str:
    """search.js's normalisation, transcribed: NFKC, U+30A1..U+30F6 and ヽヾ shifted to hiragana, lower."""
    import unicodedata
    text = unicodedata.normalize("NFKC", text)
    return "".join(chr(ord(c) - 0x60) if 0x30A1 <= ord(c) <= 0x30F6 or c in "ヽヾ" else c for c in text).lower()


def test_python_and_browser_normalise_alike() -> None:
    every_katakana = "".join(chr(c) for c in range(0x30A0, 0x3100))
    samples = [every_katakana, "ｵﾚﾝｼﾞｶﾌｪ", "ＮＰＯ法人", "ヴァイオリン", "ケアラー・サロン", "１２３ＡＢＣ"]
    for text in samples:
        assert normalise(text) == js_normalise(text).replace(" ", "").replace("\u3000", ""), text
    assert normalise("ｵﾚﾝｼﾞ カフェ") == "おれんじかふぇ"


def test_town_keys_are_with_and_without_suffix(directory: Directory) -> None:
    towns = directory.municipalities
    assert {"当別町", "当別", "とうべつちょう", "とうべつ"} <= set(town_keys(towns["tobetsu"]))
    ward = set(town_keys(towns["sapporo-chuo"]))
    assert {"中央区", "ちゅうおうく", "札幌市中央区"} <= ward and "中央" not in ward


def test_every_vocabulary_term_has_a_reading() -> None:
    missing = [code for vocab in (KINDS, AUDIENCES, TOPICS) for code, label in vocab.items()
               if code not in READINGS and not label.isascii()]
    # Labels already in kana (ヤングケアラー) need none; kanji labels need their reading.
    assert [c for c in missing if any("\u4e00" <= ch <= "\u9fff" for ch in {**KINDS, **AUDIENCES, **TOPICS}[c])] == []


def test_sample_index_is_one_small_shard_with_every_record(directory: Directory) -> None:
    index = build_index(directory, TODAY)
    manifest = json.loads(index.files[MANIFEST_URI])
    assert manifest["shards"] == ["all.json"]
    entries = json.loads(index.files["search/directory/all.json"])["e"]
    assert len(entries) == len(directory.records)
    sizes = index.gzip_sizes()
    assert sum(sizes.values()) < 20 * 1024, sizes
    cafe = next(e for e in entries if e[3] == "オレンジカフェひだまり")
    town = manifest["towns"][cafe[1]]
    assert town[0] == "tobetsu" and manifest["kinds"][cafe[2]][0] == "dementia_cafe"
    # The address without 北海道…当別町: the town is matched from its own entry in the manifest.
    assert "ひだまり" in cafe[4] and " 末広" in cafe[4] and "北海道" not in cafe[4]
    assert manifest["record"] == ["r/", "/"] and all(d >= 0 and re.fullmatch(r"\d\d:\d\d", start) for d, start, _ in cafe[7])
    assert len(cafe) == 10 and 43000 < cafe[8] < 44000


def test_index_is_sharded_by_subprefecture_over_budget(directory: Directory) -> None:
    index = build_index(directory, TODAY, directory_urls=False, shard_budget=1000)
    manifest = json.loads(index.files[MANIFEST_URI])
    assert len(manifest["shards"]) == len(manifest["bureaux"]) > 1 and manifest["record"] == ["r/", ".html"]
    counted = 0
    for i, name in enumerate(manifest["shards"]):
        entries = json.loads(index.files[f"search/directory/{name}"])["e"]
        assert all(manifest["towns"][e[1]][4] == i for e in entries)  # a town's records are in its shard
        counted += len(entries)
    assert counted == len(directory.records) and SHARD_BUDGET == 200 * 1024


def test_the_budget_check_stops_early_but_decides_as_the_whole_gzip_would(directory: Directory) -> None:
    whole = build_index(directory, TODAY).files["search/directory/all.json"] * 40  # over 64 KB chunks
    size = gzip_size(whole)
    for budget in (0, 100, size // 3, size - 1, size, size + 1, 10 * size):
        assert gzip_exceeds(whole, budget) == (size > budget), budget
    assert not gzip_exceeds(b"", 20) and gzip_exceeds(b"", 19)  # gzip's own header and trailer: 20 bytes
