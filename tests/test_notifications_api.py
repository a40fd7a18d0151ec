"""The GraphQL face of notifications: the VAPID key, registering and unregistering devices,
preferences, the in-app centre, the dead-letter queue, and refusals in fi, sv and en."""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from strawberry import relay

from notifications import config as push_config
from notifications import vapid
from notifications.config import PushConfig
from notifications.models import NotificationJob, PushSubscription, PushTracking
from notifications.outbox import LocalizedMessage, enqueue_for_user
from tests.helpers import gql, gql_data, make_user, signed_in

CONFIG = PushConfig(timeout_seconds=1.0, lease_seconds=2.0, allow_loopback_http=True)
REGISTER = """
mutation($input: RegisterPushSubscriptionInput!) {
  registerPushSubscription(input: $input) {
    subscription { endpoint language vapidPublicKey signedIn }
    errors { code message field }
  }
}"""
UNREGISTER = """
mutation($endpoint: String!) {
  unregisterPushSubscription(input: {endpoint: $endpoint}) { removed errors { code } }
}"""
PREFERENCES = "{ notificationPreferences { kind enabled } }"
UPDATE_PREFERENCES = """
mutation($input: UpdateNotificationPreferencesInput!) {
  updateNotificationPreferences(input: $input) {
    preferences { kind enabled }
    errors { code message field }
  }
}"""
MY = """
query($first: Int, $after: String) {
  unreadNotificationCount
  myNotifications(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id kind title body url readAt } }
  }
}"""
MARK = """
mutation($input: MarkNotificationsReadInput!) {
  markNotificationsRead(input: $input) { marked unreadCount errors { code message } }
}"""
DEAD = "{ deadNotificationJobs { totalCount edges { node { id status lastError pushService } } } }"
RETRY = """
mutation($id: ID!) {
  retryNotificationJob(input: {jobId: $id}) { job { status attempts } errors { code } }
}"""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def device_keys() -> dict[str, str]:
    public = ec.generate_private_key(ec.SECP256R1()).public_key()
    raw = public.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return {"p256dh": b64url(raw), "auth": b64url(os.urandom(16))}


def fcm_endpoint() -> str:
    return f"https://fcm.googleapis.com/fcm/send/{uuid.uuid4()}"


@pytest.fixture
def push_settings() -> Iterator[PushConfig]:
    previous = push_config.configure(CONFIG)
    vapid.forget_cached_key()
    try:
        yield CONFIG
    finally:
        push_config.configure(previous)
        vapid.forget_cached_key()


@pytest.fixture
def api(site: httpx.AsyncClient, push_settings: PushConfig) -> httpx.AsyncClient:
    return site


async def register(
    client: httpx.AsyncClient, lang: str | None = None, **fields: Any
) -> dict[str, Any]:
    variables = {"input": {"endpoint": fcm_endpoint(), "keys": device_keys(), **fields}}
    data = await gql_data(client, REGISTER, variables, lang=lang)
    result: dict[str, Any] = data["registerPushSubscription"]
    return result


async def test_the_vapid_public_key_is_served(api: httpx.AsyncClient) -> None:
    key = (await gql_data(api, "{ vapidPublicKey }"))["vapidPublicKey"]
    assert key == (await vapid.current_key(CONFIG)).public_key
    assert len(vapid.b64url_decode(key)) == 65


