"""The words of a reminder, in the plan's language.

A reminder may be read by anyone who picks up the phone, so it says only what is
needed to get to the meeting: what kind of meeting (in neutral words), the weekday,
date, time and place, and the family's details address. Never the child's name, the
worries, the categories or anything else a professional wrote; the place is the one
free text, because without it the reminder is no use.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _

from portal import clock
from portal.i18n import LANGUAGES
from portal.languages import locale_for
from portal.models.outgoing import Channel
from portal.names import clock_time, weekday_date
from portal.planning import EventKind
from portal.planning.format.messages import N_
from portal.reminders.schedule import CORRECTION, BookedMeeting, Due

# Keeps a date or time in its own order inside right-to-left text (plain text has no
# <bdi>): first strong isolate ... pop directional isolate.
ISOLATE, END_ISOLATE = "\u2068", "\u2069"


@dataclass(frozen=True)
class Wording:
    subject: str
    body: str


def compose(due: Due, *, language: str, channel: str, details_url: str, stop_url: str) -> Wording:
    """The subject (email) and text of one reminder, in `language`."""
    with force_locale(locale_for(language)):
        return _compose(
            due,
            channel=channel,
            details_url=details_url,
            stop_url=stop_url,
            rtl=LANGUAGES[language].direction == "rtl",
        )


def _compose(due: Due, *, channel: str, details_url: str, stop_url: str, rtl: bool) -> Wording:
    def iso(text: str) -> str:
        return f"{ISOLATE}{text}{END_ISOLATE}" if rtl else text

    meeting = due.meeting
    if due.purpose == CORRECTION and meeting.cancelled:
        when = (
            iso(weekday_date(clock.date_in_england(due.previous_start)))
            if due.previous_start
            else ""
        )
        subject = _("Cancelled: meeting on %(date)s", date=when)
        text = (
            _("A conference about your family's plan on %(date)s is cancelled.", date=when)
            if _is_conference(meeting)
            else _("A meeting about your family's plan on %(date)s is cancelled.", date=when)
        )
        text += " " + _("Your social worker will tell you the new date.")
    else:
        date_text = iso(weekday_date(meeting.date))
        subject = (
            _("Change: meeting on %(date)s", date=date_text)
            if due.purpose == CORRECTION
            else _("Reminder: meeting on %(date)s", date=date_text)
        )
        text = _sentence(meeting, due.purpose == CORRECTION, date_text, iso)
    text += " " + _("Details: %(address)s", address=iso(details_url))
    if channel == Channel.SMS:
        text += " " + _("Reply STOP to stop these reminders.")
    else:
        text += "\n\n" + _("To stop these reminders: %(address)s", address=iso(stop_url))
    return Wording(subject=subject, body=text)


# One whole sentence per case, so translators see each in full: (a change?, a review
# conference?, a time?, a place?) → the sentence.
SENTENCES = {
    (False, True, True, True): N_(
        "Reminder: a review conference about your family's plan is on %(date)s "
        "at %(time)s, %(place)s."
    ),
    (False, True, True, False): N_(
        "Reminder: a review conference about your family's plan is on %(date)s at %(time)s."
    ),
    (False, True, False, True): N_(
        "Reminder: a review conference about your family's plan is on %(date)s, %(place)s."
    ),
    (False, True, False, False): N_(
        "Reminder: a review conference about your family's plan is on %(date)s."
    ),
    (False, False, True, True): N_(
        "Reminder: a meeting about your family's plan is on %(date)s at %(time)s, %(place)s."
    ),
    (False, False, True, False): N_(
        "Reminder: a meeting about your family's plan is on %(date)s at %(time)s."
    ),
    (False, False, False, True): N_(
        "Reminder: a meeting about your family's plan is on %(date)s, %(place)s."
    ),
    (False, False, False, False): N_(
        "Reminder: a meeting about your family's plan is on %(date)s."
    ),
    (True, True, True, True): N_(
        "Change: the conference about your family's plan is now on %(date)s at %(time)s, %(place)s."
    ),
    (True, True, True, False): N_(
        "Change: the conference about your family's plan is now on %(date)s at %(time)s."
    ),
    (True, True, False, True): N_(
        "Change: the conference about your family's plan is now on %(date)s, %(place)s."
    ),
    (True, True, False, False): N_(
        "Change: the conference about your family's plan is now on %(date)s."
    ),
    (True, False, True, True): N_(
        "Change: the meeting about your family's plan is now on %(date)s at %(time)s, %(place)s."
    ),
    (True, False, True, False): N_(
        "Change: the meeting about your family's plan is now on %(date)s at %(time)s."
    ),
    (True, False, False, True): N_(
        "Change: the meeting about your family's plan is now on %(date)s, %(place)s."
    ),
    (True, False, False, False): N_(
        "Change: the meeting about your family's plan is now on %(date)s."
    ),
}


def _sentence(meeting: BookedMeeting, changed: bool, date_text: str, iso) -> str:
    time_text = iso(clock_time(meeting.time)) if meeting.time else None
    key = (changed, _is_conference(meeting), time_text is not None, bool(meeting.place))
    values = {"date": date_text, "time": time_text, "place": meeting.place}
    return _(SENTENCES[key], **{name: value for name, value in values.items() if value})


def _is_conference(meeting: BookedMeeting) -> bool:
    return meeting.kind == EventKind.REVIEW_CONFERENCE
