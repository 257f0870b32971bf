"""The sandbox's seed data: what an empty database is filled with, and what `reset` restores.

Everything here is plain data (no I/O), so tests can import it to know what to expect.
Timestamps are Fluent's wire format, UTC with milliseconds: `2019-09-19T01:01:42.448Z` (§3.7).
"""

from __future__ import annotations

from typing import Any

SEED_ACCOUNT_ID = "SANDBOX"
"""The account id; by Fluent's convention it is also the OAuth client id (§1)."""
SEED_CLIENT_ID = "SANDBOX"
SEED_CLIENT_SECRET = "5b1f3c9e-6a2d-4e7b-9c8a-0d4f2e6b7a19"
"""UUID-shaped, like the secrets Fluent e-mails out (§2.1)."""

SEED_ADMIN_USERNAME = "api_admin"
SEED_ADMIN_PASSWORD = "sandbox-admin-password"
SEED_LIMITED_USERNAME = "api_readonly"
SEED_LIMITED_PASSWORD = "sandbox-readonly-password"

SEED_RETAILER_ID = 1
SEED_RETAILER_REF = "SANDBOX_RETAILER"
SEED_RETAILER_2_ID = 2
SEED_RETAILER_2_REF = "SANDBOX_RETAILER_2"
SEED_LOCATION_REF = "SANDBOX_LOCATION_1"
SEED_CATALOGUE_REF = "PC:MASTER:1"
SEED_CATALOGUE_2_REF = "PC:MASTER:2"

PERMISSIONS: tuple[str, ...] = (
    "USER_VIEW",
    "CUSTOMER_VIEW",
    "CUSTOMER_CREATE",
    "PRODUCT_VIEW",
    "PRODUCT_CREATE",
    "ORDER_VIEW",
    "RETAILER_VIEW",
    "PRODUCTCATALOGUE_VIEW",
)
"""Every permission the sandbox checks, named `<ENTITY>_<ACTION>` as Fluent does (§3.9)."""
LIMITED_MISSING: tuple[str, ...] = ("CUSTOMER_CREATE", "PRODUCT_CREATE")
"""The permissions the limited user (`api_readonly`) lacks."""

T0 = "2019-09-19T01:01:42.448Z"


def _role(role_id: int, name: str, perms: tuple[str, ...], retailers: tuple[int, ...]) -> Any:
    return [
        {
            "role": {
                "id": str(role_id),
                "name": name,
                "permissions": [{"name": p} for p in perms],
            },
            "contexts": [{"contextType": "RETAILER", "contextId": str(r)} for r in retailers],
        }
    ]


RETAILERS: list[dict[str, Any]] = [
    {
        "id": SEED_RETAILER_ID,
        "ref": SEED_RETAILER_REF,
        "status": "ACTIVE",
        "tradingName": "Sandbox Retailer",
        "summary": "The sandbox's main retailer",
        "primaryEmail": "retailer@sandbox.example",
        "supportEmail": "support@sandbox.example",
        "supportPhone": "+61200000000",
        "createdOn": T0,
        "updatedOn": T0,
    },
    {
        "id": SEED_RETAILER_2_ID,
        "ref": SEED_RETAILER_2_REF,
        "status": "ACTIVE",
        "tradingName": "Sandbox Retailer Two",
        "primaryEmail": "retailer2@sandbox.example",
        "createdOn": T0,
        "updatedOn": T0,
    },
]

LOCATIONS: list[dict[str, Any]] = [
    {
        "id": 1,
        "ref": SEED_LOCATION_REF,
        "type": "STORE",
        "status": "ACTIVE",
        "name": "Sandbox Store",
        "supportPhoneNumber": "+61200000001",
        "retailerId": SEED_RETAILER_ID,
        "createdOn": T0,
        "updatedOn": T0,
    }
]

