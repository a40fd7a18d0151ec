from backend.migration_support import restore_on_sqlite
from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields
from tortoise.indexes import Index
from tortoise.migrations.constraints import CheckConstraint

class Migration(migrations.Migration):
    dependencies = [('accounts', '0001_initial'), ('appointments', '0001_initial'), ('catalogue', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ResourceBlock',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('resource', fields.ForeignKeyField('appointments.Resource', source_field='resource_id', db_constraint=True, to_field='id', related_name='blocks', on_delete=OnDelete.CASCADE)),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('seats', fields.SmallIntField()),
                ('claim_from', fields.IntField()),
                ('claim_to', fields.IntField()),
                ('reason', fields.CharField(default='', max_length=500)),
                ('created_by', fields.ForeignKeyField('accounts.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='resource_blocks', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'appointments_resource_block', 'app': 'appointments', 'indexes': [Index(fields=['resource_id', 'claim_from'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddConstraint(model_name='ResourceBlock', constraint=CheckConstraint(check='starts_at < ends_at AND seats >= 1 AND claim_from < claim_to', name='appointments_block_shape')),
        ops.RemoveConstraint(
            model_name='AppointmentType',
            name='appointments_type_grid',
            fields=None,
        ),
        ops.AddField(
            model_name='AppointmentType',
            name='reminder_minutes',
            field=fields.IntField(default=1440),
        ),
        ops.AddConstraint(
            model_name='AppointmentType',
            constraint=CheckConstraint(check='duration_minutes > 0 AND duration_minutes % 5 = 0 AND slot_interval_minutes > 0 AND slot_interval_minutes % 5 = 0 AND buffer_before_minutes >= 0 AND buffer_before_minutes % 5 = 0 AND buffer_after_minutes >= 0 AND buffer_after_minutes % 5 = 0 AND duration_minutes + buffer_before_minutes + buffer_after_minutes <= 1440', name='appointments_type_grid'),
        ),
        ops.AddConstraint(
            model_name='AppointmentType',
            constraint=CheckConstraint(check='reminder_minutes >= 0', name='appointments_type_reminder'),
        ),
        ops.AddField(
            model_name='Booking',
            name='claim_from',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='Booking',
            name='claim_to',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='Booking',
            name='seat_no',
            field=fields.SmallIntField(null=True),
        ),
        # Bookings made before this migration: their claims say where they are.
        ops.RunSQL(
            "UPDATE appointments_booking SET "
            "seat_no = (SELECT MIN(c.seat_no) FROM appointments_seat_claim c WHERE c.booking_id = appointments_booking.id), "
            "claim_from = (SELECT MIN(c.cell) FROM appointments_seat_claim c WHERE c.booking_id = appointments_booking.id), "
            "claim_to = (SELECT MAX(c.cell) + 1 FROM appointments_seat_claim c WHERE c.booking_id = appointments_booking.id)"
        ),
        ops.AddIndex(
            model_name='Booking',
            index=Index(fields=['resource_id', 'claim_from']),
        ),
        ops.AddConstraint(
            model_name='Booking',
            constraint=CheckConstraint(check='(seat_no IS NULL AND claim_from IS NULL AND claim_to IS NULL) OR (seat_no >= 1 AND claim_from < claim_to AND claim_to - claim_from <= 288)', name='appointments_booking_claim'),
        ),
        ops.AlterField(
            model_name='SeatClaim',
            name='booking',
            field=fields.ForeignKeyField('appointments.Booking', source_field='booking_id', null=True, db_constraint=True, to_field='id', related_name='claims', on_delete=OnDelete.CASCADE),
        ),
        ops.AddField(
            model_name='SeatClaim',
            name='block',
            field=fields.ForeignKeyField('appointments.ResourceBlock', source_field='block_id', null=True, db_constraint=True, to_field='id', related_name='claims', on_delete=OnDelete.CASCADE),
        ),
        ops.AddIndex(
            model_name='SeatClaim',
            index=Index(fields=['block_id']),
        ),
        ops.AddConstraint(
            model_name='SeatClaim',
            constraint=CheckConstraint(check='(booking_id IS NULL) <> (block_id IS NULL)', name='appointments_claim_owner'),
        ),
        # The rebuilds above drop unique_together and indexes on SQLite (see backend.migration_support).
        ops.RunPython(restore_on_sqlite(
            "CREATE INDEX IF NOT EXISTS \"appointments_type_service_unit\" ON \"appointments_type\" (\"service_id\", \"unit_id\")",
            "CREATE UNIQUE INDEX IF NOT EXISTS \"appointments_booking_user_key\" ON \"appointments_booking\" (\"user_id\", \"idempotency_key\")",
            "CREATE INDEX IF NOT EXISTS \"appointments_booking_user_starts\" ON \"appointments_booking\" (\"user_id\", \"starts_at\")",
            "CREATE INDEX IF NOT EXISTS \"appointments_booking_resource_starts\" ON \"appointments_booking\" (\"resource_id\", \"starts_at\")",
            "CREATE INDEX IF NOT EXISTS \"appointments_booking_resource_claims\" ON \"appointments_booking\" (\"resource_id\", \"claim_from\")",
            "CREATE INDEX IF NOT EXISTS \"appointments_block_resource_claims\" ON \"appointments_resource_block\" (\"resource_id\", \"claim_from\")",
            "CREATE UNIQUE INDEX IF NOT EXISTS \"appointments_claim_unique\" ON \"appointments_seat_claim\" (\"resource_id\", \"cell\", \"seat_no\")",
            "CREATE INDEX IF NOT EXISTS \"appointments_claim_booking\" ON \"appointments_seat_claim\" (\"booking_id\")",
            "CREATE INDEX IF NOT EXISTS \"appointments_claim_block\" ON \"appointments_seat_claim\" (\"block_id\")",
        )),
    ]
