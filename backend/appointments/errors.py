"""What can go wrong with a booking, as stable codes with messages in fi, sv and en."""

from __future__ import annotations

from backend.accounts.errors import AccountsError
from backend.i18n import Language

MESSAGES: dict[str, dict[Language, str]] = {
    "time_has_bookings": {
        Language.FI: "Ajalla on varauksia. Siirrä tai peru ne ensin.",
        Language.SV: "Tiden har bokningar. Flytta eller avboka dem först.",
        Language.EN: "This time has bookings. Move or cancel them first.",
    },
    "block_grid": {
        Language.FI: "Ajan on oltava 5 minuutin välein ja aikavyöhykkeen kanssa.",
        Language.SV: "Tiden ska anges med 5 minuters intervall och med tidszon.",
        Language.EN: "The time must be on a 5-minute step and include a time zone.",
    },
    "block_too_long": {
        Language.FI: "Ajan voi estää enintään 14 päiväksi kerrallaan.",
        Language.SV: "Tid kan spärras i högst 14 dagar åt gången.",
        Language.EN: "Time can be blocked for at most 14 days at once.",
    },
    "block_in_past": {
        Language.FI: "Mennyttä aikaa ei voi estää.",
        Language.SV: "Tid som redan har passerat kan inte spärras.",
        Language.EN: "Time that has already passed cannot be blocked.",
    },
    "strong_identification_required": {
        Language.FI: "Tämän ajan varaaminen vaatii vahvan tunnistautumisen "
        "(pankkitunnukset tai mobiilivarmenne). Kirjaudu vahvasti ja yritä uudelleen.",
        Language.SV: "För att boka den här tiden krävs stark autentisering "
        "(bankkoder eller mobilcertifikat). Logga in med stark autentisering och försök igen.",
        Language.EN: "Booking this requires strong identification (online banking codes or "
        "a mobile certificate). Sign in with strong identification and try again.",
    },
    "slot_taken": {
        Language.FI: "Aika ehdittiin juuri varata. Valitse toinen aika.",
        Language.SV: "Tiden hann just bokas. Välj en annan tid.",
        Language.EN: "This time was just taken. Please choose another time.",
    },
    "too_late_to_cancel": {
        Language.FI: "Varausta ei voi enää perua tai siirtää verkossa. "
        "Ota yhteyttä toimipisteeseen.",
        Language.SV: "Bokningen kan inte längre avbokas eller flyttas på nätet. "
        "Kontakta verksamhetsstället.",
        Language.EN: "It is too late to cancel or move this booking online. "
        "Please contact the unit.",
    },
    "outside_booking_window": {
        Language.FI: "Tätä aikaa ei voi varata: se ei ole varattavissa olevien aikojen joukossa.",
        Language.SV: "Den här tiden kan inte bokas: den hör inte till de bokningsbara tiderna.",
        Language.EN: "This time cannot be booked: it is not among the bookable times.",
    },
    "hold_expired": {
        Language.FI: "Aikaa pidettiin varattuna vain hetken, ja se vapautui. "
        "Valitse aika uudelleen.",
        Language.SV: "Tiden var reserverad bara en stund och har frigjorts. Välj en tid igen.",
        Language.EN: "The time was held only briefly and has been released. Please choose again.",
    },
    "question_missing": {
        Language.FI: "Vastaa kysymykseen: {label}",
        Language.SV: "Svara på frågan: {label}",
        Language.EN: "Please answer the question: {label}",
    },
    "question_invalid": {
        Language.FI: "Vastaus kysymykseen on virheellinen: {label}",
        Language.SV: "Svaret på frågan är ogiltigt: {label}",
        Language.EN: "The answer to this question is not valid: {label}",
    },
    "not_allowed": {
        Language.FI: "Sinulla ei ole oikeutta tähän varaukseen.",
        Language.SV: "Du har inte behörighet till den här bokningen.",
        Language.EN: "You are not allowed to do this with this booking.",
    },
    "not_bookable_now": {
        Language.FI: "Varausta ei voi muuttaa sen nykyisessä tilassa.",
        Language.SV: "Bokningen kan inte ändras i sitt nuvarande tillstånd.",
        Language.EN: "The booking cannot be changed in its current state.",
    },
    "bad_idempotency_key": {
        Language.FI: "Toistotunnisteen (idempotencyKey) on oltava 1–100 merkkiä.",
        Language.SV: "Upprepningsnyckeln (idempotencyKey) ska vara 1–100 tecken.",
        Language.EN: "The idempotency key must be 1–100 characters.",
    },
    "reason_too_long": {
        Language.FI: "Syy voi olla enintään 500 merkkiä.",
        Language.SV: "Orsaken får vara högst 500 tecken.",
        Language.EN: "The reason can be at most 500 characters.",
    },
    # Staff management of types, resources and schedules (see staff_service.py).
    "not_allowed_unit": {
        Language.FI: "Sinulla ei ole oikeutta hallita tämän toimipisteen ajanvarauksia.",
        Language.SV: "Du har inte behörighet att hantera det här verksamhetsställets bokningar.",
        Language.EN: "You are not allowed to manage this unit's appointments.",
    },
    "required": {
        Language.FI: "Tämä tieto tarvitaan.",
        Language.SV: "Den här uppgiften behövs.",
        Language.EN: "This is required.",
    },
    "text_length": {
        Language.FI: "Tekstin on oltava {min}–{max} merkkiä.",
        Language.SV: "Texten ska vara {min}–{max} tecken.",
        Language.EN: "The text must be {min}–{max} characters.",
    },
    "minutes_range": {
        Language.FI: "Arvon on oltava {min}–{max} minuuttia, 5 minuutin välein.",
        Language.SV: "Värdet ska vara {min}–{max} minuter, i steg om 5 minuter.",
        Language.EN: "The value must be {min}–{max} minutes, in steps of 5 minutes.",
    },
    "number_range": {
        Language.FI: "Arvon on oltava {min}–{max}.",
        Language.SV: "Värdet ska vara {min}–{max}.",
        Language.EN: "The value must be between {min} and {max}.",
    },
    "too_many": {
        Language.FI: "Näitä voi olla enintään {max}.",
        Language.SV: "Det får finnas högst {max} av dessa.",
        Language.EN: "There can be at most {max} of these.",
    },
    "question_key": {
        Language.FI: "Kysymyksen tunnisteen on oltava 1–40 merkkiä (a–z, 0–9, _ ja -) "
        "ja eri kuin muiden kysymysten.",
        Language.SV: "Frågans nyckel ska vara 1–40 tecken (a–z, 0–9, _ och -) "
        "och skilja sig från de andra frågornas.",
        Language.EN: "A question's key must be 1–40 characters (a–z, 0–9, _ and -) "
        "and differ from the other questions' keys.",
    },
    "question_type": {
        Language.FI: "Kysymyksen tyypin on oltava text, boolean, number tai choice.",
        Language.SV: "Frågans typ ska vara text, boolean, number eller choice.",
        Language.EN: "A question's type must be text, boolean, number or choice.",
    },
    "question_options": {
        Language.FI: "Monivalintakysymyksellä on oltava 1–{max} vaihtoehtoa eri arvoilla; "
        "muilla kysymyksillä ei ole vaihtoehtoja.",
        Language.SV: "En flervalsfråga ska ha 1–{max} alternativ med olika värden; "
        "andra frågor har inga alternativ.",
        Language.EN: "A choice question needs 1–{max} options with different values; "
        "other questions have no options.",
    },
    "resource_other_unit": {
        Language.FI: "Resurssi ei kuulu tähän toimipisteeseen.",
        Language.SV: "Resursen hör inte till det här verksamhetsstället.",
        Language.EN: "The resource does not belong to this unit.",
    },
    "bad_time": {
        Language.FI: "Ajan on oltava muotoa HH:MM, 5 minuutin välein (00:00–24:00).",
        Language.SV: "Tiden ska anges som HH:MM, i steg om 5 minuter (00:00–24:00).",
        Language.EN: "The time must be HH:MM, in steps of 5 minutes (00:00–24:00).",
    },
    "time_order": {
        Language.FI: "Alkamisajan on oltava ennen päättymisaikaa.",
        Language.SV: "Starttiden ska vara före sluttiden.",
        Language.EN: "The start time must be before the end time.",
    },
    "weekday_range": {
        Language.FI: "Viikonpäivän on oltava 1 (maanantai) – 7 (sunnuntai).",
        Language.SV: "Veckodagen ska vara 1 (måndag) – 7 (söndag).",
        Language.EN: "The weekday must be 1 (Monday) to 7 (Sunday).",
    },
    "intervals_overlap": {
        Language.FI: "Saman päivän ajat menevät päällekkäin.",
        Language.SV: "Tiderna på samma dag överlappar varandra.",
        Language.EN: "Times on the same day overlap.",
    },
    "closed_with_times": {
        Language.FI: "Suljetulla päivällä ei ole aikoja; avoimelle päivälle tarvitaan "
        "alkamis- ja päättymisaika.",
        Language.SV: "En stängd dag har inga tider; en öppen dag behöver start- och sluttid.",
        Language.EN: "A closed day has no times; an open day needs a start and an end time.",
    },
    "date_in_past": {
        Language.FI: "Päivä ei voi olla menneisyydessä.",
        Language.SV: "Dagen kan inte vara i det förflutna.",
        Language.EN: "The date cannot be in the past.",
    },
    "exception_conflict": {
        Language.FI: "Päivällä on jo poikkeus, joka on ristiriidassa tämän kanssa. "
        "Poista se ensin.",
        Language.SV: "Dagen har redan ett undantag som strider mot detta. Ta bort det först.",
        Language.EN: "The date already has an exception that conflicts with this one. "
        "Remove it first.",
    },
    "date_range": {
        Language.FI: "Aikavälin on oltava 1–{max} päivää, eikä se voi päättyä ennen alkuaan.",
        Language.SV: "Perioden ska vara 1–{max} dagar och kan inte sluta före sin början.",
        Language.EN: "The range must be 1–{max} days and cannot end before it starts.",
    },
}


class AppointmentError(AccountsError):
    """A booking refusal a client can act on: `code` is stable, the message is localized."""

    def message(self, language: Language) -> str:
        if self.key not in MESSAGES:
            return super().message(language)
        # A parameter given per language (a question's label) is read in the caller's.
        params = {
            k: v.get(language.value, "") if isinstance(v, dict) else v
            for k, v in self.params.items()
        }
        return MESSAGES[self.key][language].format(**params)


def slot_taken() -> AppointmentError:
    return AppointmentError("SLOT_TAKEN", "slot_taken")


def outside_window(field: str = "startsAt") -> AppointmentError:
    return AppointmentError("OUTSIDE_BOOKING_WINDOW", "outside_booking_window", field=field)


def not_allowed() -> AppointmentError:
    return AppointmentError("NOT_ALLOWED", "not_allowed")


def not_found() -> AppointmentError:
    return AppointmentError("NOT_FOUND", "not_found")


def unauthenticated() -> AppointmentError:
    return AppointmentError("UNAUTHENTICATED", "unauthenticated")
