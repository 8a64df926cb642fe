"""`python -m carerdir import`: a town's spreadsheet into record files, all of them or none.

Every sheet (or --sheet) is read, its header row found, each data row made into a record and
merged with the file already written for it (columns the sheet has come from the sheet; fields
it has no column for stay as staff left them). Each resulting file text is read back and checked
by the same validator as `check`. Only when no row has a problem is anything written; the report
says which files are new, changed or unchanged and lists every guess staff should check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..columns import cell_text, defaults
from ..directory import Municipality
from ..loading import MUNICIPALITIES_FILE, load_municipalities, today_in_japan, unknown_town_message
from ..problems import Problem
from ..rules import RecordCheck
from ..schema import FIELDS
from ..yamlfile import Mapping, parse_yaml
from .cells import CellError, is_empty, term
from .headings import ColumnMapError, Columns, assign, heading_table, known_headings, read_column_map
from .files import assign_slugs, existing_records, write_all
from .rows import Context, RowProblem, RowRecord, is_skipped, read_row
from .sheets import Sheet, SheetError, find_header, read_sheets
from .yamlwrite import record_yaml

# Fields whose change alone does not make a re-imported record "changed".
BOOKKEEPING = ("verified", "source")


@dataclass(frozen=True)
class ImportOptions:
    resources: Path = Path("resources")
    town: str | None = None
    kind: str | None = None
    sheet: str | None = None
    columns: Path | None = None
    dry_run: bool = False
    today: date | None = None


@dataclass(frozen=True)
class Planned:
    """One file the import writes (or would write)."""

    path: Path
    shown: str  # resources/<town>/<slug>.yml
    where: str
    name: str
    status: str  # new / changed / unchanged
    text: str


@dataclass
class ImportReport:
    source: str
    problems: list[RowProblem | str] = field(default_factory=list)
    planned: list[Planned] = field(default_factory=list)
    notes: dict[str, list[str]] = field(default_factory=dict)  # title -> lines
    written: bool = False

    def note(self, title: str, line: str) -> None:
        self.notes.setdefault(title, []).append(line)

    def of(self, status: str) -> list[Planned]:
        return [p for p in self.planned if p.status == status]

    def text(self, dry_run: bool = False) -> str:
        if self.problems:
            lines = [f"取り込めません: {self.source} に {len(self.problems)} 件の問題があります。"
                     "ファイルは1つも書いていません。表を直してから、もう一度取り込んでください:"]
            return "\n".join(lines + [str(p) for p in _in_row_order(self.problems)])
        lines = [f"{self.source}: {len(self.planned)} 件の記録"
                 f"（新規 {len(self.of('new'))}、変更 {len(self.of('changed'))}、変更なし {len(self.of('unchanged'))}）"]
        for status, title in (("new", "新しく作るファイル"), ("changed", "書き換えるファイル"),
                              ("unchanged", "変わらないファイル")):
            if self.of(status):
                lines.append(f"{title}:")
                lines += [f"  {p.shown}（{p.where} {p.name}）" for p in self.of(status)]
        for title, items in self.notes.items():
            lines.append(f"{title}:")
            lines += [f"  {item}" for item in items]
        if dry_run:
            lines.append("--dry-run のため、何も書いていません。書かれる内容:")
            for planned in self.planned:
                if planned.status != "unchanged":
                    lines += [f"----- {planned.shown}", planned.text.rstrip("\n")]
        elif self.written:
            lines.append("書き込みました。python -m carerdir check で全体を確かめ、変更をコミットしてください。")
        return "\n".join(lines)


def _in_row_order(problems: list[RowProblem | str]) -> list[RowProblem | str]:
    """File-wide problems first, then by sheet (in the file's order) and row."""
    sheets: dict[str, int] = {}

    def key(problem: RowProblem | str) -> tuple[int, int, int]:
        if isinstance(problem, str):
            return 0, 0, 0
        sheet, _, row = problem.where.rpartition("!")
        return 1, sheets.setdefault(sheet, len(sheets)), int(row) if row.isdigit() else 0
    return sorted(problems, key=key)


def run_import(path: Path, options: ImportOptions) -> ImportReport:
    """Read `path`, plan every file and write them only if no row has a problem."""
    report = ImportReport(path.name)
    try:
        _plan(path, options, report)
    except (SheetError, ColumnMapError) as error:
        report.problems.append(f"{path.name}: {error}")
    except _Stop:
        pass
    if report.problems:
        report.planned.clear()
        return report
    if not options.dry_run:
        try:
            write_all([(p.path, p.text) for p in report.planned if p.status != "unchanged"])
        except OSError as error:
            report.problems.append(f"{options.resources}: ファイルを書けません（{error.strerror}）。"
                                   "何も書き換えていません")
            return report
        report.written = True
    return report


class _Stop(Exception):
    """Nothing more can be read (the problem is already in the report)."""


def _plan(path: Path, options: ImportOptions, report: ImportReport) -> None:
    today = options.today or today_in_japan()
    towns = _municipalities(options.resources, report)
    context = Context(towns, _option_town(options.town, towns, report), _option_kind(options.kind, report))
    table = heading_table(read_column_map(options.columns) if options.columns else None)
    rows: list[RowRecord] = []
    row_problems: list[RowProblem] = []
    sheets = _sheets(path, options.sheet, report)
    headers = {sheet.name: find_header(sheet.rows, lambda row: known_headings(row, table)) for sheet in sheets}
    if all(header is None for header in headers.values()):
        report.problems.append(f"{path.name}: 見出しの行が見つかりません。名称・住所・電話番号などの見出しを"
                               "1行に並べてください（表の上のほう、30行目まで）")
        raise _Stop
    for sheet in sheets:
        header = headers[sheet.name]
        if header is None:
            report.note("見出しの行がないため読まなかったシート", f"「{sheet.name}」")
            continue
        columns = assign(sheet.rows[header], table)
        where_header = f"{path.name}:{sheet.name}!{header + 1}"
        if "name" not in columns.targets:
            report.problems.append(f"{where_header}: 名称の列がありません。見出しを「名称」にしてください")
            continue
        for unused in columns.unused + _unheaded(sheet.rows[header + 1:], columns):
            report.note("取り込まなかった列", f"{where_header}: {unused}")
        for index in range(header + 1, len(sheet.rows)):
            where = f"{path.name}:{sheet.name}!{index + 1}"
            why = is_skipped(sheet.rows[index], columns)
            if why:
                if why != "空白":
                    report.note("飛ばした行", f"{where}（{why}）")
                continue
            rows.append(read_row(sheet.rows[index], columns, where, context, row_problems))
    report.problems += row_problems
    if not rows and not report.problems:
        report.problems.append(f"{path.name}: 取り込める行がありません")
    # Rows with a problem of their own are still checked, so every problem is reported at once.
    _plan_files([r for r in rows if r.town is not None], options, towns, today, path.name, report)


def _unheaded(rows: list[list[Any]], columns: Columns) -> list[str]:
    """Columns with data under an empty heading: listed, since nothing says what they hold."""
    filled = {i for row in rows for i, cell in enumerate(row) if not is_empty(cell)}
    return [f"{_column_letter(i)}列（見出しなし）" for i in sorted(filled - set(columns.headings))]


def _column_letter(index: int) -> str:
    """Excel's name of a column: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _shown(resources: Path) -> str:
    """The resources folder as messages name it: `resources`, as staff see it on GitHub."""
    return resources.resolve().name


def _municipalities(resources: Path, report: ImportReport) -> dict[str, Municipality]:
    problems: list[Problem] = []
    towns = load_municipalities(resources / MUNICIPALITIES_FILE, problems)
    if problems or not towns:
        report.problems += [str(p) for p in problems] or [f"{resources / MUNICIPALITIES_FILE} がありません"]
        raise _Stop
    return towns


def _option_town(slug: str | None, towns: dict[str, Municipality], report: ImportReport) -> Municipality | None:
    if slug is None:
        return None
    if slug not in towns:
        report.problems.append(f"--town {slug}: {unknown_town_message(slug, towns)}")
        raise _Stop
    return towns[slug]


def _option_kind(kind: str | None, report: ImportReport) -> str | None:
    if kind is None:
        return None
    try:
        return term(FIELDS["kind"], kind)
    except CellError as error:
        report.problems.append(f"--kind {kind}: {error.message}")
        raise _Stop from None


def _sheets(path: Path, name: str | None, report: ImportReport) -> list[Sheet]:
    sheets = read_sheets(path)
    if name is None:
        return sheets
    chosen = [sheet for sheet in sheets if sheet.name == name]
    if not chosen:
        names = "」「".join(sheet.name for sheet in sheets)
        report.problems.append(f"{path.name}: シート「{name}」がありません。あるシート: 「{names}」")
        raise _Stop
    return chosen


def _plan_files(rows: list[RowRecord], options: ImportOptions, towns: dict[str, Municipality], today: date,
                source: str, report: ImportReport) -> None:
    existing = {town: existing_records(options.resources / town, report.problems)
                for town in {r.town.slug for r in rows if r.town}}
    slugs = assign_slugs(rows, existing, report.problems)
    for row in rows:
        assert row.town is not None  # a row without a town is a problem already
        slug = slugs[id(row)]
        old = existing[row.town.slug].get(slug)
        data = _merged(row, old)
        if old is not None and _content(data) == _content(old):
            status, text = "unchanged", record_yaml(dict(old))
        else:
            data["verified"] = row.values.get("verified") or today
            if "source" not in row.origin:
                data["source"] = source
            status, text = ("changed" if old is not None else "new"), record_yaml(_without_empty(data))
        _check(text, row, slug, towns, today, report)
        _note_guesses(row, old, data, report)
        shown = f"{_shown(options.resources)}/{row.town.slug}/{slug}.yml"
        report.planned.append(Planned(options.resources / row.town.slug / f"{slug}.yml", shown, row.where,
                                      row.name, status, text))
    for town, files in existing.items():
        left = sorted(set(files) - {slugs[id(r)] for r in rows if r.town and r.town.slug == town})
        if left:
            report.note("表にない既存の記録（そのままにします）", f"{_shown(options.resources)}/{town}/: {', '.join(left)}")


def _merged(row: RowRecord, old: Mapping | None) -> dict[str, Any]:
    """The file's fields, with every column of the sheet taking its place (an empty cell removes
    the field); guesses and defaults only where the file has nothing."""
    data: dict[str, Any] = dict(old or {})
    for name, value in row.values.items():
        if name in row.derived and name in data:
            continue
        data[name] = value
    data = _without_empty(data)
    for name, value in _defaults(str(data.get("kind", ""))).items():
        if name not in data:
            data[name] = value
            row.derived.add(name)
    return data


def _defaults(kind: str) -> dict[str, Any]:
    table = defaults()
    audience = table.get("audience", {}).get(kind)
    return {"format": table.get("format"), **({"audience": audience} if audience else {})}


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != "" and v != []}


def _content(data: dict[str, Any] | Mapping) -> dict[str, Any]:
    """What a record says, to compare a file with its row: not when or from where it was checked,
    and text without the line end a `|` block adds."""
    return {k: _stripped(v) for k, v in data.items() if k not in BOOKKEEPING}


def _stripped(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        return {k: _stripped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stripped(v) for v in value]
    return value


def _check(text: str, row: RowRecord, slug: str, towns: dict[str, Municipality], today: date,
           report: ImportReport) -> None:
    """The file text through the loader and validator `check` uses; problems named by column."""
    assert row.town is not None
    data, problems = parse_yaml(text, row.where)
    if not problems:
        check = RecordCheck(data, row.where, row.town, towns, today)
        check.run(f"{row.town.slug}/{slug}")
        problems = check.problems
    for problem in problems:
        if problem.field not in row.failed:
            report.problems.append(_row_problem(problem, row))


def _row_problem(problem: Problem, row: RowRecord) -> RowProblem:
    field = FIELDS.get(problem.field)
    heading = row.origin.get(problem.field) or (field.label if field else problem.field)
    advice = f"この行の「{heading}」の欄に書いてください" if problem.field in row.origin else \
        f"表に「{heading}」の列を足して書いてください"
    message = problem.message.replace("この項目を書き足してください", advice)
    if problem.field in row.derived and field:
        message += f"（表に列がないため補った値です。表に「{field.label}」の列を足してください）"
    example = problem.example.removeprefix(f"{problem.field}: ").strip('"')
    return RowProblem(row.where, heading, message, example)


def _note_guesses(row: RowRecord, old: Mapping | None, data: dict[str, Any], report: ImportReport) -> None:
    if row.guessed_kana and not (old and "name_kana" in old):
        report.note("よみがなを推測しました。正しいか確かめてください",
                    f"{row.where}: {row.name} → {row.values['name_kana']}")
    if row.unread_schedule:
        report.note("日時として読めなかったため「日時の補足」(schedule_note) に入れ、文のまま載せます",
                    f"{row.where}: 「{'」「'.join(row.unread_schedule)}」")
    for name in sorted(row.derived - {"name_kana"}):
        if name in FIELDS and not (old and name in old):
            report.note("表に列がないため補った値", f"{row.where}: {FIELDS[name].label} = {cell_text(name, data[name])}")
