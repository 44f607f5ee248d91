"""Grant the council-letter permissions (written out: this migration means the same forever)."""

from django.db import migrations

from basisbaan.roles import grant_role_permissions

GRANTS = {
    "bestuursondersteuning": [
        "letters.view_councilletter",
        "letters.add_councilletter",
        "letters.change_councilletter",
        "letters.finalise_councilletter",
        "letters.view_final_councilletter",
    ],
    "beleidsmedewerker": [
        "letters.view_councilletter",
        "letters.add_councilletter",
        "letters.change_councilletter",
        "letters.finalise_councilletter",
        "letters.view_final_councilletter",
    ],
    "coach": ["letters.view_final_councilletter"],
}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial"), ("finance", "0002_roles_sources")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