USERS: list[dict[str, Any]] = [
    {
        "id": 1,
        "ref": SEED_ADMIN_USERNAME,
        "username": SEED_ADMIN_USERNAME,
        "password": SEED_ADMIN_PASSWORD,
        "type": "API",
        "status": "ACTIVE",
        "firstName": "Sandbox",
        "lastName": "Admin",
        "primaryEmail": "api_admin@sandbox.example",
        "timezone": "UTC",
        "promotionOptIn": False,
        "primaryRetailerId": SEED_RETAILER_ID,
        "primaryLocationId": 1,
        # Two RETAILER contexts, so the admin sees both retailers' customers and orders.
        "roles": _role(1, "SANDBOX_ADMIN", PERMISSIONS, (SEED_RETAILER_ID, SEED_RETAILER_2_ID)),
        "createdOn": T0,
        "updatedOn": T0,
    },
    {
        "id": 2,
        "ref": SEED_LIMITED_USERNAME,
        "username": SEED_LIMITED_USERNAME,
        "password": SEED_LIMITED_PASSWORD,
        "type": "API",
        "status": "ACTIVE",
        "firstName": "Sandbox",
        "lastName": "",
        "primaryEmail": "api_readonly@sandbox.example",
        "timezone": "UTC",
        "promotionOptIn": False,
        "primaryRetailerId": SEED_RETAILER_ID,
        "primaryLocationId": 1,
        "roles": _role(
            2,
            "SANDBOX_READONLY",
            tuple(p for p in PERMISSIONS if p not in LIMITED_MISSING),
            (SEED_RETAILER_ID,),
        ),
        "createdOn": "2020-01-01T00:00:00.000Z",
        "updatedOn": "2020-01-01T00:00:00.000Z",
    },
]


def _customer(cid: int, retailer: int, email: str, first: str, last: str, created: str, updated: str) -> dict[str, Any]:
    username = f"{retailer}_{email}"
    return {
        "id": cid,
        "ref": username,
        "username": username,
        "status": "ACTIVE",
        "title": "Mx",
        "firstName": first,
        "lastName": last,
        "country": "Australia",
        "primaryEmail": email,
        "primaryPhone": f"+6140000000{cid}",
        "timezone": "GMT+10",
        "promotionOptIn": cid % 2 == 0,
        "attributes": [{"name": "SOURCE", "type": "STRING", "value": "seed"}],
        "retailerId": retailer,
        "createdOn": created,
        "updatedOn": updated,
    }


CUSTOMERS: list[dict[str, Any]] = [
    _customer(1, 1, "alice@example.com", "Alice", "Anderson", T0, T0),
    # `_` in an e-mail: must be matched literally, never as a one-character wildcard.
    _customer(2, 1, "bob_smith@example.com", "Bob", "Smith", "2020-03-01T10:00:00.000Z", "2021-01-01T00:00:00.000Z"),
    _customer(3, 1, "bobxsmith@example.com", "Bobx", "Smith", "2021-06-15T08:30:00.000Z", "2021-06-15T08:30:00.000Z"),
    _customer(
        4, 1, "Carol.Mixed@Example.COM", "Carol", "Mixed", "2022-12-31T23:59:59.999Z", "2023-02-01T00:00:00.000Z"
    ),
    # The same e-mail under two retailers: two different customers (§4b).
    _customer(5, 1, "shared@example.com", "Sam", "Shared", "2023-07-04T12:00:00.000Z", "2023-07-04T12:00:00.000Z"),
    _customer(6, 2, "shared@example.com", "Sam", "Shared", "2024-01-01T00:00:00.000Z", "2024-02-29T12:34:56.789Z"),
]

CATALOGUES: list[dict[str, Any]] = [
    {
        "id": 1,
        "ref": SEED_CATALOGUE_REF,
        "type": "MASTER",
        "workflowRef": "PRODUCT_CATALOGUE::MASTER",
        "workflowVersion": 1,
        "status": "ACTIVE",
        "name": "Master catalogue",
        "description": "The sandbox's master product catalogue",
        "createdOn": T0,
        "updatedOn": T0,
    },
    {
        "id": 2,
        "ref": SEED_CATALOGUE_2_REF,
        "type": "MASTER",
        "workflowRef": "PRODUCT_CATALOGUE::MASTER",
        "workflowVersion": 1,
        "status": "ACTIVE",
        "name": "Second master catalogue",
        "createdOn": T0,
        "updatedOn": T0,
    },
]


