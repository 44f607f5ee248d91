"""Permissions of the coaching app per role (granted by migration 0002)."""

from basisbaan.roles import COACH, PARTY_COACH, POLICY_ADMIN

COACHING_ROLE_PERMISSIONS = {
    # Only their own party's pages: the participants it guides and its week grid.
    PARTY_COACH: ["coaching.view_party_participants", "coaching.enter_party_hours"],
    COACH: [
        "coaching.view_coachingentry",
        "coaching.add_coachingentry",
        "coaching.change_coachingentry",
        "coaching.view_referral",
        "coaching.add_referral",
        "coaching.change_referral",
        "coaching.view_wellbeingmeasurement",
        "coaching.add_wellbeingmeasurement",
        "coaching.view_guidanceparty",
        "coaching.view_plangoal",
        "coaching.add_plangoal",
        "coaching.change_plangoal",
        "coaching.add_planaction",
        "coaching.change_planaction",
        "coaching.add_planreview",
        "coaching.view_partyassignment",
        "coaching.add_partyassignment",
        "coaching.change_partyassignment",
    ],
    POLICY_ADMIN: [
        "coaching.view_guidanceparty",
        "coaching.add_guidanceparty",
        "coaching.change_guidanceparty",
        "coaching.view_wellbeingdomain",
        "coaching.add_wellbeingdomain",
        "coaching.change_wellbeingdomain",
        "coaching.change_coachingsettings",
    ],
}

DEFAULT_DOMAINS = [
    "Financiën",
    "Schulden",
    "Huisvesting",
    "Lichamelijke gezondheid",
    "Psychische gezondheid",
    "Sociaal netwerk",
    "Dagstructuur en participatie",
]
