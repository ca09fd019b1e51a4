"""The page reader takes front matter's fields as the types a page holds, or reports which
field of which file is wrong and leaves the page out (never a number where text belongs)."""

import textwrap

import pytest

from portal.content import load_library

PAGE = textwrap.dedent(
    """\
    ---
    title: A page
    summary: What it answers.
    audience: parents
    updated: 2026-11-23
    {extra}
    ---
    The core group meets.
    """
)


def library_with(tmp_path, extra):
    content = tmp_path / "content"
    page_file = content / "en/parents/page.md"
    page_file.parent.mkdir(parents=True)
    page_file.write_text(PAGE.format(extra=extra))
    return load_library(content, ("en",), cache_file=tmp_path / "cache.json")


def test_front_matter_fields_are_read_as_their_types(tmp_path):
    page = library_with(
        tmp_path, "order: 12\nsource: Stoke procedures\nreviewed_by: A reader"
    ).page("en", "parents", "page")
    assert (page.order, page.source, page.reviewed_by) == (12, "Stoke procedures", "A reader")


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ("source: 12", "source must be text"),
        ("easy_read_of: [a, b]", "easy_read_of must be text"),
        ("reviewed_by: true", "reviewed_by must be text"),
        ("order: ten", "order must be a whole number"),
        ("order: true", "order must be a whole number"),
    ],
)
def test_a_wrong_type_names_the_file_and_field(tmp_path, extra, named):
    library = library_with(tmp_path, extra)
    assert ("en", "parents", "page") not in library.pages
    [problem] = library.problems
    assert "en/parents/page.md" in problem
    assert named in problem
