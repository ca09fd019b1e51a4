"""The plan's Translations step: every free-text value with its English and a box per
language the family uses; saved as the whole record, through the same validation."""

import json

import pytest
from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict

from portal.planning import parse_record
from portal.planning.format import free_text_pointers
from tests.professional.conftest import form_fields, full_record, post

POLISH = "Maja często opuszczała szkołę i posiłki w domu."  # the example's translation
CONCERN = "Maja has often missed school and meals at home."


def soup_of(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def step_url(reference: str) -> str:
    return f"/en/professional/plans/{reference}/translations"


def the_form(client, reference, query=""):
    page = soup_of(client.get(step_url(reference) + query))
    return page, MultiDict(form_fields(page, page.select_one("main form[method=post]")))


def exported(client, reference) -> dict:
    return json.loads(client.get(f"/en/professional/plans/{reference}/export").get_data())


def test_every_free_text_value_has_its_english_and_a_box(app, client, signed_in, store_plan):
    me = signed_in("social-worker")
    record = full_record()
    plan = store_plan(record, owner=me)
    page = soup_of(client.get(f"/en/professional/plans/{plan['reference']}"))
    step = page.select_one("#translations")
    assert step is not None
    listed = " ".join(step.find_next("ul").get_text().split())
    with app.app_context():
        pointers = list(free_text_pointers(parse_record(record, app.extensions["profiles"])))
    assert listed == f"Polish (Polski): 1 of {len(pointers)} translated, 0 out of date"
    assert page.select_one(f"a[href='{step_url(plan['reference'])}']") is not None

    page, _fields = the_form(client, plan["reference"])
    boxes = page.select("main textarea")
    assert [b["name"] for b in boxes] == [
        "translation-pl-" + p[1:].replace("/", "-") for p in pointers
    ]
    assert all(b["lang"] == "pl" and b["dir"] == "ltr" for b in boxes)
    concern = page.select_one("#translation-pl-concerns-0")
    assert concern.get_text().strip() == POLISH
    english = concern.find_parent(class_="portal-translation").select_one("[lang=en]")
    assert english.get_text() == CONCERN
    assert not page.select(".govuk-tag--yellow")  # nothing out of date


def test_saving_adds_changes_and_removes_translations(client, signed_in, store_plan, stored):
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)
    _page, fields = the_form(client, plan["reference"])
    fields["translation-pl-concerns-0"] = ""  # removed
    fields["translation-pl-contingency"] = "Jeśli frekwencja się nie poprawi…"
    fields["translation-pl-core_group-0-role"] = "Matka"
    response = post(client, step_url(plan["reference"]), fields)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/plans/{plan['reference']}")
    out = exported(client, plan["reference"])
    assert out["translations"] == {
        "pl": {
            "/core_group/0/role": {"text": "Matka", "english": "Mother"},
            "/contingency": {
                "text": "Jeśli frekwencja się nie poprawi…",
                "english": out["contingency"],
            },
        }
    }
    assert stored(plan["reference"]).version == plan["version"] + 1
    # Everything else is as it was.
    assert {k: v for k, v in out.items() if k != "translations"} == {
        k: v for k, v in full_record(reference=plan["reference"]).items() if k != "translations"
    }


def test_an_out_of_date_translation_is_flagged_and_stays_so_until_changed_or_confirmed(
    client, signed_in, store_plan
):
    me = signed_in("social-worker")
    record = full_record()
    record["concerns"][0] = "Maja now misses school on Mondays."
    plan = store_plan(record, owner=me)
    summary = soup_of(client.get(f"/en/professional/plans/{plan['reference']}"))
    assert "1 out of date" in summary.select_one("#translations").find_next("ul").get_text()

    page, fields = the_form(client, plan["reference"])
    group = page.select_one("#translation-pl-concerns-0").find_parent(class_="govuk-form-group")
    assert "Out of date" in group.select_one(".govuk-tag--yellow").get_text()
    assert CONCERN in group.select_one(".govuk-hint").get_text()  # what it was made from
    assert group.select_one("input[type=checkbox]")["name"] == "still-right-pl-concerns-0"

    # Saved unchanged: still the translation of the old English.
    assert post(client, step_url(plan["reference"]), fields).status_code == 302
    stale = exported(client, plan["reference"])["translations"]["pl"]["/concerns/0"]
    assert stale == {"text": POLISH, "english": CONCERN}

    # Ticked as still right: now the translation of today's English.
    _page, fields = the_form(client, plan["reference"])
    fields["still-right-pl-concerns-0"] = "yes"
    assert post(client, step_url(plan["reference"]), fields).status_code == 302
    fresh = exported(client, plan["reference"])["translations"]["pl"]["/concerns/0"]
    assert fresh == {"text": POLISH, "english": "Maja now misses school on Mondays."}


