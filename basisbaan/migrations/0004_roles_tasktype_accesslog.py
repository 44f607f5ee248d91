"""Grant the permissions for task types and the access log to their roles."""

from django.db import migrations

from basisbaan.roles import grant_role_permissions

GRANTS = {
    "beleidsmedewerker": ["core.view_tasktype", "core.add_tasktype", "core.change_tasktype"],
    "functioneel beheerder": ["core.view_accesslog"],
}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_tasktype_accesslog")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
