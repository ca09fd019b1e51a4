"""The two addresses a reminder carries, signed with the portal's secret key.

The portal keeps only hashes of family link tokens, so a reminder cannot carry the
family's own link. It carries a details address instead, signed over the link's id and
part of its token hash: it opens the same passcode page as the family link (the passcode
is still needed) and stops working when the link is stopped, expires or is replaced. The
stop address is signed over the reminder choice's id and its random salt, so it ends
only that choice, and an old message can never stop a later choice.
"""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

DETAILS = "reminder-details"
STOP = "reminder-stop"
TOKEN_HASH_PART = 16  # hex digits of the link's token hash in the details address


def _serializer(secret_key: str, purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=purpose)


def details_token(secret_key: str, link_id: int, token_hash: str) -> str:
    return _serializer(secret_key, DETAILS).dumps([link_id, token_hash[:TOKEN_HASH_PART]])


def read_details_token(secret_key: str, value: str) -> tuple[int, str] | None:
    """(link id, start of its token hash), or None for anything not signed by us."""
    try:
        data = _serializer(secret_key, DETAILS).loads(value)
    except BadSignature:
        return None
    if not (isinstance(data, list) and len(data) == 2):
        return None
    link_id, part = data
    if type(link_id) is not int or not isinstance(part, str) or len(part) != TOKEN_HASH_PART:
        return None
    return link_id, part


def stop_token(secret_key: str, choice_id: int, salt: str) -> str:
    return _serializer(secret_key, STOP).dumps([choice_id, salt])


def read_stop_token(secret_key: str, value: str) -> tuple[int, str] | None:
    try:
        data = _serializer(secret_key, STOP).loads(value)
    except BadSignature:
        return None
    if not (isinstance(data, list) and len(data) == 2):
        return None
    choice_id, salt = data
    if type(choice_id) is not int or not isinstance(salt, str):
        return None
    return choice_id, salt
