"""Build-time benchmark: the carer directory with N synthetic records against a plain-Material floor.

    NO_MKDOCS_2_WARNING=1 .venv/bin/python benchmarks/build.py [--records N] [--repeat R] [--keep DIR]

1. Generates N valid, realistic, deterministic records (random.Random(seed)) spread over all
   municipalities, in a temporary copy of the project (without the sample records).
2. Generates the "floor": plain Material with the same language and search settings and N
   trivial Markdown pages, the least any MkDocs + Material site of that size can cost.
3. Times `mkdocs build` of both (best of R runs, each in a fresh child process whose peak memory
   is read with os.wait4), times `python -m carerdir check`, and prints one table.

Sizes are in MB = 2**20 bytes and KB = 2**10 bytes. Nothing in the project is modified.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

# Only the standard library at module level: phonenumbers, PyYAML and carerdir are imported by
# the functions that generate records, which run in a child process (see generate_in_child).

PROJECT = Path(__file__).resolve().parent.parent

# Issue 17: the directory builds no slower than the floor, both pinned to one CPU (taskset -c 0),
# and peaks no higher than it did before the page frames (374 MB at 10,000 records).
RATIO_GOAL = 1.0
MEMORY_GOAL_MB = 374
RECORD_PAGE_BUDGET_KB = 50.0
MAX_KM = 5.0  # synthetic places lie within this distance of their town office
KM_PER_DEGREE = 111.32
MB, KB = 2**20, 2**10

# ---------------------------------------------------------------------------------------------
# Vocabulary for synthetic records: (text, reading) pairs so that name_kana matches the name.
# ---------------------------------------------------------------------------------------------

NICKNAMES = [
    ("ひだまり", "ひだまり"), ("なごみ", "なごみ"), ("すずらん", "すずらん"), ("はまなす", "はまなす"),
    ("ななかまど", "ななかまど"), ("こもれび", "こもれび"), ("ゆきあかり", "ゆきあかり"),
    ("ライラック", "ライラック"), ("ほっと", "ほっと"), ("陽だまり", "ひだまり"), ("和み", "なごみ"),
    ("花みずき", "はなみずき"), ("さくら", "さくら"), ("ふきのとう", "ふきのとう"), ("えぞりす", "えぞりす"),
    ("白樺", "しらかば"), ("つくし", "つくし"), ("こすもす", "こすもす"), ("あおぞら", "あおぞら"),
    ("みなと", "みなと"), ("ほたる", "ほたる"), ("たんぽぽ", "たんぽぽ"), ("ひまわり", "ひまわり"),
]
AREAS = [("中央", "ちゅうおう"), ("東部", "とうぶ"), ("西部", "せいぶ"), ("南部", "なんぶ"), ("北部", "ほくぶ")]
COUNTER_NAMES = [
    ("地域包括支援センター", "ちいきほうかつしえんせんたー"),
    ("介護者相談窓口", "かいごしゃそうだんまどぐち"),
    ("社会福祉協議会 ケアラー相談室", "しゃかいふくしきょうぎかい ケアラーそうだんしつ"),
    ("ヤングケアラー相談窓口", "ヤングケアラーそうだんまどぐち"),
    ("福祉なんでも相談", "ふくしなんでもそうだん"),
    ("仕事と介護の両立相談", "しごととかいごのりょうりつそうだん"),
]
SERVICE_NAMES = [
    ("高齢者世帯 除雪サービス", "こうれいしゃせたい じょせつさーびす"),
    ("配食サービス", "はいしょくさーびす"), ("ショートステイ", "しょーとすてい"),
    ("訪問介護", "ほうもんかいご"), ("移送サービス", "いそうさーびす"),
    ("見守り訪問", "みまもりほうもん"), ("家族介護用品の支給", "かぞくかいごようひんのしきゅう"),
    ("緊急通報システム", "きんきゅうつうほうしすてむ"),
]
STREETS = ["本町", "中央町", "栄町", "緑町", "幸町", "旭町", "末広町", "大町", "錦町", "新町", "東町",
           "西町", "南町", "北町", "白樺町", "宮前町", "若葉町", "港町"]
WEEKDAYS = ["月", "火", "水", "木", "金", "土"]
SLOTS = ["10:00〜12:00", "13:30〜15:30", "13:30〜15:00", "14:00〜16:00", "10:00〜15:00", "18:00〜20:00",
         "19:00〜20:30"]
OFFICE_HOURS = ["月〜金 8:45〜17:30", "平日 9:00〜17:00", "月〜金 8:30〜17:15（祝日・年末年始を除く）",
                "平日 8:45〜17:15"]
SERVICE_HOURS: list[str | dict[str, Any]] = [
    "平日 9:00〜17:00", "毎日 11:00〜13:00", "毎週月・水・金曜日 11:00〜13:00",
    # The structured form, for what the phrase grammar cannot say (see carerdir/schedules/structured.py).
    {"note": "不定期（日程は電話でお問い合わせください）"},
    {"freq": "weekly", "byday": ["MO", "TH"], "bymonth": [11, 12, 1, 2, 3], "start": "06:00", "end": "09:00"},
]
SUFFIXES = ["", "", "", "（祝日は休み）", " ※要予約"]
FEES = ["無料", "無料", "無料", "100円（お茶代）", "200円（茶菓代）", "300円", "1回500円", "実費"]
KIND_SLUG = {"counter": "soudan", "salon": "salon", "dementia_cafe": "orange-cafe", "hub": "ibasho",
             "service": "service"}
KIND_WEIGHTS = {"counter": 30, "salon": 20, "dementia_cafe": 20, "hub": 15, "service": 15}
AUDIENCE_BY_KIND = {
    "counter": ["carers", "elderly", "dementia", "young_carers", "working_carers", "anyone"],
    "salon": ["carers", "working_carers", "anyone", "elderly"],
    "dementia_cafe": ["dementia", "carers", "anyone"],
    "hub": ["anyone", "elderly", "children", "disability", "carers"],
    "service": ["elderly", "disability", "carers", "illness"],
}
TOPICS = ["general", "elderly_care", "dementia", "carers", "young_carers", "disability", "health",
          "work_care", "money", "housing", "poverty"]
ACCESS = ["wheelchair", "parking", "hearing_loop", "elevator", "nursing_care_toilet"]
SENTENCES = {
    "counter": ["介護のこと、家族のこと、どこに相談すればよいか分からないことも、まずはお電話ください。",
                "保健師・社会福祉士・主任ケアマネジャーが、ご本人とご家族のお話をうかがいます。",
                "介護保険の申請や、使えるサービスの選び方もいっしょに考えます。",
                "ご自宅への訪問や、土日の相談も予約があれば受け付けています。"],
    "salon": ["介護をしている方どうしで、日ごろの思いを気軽に話せる集まりです。",
              "お茶を飲みながら、介護の工夫や地域の情報を交換しています。",
              "途中からの参加や、途中でのお帰りも自由です。",
              "介護を終えた方も、経験を聞かせてください。"],
    "dementia_cafe": ["認知症の方とご家族、地域の方がいっしょに過ごせるカフェです。",
                      "専門職が同席しているので、ちょっとした相談もできます。",
                      "ミニ講話や体操、季節の行事を楽しんでいます。",
                      "はじめての方も、ひとりでの参加も歓迎します。"],
    "hub": ["だれでも立ち寄れる、まちの小さな居場所です。",
            "子どもから高齢の方まで、思い思いに過ごしています。",
            "手づくりの昼食を低い料金で用意している日もあります。",
            "ボランティアとして関わってくださる方も募集しています。"],
    "service": ["高齢の方や障がいのある方の暮らしを支えるサービスです。",
                "利用には事前の申し込みと、簡単な聞き取りが必要です。",
                "介護をしているご家族の負担を軽くするためにもご利用ください。",
                "料金は世帯の状況によって減額される場合があります。"],
    "common": ["冬の道が心配な方には、送迎について相談に応じます。",
               "駐車場が少ないため、できるだけ乗り合わせてお越しください。",
               "内容は変わることがありますので、お出かけ前にご確認ください。",
               "ご家族だけでの参加、ご本人と一緒の参加、どちらでもかまいません。",
               "秘密は守りますので、安心してお話しください。",
               "近くの市町村にお住まいの方もご利用いただけます。",
               "手話通訳や筆談が必要な方は、事前にお知らせください。"],
}
ONLINE_SENTENCE = "オンライン（ビデオ通話）でも参加でき、カメラを切ったままでもかまいません。"


@dataclass(frozen=True)
class Town:
    slug: str
    name: str
    kana: str
    lat: float
    lon: float
    postal_prefix: str  # the first three digits of the town's synthetic postal codes
    phone_prefixes: tuple[str, ...]  # national significant number prefixes, e.g. "1332" for 0133-2x
    code: str  # local government code, for the boundary check


@dataclass(frozen=True)
class Run:
    seconds: float  # wall clock
    cpu_seconds: float  # user + system: less sensitive than wall clock to other load on the machine
    system_seconds: float  # the kernel's part of cpu_seconds: file creation, fresh memory
    peak_mb: float
    exit_code: int
    log: Path


@dataclass(frozen=True)
class SiteStats:
    total_mb: float
    html_files: int
    largest_page: tuple[str, float]  # (path, KB)
    search_index_mb: float


# ---------------------------------------------------------------------------------------------
# Towns and their telephone area codes
# ---------------------------------------------------------------------------------------------

def message_areas() -> dict[str, list[str]]:
    """Hokkaido telephone message areas (their Japanese name) -> national number prefixes."""
    from phonenumbers.geodata import GEOCODE_DATA  # ~100 MB in memory

    areas: dict[str, list[str]] = {}
    for key, names in GEOCODE_DATA.items():
        if key.startswith("811") and "ja" in names:  # +81 1x: Hokkaido's 01x area codes
            areas.setdefault(names["ja"], []).append(key[2:])
    return areas


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _own_area(name: str, areas: dict[str, list[str]]) -> list[str]:
    """The prefixes of the message area named after the town (当別町 -> 当別, 札幌市北区 -> 札幌)."""
    stem = name[:-1]
    return next((prefixes for area, prefixes in areas.items() if stem == area or name.startswith(area)), [])


def load_towns(resources: Path, rng: random.Random) -> list[Town]:
    """Municipalities with a postal prefix and the area code of their own or the nearest named area."""
    import yaml

    entries = yaml.safe_load((resources / "municipalities.yml").read_text(encoding="utf-8"))
    areas = message_areas()
    own = {e["slug"]: _own_area(e["name"], areas) for e in entries}
    named = [e for e in entries if own[e["slug"]]]
    towns = []
    for e in entries:
        prefixes = own[e["slug"]] or own[min(
            named, key=lambda n: distance_km(e["lat"], e["lon"], n["lat"], n["lon"]))["slug"]]
        towns.append(Town(e["slug"], e["name"], e["kana"], e["lat"], e["lon"],
                          f"0{rng.randint(40, 99)}", tuple(sorted(prefixes)), str(e["code"]).zfill(6)))
    return towns


def phone_number(town: Town, rng: random.Random) -> str:
    """A valid Japanese landline number in the town's area, hyphenated as printed (0133-23-4567)."""
    import phonenumbers

    for _ in range(1000):
        prefix = rng.choice(town.phone_prefixes)
        digits = prefix + "".join(rng.choice("0123456789") for _ in range(9 - len(prefix)))
        number = phonenumbers.parse("0" + digits, "JP")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    raise RuntimeError(f"no valid phone number found for {town.slug}")


