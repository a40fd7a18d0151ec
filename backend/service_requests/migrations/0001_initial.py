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
    dependencies = [('accounts', '0003_session_assurance')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Department',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(unique=True, max_length=64)),
                ('name_fi', fields.CharField(max_length=200)),
                ('name_sv', fields.CharField(max_length=200)),
                ('name_en', fields.CharField(max_length=200)),
            ],
            options={'table': 'service_requests_department', 'app': 'service_requests', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RequestCategory',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('service_code', fields.CharField(unique=True, max_length=64)),
                ('name_fi', fields.CharField(max_length=200)),
                ('name_sv', fields.CharField(max_length=200)),
                ('name_en', fields.CharField(max_length=200)),
                ('description_fi', fields.TextField(default='', unique=False)),
                ('description_sv', fields.TextField(default='', unique=False)),
                ('description_en', fields.TextField(default='', unique=False)),
                ('group_fi', fields.CharField(default='', max_length=100)),
                ('group_sv', fields.CharField(default='', max_length=100)),
                ('group_en', fields.CharField(default='', max_length=100)),
                ('keywords', fields.CharField(default='', max_length=500)),
                ('department', fields.ForeignKeyField('service_requests.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='categories', on_delete=OnDelete.RESTRICT)),
                ('active', fields.BooleanField(default=True)),
                ('location_required', fields.BooleanField(default=True)),
                ('questions', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('sort_order', fields.SmallIntField(default=0)),
            ],
            options={'table': 'service_requests_category', 'app': 'service_requests', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RequestNumber',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'service_requests_number', 'app': 'service_requests', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ServiceRequest',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('number', fields.IntField(unique=True)),
                ('category', fields.ForeignKeyField('service_requests.RequestCategory', source_field='category_id', db_constraint=True, to_field='id', related_name='requests', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('lat', fields.FloatField(null=True)),
                ('lon', fields.FloatField(null=True)),
                ('address', fields.CharField(default='', max_length=300)),
                ('answers', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharField(default='received', max_length=24)),
                ('allocated_department', fields.ForeignKeyField('service_requests.Department', source_field='allocated_department_id', null=True, db_constraint=True, to_field='id', related_name='allocated_requests', on_delete=OnDelete.SET_NULL)),
                ('allocated_to', fields.ForeignKeyField('accounts.User', source_field='allocated_to_id', null=True, db_constraint=True, to_field='id', related_name='service_requests_allocated', on_delete=OnDelete.SET_NULL)),
                ('duplicate_of', fields.ForeignKeyField('service_requests.ServiceRequest', source_field='duplicate_of_id', null=True, db_constraint=True, to_field='id', related_name='duplicates', on_delete=OnDelete.RESTRICT)),
                ('reporter', fields.ForeignKeyField('accounts.User', source_field='reporter_id', null=True, db_constraint=True, to_field='id', related_name='service_requests', on_delete=OnDelete.SET_NULL)),
                ('api_key', fields.ForeignKeyField('accounts.ApiKey', source_field='api_key_id', null=True, db_constraint=True, to_field='id', related_name='service_requests', on_delete=OnDelete.SET_NULL)),
                ('contact_name', fields.CharField(default='', max_length=200)),
                ('contact_email', fields.CharField(default='', max_length=254)),
                ('contact_phone', fields.CharField(default='', max_length=40)),
                ('show_name', fields.BooleanField(default=False)),
                ('client_id', fields.UUIDField(null=True, unique=True)),
                ('tracking_token_hash', fields.CharField(null=True, unique=True, max_length=64)),
                ('channel', fields.CharField(default='app', max_length=10)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'service_requests_request', 'app': 'service_requests', 'indexes': [Index(fields=['status', 'created_at']), Index(fields=['category_id', 'status', 'created_at']), Index(fields=['allocated_department_id', 'status', 'created_at']), Index(fields=['reporter_id', 'created_at']), Index(fields=['updated_at']), Index(fields=['duplicate_of_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RequestEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('request', fields.ForeignKeyField('service_requests.ServiceRequest', source_field='request_id', db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('actor', fields.ForeignKeyField('accounts.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='service_request_events', on_delete=OnDelete.SET_NULL)),
                ('kind', fields.CharField(max_length=10)),
                ('status', fields.CharField(null=True, max_length=24)),
                ('public_note', fields.TextField(default='', unique=False)),
                ('internal_note', fields.TextField(default='', unique=False)),
                ('payload', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'service_requests_event', 'app': 'service_requests', 'indexes': [Index(fields=['request_id', 'at']), Index(fields=['at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RequestFollower',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('accounts.User', source_field='user_id', db_constraint=True, to_field='id', related_name='followed_requests', on_delete=OnDelete.CASCADE)),
                ('request', fields.ForeignKeyField('service_requests.ServiceRequest', source_field='request_id', db_constraint=True, to_field='id', related_name='followers', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'service_requests_follower', 'app': 'service_requests', 'unique_together': (('user', 'request'),), 'indexes': [Index(fields=['request_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RequestPhoto',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('request', fields.ForeignKeyField('service_requests.ServiceRequest', source_field='request_id', null=True, db_constraint=True, to_field='id', related_name='photos', on_delete=OnDelete.CASCADE)),
                ('position', fields.SmallIntField(null=True)),
                ('data', fields.BinaryField()),
                ('width', fields.IntField()),
                ('height', fields.IntField()),
                ('size', fields.IntField()),
                ('sha256', fields.CharField(max_length=64)),
                ('uploader', fields.ForeignKeyField('accounts.User', source_field='uploader_id', null=True, db_constraint=True, to_field='id', related_name='service_request_photos', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'service_requests_photo', 'app': 'service_requests', 'unique_together': (('request', 'position'),), 'indexes': [Index(fields=['created_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddConstraint(model_name='RequestCategory', constraint=CheckConstraint(check="service_code <> '' AND service_code = lower(service_code) AND service_code NOT LIKE '% %'", name='service_requests_category_code')),
        ops.AddConstraint(model_name='ServiceRequest', constraint=CheckConstraint(check="status IN ('received', 'in_handling', 'resolved', 'closed_without_action', 'rejected', 'duplicate')", name='service_requests_request_status')),
        ops.AddConstraint(model_name='ServiceRequest', constraint=CheckConstraint(check='length(title) BETWEEN 1 AND 200 AND length(description) <= 4000', name='service_requests_request_texts')),
        ops.AddConstraint(model_name='ServiceRequest', constraint=CheckConstraint(check='(lat IS NULL AND lon IS NULL) OR (lat IS NOT NULL AND lon IS NOT NULL AND lat BETWEEN 59.9 AND 60.35 AND lon BETWEEN 24.7 AND 25.35)', name='service_requests_request_location')),
        ops.AddConstraint(model_name='ServiceRequest', constraint=CheckConstraint(check="((status = 'duplicate' AND duplicate_of_id IS NOT NULL) OR (status <> 'duplicate' AND duplicate_of_id IS NULL)) AND (duplicate_of_id IS NULL OR duplicate_of_id <> id)", name='service_requests_request_duplicate')),
        ops.AddConstraint(model_name='ServiceRequest', constraint=CheckConstraint(check="number > 0 AND channel IN ('app', 'open311', 'staff')", name='service_requests_request_number')),
        ops.AddConstraint(model_name='RequestEvent', constraint=CheckConstraint(check="kind IN ('created', 'status', 'note', 'allocated', 'merged', 'reopened')", name='service_requests_event_kind')),
        ops.AddConstraint(model_name='RequestEvent', constraint=CheckConstraint(check="(status IS NULL OR status IN ('received', 'in_handling', 'resolved', 'closed_without_action', 'rejected', 'duplicate')) AND (kind NOT IN ('created', 'status', 'reopened') OR status IS NOT NULL) AND (kind <> 'created' OR status = 'received')", name='service_requests_event_status')),
        ops.AddConstraint(model_name='RequestEvent', constraint=CheckConstraint(check='length(public_note) <= 4000 AND length(internal_note) <= 4000', name='service_requests_event_notes')),
        ops.AddConstraint(model_name='RequestPhoto', constraint=CheckConstraint(check='width BETWEEN 1 AND 2560 AND height BETWEEN 1 AND 2560 AND size BETWEEN 1 AND 10485760', name='service_requests_photo_shape')),
        ops.AddConstraint(model_name='RequestPhoto', constraint=CheckConstraint(check='(request_id IS NULL AND position IS NULL) OR (request_id IS NOT NULL AND position IS NOT NULL AND position BETWEEN 0 AND 4)', name='service_requests_photo_position')),
        # The rebuilds above drop unique_together and indexes on SQLite (see backend.migration_support).
        ops.RunPython(restore_on_sqlite(
            'CREATE INDEX IF NOT EXISTS "service_requests_request_status_created" ON "service_requests_request" ("status", "created_at")',
            'CREATE INDEX IF NOT EXISTS "service_requests_request_category_status_created" ON "service_requests_request" ("category_id", "status", "created_at")',
            'CREATE INDEX IF NOT EXISTS "service_requests_request_allocated_status_created" ON "service_requests_request" ("allocated_department_id", "status", "created_at")',
            'CREATE INDEX IF NOT EXISTS "service_requests_request_reporter_created" ON "service_requests_request" ("reporter_id", "created_at")',
            'CREATE INDEX IF NOT EXISTS "service_requests_request_updated" ON "service_requests_request" ("updated_at")',
            'CREATE INDEX IF NOT EXISTS "service_requests_request_duplicate_of" ON "service_requests_request" ("duplicate_of_id")',
            'CREATE INDEX IF NOT EXISTS "service_requests_event_request_at" ON "service_requests_event" ("request_id", "at")',
            'CREATE INDEX IF NOT EXISTS "service_requests_event_at" ON "service_requests_event" ("at")',
            'CREATE UNIQUE INDEX IF NOT EXISTS "service_requests_photo_request_position" ON "service_requests_photo" ("request_id", "position")',
            'CREATE INDEX IF NOT EXISTS "service_requests_photo_created" ON "service_requests_photo" ("created_at")',
        )),
    ]
