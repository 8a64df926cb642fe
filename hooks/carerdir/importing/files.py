"""Which file each imported row goes to, what is already there, and writing them all at once.

A row's file is its ID column's slug; else the file already holding a record of the same name in
its town (rows sharing a name take those files in order: x, x-2, x-3); else its reading in romaji,
numbered -2, -3… when taken. So importing the same sheet again finds the same files, and a
reading staff corrected by hand does not move a record to a new file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..loading import RECORD_FILE
from ..yamlfile import Mapping, read_yaml
from .readings import slug_of
from .rows import RowProblem, RowRecord


def existing_records(folder: Path, problems: list[RowProblem | str]) -> dict[str, Mapping]:
    """The town's record files already written, by slug (unreadable ones are problems)."""
    records: dict[str, Mapping] = {}
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        if not RECORD_FILE.match(path.name):
            continue
        data, found = read_yaml(path, f"{folder.parent.name}/{folder.name}/{path.name}")
        if found or not isinstance(data, Mapping):
            problems += [f"既存のファイル {p}" for p in found] or \
                [f"既存のファイル {folder.name}/{path.name} が記録の形になっていません"]
            continue
        records[path.stem] = data
    return records


def assign_slugs(rows: list[RowRecord], existing: dict[str, dict[str, Mapping]],
                 problems: list[RowProblem | str]) -> dict[int, str]:
    """Each row's file name: its ID column's, else the existing file of the same name (in file
    order, for rows that share a name), else its reading in romaji, -2, -3… when taken."""
    slugs: dict[int, str] = {}
    taken: dict[str, set[str]] = {town: set(files) for town, files in existing.items()}
    used: dict[str, set[str]] = {town: set() for town in existing}
    by_name: dict[str, dict[str, list[str]]] = {}
    for town, files in existing.items():
        for slug in sorted(files, key=_slug_order):
            by_name.setdefault(town, {}).setdefault(str(files[slug].get("name", "")), []).append(slug)
    for row in rows:
        assert row.town is not None
        town = row.town.slug
        if row.slug is not None:
            slug = row.slug
            if not RECORD_FILE.match(f"{slug}.yml"):
                problems.append(RowProblem(row.where, "ID", f"「{slug}」はファイル名に使えません。"
                                                  "英小文字・数字・ハイフンにしてください", "tobetsu/kaigosha-tsudoi"))
        else:
            same_name = by_name.get(town, {}).get(row.name, [])
            slug = same_name.pop(0) if same_name else _free(slug_of(str(row.values.get("name_kana") or "")),
                                                            taken[town] | used[town])
        if slug in used[town]:
            problems.append(RowProblem(row.where, "ID", f"ほかの行と同じファイル {town}/{slug}.yml になります。"
                                              "同じ記録が2行ありませんか"))
        used[town].add(slug)
        slugs[id(row)] = slug
    return slugs


def _slug_order(slug: str) -> tuple[str, int]:
    base, _, number = slug.rpartition("-")
    return (base, int(number)) if base and number.isdigit() else (slug, 1)


def _free(base: str, taken: set[str]) -> str:
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def write_all(files: list[tuple[Path, str]]) -> None:
    """Every changed file to a temporary name first, then all renamed: no half-written import."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, text in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".import-", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            staged.append((Path(temporary), path))
    except OSError:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)
