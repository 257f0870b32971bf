"""Local validation of the typed actions' inputs, done before any request is sent.

Limits are Fluent's (fluent-api.md §4c, §4d, §3.4): usernames and e-mails 250 characters, names
and titles 50, timezone 32, country 100, phone 20, product ref 100, type 50, summary 255,
gtin 1-20, other strings 255. Every problem is reported at once in one FluentValidationError.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from ._errors import FluentValidationError
from ._issues import issues_from_pydantic

__all__ = ["CustomerDraft", "ProductDraft", "check_email", "issues_from_pydantic", "validated"]

MAX_ID = 2**63 - 1  # Fluent ids are 64-bit integers


def _id_number(value: Any) -> Any:
    """An id as an int: ints, or strings of digits (ERP/CSV data); never bools or floats."""
    if value is None:
        raise ValueError("is required")
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be a positive whole number (an int or a string of digits), got {type(value).__name__}")
    return value


RetailerIdNumber = Annotated[StrictInt, BeforeValidator(_id_number), Field(gt=0, le=MAX_ID)]


def _email(value: str) -> str:
    from email_validator import EmailNotValidError, validate_email  # ~15 ms: loaded on first use

    value = value.strip()
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValueError(f"not a valid e-mail address ({exc})") from None
    return value


def _json_value(value: Any) -> Any:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"not JSON-serialisable ({exc})") from None
    except RecursionError:
        raise ValueError("nested too deeply to send") from None
    return value


# Bidi overrides and isolates can make a stored name display as something else.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def check_text(value: Any) -> Any:
    """Single-line text: no control characters (NUL, ESC, newlines...) and no bidi overrides."""
    if isinstance(value, str):
        for char in value:
            if char in _BIDI_CONTROLS or unicodedata.category(char) == "Cc":
                raise ValueError(f"contains the control character U+{ord(char):04X}")
    return value


Email = Annotated[str, Field(max_length=250), AfterValidator(_email)]
Name = Annotated[str, Field(min_length=1, max_length=50)]
Text = Annotated[str, Field(min_length=1, max_length=255)]


class Attribute(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    name: Annotated[Text, AfterValidator(check_text)]
    type: Annotated[str, Field(min_length=1, max_length=50), AfterValidator(check_text)]
    value: Annotated[Any, AfterValidator(_json_value)]

    @field_validator("value")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("an attribute value cannot be null (Json! in the schema)")
        return value


def _infer_type(value: Any) -> str:
    if isinstance(value, bool):
        return "BOOLEAN"
    if isinstance(value, int):
        return "INTEGER"
    if isinstance(value, float):
        return "FLOAT"
    if isinstance(value, str):
        return "STRING"
    return "JSON"


def _attributes(value: Any) -> list[Any]:
    """Accept ``{name: value}`` (type inferred) or a list of ``{name, type, value}``."""
    if isinstance(value, Mapping):
        items = [{"name": k, "type": _infer_type(v), "value": v} for k, v in value.items()]
    elif isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        items = list(value)
    else:
        raise ValueError("must be a {name: value} dict or a list of {name, type, value}")
    names = [i.get("name") for i in items if isinstance(i, Mapping) and isinstance(i.get("name"), str)]
    if len(set(names)) != len(names):  # other bad names are reported per item below
        raise ValueError("attribute names must be unique")
    return items


Attributes = Annotated[list[Attribute], Field(default_factory=list)]


class _Draft(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _blank_optionals_are_absent(cls, data: Any) -> Any:
        """An optional string left empty ("" or blanks) counts as not given."""
        if not isinstance(data, Mapping):
            return data
        optional = {name for name, info in cls.model_fields.items() if info.default is None}
        return {k: None if k in optional and isinstance(v, str) and not v.strip() else v for k, v in data.items()}

    @field_validator("*", mode="after")
    @classmethod
    def _single_line(cls, value: Any) -> Any:
        return check_text(value)

    @field_validator("attributes", mode="before", check_fields=False)
    @classmethod
    def _attrs(cls, value: Any) -> Any:
        return [] if value is None else _attributes(value)

    @classmethod
    def _none_is_absent(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        """Optional fields given as None or "" are omitted from the request, never sent as null."""
        return {k: v for k, v in data.items() if v is not None and v != ""}


class CustomerDraft(_Draft):
    """The checked input of ``create_customer``; ``to_input()`` is the GraphQL input dict."""

    retailer_id: RetailerIdNumber
    email: Email
    first_name: Name | None = None
    last_name: Name | None = None
    username: Annotated[str, Field(min_length=1, max_length=250)] | None = None
    title: Name | None = None
    department: Text | None = None
    country: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    phone: Annotated[str, Field(min_length=1, max_length=20)] | None = None
    timezone: Annotated[str, Field(min_length=1, max_length=32)] | None = None
    promotion_opt_in: StrictBool = False
    attributes: Attributes

    @model_validator(mode="after")
    def _username_fits(self) -> CustomerDraft:
        if len(self.resolved_username) > 250:
            raise ValueError(f"username {self.resolved_username[:20]!r}… exceeds 250 characters")
        return self

    @property
    def resolved_username(self) -> str:
        """Fluent's convention ``{retailer_id}_{email}`` unless the caller chose one (§4b)."""
        return self.username or f"{self.retailer_id}_{self.email}"

    def to_input(self) -> dict[str, Any]:
        return self._none_is_absent(
            {
                "username": self.resolved_username,
                "primaryEmail": self.email,
                "firstName": self.first_name,
                "lastName": self.last_name,
                "title": self.title,
                "department": self.department,
                "country": self.country,
                "primaryPhone": self.phone,
                "timezone": self.timezone,
                "promotionOptIn": self.promotion_opt_in,
                "retailer": {"id": str(self.retailer_id)},
                "attributes": [a.model_dump() for a in self.attributes] or None,
            }
        )


