"""Permission classes shared by the domains' schemas."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from backend.api.context import Info


class PersonalData(BasePermission):
    """Grants nothing and refuses nothing: it marks the answer as someone's personal data, so
    that no shared cache and no service worker keeps a copy."""

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        info.context.mark_personal()
        return True