def test_a_bad_translation_is_named_at_its_box_and_nothing_is_stored(
    client, signed_in, store_plan, stored
):
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)
    _page, fields = the_form(client, plan["reference"])
    fields["translation-pl-strengths-0"] = "Anna jest ciepła."
    fields["translation-pl-contingency"] = "x" * 5001
    response = post(client, step_url(plan["reference"]), fields)
    assert response.status_code == 422
    page = soup_of(response)
    (link,) = page.select(".govuk-error-summary__list a")
    assert link["href"] == "#translation-pl-contingency"
    # The summary names the box: which text, which language.
    assert link.get_text().startswith("Contingency plan, Polish (Polski): ")
    box = page.select_one("#translation-pl-contingency")
    assert "govuk-textarea--error" in box["class"]
    assert box["aria-describedby"] == "translation-pl-contingency-error"
    # What was typed is kept.
    assert page.select_one("#translation-pl-strengths-0").get_text().strip() == "Anna jest ciepła."
    after = stored(plan["reference"])
    assert after.version == plan["version"]
    assert "/strengths/0" not in after.record["translations"]["pl"]


def test_the_step_needs_the_csrf_token(client, signed_in, store_plan, stored):
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)
    _page, fields = the_form(client, plan["reference"])
    fields.pop("csrf_token")
    fields["translation-pl-concerns-0"] = "Zmienione"
    response = client.post(step_url(plan["reference"]), data=fields)
    assert response.status_code == 400
    assert stored(plan["reference"]).version == plan["version"]


def test_a_save_on_an_old_version_is_refused(client, signed_in, store_plan, stored):
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)
    _page, fields = the_form(client, plan["reference"])
    fields["version"] = str(plan["version"] + 5)
    fields["translation-pl-concerns-0"] = "Zmienione"
    response = post(client, step_url(plan["reference"]), fields)
    assert response.status_code == 409
    assert stored(plan["reference"]).version == plan["version"]


def test_arabic_boxes_read_right_to_left(client, signed_in, store_plan):
    me = signed_in("social-worker")
    plan = store_plan(full_record(language="ar", translations={}), owner=me)
    page, _fields = the_form(client, plan["reference"])
    box = page.select_one("#translation-ar-concerns-0")
    assert box["lang"] == "ar" and box["dir"] == "rtl"


def test_another_language_can_be_added_for_another_family_member(client, signed_in, store_plan):
    me = signed_in("social-worker")
    plan = store_plan(full_record(language="en", translations={}), owner=me)
    page = soup_of(client.get(step_url(plan["reference"])))
    assert page.select_one("main form[method=post]") is None  # English only: no boxes yet
    adding = page.select_one("main form[method=get]")
    assert "ro" in [o["value"] for o in adding.select("select[name=language] option")]

    page, fields = the_form(client, plan["reference"], "?language=ro")
    assert page.select_one("#translation-ro-concerns-0")["lang"] == "ro"
    fields["translation-ro-concerns-0"] = "Maja a lipsit des de la școală."
    # The form carries the added language itself (the address may not).
    assert fields.getlist("language") == ["ro"]
    response = post(client, step_url(plan["reference"]), fields)
    assert response.status_code == 302
    assert exported(client, plan["reference"])["translations"] == {
        "ro": {"/concerns/0": {"text": "Maja a lipsit des de la școală.", "english": CONCERN}}
    }
    # Stored, the language now has its boxes without being added again.
    page = soup_of(client.get(step_url(plan["reference"])))
    assert page.select_one("#translation-ro-concerns-0") is not None


def test_only_offered_languages_can_be_added(client, signed_in, store_plan):
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)
    page = soup_of(client.get(step_url(plan["reference"]) + "?language=xx&language=en"))
    assert {t["lang"] for t in page.select("main textarea")} == {"pl"}


