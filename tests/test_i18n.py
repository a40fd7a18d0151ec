from __future__ import annotations

import pytest

from backend.i18n import Language, localized, negotiate_language


@pytest.mark.parametrize(
    ("explicit", "header", "expected"),
    [
        (None, None, Language.FI),
        (None, "", Language.FI),
        (None, "sv-FI,sv;q=0.9,en;q=0.8", Language.SV),
        (None, "en-US,en;q=0.9", Language.EN),
        (None, "de-DE,de;q=0.9,en;q=0.4", Language.EN),
        (None, "en;q=0.1,sv;q=0.7", Language.SV),
        (None, "fr, de", Language.FI),
        (None, "sv;q=0, en;q=0.1", Language.EN),
        (None, "sv;q=abc", Language.FI),
        ("en", "sv", Language.EN),
        ("SV", None, Language.SV),
        ("xx", "en", Language.EN),
        ("", "en", Language.EN),
    ],
)
def test_negotiate_language(explicit: str | None, header: str | None, expected: Language) -> None:
    assert negotiate_language(explicit, header) is expected


class Texts:
    name_fi = "Kirjasto"
    name_sv = ""
    name_en = "Library"


def test_localized_falls_back_to_finnish() -> None:
    assert localized(Texts(), "name", Language.EN) == "Library"
    assert localized(Texts(), "name", Language.SV) == "Kirjasto"
