"""The candidate list as a table for export (no BSN: an export holds only what a list shows)."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from basisbaan.exports import Table, table_response

from .models import Candidate, CandidateStatus, Gender, Household

__all__ = ["candidate_table", "table_response"]


def candidate_table(candidates: QuerySet[Candidate], *, filters: str = "") -> Table:
    statuses = dict(CandidateStatus.choices)
    genders = dict(Gender.choices)
    households = dict(Household.choices)
    header = [
        _("Nummer"),
        _("Voornaam"),
        _("Achternaam"),
        _("Geboortedatum"),
        _("Geslacht"),
        _("Huishouden"),
        _("Kinderen"),
        _("Woonwijk"),
        _("In de bijstand sinds"),
        _("Aangemeld op"),
        _("Status"),
        _("Coach"),
    ]
    rows = [
        [
            c.pk,
            c.first_name,
            c.last_name,
            c.date_of_birth,
            str(genders[c.gender]),
            str(households[c.household]),
            c.number_of_children,
            c.home_wijk.name,
            c.on_assistance_since,
            c.registered_on,
            str(statuses[c.status]),
            c.coach.full_name if c.coach else "",
        ]
        for c in candidates
    ]
    return Table(title=_("Kandidaten"), header=header, rows=rows, filters=filters)