# ---------------------------------------------------------------------------------------------
# Synthetic records
# ---------------------------------------------------------------------------------------------

def name_and_kana(kind: str, town: Town, rng: random.Random) -> tuple[str, str]:
    nick, nick_kana = rng.choice(NICKNAMES)
    if kind == "counter":
        if rng.random() < 0.3:
            (area, area_kana), (part, part_kana) = rng.choice(AREAS), COUNTER_NAMES[0]
            return town.name + area + part, town.kana + area_kana + part_kana
        part, part_kana = rng.choice(COUNTER_NAMES)
        return town.name + part, town.kana + part_kana
    if kind == "salon":
        return rng.choice([(f"介護者サロン「{nick}」", f"かいごしゃさろん {nick_kana}"),
                           (f"{town.name}介護者のつどい", f"{town.kana}かいごしゃのつどい"),
                           (f"ケアラーズカフェ {nick}", f"ケアラーズカフェ {nick_kana}")])
    if kind == "dementia_cafe":
        return rng.choice([(f"オレンジカフェ「{nick}」", f"オレンジカフェ {nick_kana}"),
                           (f"認知症カフェ「{nick}」", f"にんちしょうかふぇ {nick_kana}")])
    if kind == "hub":
        return rng.choice([(f"まちの縁側「{nick}」", f"まちのえんがわ {nick_kana}"),
                           (f"地域の居場所「{nick}」", f"ちいきのいばしょ {nick_kana}"),
                           (f"{town.name}ふれあいの家", f"{town.kana}ふれあいのいえ")])
    part, part_kana = rng.choice(SERVICE_NAMES)
    return f"{town.name} {part}", f"{town.kana} {part_kana}"


