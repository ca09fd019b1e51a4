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
