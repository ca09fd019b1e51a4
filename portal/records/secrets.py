"""Random tokens and how they are kept: only hashes ever reach the database."""

import hashlib
import secrets

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

# Passcodes are short and said aloud, so they get a slow, salted hash; link tokens are
# 256 random bits, for which a fast hash is enough and lets us look them up by value.
HASHERS = {
    # argon2id with argon2-cffi's defaults (RFC 9106, low-memory profile).
    "standard": PasswordHasher(),
    # The cheapest parameters argon2 allows: for the test suite only, where hundreds of
    # sign-ins would otherwise spend half the run hashing (create_app refuses it elsewhere).
    "cheapest": PasswordHasher.from_parameters(profiles.CHEAPEST),
}
_hasher = HASHERS["standard"]


def use_hashing(name: str, *, testing: bool) -> None:
    """Choose how new secrets are hashed (the PASSWORD_HASHING setting). Stored hashes
    carry their own parameters, so any of them verifies whichever is chosen."""
    global _hasher
    if name not in HASHERS:
        raise RuntimeError(f"PASSWORD_HASHING must be one of: {', '.join(HASHERS)}")
    if name != "standard" and not testing:
        raise RuntimeError("PASSWORD_HASHING=cheapest is for the test suite only")
    _hasher = HASHERS[name]


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_passcode() -> str:
    """Eight digits, shown as two groups of four: easy to say on the phone and to type
    on any phone keypad, in any script."""
    digits = f"{secrets.randbelow(10**8):08d}"
    return f"{digits[:4]} {digits[4:]}"


def normalise_passcode(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit() and ch.isascii())


def hash_secret(value: str) -> str:
    return _hasher.hash(value)


def verify_secret(stored_hash: str, value: str) -> bool:
    try:
        return _hasher.verify(stored_hash, value)
    except (VerificationError, InvalidHashError):
        return False
