"""Open311 GeoReport v2 at `/open311/v2/`: the City's service requests for other systems.

A second face over `service` (the GraphQL schema is the first): it reads and writes through the
same functions, shows only what the public may see and never a reporter's contact details or
name. Specification: http://wiki.open311.org/GeoReport_v2.

Endpoints (every one as `.json` and `.xml`; the suffix picks the format)
-----------------------------------------------------------------------
- `GET discovery` — the service discovery document.
- `GET services` — active categories: `service_code`, `service_name`, `description`,
  `metadata` (true when it has attributes), `type` (`realtime`), `keywords`, `group`.
- `GET services/{service_code}` — the service definition: `attributes` with `variable`,
  `code`, `datatype` (string, number, datetime, text, singlevaluelist, multivaluelist),
  `required`, `datatype_description`, `order`, `description`, `values` [{`key`, `name`}].
- `GET requests` — public requests, newest first. Parameters: `service_request_id` (comma
  list, at most 500; overrides every other filter, as the specification says),
  `service_code` (comma list, or repeated), `start_date` / `end_date` (the requested time,
  inclusive), `status` (`open`, `closed`, comma list), and Helsinki's `updated_after` /
  `updated_before` (the last change, inclusive). Times are W3C date-times WITH a zone
  (`2026-05-01T12:00:00+03:00` or `…Z`; a `+` that arrived as a space is read as `+`).
  Without any of the four time filters the answer covers the last 90 days (the
  specification's default). `jurisdiction_id` is accepted and ignored (one jurisdiction).
- `POST requests` — a new request; see "Sending" below.
- `GET requests/{service_request_id}` — one request, as a list of one.
- `GET tokens/{token}` — `[{service_request_id, token}]`. POST answers with the
  `service_request_id` at once, so Open311 clients never need a token; the tracking token of an
  anonymous report made in the app resolves here too.

A request: `service_request_id` (the public number), `status` (`open` = received or in
handling; `closed` = resolved, closed without action, duplicate — rejected requests are not
public at all), `status_notes` (the latest public note), `service_name`, `service_code`,
`description` (the title when there is none), `agency_responsible` (the department handling
it), `service_notice` (for a duplicate: which request it was merged into), `requested_datetime`,
`updated_datetime`, `expected_datetime` (always empty: the City gives no estimate),
`address`, `address_id` and `zipcode` (empty), `lat`, `long`, `media_url` (its first photo).
Times are in Europe/Helsinki with their offset (`+02:00` / `+03:00`).

Helsinki's extensions
---------------------
- `extensions=true` (on `requests` and `requests/{id}`) adds `extended_attributes`: `title`,
  `detailed_status` (RECEIVED, IN_HANDLING, RESOLVED, CLOSED_WITHOUT_ACTION, DUPLICATE; a history
  entry can also say REJECTED or carry none), `detailed_status_name` (in the locale),
  `media_urls` (every photo, in order), `duplicate_of` (the original's number or empty) and
  `status_history` (oldest first: `datetime`, `event` — created, status, note, allocated,
  merged, reopened —, `status`, `detailed_status`, `status_notes`). Staff's internal notes and
  names never appear.
- `locale` = `fi` | `sv` | `en` (also `fi_FI`, `sv-FI`, …), else `Accept-Language`, else
  Finnish: names, descriptions, notices and error descriptions.
- Paging of `requests`: `page` (from 1, at most 100,000) and `page_size` (default 100, at
  most 500: `DEFAULT_PAGE_SIZE`, `MAX_PAGE_SIZE`); the answer carries `X-Total-Count` and a
  `Link: <…>; rel="next"` header while there are more.
- Photos on POST: send `multipart/form-data` with up to 5 files in the field `media`
  (JPEG, PNG, WebP or HEIC, at most 10 MB each): they are re-encoded without any metadata, like
  the app's photos, and shown as `media_url` / `media_urls`.

Sending (`POST requests`)
-------------------------
Form-encoded (`application/x-www-form-urlencoded`, UTF-8) or `multipart/form-data`:
`api_key` (required), `service_code` (required), `lat` + `long` (WGS84, inside the City)
and/or `address_string`, `description` (plain text, at most 4,000 characters, no HTML),
Helsinki's `title` (at most 200), `attribute[code]=value` (a multivaluelist as repeated
`attribute[code][]=key`), `first_name`, `last_name`, `email`, `phone` (kept for the City's
staff only, never shown by this API), `media_url` (an http(s) address: the City cannot fetch
it, so it is added to the end of the description for staff). `address_id`, `device_id`,
`account_id` and `jurisdiction_id` are ignored. The answer is `[{service_request_id,
service_notice, account_id}]`.

The key: an API key with the scope `open311:write` (admins issue them), as the form field
`api_key` (the specification's way), or as the query parameter `api_key`, `X-Api-Key` or
`Authorization: Bearer`. A missing key, an unknown or revoked one in the form, or a key
without the scope is 403 in the Open311 shape. A malformed or invalid key in the query or a
header is refused earlier, by the app's gate for every endpoint (401, `{"error": …}` JSON), and
only keys sent that way are rate-limited per key (a form-only key counts against its IP
address). The app's CSRF guard refuses a cross-site POST that carries a session cookie; a
server posting without cookies and without `Origin` is not affected, and a browser without a
valid key cannot create anything either.

Errors
------
The specification's list `[{code, description}]` (`<errors><error><code>…`) with `code` the
HTTP status, in the requested format (for a path this API does not know: the format its suffix
names, else JSON when the client accepts JSON and not XML, else XML), one entry per problem,
`description` starting with the parameter's name: 400 for bad input (unknown service_code,
missing required attribute, bad lat/long or a place outside the City, bad dates or filter
values, over-long text, HTML in text, unsupported, oversized or broken media, a body over the
limits), 403 for the key, 404 for an unknown request, service, token, path or format, 405 for
another method. A refused POST stores
nothing (photos stored on the way are deleted again). An unexpected failure is logged and
answered in the same shape with 500.

Where this differs from the specification
-----------------------------------------
- A `start_date`..`end_date` range may span more than 90 days: paging keeps answers small.
- POST never answers with a token, only with the `service_request_id` (200); `tokens/` still
  answers (see above). `media_url` on POST is not fetched (see "Sending").
- Rejected requests are not public: absent from lists, 404 by id.
- Refusals by the app's gate (a bad key in a header or the query: 401; rate limits: 429) and by
  its CSRF guard (403) come before this API and are `{"error": …}` / `{"errors": …}` JSON.
"""

