"""Task inventory per wijk, employment (placements with contracts and hours), task
assignments and absence."""

from datetime import date

import pghistory
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.contrib.postgres.indexes import GistIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.models import ReferenceItem, TaskType, VersionedModel, Wijk
from candidates.models import Candidate, PhysicalCapacity


class DateRange(Func):
    """daterange(lower, upper, bounds) in SQL, for exclusion constraints."""

    function = "daterange"
    output_field = DateRangeField()


def inclusive_range(start: str, end: str) -> DateRange:
    """[start, end] with an empty end meaning open-ended."""
    return DateRange(F(start), F(end), RangeBoundary(inclusive_lower=True, inclusive_upper=True))


def period_order(start: str, end: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}),
        name=name,
        violation_error_message=_("De einddatum ligt vóór de begindatum."),
    )


# --- inventory -----------------------------------------------------------------------------


class OrganisationKind(models.TextChoices):
    BUURTCENTRUM = "buurtcentrum", _("buurtcentrum of wijkpunt")
    SPORT = "sport", _("sportvereniging")
    WONEN = "wonen", _("woningcorporatie")
    WELZIJN = "welzijn", _("welzijnsorganisatie")
    ONDERWIJS = "onderwijs", _("school of kinderopvang")
    GEMEENTE = "gemeente", _("gemeentelijke dienst")
    OVERIG = "overig", _("overig")


