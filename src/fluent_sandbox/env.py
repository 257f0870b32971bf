"""The `FLUENT_*` settings for the seeded users; cheap to import (no server, no GraphQL)."""

from __future__ import annotations

import shlex

from . import seed

USERS = {
    "admin": (seed.SEED_ADMIN_USERNAME, seed.SEED_ADMIN_PASSWORD),
    "limited": (seed.SEED_LIMITED_USERNAME, seed.SEED_LIMITED_PASSWORD),
}


def sandbox_env(url: str, user: str = "admin") -> dict[str, str]:
    """The `FLUENT_*` settings for a seeded user (`admin` or `limited`) of a sandbox at `url`."""
    if user not in USERS:
        raise ValueError(f"user must be one of {sorted(USERS)}, not {user!r}")
    username, password = USERS[user]
    return {
        "FLUENT_HOST": url,
        "FLUENT_USERNAME": username,
        "FLUENT_PASSWORD": password,
        "FLUENT_CLIENT_ID": seed.SEED_CLIENT_ID,
        "FLUENT_CLIENT_SECRET": seed.SEED_CLIENT_SECRET,
        "FLUENT_ACCOUNT_ID": seed.SEED_ACCOUNT_ID,
    }


def format_env(env: dict[str, str]) -> str:
    """`export KEY=value` lines, shell-quoted, for `eval "$(...)"`."""
    return "".join(f"export {key}={shlex.quote(value)}\n" for key, value in env.items())


def base_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