def schedule(kind: str, rng: random.Random) -> list[str | dict[str, Any]]:
    if kind == "counter":
        return [rng.choice(OFFICE_HOURS)]
    if kind == "service":
        return [rng.choice(SERVICE_HOURS)]
    lines: list[str | dict[str, Any]] = []
    for _ in range(rng.choice([1, 1, 1, 2])):
        day, slot = rng.choice(WEEKDAYS), rng.choice(SLOTS)
        when = rng.choice([f"毎月第{rng.randint(1, 4)}{day}曜日", f"毎月最終{day}曜日", f"毎週{day}曜日",
                           f"第1・第3{day}曜日"])
        lines.append(f"{when} {slot}{rng.choice(SUFFIXES)}")
    return lines


def description(kind: str, online: bool, rng: random.Random) -> str:
    """About 200 characters, one sentence a line, as staff write them."""
    pool = rng.sample(SENTENCES[kind], len(SENTENCES[kind])) + rng.sample(SENTENCES["common"], 4)
    lines = [ONLINE_SENTENCE] if online else []
    for sentence in pool:
        if sum(map(len, lines)) >= 190:
            break
        lines.append(sentence)
    return "\n".join(lines) + "\n"


def location(town: Town, rng: random.Random) -> dict[str, float]:
    """A point uniformly spread within MAX_KM of the town office, inside the town (as validation
    checks): a point drawn at sea or over the border is drawn again."""
    from carerdir.boundaries import lies_in

    for _ in range(50):
        km, bearing = MAX_KM * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
        lat = round(town.lat + km * math.cos(bearing) / KM_PER_DEGREE, 4)
        lon = round(town.lon + km * math.sin(bearing) / (KM_PER_DEGREE * math.cos(math.radians(town.lat))), 4)
        if lies_in(lat, lon, town):
            break
    else:
        lat, lon = round(town.lat, 4), round(town.lon, 4)  # every town office lies in its town
    return {"lat": lat, "lon": lon}


