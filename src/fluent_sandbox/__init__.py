"""A faithful local Fluent Commerce server for tests and demos.

The sandbox is an independent oracle: it reads `schema.graphql` and imports nothing from
`fluent_commerce`. It serves `POST /oauth/token` (§2), `POST /graphql` (§3) and a loopback-only
control plane under `/_sandbox/` (stats, reset, faults, clock). State lives in SQLite (a file
path, WAL, surviving restarts; or `:memory:`).

Start it with `run_sandbox()` (a context manager yielding a `SandboxHandle`), with
`python -m fluent_sandbox`, or with `fluent-commerce sandbox`.

Mock mode (`run_sandbox(schema_path=FILE, mock=True)`, `--mock`) serves any Fluent schema,
legacy syntax accepted (`fluent_sandbox.legacy`), answering every valid operation with
deterministic, schema-shaped data (`fluent_sandbox.mock`) instead of the database's entities;
OAuth, 401s, limits, validation and the control plane are unchanged.

Seed (inserted into an empty database, restored by `reset`):

- account `SANDBOX`; OAuth client id `SANDBOX`, secret `SEED_CLIENT_SECRET`
  (`5b1f3c9e-6a2d-4e7b-9c8a-0d4f2e6b7a19`);
- user `api_admin` / `sandbox-admin-password` (type API, role SANDBOX_ADMIN with every
  permission in `PERMISSIONS`, RETAILER contexts 1 and 2, primary retailer 1, primary location
  `SANDBOX_LOCATION_1`);
- user `api_readonly` / `sandbox-readonly-password` (role SANDBOX_READONLY: every permission
  except CUSTOMER_CREATE and PRODUCT_CREATE; RETAILER context 1 only);
- retailers 1 `SANDBOX_RETAILER` and 2 `SANDBOX_RETAILER_2`; catalogues `PC:MASTER:1` and
  `PC:MASTER:2` (type MASTER);
- six customers with usernames `<retailer>_<email>` (one e-mail with `_`, one in mixed case,
  and `shared@example.com` under retailers 1 and 2), six standard products with prices and four
  orders with items, timestamps spread from 2019 to 2024. See `fluent_sandbox.seed`.

Permissions: USER_VIEW (me, user, users), CUSTOMER_VIEW, CUSTOMER_CREATE, PRODUCT_VIEW,
PRODUCT_CREATE, ORDER_VIEW, RETAILER_VIEW, PRODUCTCATALOGUE_VIEW (§3.9). Error codes and their
placement: see `fluent_sandbox.errors`; OAuth statuses: `fluent_sandbox.oauth`; search and
pagination semantics: `fluent_sandbox.search`; faults and stats: `fluent_sandbox.control`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .env import format_env, sandbox_env
from .seed import (
    LIMITED_MISSING,
    PERMISSIONS,
    SEED_ACCOUNT_ID,
    SEED_ADMIN_PASSWORD,
    SEED_ADMIN_USERNAME,
    SEED_CATALOGUE_2_REF,
    SEED_CATALOGUE_REF,
    SEED_CLIENT_ID,
    SEED_CLIENT_SECRET,
    SEED_LIMITED_PASSWORD,
    SEED_LIMITED_USERNAME,
    SEED_RETAILER_2_ID,
    SEED_RETAILER_ID,
    SEED_RETAILER_REF,
)

if TYPE_CHECKING:
    from .app import create_app
    from .server import SandboxHandle, run_sandbox, serve

__all__ = [
    "LIMITED_MISSING",
    "PERMISSIONS",
    "SEED_ACCOUNT_ID",
    "SEED_ADMIN_PASSWORD",
    "SEED_ADMIN_USERNAME",
    "SEED_CATALOGUE_2_REF",
    "SEED_CATALOGUE_REF",
    "SEED_CLIENT_ID",
    "SEED_CLIENT_SECRET",
    "SEED_LIMITED_PASSWORD",
    "SEED_LIMITED_USERNAME",
    "SEED_RETAILER_2_ID",
    "SEED_RETAILER_ID",
    "SEED_RETAILER_REF",
    "SandboxHandle",
    "create_app",
    "default_schema_path",
    "format_env",
    "run_sandbox",
    "sandbox_env",
    "serve",
]

_LAZY = {
    "run_sandbox": "server",
    "SandboxHandle": "server",
    "serve": "server",
    "create_app": "app",
}


def default_schema_path() -> Path:
    """`schema.graphql` inside the package (wheel installs), else the repository root's."""
    packaged = Path(__file__).parent / "schema.graphql"
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parents[2] / "schema.graphql"


def __getattr__(name: str) -> Any:
    """Import the server and app (uvicorn, starlette, ariadne) only when first used."""
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
