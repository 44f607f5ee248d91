"""Per-person costs are named personal data: the policy admin loses the breakdown (it stays
with the coach role, limited to the coach's teams' caseload)."""

from django.db import migrations


def forwards(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    permission = permission_model.objects.filter(
        content_type__app_label="finance", codename="view_cost_breakdown"
    ).first()
    group = group_model.objects.filter(name="beleidsmedewerker").first()
    if permission is not None and group is not None:
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [("finance", "0002_roles_sources")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
