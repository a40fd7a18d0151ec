"""Who may see and do what: every accounts query and mutation for every kind of caller.

An object a caller may not see answers as not found (null), never as someone else's data.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from strawberry import relay

from backend.accounts.api_keys import create_api_key
from backend.accounts.models import AuditEvent, RoleGrant, User
from backend.accounts.principal import Grant, Principal
from backend.app import create_app
from backend.settings import Settings
from tests.conftest import SITE
from tests.helpers import gql_data, make_user, signed_in

ME = "{ me { user { id name } isStaff isAdmin } }"
USERS = "{ users(first: 100) { totalCount edges { node { id name } } } }"
AUDIT = "{ auditLog(first: 5) { totalCount edges { node { action targetId actorId } } } }"
NODE = "query($id: ID!) { node(id: $id) { id ... on User { name } } }"
MY_DATA = "{ myData }"
GRANT = """mutation($input: GrantRoleInput!) { grantRole(input: $input) {
    grant { id role scopeType scopeId } user { id } errors { code field } } }"""
REVOKE = """mutation($input: RevokeRoleInput!) { revokeRole(input: $input) {
    user { id } errors { code } } }"""
UPDATE = """mutation { updateMyProfile(input: {name: "Changed"}) { errors { code } } }"""
DELETE = """mutation($dry: Boolean!) { deleteMyAccount(input: {dryRun: $dry}) {
    deleted errors { code message } } }"""

CALLERS = [
    "anonymous",
    "citizen",
    "other_citizen",
    "staff_in_scope",
    "staff_out_of_scope",
    "admin",
    "key_with_scope",
    "key_without_scope",
]
# A third party's API key is nobody's account: it never sees or changes people's data here,
# whatever its scopes (the GDPR API takes bearer tokens of the person themselves).
KEYS = ("key_with_scope", "key_without_scope")


@dataclass
class World:
    citizen: User
    other_citizen: User
    staff_in_scope: User
    staff_out_of_scope: User
    admin: User
    key_with_scope: str
    key_without_scope: str


def gid(type_name: str, node_id: object) -> str:
    return str(relay.GlobalID(type_name, str(node_id)))


@pytest.fixture
async def world(database_url: str) -> World:
    admin = await make_user("Admin", role="admin")
    issuer = Principal(via="session", user=admin, grants=(Grant("admin", "global"),))
    scoped = await create_api_key(issuer, "Matrix key", ["gdpr:read", "open311:write"])
    unscoped = await create_api_key(issuer, "Matrix key without scopes", [])
    return World(
        citizen=await make_user("Citizen One"),
        other_citizen=await make_user("Citizen Two"),
        staff_in_scope=await make_user("Staff In", role="handler", scope_type="unit", scope_id="1"),
        staff_out_of_scope=await make_user(
            "Staff Out", role="viewer", scope_type="unit", scope_id="2"
        ),
        admin=admin,
        key_with_scope=scoped.secret,
        key_without_scope=unscoped.secret,
    )


@pytest.fixture
async def as_caller(
    settings: Settings, world: World
) -> AsyncIterator[Callable[[str], Awaitable[httpx.AsyncClient]]]:
    clients: list[httpx.AsyncClient] = []

    async def make(caller: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=create_app(settings, manage_db=False))
        client = httpx.AsyncClient(transport=transport, base_url=SITE, headers={"Origin": SITE})
        clients.append(client)
        if caller in KEYS:
            client.headers["X-Api-Key"] = getattr(world, caller)
        elif caller != "anonymous":
            await signed_in(client, getattr(world, caller))
        return client

    yield make
    for client in clients:
        await client.aclose()


async def codes(
    client: httpx.AsyncClient, query: str, variables: dict[str, Any] | None = None
) -> list[str]:
    response = await client.post("/graphql", json={"query": query, "variables": variables or {}})
    return [e["extensions"]["code"] for e in response.json().get("errors", [])]


@pytest.mark.parametrize("caller", CALLERS)
async def test_me_is_yourself_or_null(caller: str, as_caller: Any, world: World) -> None:
    data = await gql_data(await as_caller(caller), ME)
    if caller == "anonymous" or caller in KEYS:
        assert data["me"] is None
        return
    user = getattr(world, caller)
    assert data["me"]["user"] == {"id": gid("User", user.id), "name": user.name}
    assert data["me"]["isStaff"] == caller.startswith(("staff", "admin"))
    assert data["me"]["isAdmin"] == (caller == "admin")


@pytest.mark.parametrize("caller", CALLERS)
async def test_users_and_audit_log_are_for_admins(caller: str, as_caller: Any) -> None:
    client = await as_caller(caller)
    expected = {"anonymous": ["UNAUTHENTICATED"], "admin": []}.get(caller, ["FORBIDDEN"])
    assert await codes(client, USERS) == expected
    assert await codes(client, AUDIT) == expected
    if caller == "admin":
        data = await gql_data(client, USERS)
        assert data["users"]["totalCount"] >= 5


@pytest.mark.parametrize("caller", CALLERS)
async def test_someone_elses_account_is_not_found(
    caller: str, as_caller: Any, world: World
) -> None:
    target = world.other_citizen
    data = await gql_data(await as_caller(caller), NODE, {"id": gid("User", target.id)})
    if caller in ("admin", "other_citizen"):
        assert data["node"]["name"] == target.name
    else:
        assert data["node"] is None


@pytest.mark.parametrize("caller", CALLERS)
async def test_my_data_is_only_mine(caller: str, as_caller: Any, world: World) -> None:
    data = await gql_data(await as_caller(caller), MY_DATA)
    if caller == "anonymous" or caller in KEYS:
        assert data["myData"] is None
        return
    tree = data["myData"]
    assert tree["key"] == "ASIOINTI"
    user_node = next(c for c in tree["children"] if c["key"] == "USER")
    values = {c["key"]: c["value"] for c in user_node["children"]}
    assert values["ID"] == str(getattr(world, caller).id)
    assert str(world.other_citizen.id) not in str(tree) or caller == "other_citizen"


@pytest.mark.parametrize("caller", CALLERS)
async def test_update_my_profile_needs_a_session(caller: str, as_caller: Any) -> None:
    data = await gql_data(await as_caller(caller), UPDATE)
    expected = [{"code": "UNAUTHENTICATED"}] if caller == "anonymous" or caller in KEYS else []
    assert data["updateMyProfile"]["errors"] == expected


@pytest.mark.parametrize("caller", CALLERS)
async def test_granting_and_revoking_roles_is_for_admins(
    caller: str, as_caller: Any, world: World
) -> None:
    client = await as_caller(caller)
    target = world.citizen
    grants_before = await RoleGrant.filter(user=target).count()
    audit_before = await AuditEvent.all().count()
    data = await gql_data(
        client,
        GRANT,
        {
            "input": {
                "userId": gid("User", target.id),
                "role": "VIEWER",
                "scopeType": "SERVICE",
                "scopeId": "7",
            }
        },
    )
    if caller != "admin":
        code = "UNAUTHENTICATED" if caller == "anonymous" or caller in KEYS else "FORBIDDEN"
        assert data["grantRole"] == {
            "grant": None,
            "user": None,
            "errors": [{"code": code, "field": None}],
        }
        assert await RoleGrant.filter(user=target).count() == grants_before
        assert await AuditEvent.all().count() == audit_before
        existing = await RoleGrant.get(user=world.staff_in_scope)
        revoked = await gql_data(
            client, REVOKE, {"input": {"grantId": gid("RoleGrant", existing.id)}}
        )
        assert revoked["revokeRole"]["errors"] == [{"code": code}]
        assert await RoleGrant.filter(id=existing.id).exists()
        return
    grant = data["grantRole"]["grant"]
    assert grant["role"] == "VIEWER"
    assert (grant["scopeType"], grant["scopeId"]) == ("SERVICE", "7")
    again = await gql_data(
        client,
        GRANT,
        {
            "input": {
                "userId": gid("User", target.id),
                "role": "VIEWER",
                "scopeType": "SERVICE",
                "scopeId": "7",
            }
        },
    )
    assert again["grantRole"]["errors"] == [{"code": "ALREADY_GRANTED", "field": "role"}]
    revoked = await gql_data(client, REVOKE, {"input": {"grantId": grant["id"]}})
    assert revoked["revokeRole"] == {"user": {"id": gid("User", target.id)}, "errors": []}
    assert await RoleGrant.filter(user=target).count() == grants_before
    events = await AuditEvent.filter(target_id=str(target.id)).order_by("id")
    assert [e.action for e in events][-2:] == ["role.grant", "role.revoke"]


@pytest.mark.parametrize(
    ("role", "scope_type", "scope_id"),
    [
        ("ADMIN", "UNIT", "3"),
        ("HANDLER", "GLOBAL", "x"),
        ("HANDLER", "UNIT", None),
        ("VIEWER", "SERVICE", "y" * 65),
    ],
)
async def test_invalid_grants_are_refused(
    as_caller: Any, world: World, role: str, scope_type: str, scope_id: str | None
) -> None:
    client = await as_caller("admin")
    before = await RoleGrant.all().count()
    data = await gql_data(
        client,
        GRANT,
        {
            "input": {
                "userId": gid("User", world.citizen.id),
                "role": role,
                "scopeType": scope_type,
                "scopeId": scope_id,
            }
        },
    )
    assert data["grantRole"]["errors"] == [{"code": "INVALID_INPUT", "field": "role"}]
    assert await RoleGrant.all().count() == before


async def test_grant_to_unknown_user_is_not_found(as_caller: Any) -> None:
    client = await as_caller("admin")
    for user_id in (gid("User", "00000000-0000-0000-0000-000000000000"), "garbage", gid("Unit", 1)):
        data = await gql_data(client, GRANT, {"input": {"userId": user_id, "role": "VIEWER"}})
        assert data["grantRole"]["errors"][0]["code"] == "NOT_FOUND", user_id


async def test_the_last_admin_cannot_be_revoked_or_deleted(as_caller: Any, world: World) -> None:
    client = await as_caller("admin")
    others = await RoleGrant.filter(role="admin").exclude(user=world.admin)
    await RoleGrant.filter(id__in=[g.id for g in others]).delete()
    try:
        only = await RoleGrant.get(user=world.admin, role="admin")
        revoked = await gql_data(client, REVOKE, {"input": {"grantId": gid("RoleGrant", only.id)}})
        assert revoked["revokeRole"]["errors"] == [{"code": "LAST_ADMIN"}]
        deleted = await gql_data(client, DELETE, {"dry": False}, lang="en")
        assert deleted["deleteMyAccount"] == {
            "deleted": False,
            "errors": [
                {"code": "LAST_ADMIN", "message": "The last administrator cannot be removed."}
            ],
        }
        assert await User.filter(id=world.admin.id).exists()
    finally:
        for grant in others:
            await RoleGrant.create(user_id=grant.user_id, role="admin")


async def test_delete_my_account_dry_run_then_for_real(as_caller: Any, world: World) -> None:
    client = await as_caller("citizen")
    dry = await gql_data(client, DELETE, {"dry": True})
    assert dry["deleteMyAccount"] == {"deleted": False, "errors": []}
    assert await User.filter(id=world.citizen.id).exists()
    done = await gql_data(client, DELETE, {"dry": False})
    assert done["deleteMyAccount"] == {"deleted": True, "errors": []}
    assert not await User.filter(id=world.citizen.id).exists()
    assert (await gql_data(client, ME))["me"] is None  # the session went with the account
    erased = await AuditEvent.filter(
        action="account.erase", target_id=str(world.citizen.id)
    ).first()
    assert erased is not None
    anonymous = await as_caller("anonymous")
    refused = await gql_data(anonymous, DELETE, {"dry": False})
    assert refused["deleteMyAccount"]["errors"][0]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize("caller", CALLERS)
async def test_the_catalogue_is_public_to_every_caller(caller: str, as_caller: Any) -> None:
    query = "{ units(first: 1) { totalCount } services(first: 1) { totalCount } }"
    data = await gql_data(await as_caller(caller), query)
    assert data["units"]["totalCount"] >= 40
    assert data["services"]["totalCount"] >= 20
