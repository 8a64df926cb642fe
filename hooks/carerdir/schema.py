"""The record format: fields, vocabularies and their Japanese labels, in one place.

The validator (`rules.py`), the JSON Schema for editors (`json_schema`) and the pages all read
this module, so a field or a vocabulary term is added here once and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS: dict[str, str] = {
    "counter": "相談窓口",
    "salon": "介護者サロン・介護者のつどい",
    "dementia_cafe": "認知症カフェ",
    "hub": "交流拠点・地域の居場所",
    "service": "サービス",
}

AUDIENCES: dict[str, str] = {
    "anyone": "どなたでも",
    "carers": "介護している家族",
    "young_carers": "ヤングケアラー",
    "working_carers": "働きながら介護している人",
    "elderly": "高齢の方",
    "dementia": "認知症の方とその家族",
    "disability": "障がいのある方",
    "illness": "病気の方",
    "children": "子ども・子育て家庭",
    "poverty": "生活にお困りの方",
}

TOPICS: dict[str, str] = {
    "general": "何でも相談",
    "elderly_care": "高齢者の介護",
    "dementia": "認知症",
    "carers": "介護者の悩み",
    "young_carers": "ヤングケアラー",
    "disability": "障がい",
    "children": "子ども・子育て",
    "poverty": "生活の困りごと",
    "health": "健康",
    "work_care": "仕事と介護の両立",
    "money": "お金",
    "housing": "住まい",
}

RESERVATIONS: dict[str, str] = {
    "required": "予約が必要",
    "not_required": "予約は不要",
    "recommended": "予約がおすすめ",
}

FORMATS: dict[str, str] = {
    "in_person": "会場で",
    "online": "オンライン",
    "both": "会場とオンライン",
}

STATUSES: dict[str, str] = {
    "active": "活動中",
    "suspended": "休止中",
}

ACCESSIBILITY: dict[str, str] = {
    "wheelchair": "車いすで利用できる",
    "parking": "駐車場あり",
    "hearing_loop": "ヒアリングループあり",
    "elevator": "エレベーターあり",
    "nursing_care_toilet": "多目的トイレあり",
}

# Shapes a field can take; rules.py has one checker per shape.
TEXT, LINE, ENUM, ENUM_LIST, TOWN_LIST, SCHEDULE = "text", "line", "enum", "enum_list", "town_list", "schedule"
DATE, BOOL, LOCATION, PHONE, POSTAL, EMAIL, URL, KANA = (
    "date", "bool", "location", "phone", "postal", "email", "url", "kana")


@dataclass(frozen=True)
class Field:
    """One key of a record file."""

    name: str
    label: str  # Japanese, shown to staff in errors and to residents on pages
    shape: str
    example: str  # a right value, written as staff would type it in YAML
    required: bool = False
    vocabulary: dict[str, str] | None = None
    max_length: int | None = None


FIELDS: dict[str, Field] = {f.name: f for f in (
    Field("kind", "種類", ENUM, "kind: salon", required=True, vocabulary=KINDS),
    Field("name", "名称", LINE, "name: 当別町介護者のつどい", required=True, max_length=80),
    Field("name_kana", "名称のよみがな", KANA, "name_kana: とうべつちょうかいごしゃのつどい",
          required=True, max_length=160),
    Field("address", "住所", LINE, "address: 北海道石狩郡当別町白樺町58番地9", max_length=200),
    Field("postal_code", "郵便番号", POSTAL, 'postal_code: "061-0292"'),
    Field("location", "地図の位置", LOCATION, "location: {lat: 43.2237, lon: 141.5171}"),
    Field("phone", "電話番号", PHONE, 'phone: "0133-23-2111"'),
    Field("email", "メールアドレス", EMAIL, "email: kaigo@example.jp"),
    Field("url", "ホームページ", URL, "url: https://www.example.jp/kaigo/"),
    Field("operator", "運営", LINE, "operator: 当別町社会福祉協議会", max_length=120),
    Field("fee", "参加費・料金", LINE, "fee: 無料", max_length=120),
    Field("reservation", "予約", ENUM, "reservation: not_required", vocabulary=RESERVATIONS),
    Field("audience", "対象", ENUM_LIST, "audience: [carers, dementia]", required=True,
          vocabulary=AUDIENCES),
    Field("topics", "相談できること", ENUM_LIST, "topics: [elderly_care, carers]", vocabulary=TOPICS),
    Field("schedule", "日時", SCHEDULE, "schedule: [毎月第2水曜日 13:30〜15:30（祝日は休み）]"),
    Field("schedule_note", "日時の補足", LINE, "schedule_note: 8月は夏祭りのため第3水曜日に変わります",
          max_length=200),
    Field("format", "参加のしかた", ENUM, "format: in_person", required=True, vocabulary=FORMATS),
    Field("accessibility", "バリアフリー", ENUM_LIST, "accessibility: [wheelchair, parking]",
          vocabulary=ACCESSIBILITY),
    Field("status", "活動の状況", ENUM, "status: suspended", vocabulary=STATUSES),
    Field("status_note", "休止の補足", LINE, "status_note: 冬の間（12月〜3月）はお休みします",
          max_length=200),
    Field("description", "説明", TEXT, "description: 介護をしている方が気軽に話せる場です。",
          max_length=2000),
    Field("verified", "情報の確認日", DATE, "verified: 2026-10-01", required=True),
    Field("source", "情報源", LINE, "source: 当別町「介護者支援のしおり」2026年版", max_length=200),
    Field("serves", "ほかの対象地域", TOWN_LIST, "serves: [ishikari, shinshinotsu]"),
    Field("sample", "サンプルデータ", BOOL, "sample: true"),
)}

# Fields a place needs unless it meets only online. `location` is optional: a place without it
# is published with its address and left off the maps (the build lists such places).
PLACE_FIELDS = ("address", "postal_code")

POSTAL_PATTERN = r"^[0-9]{3}-[0-9]{4}$"
# Readings as real names have them: kana, 長音 and 中黒, digits and Latin letters of either
# width (だい2つどいのいえ, NPOほうじん, JAきょうさい), spaces, and half-width katakana from Excel.
KANA_PATTERN = r"^[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe\u3000 ・ー0-9０-９A-Za-zＡ-Ｚａ-ｚ\uff66-\uff9f]+$"
# What KANA_PATTERN allows, in the words the validator and the staff form use for a wrong reading.
KANA_ALLOWED = "ひらがな・カタカナで書いてください（数字・英字・スペース・ー・・も可）"
PHONE_PATTERN = r"^0[0-9-]{8,13}$"  # the shape; rules.py also asks phonenumbers whether it is valid
URL_PATTERN = "^https?://"
SCHEMA_FILE = "record.schema.json"
# Hokkaido's extent with a small margin (奥尻島 in the west to 納沙布岬 in the east).
HOKKAIDO_LAT, HOKKAIDO_LON = (41.3, 45.6), (139.3, 146.0)


# The structured form of one schedule rule (iCalendar RRULE terms), for what phrases cannot say.
STRUCTURED_RULE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "freq": {"enum": ["weekly", "monthly", "yearly"]},
        "interval": {"type": "integer", "minimum": 1},
        "byday": {"type": "array", "items": {"type": "string", "pattern": "^(-1|[1-5])?(MO|TU|WE|TH|FR|SA|SU)$"}},
        "bymonthday": {"type": "array", "items": {"type": "integer"}},
        "bymonth": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 12}},
        "start": {"type": "string", "pattern": "^[0-9]{1,2}:[0-9]{2}$"},
        "end": {"type": "string", "pattern": "^[0-9]{1,2}:[0-9]{2}$"},
        "from": {"type": "string", "format": "date"},
        "until": {"type": "string", "format": "date"},
        "holidays": {"enum": ["open", "closed", "next_week", "include"]},
        "closed": {"type": "array"},
        "note": {"type": "string"},
    },
}


def _range(bounds: tuple[float, float]) -> dict[str, Any]:
    return {"type": "number", "minimum": bounds[0], "maximum": bounds[1]}


def _property(field: Field) -> dict[str, Any]:
    """The JSON Schema of one field, mirroring what rules.py checks."""
    prop: dict[str, Any] = {"title": field.label, "markdownDescription": f"例: `{field.example}`"}
    if field.shape in (ENUM, ENUM_LIST):
        assert field.vocabulary is not None
        terms = {"enum": list(field.vocabulary), "enumDescriptions": list(field.vocabulary.values())}
        prop.update(terms if field.shape == ENUM else {"type": "array", "items": {"type": "string", **terms}})
    elif field.shape == TOWN_LIST:
        prop.update(type="array", items={"type": "string", "minLength": 1})
    elif field.shape == SCHEDULE:
        prop.update(type="array", items={"anyOf": [{"type": "string", "minLength": 1}, STRUCTURED_RULE]})
    elif field.shape == LOCATION:
        prop.update(type="object", required=["lat", "lon"], additionalProperties=False,
                    properties={"lat": _range(HOKKAIDO_LAT), "lon": _range(HOKKAIDO_LON)})
    elif field.shape == BOOL:
        prop["type"] = "boolean"
    elif field.shape == DATE:
        prop.update(type="string", format="date")
    else:
        prop["type"] = "string"
    if field.shape == POSTAL:
        prop["pattern"] = POSTAL_PATTERN
    if field.shape == KANA:
        prop["pattern"] = KANA_PATTERN
    if field.shape == URL:
        prop.update(format="uri", pattern=URL_PATTERN)
    if field.max_length:
        prop["maxLength"] = field.max_length
    return prop


def json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of a record file, for editors' completion and checks."""
    required = [f.name for f in FIELDS.values() if f.required]
    place_required = {"required": list(PLACE_FIELDS)}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "ケアラー支援 資源レコード (carer-support resource record)",
        "type": "object",
        "additionalProperties": False,
        "required": required,
        "properties": {name: _property(field) for name, field in FIELDS.items()},
        "allOf": [
            {"if": {"properties": {"format": {"const": "online"}}},
             "else": place_required},
            {"if": {"properties": {"kind": {"const": "counter"}}, "required": ["kind"]},
             "then": {"required": ["phone"]}},
        ],
    }