def place(town: Town, rng: random.Random) -> dict[str, Any]:
    return {
        "address": f"北海道{town.name}{rng.choice(STREETS)}{rng.randint(1, 9)}丁目{rng.randint(1, 40)}番地",
        "postal_code": f"{town.postal_prefix}-{rng.randint(0, 9999):04d}",
        "location": location(town, rng),
    }


def operator(kind: str, town: Town, rng: random.Random) -> str:
    nick = rng.choice(NICKNAMES)[0]
    return rng.choice([town.name, f"{town.name}社会福祉協議会", f"{town.name}地域包括支援センター",
                       f"社会福祉法人{nick}福祉会", f"NPO法人{nick}の会"] +
                      ([f"{town.name}介護家族の会"] if kind in ("salon", "dementia_cafe") else []))


def make_record(index: int, kind: str, town: Town, towns: list[Town], today: date,
                rng: random.Random) -> dict[str, Any]:
    """One valid record as a dict in the field order staff use."""
    fmt = rng.choices(["in_person", "both", "online"], [85, 10, 5])[0]
    name, kana = name_and_kana(kind, town, rng)
    record: dict[str, Any] = {"kind": kind, "name": name, "name_kana": kana}
    if fmt != "online" or kind == "counter":
        record.update(place(town, rng))
    if kind == "counter" or rng.random() < 0.7:
        record["phone"] = phone_number(town, rng)
    if rng.random() < 0.3:
        record["email"] = f"{KIND_SLUG[kind]}{index}@example.jp"
    if rng.random() < 0.4:
        record["url"] = f"https://example.jp/{town.slug}/{KIND_SLUG[kind]}-{index}"
    record["operator"] = operator(kind, town, rng)
    record["fee"] = "無料" if kind == "counter" else rng.choice(FEES)
    record["reservation"] = rng.choice(["required", "not_required", "recommended"])
    record["audience"] = rng.sample(AUDIENCE_BY_KIND[kind], rng.randint(1, 3))
    if kind == "counter" or rng.random() < 0.3:
        record["topics"] = rng.sample(TOPICS, rng.randint(2, 5))
    record["schedule"] = schedule(kind, rng)
    record["format"] = fmt
    if fmt != "online" and rng.random() < 0.6:
        record["accessibility"] = rng.sample(ACCESS, rng.randint(1, 3))
    record["description"] = description(kind, fmt != "in_person", rng)
    record["verified"] = today - timedelta(days=rng.randint(1, 330))  # under a year: no stale warnings
    if rng.random() < 0.5:
        record["source"] = f"{town.name}「高齢者福祉のしおり」{record['verified'].year}年版"
    if rng.random() < 0.1:
        near = sorted((t for t in towns if t is not town), key=lambda t: distance_km(t.lat, t.lon, town.lat, town.lon))
        record["serves"] = [t.slug for t in near[: rng.randint(1, 2)]]
    record["sample"] = True
    return record


