"""A Babel extractor for procedure profiles: their milestone texts become msgids.

Registered as the `portal_profiles` extractor in pyproject.toml and used by babel.cfg,
so `make messages` puts every family and professional milestone text in the catalogs.
"""

import yaml

TEXT_KEYS = {"family", "professional", "display_name", "name", "core_group_note"}


def extract_profile_texts(fileobj, keywords, comment_tags, options):
    data = yaml.safe_load(fileobj.read().decode("utf-8"))
    for text in _texts(data):
        yield 0, "gettext", text, []


def _texts(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TEXT_KEYS and isinstance(value, str) and value.strip():
                yield value.strip()
            else:
                yield from _texts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _texts(item)
