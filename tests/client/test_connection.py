"""FluentConnection: host rules, environment loading, and secrets kept out of reprs and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from fluent_commerce import FluentConnection, FluentValidationError

GOOD = {
    "host": "https://acme.sandbox.api.fluentretail.com",
    "username": "api-user",
    "password": "pw-CANARY-1",
    "client_id": "ACME",
    "client_secret": "secret-CANARY-2",
}


@pytest.mark.parametrize(
    ("host", "allowed"),
    [
        ("https://acme.sandbox.api.fluentretail.com", True),
        ("https://acme.sandbox.api.fluentretail.com/", True),
        ("http://127.0.0.1:8765", True),
        ("http://localhost:8765", True),
        ("http://[::1]:8765", True),
        ("http://acme.sandbox.api.fluentretail.com", False),
        ("http://10.0.0.5:8765", False),
        ("ftp://acme.example.com", False),
        ("acme.sandbox.api.fluentretail.com", False),
        ("https://user:pw@acme.example.com", False),
        ("https://acme.example.com/?password=x", False),
    ],
)
def test_https_is_required_except_for_loopback(host: str, allowed: bool) -> None:
    if allowed:
        assert FluentConnection(**{**GOOD, "host": host}).host == host.rstrip("/")
    else:
        with pytest.raises(FluentValidationError) as caught:
            FluentConnection(**{**GOOD, "host": host})
        assert caught.value.issues[0].field == "host"


def test_every_problem_is_reported_at_once_without_secret_values() -> None:
    with pytest.raises(FluentValidationError) as caught:
        FluentConnection(
            host="http://example.com", username="", password="pw-CANARY-1", client_id="bad id!", client_secret="s"
        )
    fields = {issue.field for issue in caught.value.issues}
    assert fields == {"host", "username", "client_id"}
    assert "CANARY" not in str(caught.value)


def test_repr_and_str_hide_secrets() -> None:
    conn = FluentConnection(**GOOD)
    for text in (repr(conn), str(conn), repr(conn.model_dump())):
        assert "CANARY" not in text


def test_from_env_reads_fluent_variables_and_kwargs_win(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GOOD.items():
        monkeypatch.setenv(f"FLUENT_{key.upper()}", value)
    monkeypatch.setenv("FLUENT_ACCOUNT_ID", "ACME")
    monkeypatch.setenv("FLUENT_READ_TIMEOUT", "12.5")
    conn = FluentConnection.from_env(username="other-user")
    assert (conn.username, conn.account_id, conn.read_timeout) == ("other-user", "ACME", 12.5)
    assert conn.password.get_secret_value() == "pw-CANARY-1"


def test_from_env_names_the_missing_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("HOST", "USERNAME", "PASSWORD", "CLIENT_ID", "CLIENT_SECRET"):
        monkeypatch.delenv(f"FLUENT_{key}", raising=False)
    monkeypatch.setenv("FLUENT_HOST", GOOD["host"])
    with pytest.raises(FluentValidationError) as caught:
        FluentConnection.from_env()
    assert {i.field for i in caught.value.issues} == {
        "FLUENT_USERNAME",
        "FLUENT_PASSWORD",
        "FLUENT_CLIENT_ID",
        "FLUENT_CLIENT_SECRET",
    }


def test_timeouts_default_to_5s_connect_and_30s_read() -> None:
    timeout = FluentConnection(**GOOD).timeout()
    assert (timeout.connect, timeout.read) == (5.0, 30.0)


def test_copies_are_validated_again() -> None:
    conn = FluentConnection(**GOOD)
    with pytest.raises(FluentValidationError):
        conn.model_copy(update={"host": "http://192.0.2.2:8080"})
    assert conn.model_copy(update={"read_timeout": 3}).read_timeout == 3


@pytest.mark.parametrize(
    "host", ["https://acme.example.com/?", "https://acme.example.com/#", "https://acme.example.com:99999"]
)
def test_empty_query_fragment_and_bad_ports_are_refused(host: str) -> None:
    with pytest.raises(FluentValidationError):
        FluentConnection(**{**GOOD, "host": host})


def test_credentials_in_a_refused_host_are_not_echoed() -> None:
    with pytest.raises(FluentValidationError) as caught:
        FluentConnection(**{**GOOD, "host": "https://user:HOSTPW@acme.example.com/?client_secret=QSCANARY"})
    assert "HOSTPW" not in str(caught.value) and "QSCANARY" not in str(caught.value)
    with pytest.raises(FluentValidationError) as caught:
        FluentConnection.from_env(**{**GOOD, "client_secret": ["LISTCANARY"]})
    assert "LISTCANARY" not in str(caught.value)


def test_model_validate_reports_like_the_constructor() -> None:
    with pytest.raises(FluentValidationError) as caught:
        FluentConnection.model_validate({**GOOD, "host": "http://example.com"})
    assert caught.value.issues[0].field == "host"


def test_a_missing_ca_bundle_is_refused_up_front(tmp_path: Path) -> None:
    with pytest.raises(FluentValidationError) as caught:
        FluentConnection(**GOOD, ca_bundle=str(tmp_path / "nope.pem"))
    assert caught.value.issues[0].field == "ca_bundle"