def test_the_plan_form_carries_translations_unchanged(client, signed_in, store_plan):
    """Saving the whole plan form keeps the translations (a hidden field)."""
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)
    url = f"/en/professional/plans/{plan['reference']}/edit"
    page = soup_of(client.get(url))
    form = next(f for f in page.select("main form") if f.select_one("[name=reference]"))
    response = post(client, url, MultiDict(form_fields(page, form)))
    assert response.status_code == 302
    assert exported(client, plan["reference"])["translations"] == full_record()["translations"]


def _edit_form(client, reference):
    url = f"/en/professional/plans/{reference}/edit"
    page = soup_of(client.get(url))
    form = next(f for f in page.select("main form") if f.select_one("[name=reference]"))
    return url, MultiDict(form_fields(page, form))


def test_translations_stay_with_their_text_when_a_row_is_removed(client, signed_in, store_plan):
    me = signed_in("social-worker")
    record = full_record()
    record["concerns"] = [CONCERN, "Maja is often hungry."]
    record["translations"]["pl"]["/concerns/1"] = {
        "text": "Maja jest często głodna.",
        "english": "Maja is often hungry.",
    }
    plan = store_plan(record, owner=me)
    url, fields = _edit_form(client, plan["reference"])
    fields["concerns-0-remove"] = "yes"
    assert post(client, url, fields).status_code == 302
    out = exported(client, plan["reference"])
    assert out["concerns"] == ["Maja is often hungry."]
    assert out["translations"]["pl"] == {
        "/concerns/0": {"text": "Maja jest często głodna.", "english": "Maja is often hungry."}
    }


def test_a_removed_persons_translation_never_lands_on_another_row(client, signed_in, store_plan):
    """Removing a core group member takes their translated words with them, even when the
    row that moves up has different English (the translation is not kept as 'out of date'
    on someone else's row, where a young person's link would show it)."""
    me = signed_in("social-worker")
    record = full_record()
    record["core_group"] = [
        {"name": "Anna", "role": "Mother", "agency": None, "family": True},
        {"name": "Dan", "role": "Father", "agency": None, "family": True},
        {"name": "Marcus", "role": "Class teacher", "agency": "School", "family": False},
    ]
    record["translations"]["ar"] = {
        "/core_group/1/role": {"text": "DANSECRET", "english": "Father"},
        "/core_group/2/role": {"text": "معلم الصف", "english": "Class teacher"},
    }
    plan = store_plan(record, owner=me)
    url, fields = _edit_form(client, plan["reference"])
    fields["core_group-1-remove"] = "yes"
    fields["core_group-2-role"] = "Form tutor"  # the moved row's English changes too
    assert post(client, url, fields).status_code == 302
    out = exported(client, plan["reference"])
    assert [m["name"] for m in out["core_group"]] == ["Anna", "Marcus"]
    assert out["translations"]["ar"] == {
        "/core_group/1/role": {"text": "معلم الصف", "english": "Class teacher"}
    }
    assert "DANSECRET" not in str(out)


def test_translations_follow_their_rows_through_a_refused_save(client, signed_in, store_plan):
    """The form is drawn again after an error with its rows numbered afresh: the carried
    translations are renumbered with them, so the save that follows keeps each with its row."""
    me = signed_in("social-worker")
    record = full_record()
    record["concerns"] = [CONCERN, "Maja is often hungry.", "Third worry."]
    record["translations"]["pl"]["/concerns/2"] = {"text": "Trzecia.", "english": "Third worry."}
    plan = store_plan(record, owner=me)
    url, fields = _edit_form(client, plan["reference"])
    fields["concerns-0-remove"] = "yes"
    fields["lead_social_worker-email"] = "not an email"
    refused = client.post(url, data=fields)
    assert refused.status_code == 422
    page = BeautifulSoup(refused.get_data(as_text=True), "html.parser")
    again = {el["name"]: el.get("value", "") for el in page.select("input[type=hidden]")}
    assert '"/concerns/1"' in again["translations"] and '"/concerns/2"' not in again["translations"]
    fields = {k: v for k, v in fields.items() if not k.startswith("concerns-")}
    fields.update(
        {
            "concerns-0": "Maja is often hungry.",
            "concerns-1": "Third worry.",
            "translations": again["translations"],
        }
    )
    fields["lead_social_worker-email"] = "sam@example.org"
    assert post(client, url, fields).status_code == 302
    assert exported(client, plan["reference"])["translations"]["pl"]["/concerns/1"] == {
        "text": "Trzecia.",
        "english": "Third worry.",
    }


