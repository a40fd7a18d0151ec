"""What can go wrong with a service request, as stable codes with messages in fi, sv and en.

The codes are `ErrorCode` members of the GraphQL API; the Open311 layer maps them to its own
`{code, description}` errors with the same localized messages.
"""

from __future__ import annotations

from collections.abc import Sequence

from backend.accounts.errors import AccountsError
from backend.i18n import Language

STATUS_NAMES: dict[str, dict[str, str]] = {
    "received": {"fi": "Vastaanotettu", "sv": "Mottagen", "en": "Received"},
    "in_handling": {"fi": "Käsittelyssä", "sv": "Under behandling", "en": "In handling"},
    "resolved": {"fi": "Ratkaistu", "sv": "Löst", "en": "Resolved"},
    "closed_without_action": {
        "fi": "Suljettu ilman toimenpiteitä",
        "sv": "Stängd utan åtgärder",
        "en": "Closed without action",
    },
    "rejected": {"fi": "Hylätty", "sv": "Avvisad", "en": "Rejected"},
    "duplicate": {"fi": "Päällekkäinen ilmoitus", "sv": "Dubblett", "en": "Duplicate"},
}

MESSAGES: dict[str, dict[Language, str]] = {
    "unknown_category": {
        Language.FI: "Aihetta ei löydy, tai siitä ei voi enää tehdä ilmoitusta.",
        Language.SV: "Kategorin finns inte, eller så kan den inte längre anmälas.",
        Language.EN: "The category does not exist or can no longer be reported.",
    },
    "question_missing": {
        Language.FI: "Vastaa kysymykseen: {label}",
        Language.SV: "Svara på frågan: {label}",
        Language.EN: "Please answer the question: {label}",
    },
    "answer_invalid": {
        Language.FI: "Vastaus kysymykseen on virheellinen: {label}",
        Language.SV: "Svaret på frågan är ogiltigt: {label}",
        Language.EN: "The answer to this question is not valid: {label}",
    },
    "answers_not_object": {
        Language.FI: "Vastausten on oltava kysymysten tunnisteiden mukainen objekti.",
        Language.SV: "Svaren ska vara ett objekt med frågornas koder som nycklar.",
        Language.EN: "The answers must be an object keyed by the questions' codes.",
    },
    "outside_city": {
        Language.FI: "Sijainti on Helsingin kaupungin alueen ulkopuolella.",
        Language.SV: "Platsen ligger utanför Helsingfors stads område.",
        Language.EN: "The location is outside the City of Helsinki.",
    },
    "bad_location": {
        Language.FI: "Sijainnin on oltava kelvollinen leveys- ja pituusaste.",
        Language.SV: "Platsen ska vara en giltig latitud och longitud.",
        Language.EN: "The location must be a valid latitude and longitude.",
    },
    "location_required": {
        Language.FI: "Kerro paikka: valitse se kartalta tai kirjoita osoite.",
        Language.SV: "Ange platsen: välj den på kartan eller skriv en adress.",
        Language.EN: "Tell us the place: pick it on the map or type an address.",
    },
    "text_required": {
        Language.FI: "Kirjoita otsikko tai kuvaus.",
        Language.SV: "Skriv en rubrik eller en beskrivning.",
        Language.EN: "Please write a title or a description.",
    },
    "text_too_long": {
        Language.FI: "Teksti on liian pitkä (enintään {max} merkkiä).",
        Language.SV: "Texten är för lång (högst {max} tecken).",
        Language.EN: "The text is too long (at most {max} characters).",
    },
    "markup_not_allowed": {
        Language.FI: "Teksti ei voi sisältää HTML-merkintöjä (kuten <b> tai <script>).",
        Language.SV: "Texten får inte innehålla HTML-märkning (som <b> eller <script>).",
        Language.EN: "The text cannot contain HTML markup (such as <b> or <script>).",
    },
    "control_characters": {
        Language.FI: "Teksti sisältää merkkejä, joita ei voi tallentaa.",
        Language.SV: "Texten innehåller tecken som inte kan sparas.",
        Language.EN: "The text contains characters that cannot be stored.",
    },
    "bad_email": {
        Language.FI: "Sähköpostiosoite on virheellinen.",
        Language.SV: "E-postadressen är ogiltig.",
        Language.EN: "The e-mail address is not valid.",
    },
    "bad_phone": {
        Language.FI: "Puhelinnumero on virheellinen.",
        Language.SV: "Telefonnumret är ogiltigt.",
        Language.EN: "The phone number is not valid.",
    },
    "too_many_photos": {
        Language.FI: "Ilmoitukseen voi liittää enintään {max} kuvaa.",
        Language.SV: "Högst {max} bilder kan bifogas till en anmälan.",
        Language.EN: "At most {max} photos can be attached to a report.",
    },
    "photo_not_found": {
        Language.FI: "Kuvaa ei löydy, tai se on jo liitetty. Lähetä kuva uudelleen.",
        Language.SV: "Bilden hittades inte eller är redan bifogad. Skicka bilden igen.",
        Language.EN: "The photo was not found or is already attached. Please upload it again.",
    },
    "bad_client_id": {
        Language.FI: "Laitteen antaman tunnisteen (clientId) on oltava UUID.",
        Language.SV: "Enhetens identifierare (clientId) ska vara ett UUID.",
        Language.EN: "The device's identifier (clientId) must be a UUID.",
    },
    "client_id_conflict": {
        Language.FI: "Tällä tunnisteella (clientId) on jo tehty toinen ilmoitus.",
        Language.SV: "En annan anmälan har redan gjorts med denna identifierare (clientId).",
        Language.EN: "Another report was already made with this identifier (clientId).",
    },
    "transition_not_allowed": {
        Language.FI: "Tilaa ei voi muuttaa: {current} → {target}.",
        Language.SV: "Statusen kan inte ändras: {current} → {target}.",
        Language.EN: "The status cannot change: {current} → {target}.",
    },
    "use_mark_duplicate": {
        Language.FI: "Merkitse päällekkäinen ilmoitus alkuperäiseen yhdistämällä.",
        Language.SV: "Markera en dubblett genom att slå ihop den med originalet.",
        Language.EN: "Mark a duplicate by merging it into its original.",
    },
    "status_conflict": {
        Language.FI: "Joku muutti ilmoitusta juuri. Lataa se uudelleen ja yritä sitten.",
        Language.SV: "Någon ändrade just anmälan. Ladda om den och försök sedan igen.",
        Language.EN: "Someone just changed this request. Reload it and try again.",
    },
    "duplicate_of_itself": {
        Language.FI: "Ilmoitusta ei voi yhdistää itseensä.",
        Language.SV: "En anmälan kan inte slås ihop med sig själv.",
        Language.EN: "A request cannot be merged into itself.",
    },
    "original_is_duplicate": {
        Language.FI: "Alkuperäiseksi valittu ilmoitus on itse päällekkäinen. Valitse sen "
        "alkuperäinen.",
        Language.SV: "Den valda originalanmälan är själv en dubblett. Välj dess original.",
        Language.EN: "The chosen original is itself a duplicate. Choose its original instead.",
    },
    "nothing_to_allocate": {
        Language.FI: "Valitse osasto tai käsittelijä.",
        Language.SV: "Välj en avdelning eller en handläggare.",
        Language.EN: "Choose a department or a handler.",
    },
    "bad_assignee": {
        Language.FI: "Henkilö ei voi käsitellä tämän osaston ilmoituksia.",
        Language.SV: "Personen kan inte handlägga den här avdelningens anmälningar.",
        Language.EN: "This person cannot handle this department's requests.",
    },
    "note_required": {
        Language.FI: "Kirjoita muistiinpano.",
        Language.SV: "Skriv en anteckning.",
        Language.EN: "Please write a note.",
    },
    "bad_status": {
        Language.FI: "Tila on virheellinen.",
        Language.SV: "Statusen är ogiltig.",
        Language.EN: "The status is not valid.",
    },
    "bad_area": {
        Language.FI: "Alueen on oltava kelvollinen suorakulmio (etelä < pohjoinen, länsi < itä).",
        Language.SV: "Området ska vara en giltig rektangel (syd < nord, väst < öst).",
        Language.EN: "The area must be a valid box (south < north, west < east).",
    },
    "bad_age": {
        Language.FI: "Iän on oltava 0–{max} päivää.",
        Language.SV: "Åldern ska vara 0–{max} dagar.",
        Language.EN: "The age must be 0–{max} days.",
    },
    "not_allowed": {
        Language.FI: "Sinulla ei ole oikeutta käsitellä tätä ilmoitusta.",
        Language.SV: "Du har inte behörighet att handlägga den här anmälan.",
        Language.EN: "You are not allowed to handle this request.",
    },
    "staff_only": {
        Language.FI: "Vain henkilökunnalle.",
        Language.SV: "Endast för personalen.",
        Language.EN: "For staff only.",
    },
    "write_refused": {
        Language.FI: "Ilmoitusta ei voitu tallentaa. Yritä uudelleen.",
        Language.SV: "Anmälan kunde inte sparas. Försök igen.",
        Language.EN: "The report could not be saved. Please try again.",
    },
}