PLAIN_KEYS = {"kind", "reservation", "format"}


def _scalar(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if key in PLAIN_KEYS:
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted one


def _flow(mapping: dict[str, Any]) -> str:
    """A structured schedule as staff write it: {freq: weekly, byday: [MO, TH], start: "06:00"}."""
    def value(v: Any) -> str:
        if isinstance(v, list):
            return f"[{', '.join(map(str, v))}]"
        return v if isinstance(v, str) and v.isascii() and v.isalpha() else json.dumps(v, ensure_ascii=False)

    return "{" + ", ".join(f"{k}: {value(v)}" for k, v in mapping.items()) + "}"


def to_yaml(record: dict[str, Any]) -> str:
    """The record as a hand-written-looking YAML file (flow lists of terms, block description)."""
    lines = ["# yaml-language-server: $schema=../record.schema.json"]
    for key, value in record.items():
        if key == "location":
            lines.append(f"location: {{lat: {value['lat']}, lon: {value['lon']}}}")
        elif key in ("audience", "topics", "accessibility", "serves"):
            lines.append(f"{key}: [{', '.join(value)}]")
        elif key == "schedule":
            lines += [f"{key}:"] + [f"  - {_flow(item) if isinstance(item, dict) else _scalar(key, item)}"
                                    for item in value]
        elif key == "description":
            lines += [f"{key}: |"] + [f"  {line}" for line in value.splitlines()]
        else:
            lines.append(f"{key}: {_scalar(key, value)}")
    return "\n".join(lines) + "\n"


def assign_towns(count: int, towns: list[Town], rng: random.Random) -> Iterator[Town]:
    """Every town once first (so all of them have records), then at random."""
    for index in range(count):
        yield towns[index] if index < len(towns) else rng.choice(towns)


def write_records(resources: Path, count: int, seed: int) -> None:
    """Write `count` records under `resources` (run in a child process: it loads heavy modules)."""
    sys.path.insert(0, str(resources.parent / "hooks"))
    from carerdir.loading import today_in_japan
    from carerdir.schema import KINDS

    rng = random.Random(seed)
    towns, today = load_towns(resources, rng), today_in_japan()
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    assert set(kinds) == set(KINDS), "KIND_WEIGHTS must cover every kind of the schema"
    for index, town in enumerate(assign_towns(count, towns, rng)):
        kind = rng.choices(kinds, weights)[0]
        record = make_record(index, kind, town, towns, today, rng)
        folder = resources / town.slug
        folder.mkdir(exist_ok=True)
        (folder / f"{KIND_SLUG[kind]}-{index:05d}.yml").write_text(to_yaml(record), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# The two projects
# ---------------------------------------------------------------------------------------------

def make_directory_project(root: Path, count: int, seed: int) -> Path:
    """A copy of the project's site sources with `count` synthetic records instead of the samples."""
    project = root / "directory"
    project.mkdir(parents=True)
    shutil.copy2(PROJECT / "mkdocs.yml", project)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    for folder in ("content", "overrides", "hooks"):
        shutil.copytree(PROJECT / folder, project / folder, ignore=ignore)
    (project / "resources").mkdir()
    for name in ("municipalities.yml", "record.schema.json"):
        shutil.copy2(PROJECT / "resources" / name, project / "resources")
    generate_in_child(project / "resources", count, seed)
    return project


def generate_in_child(resources: Path, count: int, seed: int) -> None:
    """Write the records in a spawned process, keeping this one small.

    On Linux a child's ru_maxrss starts at its parent's peak RSS (it is kept across fork and exec),
    so the measuring process must never load the geocoding data used for phone numbers.
    """
    process = multiprocessing.get_context("spawn").Process(target=write_records, args=(resources, count, seed))
    process.start()
    process.join()
    if process.exitcode != 0:
        sys.exit(f"generating the records failed (exit code {process.exitcode})")


FLOOR_CONFIG = """\
site_name: Material floor
theme:
  name: material
  language: ja
  font: false
plugins:
  - search:
      lang: ja
nav:
  - index.md
not_in_nav: |
  /p/**
"""


def make_floor_project(root: Path, count: int) -> Path:
    """Plain Material with `count` trivial pages out of the nav: the cost of the page count alone."""
    project = root / "floor"
    (project / "docs" / "p").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(FLOOR_CONFIG, encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Floor\n\nA plain Material site.\n", encoding="utf-8")
    for index in range(count):
        (project / "docs" / "p" / f"{index:05d}.md").write_text(
            f"# Page {index}\n\nThis is trivial page number {index}.\n", encoding="utf-8")
    return project


# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------

def child_env(project: Path) -> dict[str, str]:
    """The environment of measured commands: the project's own copy of carerdir comes first."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(project / "hooks"), env.get("PYTHONPATH")]))
    return env


def run_measured(command: list[str], cwd: Path, log: Path) -> Run:
    """Wall-clock time and peak RSS of one fresh child process (os.wait4 gives its own rusage)."""
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=child_env(cwd), stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, cpu, usage.ru_stime, usage.ru_maxrss * 1024 / MB, process.returncode, log)  # ru_maxrss: KiB


def best_of(repeat: int, jobs: dict[str, tuple[list[str], Path]]) -> dict[str, Run]:
    """Run every job `repeat` times, interleaved so that a burst of load elsewhere hits all of them.

    Each job's result is its fastest run (and fewest CPU seconds), with the highest peak memory
    seen. Stops at the first failing run, showing the end of its log.
    """
    runs: dict[str, list[Run]] = {label: [] for label in jobs}
    for attempt in range(repeat):
        for label, (command, cwd) in jobs.items():
            run = run_measured(command, cwd, cwd.parent / f"{label}-{attempt + 1}.log")
            if run.exit_code != 0:
                tail = run.log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:]
                sys.exit(f"{label} failed with exit code {run.exit_code}; end of {run.log}:\n" + "\n".join(tail))
            runs[label].append(run)
    return {label: _best(found) for label, found in runs.items()}


def _best(runs: list[Run]) -> Run:
    fastest, leanest = min(runs, key=lambda r: r.seconds), min(runs, key=lambda r: r.cpu_seconds)
    return Run(fastest.seconds, leanest.cpu_seconds, leanest.system_seconds, max(r.peak_mb for r in runs), 0,
               fastest.log)


def check_counted(log: Path, records: int) -> None:
    """Stop unless `carerdir check` accepted every generated record."""
    output = log.read_text(encoding="utf-8", errors="replace")
    if f"OK: {records} 件" not in output:
        sys.exit(f"carerdir check did not accept all {records} records:\n{output}")


def mkdocs_build(site: Path | None = None) -> list[str]:
    """The build command; into `site`, or the project's own site/."""
    return [sys.executable, "-m", "mkdocs", "build", *(["-d", str(site)] if site else [])]


# Where the sites are built. This VM's disk is ext4 without a journal, where creating a file
# skips every inode deleted in the last 5 s to 5 min (ext4's recently_deleted(); `perf` put
# half of a build's system time there): the same build took 6 to 17 system-seconds, depending
# on how many files anything on the machine had just deleted, and the directory, with 22,000
# files against the floor's 10,000, took more of it. In memory (tmpfs) both sites cost only
# the work of the build itself. --site-on-disk builds on disk, beside the projects, as before.
TMPFS = Path("/dev/shm")


def on_tmpfs(path: Path) -> bool:
    """Whether `path` is a mount point of type tmpfs (/proc/self/mounts)."""
    try:
        mounts = Path("/proc/self/mounts").read_text(encoding="utf-8").splitlines()
    except OSError:
        return False
    return any(line.split()[1:3] == [str(path), "tmpfs"] for line in mounts if len(line.split()) > 2)


def warnings_in(log: Path) -> int:
    return sum(1 for line in log.read_text(encoding="utf-8", errors="replace").splitlines()
               if line.startswith("WARNING"))


def site_stats(site: Path) -> SiteStats:
    files = [p for p in site.rglob("*") if p.is_file()]
    html = [p for p in files if p.suffix == ".html"]
    largest = max(html, key=lambda p: p.stat().st_size)
    index = site / "search" / "search_index.json"
    return SiteStats(sum(p.stat().st_size for p in files) / MB, len(html),
                     (str(largest.relative_to(site)), largest.stat().st_size / KB),
                     index.stat().st_size / MB if index.exists() else 0.0)


def record_page_sizes(site: Path) -> tuple[str, float, float]:
    """(largest record page, its KB, average KB) over the pages under r/."""
    pages = list((site / "r").rglob("*.html"))
    largest = max(pages, key=lambda p: p.stat().st_size)
    average = sum(p.stat().st_size for p in pages) / len(pages) / KB
    return str(largest.relative_to(site)), largest.stat().st_size / KB, average


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------

def print_report(records: int, repeat: int, directory: Run, floor: Run, check: Run,
                 directory_site: Path, floor_site: Path) -> None:
    ds, fs = site_stats(directory_site), site_stats(floor_site)
    ratio = directory.seconds / floor.seconds
    record_path, record_kb, record_avg = record_page_sizes(directory_site)
    rows = [
        ("records / floor pages", f"{records}", f"{records}"),
        (f"build seconds (best of {repeat})", f"{directory.seconds:.2f}", f"{floor.seconds:.2f}"),
        ("CPU seconds (user+sys)", f"{directory.cpu_seconds:.2f}", f"{floor.cpu_seconds:.2f}"),
        ("  of which system (kernel)", f"{directory.system_seconds:.2f}", f"{floor.system_seconds:.2f}"),
        ("peak memory MB", f"{directory.peak_mb:.0f}", f"{floor.peak_mb:.0f}"),
        ("site size MB", f"{ds.total_mb:.1f}", f"{fs.total_mb:.1f}"),
        ("HTML files", f"{ds.html_files}", f"{fs.html_files}"),
        ("search index MB", f"{ds.search_index_mb:.1f}", f"{fs.search_index_mb:.1f}"),
        ("largest HTML page KB", f"{ds.largest_page[1]:.1f}", f"{fs.largest_page[1]:.1f}"),
        ("build warnings", f"{warnings_in(directory.log)}", f"{warnings_in(floor.log)}"),
    ]
    print(f"{'':32}{'directory':>12}{'floor':>12}")
    for label, left, right in rows:
        print(f"{label:32}{left:>12}{right:>12}")
    cpus = len(os.sched_getaffinity(0))  # the builds inherit this process's CPUs
    verdict = ("PASS" if ratio <= RATIO_GOAL else "OVER") if cpus == 1 else \
        f"not comparable: ran on {cpus} CPUs, the goal is for one (taskset -c 0)"
    print(f"{'ratio directory/floor':32}{ratio:>12.2f}   goal <= {RATIO_GOAL} on one CPU  {verdict}"
          f"  (CPU time ratio {directory.cpu_seconds / floor.cpu_seconds:.2f})")
    memory = "PASS" if directory.peak_mb <= MEMORY_GOAL_MB else "OVER"
    print(f"{'directory peak memory MB':32}{directory.peak_mb:>12.0f}   goal <= {MEMORY_GOAL_MB}  {memory}")
    budget = "PASS" if record_kb < RECORD_PAGE_BUDGET_KB else "OVER"
    print(f"{'record page KB (largest, avg)':32}{record_kb:>12.1f}{record_avg:>12.1f}"
          f"   budget < {RECORD_PAGE_BUDGET_KB:.0f}  {budget}  ({record_path})")
    print(f"{'largest directory page':32}{ds.largest_page[0]}")
    print(f"{'carerdir check seconds':32}{check.seconds:>12.2f}   CPU {check.cpu_seconds:.2f} s,"
          f" peak {check.peak_mb:.0f} MB")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / MB
    print(f"{'benchmark process peak MB':32}{own:>12.0f}   (children inherit the peak so far as their floor)")


def project_version() -> str:
    """The commit the copied sources come from, and whether they had uncommitted changes."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=PROJECT, capture_output=True, text=True).stdout.strip()

    dirty = git("status", "--porcelain", "--", "mkdocs.yml", "content", "overrides", "hooks")
    return (git("rev-parse", "--short", "HEAD") or "unknown") + (" + uncommitted changes" if dirty else "")


def print_load(before: float) -> None:
    """Other work on the machine inflates wall-clock times far more than CPU times."""
    after, cpus = os.getloadavg()[0], os.cpu_count() or 1
    note = "  busy machine: trust CPU seconds more than wall clock" if max(before, after) > cpus else ""
    print(f"{'load average (1 min) before/after':32}{before:>6.1f} / {after:.1f} on {cpus} CPUs{note}")


def run_benchmark(root: Path, records: int, repeat: int, seed: int, sites: Path) -> None:
    """Generate both projects under `root` and build them into `sites`."""
    print(f"project sources: {project_version()}", flush=True)
    print(f"sites built under: {sites}{' (tmpfs)' if on_tmpfs(sites.parent) else ''}", flush=True)
    print(f"CPUs this run may use: {len(os.sched_getaffinity(0))} of {os.cpu_count()}", flush=True)
    started = time.perf_counter()
    directory = make_directory_project(root, records, seed)
    floor = make_floor_project(root, records)
    print(f"generated {records} records and {records} floor pages in {time.perf_counter() - started:.1f} s "
          f"under {root}", flush=True)
    load_before = os.getloadavg()[0]
    runs = best_of(repeat, {
        "check": ([sys.executable, "-m", "carerdir", "check", str(directory / "resources")], directory),
        "directory-build": (mkdocs_build(sites / "directory-site"), directory),
        "floor-build": (mkdocs_build(sites / "floor-site"), floor),
    })
    check_counted(runs["check"].log, records)
    print_report(records, repeat, runs["directory-build"], runs["floor-build"], runs["check"],
                 sites / "directory-site", sites / "floor-site")
    print_load(load_before)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000, help="number of synthetic records (default 10000)")
    parser.add_argument("--repeat", type=int, default=1, help="builds per project; the fastest counts (default 1)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the synthetic data")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="generate into DIR (must not hold directory/ or floor/ yet) and keep it, sites too")
    parser.add_argument("--site-on-disk", action="store_true",
                        help="build the sites on disk, beside the projects, rather than in memory (/dev/shm)")
    args = parser.parse_args(argv)
    if args.records < 1 or args.repeat < 1:
        parser.error("--records and --repeat must be at least 1")
    if args.keep and any((args.keep / name).exists() for name in ("directory", "floor")):
        parser.error(f"{args.keep} already holds a generated project; choose another DIR or remove it")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    in_memory = not args.site_on_disk and on_tmpfs(TMPFS)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        root = args.keep.resolve()
        sites = Path(tempfile.mkdtemp(prefix="carerdir-bench-sites-", dir=TMPFS)) if in_memory else root
        run_benchmark(root, args.records, args.repeat, args.seed, sites)
        return
    with tempfile.TemporaryDirectory(prefix="carerdir-bench-") as root, \
            tempfile.TemporaryDirectory(prefix="carerdir-bench-sites-", dir=TMPFS if in_memory else root) as sites:
        run_benchmark(Path(root), args.records, args.repeat, args.seed, Path(sites))


if __name__ == "__main__":
    main()
