"""The content checker: the real content passes, and each kind of mistake is caught."""

import textwrap

from portal.content import load_library
from portal.content.checker import check_library


def test_the_shipped_content_passes(app, runner):
    result = runner.invoke(args=["content", "check", "--quiet"])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")


GOOD = """
    ---
    title: A page
    summary: What this page answers.
    audience: parents
    updated: 2026-11-23
    ---
    Intro.

    ## A section {#a-section}
    See [the other page](/parents/other#part) and [here](#a-section).
    """

OTHER = """
    ---
    title: Other
    summary: Another page.
    audience: parents
    updated: 2026-11-23
    ---
    ## Part {#part}
    Text.
    """


def check(tmp_path, languages=("en",)):
    library = load_library(tmp_path, languages)
    return check_library(library, languages)


def test_good_content_has_no_errors(tmp_path):
    write(tmp_path / "en/parents/page.md", GOOD)
    write(tmp_path / "en/parents/other.md", OTHER)
    assert check(tmp_path).errors == []


def test_broken_link_and_anchor_and_missing_id_are_errors(tmp_path):
    write(
        tmp_path / "en/parents/page.md",
        textwrap.dedent(GOOD).replace("#part", "#nowhere") + "\n## No id\n",
    )
    write(tmp_path / "en/parents/other.md", OTHER.replace("/parents/other", "/x"))
    write(tmp_path / "en/parents/third.md", OTHER.replace("Text.", "[x](/parents/missing)"))
    errors = "\n".join(check(tmp_path).errors)
    assert "links to a section that does not exist: /parents/other#nowhere" in errors
    assert "heading has no explicit id: ## No id" in errors
    assert "links to a page that does not exist: /parents/missing" in errors


def test_front_matter_is_checked(tmp_path):
    write(tmp_path / "en/procedures/rule.md", "---\ntitle: Rule\naudience: nobody\n---\nText.\n")
    errors = "\n".join(check(tmp_path).errors)
    assert "needs a summary" in errors
    assert "audience must be one of" in errors
    assert "needs updated" in errors
    assert "a procedure needs source" in errors


def test_missing_and_stale_translations_are_listed(tmp_path):
    write(tmp_path / "en/parents/page.md", GOOD)
    write(tmp_path / "en/parents/other.md", OTHER)
    write(
        tmp_path / "pl/parents/other.md",
        OTHER.replace("updated:", "source_hash: 000000000000\n    updated:"),
    )
    report = check(tmp_path, ("en", "pl"))
    assert report.errors == []
    assert "pl/parents/page.md: not translated yet" in report.notes
    assert "pl/parents/other.md: out of date (English has changed)" in report.notes


SEARCH_WORDS = """
    filler: >-
      the my
    topics:
      - says: [lawyer, the solicitor]
        pages: [/parents/page#a-section, /glossary]
    """


def test_search_words_naming_real_pages_pass(tmp_path):
    write(tmp_path / "en/parents/page.md", GOOD)
    write(tmp_path / "en/parents/other.md", OTHER)
    write(tmp_path / "en/search.yaml", SEARCH_WORDS)
    assert check(tmp_path).errors == []


def test_search_words_naming_missing_pages_sections_or_only_filler_are_errors(tmp_path):
    write(tmp_path / "en/parents/page.md", GOOD)
    write(tmp_path / "en/parents/other.md", OTHER)
    write(
        tmp_path / "en/search.yaml",
        SEARCH_WORDS.replace("/parents/page#a-section", "/parents/gone")
        .replace("/glossary]", "/parents/other#nowhere]")
        .replace("the solicitor", "the my"),
    )
    errors = check(tmp_path).errors
    assert any(
        "search.yaml: topic 1: names a page that does not exist: /parents/gone" in e for e in errors
    ), errors
    assert any(
        "names a section that does not exist: /parents/other#nowhere" in e for e in errors
    ), errors
    assert any("'the my' has only filler words" in e for e in errors), errors


def test_a_search_yaml_that_is_not_the_right_shape_is_an_error(tmp_path):
    write(tmp_path / "en/parents/page.md", GOOD)
    write(tmp_path / "en/parents/other.md", OTHER)
    write(tmp_path / "en/search.yaml", "topics:\n  - says: [yes]\n    pages: [/glossary]\n")
    errors = check(tmp_path).errors
    assert any("search.yaml" in e and "topic 1: `says` must be a list of text" in e for e in errors)


def test_local_rules_places_are_checked(tmp_path):
    from portal.content.library import source_hash

    english = GOOD + "\n    [[local:core-group]]\n\n    [[local:nowhere]]\n"
    write(tmp_path / "en/parents/page.md", english)
    write(tmp_path / "en/parents/other.md", OTHER)
    english_text = (tmp_path / "en/parents/page.md").read_text(encoding="utf-8")
    in_sync = english_text.replace(
        "updated:", f"source_hash: {source_hash(english_text)}\nupdated:"
    )
    # An up-to-date translation that lost a place is an error.
    write(tmp_path / "pl/parents/page.md", in_sync.replace("[[local:core-group]]", ""))
    write(
        tmp_path / "pl/parents/other.md", OTHER.replace("updated:", "source_hash: 0\n    updated:")
    )
    report = check(tmp_path, ("en", "pl"))
    errors = "\n".join(report.errors)
    assert "en/parents/page.md: unknown local rules place: [[local:nowhere]]" in errors
    assert "pl/parents/page.md: [[local:...]] places differ from the English page" in errors
    assert "en/parents/page.md: unknown local rules place: [[local:core-group]]" not in errors


def test_a_local_rules_place_renders_as_an_empty_placeholder():
    from portal.content.render import PageTexts, render_markdown

    html, _, _ = render_markdown(
        "Before.\n\n[[local:core-group]]\n\nSay [[local:core-group]] in a sentence.\n",
        "en",
        PageTexts(),
    )
    assert '<div class="portal-local" data-local="core-group"></div>' in html
    assert '<p class="govuk-body">Say [[local:core-group]] in a sentence.</p>' in html
