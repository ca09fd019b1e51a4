"""A deployment serves one council (PORTAL_PROFILE): the family guides speak of "your
council" and show that council's own rules from its profile; other councils' procedure
chapters stay in the procedures section, for professionals, out of family guides and
the family footer."""

import shutil

import pytest
from bs4 import BeautifulSoup

from portal.config import ROOT
from portal.content.library import source_hash
from portal.content.markdown_ext import LOCAL_NAMES
from portal.names import FAMILY_SECTIONS, milestone_title
from portal.public.local_rules import LOCAL_SECTIONS

GUIDE = "/en/parents/how-long-plans-last"
EASY_READ = "/en/easy-read/how-long-plans-last"


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def words(text: str) -> str:
    return " ".join(text.split())


def panel(soup, name):
    found = soup.select(f'main div.portal-local[data-local="{name}"]')
    assert len(found) == 1, f"expected one {name} panel"
    return words(found[0].get_text(" "))


def test_every_local_place_has_a_template():
    assert set(LOCAL_SECTIONS) == set(LOCAL_NAMES)


@pytest.mark.parametrize(
    "profile_id",
    ["england", "greenwich", "stoke-on-trent", "twenty-one-month-policy", "west-sussex"],
)
def test_the_long_plans_guide_shows_only_the_deployments_own_checks(make_app, profile_id):
    app = make_app(PORTAL_PROFILE=profile_id)
    profiles = app.extensions["profiles"]
    own = profiles[profile_id]
    for url in (GUIDE, EASY_READ):
        soup = soup_of(app.test_client(), url)
        text = panel(soup, "extra-checks")
        assert "[[local:" not in str(soup)
        for milestone in own.milestones:
            # The family timeline's name, never the procedure's ("Line manager review").
            assert milestone_title(milestone.id) in text
            if milestone.name != milestone_title(milestone.id):
                assert milestone.name not in text
            # Easy Read gives one line a check; the parents' page says it in full.
            assert (words(milestone.family) in text) == (url == GUIDE), (url, milestone.id)
        for other_id, other in profiles.items():
            for milestone in other.milestones:
                if other_id != profile_id and milestone.family not in {
                    m.family for m in own.milestones
                }:
                    assert words(milestone.family) not in text, (profile_id, other_id)
        if own.exceptional_review is not None:  # the 24-month conference, only if needed
            assert (words(own.exceptional_review.family) in text) == (url == GUIDE)
            assert own.exceptional_review.name in text
        if url == EASY_READ:  # timing in months of the plan, never a review's number
            assert "review conference" not in text
        if not own.milestones:
            assert text.endswith(
                "Ask your social worker if your council makes extra checks on long plans."
            )
        if own.milestones and own.source.authority:
            assert (own.source.authority in text) == (url == GUIDE)


def test_the_core_group_guide_shows_the_deployments_interval_and_note(make_app):
    greenwich = make_app(PORTAL_PROFILE="greenwich")
    profile = greenwich.extensions["profiles"]["greenwich"]
    text = panel(soup_of(greenwich.test_client(), "/en/parents/core-group"), "core-group")
    assert f"within {profile.first_core_group.amount} days of the conference" in text
    assert f"at least every {profile.core_group_max_interval_weeks} weeks" in text
    assert words(profile.core_group_note) in text

    stoke = make_app(PORTAL_PROFILE="stoke-on-trent")
    text = panel(soup_of(stoke.test_client(), "/en/parents/core-group"), "core-group")
    assert "within 10 working days of the conference" in text
    assert "six to nine" not in text


def test_an_unknown_profile_still_shows_the_page_with_general_advice(make_app):
    app = make_app(PORTAL_PROFILE="nowhere")
    text = panel(soup_of(app.test_client(), "/en/parents/core-group"), "core-group")
    assert text.endswith("Ask your social worker how often your group will meet.")


