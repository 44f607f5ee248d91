"""Every read of the candidates app: lists, the dossier, the guideline check, the funnel."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from basisbaan import disclosure
from basisbaan.dates import add_years, whole_months_between
from basisbaan.models import Team, User

from .models import (
    BreakGlassAccess,
    Candidate,
    ConversationDraft,
    ExclusionReason,
    IntakeConversation,
    Outcome,
    SelectionDecision,
)

# --- the guideline --------------------------------------------------------------------------


@dataclass(frozen=True)
class GuidelineCheck:
    """The selection guideline on a date: more than three years on assistance AND no earlier
    instrument that led to paid work. A guideline, not a rule: deviating needs a motivation."""

    on: date
    months_on_assistance: int
    more_than_three_years: bool
    earlier_paid_work: bool
    assistance_starts_later: bool

    @property
    def met(self) -> bool:
        return self.more_than_three_years and not self.earlier_paid_work

    @property
    def duration_text(self) -> str:
        if self.assistance_starts_later:
            return _("bijstand is nog niet begonnen")
        years, months = divmod(self.months_on_assistance, 12)
        year_text = ngettext("%(n)d jaar", "%(n)d jaar", years) % {"n": years}
        month_text = ngettext("%(n)d maand", "%(n)d maanden", months) % {"n": months}
        if years and months:
            text = _("%(years)s en %(months)s") % {"years": year_text, "months": month_text}
        elif years:
            text = year_text
        else:
            text = month_text
        return _("%(duration)s in de bijstand") % {"duration": text}

    @property
    def text(self) -> str:
        work = (
            _("eerdere inzet leidde tot betaald werk")
            if self.earlier_paid_work
            else _("eerdere inzet leidde niet tot betaald werk")
        )
        return f"{self.duration_text}; {work}"

    @property
    def verdict(self) -> str:
        if self.met:
            return _("Voldoet aan de richtlijn.")
        reasons = []
        if not self.more_than_three_years:
            reasons.append(_("niet langer dan drie jaar in de bijstand"))
        if self.earlier_paid_work:
            reasons.append(_("eerdere inzet leidde tot betaald werk"))
        return _("Voldoet niet aan de richtlijn: %(reasons)s.") % {
            "reasons": _(" en ").join(reasons)
        }


def guideline_check(
    *, on_assistance_since: date, earlier_paid_work: bool, on: date
) -> GuidelineCheck:
    """On assistance for MORE than three years on `on`: the third anniversary itself is not
    enough (29 February counts its anniversary on 28 February in common years)."""
    return GuidelineCheck(
        on=on,
        months_on_assistance=whole_months_between(on_assistance_since, on),
        more_than_three_years=on > add_years(on_assistance_since, 3),
        earlier_paid_work=earlier_paid_work,
        assistance_starts_later=on_assistance_since > on,
    )


def candidate_guideline(candidate: Candidate, on: date | None = None) -> GuidelineCheck:
    """Uses the prefetched prior instruments when present (no extra query on the dossier)."""
    instruments = candidate.prior_instruments.all()
    return guideline_check(
        on_assistance_since=candidate.on_assistance_since,
        earlier_paid_work=any(i.led_to_paid_work for i in instruments),
        on=on or timezone.localdate(),
    )


# --- reach: whose data a user may open -------------------------------------------------------


def candidates_in_reach(user: User) -> QuerySet[Candidate]:
    """Every person `user` may open (their teams' caseload and valid break-glass openings)."""
    return Candidate.objects.in_reach_of(user)


def candidate_get(*, user: User, pk: int, queryset: QuerySet[Candidate] | None = None) -> Candidate:
    """One person, only when in `user`'s reach; anyone else is a 404, not a 403, so that the
    answer does not even reveal that the person exists."""
    queryset = Candidate.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.in_reach_of(user), pk=pk)


def in_reach(queryset: QuerySet, *, user: User, path: str = "candidate") -> QuerySet:
    """`queryset` (placements, sick reports, coaching entries, ...) narrowed to rows whose
    person, reached through `path`, is in `user`'s reach."""
    return queryset.filter(**{f"{path}__in": candidates_in_reach(user).values("pk")})


