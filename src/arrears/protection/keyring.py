"""Data keys from the environment or a key file, and AES-GCM sealing with a key id.

Keys never live in the repository or the database. They come from, in order:

- ``ARREARS_DATA_KEYS``: ``id1:BASE64,id2:BASE64`` (the first is the active key) and
  ``ARREARS_LOOKUP_KEY``: ``BASE64`` for the keyed lookup hashes; or
- ``ARREARS_KEY_FILE``: a JSON file outside the repository,
  ``{"active": "k1", "keys": {"k1": "BASE64"}, "lookup_key": "BASE64"}``.

Every value is sealed with the active key; the key id is stored beside the ciphertext so
older keys keep opening older values after a rotation. The associated data binds a
ciphertext to its field (``customer.national_id``): moving it to another column makes it
fail to open instead of silently showing the wrong value.

>>> ring = Keyring({"k1": bytes(32)}, "k1", bytes(32))
>>> sealed = ring.seal("110101199003071234", "customer.national_id")
>>> sealed.key_id, ring.open(sealed, "customer.national_id")
('k1', '110101199003071234')
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12


class KeyringError(RuntimeError):
    """Keys are missing or malformed; the message says which setting, never a key."""


@dataclass(frozen=True)
class Sealed:
    """A ciphertext (nonce + AES-GCM output) and the id of the key that sealed it."""

    key_id: str
    blob: bytes


class Keyring:
    """The data keys (by id), the active one, and the lookup-hash key."""

    def __init__(self, keys: dict[str, bytes], active: str, lookup_key: bytes):
        if active not in keys:
            raise KeyringError(f"the active key id {active!r} is not among the keys")
        for key_id, key in keys.items():
            if len(key) != 32:
                raise KeyringError(f"data key {key_id!r} must be 32 bytes (AES-256), not {len(key)}")
        if len(lookup_key) < 32:
            raise KeyringError("the lookup key must be at least 32 bytes")
        self._keys = {k: AESGCM(v) for k, v in keys.items()}
        self.active = active
        self._lookup_key = lookup_key

    def seal(self, plaintext: str, field: str) -> Sealed:
        nonce = os.urandom(NONCE_BYTES)
        blob = nonce + self._keys[self.active].encrypt(nonce, plaintext.encode("utf-8"), field.encode("ascii"))
        return Sealed(self.active, blob)

    def open(self, sealed: Sealed, field: str) -> str:
        try:
            aead = self._keys[sealed.key_id]
        except KeyError:
            raise KeyringError(f"no key with id {sealed.key_id!r} to open {field}") from None
        try:
            data = aead.decrypt(sealed.blob[:NONCE_BYTES], sealed.blob[NONCE_BYTES:], field.encode("ascii"))
        except InvalidTag:
            raise KeyringError(f"a {field} value does not open with key {sealed.key_id!r} (wrong key or tampered)") from None
        return data.decode("utf-8")

    def lookup_hash(self, kind: str, normalized: str) -> str:
        """Keyed hash of a normalised value: equal values match, nothing leaks without the key."""
        return hmac.digest(self._lookup_key, f"{kind}\0{normalized}".encode(), "sha256").hex()


def _b64(value: str, what: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise KeyringError(f"{what} is not valid base64") from None


def load_keyring(environ: dict[str, str] | None = None) -> Keyring:
    """The keyring from the environment (see the module docstring)."""
    env = os.environ if environ is None else environ
    if env.get("ARREARS_DATA_KEYS"):
        keys: dict[str, bytes] = {}
        order = []
        for part in env["ARREARS_DATA_KEYS"].split(","):
            key_id, sep, value = part.strip().partition(":")
            if not sep or not key_id:
                raise KeyringError("ARREARS_DATA_KEYS must look like id1:BASE64,id2:BASE64")
            keys[key_id] = _b64(value, f"ARREARS_DATA_KEYS key {key_id!r}")
            order.append(key_id)
        if not env.get("ARREARS_LOOKUP_KEY"):
            raise KeyringError("ARREARS_LOOKUP_KEY is required with ARREARS_DATA_KEYS")
        return Keyring(keys, order[0], _b64(env["ARREARS_LOOKUP_KEY"], "ARREARS_LOOKUP_KEY"))
    if env.get("ARREARS_KEY_FILE"):
        path = Path(env["ARREARS_KEY_FILE"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            keys = {k: _b64(v, f"{path}: key {k!r}") for k, v in data["keys"].items()}
            return Keyring(keys, data["active"], _b64(data["lookup_key"], f"{path}: lookup_key"))
        except FileNotFoundError:
            raise KeyringError(f"ARREARS_KEY_FILE {path} does not exist") from None
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
            raise KeyringError(f"{path} must be JSON with 'active', 'keys' and 'lookup_key'") from None
    raise KeyringError("no data keys: set ARREARS_KEY_FILE or ARREARS_DATA_KEYS and ARREARS_LOOKUP_KEY (see docs/security.md)")


def create_key_file(path: Path) -> Path:
    """Write a new key file readable by its owner only (the demo uses this under var/)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "active": "k1",
        "keys": {"k1": base64.b64encode(secrets.token_bytes(32)).decode()},
        "lookup_key": base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f)
    return path