@pghistory.track()
class Organisation(VersionedModel):
    """A work-providing party in a wijk (buurtcentrum, sportvereniging, woningcorporatie)."""

    name = models.CharField(_("naam"), max_length=150, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)
    wijk = models.ForeignKey(
        Wijk,
        verbose_name=_("wijk"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leeg laten als de organisatie in de hele gemeente werkt."),
    )
    contact_name = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class Task(VersionedModel):
    """Work a participant can do for an organisation in a wijk."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisatie"), on_delete=models.PROTECT, related_name="tasks"
    )
    wijk = models.ForeignKey(
        Wijk, verbose_name=_("wijk"), on_delete=models.PROTECT, related_name="+"
    )
    task_type = models.ForeignKey(
        TaskType, verbose_name=_("soort taak"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("korte omschrijving"), max_length=150)
    description = models.TextField(_("wat houdt het in"), blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        _("uren per week"), validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    places = models.PositiveSmallIntegerField(
        _("aantal plaatsen"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    physical_demand = models.CharField(
        _("fysieke belasting"), max_length=10, choices=PhysicalCapacity.choices
    )
    schedule = models.CharField(
        _("rooster"), max_length=150, blank=True, help_text=_("Bijvoorbeeld: ma t/m do, 9-13 uur")
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        ordering = ["wijk__name", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=1, hours_per_week__lte=40), name="task_hours_range"
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="task_places_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.wijk})"


@pghistory.track()
class DisplacementCheck(models.Model):
    """The check that a task displaces no paid job and no volunteer work. The latest check of
    a task is the one in force; a task is assignable only with a confirmed, current check."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="displacement_checks")
    checked_on = models.DateField(_("getoetst op"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("getoetst door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    no_displacement = models.BooleanField(
        _("geen verdringing"),
        help_text=_(
            "Ik bevestig dat deze taak geen betaalde baan en geen vrijwilligerswerk verdringt."
        ),
    )
    note = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("verdringingstoets")
        verbose_name_plural = _("verdringingstoetsen")
        ordering = ["-checked_on", "-pk"]
        indexes = [models.Index(fields=["task", "-checked_on"], name="check_task_idx")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.checked_on}"

    def clean(self) -> None:
        if self.checked_on and self.checked_on > timezone.localdate():
            raise ValidationError({"checked_on": _("Een toets kan niet in de toekomst liggen.")})
        if not self.no_displacement and not self.note.strip():
            raise ValidationError(
                {
                    "note": _(
                        "Licht toe welke verdringing u ziet; de taak kan dan niet worden toegewezen."
                    )
                }
            )


# --- employment ------------------------------------------------------------------------------


class CollectiveAgreement(models.TextChoices):
    WSW = "wsw", _("cao Wsw")
    AAN_DE_SLAG = "aan_de_slag", _("cao Aan de Slag")
    GEMEENTEN = "gemeenten", _("cao Gemeenten")
    OVERIG = "overig", _("overig")


@pghistory.track()
class Employer(ReferenceItem):
    """The legal employer of participants (e.g. Thermiek BV, Pantar, the municipality)."""

    collective_agreement = models.CharField(
        _("cao"),
        max_length=20,
        choices=CollectiveAgreement.choices,
        default=CollectiveAgreement.WSW,
    )

    class Meta(ReferenceItem.Meta):
        verbose_name = _("werkgever")
        verbose_name_plural = _("werkgevers")
        constraints = [
            models.UniqueConstraint(models.functions.Lower("name"), name="employer_name_ci_unique")
        ]


class EndReason(models.TextChoices):
    UITVAL = "uitval", _("uitval")
    REGULIER = "regulier", _("doorstroom naar regulier werk")
    BESCHUT = "beschut", _("doorstroom naar beschut werk")
    PENSIOEN = "pensioen", _("pensioen")
    OVERIG = "overig", _("overig")


@pghistory.track()
class Placement(models.Model):
    """The employment (dienstverband) of a participant: one or more contracts."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("deelnemer"), on_delete=models.PROTECT, related_name="placements"
    )
    employer = models.ForeignKey(
        Employer, verbose_name=_("werkgever"), on_delete=models.PROTECT, related_name="placements"
    )
    primary_wijk = models.ForeignKey(
        Wijk, verbose_name=_("hoofdwijk"), on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField(_("in dienst per"))
    end_date = models.DateField(_("uit dienst per"), null=True, blank=True)
    end_reason = models.CharField(
        _("reden einde"), max_length=20, choices=EndReason.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plaatsing")
        verbose_name_plural = _("plaatsingen")
        ordering = ["-start_date", "-pk"]
        constraints = [
            period_order("start_date", "end_date", "placement_period_order"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_reason="")
                | (Q(end_date__isnull=False) & ~Q(end_reason="")),
                name="placement_end_has_reason",
            ),
            ExclusionConstraint(
                name="placement_one_at_a_time_per_person",
                # The equality first: the GiST index is then searched by person, not by
                # every range in the table (the planner uses it for joins on the key).
                expressions=[
                    ("candidate", RangeOperators.EQUAL),
                    (inclusive_range("start_date", "end_date"), RangeOperators.OVERLAPS),
                ],
                violation_error_message=_(
                    "Deze persoon heeft in die periode al een dienstverband."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} ({self.start_date:%d-%m-%Y})"


class ContractKind(models.TextChoices):
    FIXED = "bepaald", _("bepaalde tijd")
    INDEFINITE = "onbepaald", _("onbepaalde tijd")


@pghistory.track()
class Contract(models.Model):
    """A legal contract within a placement. A renewal is a new fixed-term contract after a
    fixed-term one; a conversion is a new indefinite contract after a fixed-term one."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="contracts")
    kind = models.CharField(_("soort contract"), max_length=10, choices=ContractKind.choices)
    start_date = models.DateField(_("ingangsdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracten")
        ordering = ["start_date", "pk"]
        constraints = [
            period_order("start_date", "end_date", "contract_period_order"),
            models.CheckConstraint(
                condition=Q(kind=ContractKind.FIXED, end_date__isnull=False)
                | Q(kind=ContractKind.INDEFINITE),
                name="contract_fixed_term_has_end",
            ),
            ExclusionConstraint(
                name="contract_no_overlap_within_placement",
                expressions=[
                    ("placement", RangeOperators.EQUAL),
                    (inclusive_range("start_date", "end_date"), RangeOperators.OVERLAPS),
                ],
                violation_error_message=_("Dit contract overlapt met een ander contract."),
            ),
        ]
        indexes = [models.Index(fields=["placement", "start_date"], name="contract_placement_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_date:%d-%m-%Y}"

    def covers(self, day: date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


@pghistory.track()
class ContractHours(models.Model):
    """Contract hours a week from a date. A change of hours is an addendum to the running
    contract, not a new contract."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="hours")
    valid_from = models.DateField(_("met ingang van"))
    hours_per_week = models.DecimalField(
        _("contracturen per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
    )

    class Meta:
        verbose_name = _("contracturen")
        verbose_name_plural = _("contracturen")
        ordering = ["valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "valid_from"], name="hours_one_per_day"),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=1, hours_per_week__lte=40),
                name="contract_hours_between_1_and_40",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hours_per_week} u/w vanaf {self.valid_from:%d-%m-%Y}"


@pghistory.track()
class TaskAssignment(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="assignments")
    task = models.ForeignKey(
        Task, verbose_name=_("taak"), on_delete=models.PROTECT, related_name="assignments"
    )
    hours_per_week = models.DecimalField(
        _("uren per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
    )
    start_date = models.DateField(_("vanaf"))
    end_date = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("taaktoewijzing")
        verbose_name_plural = _("taaktoewijzingen")
        ordering = ["start_date", "pk"]
        constraints = [
            period_order("start_date", "end_date", "assignment_period_order"),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0, hours_per_week__lte=40),
                name="assignment_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.hours_per_week} u/w"


# --- absence ---------------------------------------------------------------------------------


@pghistory.track()
class SickReport(VersionedModel):
    """A sick report. Its days run from the first day up to the day before recovery; an
    empty recovery date means still sick. Incapacity is 100% unless a step says otherwise."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="sick_reports")
    first_day = models.DateField(_("eerste ziektedag"))
    recovered_on = models.DateField(
        _("hersteld per"),
        null=True,
        blank=True,
        help_text=_("De eerste dag weer volledig aan het werk."),
    )
    note = models.CharField(_("opmerking"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ziekmelding")
        verbose_name_plural = _("ziekmeldingen")
        ordering = ["-first_day", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recovered_on__isnull=True) | Q(recovered_on__gt=F("first_day")),
                name="sickreport_recovery_after_first_day",
                violation_error_message=_("Herstel ligt na de eerste ziektedag."),
            ),
            ExclusionConstraint(
                name="sickreport_no_overlap",
                expressions=[
                    ("placement", RangeOperators.EQUAL),
                    (
                        DateRange(F("first_day"), F("recovered_on"), RangeBoundary(True, False)),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=_("Er loopt in die periode al een ziekmelding."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement_id} {self.first_day}"

    @property
    def current_incapacity(self) -> int:
        """The incapacity % of the latest step (from the prefetched steps), else 100."""
        steps = list(self.steps.all())
        return max(steps, key=lambda s: s.from_date).incapacity_percent if steps else 100


class Milestone(models.TextChoices):
    """The Wet Poortwachter steps a coach keeps track of, by sick weeks of the sickness
    period (see `placements.selectors.poortwachter_due`)."""

    PROBLEM_ANALYSIS = "probleemanalyse", _("probleemanalyse (week 6)")
    PLAN = "plan_van_aanpak", _("plan van aanpak (week 8)")
    UWV_REPORT = "uwv_melding", _("ziekmelding bij UWV (week 42)")
    FIRST_YEAR = "eerstejaarsevaluatie", _("eerstejaarsevaluatie (week 52)")


MILESTONE_WEEKS = {
    Milestone.PROBLEM_ANALYSIS: 6,
    Milestone.PLAN: 8,
    Milestone.UWV_REPORT: 42,
    Milestone.FIRST_YEAR: 52,
}


@pghistory.track()
class MilestoneDone(models.Model):
    """A Poortwachter step done for a person's sickness period (identified by the first sick
    day of the period: a relapse within four weeks continues the same period)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField(_("begin van de ziekteperiode"))
    milestone = models.CharField(_("stap"), max_length=24, choices=Milestone.choices)
    done_on = models.DateField(_("gedaan op"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Poortwachter-stap")
        verbose_name_plural = _("Poortwachter-stappen")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "period_start", "milestone"], name="milestone_once"
            ),
            models.CheckConstraint(
                condition=Q(done_on__gte=F("period_start")), name="milestone_done_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.milestone} {self.period_start}"


@pghistory.track()
class RecoveryStep(models.Model):
    """Partial recovery: from a date, the incapacity percentage (100 = fully sick)."""

    sick_report = models.ForeignKey(SickReport, on_delete=models.CASCADE, related_name="steps")
    from_date = models.DateField(_("vanaf"))
    incapacity_percent = models.PositiveSmallIntegerField(
        _("arbeidsongeschiktheid (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("herstelstap")
        verbose_name_plural = _("herstelstappen")
        ordering = ["from_date"]
        constraints = [
            models.UniqueConstraint(fields=["sick_report", "from_date"], name="step_one_per_day"),
            models.CheckConstraint(
                condition=Q(incapacity_percent__gte=1, incapacity_percent__lte=100),
                name="step_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incapacity_percent}% vanaf {self.from_date}"


class NationalAbsenceRate(models.Model):
    """The national reference absence rate for a period (CBS), entered by an admin."""

    start = models.DateField(_("van"))
    end = models.DateField(_("tot en met"))
    rate = models.DecimalField(
        _("verzuimpercentage"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    source = models.CharField(_("bron"), max_length=200, default="CBS")

    class Meta:
        verbose_name = _("landelijk verzuimpercentage")
        verbose_name_plural = _("landelijke verzuimpercentages")
        ordering = ["-start"]
        constraints = [
            period_order("start", "end", "national_rate_period_order"),
            models.UniqueConstraint(fields=["start", "end"], name="national_rate_unique_period"),
        ]

    def __str__(self) -> str:
        return f"{self.rate}% ({self.start} – {self.end})"


# --- derived data: the employment timeline, stored -----------------------------------------------


class EmploymentSegment(models.Model):
    """Derived data, not a record: the employment timeline of `placements.timeline` stored
    as ranges with no period applied: one row per placement ∩ contract ∩ hours period, with
    the hours of that period (NULL on contract days before the first hours row). Database
    triggers on placements, contracts and contract hours mark the person in
    `EmploymentStale`; readers take the stored rows of everyone not marked and work out the
    marked people live, so a figure is right whether or not the marks were folded in yet
    (`timeline.employment_refresh` does that)."""

    candidate_id = models.BigIntegerField(db_index=True)
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="+")
    primary_wijk_id = models.BigIntegerField()
    placement_start = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=1, null=True)
    span = DateRangeField()

    class Meta:
        indexes = [GistIndex(fields=["span"], name="employment_segment_span_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(span__isempty=True), name="employment_segment_not_empty"
            )
        ]

    def __str__(self) -> str:
        return f"{self.placement_id}: {self.span}"


class EmploymentStale(models.Model):
    """A person whose `EmploymentSegment` rows are out of date (written by database
    triggers; no foreign key, so the mark of a person being deleted can be written). Each
    change writes a mark of its own, also when the person is marked already: a refresh
    deletes the marks it sees and works out those people from the same snapshot, so a
    change it did not see keeps its mark."""

    candidate_id = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return str(self.candidate_id)
