"""GraphQL face of address search (the report flow's "type an address")."""

from __future__ import annotations

import strawberry

from backend.api.context import Info
from backend.api.errors import Refused
from backend.service_requests.addresses import MAX_RESULTS, AddressSearchError, geocoder


@strawberry.type(description="An address inside the City, with its coordinates (WGS84).")
class AddressSuggestion:
    label: str = strawberry.field(description="Street, number and letter, in the language asked.")
    latitude: float
    longitude: float


@strawberry.type
class AddressSearchQuery:
    @strawberry.field(
        description="Addresses in Helsinki matching typed text (from the City's geocoder), "
        f"at most {MAX_RESULTS}. Refused with ADDRESS_SEARCH_UNAVAILABLE when the geocoder "
        "cannot be reached: a request's address can always be given as free text."
    )
    async def address_suggestions(
        self, info: Info, text: str, first: int = 5
    ) -> list[AddressSuggestion]:
        language = info.context.language
        try:
            found = await geocoder(info.context.settings.geocoder_url).search(text, language, first)
        except AddressSearchError as error:
            raise Refused(error.code, error.message(language), "text") from None
        return [
            AddressSuggestion(label=a.label, latitude=a.latitude, longitude=a.longitude)
            for a in found
        ]
