"""Permissions of the placements app per role (granted by migration 0002)."""

from basisbaan.roles import COACH, POLICY_ADMIN

PLACEMENTS_ROLE_PERMISSIONS = {
    COACH: [
        "placements.view_task",
        "placements.view_placement",
        "placements.add_placement",
        "placements.change_placement",
        "placements.add_contract",
        "placements.add_contracthours",
        "placements.add_taskassignment",
        "placements.change_taskassignment",
        "placements.view_sickreport",
        "placements.add_sickreport",
        "placements.change_sickreport",
        "placements.add_recoverystep",
    ],
    POLICY_ADMIN: [
        "placements.view_task",
        "placements.add_task",
        "placements.change_task",
        "placements.add_displacementcheck",
        "placements.view_organisation",
        "placements.add_organisation",
        "placements.change_organisation",
        "placements.view_employer",
        "placements.add_employer",
        "placements.change_employer",
        "placements.add_nationalabsencerate",
        "placements.change_nationalabsencerate",
    ],
}
