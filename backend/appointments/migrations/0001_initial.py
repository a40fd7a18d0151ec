from tortoise import migrations

from backend.migration_support import restore_on_sqlite
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index
from tortoise.migrations.constraints import CheckConstraint

# CreateModel does not emit a model's check constraints (tortoise-orm 1.1), so they are
# added by explicit operations below.
class Migration(migrations.Migration):
    dependencies = [('accounts', '0001_initial'), ('catalogue', '0001_initial')]

    initial = True

    operations = [
        ops.CreateModel(
            name='AppointmentType',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('unit', fields.ForeignKeyField('catalogue.Unit', source_field='unit_id', db_constraint=True, to_field='id', related_name='appointment_types', on_delete=OnDelete.CASCADE)),
                ('service', fields.ForeignKeyField('catalogue.Service', source_field='service_id', db_constraint=True, to_field='id', related_name='appointment_types', on_delete=OnDelete.CASCADE)),
                ('name_fi', fields.CharField(max_length=200)),
                ('name_sv', fields.CharField(max_length=200)),
                ('name_en', fields.CharField(max_length=200)),
                ('description_fi', fields.TextField(default='', unique=False)),
                ('description_sv', fields.TextField(default='', unique=False)),
                ('description_en', fields.TextField(default='', unique=False)),
                ('duration_minutes', fields.SmallIntField()),
                ('slot_interval_minutes', fields.SmallIntField()),
                ('buffer_before_minutes', fields.SmallIntField(default=0)),
                ('buffer_after_minutes', fields.SmallIntField(default=0)),
                ('min_notice_minutes', fields.IntField(default=60)),
                ('horizon_days', fields.SmallIntField(default=60)),
                ('cancel_deadline_minutes', fields.IntField(default=1440)),
                ('seats', fields.SmallIntField(default=1)),
                ('questions', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('requires_strong_identification', fields.BooleanField(default=False)),
                ('active', fields.BooleanField(default=True)),
            ],
            options={'table': 'appointments_type', 'app': 'appointments', 'indexes': [Index(fields=['service_id', 'unit_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Resource',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('unit', fields.ForeignKeyField('catalogue.Unit', source_field='unit_id', db_constraint=True, to_field='id', related_name='resources', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(default='desk', max_length=10)),
                ('name_fi', fields.CharField(max_length=200)),
                ('name_sv', fields.CharField(max_length=200)),
                ('name_en', fields.CharField(max_length=200)),
                ('active', fields.BooleanField(default=True)),
            ],
            options={'table': 'appointments_resource', 'app': 'appointments', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AppointmentTypeResource',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('appointment_type', fields.ForeignKeyField('appointments.AppointmentType', source_field='appointment_type_id', db_constraint=True, to_field='id', related_name='resource_links', on_delete=OnDelete.CASCADE)),
                ('resource', fields.ForeignKeyField('appointments.Resource', source_field='resource_id', db_constraint=True, to_field='id', related_name='type_links', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'appointments_type_resource', 'app': 'appointments', 'unique_together': (('appointment_type', 'resource'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Booking',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('appointment_type', fields.ForeignKeyField('appointments.AppointmentType', source_field='appointment_type_id', db_constraint=True, to_field='id', related_name='bookings', on_delete=OnDelete.RESTRICT)),
                ('resource', fields.ForeignKeyField('appointments.Resource', source_field='resource_id', db_constraint=True, to_field='id', related_name='bookings', on_delete=OnDelete.RESTRICT)),
                ('user', fields.ForeignKeyField('accounts.User', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name='bookings', on_delete=OnDelete.SET_NULL)),
                ('created_by', fields.ForeignKeyField('accounts.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='bookings_made', on_delete=OnDelete.SET_NULL)),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('status', fields.CharField(default='held', max_length=12)),
                ('hold_expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('answers', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('cancel_reason', fields.CharField(default='', max_length=500)),
                ('idempotency_key', fields.CharField(max_length=100)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'appointments_booking', 'app': 'appointments', 'unique_together': (('user', 'idempotency_key'),), 'indexes': [Index(fields=['user_id', 'starts_at']), Index(fields=['resource_id', 'starts_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='BookingEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('booking', fields.ForeignKeyField('appointments.Booking', source_field='booking_id', db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=20)),
                ('due_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('payload', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('idempotency_key', fields.CharField(null=True, max_length=100)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'appointments_booking_event', 'app': 'appointments', 'unique_together': (('booking', 'idempotency_key'),), 'indexes': [Index(fields=['due_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ResourceException',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('resource', fields.ForeignKeyField('appointments.Resource', source_field='resource_id', db_constraint=True, to_field='id', related_name='exceptions', on_delete=OnDelete.CASCADE)),
                ('date', fields.DateField()),
                ('closed', fields.BooleanField(default=True)),
                ('starts', fields.SmallIntField(null=True)),
                ('ends', fields.SmallIntField(null=True)),
                ('reason_fi', fields.CharField(default='', max_length=200)),
                ('reason_sv', fields.CharField(default='', max_length=200)),
                ('reason_en', fields.CharField(default='', max_length=200)),
            ],
            options={'table': 'appointments_resource_exception', 'app': 'appointments', 'indexes': [Index(fields=['resource_id', 'date'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ResourceSchedule',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('resource', fields.ForeignKeyField('appointments.Resource', source_field='resource_id', db_constraint=True, to_field='id', related_name='schedules', on_delete=OnDelete.CASCADE)),
                ('weekday', fields.SmallIntField()),
                ('starts', fields.SmallIntField()),
                ('ends', fields.SmallIntField()),
            ],
            options={'table': 'appointments_resource_schedule', 'app': 'appointments', 'indexes': [Index(fields=['resource_id', 'weekday'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SeatClaim',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('booking', fields.ForeignKeyField('appointments.Booking', source_field='booking_id', db_constraint=True, to_field='id', related_name='claims', on_delete=OnDelete.CASCADE)),
                ('resource', fields.ForeignKeyField('appointments.Resource', source_field='resource_id', db_constraint=True, to_field='id', related_name='claims', on_delete=OnDelete.CASCADE)),
                ('cell', fields.IntField()),
                ('seat_no', fields.SmallIntField()),
            ],
            options={'table': 'appointments_seat_claim', 'app': 'appointments', 'unique_together': (('resource', 'cell', 'seat_no'),), 'indexes': [Index(fields=['booking_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddConstraint(model_name='AppointmentType', constraint=CheckConstraint(check='duration_minutes > 0 AND duration_minutes % 5 = 0 AND slot_interval_minutes > 0 AND slot_interval_minutes % 5 = 0 AND buffer_before_minutes >= 0 AND buffer_before_minutes % 5 = 0 AND buffer_after_minutes >= 0 AND buffer_after_minutes % 5 = 0', name='appointments_type_grid')),
        ops.AddConstraint(model_name='AppointmentType', constraint=CheckConstraint(check='seats >= 1 AND min_notice_minutes >= 0 AND horizon_days >= 1 AND cancel_deadline_minutes >= 0', name='appointments_type_limits')),
        ops.AddConstraint(model_name='Resource', constraint=CheckConstraint(check="kind IN ('desk', 'room', 'person')", name='appointments_resource_kind')),
        ops.AddConstraint(model_name='Booking', constraint=CheckConstraint(check="status IN ('held', 'confirmed', 'cancelled', 'no_show', 'checked_in', 'expired')", name='appointments_booking_status')),
        ops.AddConstraint(model_name='Booking', constraint=CheckConstraint(check='starts_at < ends_at', name='appointments_booking_times')),
        ops.AddConstraint(model_name='Booking', constraint=CheckConstraint(check="status <> 'held' OR hold_expires_at IS NOT NULL", name='appointments_booking_hold')),
        ops.AddConstraint(model_name='BookingEvent', constraint=CheckConstraint(check="kind IN ('confirmed', 'cancelled', 'rescheduled', 'reminder_due', 'expired', 'attendance')", name='appointments_event_kind')),
        ops.AddConstraint(model_name='ResourceException', constraint=CheckConstraint(check='(closed AND starts IS NULL AND ends IS NULL) OR (NOT closed AND starts >= 0 AND starts < ends AND ends <= 1440 AND starts % 5 = 0 AND ends % 5 = 0)', name='appointments_exception_shape')),
        ops.AddConstraint(model_name='ResourceSchedule', constraint=CheckConstraint(check='weekday BETWEEN 1 AND 7', name='appointments_schedule_weekday')),
        ops.AddConstraint(model_name='ResourceSchedule', constraint=CheckConstraint(check='starts >= 0 AND starts < ends AND ends <= 1440 AND starts % 5 = 0 AND ends % 5 = 0', name='appointments_schedule_interval')),
        ops.AddConstraint(model_name='SeatClaim', constraint=CheckConstraint(check='seat_no >= 1 AND cell >= 0', name='appointments_claim_seat')),
        # The rebuilds above drop unique_together and indexes on SQLite (see backend.migration_support).
        ops.RunPython(restore_on_sqlite(
            "CREATE INDEX IF NOT EXISTS \"appointments_type_service_unit\" ON \"appointments_type\" (\"service_id\", \"unit_id\")",
            "CREATE UNIQUE INDEX IF NOT EXISTS \"appointments_booking_user_key\" ON \"appointments_booking\" (\"user_id\", \"idempotency_key\")",
            "CREATE INDEX IF NOT EXISTS \"appointments_booking_user_starts\" ON \"appointments_booking\" (\"user_id\", \"starts_at\")",
            "CREATE INDEX IF NOT EXISTS \"appointments_booking_resource_starts\" ON \"appointments_booking\" (\"resource_id\", \"starts_at\")",
            "CREATE UNIQUE INDEX IF NOT EXISTS \"appointments_event_booking_key\" ON \"appointments_booking_event\" (\"booking_id\", \"idempotency_key\")",
            "CREATE INDEX IF NOT EXISTS \"appointments_event_due\" ON \"appointments_booking_event\" (\"due_at\")",
            "CREATE INDEX IF NOT EXISTS \"appointments_exception_resource_date\" ON \"appointments_resource_exception\" (\"resource_id\", \"date\")",
            "CREATE INDEX IF NOT EXISTS \"appointments_schedule_resource_weekday\" ON \"appointments_resource_schedule\" (\"resource_id\", \"weekday\")",
            "CREATE UNIQUE INDEX IF NOT EXISTS \"appointments_claim_unique\" ON \"appointments_seat_claim\" (\"resource_id\", \"cell\", \"seat_no\")",
            "CREATE INDEX IF NOT EXISTS \"appointments_claim_booking\" ON \"appointments_seat_claim\" (\"booking_id\")",
        )),
    ]
