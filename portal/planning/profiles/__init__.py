"""Procedure profiles: a local authority's timescales, loaded from YAML."""

from .loader import load_profile_file, load_profiles
from .model import (
    EIGHTEENTH_BIRTHDAY,
    ExceptionalReview,
    IntervalChange,
    Milestone,
    Profile,
    ProfileInvalid,
    Source,
    Span,
    default_profiles_dir,
    timescales_fingerprint,
)

__all__ = [
    "EIGHTEENTH_BIRTHDAY",
    "ExceptionalReview",
    "IntervalChange",
    "Milestone",
    "Profile",
    "ProfileInvalid",
    "Source",
    "Span",
    "default_profiles_dir",
    "load_profile_file",
    "load_profiles",
    "timescales_fingerprint",
]
