"""Every write of the coaching app: keyword-only, atomic, validated before saving."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from basisbaan.integrity import atomic_service
from basisbaan.models import User
from basisbaan.services import assign_fields, versioned_update
from candidates.models import Candidate

from .models import (
    ActionOwner,
    ActionStatus,
    CoachingEntry,
    CoachingSettings,
    EntrySource,
    GuidanceParty,
    PartyAssignment,
    PlanAction,
    PlanGoal,
    PlanReview,
    Referral,
    WellbeingDomain,
    WellbeingMeasurement,
    WellbeingScore,
)


@atomic_service
def coaching_entry_add(
    *,
    candidate: Candidate,
    date: date,
    minutes: int,
    kind: str,
    coach: User | None = None,
    party: GuidanceParty | None = None,
    note: str = "",
    confidential: bool = False,
) -> CoachingEntry:
    entry = CoachingEntry(
        candidate=candidate,
        date=date,
        minutes=minutes,
        kind=kind,
        coach=coach,
        party=party,
        note=note.strip(),
        confidential=confidential,
        source=EntrySource.MANUAL,
    )
    entry.full_clean()
    entry.save()
    return entry


def _upsert_cells(
    *,
    cells: dict[tuple[int, date, str], int | None],
    source: str,
    coach: User | None,
    party: GuidanceParty | None,
) -> int:
    """Set the minutes of (candidate, date, kind) cells of one provider; 0 or None removes
    the cell. Returns the number of cells written."""
    written = 0
    for (candidate_id, day, kind), minutes in cells.items():
        key = {
            "candidate_id": candidate_id,
            "date": day,
            "kind": kind,
            "coach": coach,
            "party": party,
            "source": source,
        }
        if not minutes:
            CoachingEntry.objects.filter(**key).delete()
            continue
        entry = CoachingEntry.objects.filter(**key).first() or CoachingEntry(**key)
        entry.minutes = minutes
        entry.full_clean(validate_constraints=False)
        entry.save()
        written += 1
    return written


@atomic_service
def week_grid_save(
    *,
    week_start: date,
    cells: dict[tuple[int, str], int | None],
    coach: User | None = None,
    party: GuidanceParty | None = None,
) -> int:
    """Save a whole week grid in one transaction (cells already validated by the form).
    Saving the same week again replaces its minutes."""
    if (coach is None) == (party is None):
        raise ValidationError("A week grid belongs to one coach or one party.")
    return _upsert_cells(
        cells={(c, week_start, k): m for (c, k), m in cells.items()},
        source=EntrySource.WEEK,
        coach=coach,
        party=party,
    )


@atomic_service
def timesheet_import(*, party: GuidanceParty, rows: list[dict]) -> int:
    """All-or-nothing import of checked timesheet rows (candidate, date, kind, minutes, note).
    Rows with the same person, date and kind are summed; importing the same file twice
    leaves the same minutes, not double."""
    cells: dict[tuple[int, date, str], int] = {}
    for row in rows:
        key = (row["candidate"].pk, row["date"], row["kind"])
        cells[key] = cells.get(key, 0) + row["minutes"]
    return _upsert_cells(cells=cells, source=EntrySource.IMPORT, coach=None, party=party)


def coaching_cell_check(entry: CoachingEntry) -> None:
    """The rules of one entry that need no query (the referenced rows are known to exist,
    and imported cells are unique by construction): field validators and the model's own
    rules. Raises ValidationError."""
    if entry.source not in (EntrySource.WEEK, EntrySource.IMPORT):
        raise ValueError(entry.source)
    if (entry.coach_id is None) == (entry.party_id is None):
        raise ValidationError(_("Kies een coach of een begeleidende partij (één van de twee)."))
    entry.clean_fields(exclude=["candidate", "coach", "party"])
    entry.clean()


@atomic_service
def coaching_cells_save(*, entries: list[CoachingEntry]) -> int:
    """Imported cells in bulk: new ones inserted, existing ones (with a pk) updated, in a
    few statements whatever their number; each checked by `coaching_cell_check` first."""
    for entry in entries:
        entry.note = (entry.note or "").strip()
        coaching_cell_check(entry)
    new = [e for e in entries if e.pk is None]
    old = [e for e in entries if e.pk is not None]
    CoachingEntry.objects.bulk_create(new, batch_size=2000)
    CoachingEntry.objects.bulk_update(old, ["minutes", "note", "confidential"], batch_size=2000)
    return len(entries)


@atomic_service
def referral_add(
    *,
    candidate: Candidate,
    kind: str,
    date: date,
    outcome: str,
    contact: str,
    note: str,
    referred_by: User,
) -> Referral:
    referral = Referral(
        candidate=candidate,
        kind=kind,
        date=date,
        outcome=outcome,
        contact=contact.strip(),
        note=note.strip(),
        referred_by=referred_by,
    )
    referral.full_clean()
    referral.save()
    return referral


@atomic_service
def referral_update(
    *, referral: Referral, expected_version: int, outcome: str, contact: str, note: str
) -> Referral:
    fields = assign_fields(
        referral, {"outcome": outcome, "contact": contact.strip(), "note": note.strip()}
    )
    versioned_update(instance=referral, expected_version=expected_version, fields=fields)
    return referral


@atomic_service
def measurement_record(
    *,
    candidate: Candidate,
    date: date,
    scores: dict[WellbeingDomain, int],
    measured_by: User,
    note: str = "",
) -> WellbeingMeasurement:
    if not scores:
        raise ValidationError("Vul minstens één score in.")
    measurement = WellbeingMeasurement(
        candidate=candidate, date=date, measured_by=measured_by, note=note.strip()
    )
    measurement.full_clean()
    measurement.save()
    for domain, score in scores.items():
        item = WellbeingScore(measurement=measurement, domain=domain, score=score)
        item.full_clean()
        item.save()
    return measurement


@atomic_service
def settings_update(
    *,
    team: CoachingSettings,
    expected_version: int,
    review_threshold_hours: Decimal,
    review_weeks: int,
) -> CoachingSettings:
    fields = assign_fields(
        team, {"review_threshold_hours": review_threshold_hours, "review_weeks": review_weeks}
    )
    versioned_update(instance=team, expected_version=expected_version, fields=fields)
    return team


# --- the plan --------------------------------------------------------------------------------


@atomic_service
def goal_add(*, candidate: Candidate, domain: str, description: str) -> PlanGoal:
    goal = PlanGoal(candidate=candidate, domain=domain, description=description.strip())
    goal.full_clean()
    goal.save()
    return goal


@atomic_service
def goal_set_status(*, goal: PlanGoal, status: str) -> PlanGoal:
    goal.status = status
    goal.full_clean()
    goal.save(update_fields=["status"])
    return goal


@atomic_service
def action_add(
    *,
    goal: PlanGoal,
    description: str,
    owner: str,
    due_date: date,
    party: GuidanceParty | None = None,
) -> PlanAction:
    """An action for a goal; a guidance party is named when (and only when) it does it."""
    if owner == ActionOwner.PARTY and party is None:
        raise ValidationError({"party": _("Kies de begeleidende partij die de actie doet.")})
    action = PlanAction(
        goal=goal,
        description=description.strip(),
        owner=owner,
        party=party if owner == ActionOwner.PARTY else None,
        due_date=due_date,
    )
    action.full_clean()
    action.save()
    return action


@atomic_service
def action_set_status(*, action: PlanAction, status: str, on: date) -> PlanAction:
    """Mark an action done (on `on`), dropped, or open again."""
    action.status = status
    action.done_on = on if status == ActionStatus.DONE else None
    action.full_clean()
    action.save(update_fields=["status", "done_on"])
    return action


@atomic_service
def plan_review_add(
    *, candidate: Candidate, reviewed_on: date, reviewed_by: User, note: str = ""
) -> PlanReview:
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("Een bespreking kan niet in de toekomst liggen.")})
    review = PlanReview(
        candidate=candidate, reviewed_on=reviewed_on, reviewed_by=reviewed_by, note=note.strip()
    )
    review.full_clean()
    review.save()
    return review


# --- guidance parties per participant ---------------------------------------------------------


@atomic_service
def party_assign(
    *, candidate: Candidate, party: GuidanceParty, start_date: date, end_date: date | None = None
) -> PartyAssignment:
    """The party guides the participant from `start_date` (until `end_date`, or open)."""
    assignment = PartyAssignment(
        candidate=candidate, party=party, start_date=start_date, end_date=end_date
    )
    assignment.full_clean()
    assignment.save()
    return assignment


@atomic_service
def party_assignment_end(*, assignment: PartyAssignment, end_date: date) -> PartyAssignment:
    """The party stops guiding the participant after `end_date`."""
    if end_date < assignment.start_date:
        raise ValidationError({"end_date": _("Het einde ligt voor het begin.")})
    assignment.end_date = end_date
    assignment.full_clean()
    assignment.save(update_fields=["end_date"])
    return assignment
