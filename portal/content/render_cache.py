"""Rendered pages kept on disk between starts (``instance/content-cache.json``)."""

import dataclasses
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from markupsafe import Markup

from portal.content.library import Page, source_hash


class RenderCache:
    """Rendered pages kept between starts, keyed by everything that shapes the output:
    the file's text, the interface words, the glossary and the renderer's own code.

    Rendering Markdown is the slow part of start-up (about 10 ms a page); a page whose
    inputs have not changed is read back instead. JSON, not pickle: nothing executable is
    ever loaded from disk.

    The rules (docs/decisions/0001-response-and-render-caches.md): the key is the
    language, section and file name, the file's text, the glossary, the interface words
    and the renderer's code; where the file is, is not kept (it comes from the folder
    read). A changed input misses; unused entries are dropped when the file is saved.
    No permission: content is public.
    """

    def __init__(self, path: Path | None):
        self.path = path
        self.entries: dict[str, dict[str, Any]] = {}
        self.used: dict[str, dict[str, Any]] = {}
        self.changed = False
        if path is not None and path.exists():
            try:
                self.entries = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.entries = {}

    def get(self, key: str, path: Path) -> Page | None:
        """The page kept under `key`, as read from `path` now: where the file lives is
        never kept, so a moved content folder reuses its renders with the new paths."""
        stored = self.entries.get(key)
        if stored is None:
            return None
        self.used[key] = stored
        return _page_from_json(stored, path)

    def put(self, key: str, page: Page) -> None:
        self.used[key] = _page_to_json(page)
        self.changed = True

    def save(self) -> None:
        if self.path is None or not (self.changed or len(self.used) != len(self.entries)):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.used), encoding="utf-8")
        os.replace(temporary, self.path)  # atomic: a reader never sees half a file


#: The modules whose code shapes a rendered page or its stored form.
RENDERER_MODULES = (
    "library.py",
    "render.py",
    "render_cache.py",
    "markdown_ext.py",
    "glossary_links.py",
)


def renderer_fingerprint() -> str:
    """Changes whenever the rendering code changes, so old renders are never reused."""
    here = Path(__file__).parent
    code = "".join((here / name).read_text(encoding="utf-8") for name in RENDERER_MODULES)
    return source_hash(code)


def _page_to_json(page: Page) -> dict[str, Any]:
    # Shallow: asdict's deep copy of every page was a tenth of a cold start.
    data = {field.name: getattr(page, field.name) for field in dataclasses.fields(page)}
    data["html"] = str(page.html)
    for name in ("updated", "review_due"):
        data[name] = data[name].isoformat() if data[name] else None
    del data["path"]  # where the file is comes from the folder read, never from here
    return data


def _page_from_json(data: dict[str, Any], path: Path) -> Page:
    values = dict(data)
    values["html"] = Markup(values["html"])
    values["headings"] = tuple(tuple(h) for h in values["headings"])
    values["links"] = tuple(values["links"])
    values["sections"] = tuple(tuple(part) for part in values.get("sections", ()))
    for name in ("updated", "review_due"):
        values[name] = dt.date.fromisoformat(values[name]) if values[name] else None
    values["path"] = path
    return Page(**values)
