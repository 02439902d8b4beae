"""The partnership has moved to accounts (``accounts.0004_partnership``): the plans' links
point there and plans' own state forgets it, after every other app's links have moved. State
only: the table, rows and foreign keys are unchanged. Its content type is relabelled, so the
permissions and admin log entries that name it follow it."""

import django.db.models.deletion
from django.db import migrations, models


def content_type_follows(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if (
        not content_type.objects.using(db)
        .filter(app_label="accounts", model="partnership")
        .exists()
    ):
        content_type.objects.using(db).filter(app_label="plans", model="partnership").update(
            app_label="accounts"
        )


def content_type_returns(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not content_type.objects.using(db).filter(app_label="plans", model="partnership").exists():
        content_type.objects.using(db).filter(app_label="accounts", model="partnership").update(
            app_label="plans"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_partnership"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("governance", "0003_partnership_in_accounts"),
        ("plans", "0004_deleted_item"),
        ("reports", "0005_partnership_in_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="partnershipmember",
                    name="partnership",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="members",
                        to="accounts.partnership",
                    ),
                ),
                migrations.AlterField(
                    model_name="plan",
                    name="partnership",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="plans",
                        to="accounts.partnership",
                    ),
                ),
                migrations.DeleteModel(name="Partnership"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_follows, content_type_returns, elidable=True),
    ]
