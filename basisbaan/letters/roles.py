"""Who may do what with council letters: the alderman's staff and policy staff draft,
edit and finalise; coaches read finalised letters; nobody else sees them."""

from basisbaan.roles import COACH, EXECUTIVE_STAFF, POLICY_ADMIN

_EDIT = [
    "letters.view_councilletter",
    "letters.add_councilletter",
    "letters.change_councilletter",
    "letters.finalise_councilletter",
    "letters.view_final_councilletter",
]

LETTERS_ROLE_PERMISSIONS = {
    EXECUTIVE_STAFF: _EDIT,
    POLICY_ADMIN: _EDIT,
    COACH: ["letters.view_final_councilletter"],
}
