"""The domain audit's content findings stay fixed (shared reviews, domain.md): each
English correction is checked by its words, and every translated page it touched must be
made from the corrected English (its source_hash is current), in all six languages."""

from pathlib import Path

import pytest

from portal.config import ROOT
from portal.content.library import source_hash

CONTENT = ROOT / "content"
LANGS = ["pl", "ro", "ur", "ar", "bn", "pt"]


def english(path: str) -> str:
    return " ".join((CONTENT / "en" / path).read_text(encoding="utf-8").split())


# finding → (English file, words that must be there, words that must not)
FIXED = {
    "H3": (
        "easy-read/who-works-on-the-plan.md",
        ["checked at a meeting within 3 months"],
        ["after 3 months"],
    ),
    "H4": (
        "parents/your-rights.md",
        ["does not go to the council's usual complaints process", "The decision stands"],
        ["Complaints about a child protection conference also go to the council"],
    ),
    "H4 conferences": (
        "parents/conferences.md",
        ["This does not go through the council's usual complaints process", "28 days"],
        [],
    ),
    "H4 Easy Read": (
        "easy-read/at-the-conference.md",
        ["Write to the chair", "Ombudsman"],
        ["complain to the council"],
    ),
    "M2": (
        "parents/how-long-plans-last.md",
        ["pre-proceedings, the stage before any court case"],
        ["is the formal stage before a court case"],
    ),
    "M2 Easy Read": (
        "easy-read/court-and-lawyers.md",
        ["pre-proceedings"],
        ["the last step before court"],
    ),
    "M9": (
        "parents/how-long-plans-last.md",
        [
            "you can get a free solicitor for care proceedings",
            "does not depend on your income or savings",
        ],
        [],
    ),
    "M10": ("parents/categories.md", ["what is said at meetings can be shared with them"], []),
    "M11": (
        "easy-read/conferences.md",
        ["start from a meeting called a strategy discussion"],
        ["first talk about your child"],
    ),
    "L4": (
        "procedures/stoke-progress-reviews.md",
        ["should be no more than 3 months apart"],
        ["must be no more than 3 months apart"],
    ),
    "L7": ("procedures/plan-standards.md", ["national multi-agency practice standards"], []),
    "L8": (
        "procedures/twenty-one-month-policy.md",
        ["It is an aim, not a fixed limit", "local aim of 21 months"],
        ["never for more than 21 months", "local limit"],
    ),
    "L9": ("parents/how-long-plans-last.md", [], ["managers meet again"]),
    "L10": (
        "parents/how-plans-end.md",
        ["independent reviewing officer and the social work team manager"],
        [],
    ),
    "L12": ("easy-read/conferences.md", ["In many places, you can ask to talk to the chair"], []),
    "L16": (
        "parents/conferences.md",
        ["you do not vote on the decision"],
        ["everyone is asked if they think"],
    ),
    "L17": ("parents/your-rights.md", ["The social worker should share their report with you"], []),
    "L6": (
        "pages/about.md",
        ["Royal Borough of Greenwich's guide"],
        ["Safeguarding Children Board's guide"],
    ),
    "Advocate for a child's complaint": (
        "parents/conference-complaints.md",
        ["When a child complains to the council, the council must offer them one"],
        ["they have a right to an advocate to help them"],
    ),
    "Legal aid before birth": (
        "parents/unborn-babies.md",
        ["Free legal advice is usually available once you get a letter"],
        ["If you have parental responsibility, you can get free legal advice"],
    ),
    # the conference chair's second review (docs/domain-audit.md, "Second review")
    "Second review 2: no legal steps at 17": (
        "young-people/how-long-it-lasts.md",
        ["but only while you are under 17: once you are 17, a court cannot make a care order"],
        [],
    ),
    "Second review 6: a new council should hold a conference": (
        "parents/how-plans-end.md",
        ["the new council should hold a child protection conference. It should do this"],
        ["the new council must hold", "It must do this"],
    ),
    "Second review 6: when West Sussex reviewed its long plans": (
        "procedures/west-sussex-duration-monitoring.md",
        ["In February 2020 the council reviewed every child"],
        ["recently reviewed"],
    ),
}


@pytest.mark.parametrize("finding", FIXED)
def test_the_english_correction_is_in_place(finding):
    path, present, absent = FIXED[finding]
    text = english(path)
    for words in present:
        assert words in text, (finding, words)
    for words in absent:
        assert words not in text, (finding, words)


def test_the_glossary_says_a_letter_usually_comes_first_and_one_category_usually():
    text = english("glossary.yaml")
    assert "usually told in writing first" in text  # M1
    assert "The conference usually records one category" in text  # L11
    assert "and in most cases only one" not in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", sorted({path for path, _, _ in FIXED.values()}))
def test_each_translation_is_made_from_the_corrected_english(lang, path):
    translated = CONTENT / lang / path
    assert translated.exists(), (lang, path)
    head = translated.read_text(encoding="utf-8").split("---")[1]
    want = source_hash((CONTENT / "en" / path).read_text(encoding="utf-8"))
    assert f"source_hash: {want}" in head, (lang, path)


def test_the_paths_named_here_exist():
    for path, _, _ in FIXED.values():
        assert Path(CONTENT / "en" / path).exists(), path
