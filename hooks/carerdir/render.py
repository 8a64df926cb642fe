"""Jinja2 rendering of directory pages, with autoescaping: YAML text is never HTML."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from . import schema
from .schedules import describe
from .when import japanese_day, japanese_occurrence, occurrence_json

LINK = re.compile(r"https?://[^\s<>\"'（）「」、。]+")


def plain_text(text: str) -> Markup:
    """Plain text as HTML: paragraphs at blank lines, line breaks, http(s) links made clickable."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(_linked_lines(p)) for p in paragraphs)


def _linked_lines(paragraph: str) -> Markup:
    return Markup("<br>").join(_linked(line) for line in paragraph.strip().splitlines())


def _linked(line: str) -> Markup:
    if "http" not in line:  # most lines: no link to look for
        return escape(line)
    parts, last = [], 0
    for match in LINK.finditer(line):
        parts += [escape(line[last:match.start()]),
                  Markup('<a href="{0}" rel="noopener">{0}</a>').format(match.group())]
        last = match.end()
    parts.append(escape(line[last:]))
    return Markup("").join(parts)


def terms(values: Iterable[str], vocabulary: Mapping[str, str]) -> Markup:
    """Vocabulary keys as their labels, joined with 、 (`record.audience | terms(AUDIENCES)`)."""
    return Markup("、").join(vocabulary[value] for value in values)


def make_environment(templates: Path, compiled: BytecodeCache | None = None) -> Environment:
    """`compiled`: templates compiled by earlier rebuilds of a preview (preview.CompiledTemplates)."""
    # auto_reload off: each build makes a new environment, and checking every template's
    # file on each of 10,000 renders cost a stat() per include.
    env = Environment(loader=FileSystemLoader(templates), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, auto_reload=False,
                      bytecode_cache=compiled)
    env.filters.update(plain_text=plain_text, terms=terms)
    # Wording of rules and dates, the same as the browser scripts write: `rule | describe`
    env.filters.update(describe=describe, japanese_day=japanese_day, japanese_occurrence=japanese_occurrence,
                       occurrence_json=occurrence_json)
    env.globals.update(
        KINDS=schema.KINDS, AUDIENCES=schema.AUDIENCES, TOPICS=schema.TOPICS,
        RESERVATIONS=schema.RESERVATIONS, FORMATS=schema.FORMATS, ACCESSIBILITY=schema.ACCESSIBILITY,
    )
    return env


def render(env: Environment, template: str, **context: Any) -> str:
    return env.get_template(template).render(**context)
