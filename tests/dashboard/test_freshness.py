"""The dashboard says so when a procedure's timescales changed after its due dates were
worked out, until `flask dashboard refresh` works them out again."""

import dataclasses

from portal.models import PortalState, db
from portal.planning import timescales_fingerprint
from tests.dashboard.conftest import record

DASHBOARD = "/en/professional/dashboard"
PAGES = [f"{DASHBOARD}/", f"{DASHBOARD}/measures", f"{DASHBOARD}/approaching"]


def test_only_timescales_change_the_fingerprint(app):
    profiles = app.extensions["profiles"]
    england = profiles["england"]
    same = timescales_fingerprint(profiles)
    reworded = {
        **profiles,
        "england": dataclasses.replace(england, name="Another name", core_group_note="New."),
    }
    assert timescales_fingerprint(reworded) == same
    slower = {**profiles, "england": dataclasses.replace(england, review_interval_months=5)}
    assert timescales_fingerprint(slower) != same
    milestone = profiles["west-sussex"].milestones[0]
    moved = dataclasses.replace(
        profiles["west-sussex"],
        milestones=(
            dataclasses.replace(milestone, at_months=(milestone.at_months or 0) + 1),
            *profiles["west-sussex"].milestones[1:],
        ),
    )
    assert timescales_fingerprint({**profiles, "west-sussex": moved}) != same


def _warning(portal, url):
    return portal.page(url).select_one("#timescales-changed")


def test_changed_timescales_are_flagged_until_the_dates_are_worked_out_again(portal):
    portal.store(record("2026-01-12"))
    portal.sign_in("manager")
    for url in PAGES:
        assert _warning(portal, url) is None, "the migration recorded today's timescales"

    with portal.app.app_context():
        db.session.get(PortalState, "dashboard_timescales").value = "older-timescales"
        db.session.commit()
    for url in PAGES:
        warning = _warning(portal, url)
        assert warning is not None and "flask dashboard refresh" in warning.get_text()

    result = portal.app.test_cli_runner().invoke(args=["dashboard", "refresh"])
    assert result.exit_code == 0, result.output
    with portal.app.app_context():
        stored = db.session.get(PortalState, "dashboard_timescales").value
    assert stored == timescales_fingerprint(portal.app.extensions["profiles"])
    for url in PAGES:
        assert _warning(portal, url) is None


def test_a_database_without_the_record_is_flagged_and_refresh_records_it(portal):
    portal.sign_in("manager")
    with portal.app.app_context():
        db.session.delete(db.session.get(PortalState, "dashboard_timescales"))
        db.session.commit()
    assert _warning(portal, PAGES[0]) is not None
    assert portal.app.test_cli_runner().invoke(args=["dashboard", "refresh"]).exit_code == 0
    assert _warning(portal, PAGES[0]) is None
