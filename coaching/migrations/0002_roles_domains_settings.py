"""Grant the coaching app's permissions, seed the wellbeing domains (DESIGN.md) and the
settings row. Written out so this migration means the same forever."""

from django.db import migrations

from basisbaan.roles import grant_role_permissions

GRANTS = {
    "coach": [
        "coaching.view_coachingentry",
        "coaching.add_coachingentry",
        "coaching.change_coachingentry",
        "coaching.view_referral",
        "coaching.add_referral",
        "coaching.change_referral",
        "coaching.view_wellbeingmeasurement",
        "coaching.add_wellbeingmeasurement",
        "coaching.view_guidanceparty",
    ],
    "beleidsmedewerker": [
        "coaching.view_guidanceparty",
        "coaching.add_guidanceparty",
        "coaching.change_guidanceparty",
        "coaching.view_wellbeingdomain",
        "coaching.add_wellbeingdomain",
        "coaching.change_wellbeingdomain",
        "coaching.change_coachingsettings",
    ],
}

DOMAINS = [
    "Financiën",
    "Schulden",
    "Huisvesting",
    "Lichamelijke gezondheid",
    "Psychische gezondheid",
    "Sociaal netwerk",
    "Dagstructuur en participatie",
]


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)
    domain_model = apps.get_model("coaching", "WellbeingDomain")
    for position, name in enumerate(DOMAINS, start=1):
        domain_model.objects.get_or_create(name=name, defaults={"position": position * 10})
    apps.get_model("coaching", "CoachingSettings").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("coaching", "0001_initial"), ("placements", "0002_roles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
