"""The one registry of languages the portal can serve.

Everything that needs to know about languages reads this: the URL converter, the
Babel locale selector, `<html lang dir>`, the language switcher, the content loader
and the tests. Which of them a deployment offers is configuration (PORTAL_LANGUAGES).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # the URL segment and the content folder name
    native_name: str  # shown in the switcher, in its own script
    english_name: str
    locale: str  # the CLDR locale Babel formats dates with
    direction: str  # "ltr" or "rtl"

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"


# Census 2021's largest community languages in England, with English first.
LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", "English", "en_GB", "ltr"),
        Language("pl", "Polski", "Polish", "pl", "ltr"),
        Language("ro", "Română", "Romanian", "ro", "ltr"),
        Language("ur", "اردو", "Urdu", "ur", "rtl"),
        Language("ar", "العربية", "Arabic", "ar", "rtl"),
        Language("bn", "বাংলা", "Bengali", "bn", "ltr"),
        Language("pt", "Português", "Portuguese", "pt_PT", "ltr"),
    )
}

DEFAULT_LANGUAGE = "en"


def parse_language_list(value: str | None) -> tuple[str, ...]:
    """Turn "en,pl,ur" into a checked tuple of codes, English always first."""
    if not value:
        return tuple(LANGUAGES)
    codes = [code.strip() for code in value.split(",") if code.strip()]
    unknown = [code for code in codes if code not in LANGUAGES]
    if unknown:
        raise ValueError(f"PORTAL_LANGUAGES names unknown languages: {', '.join(unknown)}")
    if DEFAULT_LANGUAGE in codes:
        codes.remove(DEFAULT_LANGUAGE)
    return (DEFAULT_LANGUAGE, *dict.fromkeys(codes))


def best_language(accept_language: list[tuple[str, float]], offered: tuple[str, ...]) -> str:
    """Pick the offered language the browser likes best (used only for the bare `/`)."""
    ranked = sorted(accept_language, key=lambda item: item[1], reverse=True)
    for tag, quality in ranked:
        if quality <= 0:
            continue
        primary = tag.lower().replace("_", "-").split("-")[0]
        if primary in offered:
            return primary
    return DEFAULT_LANGUAGE
