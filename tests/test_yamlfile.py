"""yamlfile.py: the one-pass builder of record files reads every document as the generic
(generator-based) PyYAML construction with the same checks does: same data, lines and messages."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from carerdir import yamlfile
from carerdir.yamlfile import Mapping, Sequence, parse_yaml
from sitebuild import ROOT


class GenericLoader(yamlfile._Loader):  # type: ignore[misc,valid-type,name-defined]
    """The loader as it was: PyYAML's construct_document, through our checked construct_object."""

    construct_document = yaml.constructor.BaseConstructor.construct_document


def shape(value: Any) -> Any:
    """A value with the lines the loader keeps, comparable with ==."""
    if isinstance(value, Mapping):
        return "map", value.line, dict(value.lines), [(key, shape(item)) for key, item in value.items()]
    if isinstance(value, Sequence):
        return "seq", list(value.lines), [shape(item) for item in value]
    return type(value).__name__, repr(value)


def parsed(text: str, monkeypatch: pytest.MonkeyPatch, loader: type | None = None) -> Any:
    if loader is not None:
        monkeypatch.setattr(yamlfile, "_Loader", loader)
    data, problems = parse_yaml(text, "resources/tobetsu/x.yml")
    monkeypatch.undo()
    return shape(data), [(p.line, p.field, p.message) for p in problems]


TRICKY = [
    "a: &x 1\nb: *x\n", "&r [*r]\n", "a: {b: &c 1, d: *c}\n", "a:\n  - &s {x: 1}\n  - *s\n",  # aliases
    "a: !!set {x, y}\n", "<<: {a: 1}\nb: 2\n", "a: !!binary aGVsbG8=\n", "a: !!omap [x: 1]\n", "a: !custom 3\n",
    "x: !!python/object:os.system ls\n", "!!set {a, b}\n", "a: !!map x\n", "a: !!seq x\n",  # tags
    "a: 1\na: 2\n", "1: x\n", "? [a]\n: b\n", "", "---\n", "x\n", "- 1\n- 2\n",  # keys, shapes
    "a: 2024-13-45\n", "a: 1" + "0" * 5000 + "\n", "a: .inf\nb: ~\nc: yes\nd: 0o17\ne: 0x1F\nf: 1_000\n",
    "a: !!str 1\nb: !!int '3'\nc: !!timestamp 2020-01-01\nd: !!null ''\ne: !!float 1\n",
    *(f"a: {'[' * n}{']' * n}\n" for n in (19, 20, 21, 30)), *(f"{'[' * n}{']' * n}\n" for n in (20, 21, 22)),
]


def test_record_files_and_the_bad_records_read_as_the_generic_loader_reads_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    files = [*(ROOT / "resources").rglob("*.yml"), *(Path(__file__).parent / "bad_records").glob("*.yml")]
    assert len(files) > 50
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        assert parsed(text, monkeypatch) == parsed(text, monkeypatch, GenericLoader), path


@pytest.mark.parametrize("text", TRICKY)
def test_aliases_tags_keys_and_nesting_are_refused_or_read_alike(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert parsed(text, monkeypatch) == parsed(text, monkeypatch, GenericLoader)


def test_random_documents_read_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(17)
    pieces = ["a", ":", " ", "\n", "-", "[", "]", "{", "}", ",", "&x", "*x", "!!str", "!!set", "!!map", "<<", "\"",
              "'", "1", "あ", "#", "?", "|", ">", "  "]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        assert parsed(text, monkeypatch) == parsed(text, monkeypatch, GenericLoader), text


def test_a_map_tag_on_text_is_a_message_not_a_traceback() -> None:
    data, [problem] = parse_yaml("kind: salon\nname: !!map 当別町\n", "x.yml")
    assert data is None and problem.line == 2 and "「!!map」のような「!」で始まるタグは使えません" in problem.message
