"""A body's partnership is now accounts.Partnership (the same table): state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_partnership"),
        ("governance", "0002_paper_board_pack"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="body",
                    name="partnership",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="governance_bodies",
                        to="accounts.partnership",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
