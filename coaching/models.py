"""Coaching: guidance parties, the coaching log, referrals and the wellbeing monitor."""

import pghistory
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeBoundary, RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from basisbaan.models import ReferenceItem, VersionedModel
from candidates.models import Candidate
from placements.models import DateRange


@pghistory.track()
class GuidanceParty(ReferenceItem):
    """A begeleidende partij: an organisation that coaches participants at work."""

    contact_name = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    # The party's own job coaches with an account (role "begeleidende partij").
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("jobcoaches met een account"),
        related_name="guidance_parties",
        blank=True,
    )

    class Meta(ReferenceItem.Meta):
        verbose_name = _("begeleidende partij")
        verbose_name_plural = _("begeleidende partijen")
        constraints = [
            models.UniqueConstraint(models.functions.Lower("name"), name="party_name_ci_unique")
        ]


class CoachingKind(models.TextChoices):
    WORK = "werk", _("werkbegeleiding")
    INCOME = "inkomen", _("inkomen en welzijn")
    DEBTS = "schulden", _("schulden / GKB")
    OTHER = "overig", _("overig")


class EntrySource(models.TextChoices):
    MANUAL = "los", _("losse registratie")
    WEEK = "week", _("weekstaat")
    IMPORT = "import", _("import urenstaat")


@pghistory.track()
class CoachingEntry(models.Model):
    """Time spent coaching one person, by a municipal coach or by a guidance party.

    Week-grid and import entries are keyed by (person, date, kind, provider, source): saving
    the same week or importing the same file again replaces the minutes instead of adding."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("deelnemer"), on_delete=models.CASCADE, related_name="coaching"
    )
    date = models.DateField(_("datum"))
    minutes = models.PositiveSmallIntegerField(
        _("minuten"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    kind = models.CharField(_("soort"), max_length=10, choices=CoachingKind.choices)
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    party = models.ForeignKey(
        GuidanceParty,
        verbose_name=_("begeleidende partij"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    note = models.CharField(_("notitie"), max_length=300, blank=True)
    confidential = models.BooleanField(
        _("vertrouwelijke notitie"),
        default=False,
        db_default=False,
        help_text=_("Alleen het eigen team van de deelnemer ziet deze notitie."),
    )
    source = models.CharField(
        max_length=10, choices=EntrySource.choices, default=EntrySource.MANUAL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("begeleidingsregel")
        verbose_name_plural = _("begeleiding")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["candidate", "date"], name="coaching_candidate_date_idx"),
            # The figures read the entries of a few weeks of everyone.
            models.Index(fields=["date"], name="coaching_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(coach__isnull=False, party__isnull=True)
                | Q(coach__isnull=True, party__isnull=False),
                name="coaching_by_coach_or_party",
                violation_error_message=_(
                    "Kies een coach of een begeleidende partij (één van de twee)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=24 * 60), name="coaching_minutes_range"
            ),
            models.UniqueConstraint(
                fields=["candidate", "date", "kind", "coach", "source"],
                condition=Q(source__in=["week", "import"], coach__isnull=False),
                name="coaching_one_cell_per_coach",
            ),
            models.UniqueConstraint(
                fields=["candidate", "date", "kind", "party", "source"],
                condition=Q(source__in=["week", "import"], party__isnull=False),
                name="coaching_one_cell_per_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.minutes} min {self.kind}"

    @property
    def provider(self) -> str:
        return str(self.party or self.coach or "")

    def clean(self) -> None:
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("Begeleiding kan niet in de toekomst liggen.")})


class ReferralKind(models.TextChoices):
    GKB = "gkb", _("GKB (schuldhulp, Gemeentelijke Kredietbank)")
    BUDGET = "budget", _("budgetcoaching")
    HEALTH = "gezondheid", _("gezondheid of zorg")
    OTHER = "overig", _("overig")


class ReferralOutcome(models.TextChoices):
    OPEN = "open", _("nog geen uitkomst")
    STARTED = "gestart", _("hulp gestart")
    DONE = "afgerond", _("afgerond")
    DECLINED = "afgezien", _("deelnemer zag ervan af")
    REFUSED = "afgewezen", _("niet toegelaten")


@pghistory.track()
class Referral(VersionedModel):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="referrals")
    kind = models.CharField(_("soort"), max_length=12, choices=ReferralKind.choices)
    date = models.DateField(_("datum"))
    outcome = models.CharField(
        _("uitkomst"), max_length=10, choices=ReferralOutcome.choices, default=ReferralOutcome.OPEN
    )
    contact = models.CharField(
        _("contactpersoon daar"),
        max_length=200,
        blank=True,
        help_text=_("Naam en telefoonnummer: komt op het overzicht ‘wie helpt mij waarmee’."),
    )
    note = models.CharField(_("notitie"), max_length=300, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )

    class Meta:
        verbose_name = _("verwijzing")
        verbose_name_plural = _("verwijzingen")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


@pghistory.track()
class WellbeingDomain(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("welzijnsdomein")
        verbose_name_plural = _("welzijnsdomeinen")
        constraints = [
            models.UniqueConstraint(models.functions.Lower("name"), name="domain_name_ci_unique")
        ]


@pghistory.track()
class WellbeingMeasurement(models.Model):
    """A wellbeing measurement: T0 at the start of employment, then every six months."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="wellbeing")
    date = models.DateField(_("datum"))
    measured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("notitie"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("welzijnsmeting")
        verbose_name_plural = _("welzijnsmetingen")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "date"], name="measurement_one_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.date}"


