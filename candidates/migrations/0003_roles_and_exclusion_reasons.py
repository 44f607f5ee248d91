"""Grant the candidates app's permissions and seed the exclusion reasons (DESIGN.md)."""

from django.db import migrations

from basisbaan.roles import grant_role_permissions

GRANTS = {
    "coach": [
        "candidates.view_candidate",
        "candidates.add_candidate",
        "candidates.change_candidate",
        "candidates.export_candidates",
        "candidates.view_priorinstrument",
        "candidates.add_priorinstrument",
        "candidates.delete_priorinstrument",
        "candidates.add_intakeconversation",
        "candidates.change_intakeconversation",
        "candidates.add_selectiondecision",
    ],
    "beleidsmedewerker": [
        "candidates.view_exclusionreason",
        "candidates.add_exclusionreason",
        "candidates.change_exclusionreason",
    ],
}

REASONS = [
    "Perspectief op betaald werk (regulier of met loonkostensubsidie)",
    "(Fysieke) beperkingen te groot",
    "Voorkeur voor voortzetten vrijwilligerswerk",
    "Stap naar werk (nog) niet te maken",
    "Ander instrument passender, bijv. beschut werk",
    "Zorg en werk (nog) niet te combineren",
    "Overig",
]


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)
    reason_model = apps.get_model("candidates", "ExclusionReason")
    for position, name in enumerate(REASONS, start=1):
        reason_model.objects.get_or_create(name=name, defaults={"position": position * 10})


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0002_initial"),
        ("core", "0004_roles_tasktype_accesslog"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
