"""The board pack's model has moved to governance (``governance.0004``): reports' state forgets
it. State only: the table reports_boardpack, its rows and keys are unchanged. Its content
type is relabelled, so the permissions and admin log entries that name it follow it."""

from django.db import migrations


def content_type_follows(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if (
        not content_type.objects.using(db)
        .filter(app_label="governance", model="boardpack")
        .exists()
    ):
        content_type.objects.using(db).filter(app_label="reports", model="boardpack").update(
            app_label="governance"
        )


def content_type_returns(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not content_type.objects.using(db).filter(app_label="reports", model="boardpack").exists():
        content_type.objects.using(db).filter(app_label="governance", model="boardpack").update(
            app_label="reports"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("governance", "0004_board_pack_in_governance"),
        ("reports", "0005_partnership_in_accounts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="BoardPack")],
            database_operations=[],
        ),
        migrations.RunPython(content_type_follows, content_type_returns, elidable=True),
    ]