_OLD = json.dumps({"text": "Stare.", "english": CONCERN})
_NEW = json.dumps({"text": "Nowe.", "english": CONCERN})


@pytest.mark.parametrize(
    "carried",
    [
        pytest.param("[" * 100_000, id="nested too deep"),
        # NaN on a pointer that holds no text: plain json.loads read it, and the row
        # following dropped it unseen, so the save went through
        pytest.param('{"pl": {"/nowhere": NaN, "/concerns/0": ' + _NEW + "}}", id="NaN"),
        # a repeated pointer: plain json.loads kept the last one silently
        pytest.param(
            '{"pl": {"/concerns/0": ' + _OLD + ', "/concerns/0": ' + _NEW + "}}", id="repeat"
        ),
    ],
)
def test_a_translations_field_that_is_not_strict_json_is_refused_whole(
    client, signed_in, store_plan, carried
):
    """The hidden field is read like any other JSON the portal takes in: a value the
    strict reader refuses is a form error (nothing is stored), never a 500 or a guess."""
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)
    before = exported(client, plan["reference"])
    url, fields = _edit_form(client, plan["reference"])
    fields["child-first_name"] = "Changed"  # would be stored if the save went through
    fields["translations"] = carried
    response = client.post(url, data=fields)
    assert response.status_code == 422
    # the answer the form already gave a hidden field that is not JSON at all
    summary = soup_of(response).select_one(".govuk-error-summary")
    assert "This must be a group of named fields (a JSON object)" in summary.get_text()
    assert exported(client, plan["reference"]) == before


def test_changing_the_english_in_the_plan_form_leaves_the_translation_out_of_date(
    client, signed_in, store_plan
):
    me = signed_in("social-worker")
    plan = store_plan(full_record(), owner=me)
    url, fields = _edit_form(client, plan["reference"])
    fields["concerns-0"] = "Maja now misses school on Mondays."
    assert post(client, url, fields).status_code == 302
    kept = exported(client, plan["reference"])["translations"]["pl"]["/concerns/0"]
    assert kept == {"text": POLISH, "english": CONCERN}
    page, _fields = the_form(client, plan["reference"])
    assert (
        page.select_one("#translation-pl-concerns-0")
        .find_parent(class_="govuk-form-group")
        .select_one(".govuk-tag--yellow")
    )


def test_another_social_workers_plan_is_not_found_and_views_are_audited(
    app, client, signed_in, store_plan, make_user
):
    from portal.models import AuditEvent, db

    owner = make_user("social-worker")
    theirs = store_plan(full_record(), owner=owner)
    me = signed_in("social-worker")
    assert client.get(step_url(theirs["reference"])).status_code == 404

    mine = store_plan(full_record(), owner=me)
    _page, fields = the_form(client, mine["reference"])
    assert post(client, step_url(mine["reference"]), fields).status_code == 302
    with app.app_context():
        rows = db.session.scalars(
            db.select(AuditEvent).where(AuditEvent.actor == f"user:{me.id}")
        ).all()
        done = [(r.action, r.detail) for r in rows if r.plan_id is not None]
    assert ("professional.view_plan", "translations") in done
    assert any(action == "plan.update" for action, _detail in done)


def test_translations_are_escaped_in_the_step(client, signed_in, store_plan):
    me = signed_in("social-worker")
    record = full_record()
    hostile = 'Maja <script>alert("pl")</script>'
    record["translations"]["pl"]["/concerns/0"]["text"] = hostile
    record["concerns"][1:] = ['Worry <img src=x onerror="alert(2)">']
    plan = store_plan(record, owner=me)
    html = client.get(step_url(plan["reference"])).get_data(as_text=True)
    assert "<script>alert" not in html and "<img src=x" not in html
    page = soup_of(client.get(step_url(plan["reference"])))
    assert page.select_one("#translation-pl-concerns-0").get_text() == hostile
