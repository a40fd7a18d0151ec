"""What can go wrong with accounts, as stable codes with messages in fi, sv and en."""

from __future__ import annotations

from backend.i18n import Language

MESSAGES: dict[str, dict[Language, str]] = {
    "bad_credentials": {
        Language.FI: "Sähköposti tai salasana on väärä.",
        Language.SV: "E-postadressen eller lösenordet är fel.",
        Language.EN: "The e-mail address or password is wrong.",
    },
    "throttled": {
        Language.FI: "Liian monta yritystä. Yritä uudelleen {seconds} sekunnin kuluttua.",
        Language.SV: "För många försök. Försök igen om {seconds} sekunder.",
        Language.EN: "Too many attempts. Try again in {seconds} seconds.",
    },
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
    "invalid_language": {
        Language.FI: "Kielen on oltava fi, sv tai en.",
        Language.SV: "Språket ska vara fi, sv eller en.",
        Language.EN: "The language must be fi, sv or en.",
    },
    "invalid_name": {
        Language.FI: "Nimi voi olla enintään 200 merkkiä.",
        Language.SV: "Namnet får vara högst 200 tecken.",
        Language.EN: "The name can be at most 200 characters.",
    },
    "invalid_role": {
        Language.FI: "Rooli tai sen rajaus on virheellinen.",
        Language.SV: "Rollen eller dess avgränsning är ogiltig.",
        Language.EN: "The role or its scope is not valid.",
    },
    "already_granted": {
        Language.FI: "Käyttäjällä on jo tämä rooli.",
        Language.SV: "Användaren har redan den här rollen.",
        Language.EN: "The user already has this role.",
    },
    "last_admin": {
        Language.FI: "Viimeistä ylläpitäjää ei voi poistaa.",
        Language.SV: "Den sista administratören kan inte tas bort.",
        Language.EN: "The last administrator cannot be removed.",
    },
    "upcoming_booking": {
        Language.FI: "Sinulla on tuleva ajanvaraus. Peru se ensin, niin voit poistaa tilisi.",
        Language.SV: "Du har en kommande bokning. Avboka den först, så kan du radera kontot.",
        Language.EN: "You have an upcoming appointment. Cancel it first to delete your account.",
    },
    "bad_request": {
        Language.FI: "Pyyntö on virheellinen.",
        Language.SV: "Begäran är ogiltig.",
        Language.EN: "The request is not valid.",
    },
    "cross_site": {
        Language.FI: "Pyyntö hylättiin: se ei tullut tästä palvelusta.",
        Language.SV: "Begäran avvisades: den kom inte från den här tjänsten.",
        Language.EN: "The request was refused: it did not come from this service.",
    },
}


class AccountsError(Exception):
    """A refusal the caller can act on; `code` is stable, `key` picks the message."""

    def __init__(self, code: str, key: str, field: str | None = None, **params: object) -> None:
        super().__init__(key)
        self.code = code
        self.key = key
        self.field = field
        self.params = params

    def message(self, language: Language) -> str:
        return MESSAGES[self.key][language].format(**self.params)


def unauthenticated() -> AccountsError:
    return AccountsError("UNAUTHENTICATED", "unauthenticated")


def forbidden() -> AccountsError:
    return AccountsError("FORBIDDEN", "forbidden")


def not_found() -> AccountsError:
    return AccountsError("NOT_FOUND", "not_found")
