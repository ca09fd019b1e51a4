"""Rate limits in front of the passcode, sign-in and API doors."""


def test_api_calls_are_limited_per_key_with_a_json_answer(make_app):
    app = make_app(RATELIMIT_ENABLED=True, PORTAL_API_RATE_LIMIT="2 per minute")
    client = app.test_client()
    headers = {"Authorization": "Bearer not-a-real-key"}
    statuses = [client.get("/api/v1/plans", headers=headers).status_code for _ in range(3)]
    assert statuses == [401, 401, 429]
    limited = client.get("/api/v1/plans", headers=headers)
    assert limited.is_json
    other_key = client.get("/api/v1/plans", headers={"Authorization": "Bearer another"})
    assert other_key.status_code == 401
