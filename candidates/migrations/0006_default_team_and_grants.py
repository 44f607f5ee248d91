"""Teams arrive: an existing installation keeps working as before by putting every existing
candidate and every coach in one team ("Team 1"); the functional admin can split it later.
A new installation (no candidates yet) gets no team here."""

from django.db import migrations

from basisbaan.roles import grant_role_permissions

GRANTS = {"functioneel beheerder": ["candidates.view_breakglassaccess"]}


def forwards(apps, schema_editor):
    grant_role_permissions(apps, GRANTS)
    candidate_model = apps.get_model("candidates", "Candidate")
    if not candidate_model.objects.exists():
        return
    team_model = apps.get_model("core", "Team")
    user_model = apps.get_model("core", "User")
    team, _created = team_model.objects.get_or_create(name="Team 1")
    candidate_model.objects.filter(team__isnull=True).update(team=team)
    team.members.add(*user_model.objects.filter(groups__name="coach"))


class Migration(migrations.Migration):
    dependencies = [
        ("candidates", "0005_candidate_team_candidateevent_team_and_more"),
        ("core", "0006_grants_teams"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