class ServiceRequestError(AccountsError):
    """A refusal a client can act on: `code` is stable, the message is localized."""

    def message(self, language: Language) -> str:
        if self.key not in MESSAGES:
            return super().message(language)
        # A parameter given per language (a question's label, a status) is read in the caller's.
        params = {
            k: v.get(language.value, "") if isinstance(v, dict) else v
            for k, v in self.params.items()
        }
        return MESSAGES[self.key][language].format(**params)


class InvalidInput(ServiceRequestError):
    """Every field error of one input, found before anything was written; the first one is
    this error's own code, key and field."""

    def __init__(self, errors: Sequence[ServiceRequestError]) -> None:
        first = errors[0]
        super().__init__(first.code, first.key, first.field, **first.params)
        self.errors = list(errors)


def not_found(field: str | None = None) -> ServiceRequestError:
    return ServiceRequestError("NOT_FOUND", "not_found", field=field)


def unauthenticated() -> ServiceRequestError:
    return ServiceRequestError("UNAUTHENTICATED", "unauthenticated")


def not_allowed() -> ServiceRequestError:
    return ServiceRequestError("NOT_ALLOWED", "not_allowed")


def status_conflict() -> ServiceRequestError:
    return ServiceRequestError("STATUS_CONFLICT", "status_conflict", field="status")


def transition_not_allowed(current: str, target: str) -> ServiceRequestError:
    return ServiceRequestError(
        "TRANSITION_NOT_ALLOWED",
        "transition_not_allowed",
        field="status",
        current=STATUS_NAMES[current],
        target=STATUS_NAMES[target],
    )