@pghistory.track()
class WellbeingScore(models.Model):
    measurement = models.ForeignKey(
        WellbeingMeasurement, on_delete=models.CASCADE, related_name="scores"
    )
    domain = models.ForeignKey(WellbeingDomain, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["measurement", "domain"], name="score_one_per_domain"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.domain_id}: {self.score}"


class CoachingSettings(VersionedModel):
    """Team settings for coaching (one row)."""

    review_threshold_hours = models.DecimalField(
        _("signaalgrens (uur per week)"),
        max_digits=4,
        decimal_places=1,
        default=4,
        validators=[MinValueValidator(0.5), MaxValueValidator(40)],
        help_text=_(
            "Deelnemers met gemiddeld meer begeleiding dan dit over de laatste weken krijgen een signaal."
        ),
    )
    review_weeks = models.PositiveSmallIntegerField(
        _("over de laatste (weken)"),
        default=13,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )

    class Meta:
        verbose_name = _("instellingen begeleiding")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="coachingsettings_singleton")]

    def __str__(self) -> str:
        return f"{self.review_threshold_hours} u/w over {self.review_weeks} weken"


@pghistory.track()
class PartyAssignment(models.Model):
    """A participant guided by a guidance party for a period (open-ended: still guided).
    The party's week grid lists the participants it guides that week."""

    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("deelnemer"),
        on_delete=models.CASCADE,
        related_name="party_assignments",
    )
    party = models.ForeignKey(
        GuidanceParty,
        verbose_name=_("begeleidende partij"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    start_date = models.DateField(_("vanaf"))
    end_date = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("begeleiding door een partij")
        verbose_name_plural = _("begeleiding door partijen")
        ordering = ["start_date", "pk"]
        permissions = [
            ("view_party_participants", _("Kan de deelnemers van de eigen partij zien")),
            ("enter_party_hours", _("Kan het weekrooster van de eigen partij invullen")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="party_assignment_end_after_start",
                violation_error_message=_("Het einde ligt voor het begin."),
            ),
            ExclusionConstraint(
                name="party_assignment_no_overlap",
                expressions=[
                    ("candidate", RangeOperators.EQUAL),
                    ("party", RangeOperators.EQUAL),
                    (
                        DateRange(F("start_date"), F("end_date"), RangeBoundary(True, True)),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=_("Deze partij begeleidt de deelnemer in die periode al."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.start_date}"


# --- the plan --------------------------------------------------------------------------------


class GoalDomain(models.TextChoices):
    WORK = "werk", _("werk")
    MONEY = "geld", _("inkomen en schulden")
    HEALTH = "gezondheid", _("gezondheid")
    SOCIAL = "sociaal", _("sociale contacten")
    STRUCTURE = "dagstructuur", _("dagstructuur")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("loopt")
    REACHED = "bereikt", _("bereikt")
    STOPPED = "gestopt", _("gestopt")


class ActionOwner(models.TextChoices):
    COACH = "coach", _("de coach van de gemeente")
    PARTICIPANT = "deelnemer", _("de deelnemer")
    PARTY = "partij", _("de begeleidende partij")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("te doen")
    DONE = "gedaan", _("gedaan")
    DROPPED = "vervallen", _("vervallen")


@pghistory.track()
class PlanGoal(models.Model):
    """A goal in a participant's plan (every version kept by the history tables)."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("deelnemer"), on_delete=models.CASCADE, related_name="goals"
    )
    domain = models.CharField(_("onderwerp"), max_length=14, choices=GoalDomain.choices)
    description = models.TextField(_("doel"), max_length=500)
    status = models.CharField(
        _("stand"), max_length=8, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description[:60]


@pghistory.track()
class PlanAction(models.Model):
    """What someone does for a goal, by when."""

    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("actie"), max_length=300)
    owner = models.CharField(_("wie doet het"), max_length=10, choices=ActionOwner.choices)
    party = models.ForeignKey(
        GuidanceParty,
        verbose_name=_("begeleidende partij"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("klaar op"))
    status = models.CharField(
        _("stand"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(_("gedaan op"), null=True, blank=True)

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner="partij", party__isnull=False)
                | (~Q(owner="partij") & Q(party__isnull=True)),
                name="plan_action_party_iff_owner_party",
                violation_error_message=_(
                    "Kies de begeleidende partij als die de actie doet (en alleen dan)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="gedaan", done_on__isnull=False)
                | (~Q(status="gedaan") & Q(done_on__isnull=True)),
                name="plan_action_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]


@pghistory.track()
class PlanReview(models.Model):
    """The plan talked through with the participant (every six months, with the wellbeing
    measurement)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="plan_reviews")
    reviewed_on = models.DateField(_("besproken op"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("afspraken"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("bespreking van het plan")
        verbose_name_plural = _("besprekingen van het plan")
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return str(self.reviewed_on)


# --- derived data for the coaching trend --------------------------------------------------------


class TrendMonth(models.Model):
    """Derived data, not a record: per placement and month of employment, the employed days
    and the coaching minutes credited to them (the definition of `coaching_trend`, with no
    end date). `trend_refresh` keeps it: database triggers on coaching entries, placements
    and contracts mark the person in `TrendStale`, and every read of the
    trend first recomputes the marked people. The trend up to a date then reads the months
    that ended by then from here and works out only the month running on that date.

    Month `month` of the placement is the days [month_start, next_start)."""

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.CASCADE, related_name="+"
    )
    month = models.PositiveIntegerField()
    month_start = models.DateField()
    next_start = models.DateField()
    days = models.PositiveIntegerField()
    minutes = models.DecimalField(max_digits=28, decimal_places=12)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["placement", "month"], name="trend_month_once"),
            models.CheckConstraint(condition=Q(days__gt=0), name="trend_month_has_days"),
        ]
        indexes = [models.Index(fields=["month", "next_start"], name="trend_month_next_idx")]

    def __str__(self) -> str:
        return f"{self.placement_id}/{self.month}"


class TrendMonthSum(models.Model):
    """Derived data, not a record: `TrendMonth` added up per month of employment and the
    date the month ends (`next_start`): how many placement-months, and the sum of their
    rates in hours a week (`minutes / 60 / (days / 7)`, exactly as the trend computes it:
    at most 20 decimals, so the stored sum is exact). Kept with `TrendMonth` by
    `trend_refresh`; the trend reads it instead of every stored month."""

    month = models.PositiveIntegerField()
    next_start = models.DateField()
    placements = models.PositiveIntegerField()
    rate_sum = models.DecimalField(max_digits=40, decimal_places=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "next_start"], name="trend_month_sum_once")
        ]

    def __str__(self) -> str:
        return f"{self.month}/{self.next_start}"


def _minutes(label: str) -> models.DecimalField:
    return models.DecimalField(label, max_digits=28, decimal_places=12, default=0)


class CoachingMonth(models.Model):
    """Derived data, not a record: per person and calendar month, the coaching minutes
    credited to their employed days in that month (the definition of `coaching_intensity`,
    see `coaching.selectors._pieces_sql`), in total, by provider and by kind. Kept with
    `TrendMonth` by `trend_refresh`; the intensity of a period reads its whole months from
    here and works out only the days before the first and after the last whole month."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    total = _minutes("total")
    municipal = _minutes("municipal")
    external = _minutes("external")
    kind_werk = _minutes("werk")
    kind_inkomen = _minutes("inkomen")
    kind_schulden = _minutes("schulden")
    kind_overig = _minutes("overig")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "month"], name="coaching_month_once")
        ]
        # Covering: a period's whole months are read from the index alone, in month
        # order, not from rows spread over the table (written per person).
        indexes = [
            models.Index(
                fields=["month"],
                include=[
                    "candidate",
                    "total",
                    "municipal",
                    "external",
                    "kind_werk",
                    "kind_inkomen",
                    "kind_schulden",
                    "kind_overig",
                ],
                name="coaching_month_cover_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id}/{self.month}"


class CoachingPiece(models.Model):
    """Derived data, not a record: a coaching entry credited to the employed days it covers,
    one row per entry and employment segment (`coaching.selectors._pieces_sql`): the days
    [lo, hi) and the minutes credited to them. Kept with `TrendMonth` by `trend_refresh`,
    so a figure over a few days around whole months adds up stored pieces instead of
    crediting the entries again."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)
    coach_id = models.BigIntegerField(null=True)
    party_id = models.BigIntegerField(null=True)
    lo = models.DateField()
    hi = models.DateField()
    share = models.DecimalField(max_digits=28, decimal_places=12)

    class Meta:
        # Covering (as the months): the pieces of a few days are read from the index alone.
        indexes = [
            models.Index(
                fields=["lo"],
                include=["hi", "candidate", "kind", "coach_id", "party_id", "share"],
                name="coaching_piece_cover_idx",
            )
        ]
        constraints = [models.CheckConstraint(condition=Q(hi__gt=F("lo")), name="piece_has_days")]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.lo}..{self.hi}"


class WellbeingSummary(models.Model):
    """Derived data, not a record: one row per wellbeing measurement with its person, date
    and scores (`{"<domain id>": score}`), kept by database triggers on measurements and
    scores within the same transaction. `wellbeing_changes` finds each person's first and
    latest measurement and their scores here in one pass, instead of one lookup of the
    scores per measurement."""

    measurement_id = models.BigIntegerField(primary_key=True)
    candidate_id = models.BigIntegerField()
    date = models.DateField()
    scores = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["candidate_id", "date"], name="wellbeing_summary_one_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} {self.date}"


class TrendStale(models.Model):
    """A person whose `TrendMonth` rows must be recomputed (written by database triggers;
    no foreign key, so the mark of a person being deleted can be written). Each change
    writes a mark of its own, also when the person is marked already: `trend_refresh`
    deletes the marks it sees and works out those people from the same snapshot, so a
    change it did not see keeps its mark."""

    candidate_id = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return str(self.candidate_id)


class TrendState(models.Model):
    """The one row saying up to which date `TrendMonth` holds months: those whose next month
    starts on or before `horizon` (open-ended employment is followed only that far).
    `trend_refresh` moves it on as the calendar does."""

    key = models.PositiveSmallIntegerField(primary_key=True, default=1)
    horizon = models.DateField()

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(key=1), name="trend_state_one_row")]

    def __str__(self) -> str:
        return str(self.horizon)
