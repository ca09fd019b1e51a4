"""Built front-end files (static/build/), served by WhiteNoise with far-future caching."""

import json
import re

from flask import Flask
from whitenoise import WhiteNoise

from portal.config import ROOT, settings
from portal.security import security_headers

BUILD_DIR = ROOT / "static" / "build"
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.(css|js)$")


def init_app(app: Flask) -> None:
    manifest_path = BUILD_DIR / "manifest.json"
    if not manifest_path.exists():
        raise RuntimeError("Front-end assets are not built: run `make assets` (or `make run`).")
    manifest = json.loads(manifest_path.read_text())
    app.config["ASSET_MANIFEST"] = manifest

    def asset_url(name: str) -> str:
        return f"/static/{manifest[name]}"

    app.add_template_global(asset_url)
    headers_for_all = security_headers(settings(app).production)

    def add_security_headers(headers, path, url):
        # Static files never reach Flask's after_request: give them the same headers.
        for name, value in headers_for_all.items():
            headers.setdefault(name, value)

    app.wsgi_app = WhiteNoise(  # type: ignore[method-assign]  # how Flask adds middleware
        app.wsgi_app,
        root=BUILD_DIR,
        prefix="static/",
        max_age=3600,
        # Files whose names carry a content hash never change: cache them for a year.
        immutable_file_test=lambda path, url: bool(HASHED_NAME.search(url)),
        add_headers_function=add_security_headers,
    )
