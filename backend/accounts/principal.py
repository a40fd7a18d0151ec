"""Who is calling: a citizen or staff member (session or bearer token), a third party's API key,
or nobody. Every authorization decision in the service layer asks this object."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from backend.accounts.models import User

Via = Literal["anonymous", "session", "bearer", "api_key"]
STRONG_ASSURANCE = ("substantial", "high")


@dataclass(frozen=True)
class Grant:
    role: str
    scope_type: str
    scope_id: str = ""


@dataclass(frozen=True)
class Principal:
    via: Via = "anonymous"
    user: User | None = None
    grants: tuple[Grant, ...] = ()
    # Scopes of a bearer token or an API key; sessions act with the user's own rights.
    scopes: frozenset[str] = field(default_factory=frozenset)
    api_key_id: str | None = None
    # The session's level of assurance (see models.Session.assurance).
    assurance: str = "low"

    @property
    def strongly_identified(self) -> bool:
        return self.assurance in STRONG_ASSURANCE

    @property
    def is_authenticated(self) -> bool:
        return self.via != "anonymous"

    @property
    def is_admin(self) -> bool:
        return any(g.role == "admin" for g in self.grants)

    @property
    def is_staff(self) -> bool:
        return bool(self.grants)

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def has_role_for(self, roles: tuple[str, ...], scope_type: str, scope_id: str) -> bool:
        """Whether a grant of one of `roles` covers the object (admins cover everything)."""
        if self.is_admin:
            return True
        return any(
            g.role in roles
            and (g.scope_type == "global" or (g.scope_type, g.scope_id) == (scope_type, scope_id))
            for g in self.grants
        )


ANONYMOUS = Principal()
