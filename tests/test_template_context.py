"""What the directory's templates are given (template_context.py) and the page rules they lay out
(page_rules.py): which filters a card answers to, what each guide block lists, when a kind's page
lists towns instead of cards, the calendar's horizon; and that a build's caches are its own."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
from jinja2 import Environment

from carerdir import page_rules, qrcodes, when
from carerdir.agenda import WEEKS
from carerdir.build import DirectoryBuild
from carerdir.config import read_config
from carerdir.directory import Directory, Record
from carerdir.loading import load_directory
from carerdir.maps import Maps
from carerdir.page_rules import (card_filters, checklist_places, counters_on, counters_then_gatherings,
                                 lists_towns_instead, on_topics, working_carer_gatherings, young_carer_places)
from carerdir.qrcodes import QRCodes
from carerdir.render import render
from carerdir.schedules import parse_phrase
from carerdir.schema import AUDIENCES
from carerdir.template_context import BuildContext
from sitebuild import ROOT

TODAY = date(2026, 11, 25)
TEMPLATES = ROOT / "overrides" / "directory"


@pytest.fixture(scope="module")
def sample() -> Directory:
    return load_directory(ROOT / "resources", TODAY)


@pytest.fixture(scope="module")
def build() -> DirectoryBuild:
    return DirectoryBuild(ROOT, read_config({"directory": {}}))


def place(sample: Directory, record_id: str, **fields: object) -> Record:
    town, slug = record_id.split("/")
    plain: dict[str, object] = {"topics": (), "audience": ("anyone",), "format": "in_person"}
    return replace(sample.records[0], id=record_id, town=town, slug=slug, path=f"resources/{record_id}.yml",
                   **(plain | fields))


def ids(groups: list) -> list[tuple[str, list[str]]]:  # type: ignore[type-arg]
    return [(town.slug, [r.id for r in records]) for town, records in groups]


# --- which filters a card answers to -----------------------------------------------------------

def test_a_card_answers_to_its_audiences_format_weekdays_free_and_no_booking(sample: Directory) -> None:
    record = place(sample, "tobetsu/salon", kind="salon", audience=("carers", "dementia"), format="both",
                   fee="大人300円・子ども無料", reservation="not_required",
                   schedule=(parse_phrase("毎週月・水曜日 10:00〜12:00"), parse_phrase("毎月第2金曜日 13:30〜15:30")))
    assert card_filters(record) == (' data-audience="carers dementia" data-format="both" data-days="024"'
                                    ' data-free data-no-reservation')


def test_a_paid_card_that_needs_booking_and_has_no_weekdays_answers_to_neither(sample: Directory) -> None:
    record = place(sample, "tobetsu/service", kind="service", fee="1回500円", reservation="required", schedule=())
    assert card_filters(record) == ' data-audience="anyone" data-format="in_person" data-days=""'


def test_cards_carry_the_filters_filters_js_reads(build: DirectoryBuild) -> None:
    cards = build.env.from_string('{% from "macros.html" import cards %}{{ cards(records, url) }}')
    html = cards.render(records=build.directory.records, url=lambda uri: uri)
    for record in build.directory.records:
        assert f'<li class="cd-card"{card_filters(record)}>' in html


# --- when a kind's page lists towns instead of cards ------------------------------------------

def test_a_kind_page_lists_towns_only_beyond_the_long_list_threshold() -> None:
    assert not lists_towns_instead([object()] * page_rules.LONG_LIST)  # type: ignore[list-item]
    assert lists_towns_instead([object()] * (page_rules.LONG_LIST + 1))  # type: ignore[list-item]


def test_the_kind_page_follows_the_named_threshold(build: DirectoryBuild, monkeypatch: pytest.MonkeyPatch) -> None:
    counters = build.directory.of_kind("counter")
    cards = render(build.env, "kind.html", url=lambda uri: uri, kind="counter")
    assert cards.count('class="cd-card"') == len(counters)
    monkeypatch.setattr(page_rules, "LONG_LIST", len(counters) - 1)
    towns = render(build.env, "kind.html", url=lambda uri: uri, kind="counter")
    assert 'class="cd-card"' not in towns and "#kind-counter" in towns


def test_a_towns_sheet_prints_the_fees_of_gatherings_not_of_counters(sample: Directory) -> None:
    assert page_rules.sheet_fee(place(sample, "tobetsu/salon", kind="salon", fee="100円（お茶代）")) == "100円（お茶代）"
    assert page_rules.sheet_fee(place(sample, "tobetsu/counter", kind="counter", fee="無料")) == ""


def test_the_calendar_counts_a_towns_salons_cafes_and_hubs(sample: Directory) -> None:
    directory = Directory(sample.municipalities, (
        place(sample, "tobetsu/salon", kind="salon"), place(sample, "tobetsu/cafe", kind="dementia_cafe"),
        place(sample, "tobetsu/hub", kind="hub"), place(sample, "tobetsu/counter", kind="counter"),
        place(sample, "tobetsu/service", kind="service")))
    context = BuildContext(directory, read_config({"directory": {}}), TODAY, Maps(directory, read_config({}).map, TODAY))
    assert context.gathering_count("tobetsu") == 3 and context.gathering_count("kushiro") == 0


# --- what the guide blocks list ---------------------------------------------------------------

def test_guide_counters_on_a_topic_are_the_counters_with_it_by_town(sample: Directory) -> None:
    directory = Directory(sample.municipalities, (
        place(sample, "tobetsu/a", kind="counter", topics=("work_care", "money")),
        place(sample, "tobetsu/b", kind="counter", topics=("money",)),
        place(sample, "tobetsu/c", kind="salon", topics=("work_care",)),  # not a counter
        place(sample, "kushiro/d", kind="counter", topics=("dementia",)),  # a town with none
        place(sample, "kushiro/e", kind="service", topics=("work_care",))))
    assert ids(counters_on(directory, ["work_care"])) == [("tobetsu", ["tobetsu/a"])]
    assert ids(counters_on(directory, ["work_care", "dementia"])) == [("kushiro", ["kushiro/d"]),
                                                                      ("tobetsu", ["tobetsu/a"])]


def test_the_checklist_lists_each_towns_counters_before_its_salons_and_cafes(sample: Directory) -> None:
    directory = Directory(sample.municipalities, (
        place(sample, "tobetsu/salon", kind="salon"), place(sample, "tobetsu/counter", kind="counter"),
        place(sample, "tobetsu/hub", kind="hub"), place(sample, "kushiro/service", kind="service"),
        place(sample, "kushiro/cafe", kind="dementia_cafe")))
    groups = checklist_places(directory)
    assert ids(groups) == [("kushiro", ["kushiro/cafe"]), ("tobetsu", ["tobetsu/counter", "tobetsu/salon"])]
    counters, gatherings = counters_then_gatherings(groups[1][1])
    assert [r.id for r in counters] == ["tobetsu/counter"] and [r.id for r in gatherings] == ["tobetsu/salon"]


def test_young_carers_places_online_ones_apart_from_the_towns(sample: Directory) -> None:
    directory = Directory(sample.municipalities, (
        place(sample, "tobetsu/by-audience", kind="salon", audience=("young_carers",)),
        place(sample, "tobetsu/by-topic", kind="counter", topics=("young_carers",)),
        place(sample, "tobetsu/other", kind="counter", topics=("money",)),
        place(sample, "kushiro/online", kind="salon", audience=("young_carers",), format="online",
              address="", location=None)))
    online, groups = young_carer_places(directory)
    assert [r.id for r in online] == ["kushiro/online"]
    assert ids(groups) == [("tobetsu", ["tobetsu/by-topic", "tobetsu/by-audience"])]


def test_working_carers_are_shown_gatherings_for_them_not_counters(sample: Directory) -> None:
    directory = Directory(sample.municipalities, (
        place(sample, "tobetsu/hub", kind="hub", audience=("working_carers",)),
        place(sample, "tobetsu/salon", kind="salon", audience=("working_carers", "carers")),
        place(sample, "tobetsu/counter", kind="counter", audience=("working_carers",)),
        place(sample, "tobetsu/other-salon", kind="salon", audience=("carers",))))
    assert ids(working_carer_gatherings(directory)) == [("tobetsu", ["tobetsu/salon", "tobetsu/hub"])]


def test_each_worry_leads_to_the_counters_on_its_topics(sample: Directory) -> None:
    counters = [place(sample, "tobetsu/child", kind="counter", topics=("children",)),
                place(sample, "tobetsu/young", kind="counter", topics=("young_carers", "money")),
                place(sample, "tobetsu/general", kind="counter", topics=("general",))]
    topics = dict(page_rules.WORRIES)
    assert [r.id for r in on_topics(counters, topics["子どものこと・ヤングケアラーのこと"])] == ["tobetsu/child",
                                                                                         "tobetsu/young"]
    assert [r.id for r in on_topics(counters, topics["どこに相談すればいいかわからない"])] == ["tobetsu/general"]
    assert on_topics(counters, topics["お金やくらしのこと"]) == []


# --- the calendar's horizon, said once --------------------------------------------------------

def test_no_template_writes_the_calendars_weeks_as_a_number() -> None:
    for template in TEMPLATES.rglob("*.html"):
        assert not re.search(r"\d週間", template.read_text(encoding="utf-8")), template


def test_the_calendar_says_and_shows_the_weeks_it_covers(build: DirectoryBuild, monkeypatch: pytest.MonkeyPatch) -> None:
    html = render(build.env, "calendar.html", url=lambda uri: uri, town=None)
    assert f"これから{WEEKS}週間の" in html
    monkeypatch.setattr(build.context, "weeks", 1)
    html = render(build.env, "calendar.html", url=lambda uri: uri, town=None)
    assert "これから1週間の" in html
    last = build.context.today + timedelta(days=6)
    assert all(date.fromisoformat(day) <= last for day in re.findall(r'data-day="([0-9-]+)"', html))


# --- the template context: a few named globals ------------------------------------------------

def test_templates_are_given_a_few_named_globals_not_loose_helpers(build: DirectoryBuild) -> None:
    ours = set(build.env.globals) - set(Environment().globals)
    vocabularies = {"KINDS", "AUDIENCES", "TOPICS", "RESERVATIONS", "FORMATS", "ACCESSIBILITY"}
    assert ours == {"dir", "site", "links", "build"} | vocabularies


# --- caches belong to the build ---------------------------------------------------------------

def test_two_builds_in_one_process_keep_their_own_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARERDIR_TODAY", "2026-12-01")
    first = DirectoryBuild(ROOT, read_config({"directory": {}}))
    record = next(r for r in first.directory.records if r.has_dates and r.kind == "salon")
    december = first.context.upcoming(record)
    assert len(first.context.dates) > 0
    monkeypatch.setenv("CARERDIR_TODAY", "2027-03-01")
    second = DirectoryBuild(ROOT, read_config({"directory": {}}))
    assert second.context.dates is not first.context.dates and len(second.context.dates) == 0
    march = second.context.upcoming(record)
    assert december[0].day >= date(2026, 12, 1) and march[0].day >= date(2027, 3, 1)
    assert first.context.upcoming(record) == december  # the first build's dates are still its own
    assert second.context.upcoming_json(record) != first.context.upcoming_json(record)


def test_qr_codes_are_remembered_by_their_build_only() -> None:
    urls = {"towns/tobetsu.md": "towns/tobetsu/"}
    first, second = QRCodes("https://example.org/guide/", urls), QRCodes("https://example.org/guide/", urls)
    code = first.svg("towns/tobetsu.md", "当別町のページを開くQRコード")
    assert first.svg("towns/tobetsu.md", "当別町のページを開くQRコード") is code
    assert second.svg("towns/tobetsu.md", "当別町のページを開くQRコード") is not code
    assert second.svg("towns/tobetsu.md", "当別町のページを開くQRコード") == code


def test_no_module_keeps_dates_or_qr_codes_between_builds() -> None:
    for module in (when, qrcodes):
        cached = [name for name, value in vars(module).items()
                  if hasattr(value, "cache_info") and value.__module__ == module.__name__]
        assert cached == [], module.__name__


def test_a_records_audiences_are_listed_by_their_labels(build: DirectoryBuild) -> None:
    html = build.env.from_string("{{ values | terms(AUDIENCES) }}").render(values=("carers", "young_carers"))
    assert html == f"{AUDIENCES['carers']}、{AUDIENCES['young_carers']}"
    assert build.env.from_string("{{ values | terms(labels) }}").render(values=("x",), labels={"x": "<b>"}) == "&lt;b&gt;"