def break_glass_target(*, bsn: str) -> Candidate | None:
    """A search by full BSN finds a person in any caseload, to offer break-glass: only the
    name and coach are shown until a reason is given."""
    return Candidate.objects.select_related("coach", "team").filter(bsn=bsn).first()


def break_glass_list() -> QuerySet[BreakGlassAccess]:
    """Every break-glass opening, newest first, for the functional admin."""
    return BreakGlassAccess.objects.select_related("user", "candidate__team").order_by(
        "-opened_at", "-pk"
    )


# --- list and dossier ------------------------------------------------------------------------

CANDIDATE_SORTS = {
    "naam": ("last_name", "first_name"),
    "-naam": ("-last_name", "-first_name"),
    "aangemeld": ("registered_on",),
    "-aangemeld": ("-registered_on",),
    "bijstand": ("on_assistance_since",),
    "-bijstand": ("-on_assistance_since",),
    "wijk": ("home_wijk__name",),
    "-wijk": ("-home_wijk__name",),
}


def candidate_list(
    *,
    user: User,
    search: str = "",
    bsn: str = "",
    status: str = "",
    wijk_id: int | None = None,
    coach: User | None = None,
    unassigned: bool = False,
    guideline: bool | None = None,
    sort: str = "naam",
) -> QuerySet[Candidate]:
    """Candidates in `user`'s reach with their status, wijk and coach, filtered and sorted
    in SQL."""
    qs = Candidate.objects.in_reach_of(user).with_status().select_related("home_wijk", "coach")
    if bsn:
        qs = qs.filter(bsn=bsn)
    for term in search.split():
        qs = qs.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term))
    if status:
        qs = qs.filter(status=status)
    if wijk_id:
        qs = qs.filter(home_wijk_id=wijk_id)
    if coach is not None:
        qs = qs.filter(coach=coach)
    elif unassigned:
        qs = qs.filter(coach__isnull=True)
    if guideline is not None:
        qs = qs.meeting_guideline(meets=guideline)
    return qs.order_by(*CANDIDATE_SORTS.get(sort, CANDIDATE_SORTS["naam"]), "pk")


def in_own_team(user: User, *, team_path: str = "candidate__team_id") -> Exists:
    """Whether `user` is in the team of the row's person (not merely someone who opened the
    dossier by break-glass)."""
    return Exists(Team.members.through.objects.filter(team_id=OuterRef(team_path), user_id=user.pk))


def notes_visible(user: User, *, team_path: str = "candidate__team_id") -> Q:
    """Whether `user` may read the notes of a row: they are not confidential, or the user
    is in the person's own team."""
    return Q(confidential=False) | Q(in_own_team(user, team_path=team_path))


def with_visible_notes(queryset: QuerySet, *, user: User, field: str) -> QuerySet:
    """`queryset` with `field` (the notes) not loaded and `visible_<field>` in its place:
    the notes themselves, or "" when they are confidential and `user` is outside the
    person's team. Templates show only `visible_<field>`."""
    output = queryset.model._meta.get_field(field).__class__()
    visible = Case(
        When(notes_visible(user), then=F(field)),
        default=Value("", output_field=output),
        output_field=output,
    )
    return queryset.defer(field).annotate(**{f"visible_{field}": visible})


def conversation_for_edit(*, user: User, candidate: Candidate, pk: int) -> IntakeConversation:
    """One conversation of `candidate` to edit: a confidential one only for the person's own
    team (404 for anyone else, e.g. after a break-glass opening)."""
    return get_object_or_404(
        IntakeConversation.objects.select_related("candidate", "coach").filter(notes_visible(user)),
        pk=pk,
        candidate=candidate,
    )


def candidate_dossier(*, user: User, pk: int) -> Candidate:
    """One candidate in `user`'s reach with everything the dossier shows, in a fixed number
    of queries (404 outside the reach)."""
    queryset = (
        Candidate.objects.with_status()
        .select_related("home_wijk", "coach", "team")
        .prefetch_related(
            "preferred_task_types",
            "wijken_within_reach",
            "prior_instruments",
            "placements",
            Prefetch(
                "conversations",
                queryset=with_visible_notes(
                    IntakeConversation.objects.select_related("coach"), user=user, field="notes"
                ).order_by("-date", "-pk"),
            ),
            Prefetch(
                "decisions",
                queryset=SelectionDecision.objects.select_related(
                    "decided_by", "exclusion_reason"
                ).order_by("-decided_on", "-pk"),
            ),
        )
    )
    return candidate_get(user=user, pk=pk, queryset=queryset)


