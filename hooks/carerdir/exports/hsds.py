"""data/hsds/services.json: the directory as Open Referral HSDS 3.0 (Human Services Data Specification).

A JSON array of `service` objects, each with its organization (its `operator`: one organization
per distinct operator in a town), the place as a `service_at_location` with its address, phones,
schedules in HSDS's RRULE fields, the kind as an attribute, `status`, fees, eligibility and
`assured_date` (`verified`). Every id is a UUID 5 of the record id under NAMESPACE, so ids stay
the same from build to build and consumers can update rather than duplicate.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from typing import Any, Callable

from ..directory import Directory, Record
from ..preview import Each, afresh
from ..schedules import Rule, describe, to_rrule
from ..schema import ACCESSIBILITY, AUDIENCES, FORMATS, KINDS
from .streams import Chunks, compact_json, joined_array
from .values import PREFECTURE, published_order

# Fixed once: changing it would change every id consumers hold.
NAMESPACE = uuid.UUID("285f3172-8fd5-4b47-9382-9897b2050e30")
_NAMESPACE_BYTES = NAMESPACE.bytes
KIND_TAXONOMY = "carerdir-kinds"
HSDS_FREQS = ("WEEKLY", "MONTHLY")  # HSDS 3.0 has no YEARLY: such rules keep only their description
TOKYO_OFFSET = 9  # hours: HSDS schedules state times as local time with a UTC offset


def stable_id(*parts: str) -> str:
    """The UUID 5 of e.g. ("service", "tobetsu/kaigosha-no-tsudoi"): str(uuid.uuid5(NAMESPACE, name)),
    made here from its SHA-1 without two UUID objects per id (a 10,000-record file has 110,000)."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + ":".join(parts).encode("utf-8")).digest()[:16])
    digest[6] = digest[6] & 0x0F | 0x50  # version 5
    digest[8] = digest[8] & 0x3F | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Without empty values: HSDS fields are optional, and "" would be a claim of emptiness."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _time(value: Any) -> str | None:
    return f"{value:%H:%M}+{TOKYO_OFFSET:02d}:00" if value else None


def schedule(record: Record, index: int, rule: Rule, service_id: str) -> dict[str, Any]:
    """One rule as an HSDS schedule; `description` says it all in Japanese (holidays, closed months)."""
    parts = to_rrule(rule)
    # HSDS has no BYMONTH: a winter-only rule as a plain WEEKLY one would claim every month.
    regular = parts.get("FREQ") in HSDS_FREQS and "BYMONTH" not in parts
    return _compact({
        "id": stable_id("schedule", record.id, str(index)), "service_id": service_id,
        "valid_from": rule.anchor.isoformat() if rule.anchor else None,
        "valid_to": rule.until.isoformat() if rule.until else None,
        "dtstart": rule.anchor.isoformat() if regular and rule.anchor else None,
        "timezone": TOKYO_OFFSET,
        "until": rule.until.isoformat() if regular and rule.until else None,
        "wkst": parts.get("WKST") if regular else None,
        "freq": parts["FREQ"] if regular else None,
        "interval": rule.interval if regular else None,
        "byday": parts.get("BYDAY") if regular else None,
        "bymonthday": parts.get("BYMONTHDAY") if regular else None,
        "opens_at": _time(rule.start_time), "closes_at": _time(rule.end_time),
        "description": describe(rule),
        "attending_type": FORMATS[record.format],
        "notes": "。".join(filter(None, (rule.note, record.schedule_note))),
    })


def organization(directory: Directory, record: Record) -> dict[str, Any] | None:
    """The operator as an organization, one per distinct operator name in a town."""
    if not record.operator:
        return None
    town = directory.town_of(record)
    return {"id": stable_id("organization", record.town, record.operator), "name": record.operator,
            "description": f"{town.name}で窓口・集まり・サービスを運営しています。"}


def service_at_location(directory: Directory, record: Record, service_id: str) -> dict[str, Any]:
    town = directory.town_of(record)
    location_id = stable_id("location", record.id)
    address = {"id": stable_id("address", record.id), "location_id": location_id,
               "address_1": record.address, "city": town.name, "state_province": PREFECTURE,
               "postal_code": record.postal_code, "country": "JP", "address_type": "physical"}
    location = _compact({
        "id": location_id, "location_type": "physical", "name": record.name,
        "latitude": record.location.lat if record.location else None,
        "longitude": record.location.lon if record.location else None,
        "addresses": [address] if record.address else [],
        "accessibility": [{"id": stable_id("accessibility", record.id, term), "location_id": location_id,
                           "description": ACCESSIBILITY[term]} for term in record.accessibility],
    })
    return {"id": stable_id("service_at_location", record.id), "service_id": service_id,
            "location_id": location_id, "location": location}


def service(directory: Directory, record: Record, page_url: str) -> dict[str, Any]:
    service_id = stable_id("service", record.id)
    owner = organization(directory, record)
    kind = {"id": stable_id("kind", record.kind), "code": record.kind, "name": KINDS[record.kind],
            "description": KINDS[record.kind], "taxonomy": KIND_TAXONOMY}
    places = record.address or record.location
    return _compact({
        "id": service_id, "organization_id": owner["id"] if owner else None, "name": record.name,
        "alternate_name": record.name_kana, "description": record.description,
        "url": record.url or page_url or None, "email": record.email, "status": "temporarily closed" if record.suspended else "active",
        "fees_description": record.fee,
        "eligibility_description": "、".join(AUDIENCES[a] for a in record.audience),
        "assured_date": record.verified.isoformat(),
        "phones": [{"id": stable_id("phone", record.id), "service_id": service_id, "number": record.phone}]
        if record.phone else [],
        "schedules": [schedule(record, i, rule, service_id) for i, rule in enumerate(record.schedule)],
        "service_areas": [{"id": stable_id("service_area", record.id, slug), "service_id": service_id,
                           "name": directory.municipalities[slug].name}
                          for slug in (record.town, *record.serves)],
        "service_at_locations": [service_at_location(directory, record, service_id)] if places else [],
        "organization": owner,
        "attributes": [{"id": stable_id("attribute", record.id, "kind"), "link_id": service_id,
                        "link_type": "service", "link_entity": "service", "taxonomy_term_id": kind["id"],
                        "taxonomy_term": kind, "value": record.kind}],
    })


def services(directory: Directory, page_url: Callable[[str], str]) -> list[dict[str, Any]]:
    """Every published record as an HSDS service; `page_url` gives its absolute page URL, or ""
    when the site's address is not known (HSDS URLs are absolute)."""
    return [service(directory, record, page_url(record.id)) for record in published_order(directory)]


def services_file(directory: Directory, page_url: Callable[[str], str],
                  each: Each = afresh) -> tuple[Chunks, tuple[str, ...]]:
    """compact_json(services(...)) written service by service, and every key of the services
    in the order they first appear (what the /data/ page lists): never all of them in memory.
    `each` makes a record's encoded service and its keys (preview.py)."""
    keys: dict[str, None] = {}

    def encoded(record: Record) -> tuple[bytes, tuple[str, ...]]:
        item = service(directory, record, page_url(record.id))
        return compact_json(item), tuple(item)

    def items() -> Iterator[bytes]:
        for record in published_order(directory):
            data, item_keys = each("hsds", record, lambda: encoded(record))
            keys.update(dict.fromkeys(item_keys))
            yield data

    return joined_array(items()), tuple(keys)
