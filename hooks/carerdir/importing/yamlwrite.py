"""Write one record as a YAML file that reads like the hand-written samples.

Keys in schema.py's order under the editor's schema comment; lists one item a line; phone and
postal code quoted (so a leading 0 survives any editor); the location and structured schedule
rules as flow mappings; a description of several lines as a `|` block. A value is written
plain only when YAML reads it back as the same text; anything else is double-quoted. The importer reads every file back and validates it before writing any.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date
from typing import Any

import yaml

from ..schema import FIELDS, PHONE, POSTAL, SCHEDULE

SCHEMA_COMMENT = "# yaml-language-server: $schema=../record.schema.json\n"
_PLAIN_START = re.compile(r"^[^\s\-?:,\[\]{}#&*!|>'\"%@`]")
_ALWAYS_QUOTED = (PHONE, POSTAL, SCHEDULE)
_EMITTER = yaml.emitter.Emitter(io.StringIO(), allow_unicode=True)
_RESOLVER = yaml.resolver.Resolver()
# Characters JSON leaves as they are but YAML reads as a line break (NEL, U+2028/9) or refuses.
_YAML_ONLY_BREAK_OR_CONTROL = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def record_yaml(data: dict[str, Any]) -> str:
    """The file text of a record given as {field: value}; unknown keys are kept after the known."""
    order = [name for name in FIELDS if name in data] + [name for name in data if name not in FIELDS]
    lines = [SCHEMA_COMMENT]
    for name in order:
        lines.append(_entry(name, _plain(data[name])))
    return "".join(lines)


def _plain(value: Any) -> Any:
    """The loader's line-keeping Mapping and Sequence as the dict and list the dumper knows."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _entry(name: str, value: Any) -> str:
    shape = FIELDS[name].shape if name in FIELDS else ""
    if isinstance(value, list):
        items = "".join(f"  - {_item(item, shape in _ALWAYS_QUOTED)}\n" for item in value)
        return f"{name}:\n{items}"
    if isinstance(value, dict):
        return f"{name}: {_flow(value)}\n"
    if isinstance(value, str) and "\n" in value.strip() and _block_safe(value.strip()):
        # The loader gives "a\nb\n" for a block; the validator strips it, so both are the same text.
        body = "".join(f"  {line}\n" if line else "\n" for line in value.strip().split("\n"))
        return f"{name}: |\n{body}"
    return f"{name}: {_scalar(value, shape in _ALWAYS_QUOTED)}\n"


def _item(item: Any, quoted: bool) -> str:
    return _flow(item) if isinstance(item, dict) else _scalar(item, quoted)


def _scalar(value: Any, quoted: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if not quoted and _plain_safe(text):
        return text
    # A JSON string is a YAML double-quoted scalar, once YAML's own breaks and controls are escaped.
    quoted = json.dumps(text, ensure_ascii=False)
    return _YAML_ONLY_BREAK_OR_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _plain_safe(text: str) -> bool:
    """Whether `text` can be written unquoted and still be read back as this same text: the
    emitter would write it plain, and YAML's implicit types would not turn it into a number,
    a boolean, a date or null."""
    if not text or text != text.strip() or not _PLAIN_START.match(text):
        return False
    analysis = _EMITTER.analyze_scalar(text)
    return analysis.allow_block_plain and not analysis.multiline and \
        _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"


def _block_safe(text: str) -> bool:
    """A `|` block keeps the text exactly when no line starts with a space or holds a tab/control."""
    return all(not line.startswith((" ", "\t")) for line in text.split("\n")) and \
        not any(ord(ch) < 32 and ch != "\n" for ch in text) and not _YAML_ONLY_BREAK_OR_CONTROL.search(text)


def _flow(mapping: dict[str, Any]) -> str:
    """A flow mapping as the samples write location ({lat: 43.2264, lon: 141.5203})."""
    return yaml.safe_dump(mapping, allow_unicode=True, default_flow_style=True, sort_keys=False,
                          width=10_000).strip()