@dataclass(frozen=True)
class TimelineEntry:
    day: date
    kind: str  # "conversation" or "decision"
    item: IntakeConversation | SelectionDecision


def candidate_timeline(candidate: Candidate) -> list[TimelineEntry]:
    """Conversations and decisions, newest first (from the dossier's prefetched rows)."""
    entries = [TimelineEntry(c.date, "conversation", c) for c in candidate.conversations.all()]
    entries += [TimelineEntry(d.decided_on, "decision", d) for d in candidate.decisions.all()]
    # A decision sorts after a conversation of the same day (it follows from it).
    return sorted(entries, key=lambda e: (e.day, e.kind == "decision", e.item.pk), reverse=True)


def decision_in_force(candidate: Candidate) -> SelectionDecision | None:
    decisions = list(candidate.decisions.all())
    today = timezone.localdate()
    current = [d for d in decisions if d.decided_on <= today]
    return max(current, key=lambda d: (d.decided_on, d.pk), default=None)


def conversation_draft(*, user: User, candidate: Candidate) -> ConversationDraft | None:
    return ConversationDraft.objects.filter(user=user, candidate=candidate).first()


def coaches() -> QuerySet[User]:
    from basisbaan.roles import COACH

    return User.objects.filter(groups__name=COACH, is_active=True).order_by("full_name")


def exclusion_reasons() -> QuerySet[ExclusionReason]:
    return ExclusionReason.objects.active()


# --- the funnel --------------------------------------------------------------------------------


def share(part: int, whole: int) -> Decimal | None:
    """part / whole as a percentage with one decimal, None when whole is 0."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class FunnelRow:
    """The funnel for one group of candidates."""

    label: str
    spoken: int
    placed: int
    rejected: int
    withdrawn: int
    undecided: int

    @property
    def decided(self) -> int:
        return self.placed + self.rejected + self.withdrawn

    @property
    def excluded(self) -> int:
        return self.rejected + self.withdrawn

    @property
    def share_placed_of_spoken(self) -> Decimal | None:
        return share(self.placed, self.spoken)

    @property
    def share_placed_of_decided(self) -> Decimal | None:
        return share(self.placed, self.decided)


@dataclass(frozen=True)
class ExclusionCount:
    reason: str
    count: int


@dataclass(frozen=True)
class Funnel:
    start: date | None  # None: cumulative since the first conversation
    end: date
    total: FunnelRow
    exclusions: list[ExclusionCount]
    by_gender: list[FunnelRow] = field(default_factory=list)
    by_children: list[FunnelRow] = field(default_factory=list)


@dataclass(frozen=True)
class _FunnelGroup:
    gender: str
    children: bool | None  # None: number of children not recorded
    was_spoken: bool
    in_force: str | None
    outcome: str | None
    reason_id: int | None
    n: int


def _funnel_groups(*, start: date | None, end: date) -> list[_FunnelGroup]:
    """The funnel's cohort of [start, end] (start None: since the beginning), counted in one
    grouped query: a handful of rows, whatever the number of candidates.

    `was_spoken`: at least one intake conversation in the period. `outcome`: the outcome of
    the decision in force at the period's end, when that decision is dated in the period
    (else NULL), whether or not the candidate was also spoken in the period: spoken in
    March and decided in April counts as decided in Q2. `in_force`: the outcome in force at
    the end, whenever decided (a candidate spoken in the period with an older decision in
    force is not undecided). The cohort is everyone spoken or decided in the period. The
    decision in force is the latest dated on or before the end (the later entered on a tie).
    """
    sql = f"""
        WITH spoken AS (
            SELECT DISTINCT candidate_id FROM {IntakeConversation._meta.db_table}
            WHERE date <= %(end)s AND (%(start)s::date IS NULL OR date >= %(start)s::date)
        ),
        in_force AS (
            SELECT DISTINCT ON (candidate_id) candidate_id, outcome, decided_on,
                   exclusion_reason_id
            FROM {SelectionDecision._meta.db_table} WHERE decided_on <= %(end)s
            ORDER BY candidate_id, decided_on DESC, id DESC
        ),
        cohort AS (
            SELECT COALESCE(s.candidate_id, d.candidate_id) AS candidate_id,
                   s.candidate_id IS NOT NULL AS was_spoken, d.outcome AS in_force,
                   COALESCE(d.decided_on >= COALESCE(%(start)s::date, '-infinity'), FALSE)
                       AS decided_in_period,
                   d.exclusion_reason_id
            FROM spoken s FULL JOIN in_force d ON d.candidate_id = s.candidate_id
        )
        SELECT c.gender,
               CASE WHEN c.number_of_children > 0 THEN TRUE
                    WHEN c.number_of_children = 0 THEN FALSE END,
               k.was_spoken, k.in_force,
               CASE WHEN k.decided_in_period THEN k.in_force END,
               CASE WHEN k.decided_in_period THEN k.exclusion_reason_id END,
               COUNT(*)
        FROM cohort k JOIN {Candidate._meta.db_table} c ON c.id = k.candidate_id
        WHERE k.was_spoken OR k.decided_in_period
        GROUP BY 1, 2, 3, 4, 5, 6
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"start": start, "end": end})
        return [_FunnelGroup(*row) for row in cursor.fetchall()]


