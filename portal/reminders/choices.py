"""A family member's consent to reminders: made, shown (masked) and taken back."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

import phonenumbers
from flask_babel import gettext as _
from sqlalchemy import delete, select

from portal.models import FamilyLink, db, rows_changed
from portal.models.outgoing import Channel, ReminderChoice
from portal.records.audit_trail import audit
from portal.reminders.senders import senders_from_config
from portal.workspace.auth import is_valid_email, normalise_email

# 07700 900000 to 900999: Ofcom keeps them for drama and examples, GOV.UK Notify uses
# them as its test numbers, and libphonenumber calls them invalid. Accepted, so the
# number in the hint works and a council can try reminders without a real phone.
FICTION_RANGE = "+447700900"


def uk_mobile(text: str) -> str | None:
    """A UK mobile number in international form (+447700900123), or None.

    Written any way people write them: 07700 900123, +44 7700 900123, 0044… .
    """
    text = (text or "").strip()
    if not text or len(text) > 30:
        return None
    try:
        number = phonenumbers.parse(text, "GB")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 44:
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if e164.startswith(FICTION_RANGE) and len(e164) == len("+447700900123"):
        return e164
    if not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) != phonenumbers.PhoneNumberType.MOBILE:
        return None
    return e164


def email_address(text: str) -> str | None:
    value = normalise_email(text or "")
    return value if value and is_valid_email(value) else None


def masked(channel: str, address: str) -> str:
    """Enough to recognise an address, never the whole of it: "07•••••••23", "a•••@example.org"."""
    if channel == Channel.SMS:
        national = "0" + address.removeprefix("+44")
        return national[:2] + "•" * (len(national) - 4) + national[-2:]
    local, _, domain = address.partition("@")
    return f"{local[:1]}•••@{domain}"


def choices_for(link_id: int) -> dict[str, ReminderChoice]:
    rows = db.session.scalars(select(ReminderChoice).where(ReminderChoice.link_id == link_id))
    return {row.channel: row for row in rows}


def set_choices(
    link: FamilyLink, chosen: dict[str, str], *, two_hours_before: bool, chosen_by: str, actor: str
) -> None:
    """Record each channel's address the member chose (channel -> address); the caller commits."""
    for channel, address in chosen.items():
        set_choice(
            link,
            channel,
            address,
            two_hours_before=two_hours_before,
            chosen_by=chosen_by,
            actor=actor,
        )


def set_choice(
    link: FamilyLink,
    channel: str,
    address: str,
    *,
    two_hours_before: bool,
    chosen_by: str,
    actor: str,
) -> ReminderChoice:
    """Record (or change) a member's choice for one channel; the caller commits.

    A changed address is a new consent: a new salt, so stop addresses in messages sent
    to the old address no longer act on it.
    """
    if channel not in tuple(Channel):
        raise ValueError(f"unknown reminder channel {channel!r}")
    row = choices_for(link.id).get(channel)
    if row is None or row.address != address:
        if row is not None:
            db.session.delete(row)
            db.session.flush()
        row = ReminderChoice(
            link_id=link.id,
            channel=channel,
            address=address,
            salt=secrets.token_hex(16),
            chosen_by=chosen_by,
        )
        db.session.add(row)
    row.two_hours_before = two_hours_before and channel == Channel.SMS
    db.session.flush()
    audit(actor, "reminders.choose", link.plan_id, f"link:{link.id} {channel} by {chosen_by}")
    return row


def remove_choices(link: FamilyLink, *, actor: str, channel: str | None = None) -> int:
    """Take back consent (one channel, or all); the caller commits. Returns how many."""
    query = delete(ReminderChoice).where(ReminderChoice.link_id == link.id)
    if channel is not None:
        query = query.where(ReminderChoice.channel == channel)
    removed = rows_changed(query)
    if removed:
        audit(actor, "reminders.stop", link.plan_id, f"link:{link.id} {channel or 'all'}")
    return removed


MAX_FIELD = 320


def available_channels(config) -> tuple[str, ...]:
    """The channels this portal can send on, text messages first (none: reminders off)."""
    senders = senders_from_config(config)
    return tuple(channel for channel in (Channel.SMS, Channel.EMAIL) if channel in senders)


@dataclass
class ChoiceForm:
    """The reminder form as posted (the family's page and the professional's): what was
    typed, the addresses it gives per channel, and the errors by field."""

    values: dict = field(default_factory=dict)
    chosen: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def read_choice_form(form, channels: tuple[str, ...]) -> ChoiceForm:
    """Check a posted reminder form: a UK mobile and/or an email, for the channels on."""
    read = ChoiceForm(
        values={
            "mobile": form.get("mobile", "")[:MAX_FIELD],
            "email": form.get("email", "")[:MAX_FIELD],
            "two_hours": form.get("two_hours") == "yes",
        }
    )
    values, errors = read.values, read.errors
    if Channel.SMS in channels and values["mobile"].strip():
        number = uk_mobile(values["mobile"])
        if number is None:
            errors["mobile"] = _("Enter a UK mobile number, like 07700 900123")
        else:
            read.chosen[Channel.SMS] = number
    if Channel.EMAIL in channels and values["email"].strip():
        address = email_address(values["email"])
        if address is None:
            errors["email"] = _("Enter an email address, like name@example.com")
        else:
            read.chosen[Channel.EMAIL] = address
    if not read.chosen and not errors:
        errors["mobile" if Channel.SMS in channels else "email"] = (
            _("Enter a mobile number or an email address")
            if len(channels) == 2
            else _("Enter a UK mobile number, like 07700 900123")
            if Channel.SMS in channels
            else _("Enter an email address, like name@example.com")
        )
    return read
