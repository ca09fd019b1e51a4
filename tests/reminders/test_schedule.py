"""The reminder rules on their own: what is due when, once, and what a change calls for."""

import datetime as dt

import pytest

from portal.reminders.schedule import (
    CANCELLED,
    CORRECTION,
    DAY_BEFORE,
    MAX_ATTEMPTS,
    TWO_HOURS,
    BookedMeeting,
    PastDelivery,
    due_reminders,
    retry_gap,
)

# Tuesday 12 January 2027, 10:00 in England (GMT, so 10:00 UTC too).
MEETING = BookedMeeting(
    "core-group-2", "core_group", dt.date(2027, 1, 12), dt.time(10), "Family centre"
)


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def sent(
    meeting: BookedMeeting,
    purpose: str,
    when: str,
    *,
    id=1,
    status="sent",
    attempts=1,
    next_at=None,
):
    return PastDelivery(
        id=id,
        meeting=meeting.key,
        purpose=purpose,
        fingerprint=meeting.fingerprint,
        status=status,
        attempts=attempts,
        next_attempt_at=next_at,
        sent_at=at(when) if status == "sent" else None,
        meeting_at=meeting.starts,
    )


def purposes(due):
    return [(d.meeting.key, d.purpose) for d in due]


def test_nothing_before_the_day_before():
    assert due_reminders([MEETING], [], at("2027-01-11T09:59"), two_hours_before=True) == []


def test_day_before_reminder_24_hours_before_a_timed_meeting():
    due = due_reminders([MEETING], [], at("2027-01-11T10:00"), two_hours_before=False)
    assert purposes(due) == [("core-group-2", DAY_BEFORE)]


def test_sent_once_then_nothing_until_two_hours_before():
    past = [sent(MEETING, DAY_BEFORE, "2027-01-11T10:00")]
    assert due_reminders([MEETING], past, at("2027-01-11T10:15"), two_hours_before=True) == []
    due = due_reminders([MEETING], past, at("2027-01-12T08:00"), two_hours_before=True)
    assert purposes(due) == [("core-group-2", TWO_HOURS)]
    # Without the member's wish for it, no second message.
    assert due_reminders([MEETING], past, at("2027-01-12T08:00"), two_hours_before=False) == []


def test_never_after_the_meeting_has_started():
    assert due_reminders([MEETING], [], at("2027-01-12T10:00"), two_hours_before=True) == []


def test_a_late_run_sends_one_message_not_two():
    due = due_reminders([MEETING], [], at("2027-01-12T09:00"), two_hours_before=True)
    assert purposes(due) == [("core-group-2", TWO_HOURS)]


def test_meeting_without_a_time_is_reminded_at_9am_the_day_before():
    untimed = BookedMeeting(
        "review-conference-1", "review_conference", dt.date(2027, 7, 6), None, None
    )
    # July: British Summer Time, so 9am in England is 08:00 UTC.
    assert due_reminders([untimed], [], at("2027-07-05T07:59"), two_hours_before=True) == []
    assert purposes(
        due_reminders([untimed], [], at("2027-07-05T08:00"), two_hours_before=True)
    ) == [("review-conference-1", DAY_BEFORE)]
    # No two-hour reminder without a time; none after 9am on the day.
    assert due_reminders([untimed], [], at("2027-07-06T08:00"), two_hours_before=True) == []


def test_a_moved_meeting_gets_one_correction_then_its_own_reminder():
    past = [sent(MEETING, DAY_BEFORE, "2027-01-11T10:00")]
    moved = BookedMeeting(
        "core-group-2", "core_group", dt.date(2027, 1, 19), dt.time(14), "Family centre"
    )
    due = due_reminders([moved], past, at("2027-01-11T12:00"), two_hours_before=False)
    assert purposes(due) == [("core-group-2", CORRECTION)]
    assert due[0].previous_start == MEETING.starts
    past.append(
        PastDelivery(
            2,
            moved.key,
            CORRECTION,
            moved.fingerprint,
            "sent",
            1,
            None,
            at("2027-01-11T12:00"),
            moved.starts,
        )
    )
    assert due_reminders([moved], past, at("2027-01-11T12:15"), two_hours_before=False) == []
    # The day before the new date: the ordinary reminder, for the new date.
    due = due_reminders([moved], past, at("2027-01-18T14:00"), two_hours_before=False)
    assert purposes(due) == [("core-group-2", DAY_BEFORE)]
    assert due[0].meeting.fingerprint == moved.fingerprint


def test_a_change_in_place_alone_is_a_change():
    past = [sent(MEETING, DAY_BEFORE, "2027-01-11T10:00")]
    elsewhere = BookedMeeting(
        "core-group-2", "core_group", MEETING.date, MEETING.time, "School hall"
    )
    assert purposes(
        due_reminders([elsewhere], past, at("2027-01-11T11:00"), two_hours_before=False)
    ) == [("core-group-2", CORRECTION)]


