"""What can go wrong with a booking, as stable codes with messages in fi, sv and en."""

from __future__ import annotations

from backend.accounts.errors import AccountsError
from backend.i18n import Language

MESSAGES: dict[str, dict[Language, str]] = {
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