def _funnel_row(label: str, groups: list[_FunnelGroup]) -> FunnelRow:
    """The funnel's counts over some of its groups."""

    def count(test) -> int:
        return sum(g.n for g in groups if test(g))

    return FunnelRow(
        label=label,
        spoken=count(lambda g: g.was_spoken),
        placed=count(lambda g: g.outcome == Outcome.GEPLAATST),
        rejected=count(lambda g: g.outcome == Outcome.AFGEWEZEN),
        withdrawn=count(lambda g: g.outcome == Outcome.TERUGGETROKKEN),
        undecided=count(lambda g: g.was_spoken and g.in_force is None),
    )


def funnel(*, start: date | None, end: date) -> Funnel:
    """The selection funnel of a period (or cumulative with start=None), in two queries
    (the counts, the exclusion reasons). See `_funnel_groups` for who counts where
    (DESIGN.md, "Figures")."""
    from .models import Gender

    groups = _funnel_groups(start=start, end=end)
    # Exclusion reasons: rejections only; a withdrawal is its own line (`withdrawn`).
    reason_counts: dict[int, int] = {}
    for g in groups:
        if g.outcome == Outcome.AFGEWEZEN:
            reason_counts[g.reason_id] = reason_counts.get(g.reason_id, 0) + g.n
    exclusions = [
        ExclusionCount(reason=r.name, count=reason_counts.get(r.pk, 0))
        for r in ExclusionReason.objects.filter(Q(active=True) | Q(pk__in=reason_counts))
    ]
    present = {g.gender for g in groups}
    by_gender = [
        _funnel_row(str(label), [g for g in groups if g.gender == value])
        for value, label in Gender.choices
        if value in present or value != Gender.ANDERS
    ]
    by_children = [
        _funnel_row(_("met kinderen"), [g for g in groups if g.children is True]),
        _funnel_row(_("zonder kinderen"), [g for g in groups if g.children is False]),
    ]
    return Funnel(
        start=start,
        end=end,
        total=_funnel_row(_("Totaal"), groups),
        exclusions=exclusions,
        by_gender=by_gender,
        by_children=by_children,
    )


FUNNEL_COUNTS = ("spoken", "placed", "rejected", "withdrawn", "undecided", "excluded")


def _published_row(row: FunnelRow, shown: dict) -> dict:
    counts = {c: shown[c] for c in FUNNEL_COUNTS}
    return {
        "label": row.label,
        **counts,
        "share_spoken": disclosure.derived(
            decimal_text(row.share_placed_of_spoken), counts["placed"], counts["spoken"]
        ),
        "share_decided": disclosure.derived(
            decimal_text(row.share_placed_of_decided),
            counts["placed"],
            counts["rejected"],
            counts["withdrawn"],
        ),
    }


def decimal_text(value: Decimal | None) -> str | None:
    """A figure as JSON-ready text (None stays None)."""
    return None if value is None else str(value)


