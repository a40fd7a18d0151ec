"""iCalendar (RFC 5545) text for bookings: one booking's `.ics` download and a person's feed.

Written by hand, it is small: a VCALENDAR with the Europe/Helsinki VTIMEZONE (the EU rules, as
RRULEs) and one VEVENT per booking, whose start and end are local wall-clock times with
`TZID=Europe/Helsinki`, so that calendars show the right time on either side of a DST change.
TEXT values are escaped (backslash, semicolon, comma, newline), lines end in CRLF and are folded
at 75 octets without ever splitting a UTF-8 character.

A booking's answers to the type's questions are personal and never go into a calendar (calendar
apps sync to other companies' servers); the unit's address, phone and web page do.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable
from datetime import UTC, datetime

from strawberry import relay

from backend.appointments.availability import HELSINKI
from backend.appointments.models import Booking
from backend.catalogue.models import Unit
from backend.i18n import Language, localized

PRODID = "-//City of Helsinki//Asiointi//EN"
TZID = "Europe/Helsinki"
UID_DOMAIN = "asiointi.hel.fi"
# The statuses a calendar shows: held and expired bookings were never appointments.
CALENDAR_STATUSES = ("confirmed", "checked_in", "no_show", "cancelled")
MAX_LINE_OCTETS = 75
CRLF = "\r\n"

TEXTS: dict[str, dict[Language, str]] = {
    "calendar_name": {
        Language.FI: "Asiointi: ajanvaraukset",
        Language.SV: "Asiointi: bokningar",
        Language.EN: "Asiointi: appointments",
    },
    "cancelled": {
        Language.FI: "Peruttu: {summary}",
        Language.SV: "Avbokad: {summary}",
        Language.EN: "Cancelled: {summary}",
    },
    "phone": {
        Language.FI: "Puhelin: {value}",
        Language.SV: "Telefon: {value}",
        Language.EN: "Phone: {value}",
    },
    "website": {
        Language.FI: "Verkkosivut: {value}",
        Language.SV: "Webbplats: {value}",
        Language.EN: "Website: {value}",
    },
    "booking": {
        Language.FI: "Varauksesi Asioinnissa: {value}",
        Language.SV: "Din bokning i Asiointi: {value}",
        Language.EN: "Your booking in Asiointi: {value}",
    },
}

# VTIMEZONE for Europe/Helsinki under the EU rules: summer time (+03, EEST) from 03:00 local on
# the last Sunday of March, standard time (+02, EET) from 04:00 local on the last Sunday of
# October. Each DTSTART is in the offset in force before it; 1970's last Sundays anchor the rules.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    f"X-LIC-LOCATION:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0300",
    "TZNAME:EEST",
    "DTSTART:19700329T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0300",
    "TZOFFSETTO:+0200",
    "TZNAME:EET",
    "DTSTART:19701025T040000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)

# Control characters other than the tab are not allowed in iCalendar text (RFC 5545, 3.3.11).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def text(value: str) -> str:
    """A TEXT value, escaped: backslash, semicolon, comma and newlines (RFC 5545, 3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded into lines of at most 75 octets (the continuation's leading space
    included), each ending in CRLF; a UTF-8 character is never split (RFC 5545, 3.1)."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    limit = MAX_LINE_OCTETS
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > limit:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(char)
        size += octets
    out.append("".join(current))
    return "".join(part + CRLF for part in out)


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local_stamp(moment: datetime) -> str:
    return moment.astimezone(HELSINKI).strftime("%Y%m%dT%H%M%S")


def booking_global_id(booking: Booking) -> str:
    return str(relay.GlobalID("Booking", str(booking.id)))


def booking_url(base_url: str, booking: Booking) -> str:
    """The booking's page in the PWA."""
    gid = urllib.parse.quote(booking_global_id(booking), safe="")
    return f"{base_url.rstrip('/')}/appointments/{gid}"


def sequence(booking: Booking) -> int:
    """Grows with every change of the booking (its `updated_at`, in seconds since it was made),
    so that calendars take the newest version; a cancellation, the last change a booking can
    have, always adds one more, even within the second of the previous change."""
    created = int(booking.created_at.timestamp())
    updated = int(max(booking.updated_at, booking.created_at).timestamp())
    return updated - created + (1 if booking.status == "cancelled" else 0)


def location(unit: Unit, language: Language) -> str:
    """`Unit, Street 1, 00100 City`: what a map app can find."""
    place = " ".join(
        part for part in (unit.postal_code.strip(), localized(unit, "city", language)) if part
    )
    parts = (localized(unit, "name", language), localized(unit, "street_address", language), place)
    return ", ".join(part.strip() for part in parts if part.strip())


def description(unit: Unit, language: Language, url: str) -> str:
    lines = [location(unit, language)]
    if unit.phone.strip():
        lines.append(TEXTS["phone"][language].format(value=unit.phone.strip()))
    website = localized(unit, "website", language).strip()
    if website:
        lines.append(TEXTS["website"][language].format(value=website))
    lines.append(TEXTS["booking"][language].format(value=url))
    return "\n".join(lines)


def vevent(booking: Booking, language: Language, base_url: str, now: datetime) -> list[str]:
    """The VEVENT of a booking whose appointment type and unit are loaded."""
    t = booking.appointment_type
    unit = t.unit
    url = booking_url(base_url, booking)
    summary = localized(t, "name", language)
    cancelled = booking.status == "cancelled"
    if cancelled:
        summary = TEXTS["cancelled"][language].format(summary=summary)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{booking.id}@{UID_DOMAIN}",
        f"DTSTAMP:{utc_stamp(now)}",
        f"CREATED:{utc_stamp(booking.created_at)}",
        f"LAST-MODIFIED:{utc_stamp(max(booking.updated_at, booking.created_at))}",
        f"SEQUENCE:{sequence(booking)}",
        f"DTSTART;TZID={TZID}:{local_stamp(booking.starts_at)}",
        f"DTEND;TZID={TZID}:{local_stamp(booking.ends_at)}",
        f"SUMMARY:{text(summary)}",
        f"LOCATION:{text(location(unit, language))}",
        f"DESCRIPTION:{text(description(unit, language, url))}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
        f"TRANSP:{'TRANSPARENT' if cancelled else 'OPAQUE'}",
    ]
    if unit.latitude is not None and unit.longitude is not None:
        lines.append(f"GEO:{unit.latitude:.6f};{unit.longitude:.6f}")
    lines.append("END:VEVENT")
    return lines


def calendar(
    bookings: Iterable[Booking],
    language: Language,
    base_url: str,
    now: datetime,
    *,
    feed: bool = False,
) -> str:
    """A whole VCALENDAR. `feed` adds the hints subscribed calendars read (name, refresh)."""
    lines: list[str] = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    if feed:
        name = text(TEXTS["calendar_name"][language])
        lines += [
            f"NAME:{name}",
            f"X-WR-CALNAME:{name}",
            f"X-WR-TIMEZONE:{TZID}",
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
            "X-PUBLISHED-TTL:PT1H",
        ]
    lines += VTIMEZONE
    for booking in bookings:
        if booking.status in CALENDAR_STATUSES:
            lines += vevent(booking, language, base_url, now)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
