"""Which column of a sheet holds what: headings matched against columns.yml's synonyms.

A heading listed under one target takes it first; then each heading listed under several
targets takes, in columns.yml's order, the first one no other column took (備考 is the
description unless the sheet also has 説明). `--columns map.yml` adds headings of a town's own.
Headings that mean nothing known, and second columns for a target already taken, are kept as
"unused" so the report lists them: a column is never dropped without saying so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..columns import normalise_heading, synonyms


class ColumnMapError(Exception):
    """A --columns file that cannot be used, in Japanese."""


@dataclass(frozen=True)
class Columns:
    """A sheet's header read: the column index of each target, and what was not used."""

    targets: dict[str, int]  # target -> column index
    headings: dict[int, str]  # column index -> heading as written
    unused: list[str] = field(default_factory=list)  # headings (with why) the import leaves out

    def heading_of(self, target: str) -> str | None:
        index = self.targets.get(target)
        return None if index is None else self.headings[index]


def heading_table(extra: dict[str, str] | None = None) -> dict[str, list[str]]:
    """Normalised heading -> its targets in columns.yml's order (extra headings first)."""
    table: dict[str, list[str]] = {}
    for heading, target in (extra or {}).items():
        table.setdefault(normalise_heading(heading), []).append(target)
    for target, headings in synonyms().items():
        for heading in headings:
            targets = table.setdefault(normalise_heading(heading), [])
            if target not in targets:
                targets.append(target)
    return table


def cell_heading(cell: Any) -> str:
    return str(cell).strip() if isinstance(cell, str) else ""


def known_headings(row: list[Any], table: dict[str, list[str]]) -> int:
    """How many cells of `row` are known headings: the header row is the row with the most."""
    return sum(1 for cell in row if cell_heading(cell) and normalise_heading(cell_heading(cell)) in table)


def assign(row: list[Any], table: dict[str, list[str]]) -> Columns:
    headings = {i: cell_heading(cell) for i, cell in enumerate(row) if cell_heading(cell)}
    options = {i: table.get(normalise_heading(h), []) for i, h in headings.items()}
    targets: dict[str, int] = {}
    unused: list[str] = []
    # Headings with one meaning first, so a heading with several never takes what they name.
    for index in sorted(options, key=lambda i: (len(options[i]) > 1, i)):
        free = [t for t in options[index] if t not in targets]
        if free:
            targets[free[0]] = index
        elif options[index]:
            unused.append(f"「{headings[index]}」（同じ内容の列がほかにあります）")
        else:
            unused.append(f"「{headings[index]}」（取り込む項目がわかりません）")
    return Columns(targets, headings, unused)


def read_column_map(path: Path) -> dict[str, str]:
    """A town's extra headings: a YAML mapping of heading -> target (a field or a synonyms target)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ColumnMapError(f"--columns のファイル「{path}」を読めません: {error}") from None
    known = set(synonyms())
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ColumnMapError(f"--columns のファイル「{path}」は「見出し: 項目名」を1行ずつ書いてください"
                             "（例: 会場の名前: venue）")
    wrong = [v for v in data.values() if v not in known]
    if wrong:
        raise ColumnMapError(f"--columns のファイル「{path}」の「{'」「'.join(wrong)}」は取り込める項目名ではありません。"
                             f"使える項目名: {', '.join(sorted(known))}")
    return data
