"""Review finding 8: the sign-in `next` check ran before Werkzeug strips tab, CR and LF.

`next=/%09/professional/x` redirected to `//professional/x` (another host), and CR/LF
in `next` gave a 500 (after signing the user in). Now any control character or space
refuses `next`: the user goes to their home page instead.
"""

import pytest

from tests.professional.conftest import post, sign_in

PAYLOADS = [
    "/\t/professional/x",
    "/\n/professional/x",
    "/\r\nSet-Cookie: x=1/professional",
    "/en/professional/plans\r\nSet-Cookie: x=1",
    "/\x0b/professional/x",
    "/ /professional/x",
    "/\u2028/professional/x",
]


def _stays_home(response) -> bool:
    location = response.headers.get("Location", "")
    return (
        response.status_code == 302
        and location.startswith("/en/professional/")
        and not location.startswith("//")
        and "Set-Cookie" not in location
        and "\n" not in location
        and "x=1" not in response.headers.get("Set-Cookie", "")
    )


@pytest.mark.parametrize("target", PAYLOADS)
def test_sign_in_next_with_control_characters_when_signed_in(client, signed_in, target):
    signed_in("chair")
    response = client.get("/en/professional/sign-in", query_string={"next": target})
    assert _stays_home(response), (response.status_code, response.headers.get("Location"))


@pytest.mark.parametrize("target", PAYLOADS)
def test_sign_in_next_with_control_characters_at_sign_in(client, make_user, target):
    user = make_user("chair")
    page = client.get("/en/professional/sign-in", query_string={"next": target})
    assert page.status_code == 200
    response = post(
        client,
        "/en/professional/sign-in",
        {"email": user.email, "password": "correct horse battery staple", "next": target},
    )
    assert _stays_home(response), (response.status_code, response.headers.get("Location"))


def test_sign_in_next_still_follows_a_plain_professional_page(client, make_user):
    user = make_user("chair")
    assert sign_in(client, user).status_code == 302
    response = client.get(
        "/en/professional/sign-in", query_string={"next": "/en/professional/plans?page=2"}
    )
    assert response.headers["Location"] == "/en/professional/plans?page=2"
