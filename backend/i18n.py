"""Languages and the per-request choice of one: citizen-facing text exists in fi, sv and en."""

from __future__ import annotations

from enum import Enum


class Language(Enum):
    FI = "fi"
    SV = "sv"
    EN = "en"


DEFAULT_LANGUAGE = Language.FI


def parse_language(code: str | None) -> Language | None:
    if not code:
        return None
    primary = code.strip().lower().replace("_", "-").split("-")[0]
    for language in Language:
        if language.value == primary:
            return language
    return None


def negotiate_language(explicit: str | None, accept_language: str | None) -> Language:
    """The explicit choice wins; then the best Accept-Language match; Finnish when none matches."""
    if chosen := parse_language(explicit):
        return chosen
    candidates: list[tuple[float, int, Language]] = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        language = parse_language(tag)
        if language is not None and quality > 0:
            candidates.append((-quality, position, language))
    return min(candidates)[2] if candidates else DEFAULT_LANGUAGE


def localized(obj: object, field: str, language: Language) -> str:
    """The text of `field_<lang>`, falling back to Finnish, then to any language that has it."""
    for lang in (language, Language.FI, Language.SV, Language.EN):
        value = getattr(obj, f"{field}_{lang.value}", "")
        if value:
            return str(value)
    return ""
