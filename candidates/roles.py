"""Permissions of the candidates app per role (granted by migration 0002)."""

from basisbaan.roles import COACH, FUNCTIONAL_ADMIN, POLICY_ADMIN

CANDIDATES_ROLE_PERMISSIONS = {
    COACH: [
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
        "candidates.view_document",
        "candidates.add_document",
        "candidates.delete_document",
    ],
    POLICY_ADMIN: [
        "candidates.view_exclusionreason",
        "candidates.add_exclusionreason",
        "candidates.change_exclusionreason",
    ],
    # Break-glass openings of dossiers, with their reasons, are listed for the functional admin.
    FUNCTIONAL_ADMIN: ["candidates.view_breakglassaccess"],
}

# The seeded exclusion reasons (DESIGN.md), in the order of the selection paragraph.
DEFAULT_EXCLUSION_REASONS = [
    "Perspectief op betaald werk (regulier of met loonkostensubsidie)",
    "(Fysieke) beperkingen te groot",
    "Voorkeur voor voortzetten vrijwilligerswerk",
    "Stap naar werk (nog) niet te maken",
    "Ander instrument passender, bijv. beschut werk",
    "Zorg en werk (nog) niet te combineren",
    "Overig",
]