async def test_a_signed_in_citizen_registers_and_unregisters_a_device(
    api: httpx.AsyncClient,
) -> None:
    user = await make_user("Device owner")
    user.language = "sv"
    await user.save(update_fields=["language"])
    await signed_in(api, user)
    endpoint = fcm_endpoint()
    keys = device_keys()
    made = await register(api, endpoint=endpoint, keys=keys)
    assert made["errors"] == []
    assert made["subscription"] == {
        "endpoint": endpoint,
        "language": "SV",
        "vapidPublicKey": (await vapid.current_key(CONFIG)).public_key,
        "signedIn": True,
    }
    stored = await PushSubscription.get(endpoint=endpoint)
    assert (stored.user_id, stored.p256dh, stored.auth) == (user.id, keys["p256dh"], keys["auth"])
    # pushsubscriptionchange: the same endpoint again with new keys updates it.
    again = await register(api, endpoint=endpoint, keys=(new_keys := device_keys()))
    assert again["errors"] == []
    assert (await PushSubscription.get(endpoint=endpoint)).p256dh == new_keys["p256dh"]
    assert await PushSubscription.filter(endpoint=endpoint).count() == 1
    removed = await gql_data(api, UNREGISTER, {"endpoint": endpoint})
    assert removed["unregisterPushSubscription"] == {"removed": True, "errors": []}
    assert not await PushSubscription.filter(endpoint=endpoint).exists()
    removed = await gql_data(api, UNREGISTER, {"endpoint": endpoint})
    assert removed["unregisterPushSubscription"]["removed"] is False


async def test_an_anonymous_reporter_follows_a_tracking_token(api: httpx.AsyncClient) -> None:
    token = "tok_" + uuid.uuid4().hex
    made = await register(api, lang="en", trackingToken=token)
    assert made["errors"] == []
    assert made["subscription"]["signedIn"] is False
    assert made["subscription"]["language"] == "EN"
    stored = await PushSubscription.get(endpoint=made["subscription"]["endpoint"])
    assert await PushTracking.filter(subscription=stored).count() == 1
    refused = await register(api, lang="sv")
    assert refused["subscription"] is None
    assert refused["errors"] == [
        {
            "code": "UNAUTHENTICATED",
            "message": "Logga in eller ange en spårningskod för att få aviseringar.",
            "field": None,
        }
    ]


@pytest.mark.parametrize(
    ("fields", "field", "lang", "message"),
    [
        (
            {"endpoint": "http://fcm.googleapis.com/fcm/send/x"},
            "endpoint",
            "en",
            "The endpoint must be an https URL of a browser's push service "
            "(at most 1024 characters).",
        ),
        ({"endpoint": "https://evil.example.com/push"}, "endpoint", "fi", None),
        ({"endpoint": "https://10.0.0.1/push"}, "endpoint", "fi", None),
        ({"endpoint": "https://fcm.googleapis.com/" + "x" * 1024}, "endpoint", "fi", None),
        ({"endpoint": "ftp://fcm.googleapis.com/x"}, "endpoint", "fi", None),
        ({"endpoint": "https://user:pw@fcm.googleapis.com/x"}, "endpoint", "fi", None),
        (
            {"keys": {"p256dh": "AAAA", "auth": b64url(os.urandom(16))}},
            "keys.p256dh",
            "fi",
            "Avain p256dh on virheellinen: sen on oltava P-256-julkinen avain base64url-muodossa.",
        ),
        (  # 65 bytes, but not a point on the curve
            {"keys": {"p256dh": b64url(b"\x04" + b"\x01" * 64), "auth": b64url(os.urandom(16))}},
            "keys.p256dh",
            "fi",
            None,
        ),
        (
            {"keys": {"p256dh": device_keys()["p256dh"], "auth": b64url(os.urandom(8))}},
            "keys.auth",
            "sv",
            "Nyckeln auth är ogiltig: den ska vara 16 byte i base64url-format.",
        ),
        (
            {"keys": {"p256dh": device_keys()["p256dh"], "auth": "not base64!!"}},
            "keys.auth",
            "fi",
            None,
        ),
        ({"trackingToken": "short"}, "trackingToken", "fi", None),
    ],
)
async def test_bad_subscriptions_are_refused_in_the_callers_language(
    api: httpx.AsyncClient,
    fields: dict[str, Any],
    field: str,
    lang: str,
    message: str | None,
) -> None:
    await signed_in(api, await make_user("Careless"))
    refused = await register(api, lang=lang, **fields)
    assert refused["subscription"] is None
    [error] = refused["errors"]
    assert (error["code"], error["field"]) == ("INVALID_INPUT", field)
    if message is not None:
        assert error["message"] == message


