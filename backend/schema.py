"""The GraphQL schema: assembles the domains' query types and the API's hardening."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry import relay
from strawberry.extensions import (
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.schema.schema import StreamResult
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.utils.logging import StrawberryLogger

from backend.accounts.api_keys_schema import NODE_TYPES as API_KEY_NODES
from backend.accounts.api_keys_schema import ApiKeysMutation, ApiKeysQuery
from backend.accounts.schema import NODE_TYPES as ACCOUNT_NODES
from backend.accounts.schema import AccountsMutation, AccountsQuery
from backend.api.context import Info
from backend.api.errors import MESSAGES, BadUserInput, is_client_error
from backend.api.types import Language
from backend.appointments.blocks_schema import BlocksMutation, BlocksQuery
from backend.appointments.calendar_schema import CalendarMutation, CalendarQuery
from backend.appointments.schema import NODE_TYPES as APPOINTMENT_NODES
from backend.appointments.schema import AppointmentsMutation, AppointmentsQuery
from backend.appointments.staff_schema import StaffAppointmentsMutation, StaffAppointmentsQuery
from backend.catalogue.schema import NODE_TYPES as CATALOGUE_NODES
from backend.catalogue.schema import CatalogueQuery
from backend.i18n import DEFAULT_LANGUAGE
from backend.service_requests.address_schema import AddressSearchQuery
from backend.service_requests.schema import NODE_TYPES as SERVICE_REQUEST_NODES
from backend.service_requests.schema import (
    ServiceRequestsMutation,
    ServiceRequestsQuery,
    ServiceRequestsSubscription,
)
from backend.settings import Settings
from notifications.schema import NODE_TYPES as NOTIFICATION_NODES
from notifications.schema import (
    NotificationsMutation,
    NotificationsQuery,
    NotificationsSubscription,
)

log = logging.getLogger("asiointi.graphql")
NODE_TYPES = {
    **CATALOGUE_NODES,
    **ACCOUNT_NODES,
    **API_KEY_NODES,
    **APPOINTMENT_NODES,
    **SERVICE_REQUEST_NODES,
    **NOTIFICATION_NODES,
}


def _well_formed(parsed: relay.GlobalID) -> bool:
    if parsed.type_name in ("User", "ApiKey", "Booking", "ServiceRequest"):
        try:
            uuid.UUID(parsed.node_id)
        except ValueError:
            return False
        return True
    return parsed.node_id.isdigit()


async def _resolve_node(info: Info, global_id: str) -> relay.Node | None:
    language = info.context.language
    try:
        parsed = relay.GlobalID.from_id(global_id)
    except ValueError:
        raise BadUserInput("bad_id", language) from None
    node_type = NODE_TYPES.get(parsed.type_name)
    if node_type is None or not _well_formed(parsed):
        raise BadUserInput("bad_id", language)
    found: list[relay.Node | None] = await node_type.resolve_nodes(
        info=info, node_ids=[parsed.node_id]
    )
    return found[0]


@strawberry.type
class Query(
    CatalogueQuery,
    AccountsQuery,
    ApiKeysQuery,
    AppointmentsQuery,
    CalendarQuery,
    BlocksQuery,
    StaffAppointmentsQuery,
    ServiceRequestsQuery,
    AddressSearchQuery,
    NotificationsQuery,
):
    @strawberry.field(description="Any object by its global id; null when it does not exist.")
    async def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        return await _resolve_node(info, id)

    @strawberry.field(description="Objects by their global ids, in the same order.")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[relay.Node | None]:
        if len(ids) > info.context.settings.max_page_size:
            raise BadUserInput(
                "page_too_large", info.context.language, max=info.context.settings.max_page_size
            )
        return [await _resolve_node(info, i) for i in ids]

    @strawberry.field(description="The language this request answers in.")
    def language(self, info: Info) -> Language:
        return info.context.language


@strawberry.type
class Mutation(
    AccountsMutation,
    ApiKeysMutation,
    AppointmentsMutation,
    CalendarMutation,
    BlocksMutation,
    StaffAppointmentsMutation,
    ServiceRequestsMutation,
    NotificationsMutation,
):
    pass


@strawberry.type(
    description="Live updates, over a WebSocket at /graphql (graphql-transport-ws); each "
    "gives the current state first, then again whenever it changes. The same authorization "
    "as the queries applies, checked again at every change: a subscription ends with an error "
    "(UNAUTHENTICATED) when the caller's session or token has ended."
)
class Subscription(ServiceRequestsSubscription, NotificationsSubscription):
    pass


class MaskInternalErrors(MaskErrors):
    """Hides what went wrong inside (strawberry logs it) and tells the caller, in their language,
    that it was not their fault."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        context = self.execution_context.context
        language = getattr(context, "language", DEFAULT_LANGUAGE)
        return GraphQLError(
            MESSAGES["internal"][language],
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR"},
        )


