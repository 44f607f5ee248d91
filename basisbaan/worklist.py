"""The coach's work list: what needs doing for their own caseload, most urgent first, each
line a link to the place where it is done. Reads only (a selector module of the start
page), one query per heading whatever the size of the caseload, every person within the
user's reach."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from basisbaan.models import User
from candidates.models import Candidate, ConversationDraft, IntakeConversation
from coaching import selectors as coaching_selectors
from placements import selectors as placement_selectors
from placements.models import Contract, ContractKind

# A candidate spoken this long ago without a decision is waiting too long.
UNDECIDED_AFTER_DAYS = 28
# Poortwachter steps are listed this many days before they are due (and when overdue).
MILESTONE_NOTICE_DAYS = 14


@dataclass(frozen=True)
class Item:
    """One thing to do: about whom, what, by when, and the link where it is done."""

    candidate_id: int
    name: str
    what: str
    due: date | None
    url: str
    overdue: bool = False


@dataclass
class Heading:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.items)


HEADINGS = [
    ("contracts", gettext_lazy("Contracten die aflopen")),
    ("poortwachter", gettext_lazy("Verzuim: stappen Wet Poortwachter")),
    ("measurements", gettext_lazy("Welzijnsmetingen")),
    ("undecided", gettext_lazy("Kandidaten zonder besluit")),
    ("drafts", gettext_lazy("Gespreksverslagen niet afgemaakt")),
    ("flagged", gettext_lazy("Intensieve begeleiding: heroverwegen")),
    ("plan", gettext_lazy("Acties uit plannen")),
]
# Plan actions of the coach are listed this many days before they are due.
PLAN_NOTICE_DAYS = 7


def caseload(user: User) -> QuerySet[Candidate]:
    """The coach's own candidates (within their reach)."""
    return Candidate.objects.in_reach_of(user).filter(coach=user)


def work_list(*, user: User, on: date) -> list[Heading]:
    """The work list of `user` on `on`, per heading in a fixed order, items soonest first."""
    people = caseload(user)
    headings = {key: Heading(key, str(title)) for key, title in HEADINGS}

    ending = list(
        placement_selectors.ending_contracts(on=on)
        .filter(placement__candidate__in=people)
        .select_related("placement__candidate")
    )
    # The chain rule per (person, employer): one query for all fixed-term contracts of the
    # people whose contract ends, then each ending contract is checked as if it were renewed
    # for the same length from the day after.
    chains: dict[tuple[int, int], list[tuple[date, date]]] = {}
    for candidate_id, employer_id, start, end in Contract.objects.filter(
        kind=ContractKind.FIXED,
        placement__candidate__in={c.placement.candidate_id for c in ending},
    ).values_list("placement__candidate_id", "placement__employer_id", "start_date", "end_date"):
        chains.setdefault((candidate_id, employer_id), []).append((start, end))
    for contract in ending:
        person = contract.placement.candidate
        what = _("Tijdelijk contract loopt af: verlengen, omzetten of laten aflopen")
        renewal_start = contract.end_date + timedelta(days=1)
        check = placement_selectors.chain_rule_check(
            fixed_terms=chains.get((person.pk, contract.placement.employer_id), []),
            new_start=renewal_start,
            new_end=renewal_start + (contract.end_date - contract.start_date),
        )
        if check.breaks_rule:
            what = _(
                "Tijdelijk contract loopt af; een verlenging van dezelfde duur wordt volgens "
                "de ketenregeling een vast contract (%(reasons)s)"
            ) % {"reasons": "; ".join(check.reasons)}
        headings["contracts"].items.append(
            Item(
                person.pk,
                person.full_name,
                what,
                contract.end_date,
                reverse("placements:detail", args=[contract.placement_id]),
            )
        )

    periods = placement_selectors.sickness_periods(people)
    names = {
        c.pk: c.full_name
        for c in Candidate.objects.filter(pk__in={p.candidate_id for p in periods})
    }
    notice = on + timedelta(days=MILESTONE_NOTICE_DAYS)
    for period in periods:
        for step in period.milestones:
            if step.done_on is None and step.due <= notice:
                headings["poortwachter"].items.append(
                    Item(
                        period.candidate_id,
                        names.get(period.candidate_id, ""),
                        str(step.label[:1].upper() + step.label[1:]),
                        step.due,
                        reverse("placements:sick_report", args=[period.report_id]),
                        overdue=step.due < on,
                    )
                )

    for placement in coaching_selectors.measurements_due(on, user=user).filter(
        candidate__coach=user
    ):
        person = placement.candidate
        headings["measurements"].items.append(
            Item(
                person.pk,
                person.full_name,
                _("Welzijnsmeting T%(n)s") % {"n": placement.measured},
                placement.next_due,
                reverse("coaching:measurement_add", args=[person.pk]),
                overdue=placement.next_due < on,
            )
        )

    cutoff = on - timedelta(days=UNDECIDED_AFTER_DAYS)
    spoken_long_ago = IntakeConversation.objects.filter(candidate=OuterRef("pk"), date__lte=cutoff)
    undecided = (
        people.with_status(on)
        .filter(decision_outcome__isnull=True)
        .filter(Exists(spoken_long_ago))
        .annotate(first_spoken=_first_conversation())
        .order_by("first_spoken", "last_name")
    )
    for person in undecided:
        headings["undecided"].items.append(
            Item(
                person.pk,
                person.full_name,
                _("Gesproken, nog geen besluit"),
                person.first_spoken + timedelta(days=UNDECIDED_AFTER_DAYS),
                reverse("candidates:decision_create", args=[person.pk]),
                overdue=True,
            )
        )

    drafts = (
        ConversationDraft.objects.filter(
            user=user, candidate__in=Candidate.objects.in_reach_of(user)
        )
        .select_related("candidate")
        .order_by("updated_at")
    )
    for draft in drafts:
        headings["drafts"].items.append(
            Item(
                draft.candidate_id,
                draft.candidate.full_name,
                _("Verslag in concept sinds %(date)s")
                % {"date": date_format(timezone.localtime(draft.updated_at), "j F")},
                None,
                reverse("candidates:conversation_create", args=[draft.candidate_id]),
            )
        )

    own = list(people.values_list("pk", flat=True))
    for flag in coaching_selectors.flags_among(on, candidate_ids=own):
        headings["flagged"].items.append(
            Item(
                flag.candidate_id,
                flag.name,
                _("Gemiddeld %(hours)s uur begeleiding per week")
                % {"hours": number_format(flag.hours_per_week, 1)},
                None,
                reverse("coaching:person", args=[flag.candidate_id]),
            )
        )

    for action in coaching_selectors.plan_actions_due(
        user=user, on=on, within_days=PLAN_NOTICE_DAYS
    ):
        person = action.goal.candidate
        headings["plan"].items.append(
            Item(
                person.pk,
                person.full_name,
                action.description,
                action.due_date,
                reverse("plan:detail", args=[person.pk]),
                overdue=action.due_date < on,
            )
        )

    for heading in headings.values():
        heading.items.sort(key=lambda i: (i.due is None, i.due or on, i.name))
    return list(headings.values())


def _first_conversation():
    from django.db.models import Min

    return Min("conversations__date")


def work_total(*, user_id: int, on: date) -> int:
    """How many things are on a user's work list (for the navigation badge: a number, no
    names, so it may be kept a few minutes in the figure cache)."""
    user = User.objects.get(pk=user_id)
    return sum(h.count for h in work_list(user=user, on=on))
