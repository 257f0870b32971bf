"""The sync and async clients are twins: same public surface, and the async file is derived."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from fluent_commerce import AsyncFluentClient, FluentClient

REPO_ROOT = Path(__file__).resolve().parents[2]

# The only differences allowed between _client.py and _async_client.py (an "unasync" in reverse).
TWIN_RULES = [
    (r"fluent_gql_sync", "fluent_gql_async"),
    (r"class FluentClient\(", "class AsyncFluentClient("),
    (r'__all__ = \["FluentClient"\]', '__all__ = ["AsyncFluentClient"]'),
    (r"httpx\.BaseTransport", "httpx.AsyncBaseTransport"),
    (r"httpx\.Client\(", "httpx.AsyncClient("),
    (r"httpx\.HTTPTransport\(", "httpx.AsyncHTTPTransport("),
    (r"\bRetryTransport\b", "AsyncRetryTransport"),
    (r"def __enter__\(self\) -> FluentClient", "async def __aenter__(self) -> AsyncFluentClient"),
    (r"def __exit__\(", "async def __aexit__("),
    (r"self\.close\(\)", "await self.close()"),
    (r"self\._http\.close\(\)", "await self._http.aclose()"),
    (r"(?m)^    def (?!__)", "    async def "),
    (r"= self\._(gql|http)\.", r"= await self._\1."),
    (r"(return|=) (send|find|self\._reconciled)\(", r"\1 await \2("),
    (r"Callable\[\[dict\[str, Any\]\], (T \| None|T)\]", r"Callable[[dict[str, Any]], Awaitable[\1]]"),
    (r"from collections\.abc import Callable, Mapping", "from collections.abc import Awaitable, Callable, Mapping"),
]


def public_api(cls: type) -> dict[str, list[str]]:
    return {
        name: list(inspect.signature(member).parameters) if callable(member) else ["<property>"]
        for name, member in inspect.getmembers(cls)
        if not name.startswith("_")
    }


def test_twins_have_the_same_public_surface() -> None:
    assert public_api(FluentClient) == public_api(AsyncFluentClient)
    for name, member in inspect.getmembers(AsyncFluentClient):
        if not name.startswith("_") and inspect.isfunction(member):
            assert inspect.iscoroutinefunction(member), f"AsyncFluentClient.{name} must be async"


def test_async_client_is_the_sync_client_with_async_and_await() -> None:
    sync = (REPO_ROOT / "src/fluent_commerce/_client.py").read_text()
    code = lambda text: text.split('"""', 2)[2]  # noqa: E731 - drop the module docstring
    derived = code(sync)
    for pattern, replacement in TWIN_RULES:
        derived = re.sub(pattern, replacement, derived)
    actual = code((REPO_ROOT / "src/fluent_commerce/_async_client.py").read_text())
    docstrings = (
        '"""Asynchronous Fluent client. Use as an async context manager, or await ``close()``."""',
        '"""Synchronous Fluent client. Use as a context manager, or call ``close()``."""',
    )
    actual = actual.replace(*docstrings)
    squash = lambda text: re.sub(r",\)", ")", re.sub(r"\s+", "", text))  # noqa: E731 - formatter wraps differ
    assert squash(derived) == squash(actual)
