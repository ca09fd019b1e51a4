"""Rate limits in front of the passcode, sign-in and API doors."""


def test_api_calls_are_limited_with_a_json_answer(make_app):
    app = make_app(RATELIMIT_ENABLED=True, PORTAL_API_RATE_LIMIT="2 per minute")
    client = app.test_client()
    headers = {"Authorization": "Bearer not-a-real-key"}
    statuses = [client.get("/api/v1/plans", headers=headers).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    limited = client.get("/api/v1/plans", headers=headers)
    assert limited.is_json
    # Wrong keys count against the address, whatever string is sent.
    other_key = client.get("/api/v1/plans", headers={"Authorization": "Bearer another"})
    assert other_key.status_code == 429


def test_family_and_sign_in_posts_are_limited_per_address(make_app):
    app = make_app(
        RATELIMIT_ENABLED=True, PORTAL_FORM_RATE_LIMIT="3 per minute", WTF_CSRF_ENABLED=False
    )
    client = app.test_client()
    statuses = [
        client.post("/en/f/made-up-token", data={"passcode": "1"}).status_code for _ in range(4)
    ]
    assert statuses[:3] == [404, 404, 404]
    assert statuses[3] == 429
    assert "Please wait and try again" in client.post("/en/f/x").get_data(as_text=True)
    # Another address is not affected.
    other = client.post("/en/f/made-up-token", environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert other.status_code == 404
    assert client.get("/en/parents/core-group").status_code == 200, "reading is never limited"


def test_a_shared_store_that_does_not_answer_stops_nothing_and_limits_still_hold(make_app):
    """Redis down (nothing listens on the port): each process counts in memory meanwhile."""
    app = make_app(
        RATELIMIT_ENABLED=True,
        PORTAL_API_RATE_LIMIT="2 per minute",
        RATELIMIT_STORAGE_URI="redis://127.0.0.1:9/0",  # the discard port: nothing answers
    )
    client = app.test_client()
    headers = {"Authorization": "Bearer not-a-real-key"}
    statuses = [client.get("/api/v1/plans", headers=headers).status_code for _ in range(4)]
    assert statuses[:2] == [401, 401]
    assert set(statuses[2:]) == {429}
    assert client.get("/en/parents/core-group").status_code == 200
