"""Push delivery settings, from environment variables (12-factor).

- `VAPID_PRIVATE_KEY`: the VAPID private key (base64url raw P-256 scalar, or DER). Unset: one
  is generated once and kept in the database (see notifications.vapid).
- `VAPID_PUBLIC_KEY`: its public key (base64url uncompressed point), checked against it.
- `VAPID_SUBJECT`: whom push services contact about our pushes (`mailto:` or `https:`);
  default `mailto:asiointi@hel.fi`.
- `PUSH_CONCURRENCY` (100): pushes in flight per worker.
- `PUSH_TIMEOUT_SECONDS` (10): one push request, from connecting to the response.
- `PUSH_MAX_ATTEMPTS` (8): attempts before a job is dead.
- `PUSH_BACKOFF_SECONDS` (30) and `PUSH_BACKOFF_MAX_SECONDS` (3600): the first retry's delay,
  doubled per attempt, and its cap (`Retry-After` may ask for longer).
- `PUSH_LEASE_SECONDS` (120): a job left `sending` this long (its worker died) is taken again.
- `PUSH_POLL_SECONDS` (30): the slow fallback poll, besides the prompt wake-ups.
- `PUSH_ENDPOINT_HOSTS`: the push-service hosts endpoints may point at (comma-separated
  domain suffixes; `*` for any public host). Default: the browsers' push services.
- `PUSH_ALLOW_LOOPBACK_HTTP` (false): also accept `http://127.0.0.1:…` endpoints (tests and
  local push receivers only).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

# Where the browsers' push services live: Chrome, Edge (also FCM or WNS), Firefox, Safari.
DEFAULT_PUSH_HOSTS = (
    "fcm.googleapis.com",
    "android.googleapis.com",
    "push.services.mozilla.com",
    "push.apple.com",
    "notify.windows.com",
)
DEFAULT_SUBJECT = "mailto:asiointi@hel.fi"


def _float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    return float(value) if value else default


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _bool(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class PushConfig:
    vapid_private_key: str | None = None
    vapid_public_key: str | None = None
    vapid_subject: str = DEFAULT_SUBJECT
    concurrency: int = 100
    timeout_seconds: float = 10.0
    max_attempts: int = 8
    backoff_seconds: float = 30.0
    backoff_max_seconds: float = 3600.0
    lease_seconds: float = 120.0
    poll_seconds: float = 30.0
    endpoint_hosts: tuple[str, ...] = DEFAULT_PUSH_HOSTS
    allow_loopback_http: bool = False

    def __post_init__(self) -> None:
        # A lease shorter than a push could take would let a second worker resend a job
        # that is still being sent.
        if self.lease_seconds < 2 * self.timeout_seconds:
            raise ValueError("PUSH_LEASE_SECONDS must be at least twice PUSH_TIMEOUT_SECONDS")
        if self.concurrency < 1 or self.max_attempts < 1:
            raise ValueError("PUSH_CONCURRENCY and PUSH_MAX_ATTEMPTS must be at least 1")

    @classmethod
    def from_env(cls) -> PushConfig:
        hosts = tuple(
            h.strip().lower() for h in os.environ.get("PUSH_ENDPOINT_HOSTS", "").split(",")
        )
        hosts = tuple(h for h in hosts if h)
        return cls(
            vapid_private_key=os.environ.get("VAPID_PRIVATE_KEY", "").strip() or None,
            vapid_public_key=os.environ.get("VAPID_PUBLIC_KEY", "").strip() or None,
            vapid_subject=os.environ.get("VAPID_SUBJECT", "").strip() or DEFAULT_SUBJECT,
            concurrency=_int("PUSH_CONCURRENCY", 100),
            timeout_seconds=_float("PUSH_TIMEOUT_SECONDS", 10.0),
            max_attempts=_int("PUSH_MAX_ATTEMPTS", 8),
            backoff_seconds=_float("PUSH_BACKOFF_SECONDS", 30.0),
            backoff_max_seconds=_float("PUSH_BACKOFF_MAX_SECONDS", 3600.0),
            lease_seconds=_float("PUSH_LEASE_SECONDS", 120.0),
            poll_seconds=_float("PUSH_POLL_SECONDS", 30.0),
            endpoint_hosts=hosts or DEFAULT_PUSH_HOSTS,
            allow_loopback_http=_bool("PUSH_ALLOW_LOOPBACK_HTTP"),
        )


_current: PushConfig | None = None


def current() -> PushConfig:
    """The process's configuration, read from the environment on first use."""
    global _current
    if _current is None:
        from dotenv import load_dotenv

        from notifications.interface import PROJECT_ROOT

        load_dotenv(PROJECT_ROOT / ".env", override=False)
        _current = PushConfig.from_env()
    return _current


def configure(config: PushConfig | None) -> PushConfig | None:
    """Replaces the process's configuration (None: read the environment again); returns the
    previous one, so that tests can put it back."""
    global _current
    previous, _current = _current, config
    return previous


__all__ = ["DEFAULT_PUSH_HOSTS", "PushConfig", "configure", "current", "replace"]
