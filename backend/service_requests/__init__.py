"""Service requests: citizens report problems and follow them; Open311 GeoReport v2."""

from backend.service_requests import gdpr as _gdpr  # noqa: F401  (registers personal data)
