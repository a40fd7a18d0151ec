"""GraphQL face of accounts: `me`, profile, roles, users and the audit log (admins)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry import relay
from strawberry.permission import BasePermission
from strawberry.scalars import JSON

from backend.accounts import gdpr, service
from backend.accounts.errors import MESSAGES, AccountsError
from backend.accounts.models import AuditEvent as AuditEventModel
from backend.accounts.models import RoleGrant as RoleGrantModel
from backend.accounts.models import User as UserModel
from backend.api.context import Info
from backend.api.errors import ClientError
from backend.api.mutations import MutationError, mutation_error
from backend.api.pagination import page_request
from backend.api.permissions import PersonalData
from backend.api.types import Language

DEFAULT_PAGE_SIZE = 20


class PermissionDenied(ClientError):
    code = "FORBIDDEN"


class NotSignedIn(ClientError):
    code = "UNAUTHENTICATED"


class IsAdmin(BasePermission):
    """Only administrators; anyone else gets a typed, localized refusal."""

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        info.context.mark_personal()  # what admins see is about people
        principal = info.context.principal
        if not principal.is_authenticated:
            raise NotSignedIn("unauthenticated", info.context.language, catalogue=MESSAGES)
        if not principal.is_admin:
            raise PermissionDenied("forbidden", info.context.language, catalogue=MESSAGES)
        return True


@strawberry.enum(description="What a role lets its holder do.")
class Role(Enum):
    ADMIN = "admin"
    HANDLER = "handler"
    VIEWER = "viewer"


@strawberry.enum(description="What a role is limited to.")
class ScopeType(Enum):
    GLOBAL = "global"
    DEPARTMENT = "department"
    UNIT = "unit"
    SERVICE = "service"


@strawberry.type(description="A role held by a user, possibly limited to one scope.")
class RoleGrant(relay.Node):
    id: relay.NodeID[int]
    role: Role
    scope_type: ScopeType
    scope_id: str | None

    @classmethod
    def of(cls, grant: RoleGrantModel) -> RoleGrant:
        return cls(
            id=grant.id,
            role=Role(grant.role),
            scope_type=ScopeType(grant.scope_type),
            scope_id=grant.scope_id or None,
        )


@strawberry.type(description="A person known to Asiointi (admins see everyone).")
class User(relay.Node):
    id: relay.NodeID[str]
    name: str
    email: str | None
    language: Language
    signs_in_with: str = strawberry.field(description="`local` or the OpenID Connect issuer.")

    @strawberry.field
    async def roles(self) -> list[RoleGrant]:
        rows = await RoleGrantModel.filter(user_id=uuid.UUID(self.id)).order_by("id")
        return [RoleGrant.of(r) for r in rows]

    @classmethod
    def of(cls, user: UserModel) -> User:
        return cls(
            id=str(user.id),
            name=user.name,
            email=user.email or None,
            language=Language(user.language),
            signs_in_with=user.oidc_issuer or "local",
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[User | None]:
        info.context.mark_personal()
        found: list[User | None] = []
        for node_id in node_ids:
            try:
                user = await service.get_user(info.context.principal, uuid.UUID(node_id))
            except (AccountsError, ValueError):
                found.append(None)  # someone else's account answers as if it did not exist
            else:
                found.append(cls.of(user))
        return found


@strawberry.type(description="The signed-in person: profile, language and roles.")
class Me:
    user: User
    is_staff: bool
    is_admin: bool
    strongly_identified: bool = strawberry.field(
        description="Signed in with strong identification (Suomi.fi): needed to book "
        "appointment types with `requiresStrongIdentification`."
    )


@strawberry.type(description="Something an administrator or staff member did.")
class AuditEvent:
    id: strawberry.ID
    at: datetime
    action: str
    actor_id: strawberry.ID | None
    target_type: str
    target_id: str
    details: JSON
    request_id: str

    @classmethod
    def of(cls, event: AuditEventModel) -> AuditEvent:
        actor = event.actor_user_id  # type: ignore[attr-defined]
        return cls(
            id=strawberry.ID(str(event.id)),
            at=event.at,
            action=event.action,
            actor_id=strawberry.ID(str(relay.GlobalID("User", str(actor)))) if actor else None,
            target_type=event.target_type,
            target_id=event.target_id,
            details=JSON(event.details),
            request_id=event.request_id,
        )


@strawberry.type
class UserConnection(relay.Connection[User]):
    total_count: int


@strawberry.type
class AuditEventEdge:
    cursor: str
    node: AuditEvent


@strawberry.type
class AuditEventConnection:
    page_info: relay.PageInfo
    edges: list[AuditEventEdge]
    total_count: int


def _user_id(global_id: str) -> uuid.UUID:
    try:
        parsed = relay.GlobalID.from_id(global_id)
        if parsed.type_name != "User":
            raise ValueError
        return uuid.UUID(parsed.node_id)
    except ValueError:
        raise AccountsError("NOT_FOUND", "not_found", field="userId") from None


def _grant_id(global_id: str) -> int:
    try:
        parsed = relay.GlobalID.from_id(global_id)
        if parsed.type_name != "RoleGrant":
            raise ValueError
        return int(parsed.node_id)
    except ValueError:
        raise AccountsError("NOT_FOUND", "not_found", field="grantId") from None


async def me_of(info: Info) -> Me | None:
    principal = info.context.principal
    if principal.user is None:
        return None
    return Me(
        user=User.of(principal.user),
        is_staff=principal.is_staff,
        is_admin=principal.is_admin,
        strongly_identified=principal.strongly_identified,
    )


@strawberry.type(description="How people can sign in here.")
class SignInOptions:
    local: bool = strawberry.field(description="E-mail and password (POST /auth/login).")
    oidc: bool = strawberry.field(description="The City's identity provider (/auth/oidc/login).")


@strawberry.type
class AccountsQuery:
    @strawberry.field(
        description="The signed-in person; null when nobody is signed in.",
        permission_classes=[PersonalData],
    )
    async def me(self, info: Info) -> Me | None:
        return await me_of(info)

    @strawberry.field(description="How people can sign in here.")
    def sign_in_options(self, info: Info) -> SignInOptions:
        settings = info.context.settings
        return SignInOptions(local=True, oidc=bool(getattr(settings, "oidc_issuer", None)))

    @strawberry.field(
        description="Everything Asiointi keeps about the signed-in person, as the GDPR API's "
        "`{key, value | children}` tree; null when nobody is signed in.",
        permission_classes=[PersonalData],
    )
    async def my_data(self, info: Info) -> JSON | None:
        user = info.context.principal.user
        if user is None or info.context.principal.via != "session":
            return None
        return JSON(await gdpr.data_tree(user))

    @strawberry.field(description="Every user (admins only).", permission_classes=[IsAdmin])
    async def users(
        self,
        info: Info,
        first: int | None = DEFAULT_PAGE_SIZE,
        after: str | None = None,
        search: str | None = None,
    ) -> UserConnection:
        language = info.context.language
        page = page_request(
            first,
            after,
            default=DEFAULT_PAGE_SIZE,
            maximum=info.context.settings.max_page_size,
            language=language,
        )
        found = await service.list_users(info.context.principal, search, page.offset, page.limit)
        edges = [
            relay.Edge(cursor=page.cursor(i), node=User.of(u)) for i, u in enumerate(found.items)
        ]
        return UserConnection(
            edges=edges,
            page_info=page.page_info(len(edges), found.total),
            total_count=found.total,
        )

    @strawberry.field(
        description="The audit trail, newest first (admins only).", permission_classes=[IsAdmin]
    )
    async def audit_log(
        self, info: Info, first: int | None = DEFAULT_PAGE_SIZE, after: str | None = None
    ) -> AuditEventConnection:
        language = info.context.language
        page = page_request(
            first,
            after,
            default=DEFAULT_PAGE_SIZE,
            maximum=info.context.settings.max_page_size,
            language=language,
        )
        rows, total = await service.audit_events(info.context.principal, page.offset, page.limit)
        edges = [
            AuditEventEdge(cursor=page.cursor(i), node=AuditEvent.of(e)) for i, e in enumerate(rows)
        ]
        return AuditEventConnection(
            edges=edges, page_info=page.page_info(len(edges), total), total_count=total
        )


@strawberry.input
class UpdateMyProfileInput:
    name: str | None = None
    language: Language | None = None


@strawberry.type
class UpdateMyProfilePayload:
    me: Me | None
    errors: list[MutationError]


@strawberry.input
class GrantRoleInput:
    user_id: strawberry.ID
    role: Role
    scope_type: ScopeType = ScopeType.GLOBAL
    scope_id: str | None = None


@strawberry.type
class GrantRolePayload:
    grant: RoleGrant | None
    user: User | None
    errors: list[MutationError]


@strawberry.input
class RevokeRoleInput:
    grant_id: strawberry.ID


@strawberry.type
class RevokeRolePayload:
    user: User | None
    errors: list[MutationError]


@strawberry.input
class DeleteMyAccountInput:
    dry_run: bool = strawberry.field(default=False, description="Only check whether it may.")


@strawberry.type
class DeleteMyAccountPayload:
    deleted: bool
    errors: list[MutationError]


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(
        description="Erase the signed-in person's account and data (signs them out)."
    )
    async def delete_my_account(
        self, info: Info, input: DeleteMyAccountInput
    ) -> DeleteMyAccountPayload:
        language = info.context.language
        principal = info.context.principal
        if principal.user is None or principal.via != "session":
            error = AccountsError("UNAUTHENTICATED", "unauthenticated")
            return DeleteMyAccountPayload(deleted=False, errors=[mutation_error(error, language)])
        check = await gdpr.erase(principal, principal.user, dry_run=input.dry_run)
        if check.reason is not None:
            return DeleteMyAccountPayload(
                deleted=False, errors=[mutation_error(check.reason, language)]
            )
        return DeleteMyAccountPayload(deleted=not input.dry_run, errors=[])

    @strawberry.mutation(description="Change the signed-in person's name or language.")
    async def update_my_profile(
        self, info: Info, input: UpdateMyProfileInput
    ) -> UpdateMyProfilePayload:
        try:
            await service.update_profile(
                info.context.principal,
                input.name,
                input.language.value if input.language else None,
            )
        except AccountsError as error:
            return UpdateMyProfilePayload(
                me=None, errors=[mutation_error(error, info.context.language)]
            )
        return UpdateMyProfilePayload(me=await me_of(info), errors=[])

    @strawberry.mutation(description="Give a user a role (admins only; recorded in the audit log).")
    async def grant_role(self, info: Info, input: GrantRoleInput) -> GrantRolePayload:
        language = info.context.language
        try:
            user_id = _user_id(input.user_id)
            grant = await service.grant_role(
                info.context.principal,
                user_id,
                input.role.value,
                input.scope_type.value,
                input.scope_id or "",
            )
            user = await service.get_user(info.context.principal, user_id)
        except AccountsError as error:
            return GrantRolePayload(grant=None, user=None, errors=[mutation_error(error, language)])
        return GrantRolePayload(grant=RoleGrant.of(grant), user=User.of(user), errors=[])

    @strawberry.mutation(description="Take a role away (admins only; recorded in the audit log).")
    async def revoke_role(self, info: Info, input: RevokeRoleInput) -> RevokeRolePayload:
        language = info.context.language
        try:
            grant = await service.revoke_role(info.context.principal, _grant_id(input.grant_id))
            user = await service.get_user(info.context.principal, grant.user_id)
        except AccountsError as error:
            return RevokeRolePayload(user=None, errors=[mutation_error(error, language)])
        return RevokeRolePayload(user=User.of(user), errors=[])


NODE_TYPES: dict[str, type[Any]] = {"User": User, "RoleGrant": RoleGrant}
