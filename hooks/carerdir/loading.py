"""Load and validate everything under resources/ into a `Directory`, or fail with all problems."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from .directory import Directory, Municipality, Record
from .preview import Memo, content_key
from .problems import InvalidData, Problem
from .rules import RecordCheck
from .schema import SCHEMA_FILE
from .workers import fork_context, fork_workers
from .yamlfile import Mapping, decode_yaml, read_yaml

MUNICIPALITIES_FILE = "municipalities.yml"
RECORD_FILE = re.compile(r"^[a-z0-9][a-z0-9-]*\.yml$")
YAML_SUFFIXES = (".yml", ".yaml")
JST = timezone(timedelta(hours=9))


def today_in_japan() -> date:
    """The build date in Japan; CARERDIR_TODAY=YYYY-MM-DD pins it (previews of a coming date, tests)."""
    pinned = os.environ.get("CARERDIR_TODAY")
    return date.fromisoformat(pinned) if pinned else datetime.now(JST).date()


def load_directory(resources: Path, today: date | None = None, memo: Memo | None = None) -> Directory:
    """Read and check every file under `resources`; raise InvalidData listing every problem.

    With a `memo` (under mkdocs serve, preview.py), a file whose bytes did not change since an
    earlier rebuild is not checked again: its record (the same object) and problems are reused."""
    problems: list[Problem] = []
    municipalities = load_municipalities(resources / MUNICIPALITIES_FILE, problems)
    if not municipalities:  # every town folder would be "unknown": report only the list's problem
        raise InvalidData(problems)
    today = today or today_in_japan()
    listing = tuple(_files_under(resources))
    if memo is None:
        files, misplaced = _record_files(resources, listing, municipalities)
        parts = _check_in_parts(files, resources, municipalities, today)
    else:  # the same files in the same folders: their paths, and any misplaced, as last time
        towns_key = content_key(repr(sorted(municipalities.items())).encode())  # records are checked against it
        files, misplaced = memo.get(("record files", str(resources), listing, towns_key),
                                    lambda: _record_files(resources, listing, municipalities))
        parts = [_check_unchanged_once(files, resources, municipalities, today, towns_key, memo)]
    problems += misplaced
    records: list[Record] = []
    for found, found_problems in parts:
        records += found
        problems += found_problems
    if problems:
        raise InvalidData(problems)
    return Directory(municipalities, tuple(records))


# Checking a record takes about a millisecond: a prefecture's 10,000 files are checked in parts
# by worker processes (see workers.py).
PART_SIZE = 500

Part = tuple[list[Record], list[Problem]]


def _check_in_parts(files: list[tuple[Path, str]], resources: Path, towns: dict[str, Municipality],
                    today: date) -> list[Part]:
    """The records and problems of `files`, in the order of `files` however they were checked."""
    parts = [(files[i:i + PART_SIZE], resources, towns, today) for i in range(0, len(files), PART_SIZE)]
    workers = min(fork_workers(len(files)), len(parts))
    if workers < 2:
        return [_check_part(part) for part in parts]
    with ProcessPoolExecutor(workers, mp_context=fork_context()) as pool:
        return list(pool.map(_check_part, parts))


def _check_unchanged_once(files: list[tuple[Path, str]], resources: Path, towns: dict[str, Municipality],
                          today: date, towns_key: bytes, memo: Memo) -> Part:
    """The records and problems of `files`, checking again only files whose bytes changed. A file
    is read again only when its size, times or inode changed (as MkDocs's watcher sees an edit);
    then its bytes say whether it really did (a `touch` or a checkout does not). `towns_key`
    stands for the town list the records are checked against."""
    records, problems = [], []
    read: dict[Path, bytes] = {}

    def digest(path: Path) -> bytes:
        read[path] = path.read_bytes()
        return content_key(read[path])

    for path, town in files:
        try:
            info = os.stat(path)
            stamp = ("stamp", str(path), info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)
            content = memo.get(stamp, lambda: digest(path))
        except OSError:  # e.g. deleted while we read: checked (and reported) as usual
            content = None
        if content is None:
            found: list[Problem] = []
            record = _load_record(path, resources, towns[town], towns, today, found)
        else:
            key = ("record", str(path), content, today, towns_key)
            record, found = memo.get(key, lambda: _check_bytes(read.pop(path, None) or path.read_bytes(), path,
                                                               resources, towns[town], towns, today))
        if record:
            records.append(record)
        problems += found
    return records, problems


def _check_bytes(raw: bytes, path: Path, resources: Path, town: Municipality, towns: dict[str, Municipality],
                 today: date) -> tuple[Record | None, list[Problem]]:
    problems: list[Problem] = []
    return _load_record(path, resources, town, towns, today, problems, raw), problems


def _check_part(part: tuple[list[tuple[Path, str]], Path, dict[str, Municipality], date]) -> Part:
    files, resources, towns, today = part
    records, problems = [], []
    for path, town in files:
        record = _load_record(path, resources, towns[town], towns, today, problems)
        if record:
            records.append(record)
    return records, problems


def _shown(path: Path, resources: Path) -> str:
    """How a file is named in messages: relative to the project, as staff see it on GitHub."""
    inside, folder = str(path), str(resources)
    if inside.startswith(folder + os.sep):  # as every path found below is: no Path arithmetic
        return resources.name + "/" + inside[len(folder) + 1:].replace(os.sep, "/")
    return str(Path(resources.name) / path.relative_to(resources))


def load_municipalities(path: Path, problems: list[Problem]) -> dict[str, Municipality]:
    shown = _shown(path, path.parent)
    data, found = read_yaml(path, shown)
    problems.extend(found)
    towns: dict[str, Municipality] = {}
    for entry in data if isinstance(data, list) else []:
        try:
            town = Municipality(**entry)
        except TypeError as error:
            problems.append(Problem(shown, getattr(entry, "line", 1), "(市町村)", f"項目が合いません: {error}"))
            continue
        towns[town.slug] = town
    if not towns and not found:
        problems.append(Problem(shown, 1, "(市町村)", "市町村の一覧が空か、リストになっていません"))
    return towns


def _record_files(resources: Path, listing: Iterable[tuple[str, ...]],
                  towns: dict[str, Municipality]) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Every record file of `listing` (_files_under) with its town slug, and the problems of
    misplaced files and unknown folders."""
    found: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for parts in listing:
        path = resources.joinpath(*parts)
        shown = _shown(path, resources)
        if len(parts) == 1:
            if path.name not in (MUNICIPALITIES_FILE, SCHEMA_FILE):
                problems.append(Problem(shown, 1, "(ファイル)", "記録は市町村のフォルダの中に置いてください",
                                        "resources/tobetsu/kaigosha-tsudoi.yml"))
        elif len(parts) > 2:
            problems.append(Problem(shown, 1, "(ファイル)", "フォルダの中にさらにフォルダは作れません",
                                    "resources/tobetsu/kaigosha-tsudoi.yml"))
        elif parts[0] not in towns:
            problems.append(Problem(shown, 1, "(フォルダ)", unknown_town_message(parts[0], towns),
                                    "resources/tobetsu/kaigosha-tsudoi.yml"))
        else:
            if not RECORD_FILE.match(path.name):
                problems.append(Problem(shown, 1, "(ファイル名)", "ファイル名は英小文字・数字・ハイフンで、"
                                        "最後を .yml にしてください", "kaigosha-tsudoi.yml"))
            # A misnamed record is still checked, so staff fix everything in one go.
            if path.suffix.lower() in YAML_SUFFIXES:
                found.append((path, parts[0]))
    return found, problems


def _files_under(folder: Path) -> list[tuple[str, ...]]:
    """Every file under `folder` but in hidden folders or hidden itself, as path parts, in the
    order of sorted(folder.rglob("*")). (os.walk: 10,000 Path objects and their stats took 0.3 s.)"""
    files = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        base = os.path.relpath(root, folder)
        prefix = () if base == "." else tuple(base.split(os.sep))
        files += [(*prefix, name) for name in names if not name.startswith(".")]
    return sorted(files)


def unknown_town_message(folder: str, towns: dict[str, Municipality]) -> str:
    by_name = [t.slug for t in towns.values() if folder in (t.name, t.kana, t.name[:-1])]
    near = by_name or difflib.get_close_matches(folder, towns, n=1, cutoff=0.7)
    hint = f"「{near[0]}」ではありませんか。" if near else ""
    return f"フォルダ名「{folder}」は市町村の slug ではありません。{hint}" \
           "resources/municipalities.yml の slug を使ってください (unknown town folder)"


def _load_record(path: Path, resources: Path, town: Municipality, towns: dict[str, Municipality],
                 today: date, problems: list[Problem], raw: bytes | None = None) -> Record | None:
    shown = _shown(path, resources)
    data, found = read_yaml(path, shown) if raw is None else decode_yaml(raw, shown)
    if found:
        problems.extend(found)
        return None
    if not isinstance(data, Mapping):
        what = "空" if data is None else "リスト" if isinstance(data, list) else "1つの値"
        problems.append(Problem(shown, 1, "(ファイル)", f"中身が{what}です。「項目名: 値」を1行ずつ書いてください",
                                "kind: salon"))
        return None
    check = RecordCheck(data, shown, town, towns, today)
    record = check.run(f"{town.slug}/{path.stem}")
    problems.extend(check.problems)
    return record
