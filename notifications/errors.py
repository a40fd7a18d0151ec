"""What can go wrong with notifications, as stable codes with messages in fi, sv and en."""

from __future__ import annotations

from notifications.interface import Language

MESSAGES: dict[str, dict[Language, str]] = {
    "unauthenticated": {
        Language.FI: "Kirjaudu sisään.",
        Language.SV: "Logga in.",
        Language.EN: "Please sign in.",
    },
    "forbidden": {
        Language.FI: "Sinulla ei ole oikeutta tähän.",
        Language.SV: "Du har inte behörighet till detta.",
        Language.EN: "You are not allowed to do this.",
    },
    "not_found": {
        Language.FI: "Kohdetta ei löytynyt.",
        Language.SV: "Objektet hittades inte.",
        Language.EN: "Not found.",
    },
    "bad_request": {
        Language.FI: "Pyyntö on virheellinen.",
        Language.SV: "Begäran är ogiltig.",
        Language.EN: "The request is not valid.",
    },
    "bad_endpoint": {
        Language.FI: "Ilmoitusosoitteen on oltava selaimen ilmoituspalvelun https-osoite "
        "(enintään {max} merkkiä).",
        Language.SV: "Aviseringsadressen ska vara en https-adress till webbläsarens "
        "aviseringstjänst (högst {max} tecken).",
        Language.EN: "The endpoint must be an https URL of a browser's push service "
        "(at most {max} characters).",
    },
    "bad_p256dh": {
        Language.FI: "Avain p256dh on virheellinen: sen on oltava P-256-julkinen avain "
        "base64url-muodossa.",
        Language.SV: "Nyckeln p256dh är ogiltig: den ska vara en publik P-256-nyckel "
        "i base64url-format.",
        Language.EN: "The p256dh key is not valid: it must be a P-256 public key in base64url.",
    },
    "bad_auth": {
        Language.FI: "Avain auth on virheellinen: sen on oltava 16 tavua base64url-muodossa.",
        Language.SV: "Nyckeln auth är ogiltig: den ska vara 16 byte i base64url-format.",
        Language.EN: "The auth key is not valid: it must be 16 bytes in base64url.",
    },
    "bad_tracking_token": {
        Language.FI: "Seurantatunniste on virheellinen.",
        Language.SV: "Spårningskoden är ogiltig.",
        Language.EN: "The tracking token is not valid.",
    },
    "nothing_to_follow": {
        Language.FI: "Kirjaudu sisään tai anna seurantatunniste, jotta voit saada ilmoituksia.",
        Language.SV: "Logga in eller ange en spårningskod för att få aviseringar.",
        Language.EN: "Sign in or give a tracking token to receive notifications.",
    },
    "too_many_ids": {
        Language.FI: "Kerralla voi antaa enintään {max} tunnistetta.",
        Language.SV: "Högst {max} identifierare kan anges åt gången.",
        Language.EN: "At most {max} ids can be given at once.",
    },
    "ids_or_all": {
        Language.FI: "Anna yksi näistä: tunnisteet (ids), avaimet (keys) tai all: true.",
        Language.SV: "Ange en av dessa: identifierare (ids), nycklar (keys) eller all: true.",
        Language.EN: "Give one of ids, keys or all: true.",
    },
    "job_not_dead": {
        Language.FI: "Vain epäonnistuneen ilmoituksen voi lähettää uudelleen.",
        Language.SV: "Endast en misslyckad avisering kan skickas på nytt.",
        Language.EN: "Only a failed (dead) notification can be sent again.",
    },
    "duplicate_kind": {
        Language.FI: "Sama ilmoitustyyppi on annettu useammin kuin kerran.",
        Language.SV: "Samma aviseringstyp har angetts mer än en gång.",
        Language.EN: "The same kind of notification is given more than once.",
    },
}


class NotificationError(Exception):
    """A refusal the caller can act on: `code` is one of the API's ErrorCodes, `key` picks the
    message, `field` names the input at fault."""

    def __init__(self, code: str, key: str, field: str | None = None, **params: object) -> None:
        super().__init__(key)
        self.code = code
        self.key = key
        self.field = field
        self.params = params

    def message(self, language: Language) -> str:
        return MESSAGES[self.key][language].format(**self.params)


def invalid(key: str, field: str, **params: object) -> NotificationError:
    return NotificationError("INVALID_INPUT", key, field, **params)
