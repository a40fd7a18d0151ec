"""The City's service catalogue: categories, services, units (service points), opening hours.

Citizen-facing text is stored once per language (`_fi`, `_sv`, `_en` columns) so that each can be
constrained, indexed and searched by the database.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint
from tortoise.models import Model


class ServiceCategory(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=64, unique=True)
    icon = fields.CharField(max_length=32)
    name_fi = fields.CharField(max_length=200)
    name_sv = fields.CharField(max_length=200)
    name_en = fields.CharField(max_length=200)
    description_fi = fields.TextField(default="")
    description_sv = fields.TextField(default="")
    description_en = fields.TextField(default="")

    services: fields.ReverseRelation[Service]

    class Meta:
        table = "catalogue_service_category"


class Service(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=100, unique=True)
    category: fields.ForeignKeyRelation[ServiceCategory] = fields.ForeignKeyField(
        "catalogue.ServiceCategory", related_name="services", on_delete=fields.RESTRICT
    )
    name_fi = fields.CharField(max_length=200)
    name_sv = fields.CharField(max_length=200)
    name_en = fields.CharField(max_length=200)
    description_fi = fields.TextField(default="")
    description_sv = fields.TextField(default="")
    description_en = fields.TextField(default="")
    # Lower-cased names in every language: one portable LIKE serves search on SQLite and PostgreSQL.
    search_text = fields.TextField(default="")

    category_id: int

    class Meta:
        table = "catalogue_service"


class Unit(Model):
    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=100, unique=True)
    # The City's service point register (TPR) id: the key that makes Service Map imports idempotent.
    tpr_id = fields.IntField(null=True, unique=True)
    name_fi = fields.CharField(max_length=200)
    name_sv = fields.CharField(max_length=200)
    name_en = fields.CharField(max_length=200)
    description_fi = fields.TextField(default="")
    description_sv = fields.TextField(default="")
    description_en = fields.TextField(default="")
    street_address_fi = fields.CharField(max_length=200, default="")
    street_address_sv = fields.CharField(max_length=200, default="")
    street_address_en = fields.CharField(max_length=200, default="")
    postal_code = fields.CharField(max_length=10, default="")
    city_fi = fields.CharField(max_length=100, default="")
    city_sv = fields.CharField(max_length=100, default="")
    city_en = fields.CharField(max_length=100, default="")
    area_fi = fields.CharField(max_length=100, default="")
    area_sv = fields.CharField(max_length=100, default="")
    area_en = fields.CharField(max_length=100, default="")
    latitude = fields.FloatField(null=True)
    longitude = fields.FloatField(null=True)
    phone = fields.CharField(max_length=50, default="")
    email = fields.CharField(max_length=200, default="")
    website_fi = fields.CharField(max_length=500, default="")
    website_sv = fields.CharField(max_length=500, default="")
    website_en = fields.CharField(max_length=500, default="")
    accessibility_fi = fields.TextField(default="")
    accessibility_sv = fields.TextField(default="")
    accessibility_en = fields.TextField(default="")
    search_text = fields.TextField(default="")
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "catalogue_unit"
        constraints = (
            CheckConstraint(
                check="(latitude IS NULL AND longitude IS NULL) OR "
                "(latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180)",
                name="catalogue_unit_location_valid",
            ),
        )


class UnitService(Model):
    id = fields.IntField(primary_key=True)
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "catalogue.Unit", related_name="unit_services", on_delete=fields.CASCADE
    )
    service: fields.ForeignKeyRelation[Service] = fields.ForeignKeyField(
        "catalogue.Service", related_name="unit_services", on_delete=fields.CASCADE
    )

    unit_id: int
    service_id: int

    class Meta:
        table = "catalogue_unit_service"
        unique_together = (("unit", "service"),)


# Model docstrings become table comments, and Tortoise splits SQLite scripts on semicolons,
# so the explanations below are comments.


# One opening interval in a unit's regular week: a day may have several, or none (closed).
class WeeklyOpeningHours(Model):
    id = fields.IntField(primary_key=True)
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "catalogue.Unit", related_name="weekly_hours", on_delete=fields.CASCADE
    )
    weekday = fields.SmallIntField()  # ISO: 1 = Monday … 7 = Sunday
    # Wall-clock minutes after local midnight (Europe/Helsinki): a time of day has no time zone,
    # and 1440 can say "until midnight".
    opens = fields.SmallIntField()
    closes = fields.SmallIntField()

    unit_id: int

    class Meta:
        table = "catalogue_weekly_opening_hours"
        constraints = (
            CheckConstraint(check="weekday BETWEEN 1 AND 7", name="catalogue_weekly_weekday"),
            CheckConstraint(
                check="opens >= 0 AND opens < closes AND closes <= 1440",
                name="catalogue_weekly_interval",
            ),
        )


# A date whose hours differ from the weekly pattern (a public holiday, a closure, extra hours).
# A closed day is one row with `closed` true and no times, an exceptional open day one row per
# interval.
class OpeningHoursException(Model):
    id = fields.IntField(primary_key=True)
    unit: fields.ForeignKeyRelation[Unit] = fields.ForeignKeyField(
        "catalogue.Unit", related_name="hours_exceptions", on_delete=fields.CASCADE
    )
    date = fields.DateField()
    closed = fields.BooleanField(default=True)
    opens = fields.SmallIntField(null=True)  # minutes after local midnight, as above
    closes = fields.SmallIntField(null=True)
    note_fi = fields.CharField(max_length=200, default="")
    note_sv = fields.CharField(max_length=200, default="")
    note_en = fields.CharField(max_length=200, default="")

    unit_id: int

    class Meta:
        table = "catalogue_opening_hours_exception"
        indexes = (("unit_id", "date"),)
        constraints = (
            CheckConstraint(
                check="(closed AND opens IS NULL AND closes IS NULL) OR "
                "(NOT closed AND opens >= 0 AND opens < closes AND closes <= 1440)",
                name="catalogue_exception_shape",
            ),
        )
