"""Review finding 12: the lead social worker's email accepted `?`, `%`, `"` and `<`,
so the family page's `mailto:` link could carry `?bcc=attacker%40evil.example`.

An email address is now an address and nothing else, wherever the portal keeps one
(plan records and staff accounts).
"""

import pytest

from portal.planning import RecordInvalid, parse_record
from portal.workspace.auth import is_valid_email
from tests.planning.helpers import full_plan

HOSTILE = [
    "x@example.org?bcc=attacker%40evil.example",
    "x%40evil.example@example.org",
    'x"><svg/onload=alert(1)>@example.org',
    "x@example.org&cc=a@evil.example",
    "<x@example.org>",
]


@pytest.mark.parametrize("email", HOSTILE)
def test_lead_email_mailto_refuses_header_injection(app, email):
    record = full_plan()
    record["lead_social_worker"]["email"] = email
    with pytest.raises(RecordInvalid) as refused:
        parse_record(record, app.extensions["profiles"])
    assert "/lead_social_worker/email" in [e.pointer for e in refused.value.errors]
    assert not is_valid_email(email)


@pytest.mark.parametrize(
    "email", ["kim.lee@council.gov.uk", "o'neil+cp@example.org", "zoë@łódź.pl"]
)
def test_lead_email_mailto_keeps_real_addresses(app, email):
    record = full_plan()
    record["lead_social_worker"]["email"] = email
    parse_record(record, app.extensions["profiles"])
    assert is_valid_email(email)