def _product(pid: int, catalogue: str, ref: str, name: str, price: float, created: str) -> dict[str, Any]:
    return {
        "id": pid,
        "catalogueRef": catalogue,
        "ref": ref,
        "type": "STANDARD",
        "status": "ACTIVE",
        "workflowRef": "PRODUCT_CATALOGUE::MASTER",
        "workflowVersion": 1,
        "gtin": f"93000000000{pid:02d}",
        "name": name,
        "summary": f"{name} (seed)",
        "attributes": [{"name": "COLOUR", "type": "STRING", "value": "BLACK"}],
        "prices": [
            {"type": "RRP", "currency": "AUD", "value": price},
            {"type": "SALE", "currency": "AUD", "value": round(price * 0.8, 2)},
        ],
        "tax": {"country": "AU", "group": "STANDARD", "tariff": "GST"},
        "createdOn": created,
        "updatedOn": created,
    }


PRODUCTS: list[dict[str, Any]] = [
    _product(1, SEED_CATALOGUE_REF, "SKU-0001", "Running Shoe", 149.95, T0),
    _product(2, SEED_CATALOGUE_REF, "SKU-0002", "Trail Shoe", 179.0, "2020-05-05T05:05:05.005Z"),
    _product(3, SEED_CATALOGUE_REF, "SKU-0003", "Sock 3-pack", 19.5, "2021-07-07T07:07:07.007Z"),
    _product(4, SEED_CATALOGUE_REF, "SKU-0004", "Water Bottle", 24.0, "2022-08-08T08:08:08.008Z"),
    _product(5, SEED_CATALOGUE_REF, "SKU-0005", "Cap", 35.0, "2023-09-09T09:09:09.009Z"),
    # Same ref in another catalogue: (catalogue, ref) is the key, not ref alone (§4d).
    _product(6, SEED_CATALOGUE_2_REF, "SKU-0001", "Running Shoe (R2)", 149.95, T0),
]


def _order(
    oid: int, customer: int, retailer: int, otype: str, status: str, total: float, created: str, updated: str
) -> dict[str, Any]:
    return {
        "id": oid,
        "ref": f"HD-{oid:04d}" if otype == "HD" else f"CC-{oid:04d}",
        "type": otype,
        "status": status,
        "workflowRef": f"ORDER::{otype}",
        "workflowVersion": 1,
        "retailerId": retailer,
        "customerId": customer,
        "totalPrice": total,
        "totalTaxPrice": round(total / 11, 2),
        "attributes": [],
        "createdOn": created,
        "updatedOn": updated,
    }


ORDERS: list[dict[str, Any]] = [
    _order(1, 1, 1, "HD", "COMPLETE", 169.45, "2023-01-10T09:00:00.000Z", "2023-01-12T09:00:00.000Z"),
    _order(2, 2, 1, "CC", "CREATED", 179.0, "2023-06-30T23:59:59.999Z", "2023-07-01T00:00:00.000Z"),
    _order(3, 4, 1, "HD", "CANCELLED", 59.0, "2024-02-29T12:00:00.000Z", "2024-03-01T12:00:00.000Z"),
    _order(4, 6, 2, "HD", "CREATED", 149.95, "2024-06-01T00:00:00.000Z", "2024-06-01T00:00:00.000Z"),
]

ORDER_ITEMS: list[dict[str, Any]] = [
    {"orderId": 1, "productId": 1, "quantity": 1, "price": 149.95},
    {"orderId": 1, "productId": 3, "quantity": 1, "price": 19.5},
    {"orderId": 2, "productId": 2, "quantity": 1, "price": 179.0},
    {"orderId": 3, "productId": 4, "quantity": 1, "price": 24.0},
    {"orderId": 3, "productId": 5, "quantity": 1, "price": 35.0},
    {"orderId": 4, "productId": 6, "quantity": 1, "price": 149.95},
]
