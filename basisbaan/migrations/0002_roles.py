"""Create the four role groups with the core app's permissions."""

from django.db import migrations

from basisbaan.roles import CORE_ROLE_PERMISSIONS, grant_role_permissions


def forwards(apps, schema_editor):
    grant_role_permissions(apps, CORE_ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
