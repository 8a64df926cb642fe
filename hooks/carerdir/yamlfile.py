"""Read one YAML data file safely, keeping the line of every key for error messages.

Rejects what would silently change meaning or be dangerous: duplicate keys (the last one
would win unseen), aliases (alias bombs, and copy-paste surprises), and dates are kept as
text so that an impossible date becomes a clear message rather than a crash.
"""

from __future__ import annotations

import re
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


class Sequence(list):
    """A list that remembers the line of each item (1-based)."""

    lines: list[int]


class _DataError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


# A record is at most three levels deep; deeper nesting is a mistake, and thousands of
# "[" would otherwise end in a RecursionError traceback instead of a message.
MAX_DEPTH = 20


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    depth = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        self._refuse(node, self.depth)
        self.depth += 1
        try:
            return super().construct_object(node, deep=deep)
        finally:
            self.depth -= 1

    def construct_yaml_int(self, node: yaml.ScalarNode) -> Any:
        try:
            return super().construct_yaml_int(node)
        except ValueError:  # over Python's 4300-digit limit for int()
            raise _DataError(node.start_mark.line + 1, "数字が長すぎます。文字として \"…\" で囲んでください") from None

    def construct_yaml_map(self, node: yaml.MappingNode) -> Any:
        _refuse_tag_on(node, yaml.MappingNode)
        data = Mapping()
        data.line, data.lines = node.start_mark.line + 1, {}
        yield data
        for key_node, value_node in node.value:
            key = _checked_key(data, self.construct_object(key_node, deep=True), key_node)
            data[key] = self.construct_object(value_node, deep=True)
            data.lines[key] = key_node.start_mark.line + 1

    def construct_yaml_seq(self, node: yaml.SequenceNode) -> Any:
        _refuse_tag_on(node, yaml.SequenceNode)
        data = Sequence()
        data.lines = [item.start_mark.line + 1 for item in node.value]
        yield data
        data.extend(self.construct_object(item, deep=True) for item in node.value)

    # SafeLoader builds a document through a generator per mapping and list, and a checked call
    # per node: half of the record check of 10,000 files. The standard shapes (mappings, lists and
    # plain scalars, nearly every node of a record) are built here in one recursive pass with the
    # same checks in the same order; any other node (a tag, a merge key) goes the generic way.
    def construct_document(self, node: yaml.Node) -> Any:
        try:
            return self._build(node, -1)  # the root's items are at depth 0, as construct_object counts
        finally:
            self.constructed_objects, self.recursive_objects = {}, {}

    def _build(self, node: yaml.Node, depth: int) -> Any:
        self._refuse(node, depth)
        kind, tag = type(node), node.tag
        if kind is yaml.ScalarNode and tag in _PLAIN_SCALARS:
            data = node.value if tag == _STR else self.yaml_constructors[tag](self, node)
            self.constructed_objects[node] = data
        elif kind is yaml.MappingNode and tag == _MAP:
            data = self._build_map(node, depth)
        elif kind is yaml.SequenceNode and tag == _SEQ:
            data = Sequence()
            data.lines = [item.start_mark.line + 1 for item in node.value]
            self.constructed_objects[node] = data
            data.extend(self._build(item, depth + 1) for item in node.value)
        else:
            self.depth = depth
            data = self.construct_object(node, deep=True)
        return data

    def _build_map(self, node: yaml.MappingNode, depth: int) -> Mapping:
        data = Mapping()
        data.line, data.lines = node.start_mark.line + 1, {}
        self.constructed_objects[node] = data
        for key_node, value_node in node.value:
            key = _checked_key(data, self._build(key_node, depth + 1), key_node)
            data[key] = self._build(value_node, depth + 1)
            data.lines[key] = key_node.start_mark.line + 1
        return data

    def _refuse(self, node: yaml.Node, depth: int) -> None:
        """An alias (a node met twice) and nesting deeper than MAX_DEPTH are mistakes."""
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _DataError(node.start_mark.line + 1,
                             "エイリアス（*名前）は使えません。値をそのまま書いてください")
        if depth >= MAX_DEPTH:
            raise _DataError(node.start_mark.line + 1, "かっこ・字下げの入れ子が深すぎます。書き方を確かめてください")


