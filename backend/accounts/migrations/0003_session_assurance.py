from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.migrations.constraints import CheckConstraint

class Migration(migrations.Migration):
    dependencies = [('accounts', '0002_calendar_feed')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Session',
            name='assurance',
            field=fields.CharField(default='low', max_length=12),
        ),
        ops.AddConstraint(
            model_name='Session',
            constraint=CheckConstraint(check="assurance IN ('low', 'substantial', 'high')", name='accounts_session_assurance'),
        ),
    ]
