"""The service catalogue moved to its own app (`catalogue`, migration 0001 there).

State only: the tables stay where they are and keep their names (the catalogue's models
set `db_table`), so no row moves; `catalogue.0001` takes the models over and renames
their content types.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('kb', '0003_service_catalogue'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='serviceindexpage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='servicelegalbasis',
                    name='page',
                ),
                migrations.RemoveField(
                    model_name='servicelegalbasis',
                    name='regulation',
                ),
                migrations.RemoveField(
                    model_name='servicepage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='servicestatechange',
                    name='page',
                ),
                migrations.RemoveField(
                    model_name='servicestatechange',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='ScheduledSwitch',
                ),
                migrations.DeleteModel(
                    name='ServiceIndexPage',
                ),
                migrations.DeleteModel(
                    name='ServiceLegalBasis',
                ),
                migrations.DeleteModel(
                    name='ServicePage',
                ),
                migrations.DeleteModel(
                    name='ServiceStateChange',
                ),
            ],
            database_operations=[],
        ),
    ]