def _decimal(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise ValueError("must be a decimal number such as '19.95'")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError("must be a decimal number such as '19.95'") from None
    if not number.is_finite() or number < 0:
        raise ValueError("must be a finite, non-negative number")
    as_float = float(number)  # Fluent's PriceInput.value is a GraphQL Float (a double)
    if math.isinf(as_float) or (number != 0 and as_float == 0):
        raise ValueError("is out of the range Fluent can store (a double)")
    return number


class ProductDraft(_Draft):
    """The checked input of ``create_product``."""

    catalogue_ref: Text
    ref: Annotated[str, Field(min_length=1, max_length=100)]
    name: Text
    gtin: Annotated[str, Field(min_length=1, max_length=20)]
    type: Annotated[str, Field(min_length=1, max_length=50)] = "STANDARD"
    summary: Text | None = None
    price_currency: Annotated[str, Field(pattern=r"^[A-Za-z]{3}$")] | None = None
    price_value: Annotated[Decimal | None, Field(validate_default=True)] = None
    price_type: Annotated[str, Field(min_length=1, max_length=50)] = "DEFAULT"
    attributes: Attributes

    @field_validator("price_value", mode="before")
    @classmethod
    def _price_value(cls, value: Any) -> Any:
        return None if value is None or value == "" else _decimal(value)

    @field_validator("price_value", mode="after")
    @classmethod
    def _price_pair(cls, value: Decimal | None, info: ValidationInfo) -> Decimal | None:
        if "price_currency" in info.data and (info.data["price_currency"] is None) != (value is None):
            given, missing = (
                ("price_value", "price_currency") if value is not None else ("price_currency", "price_value")
            )
            raise ValueError(f"{given} needs {missing}: give both or neither")
        return value

    @field_validator("price_currency")
    @classmethod
    def _upper(cls, value: str | None) -> str | None:
        return value.upper() if value else value

    def to_input(self) -> dict[str, Any]:
        prices = None
        if self.price_currency is not None and self.price_value is not None:
            prices = [{"type": self.price_type, "currency": self.price_currency, "value": float(self.price_value)}]
        return self._none_is_absent(
            {
                "ref": self.ref,
                "catalogue": {"ref": self.catalogue_ref},
                "type": self.type,
                "gtin": self.gtin,
                "name": self.name,
                "summary": self.summary,
                "prices": prices,
                "attributes": [a.model_dump() for a in self.attributes] or None,
            }
        )


class _EmailQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)
    email: Email
    retailer_id: RetailerIdNumber | None = None


def validated(model: type[_Draft] | type[_EmailQuery], **values: Any) -> Any:
    """Build ``model`` or raise one FluentValidationError listing every problem."""
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise FluentValidationError(issues_from_pydantic(exc)) from None


def check_email(email: Any, retailer_id: Any = None) -> tuple[str, int | None]:
    query: _EmailQuery = validated(_EmailQuery, email=email, retailer_id=retailer_id)
    return query.email, query.retailer_id
