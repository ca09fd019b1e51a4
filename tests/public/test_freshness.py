"""A translation is flagged to readers as soon as its English source changes."""

import shutil

from portal.config import ROOT
from portal.content.library import source_hash


def make_translation(content_dir, english_text: str) -> None:
    front, body = english_text.split("---", 2)[1:]
    translated = (
        f"---{front}source_hash: {source_hash(english_text)}\n---"
        + body.replace("The", "Ta")  # stands in for a real translation
    )
    target = content_dir / "pl/parents/core-group.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(translated, encoding="utf-8")


def test_flag_flips_when_english_changes(tmp_path, make_app):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    english_path = content / "en/parents/core-group.md"
    english = english_path.read_text(encoding="utf-8")
    make_translation(content, english)

    fresh = make_app(CONTENT_DIR=content).test_client().get("/pl/parents/core-group")
    assert "govuk-warning-text" not in fresh.get_data(as_text=True)

    english_path.write_text(english + "\nA new paragraph.\n", encoding="utf-8")
    stale_app = make_app(CONTENT_DIR=content)
    stale = stale_app.test_client().get("/pl/parents/core-group").get_data(as_text=True)
    assert "govuk-warning-text" in stale
    assert 'href="/en/parents/core-group"' in stale
    status = stale_app.test_client().get("/en/professionals/translation-status")
    assert "govuk-tag--orange" in status.get_data(as_text=True)
