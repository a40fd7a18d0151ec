from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('accounts', '0001_initial'), ('accounts', '0002_calendar_feed'), ('accounts', '0003_session_assurance'), ('service_requests', '0001_initial')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='ServiceRequest',
            index=Index(fields=['status', 'created_at', 'number', 'category_id', 'allocated_department_id']),
        ),
    ]
