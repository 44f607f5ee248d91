"""Grant the workbook permissions (written out: this migration means the same forever)."""

from django.db import migrations

from basisbaan.roles import grant_role_permissions

GRANTS = {
    "functioneel beheerder": ["workbook.import_workbook", "workbook.export_workbook"],
    "beleidsmedewerker": ["workbook.import_workbook"],
}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("workbook", "0001_initial"), ("letters", "0002_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
