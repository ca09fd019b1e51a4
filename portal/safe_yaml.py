"""YAML read safely, through libyaml's C loader when it is installed (several times
faster than the pure-Python one; start-up reads every profile and glossary)."""

from typing import IO, Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAMLError = yaml.YAMLError


def load(stream: str | IO[str]) -> Any:
    return yaml.load(stream, Loader=SafeLoader)  # noqa: S506 - SafeLoader (libyaml's when present)
