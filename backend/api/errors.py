"""Errors a client can act on: a stable `extensions.code` and a message in the caller's language.

Everything else is masked in production, so only these reach a client with their text intact.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError

from backend.i18n import Language

MESSAGES: dict[str, dict[Language, str]] = {
    "bad_cursor": {
        Language.FI: "Sivutuksen kohdistin (after) on virheellinen.",
        Language.SV: "Sidmarkören (after) är ogiltig.",
        Language.EN: "The paging cursor (after) is not valid.",
    },
    "page_too_large": {
        Language.FI: "Sivun koko (first) on oltava 0–{max}.",
        Language.SV: "Sidstorleken (first) ska vara 0–{max}.",
        Language.EN: "The page size (first) must be between 0 and {max}.",
    },
    "bad_id": {
        Language.FI: "Tunniste on virheellinen.",
        Language.SV: "Identifieraren är ogiltig.",
        Language.EN: "The id is not valid.",
    },
    "wrong_id_type": {
        Language.FI: "Tunniste ei viittaa tyyppiin {type}.",
        Language.SV: "Identifieraren hänvisar inte till typen {type}.",
        Language.EN: "The id does not refer to a {type}.",
    },
    "not_found": {
        Language.FI: "Kohdetta ei löytynyt.",
        Language.SV: "Objektet hittades inte.",
        Language.EN: "Not found.",
    },
    "bad_location": {
        Language.FI: "Sijainnin on oltava kelvollinen leveys- ja pituusaste.",
        Language.SV: "Platsen ska vara en giltig latitud och longitud.",
        Language.EN: "The location must be a valid latitude and longitude.",
    },
    "bad_days": {
        Language.FI: "Päivien määrän on oltava 1–{max}.",
        Language.SV: "Antalet dagar ska vara 1–{max}.",
        Language.EN: "The number of days must be between 1 and {max}.",
    },
    "search_too_long": {
        Language.FI: "Hakusana on liian pitkä (enintään {max} merkkiä).",
        Language.SV: "Söktermen är för lång (högst {max} tecken).",
        Language.EN: "The search text is too long (at most {max} characters).",
    },
    "internal": {
        Language.FI: "Odottamaton virhe. Yritä myöhemmin uudelleen.",
        Language.SV: "Ett oväntat fel. Försök igen senare.",
        Language.EN: "Unexpected error. Please try again later.",
    },
}


class ClientError(GraphQLError):
    """A GraphQL error meant for the client; never masked."""

    code = "BAD_USER_INPUT"

    def __init__(
        self,
        key: str,
        language: Language,
        *,
        catalogue: dict[str, dict[Language, str]] = MESSAGES,
        **params: Any,
    ) -> None:
        text = catalogue[key][language].format(**params)
        super().__init__(text, extensions={"code": self.code, "reason": key, **params})


class BadUserInput(ClientError):
    code = "BAD_USER_INPUT"


class NotFound(ClientError):
    code = "NOT_FOUND"


class Refused(ClientError):
    """A service-layer refusal (code, localized message, field) raised from a query, where
    there is no payload to carry it."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        self.code = code
        GraphQLError.__init__(self, message, extensions={"code": code, "field": field})


def is_client_error(error: GraphQLError) -> bool:
    return isinstance(error.original_error, ClientError) or (
        error.original_error is None and not error.path
    )
