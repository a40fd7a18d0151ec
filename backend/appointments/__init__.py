"""Appointment booking: types, resources, schedules, availability and bookings."""

from backend.appointments import gdpr as _gdpr  # noqa: F401  (registers personal data)