from __future__ import annotations

import logging
import math
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl
from zoneinfo import ZoneInfo

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from backend.accounts.api_keys import principal_of_key, verify_api_key
from backend.accounts.authn import principal_of
from backend.accounts.errors import AccountsError
from backend.accounts.principal import ANONYMOUS, Principal
from backend.i18n import Language, negotiate_language, parse_language
from backend.service_requests import photos, service
from backend.service_requests.errors import STATUS_NAMES, InvalidInput, ServiceRequestError
from backend.service_requests.models import (
    CLOSED_STATUSES,
    MAX_PHOTOS,
    OPEN_STATUSES,
    RequestCategory,
    RequestEvent,
    RequestPhoto,
    ServiceRequest,
)
from backend.service_requests.open311_formats import (
    FORMATS,
    Format,
    error_response,
    response,
)
from backend.web import read_body, replayed

log = logging.getLogger("asiointi.open311")

ROOT = "/open311"
PREFIX = "/open311/v2/"
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this API last changed (the discovery document's `changeset`).
CHANGESET = datetime(2026, 11, 27, tzinfo=UTC)
WRITE_SCOPE = "open311:write"
HELSINKI = ZoneInfo("Europe/Helsinki")

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
MAX_PAGE = 100_000
DEFAULT_WINDOW = timedelta(days=90)
MAX_NUMBER = 2**31 - 1
MAX_SERVICE_CODE = 64
MAX_MEDIA_URL = 1000

# POST bodies: a form of text fields, or a multipart form with up to five photos.
MAX_FIELDS = 200
MAX_FIELD_BYTES = 64 * 1024
MAX_FORM_BODY = 256 * 1024
MAX_MULTIPART_BODY = MAX_PHOTOS * photos.MAX_BYTES + MAX_FORM_BODY
MEDIA_FIELDS = ("media", "media[]")
FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"

ALLOWED_METHODS = {"GET", "HEAD", "POST"}
EVERY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

OPEN311_CLOSED = tuple(s for s in CLOSED_STATUSES if s != "rejected")
W3C_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+\- ]\d{2}:\d{2})"
)
ATTRIBUTE = re.compile(r"attribute\[([^\[\]]{1,64})\](\[\])?")
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")

