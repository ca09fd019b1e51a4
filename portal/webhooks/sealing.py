"""Keeping webhook signing secrets: sealed with AES-GCM under a key derived from the
portal's SECRET_KEY (HKDF-SHA256, its own label), so the database alone (a backup, a
stolen copy) does not give them away, while the sender can still sign with them.

Changing SECRET_KEY makes the sealed secrets unreadable: register the endpoints again
(`webhooks remove` then `webhooks add`) with a new secret.
"""

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_LABEL = b"family-plan-portal webhook secrets v1"


class SecretUnreadable(Exception):
    """The sealed secret cannot be opened (SECRET_KEY changed, or the row was altered)."""


def _key(secret_key: str) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_LABEL)
    return hkdf.derive(secret_key.encode("utf-8"))


def seal(secret: str, secret_key: str, url: str) -> str:
    """The secret encrypted and authenticated, bound to its endpoint's address (a sealed
    secret copied to another endpoint's row does not open)."""
    nonce = os.urandom(12)
    sealed = AESGCM(_key(secret_key)).encrypt(nonce, secret.encode("utf-8"), url.encode())
    return base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def unseal(sealed: str, secret_key: str, url: str) -> str:
    try:
        raw = base64.urlsafe_b64decode(sealed.encode("ascii"))
        opened = AESGCM(_key(secret_key)).decrypt(raw[:12], raw[12:], url.encode())
    except (ValueError, InvalidTag):
        raise SecretUnreadable from None
    return opened.decode("utf-8")
