"""The plan record format (``cp-plan/2``, reading ``cp-plan/1`` too), defined once.

``model.py`` is the definition: pydantic models whose field types (``types.py``)
carry both their check and their JSON Schema. From it come validation
(:func:`validate_record`, :func:`parse_record`), the published schema
(``json_schema.py``), the export (:func:`record_to_dict`) and the form's field list.
Rules across fields are in ``rules.py``; they run once every field is valid, so a
user sees field errors first and errors across fields on the next try.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from pydantic import ValidationError

from ..profiles import Profile
from .errors import capped, field_errors
from .export import as_version_2, record_to_dict
from .messages import MSG_UNCHECKABLE, N_, FieldError, RecordInvalid
from .model import (
    Action,
    Child,
    Conference,
    CoreGroupMeeting,
    CoreGroupMember,
    Ended,
    LeadSocialWorker,
    MilestoneDone,
    Outcome,
    PlanRecord,
    Translation,
    Visit,
    Visits,
)
from .own_words import OwnWords, own_words, shows_english, text_at
from .rules import Context, check_rules, free_text_pointers
from .vocabulary import FORMAT, SUPPORTED_LANGUAGES

__all__ = [
    "FORMAT",
    "N_",
    "SUPPORTED_LANGUAGES",
    "Action",
    "Child",
    "Conference",
    "CoreGroupMeeting",
    "CoreGroupMember",
    "Ended",
    "FieldError",
    "LeadSocialWorker",
    "MilestoneDone",
    "Outcome",
    "OwnWords",
    "PlanRecord",
    "RecordInvalid",
    "Translation",
    "Visit",
    "Visits",
    "as_version_2",
    "free_text_pointers",
    "own_words",
    "parse_record",
    "record_to_dict",
    "shows_english",
    "text_at",
    "validate_record",
]


def _check(
    data: object, profiles: Mapping[str, Profile], languages: Collection[str]
) -> tuple[PlanRecord | None, list[FieldError]]:
    context = {"profiles": sorted(profiles), "languages": tuple(languages)}
    try:
        record = PlanRecord.model_validate(data, context=context)
    except ValidationError as exc:
        return None, field_errors(exc)
    except Exception:  # noqa: BLE001 - validation must never raise on any input
        return None, [FieldError("", MSG_UNCHECKABLE)]
    try:
        errors = capped(check_rules(record, Context(profiles, tuple(languages))))
    except Exception:  # noqa: BLE001
        return None, [FieldError("", MSG_UNCHECKABLE)]
    return (None if errors else record), errors


def validate_record(
    data: object,
    profiles: Mapping[str, Profile],
    languages: Collection[str] = SUPPORTED_LANGUAGES,
) -> list[FieldError]:
    """Every problem with ``data`` as a plan record (empty list = valid). Never raises.

    ``profiles`` maps profile ids to :class:`~portal.planning.profiles.Profile` objects.
    Field errors come first; the rules across fields run once every field is valid.
    """
    return _check(data, profiles, languages)[1]


def parse_record(
    data: object,
    profiles: Mapping[str, Profile],
    languages: Collection[str] = SUPPORTED_LANGUAGES,
) -> PlanRecord:
    """The typed record for ``data``; raises :class:`RecordInvalid` listing every problem."""
    record, errors = _check(data, profiles, languages)
    if errors or record is None:
        raise RecordInvalid(errors or [FieldError("", MSG_UNCHECKABLE)])
    return record