MESSAGES: dict[str, dict[Language, str]] = {
    "required": {
        Language.FI: "Pakollinen tieto puuttuu.",
        Language.SV: "Obligatorisk uppgift saknas.",
        Language.EN: "This parameter is required.",
    },
    "bad_coordinate": {
        Language.FI: "Anna koordinaatti desimaalilukuna (WGS84-asteet), esim. 60.1699.",
        Language.SV: "Ange koordinaten som ett decimaltal (WGS84-grader), t.ex. 60.1699.",
        Language.EN: "Give the coordinate as a decimal number (WGS84 degrees), e.g. 60.1699.",
    },
    "bad_datetime": {
        Language.FI: "Anna aika W3C-muodossa aikavyöhykkeen kanssa, "
        "esim. 2026-05-01T12:00:00+03:00.",
        Language.SV: "Ange tiden i W3C-format med tidszon, t.ex. 2026-05-01T12:00:00+03:00.",
        Language.EN: "Give the time in the W3C format with a time zone, "
        "e.g. 2026-05-01T12:00:00+03:00.",
    },
    "date_order": {
        Language.FI: "Alkuajan on oltava ennen loppuaikaa.",
        Language.SV: "Starttiden ska vara före sluttiden.",
        Language.EN: "The start must not be after the end.",
    },
    "bad_status": {
        Language.FI: "Tilan on oltava open tai closed.",
        Language.SV: "Statusen ska vara open eller closed.",
        Language.EN: "The status must be open or closed.",
    },
    "unknown_service_code": {
        Language.FI: "Tuntematon palvelukoodi: {code}.",
        Language.SV: "Okänd tjänstekod: {code}.",
        Language.EN: "Unknown service code: {code}.",
    },
    "bad_request_id": {
        Language.FI: "Tunnisteen on oltava positiivinen kokonaisluku.",
        Language.SV: "Identifieraren ska vara ett positivt heltal.",
        Language.EN: "The id must be a positive whole number.",
    },
    "too_many_ids": {
        Language.FI: "Enintään {max} tunnistetta kerrallaan.",
        Language.SV: "Högst {max} identifierare åt gången.",
        Language.EN: "At most {max} ids at a time.",
    },
    "bad_page": {
        Language.FI: "Sivun on oltava kokonaisluku 1–{max}.",
        Language.SV: "Sidan ska vara ett heltal 1–{max}.",
        Language.EN: "The page must be a whole number from 1 to {max}.",
    },
    "bad_page_size": {
        Language.FI: "Sivun koon on oltava kokonaisluku 1–{max}.",
        Language.SV: "Sidstorleken ska vara ett heltal 1–{max}.",
        Language.EN: "The page size must be a whole number from 1 to {max}.",
    },
    "bad_flag": {
        Language.FI: "Arvon on oltava true tai false.",
        Language.SV: "Värdet ska vara true eller false.",
        Language.EN: "The value must be true or false.",
    },
    "bad_locale": {
        Language.FI: "Kielen on oltava fi, sv tai en.",
        Language.SV: "Språket ska vara fi, sv eller en.",
        Language.EN: "The locale must be fi, sv or en.",
    },
    "not_found": {
        Language.FI: "Kohdetta ei löytynyt.",
        Language.SV: "Objektet hittades inte.",
        Language.EN: "Not found.",
    },
    "unknown_path": {
        Language.FI: "Tuntematon osoite tai muoto. Osoitteet päättyvät .json tai .xml; "
        "katso discovery.xml.",
        Language.SV: "Okänd adress eller format. Adresserna slutar på .json eller .xml; "
        "se discovery.xml.",
        Language.EN: "Unknown path or format. Paths end in .json or .xml; see discovery.xml.",
    },
    "method_not_allowed": {
        Language.FI: "Menetelmää {method} ei voi käyttää tähän osoitteeseen.",
        Language.SV: "Metoden {method} kan inte användas för denna adress.",
        Language.EN: "The method {method} cannot be used here.",
    },
    "api_key_missing": {
        Language.FI: "Anna api_key, jolla on oikeus open311:write.",
        Language.SV: "Ange en api_key med behörigheten open311:write.",
        Language.EN: "Send an api_key with the scope open311:write.",
    },
    "api_key_invalid": {
        Language.FI: "api_key on tuntematon, virheellinen tai peruttu.",
        Language.SV: "api_key är okänd, ogiltig eller återkallad.",
        Language.EN: "The api_key is unknown, malformed or revoked.",
    },
    "api_key_scope": {
        Language.FI: "Tällä avaimella ei voi lähettää ilmoituksia (tarvitaan open311:write).",
        Language.SV: "Den här nyckeln kan inte skicka anmälningar (open311:write krävs).",
        Language.EN: "This key cannot send service requests (it needs open311:write).",
    },
    "content_type": {
        Language.FI: "Lähetä lomake muodossa application/x-www-form-urlencoded tai "
        "multipart/form-data (UTF-8).",
        Language.SV: "Skicka formuläret som application/x-www-form-urlencoded eller "
        "multipart/form-data (UTF-8).",
        Language.EN: "Send the form as application/x-www-form-urlencoded or "
        "multipart/form-data (UTF-8).",
    },
    "body_too_large": {
        Language.FI: "Pyyntö on liian suuri (enintään {max_mb} Mt).",
        Language.SV: "Begäran är för stor (högst {max_mb} MB).",
        Language.EN: "The request is too large (at most {max_mb} MB).",
    },
    "bad_form": {
        Language.FI: "Lomaketta ei voitu lukea: tarkista muoto ja merkistö (UTF-8).",
        Language.SV: "Formuläret kunde inte läsas: kontrollera formatet och teckenkodningen "
        "(UTF-8).",
        Language.EN: "The form could not be read: check its format and encoding (UTF-8).",
    },
    "bad_attribute": {
        Language.FI: "Käytä muotoa attribute[koodi]=arvo tai attribute[koodi][]=arvo.",
        Language.SV: "Använd formen attribute[kod]=värde eller attribute[kod][]=värde.",
        Language.EN: "Use attribute[code]=value or attribute[code][]=value.",
    },
    "unexpected_file": {
        Language.FI: "Liitä kuvat kenttään media.",
        Language.SV: "Bifoga bilderna i fältet media.",
        Language.EN: "Attach photos in the field media.",
    },
    "bad_media_url": {
        Language.FI: "media_url on oltava http- tai https-osoite (enintään {max} merkkiä).",
        Language.SV: "media_url ska vara en http- eller https-adress (högst {max} tecken).",
        Language.EN: "media_url must be an http or https address (at most {max} characters).",
    },
    "server_error": {
        Language.FI: "Palvelussa tapahtui virhe. Yritä hetken kuluttua uudelleen.",
        Language.SV: "Ett fel inträffade i tjänsten. Försök igen om en stund.",
        Language.EN: "Something went wrong on our side. Please try again shortly.",
    },
    "duplicate_notice": {
        Language.FI: "Sama asia on ilmoitettu aiemmin: seuraa ilmoitusta {number}.",
        Language.SV: "Samma sak har anmälts tidigare: följ anmälan {number}.",
        Language.EN: "This was reported before: follow request {number}.",
    },
    "contact": {
        Language.FI: "Helsingin kaupunki, palautteet ja ilmoitukset. Avoimen rajapinnan "
        "kysymykset: kaupungin palautepalvelu.",
        Language.SV: "Helsingfors stad, respons och anmälningar. Frågor om gränssnittet: "
        "stadens responstjänst.",
        Language.EN: "City of Helsinki, feedback and service requests. Questions about this "
        "API: the City's feedback service.",
    },
    "key_service": {
        Language.FI: "Kaupungin ylläpitäjät myöntävät api_key-avaimet (oikeus open311:write).",
        Language.SV: "Stadens administratörer utfärdar api_key-nycklar (behörighet open311:write).",
        Language.EN: "The City's administrators issue api_key keys (scope open311:write).",
    },
    "media_url_line": {
        Language.FI: "Liite: {url}",
        Language.SV: "Bilaga: {url}",
        Language.EN: "Attachment: {url}",
    },
}

