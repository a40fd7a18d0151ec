"""Accounts rules: signing in, profiles, roles. Every function takes the calling Principal and
decides; GraphQL and REST only translate."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from backend.accounts import audit
from backend.accounts.errors import AccountsError, forbidden, not_found, unauthenticated
from backend.accounts.models import LANGUAGES, ROLES, SCOPE_TYPES, AuditEvent, RoleGrant, User
from backend.accounts.passwords import MIN_LENGTH, hash_password, verify_password
from backend.accounts.principal import Grant, Principal
from backend.accounts.ratelimit import Counter, Limit

# Failed sign-ins allowed per window: per account they stop guessing one password, per IP
# address they stop trying many accounts from one place.
ACCOUNT_FAILURES = Limit(count=5, seconds=15 * 60)
IP_FAILURES = Limit(count=20, seconds=15 * 60)


async def grants_of(user: User) -> tuple[Grant, ...]:
    rows = (
        await RoleGrant.filter(user_id=user.id)
        .order_by("id")
        .values_list("role", "scope_type", "scope_id")
    )
    return tuple(Grant(role, scope_type, scope_id) for role, scope_type, scope_id in rows)


async def principal_for(user: User, via: str = "session", assurance: str = "low") -> Principal:
    assert via in ("session", "bearer")
    return Principal(
        via=via,  # type: ignore[arg-type]
        user=user,
        grants=await grants_of(user),
        assurance=assurance,
    )


def require_user(principal: Principal) -> User:
    if principal.user is None:
        raise unauthenticated()
    return principal.user


def require_admin(principal: Principal) -> User:
    user = require_user(principal)
    if not principal.is_admin:
        raise forbidden()
    return user


async def sign_in_local(counter: Counter, email: str, password: str, ip: str) -> User:
    """The user with this e-mail and password, or AccountsError; throttled per account and IP."""
    email = email.strip().lower()[:254]
    account_key, ip_key = f"login:account:{email}", f"login:ip:{ip}"
    for key, limit in ((account_key, ACCOUNT_FAILURES), (ip_key, IP_FAILURES)):
        verdict = await counter.peek(key, limit)
        if not verdict.allowed:
            raise AccountsError("THROTTLED", "throttled", seconds=verdict.retry_after)
    user = await User.filter(login_email=email, is_active=True).first()
    if user is None or not verify_password(user.password_hash, password[:1024]):
        await counter.hit(account_key, ACCOUNT_FAILURES)
        await counter.hit(ip_key, IP_FAILURES)
        raise AccountsError("BAD_CREDENTIALS", "bad_credentials")
    await counter.reset(account_key)
    user.last_login_at = datetime.now(UTC)
    await user.save(update_fields=["last_login_at"])
    return user


async def create_local_user(email: str, password: str, name: str, *, admin: bool) -> User:
    """Raises ValueError with a reason when the e-mail or password is unusable or taken."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise ValueError("not an e-mail address")
    if len(password) < MIN_LENGTH:
        raise ValueError(f"the password needs at least {MIN_LENGTH} characters")
    try:
        async with in_transaction():
            user = await User.create(
                login_email=email,
                email=email,
                name=name.strip()[:200],
                password_hash=hash_password(password),
            )
            if admin:
                await RoleGrant.create(user=user, role="admin")
    except IntegrityError:
        raise ValueError("an account with this e-mail exists") from None
    return user


async def update_profile(principal: Principal, name: str | None, language: str | None) -> User:
    user = require_user(principal)
    if language is not None and language not in LANGUAGES:
        raise AccountsError("INVALID_INPUT", "invalid_language", field="language")
    if name is not None and len(name.strip()) > 200:
        raise AccountsError("INVALID_INPUT", "invalid_name", field="name")
    if name is not None:
        user.name = name.strip()
    if language is not None:
        user.language = language
    await user.save(update_fields=["name", "language"])
    return user


@dataclass(frozen=True)
class Page:
    items: list[User]
    total: int


async def list_users(principal: Principal, search: str | None, offset: int, limit: int) -> Page:
    require_admin(principal)
    query = User.all()
    if search and search.strip():
        text = search.strip()
        query = query.filter(
            Q(name__icontains=text) | Q(email__icontains=text) | Q(login_email__icontains=text)
        )
    total = await query.count()
    items = await query.order_by("name", "id").offset(offset).limit(limit)
    return Page(items=list(items), total=total)


async def get_user(principal: Principal, user_id: uuid.UUID) -> User:
    """Admins see anyone; everybody else only themselves. Anything else is "not found"."""
    user = require_user(principal)
    if user.id == user_id:
        return user
    if not principal.is_admin:
        raise not_found()
    found = await User.filter(id=user_id).first()
    if found is None:
        raise not_found()
    return found


def _check_grant(role: str, scope_type: str, scope_id: str) -> None:
    valid = (
        role in ROLES
        and scope_type in SCOPE_TYPES
        and (scope_id == "") == (scope_type == "global")
        and len(scope_id) <= 64
        and (role != "admin" or scope_type == "global")
    )
    if not valid:
        raise AccountsError("INVALID_INPUT", "invalid_role", field="role")


async def grant_role(
    principal: Principal, user_id: uuid.UUID, role: str, scope_type: str, scope_id: str
) -> RoleGrant:
    require_admin(principal)
    _check_grant(role, scope_type, scope_id)
    target = await get_user(principal, user_id)
    try:
        async with in_transaction():
            grant = await RoleGrant.create(
                user=target,
                role=role,
                scope_type=scope_type,
                scope_id=scope_id,
                granted_by=principal.user,
            )
            await audit.record(
                principal,
                "role.grant",
                "user",
                str(target.id),
                role=role,
                scope_type=scope_type,
                scope_id=scope_id,
            )
    except IntegrityError:
        raise AccountsError("ALREADY_GRANTED", "already_granted", field="role") from None
    return grant


async def revoke_role(principal: Principal, grant_id: int) -> RoleGrant:
    require_admin(principal)
    async with in_transaction():
        # Locking every admin grant serializes concurrent revocations on PostgreSQL, so two
        # admins cannot remove each other at once and leave nobody in charge.
        admins = await RoleGrant.filter(role="admin").select_for_update()
        grant = await RoleGrant.filter(id=grant_id).first()
        if grant is None:
            raise not_found()
        if grant.role == "admin" and len(admins) <= 1:
            raise AccountsError("LAST_ADMIN", "last_admin")
        await grant.delete()
        await audit.record(
            principal,
            "role.revoke",
            "user",
            str(grant.user_id),
            role=grant.role,
            scope_type=grant.scope_type,
            scope_id=grant.scope_id,
        )
    return grant


async def audit_events(
    principal: Principal, offset: int, limit: int
) -> tuple[list[AuditEvent], int]:
    require_admin(principal)
    total = await AuditEvent.all().count()
    rows = await AuditEvent.all().order_by("-at", "-id").offset(offset).limit(limit)
    return list(rows), total
