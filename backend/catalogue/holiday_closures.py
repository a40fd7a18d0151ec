"""Finnish public holidays, named in fi, sv and en, as closures for a unit's opening hours."""

from __future__ import annotations

from datetime import date, timedelta

import holidays

_LOCALES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}


def finnish_public_holidays(start: date, days: int) -> dict[date, dict[str, str]]:
    """Each public holiday in [start, start + days) with its name in fi, sv and en."""
    end = start + timedelta(days=days)
    years = list(range(start.year, end.year + 1))
    names: dict[date, dict[str, str]] = {}
    for lang, locale in _LOCALES.items():
        for day, name in holidays.country_holidays("FI", years=years, language=locale).items():
            if start <= day < end:
                names.setdefault(day, {})[lang] = str(name)
    return names