DATATYPE_DESCRIPTIONS: dict[str, dict[Language, str]] = {
    "number": {
        Language.FI: "Numero, esim. 3 tai 2.5.",
        Language.SV: "Ett tal, t.ex. 3 eller 2.5.",
        Language.EN: "A number, e.g. 3 or 2.5.",
    },
    "datetime": {
        Language.FI: "Aika W3C-muodossa aikavyöhykkeen kanssa, esim. 2026-05-01T12:00:00+03:00.",
        Language.SV: "Tid i W3C-format med tidszon, t.ex. 2026-05-01T12:00:00+03:00.",
        Language.EN: "A W3C date-time with a time zone, e.g. 2026-05-01T12:00:00+03:00.",
    },
    "singlevaluelist": {
        Language.FI: "Yksi arvoista (key).",
        Language.SV: "Ett av värdena (key).",
        Language.EN: "One of the values (its key).",
    },
    "multivaluelist": {
        Language.FI: "Yksi tai useampi arvoista: attribute[koodi][]=key kullekin.",
        Language.SV: "Ett eller flera av värdena: attribute[kod][]=key för vart och ett.",
        Language.EN: "One or more of the values: attribute[code][]=key for each.",
    },
}

# The service layer's fields, as the Open311 parameters a client sent.
FIELD_PARAMS = {
    "categoryId": "service_code",
    "title": "title",
    "description": "description",
    "address": "address_string",
    "location": "lat/long",
    "contact.name": "first_name/last_name",
    "contact.email": "email",
    "contact.phone": "phone",
    "photoIds": "media",
    "answers": "attribute",
}


# ---------------------------------------------------------------- errors


RAW = "_raw"  # a problem whose message is already in the caller's language: params["text"]


