"""Retention periods chosen by the functional admin; erasure on request."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

GRANTS = {
    "functioneel beheerder": [
        "core.view_retentionperiod",
        "core.change_retentionperiod",
        "core.erase_person",
    ],
}


def grant(apps, schema_editor):
    from basisbaan.roles import grant_role_permissions

    grant_role_permissions(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_alter_accesslog_action_alter_accesslog_purpose"),
    ]

    operations = [
        migrations.CreateModel(
            name="RetentionPeriod",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(max_length=30, unique=True, verbose_name="soort gegevens"),
                ),
                ("days", models.PositiveIntegerField(verbose_name="bewaartermijn (dagen)")),
                ("changed_at", models.DateTimeField(auto_now=True, verbose_name="gewijzigd op")),
            ],
            options={
                "verbose_name": "bewaartermijn",
                "verbose_name_plural": "bewaartermijnen",
                "permissions": [("erase_person", "een persoon op verzoek wissen (AVG art. 17)")],
            },
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="action",
            field=models.CharField(
                choices=[
                    ("dossier_view", "dossier bekeken"),
                    ("dossier_edit_view", "bewerkformulier geopend"),
                    ("break_glass", "doorbraak: dossier buiten het team geopend"),
                    ("search_hit", "gevonden bij zoeken"),
                    ("list_view", "lijst met personen bekeken"),
                    ("matching_view", "matching bekeken"),
                    ("export", "export gemaakt"),
                    ("employment_view", "dienstverband bekeken"),
                    ("absence_view", "verzuim bekeken"),
                    ("coaching_view", "begeleiding bekeken"),
                    ("finance_view", "kosten per persoon bekeken"),
                    ("week_grid_view", "weekrooster bekeken"),
                    ("role_change", "rollen gewijzigd"),
                    ("activation_issued", "activeringslink gemaakt"),
                    ("team_change", "teamlidmaatschap gewijzigd"),
                    ("document_view", "document geopend"),
                    ("subject_access", "inzage: alle gegevens van de persoon verstrekt"),
                    ("retention", "bewaartermijn verstreken: gegevens verwijderd"),
                    ("erasure", "persoon op verzoek gewist"),
                ],
                max_length=30,
                verbose_name="handeling",
            ),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("casework", "uitvoering van de begeleiding"),
                    ("intake", "intake en selectie"),
                    ("employment", "uitvoering van het dienstverband"),
                    ("coaching", "registratie van begeleiding"),
                    ("search", "zoeken naar een persoon"),
                    ("export", "export op verzoek van de gebruiker"),
                    ("finance", "verantwoording van de kosten"),
                    ("break_glass", "doorbraak met opgegeven reden"),
                    ("administration", "beheer van gebruikers en rollen"),
                    ("subject_access", "inzageverzoek van de betrokkene (AVG art. 15)"),
                    ("retention", "bewaartermijnen (AVG art. 5)"),
                ],
                default="casework",
                max_length=30,
                verbose_name="doel",
            ),
        ),
        migrations.CreateModel(
            name="ErasureRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("candidate_id", models.PositiveBigIntegerField(verbose_name="intern nummer")),
                (
                    "ground",
                    models.CharField(
                        choices=[
                            ("a", "niet meer nodig voor het doel (art. 17 lid 1a)"),
                            ("b", "toestemming ingetrokken (art. 17 lid 1b)"),
                            ("c", "bezwaar gemaakt (art. 17 lid 1c)"),
                            ("d", "onrechtmatig verwerkt (art. 17 lid 1d)"),
                            ("e", "wettelijke plicht tot wissen (art. 17 lid 1e)"),
                        ],
                        max_length=1,
                        verbose_name="grond",
                    ),
                ),
                (
                    "requested_at",
                    models.DateTimeField(auto_now_add=True, verbose_name="vastgelegd op"),
                ),
                ("done_at", models.DateTimeField(blank=True, null=True, verbose_name="gewist op")),
                (
                    "rows_removed",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="rijen verwijderd"
                    ),
                ),
                (
                    "refused",
                    models.CharField(blank=True, max_length=300, verbose_name="geweigerd omdat"),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="vastgelegd door",
                    ),
                ),
            ],
            options={
                "verbose_name": "verzoek tot wissen",
                "verbose_name_plural": "verzoeken tot wissen",
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("done_at__isnull", True)),
                        fields=("candidate_id",),
                        name="erasure_one_pending_per_person",
                    )
                ],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