def extensions_for(settings: Settings) -> list[Any]:
    # Factories, so that each request gets fresh extension instances.
    # Parsing and validating cost more than executing a typical query, and clients repeat the
    # same few documents: both are cached per document text (the limits still run on the first).
    # The limiters hold no per-request state and are made once: each instance makes its own
    # validation rule classes, and the validation cache is keyed by those classes.
    depth = QueryDepthLimiter(max_depth=settings.max_query_depth)
    aliases = MaxAliasesLimiter(max_alias_count=settings.max_aliases)
    tokens = MaxTokensLimiter(max_token_count=settings.max_tokens)
    extensions: list[Callable[[], SchemaExtension]] = [
        lambda: ParserCache(maxsize=1000),
        lambda: ValidationCache(maxsize=1000),
        lambda: depth,
        lambda: aliases,
        lambda: tokens,
    ]
    if not settings.debug:
        extensions.append(lambda: MaskInternalErrors(should_mask_error=_should_mask))
    return extensions


def _should_mask(error: GraphQLError) -> bool:
    return not is_client_error(error) and not isinstance(
        error.original_error, InvalidOperationTypeError
    )


ALL_OPERATIONS = frozenset(OperationType)


def _allowed_over(context: Any, allowed: Iterable[OperationType] | None) -> set[OperationType]:
    """Subscriptions only over a WebSocket, and only subscriptions there: an HTTP request
    that streamed would hold its admission slot (app.py) for as long as it lasted, and a query
    or mutation sent over a WebSocket would pass the gate's rate limits and CSRF checks once
    for the whole connection."""
    wanted = set(allowed if allowed is not None else ALL_OPERATIONS)
    if getattr(context, "transport", "http") == "websocket":
        return wanted & {OperationType.SUBSCRIPTION}
    return wanted - {OperationType.SUBSCRIPTION}


class AsiointiSchema(strawberry.Schema):
    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        return await super().execute(
            query,
            variable_values=variable_values,
            context_value=context_value,
            root_value=root_value,
            operation_name=operation_name,
            allowed_operation_types=_allowed_over(context_value, allowed_operation_types),
            operation_extensions=operation_extensions,
        )

    async def stream(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        operation_extensions: dict[str, Any] | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
    ) -> StreamResult:
        return await super().stream(
            query,
            variable_values=variable_values,
            context_value=context_value,
            root_value=root_value,
            operation_name=operation_name,
            operation_extensions=operation_extensions,
            allowed_operation_types=_allowed_over(context_value, allowed_operation_types),
        )

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Internal failures are logged with their traceback; a caller's mistakes only briefly,
        so that a flood of bad queries cannot flood the log with their text."""
        for error in errors:
            if not _should_mask(error):
                log.info("client error", extra={"graphql_error": error.message[:200]})
            else:
                StrawberryLogger.error(error, execution_context)


def build_schema(settings: Settings) -> strawberry.Schema:
    return AsiointiSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=list(NODE_TYPES.values()),
        extensions=extensions_for(settings),
    )


# The exported contract (`strawberry export-schema backend.schema:schema`).
schema = build_schema(Settings.from_env())