def _refuse_tag_on(node: yaml.Node, kind: type[yaml.Node]) -> None:
    """`name: !!map text` would otherwise end in a traceback: the tag says mapping, the value is text."""
    if not isinstance(node, kind):
        raise _DataError(node.start_mark.line + 1, f"「{node.tag.replace('tag:yaml.org,2002:', '!!')}」のような"
                                                   "「!」で始まるタグは使えません。値をそのまま書いてください")


def _checked_key(data: Mapping, key: Any, key_node: yaml.Node) -> str:
    """A mapping's key: text, and not one it already has (the second would silently win)."""
    line = key_node.start_mark.line + 1
    if not isinstance(key, str):
        raise _DataError(line, f"項目名 {key!r} は英字の項目名にしてください")
    if key in data:
        raise _DataError(line, f"項目「{key}」が2回書かれています（{data.lines[key]}行目にもあります）。"
                               "1つにまとめてください")
    return key


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_PLAIN_SCALARS = {_STR, *(f"tag:yaml.org,2002:{name}" for name in ("int", "float", "bool", "null", "timestamp"))}
_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_yaml_seq)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
# Keep dates as text: rules.py checks them and explains what is wrong.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)


def read_yaml(path: Path, shown_as: str) -> tuple[Any, list[Problem]]:
    """Parse `path`; return (data, []) or (None, problems). Never raises for bad content."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Problem(shown_as, 1, "(ファイル)", f"ファイルを読めません: {error.strerror}")]
    return decode_yaml(raw, shown_as)


def decode_yaml(raw: bytes, shown_as: str) -> tuple[Any, list[Problem]]:
    """Parse a file's bytes, as `read_yaml` does."""
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
        mark = _mistake_mark(error)
        line = mark.line + 1 if mark else 1
        return None, [Problem(shown_as, line, "(YAML)", _syntax_message(error, text, line),
                              "name: 当別町介護者のつどい")]
    except yaml.reader.ReaderError as error:
        return None, [_control_character(error, text, shown_as)]
    except yaml.YAMLError as error:
        return None, [Problem(shown_as, 1, "(YAML)", f"YAML として読めません: {error}")]


FULL_WIDTH_COLON_KEY = re.compile(r"^\s*(- )?[A-Za-z_]+\s*：")
# Errors found only where a quote, a bracket or a key runs on: the mistake is where it began.
_STARTED_AT = ("while scanning a quoted scalar", "while scanning a simple key", "while parsing a flow")


def _mistake_mark(error: yaml.MarkedYAMLError) -> yaml.Mark | None:
    if error.context_mark and (error.context or "").startswith(_STARTED_AT):
        return error.context_mark
    return error.problem_mark or error.context_mark


def _control_character(error: yaml.reader.ReaderError, text: str, shown_as: str) -> Problem:
    if isinstance(error.character, int):  # libyaml: a code point at a UTF-8 byte offset
        code, before = error.character, text.encode("utf-8")[: error.position].decode("utf-8", "ignore")
    else:  # the pure-Python reader: a character at a character offset
        code, before = ord(error.character), text[: error.position]
    return Problem(shown_as, before.count("\n") + 1, "(ファイル)",
                   f"使えない制御文字（U+{code:04X}）が入っています。その文字を消してください")


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
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in here:
        hint = "タブ文字は使えません。字下げは半角スペースにしてください"
    elif FULL_WIDTH_COLON_KEY.match(here):  # typed with the Japanese input method on
        hint = "「：」が全角です。項目名のあとは半角の「:」と半角スペースにしてください"
    elif "constructor" in problem or "alias" in problem:
        hint = "「!」で始まるタグ・「<<」・エイリアス（*名前）は使えません。値をそのまま書いてください"
    elif "another document" in problem:
        hint = "1つのファイルに書ける記録は1つです。「---」から下は別のファイルにしてください"
    elif "mapping values" in problem:
        hint = "「:」の使い方に誤りがあります。値に「:」を含むときは値全体を \"…\" で囲んでください"
    elif "found character" in problem or "expected" in problem:
        hint = "書き方に誤りがあります。字下げ・引用符・かっこの対応を確かめてください"
    return f"{hint}（{problem}）"
