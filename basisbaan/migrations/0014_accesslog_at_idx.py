"""The access log newest first from an index. Built concurrently: every page writes to the
log, and a plain CREATE INDEX would hold those writes for as long as the build takes."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("core", "0013_alter_accesslog_action_alter_accesslog_purpose"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="accesslog",
            index=models.Index(fields=["-at", "-id"], name="accesslog_at_idx"),
        ),
    ]
