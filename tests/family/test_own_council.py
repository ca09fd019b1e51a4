"""The family's own pages keep to the family's guides: no link to other councils'
procedure chapters, in the footer or anywhere else on the page."""

from bs4 import BeautifulSoup

from tests.family.plans import record


def test_the_family_plan_page_has_no_procedures_link(client, sign_in, today):
    today("2026-03-01")
    sign_in(record(profile="stoke-on-trent", start="2026-01-12"))
    for url in ("/en/my-plan", "/ur/my-plan"):
        response = client.get(url)
        assert response.status_code == 200
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        assert soup.select("footer a[href]"), "the footer is there"
        assert not [a for a in soup.select("a[href]") if "/procedures" in a["href"]], url