def test_a_translated_page_shows_the_councils_rules_in_the_readers_language(tmp_path, make_app):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    english = (content / "en/parents/core-group.md").read_text(encoding="utf-8")
    front, body = english.split("---", 2)[1:]
    (content / "pl/parents/core-group.md").write_text(
        f"---{front}source_hash: {source_hash(english)}\n---{body}", encoding="utf-8"
    )
    app = make_app(CONTENT_DIR=content, PORTAL_PROFILE="west-sussex")
    text = panel(soup_of(app.test_client(), "/pl/parents/core-group"), "core-group")
    assert text.startswith("W Pana/Pani samorządzie")
    assert "co 6 tygodni" in text


# Places whose procedures are on the procedures pages; a family guide names none of them.
OTHER_COUNCILS = ("Stoke", "West Sussex", "Swindon", "North Yorkshire", "Greenwich")


def test_family_guides_do_not_send_families_to_other_councils_procedures(app, client):
    library = app.extensions["content"]
    family_pages = [
        p
        for (lang, section, _), p in library.pages.items()
        if lang == "en" and section in FAMILY_SECTIONS
    ]
    assert len(family_pages) > 15
    for page in family_pages:
        url = f"/en/{page.section}/{page.slug}"
        soup = soup_of(client, url)
        main = soup.select_one("main")
        links = [a["href"] for a in main.select("a[href]")]
        assert not [h for h in links if "/procedures" in h], url
        for place in OTHER_COUNCILS:
            assert place not in page.text, (url, place)
        assert not soup.select('footer a[href="/en/procedures/"]'), url


def test_procedures_stay_reachable_for_professionals(client):
    for url in ("/en/", "/en/professionals/", "/en/procedures/", "/en/glossary"):
        soup = soup_of(client, url)
        link = soup.select_one('footer a[href="/en/procedures/"]')
        assert link is not None and link.get_text() == "Procedures for professionals", url


def test_the_easy_read_box_has_a_picture_and_one_line_for_each_kind_of_check(make_app):
    client = make_app(PORTAL_PROFILE="twenty-one-month-policy").test_client()
    box = soup_of(client, EASY_READ).select_one("main div.portal-local")
    lines = box.select(".portal-picture-line")
    assert len(lines) == len(box.select("p, li"))
    assert all(line.img["alt"] == "" for line in lines)
    checks = [words(li.get_text(" ")) for li in box.select("li")]
    assert checks == [
        "At about 12 months: Chair's one-year check. The chair checks the plan with your "
        "social worker. You do not go.",
        "At about 15 months: Legal planning meeting. The council may talk to its lawyers. "
        "This is not court. You do not go.",
        "Quality check at 18 months. A manager checks how well the plan works. You do not go.",
        "At about 24 months: 24-month conference. This meeting only happens in rare cases. "
        "You are asked to come.",
    ]
    pictures = [li.img["src"].rsplit("/", 1)[-1] for li in box.select("li")]
    assert pictures == ["chair.svg", "lawyer.svg", "quality.svg", "meeting.svg"]
    # The parents' page keeps its box as plain text, without pictures.
    guide = soup_of(client, "/en/parents/how-long-plans-last")
    assert not guide.select(".portal-local .portal-picture-line")


def test_a_check_after_a_review_is_timed_in_months_of_the_plan(make_app):
    client = make_app(PORTAL_PROFILE="stoke-on-trent").test_client()
    text = panel(soup_of(client, EASY_READ), "extra-checks")
    assert "Between 9 and 12 months: Managers' review of the plan." in text
    assert "Managers check the plan. You do not go." in text


@pytest.mark.parametrize(("lang", "stop"), [("ur", "۔"), ("bn", "।")])
def test_the_box_ends_its_lines_with_the_languages_own_full_stop(make_app, lang, stop):
    client = make_app(PORTAL_PROFILE="twenty-one-month-policy").test_client()
    box = soup_of(client, f"/{lang}/easy-read/how-long-plans-last").select_one(
        "main div.portal-local"
    )
    for item in box.select("li"):
        assert "." not in item.get_text(), item.get_text()
        assert item.strong.get_text().endswith(stop)