def test_no_correction_when_no_reminder_was_sent():
    moved = BookedMeeting("core-group-2", "core_group", dt.date(2027, 1, 19), dt.time(14), None)
    failed = [
        sent(
            MEETING, DAY_BEFORE, "2027-01-11T10:00", status="failed", next_at=at("2027-01-11T10:05")
        )
    ]
    assert due_reminders([moved], failed, at("2027-01-11T11:00"), two_hours_before=False) == []


def test_a_meeting_taken_out_after_its_reminder_is_cancelled_once():
    past = [sent(MEETING, DAY_BEFORE, "2027-01-11T10:00")]
    due = due_reminders([], past, at("2027-01-11T11:00"), two_hours_before=False)
    assert [(d.meeting.key, d.purpose, d.meeting.fingerprint) for d in due] == [
        ("core-group-2", CORRECTION, CANCELLED)
    ]
    assert due[0].previous_start == MEETING.starts
    past.append(
        PastDelivery(
            2,
            "core-group-2",
            CORRECTION,
            CANCELLED,
            "sent",
            1,
            None,
            at("2027-01-11T11:00"),
            MEETING.starts,
        )
    )
    assert due_reminders([], past, at("2027-01-11T11:15"), two_hours_before=False) == []


def test_no_cancellation_for_a_meeting_already_over():
    past = [sent(MEETING, DAY_BEFORE, "2027-01-11T10:00")]
    assert due_reminders([], past, at("2027-01-12T10:00"), two_hours_before=False) == []


def test_a_correction_covers_a_reminder_already_due_for_the_new_time():
    past = [sent(MEETING, DAY_BEFORE, "2027-01-11T10:00")]
    sooner = BookedMeeting("core-group-2", "core_group", dt.date(2027, 1, 11), dt.time(16), None)
    due = due_reminders([sooner], past, at("2027-01-11T10:30"), two_hours_before=False)
    assert purposes(due) == [("core-group-2", CORRECTION)]
    assert due[0].covers == (DAY_BEFORE,)


@pytest.mark.parametrize("attempts", [1, 2, 3, 4])
def test_failed_sends_are_tried_again_with_growing_gaps(attempts):
    failed_at = at("2027-01-11T10:00")
    next_at = failed_at + retry_gap(attempts)
    past = [
        sent(
            MEETING,
            DAY_BEFORE,
            "2027-01-11T10:00",
            status="failed",
            attempts=attempts,
            next_at=next_at,
        )
    ]
    assert (
        due_reminders([MEETING], past, next_at - dt.timedelta(minutes=1), two_hours_before=False)
        == []
    )
    due = due_reminders([MEETING], past, next_at, two_hours_before=False)
    assert [d.retry_of for d in due] == [1]
    assert retry_gap(attempts) == dt.timedelta(minutes=5 * 3 ** (attempts - 1))


def test_gives_up_after_the_last_attempt():
    past = [
        sent(
            MEETING,
            DAY_BEFORE,
            "2027-01-11T10:00",
            status="failed",
            attempts=MAX_ATTEMPTS,
            next_at=at("2027-01-11T10:05"),
        )
    ]
    assert due_reminders([MEETING], past, at("2027-01-11T12:00"), two_hours_before=False) == []


def test_summer_time_is_england_time():
    # 1 July 2027 at 10:00 in England is 09:00 UTC: the day-before reminder at 09:00 UTC on 30 June.
    summer = BookedMeeting("core-group-5", "core_group", dt.date(2027, 7, 1), dt.time(10), None)
    assert summer.starts == at("2027-07-01T09:00")
    assert due_reminders([summer], [], at("2027-06-30T08:59"), two_hours_before=False) == []
    assert len(due_reminders([summer], [], at("2027-06-30T09:00"), two_hours_before=False)) == 1


def test_a_meeting_taken_out_just_after_midnight_in_summer_keeps_its_date_in_england():
    """00:30 on 15 June in England is 23:30 on 14 June in UTC, as meeting_at keeps it:
    the cancelled meeting is the one on the 15th."""
    late = BookedMeeting("core-group-2", "core_group", dt.date(2027, 6, 15), dt.time(0, 30), None)
    assert late.starts == at("2027-06-14T23:30")
    past = [sent(late, DAY_BEFORE, "2027-06-14T00:30")]
    (due,) = due_reminders([], past, at("2027-06-14T12:00"), two_hours_before=False)
    assert (due.purpose, due.meeting.cancelled) == (CORRECTION, True)
    assert due.meeting.date == dt.date(2027, 6, 15)
    assert due.previous_start == late.starts


def test_statuses_and_channels_are_the_strings_the_tables_hold():
    """Stored rows are read with these members: their values must never change."""
    from portal.models.outgoing import Channel, DeliveryStatus

    assert [status.value for status in DeliveryStatus] == [
        "sending",
        "sent",
        "failed",
        "gave-up",
        "covered",
    ]
    assert [channel.value for channel in Channel] == ["email", "sms"]
    assert DeliveryStatus.GAVE_UP == "gave-up" and {Channel.SMS: 1}.get("sms") == 1
