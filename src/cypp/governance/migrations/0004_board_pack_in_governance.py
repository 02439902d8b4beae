"""The board pack's model moves from reports to governance (docs/adr/0016-layers.md): in
Django's state only. Its table keeps its name (reports_boardpack), and every row, constraint
and foreign key stays as it is; nothing is copied. An agenda's paper now points at a pack in
its own app, so governance no longer points up to reports."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("commentary", "0001_initial"),
        ("governance", "0003_partnership_in_accounts"),
        ("plans", "0005_partnership_in_accounts"),
        ("reports", "0005_partnership_in_accounts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="BoardPack",
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
                        ("title", models.CharField(max_length=300)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Waiting to start"),
                                    ("building", "Being built"),
                                    ("ready", "Ready to check"),
                                    ("failed", "Failed"),
                                    ("published", "Published"),
                                ],
                                default="queued",
                                max_length=20,
                            ),
                        ),
                        (
                            "progress",
                            models.PositiveSmallIntegerField(default=0, help_text="Per cent done"),
                        ),
                        ("progress_message", models.CharField(blank=True, max_length=200)),
                        ("error", models.TextField(blank=True)),
                        ("requested_at", models.DateTimeField(auto_now_add=True)),
                        ("built_at", models.DateTimeField(blank=True, null=True)),
                        ("data_as_of", models.DateTimeField(blank=True, null=True)),
                        ("published_at", models.DateTimeField(blank=True, null=True)),
                        ("html_file", models.FileField(blank=True, upload_to="board-packs/")),
                        ("pdf_file", models.FileField(blank=True, upload_to="board-packs/")),
                        ("html_sha256", models.CharField(blank=True, max_length=64)),
                        ("pdf_sha256", models.CharField(blank=True, max_length=64)),
                        ("page_count", models.PositiveIntegerField(blank=True, null=True)),
                        ("snapshot", models.JSONField(blank=True, default=dict)),
                        ("tables", models.JSONField(blank=True, default=dict)),
                        ("task_id", models.CharField(blank=True, max_length=64)),
                        ("heartbeat_at", models.DateTimeField(blank=True, null=True)),
                        ("build_attempt", models.CharField(blank=True, max_length=32)),
                        ("accepted_gaps", models.JSONField(blank=True, default=dict)),
                        (
                            "period",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="board_packs",
                                to="commentary.reportingperiod",
                            ),
                        ),
                        (
                            "plan",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="board_packs",
                                to="plans.plan",
                            ),
                        ),
                        (
                            "published_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "requested_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "reports_boardpack",
                        "ordering": ["-requested_at", "-id"],
                    },
                ),
                migrations.AlterField(
                    model_name="paper",
                    name="board_pack",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="governance_papers",
                        to="governance.boardpack",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="boardpack",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("status", "published")),
                        fields=("plan", "period"),
                        name="one_published_pack_per_period",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