async def test_loopback_endpoints_only_when_allowed(
    api: httpx.AsyncClient, push_settings: PushConfig
) -> None:
    await signed_in(api, await make_user("Tester"))
    local = "http://127.0.0.1:9/push/x"
    assert (await register(api, endpoint=local))["errors"] == []
    previous = push_config.configure(PushConfig(timeout_seconds=1.0, lease_seconds=2.0))
    try:
        refused = await register(api, endpoint="http://127.0.0.1:9/push/y")
    finally:
        push_config.configure(previous)
    assert refused["errors"][0]["field"] == "endpoint"


async def test_preferences_default_on_and_can_be_turned_off(api: httpx.AsyncClient) -> None:
    assert (await gql_data(api, PREFERENCES))["notificationPreferences"] is None
    signed_out = await gql_data(
        api,
        UPDATE_PREFERENCES,
        {"input": {"preferences": [{"kind": "REMINDER", "enabled": False}]}},
    )
    assert signed_out["updateNotificationPreferences"]["errors"][0]["code"] == "UNAUTHENTICATED"
    await signed_in(api, await make_user("Chooser"))
    everything_on = [
        {"kind": "REQUEST_STATUS", "enabled": True},
        {"kind": "BOOKING_CONFIRMATION", "enabled": True},
        {"kind": "REMINDER", "enabled": True},
    ]
    assert (await gql_data(api, PREFERENCES))["notificationPreferences"] == everything_on
    for _ in range(2):  # the same again changes nothing
        changed = await gql_data(
            api,
            UPDATE_PREFERENCES,
            {"input": {"preferences": [{"kind": "REMINDER", "enabled": False}]}},
        )
        assert changed["updateNotificationPreferences"]["errors"] == []
    assert (await gql_data(api, PREFERENCES))["notificationPreferences"][2] == {
        "kind": "REMINDER",
        "enabled": False,
    }
    twice = await gql_data(
        api,
        UPDATE_PREFERENCES,
        {
            "input": {
                "preferences": [
                    {"kind": "REMINDER", "enabled": True},
                    {"kind": "REMINDER", "enabled": False},
                ]
            }
        },
        lang="en",
    )
    [error] = twice["updateNotificationPreferences"]["errors"]
    assert error["message"] == "The same kind of notification is given more than once."


