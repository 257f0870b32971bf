"""Fluent's DateTime scalar in the generated models (fluent-api.md §3.7)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from pydantic import BaseModel, ValidationError

from fluent_commerce.scalars import DateTime, format_datetime
from fluent_gql_sync.fragments import RetailerFields
from fluent_gql_sync.get_current_user import GetCurrentUserMePrimaryLocation as Location


class Stamped(BaseModel):
    at: DateTime


def test_parses_fluents_wire_format_as_aware_utc() -> None:
    parsed = Stamped.model_validate({"at": "2019-09-19T01:01:42.448Z"}).at
    assert parsed == datetime(2019, 9, 19, 1, 1, 42, 448000, tzinfo=timezone.utc)


def test_accepts_offsets_and_serialises_as_utc_milliseconds_z() -> None:
    stamped = Stamped.model_validate({"at": "2019-09-19T11:01:42.448123+10:00"})
    assert stamped.model_dump(mode="json") == {"at": "2019-09-19T01:01:42.448Z"}
    assert format_datetime(datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=-5)))) == "2024-01-01T05:00:00.000Z"


@pytest.mark.parametrize("naive", ["2019-09-19T01:01:42.448", datetime(2019, 9, 19)])
def test_rejects_naive_datetimes(naive: object) -> None:
    with pytest.raises(ValidationError, match="timezone"):
        Stamped.model_validate({"at": naive})


def test_generated_models_use_it() -> None:
    from fluent_gql_sync.fragments import CustomerFields

    customer = CustomerFields.model_validate(
        {"id": "1", "ref": None, "username": None, "status": None, "title": None, "firstName": None, "lastName": None,
         "department": None, "country": None, "primaryEmail": None, "primaryPhone": None, "timezone": None,
         "promotionOptIn": None, "attributes": [{"name": "n", "type": "JSON", "value": {"a": [1, None]}}],
         "retailer": None, "createdOn": "2019-09-19T01:01:42.448Z", "updatedOn": None}
    )  # fmt: skip
    assert customer.model_dump(mode="json", by_alias=True)["createdOn"] == "2019-09-19T01:01:42.448Z"
    assert customer.attributes is not None and customer.attributes[0] is not None
    assert customer.attributes[0].value == {"a": [1, None]}
    with pytest.raises(ValidationError):
        CustomerFields.model_validate({**customer.model_dump(by_alias=True), "createdOn": "2019-09-19T01:01:42"})
    assert RetailerFields and Location  # both packages' models import cleanly
