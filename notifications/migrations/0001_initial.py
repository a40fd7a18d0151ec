from tortoise import migrations

from backend.migration_support import restore_on_sqlite
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from tortoise.migrations.constraints import CheckConstraint

# CreateModel does not emit a model's check constraints (tortoise-orm 1.1), so they are
# added by explicit operations below.
class Migration(migrations.Migration):
    dependencies = [('accounts', '0001_initial'), ('accounts', '0002_calendar_feed'), ('accounts', '0003_session_assurance')]

    initial = True

    operations = [
        ops.CreateModel(
            name='InAppNotification',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('accounts.User', source_field='user_id', db_constraint=True, to_field='id', related_name='notifications', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=30)),
                ('dedupe_key', fields.CharField(max_length=200)),
                ('title', fields.CharField(max_length=200)),
                ('body', fields.CharField(max_length=1000)),
                ('url', fields.CharField(max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('visible_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('read_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notifications_in_app', 'app': 'notifications', 'unique_together': (('user', 'dedupe_key'),), 'indexes': [Index(fields=['user_id', 'visible_at']), Index(fields=['user_id', 'read_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='NotificationPreference',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('accounts.User', source_field='user_id', db_constraint=True, to_field='id', related_name='notification_preferences', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=30)),
                ('enabled', fields.BooleanField(default=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'notifications_preference', 'app': 'notifications', 'unique_together': (('user', 'kind'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PushSubscription',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('endpoint', fields.CharField(unique=True, max_length=1024)),
                ('p256dh', fields.CharField(max_length=100)),
                ('auth', fields.CharField(max_length=40)),
                ('user', fields.ForeignKeyField('accounts.User', source_field='user_id', null=True, db_constraint=True, to_field='id', related_name='push_subscriptions', on_delete=OnDelete.CASCADE)),
                ('language', fields.CharField(default='fi', max_length=2)),
                ('vapid_public_key', fields.CharField(max_length=100)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('last_success_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('failure_count', fields.IntField(default=0)),
            ],
            options={'table': 'notifications_push_subscription', 'app': 'notifications', 'indexes': [Index(fields=['user_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='NotificationJob',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=30)),
                ('subscription', fields.ForeignKeyField('notifications.PushSubscription', source_field='subscription_id', db_constraint=True, to_field='id', related_name='jobs', on_delete=OnDelete.CASCADE)),
                ('dedupe_key', fields.CharField(max_length=200)),
                ('payload', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('topic', fields.CharField(null=True, max_length=32)),
                ('urgency', fields.CharField(default='normal', max_length=8)),
                ('ttl', fields.IntField()),
                ('due_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('status', fields.CharField(default='pending', max_length=8)),
                ('attempts', fields.SmallIntField(default=0)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('claim_token', fields.CharField(null=True, max_length=32)),
                ('last_error', fields.CharField(default='', max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notifications_job', 'app': 'notifications', 'unique_together': (('subscription', 'dedupe_key'),), 'indexes': [Index(fields=['status', 'next_attempt_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PushTracking',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('subscription', fields.ForeignKeyField('notifications.PushSubscription', source_field='subscription_id', db_constraint=True, to_field='id', related_name='tracking', on_delete=OnDelete.CASCADE)),
                ('token_hash', fields.CharField(max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'notifications_push_tracking', 'app': 'notifications', 'unique_together': (('token_hash', 'subscription'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='VapidKey',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('public_key', fields.CharField(unique=True, max_length=100)),
                ('private_key', fields.CharField(max_length=100)),
                ('active', fields.BooleanField(null=True, unique=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('retired_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'notifications_vapid_key', 'app': 'notifications', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddConstraint(model_name='InAppNotification', constraint=CheckConstraint(check="kind IN ('request_status', 'booking_confirmation', 'reminder')", name='notifications_in_app_kind')),
        ops.AddConstraint(model_name='NotificationPreference', constraint=CheckConstraint(check="kind IN ('request_status', 'booking_confirmation', 'reminder')", name='notifications_preference_kind')),
        ops.AddConstraint(model_name='PushSubscription', constraint=CheckConstraint(check="language IN ('fi', 'sv', 'en')", name='notifications_subscription_language')),
        ops.AddConstraint(model_name='NotificationJob', constraint=CheckConstraint(check="status IN ('pending', 'sending', 'sent', 'dead')", name='notifications_job_status')),
        ops.AddConstraint(model_name='NotificationJob', constraint=CheckConstraint(check="urgency IN ('very-low', 'low', 'normal', 'high')", name='notifications_job_urgency')),
        ops.AddConstraint(model_name='NotificationJob', constraint=CheckConstraint(check="kind IN ('request_status', 'booking_confirmation', 'reminder')", name='notifications_job_kind')),
        ops.AddConstraint(model_name='NotificationJob', constraint=CheckConstraint(check='ttl >= 0 AND attempts >= 0', name='notifications_job_numbers')),
        ops.AddConstraint(model_name='VapidKey', constraint=CheckConstraint(check='(active IS NULL AND retired_at IS NOT NULL) OR (active AND retired_at IS NULL)', name='notifications_vapid_key_active')),
        # The rebuilds above drop unique_together and indexes on SQLite (see backend.migration_support).
        ops.RunPython(restore_on_sqlite(
            "CREATE UNIQUE INDEX IF NOT EXISTS \"notifications_in_app_user_key\" ON \"notifications_in_app\" (\"user_id\", \"dedupe_key\")",
            "CREATE INDEX IF NOT EXISTS \"notifications_in_app_user_visible\" ON \"notifications_in_app\" (\"user_id\", \"visible_at\")",
            "CREATE INDEX IF NOT EXISTS \"notifications_in_app_user_read\" ON \"notifications_in_app\" (\"user_id\", \"read_at\")",
            "CREATE UNIQUE INDEX IF NOT EXISTS \"notifications_preference_user_kind\" ON \"notifications_preference\" (\"user_id\", \"kind\")",
            "CREATE INDEX IF NOT EXISTS \"notifications_subscription_user\" ON \"notifications_push_subscription\" (\"user_id\")",
            "CREATE UNIQUE INDEX IF NOT EXISTS \"notifications_job_subscription_key\" ON \"notifications_job\" (\"subscription_id\", \"dedupe_key\")",
            "CREATE INDEX IF NOT EXISTS \"notifications_job_due\" ON \"notifications_job\" (\"status\", \"next_attempt_at\")",
        )),
    ]
