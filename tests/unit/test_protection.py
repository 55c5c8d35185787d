"""Sealing, keyed hashes, key loading and masking of personal identifiers."""

from __future__ import annotations

import base64
import json

import pytest

from arrears.protection.keyring import Keyring, KeyringError, Sealed, create_key_file, load_keyring
from arrears.protection.masking import mask_address, mask_email, mask_national_id, mask_phone

RING = Keyring({"k1": bytes(32), "k2": bytes(range(32))}, "k2", bytes(range(32, 64)))


def test_a_sealed_value_opens_with_its_key_and_hides_the_clear_text():
    sealed = RING.seal("+8613812345678", "contact_point.phone")
    assert sealed.key_id == "k2"
    assert b"13812345678" not in sealed.blob
    assert RING.open(sealed, "contact_point.phone") == "+8613812345678"


def test_sealing_twice_gives_different_ciphertexts():
    assert RING.seal("same", "customer.national_id").blob != RING.seal("same", "customer.national_id").blob


def test_a_ciphertext_moved_to_another_field_does_not_open():
    sealed = RING.seal("110101199003071234", "customer.national_id")
    with pytest.raises(KeyringError, match="does not open"):
        RING.open(sealed, "contact_point.phone")


def test_a_tampered_ciphertext_does_not_open():
    sealed = RING.seal("secret", "customer.national_id")
    tampered = Sealed(sealed.key_id, sealed.blob[:-1] + bytes([sealed.blob[-1] ^ 1]))
    with pytest.raises(KeyringError):
        RING.open(tampered, "customer.national_id")


def test_values_sealed_with_an_older_key_still_open_after_the_active_key_changes():
    old = Keyring({"k1": bytes(32)}, "k1", bytes(32))
    sealed = old.seal("v", "f")
    assert RING.open(sealed, "f") == "v"


def test_lookup_hashes_match_equal_values_and_depend_on_the_key_and_kind():
    other = Keyring({"k1": bytes(32)}, "k1", bytes(range(1, 33)))
    assert RING.lookup_hash("phone", "+86138") == RING.lookup_hash("phone", "+86138")
    assert RING.lookup_hash("phone", "+86138") != RING.lookup_hash("email", "+86138")
    assert RING.lookup_hash("phone", "+86138") != other.lookup_hash("phone", "+86138")


def test_keys_load_from_environment_variables():
    key = base64.b64encode(bytes(range(32))).decode()
    ring = load_keyring({"ARREARS_DATA_KEYS": f"new:{key},old:{base64.b64encode(bytes(32)).decode()}", "ARREARS_LOOKUP_KEY": key})
    assert ring.active == "new"


def test_keys_load_from_a_key_file_created_owner_only(tmp_path):
    path = create_key_file(tmp_path / "keys.json")
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    ring = load_keyring({"ARREARS_KEY_FILE": str(path)})
    assert ring.active == json.loads(path.read_text())["active"]
    with pytest.raises(FileExistsError):
        create_key_file(path)


@pytest.mark.parametrize(
    ("environ", "fragment"),
    [
        ({}, "no data keys"),
        ({"ARREARS_DATA_KEYS": "k1"}, "id1:BASE64"),
        ({"ARREARS_DATA_KEYS": "k1:!!!", "ARREARS_LOOKUP_KEY": "x"}, "not valid base64"),
        (
            {
                "ARREARS_DATA_KEYS": f"k1:{base64.b64encode(bytes(16)).decode()}",
                "ARREARS_LOOKUP_KEY": base64.b64encode(bytes(32)).decode(),
            },
            "32 bytes",
        ),
        ({"ARREARS_KEY_FILE": "/nonexistent/keys.json"}, "does not exist"),
    ],
)
def test_missing_or_malformed_keys_are_refused_naming_the_setting_never_a_key(environ, fragment):
    with pytest.raises(KeyringError) as refused:
        load_keyring(environ)
    assert fragment in str(refused.value)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("+8613812345678", "+86 *******5678"),
        ("+12125550103", "+1 ******0103"),
        ("02112345678", "*******5678"),
        ("+447911123456", "+44 ******3456"),
    ],
)
def test_phones_keep_country_code_and_last_four_digits(value, masked):
    assert mask_phone(value) == masked


def test_other_identifiers_are_masked():
    assert mask_email("a@b.cn") == "a*@b.cn"
    assert mask_national_id("123-45-6789") == "*******6789"
    assert mask_address("1 Main St") == "1 Main…"
