"""GraphQL types that every domain shares."""

from __future__ import annotations

import strawberry

from backend.i18n import Language

# Registers the enum with strawberry (the decorator returns the same class).
strawberry.enum(Language, description="A language citizens read: fi, sv or en.")

__all__ = ["Language"]
