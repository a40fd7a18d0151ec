"""Demo appointment types, resources and schedules for the demo catalogue; safe to run again."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from backend.appointments.models import (
    AppointmentType,
    AppointmentTypeResource,
    Resource,
    ResourceSchedule,
)
from backend.catalogue.models import Service, Unit

WEEKDAYS = (1, 2, 3, 4, 5)

NURSE_QUESTIONS: list[dict[str, Any]] = [
    {
        "key": "topic",
        "type": "choice",
        "required": True,
        "label": {"fi": "Asian aihe", "sv": "Ärendets ämne", "en": "Topic"},
        "options": [
            {"value": "check-up", "label": {"fi": "Tarkastus", "sv": "Kontroll", "en": "Check-up"}},
            {"value": "wound", "label": {"fi": "Haava", "sv": "Sår", "en": "Wound care"}},
            {"value": "other", "label": {"fi": "Muu", "sv": "Annat", "en": "Other"}},
        ],
    },
    {
        "key": "details",
        "type": "text",
        "required": False,
        "label": {"fi": "Lisätietoja", "sv": "Mer information", "en": "More details"},
    },
]

DIGITAL_SUPPORT_QUESTIONS: list[dict[str, Any]] = [
    {
        "key": "device",
        "type": "choice",
        "required": True,
        "label": {
            "fi": "Missä tarvitset apua?",
            "sv": "Vad behöver du hjälp med?",
            "en": "What do you need help with?",
        },
        "options": [
            {
                "value": "phone",
                "label": {
                    "fi": "Puhelin tai tabletti",
                    "sv": "Telefon eller surfplatta",
                    "en": "Phone or tablet",
                },
            },
            {"value": "computer", "label": {"fi": "Tietokone", "sv": "Dator", "en": "Computer"}},
            {
                "value": "e-services",
                "label": {"fi": "Sähköinen asiointi", "sv": "E-tjänster", "en": "Online services"},
            },
        ],
    },
    {
        "key": "details",
        "type": "text",
        "required": False,
        "label": {"fi": "Lisätietoja", "sv": "Mer information", "en": "More details"},
    },
]

# (unit slug, service slug, names, duration, interval, buffer after, seats, resources, hours)
DEMO_TYPES: list[dict[str, Any]] = (
    [
        {
            "unit": unit,
            "service": "health-nurse-appointment",
            "name": {
                "fi": "Hoitajan vastaanotto",
                "sv": "Skötarmottagning",
                "en": "Nurse appointment",
            },
            "duration": 20,
            "interval": 20,
            "after": 5,
            "seats": 1,
            "questions": NURSE_QUESTIONS,
            "resources": [
                {"fi": f"Hoitaja {n}", "sv": f"Skötare {n}", "en": f"Nurse {n}"} for n in (1, 2)
            ],
            "kind": "person",
            "hours": [(8 * 60, 12 * 60), (12 * 60 + 30, 15 * 60 + 30)],
        }
        for unit in (
            "kalasatama-health-station",
            "toolo-health-station",
            "malmi-health-station",
            "vuosaari-health-station",
        )
    ]
    + [
        {
            "unit": "liikuntamylly-sports-centre",
            "service": "exercise-counselling",
            "name": {
                "fi": "Liikuntaneuvonnan ryhmä",
                "sv": "Grupp för motionsrådgivning",
                "en": "Exercise counselling group",
            },
            "duration": 60,
            "interval": 60,
            "after": 0,
            "seats": 5,
            "questions": [],
            "resources": [{"fi": "Ryhmätila", "sv": "Grupprum", "en": "Group room"}],
            "kind": "room",
            "hours": [(10 * 60, 16 * 60)],
        },
    ]
    + [
        {
            "unit": unit,
            "service": "digital-support",
            "name": {
                "fi": "Digitukiaika",
                "sv": "Digistödstid",
                "en": "Digital support appointment",
            },
            "duration": 30,
            "interval": 30,
            "after": 0,
            "seats": 1,
            "questions": DIGITAL_SUPPORT_QUESTIONS,
            "resources": [
                {
                    "fi": "Digituen opastaja",
                    "sv": "Digistödshandledare",
                    "en": "Digital support guide",
                }
            ],
            "kind": "person",
            "hours": [(10 * 60, 14 * 60)],
        }
        for unit in ("kallio-library", "central-library-oodi")
    ]
)


async def load_demo_appointments() -> int:
    """Creates or updates the demo types by (unit, service, English name); returns their count."""
    count = 0
    async with in_transaction():
        for spec in DEMO_TYPES:
            unit = await Unit.filter(slug=spec["unit"]).first()
            service = await Service.filter(slug=spec["service"]).first()
            if unit is None or service is None:
                continue
            fields = {
                "name_fi": spec["name"]["fi"],
                "name_sv": spec["name"]["sv"],
                "duration_minutes": spec["duration"],
                "slot_interval_minutes": spec["interval"],
                "buffer_after_minutes": spec["after"],
                "seats": spec["seats"],
                "questions": spec["questions"],
                "min_notice_minutes": 60,
                "horizon_days": 60,
                "cancel_deadline_minutes": 24 * 60,
            }
            t, _ = await AppointmentType.update_or_create(
                defaults=fields, unit=unit, service=service, name_en=spec["name"]["en"]
            )
            for names in spec["resources"]:
                resource, _ = await Resource.update_or_create(
                    defaults={"name_fi": names["fi"], "name_sv": names["sv"], "kind": spec["kind"]},
                    unit=unit,
                    name_en=names["en"],
                )
                await AppointmentTypeResource.get_or_create(appointment_type=t, resource=resource)
                await ResourceSchedule.filter(resource=resource).delete()
                await ResourceSchedule.bulk_create(
                    [
                        ResourceSchedule(resource=resource, weekday=day, starts=s, ends=e)
                        for day in WEEKDAYS
                        for s, e in spec["hours"]
                    ]
                )
            count += 1
    return count
