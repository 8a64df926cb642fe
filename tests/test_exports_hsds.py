"""exports/hsds.py: the HSDS ids consumers hold stay what uuid.uuid5 made of them."""

from __future__ import annotations

import uuid

import pytest

from carerdir.exports.hsds import NAMESPACE, stable_id


@pytest.mark.parametrize("parts", [
    ("service", "tobetsu/kaigosha-no-tsudoi"), ("organization", "tobetsu", "当別町社会福祉協議会"),
    ("accessibility", "sapporo-chuo/x", "wheelchair"), ("kind", "dementia_cafe"), ("schedule", "a/b", "0"),
    ("address", "😀 絵文字/ü"), ("",),
])
def test_an_hsds_id_is_the_uuid5_of_its_parts(parts: tuple[str, ...]) -> None:
    assert stable_id(*parts) == str(uuid.uuid5(NAMESPACE, ":".join(parts)))