class Open311Error(Exception):
    """A refusal: the HTTP status and one or more (parameter, message key, params) problems."""

    def __init__(
        self,
        status: int,
        problems: Sequence[tuple[str | None, str, dict[str, Any]]],
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(problems[0][1])
        self.status = status
        self.problems = list(problems)
        self.headers = headers or {}

    def descriptions(self, language: Language) -> list[str]:
        return [
            _described(
                param,
                str(params["text"]) if key == RAW else MESSAGES[key][language].format(**params),
            )
            for param, key, params in self.problems
        ]


def _problem(status: int, param: str | None, key: str, **params: Any) -> Open311Error:
    return Open311Error(status, [(param, key, params)])


def bad(param: str | None, key: str, **params: Any) -> Open311Error:
    return _problem(400, param, key, **params)


def _described(param: str | None, message: str) -> str:
    return f"{param}: {message}" if param else message


def _param_of(field_name: str | None) -> str | None:
    if not field_name:
        return None
    if field_name.startswith("answers."):
        return f"attribute[{field_name.split('.', 1)[1]}]"
    base = field_name.split(".", 1)[0] if field_name.startswith("photoIds") else field_name
    return FIELD_PARAMS.get(base, field_name)


def _service_errors(error: AccountsError, language: Language) -> list[str]:
    errors = error.errors if isinstance(error, InvalidInput) else [error]
    return [_described(_param_of(e.field), e.message(language)) for e in errors]


# ---------------------------------------------------------------- the call


@dataclass
class Call:
    request: Request
    fmt: Format
    language: Language
    locale_given: bool

    @property
    def base_url(self) -> str:
        return str(self.request.base_url).rstrip("/")

    def text(self, texts: Any) -> str:
        """A {fi, sv, en} text in the call's language (Finnish when missing)."""
        texts = texts if isinstance(texts, dict) else {}
        return str(texts.get(self.language.value) or texts.get("fi") or "")

    def localized(self, obj: object, name: str) -> str:
        for lang in (self.language, Language.FI, Language.SV, Language.EN):
            value = getattr(obj, f"{name}_{lang.value}", "")
            if value:
                return str(value)
        return ""

    def ok(self, root: str, value: Any, *, cache: str, **headers: str) -> Response:
        vary = {} if self.locale_given else {"Vary": "Accept-Language"}
        return response(self.fmt, root, value, headers={"Cache-Control": cache, **vary, **headers})


def _fallback_format(request: Request) -> Format:
    """The format of an answer to a path this API does not know: its suffix if it names one,
    else JSON when the client asks for it, else XML (the format the specification requires)."""
    suffix = FORMATS.get(request.url.path.rpartition(".")[2])
    if suffix is not None:
        return suffix
    accept = request.headers.get("accept", "").lower()
    return "json" if "json" in accept and "xml" not in accept else "xml"


def _language(request: Request) -> tuple[Language, bool]:
    """The call's language and whether `locale` chose it; Open311Error for a bad `locale`."""
    fallback = negotiate_language(None, request.headers.get("accept-language"))
    locale = request.query_params.get("locale", "").strip()
    if not locale:
        return fallback, False
    chosen = parse_language(locale)
    if chosen is None or len(locale) > 10:
        raise bad("locale", "bad_locale")
    return chosen, True


async def endpoint(request: Request) -> Response:
    fallback_language = negotiate_language(None, request.headers.get("accept-language"))
    path = request.url.path
    rest = path[len(PREFIX) :] if path.startswith(PREFIX) else None
    stem, dot, suffix = (rest or "").rpartition(".")
    fmt = FORMATS.get(suffix) if dot else None
    if rest is None or fmt is None:
        return error_response(
            _fallback_format(request),
            404,
            [MESSAGES["unknown_path"][fallback_language]],
        )
    try:
        language, locale_given = _language(request)
    except Open311Error as error:
        return error_response(fmt, error.status, error.descriptions(fallback_language))
    call = Call(request=request, fmt=fmt, language=language, locale_given=locale_given)
    try:
        return await _route(call, stem.split("/"))
    except Open311Error as error:
        return error_response(
            fmt, error.status, error.descriptions(language), headers=error.headers
        )
    except AccountsError as error:
        status = 404 if error.code == "NOT_FOUND" else 400
        return error_response(fmt, status, _service_errors(error, language))
    except Exception:  # never a bare 500 page: log it, answer in the spec's shape
        log.exception("open311 request failed", extra={"path": path[:200]})
        return error_response(fmt, 500, [MESSAGES["server_error"][language]])


async def _route(call: Call, parts: list[str]) -> Response:
    method = call.request.method
    if method not in ALLOWED_METHODS or (method == "POST" and parts != ["requests"]):
        allowed = "GET, HEAD, POST" if parts == ["requests"] else "GET, HEAD"
        raise Open311Error(
            405, [(None, "method_not_allowed", {"method": method[:10]})], {"Allow": allowed}
        )
    match parts:
        case ["discovery"]:
            return discovery(call)
        case ["services"]:
            return await service_list(call)
        case ["services", code] if code:
            return await service_definition(call, code)
        case ["requests"] if method == "POST":
            return await create_request(call)
        case ["requests"]:
            return await request_list(call)
        case ["requests", number] if number:
            return await one_request(call, number)
        case ["tokens", token] if token:
            return await token_request(call, token)
    raise _problem(404, None, "unknown_path")


# ---------------------------------------------------------------- discovery and services


def discovery(call: Call) -> Response:
    changeset = _datetime(CHANGESET)
    document = {
        "changeset": changeset,
        "contact": MESSAGES["contact"][call.language],
        "key_service": MESSAGES["key_service"][call.language],
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": f"{call.base_url}{PREFIX.rstrip('/')}",
                "changeset": changeset,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return call.ok("discovery", document, cache="public, max-age=300")


def _keywords(category: RequestCategory) -> str:
    return ", ".join(k.strip() for k in category.keywords.split(",") if k.strip())


async def service_list(call: Call) -> Response:
    found = await service.categories()
    services = [
        {
            "service_code": c.service_code,
            "service_name": call.localized(c, "name"),
            "description": call.localized(c, "description") or None,
            "metadata": bool(service.questions_of(c)),
            "type": "realtime",
            "keywords": _keywords(c) or None,
            "group": call.localized(c, "group") or None,
        }
        for c in found
    ]
    return call.ok("services", services, cache="public, max-age=300")


def _attribute(call: Call, question: dict[str, Any]) -> dict[str, Any]:
    datatype = str(question.get("datatype") or "string")
    described = DATATYPE_DESCRIPTIONS.get(datatype)
    code = str(question["code"])
    return {
        "variable": question.get("variable") is not False,
        "code": code,
        "datatype": datatype,
        "required": bool(question.get("required")),
        "datatype_description": described[call.language] if described else None,
        "order": int(question.get("order") or 0),
        "description": call.text(question.get("description")) or code,
        "values": [
            {"key": str(v.get("key")), "name": call.text(v.get("name")) or str(v.get("key"))}
            for v in question.get("values") or []
            if isinstance(v, dict)
        ],
    }


async def service_definition(call: Call, code: str) -> Response:
    category = await service.category_of(code) if len(code) <= MAX_SERVICE_CODE else None
    if category is None:
        raise _problem(404, "service_code", "not_found")
    definition = {
        "service_code": category.service_code,
        "attributes": [_attribute(call, q) for q in service.questions_of(category)],
    }
    return call.ok("service_definition", definition, cache="public, max-age=300")


# ---------------------------------------------------------------- reading requests


def _datetime(value: datetime) -> str:
    """A stored time (UTC) in Europe/Helsinki with its offset."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(HELSINKI).isoformat(timespec="seconds")


def _open311_status(status: str) -> str:
    return "open" if status in OPEN_STATUSES else "closed"


@dataclass
class Extras:
    events: dict[uuid.UUID, list[RequestEvent]]
    photos: dict[uuid.UUID, list[service.PhotoInfo]]


async def _extras(requests: Sequence[ServiceRequest]) -> Extras:
    ids = [r.id for r in requests]
    return Extras(events=await service.events_of(ids), photos=await service.photos_of(ids))


def _latest_note(events: Sequence[RequestEvent]) -> str | None:
    for event in reversed(events):
        if event.public_note:
            return event.public_note
    return None


def _original_number(events: Sequence[RequestEvent]) -> int | None:
    for event in reversed(events):
        original = event.payload.get("original") if isinstance(event.payload, dict) else None
        if event.kind == "merged" and isinstance(original, int):
            return original
    return None


def _history(events: Sequence[RequestEvent]) -> list[dict[str, Any]]:
    return [
        {
            "datetime": _datetime(e.at),
            "event": e.kind,
            "status": _open311_status(e.status) if e.status else None,
            "detailed_status": e.status.upper() if e.status else None,
            "status_notes": e.public_note or None,
        }
        for e in events
    ]


def _request(call: Call, r: ServiceRequest, extras: Extras, *, extensions: bool) -> dict[str, Any]:
    """One request as the public may see it: no contact details, no name, no staff notes."""
    events = service.public_events(extras.events.get(r.id, []))
    media = [f"{call.base_url}{p.path}" for p in extras.photos.get(r.id, [])]
    department = r.allocated_department or r.category.department
    original = _original_number(events) if r.status == "duplicate" else None
    notice = (
        MESSAGES["duplicate_notice"][call.language].format(number=original)
        if original is not None
        else None
    )
    item: dict[str, Any] = {
        "service_request_id": r.number,
        "status": _open311_status(r.status),
        "status_notes": _latest_note(events),
        "service_name": call.localized(r.category, "name"),
        "service_code": r.category.service_code,
        "description": r.description or r.title,
        "agency_responsible": call.localized(department, "name"),
        "service_notice": notice,
        "requested_datetime": _datetime(r.created_at),
        "updated_datetime": _datetime(r.updated_at),
        "expected_datetime": None,
        "address": r.address or None,
        "address_id": None,
        "zipcode": None,
        "lat": r.lat,
        "long": r.lon,
        "media_url": media[0] if media else None,
    }
    if extensions:
        item["extended_attributes"] = {
            "title": r.title,
            "detailed_status": r.status.upper(),
            "detailed_status_name": STATUS_NAMES[r.status][call.language.value],
            "media_urls": media,
            "duplicate_of": original,
            "status_history": _history(events),
        }
    return item


def _flag(call: Call, name: str) -> bool:
    value = call.request.query_params.get(name, "").strip().lower()
    if value in ("", "false", "0"):
        return False
    if value in ("true", "1"):
        return True
    raise bad(name, "bad_flag")


def _values(call: Call, name: str) -> list[str]:
    """A parameter given as a comma list, repeated, or both; empty items left out."""
    return [
        item.strip()
        for raw in call.request.query_params.getlist(name)
        for item in raw.split(",")
        if item.strip()
    ]


def _number(value: str) -> int | None:
    value = value.strip()
    if not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_NUMBER else None


def parse_datetime(param: str, value: str) -> datetime:
    """A W3C date-time with a zone, as UTC; Open311Error otherwise."""
    value = value.strip()
    if not W3C_DATETIME.fullmatch(value):
        raise bad(param, "bad_datetime")
    if value[-6] == " ":  # "+02:00" sent unencoded in a query string arrives as " 02:00"
        value = value[:-6] + "+" + value[-5:]
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise bad(param, "bad_datetime") from None
    if moment.tzinfo is None:  # pragma: no cover - the pattern requires a zone
        raise bad(param, "bad_datetime")
    return moment.astimezone(UTC)


def _bounded(call: Call, name: str, default: int, maximum: int, key: str) -> int:
    raw = call.request.query_params.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or len(raw) > 7 or not 1 <= int(raw) <= maximum:
        raise bad(name, key, max=maximum)
    return int(raw)


async def _public_filter(call: Call, problems: list[Open311Error]) -> service.PublicFilter:
    query = call.request.query_params
    codes = _values(call, "service_code")
    if codes:
        known = {c.service_code for c in await service.categories(include_inactive=True)}
        for code in codes:
            if code not in known:
                problems.append(bad("service_code", "unknown_service_code", code=code[:64]))
    statuses: list[str] = []
    for status in _values(call, "status"):
        if status.lower() == "open":
            statuses += OPEN_STATUSES
        elif status.lower() == "closed":
            statuses += OPEN311_CLOSED
        else:
            problems.append(bad("status", "bad_status"))
    times: dict[str, datetime] = {}
    for name in ("start_date", "end_date", "updated_after", "updated_before"):
        raw = query.get(name, "")
        if raw.strip():
            try:
                times[name] = parse_datetime(name, raw)
            except Open311Error as error:
                problems.append(error)
    for start, end in (("start_date", "end_date"), ("updated_after", "updated_before")):
        if start in times and end in times and times[start] > times[end]:
            problems.append(bad(start, "date_order"))
    created_after = times.get("start_date")
    if not times:
        created_after = service.utcnow() - DEFAULT_WINDOW
    return service.PublicFilter(
        service_codes=codes,
        statuses=list(dict.fromkeys(statuses)),
        created_after=created_after,
        created_before=times.get("end_date"),
        updated_after=times.get("updated_after"),
        updated_before=times.get("updated_before"),
    )


def _combined(problems: list[Open311Error]) -> Open311Error:
    return Open311Error(400, [p for error in problems for p in error.problems])


async def request_list(call: Call) -> Response:
    problems: list[Open311Error] = []
    extensions = False
    try:
        extensions = _flag(call, "extensions")
    except Open311Error as error:
        problems.append(error)
    ids = _values(call, "service_request_id")
    headers: dict[str, str] = {}
    if ids:
        numbers = [_number(i) for i in ids]
        if any(n is None for n in numbers):
            problems.append(bad("service_request_id", "bad_request_id"))
        if len(numbers) > MAX_PAGE_SIZE:
            problems.append(bad("service_request_id", "too_many_ids", max=MAX_PAGE_SIZE))
        if problems:
            raise _combined(problems)
        wanted = [n for n in dict.fromkeys(numbers) if n is not None]
        page = await service.public_requests(
            service.PublicFilter(numbers=wanted), offset=0, limit=len(wanted)
        )
    else:
        page_number = page_size = 1
        for name, default, maximum, key in (
            ("page", 1, MAX_PAGE, "bad_page"),
            ("page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, "bad_page_size"),
        ):
            try:
                value = _bounded(call, name, default, maximum, key)
            except Open311Error as error:
                problems.append(error)
                continue
            if name == "page":
                page_number = value
            else:
                page_size = value
        public = await _public_filter(call, problems)
        if problems:
            raise _combined(problems)
        offset = (page_number - 1) * page_size
        page = await service.public_requests(public, offset=offset, limit=page_size)
        if offset + len(page.items) < page.total:
            following = call.request.url.include_query_params(page=page_number + 1)
            headers["Link"] = f'<{following}>; rel="next"'
    headers["X-Total-Count"] = str(page.total)
    extras = await _extras(page.items)
    items = [_request(call, r, extras, extensions=extensions) for r in page.items]
    return call.ok("service_requests", items, cache="no-cache", **headers)


async def one_request(call: Call, raw: str) -> Response:
    extensions = _flag(call, "extensions")
    number = _number(raw)
    if number is None:
        raise _problem(404, "service_request_id", "not_found")
    try:
        found = await service.get_request_by_number(ANONYMOUS, number)
    except ServiceRequestError:
        raise _problem(404, "service_request_id", "not_found") from None
    extras = await _extras([found])
    return call.ok(
        "service_requests", [_request(call, found, extras, extensions=extensions)], cache="no-cache"
    )


async def token_request(call: Call, token: str) -> Response:
    found = await service.request_by_token(token)
    if found is None or not service.is_public(found):
        raise _problem(404, "token", "not_found")
    item = {"service_request_id": found.number, "token": token}
    return call.ok("service_requests", [item], cache="no-store")


# ---------------------------------------------------------------- sending a request


@dataclass
class Submission:
    fields: list[tuple[str, str]] = field(default_factory=list)
    media: list[bytes] = field(default_factory=list)

    def raw(self, name: str) -> str:
        """The first value of a field as sent ("" when absent): the service checks texts."""
        return next((value for key, value in self.fields if key == name), "")

    def get(self, name: str) -> str:
        """The first value of a field, stripped."""
        return self.raw(name).strip()


def _too_large(limit: int) -> Open311Error:
    return bad(None, "body_too_large", max_mb=max(1, round(limit / (1024 * 1024))))


async def _submission(request: Request) -> Submission:
    content_type = _content_type(request)
    if content_type == FORM:
        body = await read_body(request, MAX_FORM_BODY)
        if body is None:
            raise _too_large(MAX_FORM_BODY)
        try:
            fields = parse_qsl(
                body.decode("utf-8"),
                keep_blank_values=True,
                max_num_fields=MAX_FIELDS,
                encoding="utf-8",
                errors="strict",
            )
        except (UnicodeDecodeError, ValueError):
            raise bad(None, "bad_form") from None
        return Submission(fields=fields)
    if content_type != MULTIPART:
        raise bad(None, "content_type")
    body = await read_body(request, MAX_MULTIPART_BODY)
    if body is None:
        raise _too_large(MAX_MULTIPART_BODY)
    submission = Submission()
    try:
        async with replayed(request, body).form(
            max_files=MAX_PHOTOS + 1, max_fields=MAX_FIELDS, max_part_size=MAX_FIELD_BYTES
        ) as form:
            for name, value in form.multi_items():
                if isinstance(value, UploadFile):
                    if name not in MEDIA_FIELDS:
                        raise bad(name[:64], "unexpected_file")
                    submission.media.append(await value.read())
                else:
                    submission.fields.append((name, value))
    except (MultiPartException, HTTPException, ValueError):
        raise bad(None, "bad_form") from None
    return submission


def _content_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _header_writer(request: Request) -> Principal | None:
    """The key sent in a header or the query (resolved by the app's gate), checked before the
    body is read; None when none was (the form may still carry one)."""
    resolved = await principal_of(request)
    if resolved.via != "api_key":
        if _content_type(request) not in (FORM, MULTIPART):
            raise _problem(403, "api_key", "api_key_missing")
        return None
    if not resolved.has_scope(WRITE_SCOPE):
        raise _problem(403, "api_key", "api_key_scope")
    return resolved


async def _form_writer(submission: Submission) -> Principal:
    """The principal of the form's `api_key` (403 unless a live key with the write scope)."""
    credential = submission.get("api_key")
    if not credential:
        raise _problem(403, "api_key", "api_key_missing")
    key = await verify_api_key(credential[:200])
    if key is None:
        raise _problem(403, "api_key", "api_key_invalid")
    principal = principal_of_key(key)
    if not principal.has_scope(WRITE_SCOPE):
        raise _problem(403, "api_key", "api_key_scope")
    return principal


def _coordinate(submission: Submission, name: str, problems: list[Open311Error]) -> float | None:
    raw = submission.get(name)
    if not raw:
        return None
    if len(raw) > 40 or not NUMBER.fullmatch(raw):
        problems.append(bad(name, "bad_coordinate"))
        return None
    value = float(raw)
    if not math.isfinite(value):
        problems.append(bad(name, "bad_coordinate"))
        return None
    return value


def _answers(submission: Submission, problems: list[Open311Error]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for name, value in submission.fields:
        if not name.startswith("attribute"):
            continue
        match = ATTRIBUTE.fullmatch(name)
        if match is None:
            problems.append(bad(name[:80], "bad_attribute"))
            continue
        code, many = match.group(1), match.group(2)
        if many or code in answers:
            previous = answers.get(code)
            values = (
                previous if isinstance(previous, list) else [] if previous is None else [previous]
            )
            answers[code] = [*values, value]
        else:
            answers[code] = value
    return answers


def _description(call: Call, submission: Submission, problems: list[Open311Error]) -> str:
    text = submission.raw("description")
    media_url = submission.get("media_url")
    if media_url:
        if len(media_url) > MAX_MEDIA_URL or not re.fullmatch(
            r"https?://[^\s<>\"]+", media_url, flags=re.IGNORECASE
        ):
            problems.append(bad("media_url", "bad_media_url", max=MAX_MEDIA_URL))
        else:
            line = MESSAGES["media_url_line"][call.language].format(url=media_url)
            text = f"{text.rstrip()}\n\n{line}" if text.strip() else line
    return text


def _check_media(submission: Submission) -> None:
    """Refuses too many, oversized or non-image files before any is stored."""
    if len(submission.media) > MAX_PHOTOS:
        raise ServiceRequestError(
            "TOO_MANY_PHOTOS", "too_many_photos", field="photoIds", max=MAX_PHOTOS
        )
    for data in submission.media:
        if len(data) > photos.MAX_BYTES:
            raise photos.PhotoRejected(photos.RejectionCode.TOO_LARGE)
        if photos.detect_media_type(data) is None:
            raise photos.PhotoRejected(photos.RejectionCode.UNSUPPORTED_TYPE)


async def _discard(photo_ids: Sequence[uuid.UUID]) -> None:
    """Deletes photos this call stored when its request was refused (unattached ones only)."""
    if photo_ids:
        await RequestPhoto.filter(id__in=list(photo_ids), request_id=None).delete()


async def create_request(call: Call) -> Response:
    principal = await _header_writer(call.request)
    submission = await _submission(call.request)
    if principal is None:
        principal = await _form_writer(submission)
    problems: list[Open311Error] = []
    code = submission.get("service_code")
    if not code:
        problems.append(bad("service_code", "required"))
    elif len(code) > MAX_SERVICE_CODE or await service.category_of(code) is None:
        problems.append(bad("service_code", "unknown_service_code", code=code[:64]))
    lat = _coordinate(submission, "lat", problems)
    lon = _coordinate(submission, "long", problems)
    answers = _answers(submission, problems)
    description = _description(call, submission, problems)
    if problems:
        raise _combined(problems)
    name = " ".join(p for p in (submission.get("first_name"), submission.get("last_name")) if p)
    try:
        _check_media(submission)
    except photos.PhotoRejected as error:
        raise _photo_error(call, error) from None
    stored: list[uuid.UUID] = []
    try:
        for data in submission.media:
            stored.append((await service.store_photo(principal, data)).id)
        created = await service.create_request(
            principal,
            service.NewRequest(
                category=code,
                title=submission.raw("title"),
                description=description,
                lat=lat,
                lon=lon,
                address=submission.raw("address_string"),
                answers=answers,
                photo_ids=stored,
                contact=service.Contact(
                    name=name, email=submission.get("email"), phone=submission.get("phone")
                ),
                show_name=False,
                channel="open311",
            ),
        )
    except photos.PhotoRejected as error:
        await _discard(stored)
        raise _photo_error(call, error) from None
    except Exception:
        await _discard(stored)
        raise
    item = {
        "service_request_id": created.request.number,
        "service_notice": None,
        "account_id": None,
    }
    return call.ok("service_requests", [item], cache="no-store")


def _photo_error(call: Call, error: photos.PhotoRejected) -> Open311Error:
    return Open311Error(400, [("media", RAW, {"text": error.message(call.language)})])


def routes() -> list[Route]:
    return [
        Route(ROOT, endpoint, methods=EVERY_METHOD),
        Route(ROOT + "/{path:path}", endpoint, methods=EVERY_METHOD),
    ]
