"""The partnership moves from plans to accounts (docs/adr/0016-layers.md): in Django's state
only. Its table keeps its name (plans_partnership) and every row and foreign key stays as it
is; nothing is copied."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_sign_in_audit_actions"),
        ("geography", "0002_area_districts"),
        ("plans", "0004_deleted_item"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Partnership",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("key", models.SlugField(max_length=80, unique=True)),
                        ("name", models.CharField(max_length=200)),
                        ("description", models.TextField(blank=True)),
                        (
                            "rating_rules",
                            models.JSONField(
                                blank=True,
                                default=dict,
                                help_text="How measures are rated red, amber or green (see "
                                "docs/methods.md); empty for the defaults.",
                            ),
                        ),
                        (
                            "area",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="partnerships",
                                to="geography.area",
                            ),
                        ),
                    ],
                    options={"ordering": ["name"], "db_table": "plans_partnership"},
                ),
                migrations.AlterField(
                    model_name="partnershiprole",
                    name="partnership",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="roles",
                        to="accounts.partnership",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