def funnel_published(result: Funnel) -> dict:
    """The funnel as published (the funnel page and the council letter): JSON-ready, with
    the small-number rule applied once here (`basisbaan.disclosure`). Every row adds up
    (spoken = placed + rejected + withdrawn + undecided, excluded = rejected + withdrawn),
    the groups add up to the total per column, the exclusion reasons to the rejections:
    so a hidden cell gets a complement wherever it could be subtracted. Shares built on a
    hidden count are hidden too."""
    groups = {"total": result.total}
    groups |= {("gender", i): row for i, row in enumerate(result.by_gender)}
    groups |= {("children", i): row for i, row in enumerate(result.by_children)}
    values = {(g, c): getattr(row, c) for g, row in groups.items() for c in FUNNEL_COUNTS}
    values |= {("reason", i): e.count for i, e in enumerate(result.exclusions)}
    sums = []
    for g in groups:
        sums.append(
            ((g, "spoken"), [(g, c) for c in ("placed", "rejected", "withdrawn", "undecided")])
        )
        sums.append(((g, "excluded"), [(g, "rejected"), (g, "withdrawn")]))
    for split, rows in (("gender", result.by_gender), ("children", result.by_children)):
        for c in FUNNEL_COUNTS:
            sums.append((("total", c), [((split, i), c) for i in range(len(rows))]))
    sums.append((("total", "rejected"), [("reason", i) for i in range(len(result.exclusions))]))
    # Everyone spoken is a plain headcount; every split of it is a combination.
    shown = disclosure.protect(values, sums, public=[("total", "spoken")])

    def row(g) -> dict:
        return _published_row(groups[g], {c: shown[(g, c)] for c in FUNNEL_COUNTS})

    return {
        "total": row("total"),
        "exclusions": [[e.reason, shown[("reason", i)]] for i, e in enumerate(result.exclusions)],
        "by_gender": [row(("gender", i)) for i in range(len(result.by_gender))],
        "by_children": [row(("children", i)) for i in range(len(result.by_children))],
    }


def funnel_page(*, start: date | None, end: date) -> dict:
    """The published funnel of a period (see `funnel_published`), for the funnel page."""
    return funnel_published(funnel(start=start, end=end))


@dataclass(frozen=True)
class ExclusionComparison:
    reason: str
    period: int
    cumulative: int


def exclusion_comparison(period: dict, cumulative: dict) -> list[ExclusionComparison]:
    """The published exclusion counts of a period next to those since the start, reason by
    reason (both from `funnel_published`)."""
    in_period = dict(period["exclusions"])
    return [
        ExclusionComparison(reason, in_period.get(reason, 0), count)
        for reason, count in cumulative["exclusions"]
    ]


@dataclass(frozen=True)
class CaseloadCounts:
    total: int
    per_status: dict[str, int]


def caseload_counts(*, coach: User) -> CaseloadCounts:
    """The coach's own candidates per status, in one query (for the start page)."""
    from .models import CandidateStatus

    rows = dict(
        Candidate.objects.with_status()
        .filter(coach=coach)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    per_status = {value: rows.get(value, 0) for value in CandidateStatus.values}
    return CaseloadCounts(total=sum(per_status.values()), per_status=per_status)


def funnel_total(*, start: date | None, end: date) -> FunnelRow:
    """Only the funnel's totals (one query), for the start page."""
    return _funnel_row(_("Totaal"), _funnel_groups(start=start, end=end))


# --- documents -------------------------------------------------------------------------------


def documents_visible(user: User) -> Q:
    """Documents `user` may open within a dossier they may open: those for the whole
    dossier, and the team-only ones when the user is in the person's own team."""
    from .models import Confidentiality

    return Q(confidentiality=Confidentiality.DOSSIER) | Q(in_own_team(user))


def documents_for(*, user: User, candidate: Candidate) -> QuerySet:
    """The documents of a person (already fetched within `user`'s reach) that the user may
    see, newest first."""
    from .models import Document

    return (
        Document.objects.filter(candidate=candidate)
        .filter(documents_visible(user))
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-pk")
    )


def document_get(*, user: User, candidate_pk: int, pk: int):
    """One document, only when its person is in `user`'s reach and the user may see it;
    anything else is a 404."""
    from .models import Document

    queryset = Document.objects.filter(
        candidate__in=Candidate.objects.in_reach_of(user).values("pk")
    ).filter(documents_visible(user))
    return get_object_or_404(queryset.select_related("candidate"), pk=pk, candidate_id=candidate_pk)
