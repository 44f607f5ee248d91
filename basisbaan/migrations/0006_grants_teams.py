"""The functional admin manages teams."""

from django.db import migrations

from basisbaan.roles import grant_role_permissions

GRANTS = {"functioneel beheerder": ["core.view_team", "core.add_team", "core.change_team"]}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("core", "0005_team_teamevent_teammemberevent_userroleevent_and_more")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
