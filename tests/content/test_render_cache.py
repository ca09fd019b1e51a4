"""Rendered pages are reused between starts only while nothing that shapes them changes."""

import json
import textwrap

from portal.content import load_library

PAGE = textwrap.dedent(
    """\
    ---
    title: A page
    summary: What it answers.
    audience: parents
    updated: 2026-11-23
    ---
    ## Part {#part}
    The core group meets.
    """
)


def test_cache_reuses_unchanged_pages_and_rerenders_changed_ones(tmp_path):
    content = tmp_path / "content"
    page_file = content / "en/parents/page.md"
    page_file.parent.mkdir(parents=True)
    page_file.write_text(PAGE)
    cache_file = tmp_path / "cache.json"

    first = load_library(content, ("en",), cache_file=cache_file)
    assert cache_file.exists()
    stored = json.loads(cache_file.read_text())
    assert len(stored) == 1

    # Tamper with the stored HTML: an unchanged file must be served from the cache...
    key = next(iter(stored))
    stored[key]["html"] = "<p>from the cache</p>"
    cache_file.write_text(json.dumps(stored))
    second = load_library(content, ("en",), cache_file=cache_file)
    assert str(second.page("en", "parents", "page").html) == "<p>from the cache</p>"

    # ...and a changed file is rendered again.
    page_file.write_text(PAGE.replace("meets", "meets often"))
    third = load_library(content, ("en",), cache_file=cache_file)
    assert "meets often" in str(third.page("en", "parents", "page").html)
    assert first.page("en", "parents", "page").title == third.page("en", "parents", "page").title
    assert len(json.loads(cache_file.read_text())) == 1, "stale entries are dropped"


def test_a_new_glossary_rerenders_pages(tmp_path):
    content = tmp_path / "content"
    (content / "en/parents").mkdir(parents=True)
    (content / "en/parents/page.md").write_text(PAGE)
    cache_file = tmp_path / "cache.json"
    before = load_library(content, ("en",), cache_file=cache_file)
    assert "portal-glossary-link" not in str(before.page("en", "parents", "page").html)
    (content / "en/glossary.yaml").write_text(
        "- id: core-group\n  term: Core group\n  short: The people who do the plan.\n"
    )
    after = load_library(content, ("en",), cache_file=cache_file)
    assert "portal-glossary-link" in str(after.page("en", "parents", "page").html)


def test_a_broken_cache_file_is_ignored(tmp_path):
    content = tmp_path / "content"
    (content / "en/parents").mkdir(parents=True)
    (content / "en/parents/page.md").write_text(PAGE)
    cache_file = tmp_path / "cache.json"
    cache_file.write_text("{not json")
    library = load_library(content, ("en",), cache_file=cache_file)
    assert library.page("en", "parents", "page").title == "A page"


def test_numbers_keep_their_order_in_right_to_left_pages():
    from portal.content.render import PageTexts, render_markdown

    html, _, _ = render_markdown("اتصل على 0808 801 0366 أو 999 في 2019-20.", "ar", PageTexts())
    assert '<bdi dir="ltr">0808 801 0366</bdi>' in html
    assert '<bdi dir="ltr">2019-20</bdi>' in html
    assert '<bdi dir="ltr">999</bdi>' not in html  # a plain number needs no isolation
    english, _, _ = render_markdown("Call 0808 801 0366.", "en", PageTexts())
    assert "<bdi" not in english


def test_a_broken_page_is_reported_and_the_others_still_load(tmp_path):
    content = tmp_path / "content"
    folder = content / "en/parents"
    folder.mkdir(parents=True)
    for number in range(30):
        (folder / f"page-{number}.md").write_text(PAGE)
    (folder / "broken.md").write_text("---\ntitle: [unclosed\n---\nText\n")
    library = load_library(content, ("en",))
    assert len(library.pages) == 30
    assert len(library.problems) == 1 and "broken.md: cannot be read" in library.problems[0]


def test_a_moved_content_folder_reuses_its_renders_with_the_new_paths(tmp_path):
    """The render cache keeps no file paths: after the content folder moves (a new
    checkout, a container built in one place and run in another) pages read back from
    the cache name their file where it is now, and the content check can read them."""
    import shutil

    from portal.content.checker import check_library

    before, after = tmp_path / "before", tmp_path / "after"
    (before / "en/parents").mkdir(parents=True)
    (before / "en/parents/page.md").write_text(PAGE)
    cache_file = tmp_path / "cache.json"
    load_library(before, ("en",), cache_file=cache_file)
    assert str(before) not in cache_file.read_text()
    shutil.move(before, after)

    stored = json.loads(cache_file.read_text())
    key = next(iter(stored))
    stored[key]["html"] = "<p>from the cache</p>"  # proves the page below was not re-rendered
    cache_file.write_text(json.dumps(stored))
    library = load_library(after, ("en",), cache_file=cache_file)
    page = library.page("en", "parents", "page")
    assert str(page.html) == "<p>from the cache</p>"
    assert page.path == after / "en/parents/page.md"
    assert check_library(library, ("en",)).errors == []
