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
    initial = True

    operations = [
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('name', fields.CharField(default='', max_length=200)),
                ('email', fields.CharField(default='', max_length=254)),
                ('language', fields.CharField(default='fi', max_length=2)),
                ('login_email', fields.CharField(null=True, unique=True, max_length=254)),
                ('password_hash', fields.CharField(null=True, max_length=200)),
                ('oidc_issuer', fields.CharField(null=True, max_length=300)),
                ('oidc_subject', fields.CharField(null=True, max_length=255)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('last_login_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'accounts_user', 'app': 'accounts', 'unique_together': (('oidc_issuer', 'oidc_subject'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ApiKey',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=200)),
                ('prefix', fields.CharField(unique=True, max_length=16)),
                ('secret_hash', fields.CharField(max_length=64)),
                ('scopes', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_by', fields.ForeignKeyField('accounts.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='api_keys_created', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'accounts_api_key', 'app': 'accounts', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('actor_user', fields.ForeignKeyField('accounts.User', source_field='actor_user_id', null=True, db_constraint=True, to_field='id', related_name='audit_events', on_delete=OnDelete.SET_NULL)),
                ('actor_api_key', fields.ForeignKeyField('accounts.ApiKey', source_field='actor_api_key_id', null=True, db_constraint=True, to_field='id', related_name='audit_events', on_delete=OnDelete.SET_NULL)),
                ('action', fields.CharField(max_length=64)),
                ('target_type', fields.CharField(default='', max_length=64)),
                ('target_id', fields.CharField(default='', max_length=64)),
                ('details', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('request_id', fields.CharField(default='', max_length=64)),
            ],
            options={'table': 'accounts_audit_event', 'app': 'accounts', 'indexes': [Index(fields=['at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RoleGrant',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('accounts.User', source_field='user_id', db_constraint=True, to_field='id', related_name='role_grants', on_delete=OnDelete.CASCADE)),
                ('role', fields.CharField(max_length=20)),
                ('scope_type', fields.CharField(default='global', max_length=20)),
                ('scope_id', fields.CharField(default='', max_length=64)),
                ('granted_by', fields.ForeignKeyField('accounts.User', source_field='granted_by_id', null=True, db_constraint=True, to_field='id', related_name='grants_given', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'accounts_role_grant', 'app': 'accounts', 'unique_together': (('user', 'role', 'scope_type', 'scope_id'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Session',
            fields=[
                ('id', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('user', fields.ForeignKeyField('accounts.User', source_field='user_id', db_constraint=True, to_field='id', related_name='sessions', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('method', fields.CharField(default='local', max_length=300)),
                ('id_token_hint', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'accounts_session', 'app': 'accounts', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddConstraint(model_name='User', constraint=CheckConstraint(check="language IN ('fi', 'sv', 'en')", name='accounts_user_language')),
        ops.AddConstraint(model_name='User', constraint=CheckConstraint(check='(oidc_issuer IS NULL) = (oidc_subject IS NULL)', name='accounts_user_oidc_pair')),
        ops.AddConstraint(model_name='RoleGrant', constraint=CheckConstraint(check="role IN ('admin', 'handler', 'viewer')", name='accounts_grant_role')),
        ops.AddConstraint(model_name='RoleGrant', constraint=CheckConstraint(check="(scope_type = 'global' AND scope_id = '') OR (scope_type IN ('department', 'unit', 'service') AND scope_id <> '')", name='accounts_grant_scope')),
        # The rebuilds above drop unique_together and indexes on SQLite (see backend.migration_support).
        ops.RunPython(restore_on_sqlite(
            "CREATE UNIQUE INDEX IF NOT EXISTS \"accounts_user_oidc_identity\" ON \"accounts_user\" (\"oidc_issuer\", \"oidc_subject\")",
            "CREATE UNIQUE INDEX IF NOT EXISTS \"accounts_role_grant_unique\" ON \"accounts_role_grant\" (\"user_id\", \"role\", \"scope_type\", \"scope_id\")",
        )),
    ]
