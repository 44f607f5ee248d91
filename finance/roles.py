"""Permissions of the finance app per role (granted by migration 0002)."""

from basisbaan.roles import COACH, POLICY_ADMIN

FINANCE_ROLE_PERMISSIONS = {
    COACH: ["finance.view_cost_breakdown"],
    # Per-person costs are named personal data: the coach role only (their own caseload).
    POLICY_ADMIN: [
        "finance.view_costparameters",
        "finance.add_costparameters",
        "finance.change_costparameters",
        "finance.view_contribution",
        "finance.add_contribution",
        "finance.delete_contribution",
        "finance.view_fundingsource",
        "finance.add_fundingsource",
        "finance.change_fundingsource",
        "finance.view_budget",
        "finance.add_budget",
        "finance.change_budget",
    ],
}
