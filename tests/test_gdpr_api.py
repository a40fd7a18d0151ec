"""The City's GDPR API for connected services, called with real signed bearer tokens."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from backend.accounts.models import RoleGrant, Session, User
from backend.settings import JwtIssuer, Settings
from tests.test_bearer_tokens import (
    AUDIENCE,
    ISSUER,
    RSA_KEY,
    JwksServer,
    app_client,
    bearer,
    sign,
)

PATH = "/gdpr-api/v1/profiles/{}"


@pytest.fixture(scope="module")
def jwks() -> Iterator[JwksServer]:
    server = JwksServer()
    yield server
    server.close()


@pytest.fixture
async def api(settings: Settings, jwks: JwksServer) -> AsyncIterator[httpx.AsyncClient]:
    issuers = (JwtIssuer(ISSUER, jwks.publish(RSA_KEY), AUDIENCE),)
    async with app_client(settings, jwt_issuers=issuers) as client:
        yield client


@pytest.fixture
async def person() -> User:
    return await User.create(
        name="Gdpr Person",
        email="gdpr@example.fi",
        oidc_issuer=ISSUER,
        oidc_subject=f"sub-{secrets.token_hex(6)}",
    )


def token_for(user: User, scope: str) -> dict[str, str]:
    return bearer(sign(sub=user.oidc_subject, scope=scope))


def all_languages(body: dict[str, object]) -> None:
    errors = body["errors"]
    assert isinstance(errors, list)
    assert errors
    for error in errors:
        assert set(error["message"]) == {"fi", "sv", "en"}
        assert all(error["message"].values())


async def test_query_returns_the_tree_by_profile_id_or_our_id(
    api: httpx.AsyncClient, person: User
) -> None:
    for profile_id in (person.oidc_subject, str(person.id)):
        response = await api.get(PATH.format(profile_id), headers=token_for(person, "gdpr:read"))
        assert response.status_code == 200, response.text
        tree = response.json()
        assert tree["key"] == "ASIOINTI"
        user = next(c for c in tree["children"] if c["key"] == "USER")
        assert {"key": "NAME", "value": "Gdpr Person"} in user["children"]
        assert response.headers["cache-control"] == "no-store"


async def test_refusals_change_nothing_and_speak_three_languages(
    api: httpx.AsyncClient, person: User
) -> None:
    other = await User.create(
        name="Someone Else", oidc_issuer=ISSUER, oidc_subject=f"sub-{secrets.token_hex(6)}"
    )
    cases = [
        (api.get, PATH.format(person.oidc_subject), {}, 401),
        (api.get, PATH.format(person.oidc_subject), token_for(person, "gdpr:delete"), 403),
        (api.get, PATH.format(other.oidc_subject), token_for(person, "gdpr:read"), 403),
        (api.delete, PATH.format(person.oidc_subject), token_for(person, "gdpr:read"), 403),
        (api.delete, PATH.format(other.oidc_subject), token_for(person, "gdpr:delete"), 403),
    ]
    for method, path, headers, status in cases:
        response = await method(path, headers=headers)
        assert response.status_code == status, (path, headers, response.text)
        all_languages(response.json())
    assert await User.filter(id__in=[person.id, other.id]).count() == 2
    invalid = await api.get(
        PATH.format(person.oidc_subject),
        headers=bearer(sign(sub=person.oidc_subject, scope="gdpr:read", aud="someone-else")),
    )
    assert invalid.status_code == 401


async def test_a_person_unknown_here_has_no_data(api: httpx.AsyncClient) -> None:
    headers = bearer(sign(sub="never-used-asiointi", scope="gdpr:read gdpr:delete"))
    assert (await api.get(PATH.format("never-used-asiointi"), headers=headers)).status_code == 404
    deleted = await api.delete(PATH.format("never-used-asiointi"), headers=headers)
    assert deleted.status_code == 404


async def test_delete_dry_run_then_for_real(api: httpx.AsyncClient, person: User) -> None:
    await Session.create(
        id=secrets.token_hex(32), user=person, expires_at="2099-01-01T00:00:00+00:00"
    )
    headers = token_for(person, "gdpr:delete")
    dry = await api.delete(PATH.format(person.oidc_subject) + "?dry_run=true", headers=headers)
    assert dry.status_code == 204
    assert await User.filter(id=person.id).exists()
    done = await api.delete(PATH.format(person.oidc_subject), headers=headers)
    assert done.status_code == 204
    assert not await User.filter(id=person.id).exists()
    assert not await Session.filter(user_id=person.id).exists()


async def test_deletion_the_rules_forbid_answers_403_with_the_reason(
    api: httpx.AsyncClient, person: User
) -> None:
    others = await RoleGrant.filter(role="admin")
    await RoleGrant.filter(id__in=[g.id for g in others]).delete()
    await RoleGrant.create(user=person, role="admin")
    try:
        response = await api.delete(
            PATH.format(person.oidc_subject), headers=token_for(person, "gdpr:delete")
        )
        assert response.status_code == 403
        body = response.json()
        all_languages(body)
        assert body["errors"][0]["code"] == "LAST_ADMIN"
        assert body["errors"][0]["message"]["en"] == "The last administrator cannot be removed."
        assert await User.filter(id=person.id).exists()
    finally:
        await RoleGrant.filter(user=person).delete()
        for grant in others:
            await RoleGrant.create(user_id=grant.user_id, role="admin")
