"""The typed-action commands against the sandbox: output shape, exit codes 0/2/5."""

from __future__ import annotations

import json
import uuid

from fluent_sandbox import SEED_ADMIN_USERNAME, SEED_CATALOGUE_REF


def unique_email() -> str:
    return f"cli-{uuid.uuid4().hex[:10]}@example.com"


def test_me_prints_compact_json_of_the_current_user(cli, env, ok_json):
    result = cli("me", env=env)
    user = ok_json(result)
    assert user["username"] == SEED_ADMIN_USERNAME
    assert user["primaryRetailer"]["id"] == "1"
    assert result.stdout.count("\n") == 1  # one compact line
    assert result.stderr == ""


def test_pretty_indents_the_same_document_globally_and_per_command(cli, env, ok_json):
    compact = ok_json(cli("me", env=env))
    for args in (("--pretty", "me"), ("me", "--pretty")):
        result = cli(*args, env=env)
        assert ok_json(result) == compact
        assert result.stdout.startswith('{\n  "id"')


def test_customer_create_infers_attribute_types_from_json_values(cli, env, ok_json):
    email = unique_email()
    created = ok_json(
        cli(
            "customer", "create", "--retailer-id", "1", "--email", email, "--first-name", "Ada",
            "--last-name", "Lovelace", "--phone", "+61400000000", "--country", "AU",
            "--timezone", "Australia/Sydney", "--promotion-opt-in",
            "--attribute", "points=1200", "--attribute", "vip=true", "--attribute", "tier=GOLD",
            "--attribute", 'prefs={"sms": false}', "--attribute", "code=007", "--attribute", "ratio=0.5",
            env=env,
        )
    )  # fmt: skip
    assert created["primaryEmail"] == email
    assert created["username"] == f"1_{email}"
    assert (created["firstName"], created["lastName"]) == ("Ada", "Lovelace")
    assert (created["primaryPhone"], created["country"], created["timezone"]) == (
        "+61400000000",
        "AU",
        "Australia/Sydney",
    )
    assert created["promotionOptIn"] is True
    attributes = {a["name"]: (a["type"], a["value"]) for a in created["attributes"]}
    assert attributes == {
        "points": ("INTEGER", 1200),
        "vip": ("BOOLEAN", True),
        "tier": ("STRING", "GOLD"),
        "prefs": ("JSON", {"sms": False}),
        "code": ("STRING", "007"),  # not JSON, so kept as text
        "ratio": ("FLOAT", 0.5),
    }


def test_customer_create_username_names_the_customer(cli, env, ok_json):
    email = unique_email()
    created = ok_json(
        cli("customer", "create", "--retailer-id", "1", "--email", email, "--first-name", "A",
            "--username", f"custom-{email}", env=env)
    )  # fmt: skip
    assert created["username"] == f"custom-{email}"


def test_customer_get_finds_a_created_customer_case_insensitively(cli, env, ok_json):
    email = unique_email()
    created = ok_json(cli("customer", "create", "--retailer-id", "1", "--email", email, "--first-name", "A", env=env))
    found = ok_json(cli("customer", "get", "--email", email.upper(), env=env))
    assert found == created
    assert ok_json(cli("customer", "get", "--email", email, "--retailer-id", "1", env=env))["id"] == created["id"]


def test_customer_get_without_a_match_exits_5_with_nothing_on_stdout(cli, env):
    result = cli("customer", "get", "--email", "nobody@example.com", env=env)
    assert result.exit_code == 5
    assert result.stdout == ""
    assert "no customer with e-mail nobody@example.com" in result.stderr


def test_customer_get_in_another_retailer_exits_5(cli, env):
    result = cli("customer", "get", "--email", "alice@example.com", "--retailer-id", "2", env=env)
    assert result.exit_code == 5
    assert "retailer 2" in result.stderr


def test_invalid_input_exits_2_listing_each_field_and_sends_nothing(cli, env, sandbox):
    result = cli(
        "customer", "create", "--retailer-id", "0", "--email", "not-an-email", "--first-name", "A", env=env
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: 2 invalid values")
    assert any(line.strip().startswith("retailer_id=0:") for line in lines)
    assert any(line.strip().startswith("email='not-an-email':") for line in lines)
    assert sandbox.stats()["graphql_requests"] == {}


def test_bad_attribute_syntax_exits_2(cli, env):
    result = cli(
        "customer", "create", "--retailer-id", "1", "--email", unique_email(), "--first-name", "A",
        "--attribute", "no-equals-sign", env=env,
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--attribute expects name=value" in result.stderr


def test_missing_required_flag_is_a_usage_error(cli, env):
    result = cli("customer", "create", "--retailer-id", "1", "--first-name", "A", env=env)
    assert result.exit_code == 2
    assert "--email" in result.stderr


def test_product_create_with_a_price(cli, env, ok_json):
    ref = f"CLI-{uuid.uuid4().hex[:8]}"
    product = ok_json(
        cli("product", "create", "--catalogue-ref", SEED_CATALOGUE_REF, "--ref", ref, "--name", "Widget",
            "--gtin", "9300000000017", "--summary", "A widget", "--price-currency", "AUD",
            "--price-value", "19.95", env=env)
    )  # fmt: skip
    assert product["ref"] == ref
    assert product["type"] == "STANDARD"
    assert product["summary"] == "A widget"
    assert product["catalogue"]["ref"] == SEED_CATALOGUE_REF
    assert product["prices"] == [{"type": "DEFAULT", "currency": "AUD", "value": 19.95}]


def test_product_create_passes_type_and_price_type(cli, env, ok_json):
    ref = f"CLI-{uuid.uuid4().hex[:8]}"
    product = ok_json(
        cli("product", "create", "--catalogue-ref", SEED_CATALOGUE_REF, "--ref", ref, "--name", "W",
            "--gtin", "1", "--type", "VARIANT_BASE", "--price-currency", "USD", "--price-value", "2",
            "--price-type", "SALE", env=env)
    )  # fmt: skip
    assert product["type"] == "VARIANT_BASE"
    assert product["prices"][0]["type"] == "SALE"


def test_duplicate_product_ref_is_a_fluent_error_exit_1_with_its_code(cli, env):
    args = ("product", "create", "--catalogue-ref", SEED_CATALOGUE_REF, "--ref", f"DUP-{uuid.uuid4().hex[:6]}",
            "--name", "W", "--gtin", "1")  # fmt: skip
    assert cli(*args, env=env).exit_code == 0
    result = cli(*args, env=env)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: Fluent returned 1 GraphQL error")
    code = result.stderr.splitlines()[1].strip().split(":")[0]
    assert code and code != "no-code"


def test_stdout_is_exactly_one_json_document(cli, env):
    result = cli("customer", "get", "--email", "alice@example.com", env=env)
    assert json.loads(result.stdout)["primaryEmail"] == "alice@example.com"
