"""Read one YAML data file safely, keeping the line of every key for error messages.

Rejects what would silently change meaning or be dangerous: duplicate keys (the last one
would win unseen), aliases (alias bombs, and copy-paste surprises), and dates are kept as
text so that an impossible date becomes a clear message rather than a crash.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

try:  # libyaml is ten times faster; the pure-Python loader gives the same results.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class Mapping(dict):
    """A dict that remembers the line of its start and of each key (1-based)."""

    line: int = 1
    lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


class _DataError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _DataError(node.start_mark.line + 1,
                             "エイリアス（*名前）は使えません。値をそのまま書いてください")
        return super().construct_object(node, deep=deep)

    def construct_yaml_map(self, node: yaml.MappingNode) -> Any:
        data = Mapping()
        data.line, data.lines = node.start_mark.line + 1, {}
        yield data
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise _DataError(line, f"項目名 {key!r} は英字の項目名にしてください")
            if key in data:
                raise _DataError(line, f"項目「{key}」が2回書かれています（{data.lines[key]}行目にもあります）。"
                                       "1つにまとめてください")
            data[key] = self.construct_object(value_node, deep=True)
            data.lines[key] = line


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
# Keep dates as text: rules.py checks them and explains what is wrong.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)


def read_yaml(path: Path, shown_as: str) -> tuple[Any, list[Problem]]:
    """Parse `path`; return (data, []) or (None, problems). Never raises for bad content."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(shown_as, 1, "(ファイル)", f"ファイルを読めません: {error.strerror}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(shown_as, line, "(ファイル)",
                              "文字コードが UTF-8 ではありません (not UTF-8)。"
                              "エディタで「UTF-8」を選んで保存し直してください")]
    return parse_yaml(text, shown_as)


def parse_yaml(text: str, shown_as: str) -> tuple[Any, list[Problem]]:
    try:
        return yaml.load(text, Loader=_Loader), []  # noqa: S506 - a SafeLoader subclass
    except _DataError as error:
        line = _first_alias_line(text) if "エイリアス" in error.message else error.line
        return None, [Problem(shown_as, line, "(YAML)", error.message)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        return None, [Problem(shown_as, line, "(YAML)", _syntax_message(error, text, line),
                              "name: 当別町介護者のつどい")]
    except yaml.YAMLError as error:
        return None, [Problem(shown_as, 1, "(YAML)", f"YAML として読めません: {error}")]


def _first_alias_line(text: str) -> int:
    """The line of the first alias (the loader only sees the node it points to)."""
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1
    return 1


def _syntax_message(error: yaml.MarkedYAMLError, text: str, line: int) -> str:
    problem = error.problem or error.context or ""
    hint = "書き方に誤りがあります (YAML syntax error)"
    lines = text.splitlines()
    if "\t" in (lines[line - 1] if 0 < line <= len(lines) else ""):
        hint = "タブ文字は使えません。字下げは半角スペースにしてください"
    elif "mapping values" in problem:
        hint = "「:」の使い方に誤りがあります。値に「:」を含むときは値全体を \"…\" で囲んでください"
    elif "found character" in problem or "expected" in problem:
        hint = "書き方に誤りがあります。字下げ・引用符・かっこの対応を確かめてください"
    return f"{hint}（{problem}）"
