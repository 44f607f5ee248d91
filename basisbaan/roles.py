"""The four roles (Django groups) and the permissions each one holds.

Every view checks a permission, never a group name, so a role's reach is exactly the
permissions listed here. Feature apps add their permissions to `ROLE_PERMISSIONS` and grant
them with `grant_role_permissions` in a data migration of their own.
"""

from django.utils.translation import gettext_lazy as _

COACH = "coach"
POLICY_ADMIN = "beleidsmedewerker"
EXECUTIVE_STAFF = "bestuursondersteuning"
FUNCTIONAL_ADMIN = "functioneel beheerder"
# An external job coach of one guidance party (DESIGN.md): sees only the participants the
# party guides, and of them only what work guidance needs.
PARTY_COACH = "begeleidende partij"

ROLES = (COACH, POLICY_ADMIN, EXECUTIVE_STAFF, FUNCTIONAL_ADMIN, PARTY_COACH)

ROLE_LABELS = {
    COACH: _("Coach / klantmanager"),
    POLICY_ADMIN: _("Beleidsmedewerker"),
    EXECUTIVE_STAFF: _("Bestuursondersteuning"),
    FUNCTIONAL_ADMIN: _("Functioneel beheerder"),
    PARTY_COACH: _("Jobcoach begeleidende partij"),
}

# Permissions of the core app, per role ("app_label.codename").
CORE_ROLE_PERMISSIONS = {
    COACH: ["core.view_wijk", "core.view_aggregates"],
    POLICY_ADMIN: [
        "core.view_wijk",
        "core.add_wijk",
        "core.change_wijk",
        "core.view_aggregates",
        "core.view_tasktype",
        "core.add_tasktype",
        "core.change_tasktype",
    ],
    EXECUTIVE_STAFF: ["core.view_wijk", "core.view_aggregates"],
    FUNCTIONAL_ADMIN: [
        "core.view_municipalityprofile",
        "core.change_municipalityprofile",
        "core.view_user",
        "core.add_user",
        "core.change_user",
        "core.view_accesslog",
        "core.view_team",
        "core.add_team",
        "core.change_team",
        "core.view_retentionperiod",
        "core.change_retentionperiod",
        "core.erase_person",
    ],
}


def grant_role_permissions(apps, role_permissions: dict[str, list[str]]) -> None:
    """Create the groups if needed and add the given permissions.

    Used by data migrations (with the migration state's `apps`) and by the tests (with the
    global registry) after a transactional test has emptied the tables.

    Permissions are normally created after migrations run; they are created here first so a
    fresh database gets the same grants as an upgraded one.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = original

    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, perms in role_permissions.items():
        group, _created = group_model.objects.get_or_create(name=role)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(
                permission_model.objects.get(content_type__app_label=app_label, codename=codename)
            )


def all_role_permissions() -> dict[str, list[str]]:
    """Every app's grants merged; feature apps register theirs in APP_ROLE_PERMISSIONS."""
    merged: dict[str, list[str]] = {role: [] for role in ROLES}
    for grants in APP_ROLE_PERMISSIONS:
        for role, perms in grants.items():
            merged[role].extend(perms)
    return merged


APP_ROLE_PERMISSIONS: list[dict[str, list[str]]] = [CORE_ROLE_PERMISSIONS]
