# mypy: allow-untyped-decorators
"""GraphQL face of API keys (admins only), the scopes registry, and `caller`: how the current
request authenticated and with which scopes."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay

from backend.accounts import api_keys as service
from backend.accounts.errors import AccountsError
from backend.accounts.models import ApiKey as ApiKeyModel
from backend.accounts.schema import IsAdmin, User
from backend.api.context import Info
from backend.api.mutations import MutationError, mutation_error
from backend.api.pagination import page_request
from backend.api.permissions import PersonalData

DEFAULT_PAGE_SIZE = 20


@strawberry.type(
    description="A third party's API key (admins only). Its secret is shown once: by "
    "createApiKey and rotateApiKey."
)
class ApiKey(relay.Node):
    id: relay.NodeID[str]
    name: str
    prefix: str = strawberry.field(
        description="The public part of the key (`asi_<prefix>_…`), the same across rotations."
    )
    scopes: list[str]
    created_at: datetime
    created_by: User | None
    last_used_at: datetime | None = strawberry.field(description="Accurate to about a minute.")
    revoked_at: datetime | None

    @classmethod
    def of(cls, key: ApiKeyModel) -> ApiKey:
        creator = key.created_by
        return cls(
            id=str(key.id),
            name=key.name,
            prefix=key.prefix,
            scopes=list(key.scopes),
            created_at=key.created_at,
            created_by=User.of(creator) if creator is not None else None,
            last_used_at=key.last_used_at,
            revoked_at=key.revoked_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[ApiKey | None]:
        info.context.mark_personal()
        found: list[ApiKey | None] = []
        for node_id in node_ids:
            try:
                key = await service.get_api_key(info.context.principal, uuid.UUID(node_id))
            except (AccountsError, ValueError):
                found.append(None)  # non-admins are told nothing, not even that it exists
            else:
                found.append(cls.of(key))
        return found


@strawberry.type
class ApiKeyConnection(relay.Connection[ApiKey]):
    total_count: int


@strawberry.type(description="A permission that API keys and bearer tokens can carry.")
class ApiScope:
    name: str
    description: str
    for_api_keys: bool = strawberry.field(description="Whether an API key may hold it.")


@strawberry.enum(description="How a request proved who is calling.")
class AuthMethod(Enum):
    ANONYMOUS = "anonymous"
    SESSION = "session"
    BEARER = "bearer"
    API_KEY = "api_key"


@strawberry.type(description="How this request authenticated, and with which scopes.")
class Caller:
    via: AuthMethod
    scopes: list[str] = strawberry.field(
        description="Scopes of the bearer token or API key, sorted; empty for sessions."
    )
    api_key_id: strawberry.ID | None


def _key_id(global_id: str) -> uuid.UUID:
    try:
        parsed = relay.GlobalID.from_id(global_id)
        if parsed.type_name != "ApiKey":
            raise ValueError
        return uuid.UUID(parsed.node_id)
    except ValueError:
        raise AccountsError("NOT_FOUND", "not_found", field="id") from None


@strawberry.type
class ApiKeysQuery:
    @strawberry.field(
        description="Third parties' API keys, newest first (admins only).",
        permission_classes=[IsAdmin],
    )
    async def api_keys(
        self,
        info: Info,
        first: int | None = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        include_revoked: bool = False,
    ) -> ApiKeyConnection:
        page = page_request(
            first,
            after,
            default=DEFAULT_PAGE_SIZE,
            maximum=info.context.settings.max_page_size,
            language=info.context.language,
        )
        rows, total = await service.list_api_keys(
            info.context.principal, include_revoked, page.offset, page.limit
        )
        edges = [relay.Edge(cursor=page.cursor(i), node=ApiKey.of(k)) for i, k in enumerate(rows)]
        return ApiKeyConnection(
            edges=edges, page_info=page.page_info(len(edges), total), total_count=total
        )

    @strawberry.field(description="Every scope this API knows.")
    def api_scopes(self) -> list[ApiScope]:
        return [
            ApiScope(name=s.name, description=s.description, for_api_keys=s.api_keys)
            for s in service.SCOPES.values()
        ]

    @strawberry.field(
        description="How this request authenticated, and with which scopes.",
        permission_classes=[PersonalData],
    )
    def caller(self, info: Info) -> Caller:
        principal = info.context.principal
        key_id = principal.api_key_id
        return Caller(
            via=AuthMethod(principal.via),
            scopes=sorted(principal.scopes),
            api_key_id=strawberry.ID(str(relay.GlobalID("ApiKey", key_id))) if key_id else None,
        )


@strawberry.input
class CreateApiKeyInput:
    name: str
    scopes: list[str] = strawberry.field(description="Names from `apiScopes`.")


@strawberry.type
class CreateApiKeyPayload:
    api_key: ApiKey | None
    secret: str | None = strawberry.field(
        description="The whole key, `asi_<prefix>_<secret>`. Shown this once: only its hash "
        "is kept."
    )
    errors: list[MutationError]


@strawberry.input
class RotateApiKeyInput:
    id: strawberry.ID


@strawberry.type
class RotateApiKeyPayload:
    api_key: ApiKey | None
    secret: str | None = strawberry.field(
        description="The new whole key, shown this once; the previous one no longer works."
    )
    errors: list[MutationError]


@strawberry.input
class RevokeApiKeyInput:
    id: strawberry.ID


@strawberry.type
class RevokeApiKeyPayload:
    api_key: ApiKey | None
    errors: list[MutationError]


@strawberry.type
class ApiKeysMutation:
    @strawberry.mutation(
        description="Make an API key for a third party (admins only; recorded in the audit log)."
    )
    async def create_api_key(self, info: Info, input: CreateApiKeyInput) -> CreateApiKeyPayload:
        try:
            issued = await service.create_api_key(info.context.principal, input.name, input.scopes)
        except AccountsError as error:
            return CreateApiKeyPayload(
                api_key=None, secret=None, errors=[mutation_error(error, info.context.language)]
            )
        return CreateApiKeyPayload(
            api_key=ApiKey.of(issued.api_key), secret=issued.secret, errors=[]
        )

    @strawberry.mutation(
        description="Give a key a new secret; the old one stops working at once (admins only)."
    )
    async def rotate_api_key(self, info: Info, input: RotateApiKeyInput) -> RotateApiKeyPayload:
        try:
            issued = await service.rotate_api_key(info.context.principal, _key_id(input.id))
        except AccountsError as error:
            return RotateApiKeyPayload(
                api_key=None, secret=None, errors=[mutation_error(error, info.context.language)]
            )
        return RotateApiKeyPayload(
            api_key=ApiKey.of(issued.api_key), secret=issued.secret, errors=[]
        )

    @strawberry.mutation(description="Revoke a key for good (admins only).")
    async def revoke_api_key(self, info: Info, input: RevokeApiKeyInput) -> RevokeApiKeyPayload:
        try:
            key = await service.revoke_api_key(info.context.principal, _key_id(input.id))
        except AccountsError as error:
            return RevokeApiKeyPayload(
                api_key=None, errors=[mutation_error(error, info.context.language)]
            )
        return RevokeApiKeyPayload(api_key=ApiKey.of(key), errors=[])


NODE_TYPES: dict[str, type[Any]] = {"ApiKey": ApiKey}
