"""Review finding 19 (b, c).

(b) Any family page and `/exit` cleared the whole session with a GET, so another site
could sign a professional out with a link. Now they end the family sign-in only; a
professional's session survives (and `/exit` still clears everything, cookies too,
when no professional is signed in).

(c) A family session lasted an hour from the first plan page (the cookie is signed
again when the CSRF secret is added), not from the passcode. Now the hour counts from
the passcode, as documented.
"""

import datetime as dt

from portal import clock
from tests.records.helpers import example

PLANS = "/en/professional/plans"


def test_cross_site_sign_out_exit_keeps_a_professional_signed_in(client, signed_in):
    signed_in("chair")
    response = client.get("/exit", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 303
    assert "Clear-Site-Data" not in response.headers
    assert client.get(PLANS).status_code == 200


def test_cross_site_sign_out_family_page_keeps_a_professional_signed_in(client, signed_in):
    signed_in("chair")
    for path in ("/en/my-plan", "/en/my-plan/young-person"):
        response = client.get(path, headers={"Sec-Fetch-Site": "cross-site"})
        assert response.status_code == 303
        assert client.get(PLANS).status_code == 200, path


def test_cross_site_sign_out_exit_still_ends_a_family_session(
    app, client, save_plan, make_link, enter_passcode
):
    plan_id = save_plan(example("england-new-plan"))
    _, token, passcode = make_link(plan_id)
    assert enter_passcode(token, passcode).status_code == 303
    assert client.get("/en/my-plan").status_code == 200
    response = client.get("/exit")
    assert response.headers["Clear-Site-Data"] == '"cookies"'
    assert client.get("/en/my-plan").status_code == 303


def test_cross_site_sign_out_family_hour_counts_from_the_passcode(
    app, client, save_plan, make_link, enter_passcode, monkeypatch
):
    plan_id = save_plan(example("england-new-plan"))
    _, token, passcode = make_link(plan_id)
    start = clock.now()
    moment = {"now": start}
    monkeypatch.setattr(clock, "now", lambda: moment["now"])
    assert enter_passcode(token, passcode).status_code == 303
    # The first plan page comes 50 minutes after the passcode.
    moment["now"] = start + dt.timedelta(minutes=50)
    assert client.get("/en/my-plan").status_code == 200
    moment["now"] = start + dt.timedelta(minutes=61)
    assert client.get("/en/my-plan").status_code == 303, "over an hour since the passcode"
