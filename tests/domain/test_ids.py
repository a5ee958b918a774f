"""IDs are validated so that an ID is never a path."""

from __future__ import annotations

import pytest

from hms_status.domain.ids import parse_ticket_id, ticket_id, validate_component_id
from hms_status.errors import InputError


@pytest.mark.parametrize("good", ["HMS-API", "hms.api", "A", "x_1-2.3"])
def test_valid_component_ids(good: str) -> None:
    assert validate_component_id(good) == good


@pytest.mark.parametrize(
    "bad",
    ["", "../etc", "a/b", "..", ".hidden", "a b", "a\x00b", "a..b", "HMS\\API", "x" * 101, "é"],
)
def test_path_like_or_odd_ids_are_rejected(bad: str) -> None:
    with pytest.raises(InputError, match="invalid component ID"):
        validate_component_id(bad)


def test_ticket_ids_round_trip() -> None:
    assert ticket_id("HMS-API", 1) == "WT-HMS-API-001"
    assert ticket_id("HMS-API", 1234) == "WT-HMS-API-1234"
    assert parse_ticket_id("WT-HMS-API-001") == ("HMS-API", 1)
    with pytest.raises(InputError):
        parse_ticket_id("WT-../x-001")
