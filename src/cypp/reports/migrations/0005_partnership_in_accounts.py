"""A comparator group's partnership is now accounts.Partnership (the same table): state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_partnership"),
        ("reports", "0004_comparator_group"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="comparatorgroup",
                    name="partnership",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="comparator_groups",
                        to="accounts.partnership",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
