"""What directory pages show, as named rules: which places a guide block lists, which filters a
card answers to, when a list is too long for cards. Templates (overrides/directory/) only lay
these out; a rule changed here is tested here, not found in a `{% if %}`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from markupsafe import Markup

from .directory import Directory, Municipality, Record

# Over this many cards (about 300 KB) a kind's page lists its towns instead, light on old phones.
LONG_LIST = 400
FREE = "無料"  # a fee that says this is free: the 「無料」 filter

# The first-consultation guide (guide-first.html): a worry, and the counters' topics that answer it.
WORRIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("高齢の家族の介護のこと", ("elderly_care",)),
    ("障がいのこと", ("disability",)),
    ("子どものこと・ヤングケアラーのこと", ("children", "young_carers")),
    ("お金やくらしのこと", ("poverty",)),
    ("どこに相談すればいいかわからない", ("general",)),
)
CHECKLIST_KINDS = ("counter", "salon", "dementia_cafe")  # guide-counters.html: where to call or go
WORK_CARE_KINDS = ("salon", "dementia_cafe", "hub")  # guide-work-care.html: where to talk

Groups = list[tuple[Municipality, list[Record]]]


def card_filters(record: Record) -> Markup:
    """A card's data-* attributes that filters.js matches (town and kind pages): audiences,
    format, weekdays met (0=Mon..6=Sun, from the rules), free of charge, no booking needed."""
    days = "".join(str(weekday) for rule in record.schedule for _, weekday in rule.byday)
    attributes = Markup(' data-audience="{}" data-format="{}" data-days="{}"').format(
        " ".join(record.audience), record.format, days)
    if FREE in record.fee:
        attributes += Markup(" data-free")
    if record.reservation == "not_required":
        attributes += Markup(" data-no-reservation")
    return attributes


def lists_towns_instead(records: Sequence[Record]) -> bool:
    """Whether a kind's page lists its towns rather than a card per record (LONG_LIST)."""
    return len(records) > LONG_LIST


def sheet_fee(record: Record) -> str:
    """The fee a town's printed sheet shows: none for counters, whose 無料 says nothing there."""
    return "" if record.kind == "counter" else record.fee


def on_topics(records: Iterable[Record], topics: Iterable[str]) -> list[Record]:
    """The records with any of `topics` among theirs, in order."""
    wanted = set(topics)
    return [r for r in records if wanted.intersection(r.topics)]


def counters_on(directory: Directory, topics: Iterable[str]) -> Groups:
    """Counters with any of `topics`, by town; towns without one left out."""
    groups = [(town, on_topics(records, topics)) for town, records in directory.of_kind_by_town("counter")]
    return [(town, records) for town, records in groups if records]


def checklist_places(directory: Directory) -> Groups:
    """The checklist's answer (guide-counters.html): each town's counters, salons and cafés."""
    groups = [(town, [r for r in directory.in_town(slug) if r.kind in CHECKLIST_KINDS])
              for slug, town in directory.towns.items()]
    return [(town, records) for town, records in groups if records]


def counters_then_gatherings(records: Iterable[Record]) -> tuple[list[Record], list[Record]]:
    """(counters, the rest): the checklist lists where to call before where to go."""
    records = list(records)
    return [r for r in records if r.kind == "counter"], [r for r in records if r.kind != "counter"]


def working_carer_gatherings(directory: Directory) -> list[tuple[Municipality, tuple[Record, ...]]]:
    """Salons, cafés and hubs for working carers, by town (salons first within a town)."""
    return directory.by_town(r for kind in WORK_CARE_KINDS for r in directory.of_kind(kind)
                             if "working_carers" in r.audience)


def young_carer_places(directory: Directory) -> tuple[list[Record], Groups]:
    """(online places, the others by town) for young carers: by audience or topic. Online
    places are open from anywhere, so the guide lists them apart from the towns."""
    online: list[Record] = []
    groups: Groups = []
    for slug, town in directory.towns.items():
        local = []
        for record in directory.in_town(slug):
            if "young_carers" in record.audience or "young_carers" in record.topics:
                (online if record.format == "online" else local).append(record)
        if local:
            groups.append((town, local))
    return online, groups
