"""Demo people for the embedded default: a citizen, a staff member and an administrator.
Their credentials are public (README.md); never load them into a production database."""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from backend.accounts.models import RoleGrant, User
from backend.accounts.passwords import hash_password
from backend.catalogue.models import Unit


@dataclass(frozen=True)
class DemoUser:
    email: str
    password: str
    name: str
    language: str
    role: str | None = None
    unit_slug: str | None = None


DEMO_USERS = (
    DemoUser("citizen@example.fi", "asukas-demo-2026", "Aino Asukas", "fi"),
    DemoUser(
        "staff@example.fi",
        "virkailija-demo-2026",
        "Ville Virkailija",
        "fi",
        role="handler",
        unit_slug="kallio-library",
    ),
    DemoUser("admin@example.fi", "yllapito-demo-2026", "Anna Ylläpitäjä", "fi", role="admin"),
)


async def load_demo_users() -> int:
    """Creates or resets the demo people and their roles; safe to run again."""
    async with in_transaction():
        for demo in DEMO_USERS:
            user = await User.filter(login_email=demo.email).first()
            if user is None:
                user = await User.create(
                    login_email=demo.email,
                    email=demo.email,
                    name=demo.name,
                    language=demo.language,
                    password_hash=hash_password(demo.password),
                )
            else:
                user.password_hash = hash_password(demo.password)
                await user.save(update_fields=["password_hash"])
            await RoleGrant.filter(user=user).delete()
            if demo.role == "admin":
                await RoleGrant.create(user=user, role="admin")
            elif demo.role is not None and demo.unit_slug is not None:
                unit = await Unit.get(slug=demo.unit_slug)
                await RoleGrant.create(
                    user=user, role=demo.role, scope_type="unit", scope_id=str(unit.id)
                )
    return len(DEMO_USERS)