async def test_the_notification_centre_pages_counts_and_marks_read(
    api: httpx.AsyncClient,
) -> None:
    empty = await gql_data(api, MY)
    assert empty["unreadNotificationCount"] == 0
    assert empty["myNotifications"]["totalCount"] == 0
    reader, other = await make_user("Reader"), await make_user("Other")
    for i in range(3):
        message = LocalizedMessage(
            title={"fi": f"Viesti {i}", "en": f"Message {i}"}, body={"fi": "…"}, url=f"/r/{i}"
        )
        await enqueue_for_user(reader.id, "request_status", message, f"e{i}")
    later = LocalizedMessage(title={"fi": "Muistutus"}, body={"fi": "Huomenna"}, url="/b/1")
    await enqueue_for_user(
        reader.id, "reminder", later, "future", due_at=datetime.now(UTC) + timedelta(days=1)
    )
    await enqueue_for_user(other.id, "request_status", later, "theirs")
    await signed_in(api, reader)
    first = await gql_data(api, MY, {"first": 2})
    assert first["unreadNotificationCount"] == 3
    page = first["myNotifications"]
    assert page["totalCount"] == 3  # the reminder shows up tomorrow
    assert [e["node"]["title"] for e in page["edges"]] == ["Viesti 2", "Viesti 1"]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = await gql_data(api, MY, {"first": 2, "after": page["pageInfo"]["endCursor"]})
    [last] = rest["myNotifications"]["edges"]
    assert last["node"]["title"] == "Viesti 0"
    assert last["node"]["kind"] == "REQUEST_STATUS"
    one = page["edges"][0]["node"]["id"]
    marked = await gql_data(api, MARK, {"input": {"ids": [one]}})
    assert marked["markNotificationsRead"] == {"marked": 1, "unreadCount": 2, "errors": []}
    node = await gql_data(
        api, "query($id: ID!) { node(id: $id) { ... on Notification { readAt } } }", {"id": one}
    )
    assert node["node"]["readAt"] is not None
    theirs = (await gql_data(api, MY))["myNotifications"]["edges"]
    assert all(e["node"]["title"] != "Muistutus" for e in theirs)
    # By the key a push carries (a tapped push): that event's notification; a key of someone
    # else's event, or of one not visible yet, changes nothing.
    marked = await gql_data(api, MARK, {"input": {"keys": ["e1", "theirs", "future"]}})
    assert marked["markNotificationsRead"] == {"marked": 1, "unreadCount": 1, "errors": []}
    marked = await gql_data(api, MARK, {"input": {"all": True}})
    assert marked["markNotificationsRead"] == {"marked": 1, "unreadCount": 0, "errors": []}
    # Someone else's notification: invisible, and marking it changes nothing.
    await signed_in(api, other)
    assert (await gql_data(api, MARK, {"input": {"ids": [one]}}))["markNotificationsRead"][
        "marked"
    ] == 0
    node = await gql_data(api, "query($id: ID!) { node(id: $id) { id } }", {"id": one})
    assert node["node"] is None
    neither = await gql_data(api, MARK, {"input": {}}, lang="en")
    assert neither["markNotificationsRead"]["errors"] == [
        {"code": "INVALID_INPUT", "message": "Give one of ids, keys or all: true."}
    ]
    both = await gql_data(api, MARK, {"input": {"keys": ["e0"], "all": True}}, lang="en")
    assert both["markNotificationsRead"]["errors"][0]["code"] == "INVALID_INPUT"
    bad = await gql_data(api, MARK, {"input": {"ids": ["nonsense"]}})
    assert bad["markNotificationsRead"]["errors"][0]["code"] == "INVALID_INPUT"


async def test_admins_see_and_retry_dead_jobs(api: httpx.AsyncClient) -> None:
    user = await make_user("Unlucky")
    subscription = await PushSubscription.create(
        endpoint=fcm_endpoint(), p256dh="k", auth="a", user=user, vapid_public_key="v"
    )
    now = datetime.now(UTC)
    job = await NotificationJob.create(
        kind="reminder",
        subscription=subscription,
        dedupe_key="dead-one",
        payload={"title": "Muistutus"},
        ttl=60,
        due_at=now,
        next_attempt_at=now,
        status="dead",
        attempts=8,
        last_error="500 from push service",
    )
    job_id = str(relay.GlobalID("NotificationJob", str(job.id)))
    anonymous = await gql(api, DEAD, lang="en")
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    await signed_in(api, await make_user("Citizen"))
    refused = await gql(api, DEAD, lang="sv")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert refused["errors"][0]["message"] == "Du har inte behörighet till detta."
    retry = await gql_data(api, RETRY, {"id": job_id})
    assert retry["retryNotificationJob"]["errors"] == [{"code": "FORBIDDEN"}]
    await signed_in(api, await make_user("Admin", role="admin"))
    dead = (await gql_data(api, DEAD))["deadNotificationJobs"]
    found = [e["node"] for e in dead["edges"] if e["node"]["id"] == job_id]
    assert found == [
        {
            "id": job_id,
            "status": "DEAD",
            "lastError": "500 from push service",
            "pushService": "fcm.googleapis.com",
        }
    ]
    retry = await gql_data(api, RETRY, {"id": job_id})
    assert retry["retryNotificationJob"] == {
        "job": {"status": "PENDING", "attempts": 0},
        "errors": [],
    }
    again = await gql_data(api, RETRY, {"id": job_id})
    assert again["retryNotificationJob"]["errors"] == [{"code": "INVALID_INPUT"}]
    missing = await gql_data(api, RETRY, {"id": str(relay.GlobalID("NotificationJob", "0"))})
    assert missing["retryNotificationJob"]["errors"] == [{"code": "NOT_FOUND"}]
    await subscription.delete()
