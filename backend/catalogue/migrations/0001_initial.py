from tortoise import migrations

from backend.migration_support import restore_on_sqlite
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from tortoise.migrations.constraints import CheckConstraint

# CreateModel does not emit a model's check constraints (tortoise-orm 1.1), so they are
# added by explicit operations below.
class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='ServiceCategory',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(unique=True, max_length=64)),
                ('icon', fields.CharField(max_length=32)),
                ('name_fi', fields.CharField(max_length=200)),
                ('name_sv', fields.CharField(max_length=200)),
                ('name_en', fields.CharField(max_length=200)),
                ('description_fi', fields.TextField(default='', unique=False)),
                ('description_sv', fields.TextField(default='', unique=False)),
                ('description_en', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'catalogue_service_category', 'app': 'catalogue', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Service',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(unique=True, max_length=100)),
                ('category', fields.ForeignKeyField('catalogue.ServiceCategory', source_field='category_id', db_constraint=True, to_field='id', related_name='services', on_delete=OnDelete.RESTRICT)),
                ('name_fi', fields.CharField(max_length=200)),
                ('name_sv', fields.CharField(max_length=200)),
                ('name_en', fields.CharField(max_length=200)),
                ('description_fi', fields.TextField(default='', unique=False)),
                ('description_sv', fields.TextField(default='', unique=False)),
                ('description_en', fields.TextField(default='', unique=False)),
                ('search_text', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'catalogue_service', 'app': 'catalogue', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Unit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('slug', fields.CharField(unique=True, max_length=100)),
                ('tpr_id', fields.IntField(null=True, unique=True)),
                ('name_fi', fields.CharField(max_length=200)),
                ('name_sv', fields.CharField(max_length=200)),
                ('name_en', fields.CharField(max_length=200)),
                ('description_fi', fields.TextField(default='', unique=False)),
                ('description_sv', fields.TextField(default='', unique=False)),
                ('description_en', fields.TextField(default='', unique=False)),
                ('street_address_fi', fields.CharField(default='', max_length=200)),
                ('street_address_sv', fields.CharField(default='', max_length=200)),
                ('street_address_en', fields.CharField(default='', max_length=200)),
                ('postal_code', fields.CharField(default='', max_length=10)),
                ('city_fi', fields.CharField(default='', max_length=100)),
                ('city_sv', fields.CharField(default='', max_length=100)),
                ('city_en', fields.CharField(default='', max_length=100)),
                ('area_fi', fields.CharField(default='', max_length=100)),
                ('area_sv', fields.CharField(default='', max_length=100)),
                ('area_en', fields.CharField(default='', max_length=100)),
                ('latitude', fields.FloatField(null=True)),
                ('longitude', fields.FloatField(null=True)),
                ('phone', fields.CharField(default='', max_length=50)),
                ('email', fields.CharField(default='', max_length=200)),
                ('website_fi', fields.CharField(default='', max_length=500)),
                ('website_sv', fields.CharField(default='', max_length=500)),
                ('website_en', fields.CharField(default='', max_length=500)),
                ('accessibility_fi', fields.TextField(default='', unique=False)),
                ('accessibility_sv', fields.TextField(default='', unique=False)),
                ('accessibility_en', fields.TextField(default='', unique=False)),
                ('search_text', fields.TextField(default='', unique=False)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'catalogue_unit', 'app': 'catalogue', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OpeningHoursException',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('unit', fields.ForeignKeyField('catalogue.Unit', source_field='unit_id', db_constraint=True, to_field='id', related_name='hours_exceptions', on_delete=OnDelete.CASCADE)),
                ('date', fields.DateField()),
                ('closed', fields.BooleanField(default=True)),
                ('opens', fields.SmallIntField(null=True)),
                ('closes', fields.SmallIntField(null=True)),
                ('note_fi', fields.CharField(default='', max_length=200)),
                ('note_sv', fields.CharField(default='', max_length=200)),
                ('note_en', fields.CharField(default='', max_length=200)),
            ],
            options={'table': 'catalogue_opening_hours_exception', 'app': 'catalogue', 'indexes': [Index(fields=['unit_id', 'date'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='UnitService',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('unit', fields.ForeignKeyField('catalogue.Unit', source_field='unit_id', db_constraint=True, to_field='id', related_name='unit_services', on_delete=OnDelete.CASCADE)),
                ('service', fields.ForeignKeyField('catalogue.Service', source_field='service_id', db_constraint=True, to_field='id', related_name='unit_services', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'catalogue_unit_service', 'app': 'catalogue', 'unique_together': (('unit', 'service'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WeeklyOpeningHours',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('unit', fields.ForeignKeyField('catalogue.Unit', source_field='unit_id', db_constraint=True, to_field='id', related_name='weekly_hours', on_delete=OnDelete.CASCADE)),
                ('weekday', fields.SmallIntField()),
                ('opens', fields.SmallIntField()),
                ('closes', fields.SmallIntField()),
            ],
            options={'table': 'catalogue_weekly_opening_hours', 'app': 'catalogue', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddConstraint(model_name='Unit', constraint=CheckConstraint(check='(latitude IS NULL AND longitude IS NULL) OR (latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180)', name='catalogue_unit_location_valid')),
        ops.AddConstraint(model_name='OpeningHoursException', constraint=CheckConstraint(check='(closed AND opens IS NULL AND closes IS NULL) OR (NOT closed AND opens >= 0 AND opens < closes AND closes <= 1440)', name='catalogue_exception_shape')),
        ops.AddConstraint(model_name='WeeklyOpeningHours', constraint=CheckConstraint(check='weekday BETWEEN 1 AND 7', name='catalogue_weekly_weekday')),
        ops.AddConstraint(model_name='WeeklyOpeningHours', constraint=CheckConstraint(check='opens >= 0 AND opens < closes AND closes <= 1440', name='catalogue_weekly_interval')),
        # The rebuilds above drop unique_together and indexes on SQLite (see backend.migration_support).
        ops.RunPython(restore_on_sqlite(
            "CREATE INDEX IF NOT EXISTS \"idx_catalogue_o_unit_id_d26454\" ON \"catalogue_opening_hours_exception\" (\"unit_id\", \"date\")",
        )),
    ]
