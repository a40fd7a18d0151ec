"""A person's data, for download and for the City's GDPR API, and erasing it.

The tree is the format of Helsinki profile's GDPR API for connected services: every node is
`{"key": ..., "value": ...}` or `{"key": ..., "children": [...]}`. Each domain that stores
personal data adds its branch here as it arrives (bookings, service requests, notifications).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from backend.accounts import audit
from backend.accounts.errors import AccountsError
from backend.accounts.models import RoleGrant, Session, User
from backend.accounts.principal import Principal

Node = dict[str, Any]


@dataclass(frozen=True)
class PersonalData:
    """What a domain keeps about a person: its branch of the tree, an optional rule that can
    forbid erasure now, and what erasing must do beyond the cascades of deleting the user."""

    branch: Callable[[User], Awaitable[Node]]
    forbids_erasure: Callable[[User], Awaitable[AccountsError | None]] | None = None
    erase: Callable[[User], Awaitable[None]] | None = None


_DOMAINS: list[PersonalData] = []


def register(domain: PersonalData) -> None:
    """Called once by each domain that stores personal data (at import)."""
    _DOMAINS.append(domain)


def _leaf(key: str, value: object) -> Node:
    return {"key": key, "value": value}


async def data_tree(user: User) -> Node:
    grants = await RoleGrant.filter(user=user).order_by("id")
    sessions = await Session.filter(user=user).order_by("created_at")
    return {
        "key": "ASIOINTI",
        "children": [
            {
                "key": "USER",
                "children": [
                    _leaf("ID", str(user.id)),
                    _leaf("NAME", user.name),
                    _leaf("EMAIL", user.email),
                    _leaf("LANGUAGE", user.language),
                    _leaf("LOGIN_EMAIL", user.login_email),
                    _leaf("SIGNS_IN_WITH", user.oidc_issuer or "local"),
                    _leaf("CREATED_AT", user.created_at.isoformat()),
                    _leaf(
                        "LAST_LOGIN_AT",
                        user.last_login_at.isoformat() if user.last_login_at else None,
                    ),
                ],
            },
            {
                "key": "ROLES",
                "children": [
                    {
                        "key": "ROLE",
                        "children": [
                            _leaf("ROLE", g.role),
                            _leaf("SCOPE_TYPE", g.scope_type),
                            _leaf("SCOPE_ID", g.scope_id),
                            _leaf("GRANTED_AT", g.created_at.isoformat()),
                        ],
                    }
                    for g in grants
                ],
            },
            {
                "key": "SESSIONS",
                "children": [
                    {
                        "key": "SESSION",
                        "children": [
                            _leaf("STARTED_AT", s.created_at.isoformat()),
                            _leaf("EXPIRES_AT", s.expires_at.isoformat()),
                            _leaf("METHOD", s.method),
                        ],
                    }
                    for s in sessions
                ],
            },
            *[await domain.branch(user) for domain in _DOMAINS],
        ],
    }


@dataclass(frozen=True)
class DeletionCheck:
    allowed: bool
    reason: AccountsError | None = None


async def deletion_check(user: User) -> DeletionCheck:
    """Rules that forbid erasing an account now. Later domains add theirs (an appointment
    tomorrow, a request in handling)."""
    if await RoleGrant.filter(user=user, role="admin").exists():
        admins = await RoleGrant.filter(role="admin").count()
        if admins <= 1:
            return DeletionCheck(False, AccountsError("LAST_ADMIN", "last_admin"))
    for domain in _DOMAINS:
        if domain.forbids_erasure is not None and (reason := await domain.forbids_erasure(user)):
            return DeletionCheck(False, reason)
    return DeletionCheck(True)


async def erase(principal: Principal, user: User, *, dry_run: bool) -> DeletionCheck:
    """Erases the person and everything that is theirs, in one transaction, unless a rule
    forbids it; the audit trail keeps the event with no personal data."""
    async with in_transaction():
        check = await deletion_check(user)
        if not check.allowed or dry_run:
            return check
        user_id = str(user.id)
        for domain in _DOMAINS:
            if domain.erase is not None:
                await domain.erase(user)
        await user.delete()  # sessions and roles cascade; audit events keep a null actor
        await audit.record(
            Principal(via=principal.via, api_key_id=principal.api_key_id, scopes=principal.scopes),
            "account.erase",
            "user",
            user_id,
        )
    return check
