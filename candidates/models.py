"""Intake and selection: candidates, prior instruments, intake conversations and decisions."""

from datetime import date

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import IsNull
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn as bsn_number

from basisbaan.dates import add_years
from basisbaan.models import ReferenceItem, TaskType, Team, VersionedModel, Wijk


def validate_bsn(value: str) -> None:
    if not bsn_number.is_valid(value):
        raise ValidationError(
            _("Dit is geen geldig BSN: het moet uit 9 cijfers bestaan en de elfproef doorstaan."),
            code="invalid_bsn",
        )


class Gender(models.TextChoices):
    MAN = "man", _("man")
    VROUW = "vrouw", _("vrouw")
    ANDERS = "anders", _("anders / niet opgegeven")


class Household(models.TextChoices):
    ALLEENSTAAND = "alleenstaand", _("alleenstaand")
    ALLEENSTAANDE_OUDER = "alleenstaande_ouder", _("alleenstaande ouder")
    SAMENWONEND = "samenwonend", _("samenwonend of gehuwd")


class PhysicalCapacity(models.TextChoices):
    LICHT = "licht", _("licht werk")
    MIDDEL = "middel", _("middelzwaar werk")
    ZWAAR = "zwaar", _("zwaar werk")


class ReferralSource(models.TextChoices):
    KLANTMANAGER = "klantmanager", _("klantmanager bijstand")
    WIJKTEAM = "wijkteam", _("wijkteam")
    PARTICIPATIEBAAN = "participatiebaan", _("na een participatiebaan")
    ZELFMELDING = "zelfmelding", _("zelf aangemeld")
    ORGANISATIE = "organisatie", _("maatschappelijke organisatie")
    OVERIG = "overig", _("overig")


class CandidateStatus(models.TextChoices):
    """Follows from conversations and decisions; never stored (see CandidateQuerySet)."""

    AANGEMELD = "aangemeld", _("aangemeld")
    IN_GESPREK = "in_gesprek", _("in gesprek")
    GEPLAATST = "geplaatst", _("geplaatst")
    AFGEWEZEN = "afgewezen", _("afgewezen")
    TERUGGETROKKEN = "teruggetrokken", _("teruggetrokken")


# The labels by value, made once (`choices` builds a new list on every use; a list of
# candidates shows a status per row). Lazy: each is translated when shown.
STATUS_LABELS = dict(CandidateStatus.choices)


class Outcome(models.TextChoices):
    GEPLAATST = "geplaatst", _("geplaatst")
    AFGEWEZEN = "afgewezen", _("afgewezen")
    TERUGGETROKKEN = "teruggetrokken", _("teruggetrokken")


EXCLUDING_OUTCOMES = (Outcome.AFGEWEZEN, Outcome.TERUGGETROKKEN)


class CandidateQuerySet(models.QuerySet):
    def in_reach_of(self, user):
        """The people `user` may open: the caseload of the user's teams, plus a dossier
        opened by break-glass ("doorbraak", with a stated reason) while that is valid.

        Every view that fetches a person (and everything hanging off one) goes through this;
        outside it a person does not exist for the user (404).
        """
        member = Team.members.through.objects.filter(team_id=OuterRef("team_id"), user_id=user.pk)
        glass = BreakGlassAccess.objects.filter(
            candidate_id=OuterRef("pk"), user_id=user.pk, expires_at__gt=timezone.now()
        )
        return self.filter(Exists(member) | Exists(glass))

    def with_status(self, on: date | None = None):
        """Annotate `status` and `decision_outcome` as of the end of day `on` (default today).

        Status = the outcome of the decision in force (the latest one decided on or before
        `on`), else "in gesprek" when a conversation took place, else "aangemeld".
        """
        on = on or timezone.localdate()
        latest = (
            SelectionDecision.objects.filter(candidate=OuterRef("pk"), decided_on__lte=on)
            .order_by("-decided_on", "-pk")
            .values("outcome")[:1]
        )
        # A conversation's id or NULL, per row (an EXISTS here is planned as a hash of every
        # conversation ever held, built even when one page of 25 rows is shown).
        spoken = Subquery(
            IntakeConversation.objects.filter(candidate=OuterRef("pk"), date__lte=on).values("pk")[
                :1
            ]
        )
        return self.annotate(
            decision_outcome=Subquery(latest),
            status=Coalesce(
                Subquery(latest),
                models.Case(
                    models.When(IsNull(spoken, False), then=Value(CandidateStatus.IN_GESPREK)),
                    default=Value(CandidateStatus.AANGEMELD),
                ),
                output_field=models.CharField(),
            ),
        )

    def meeting_guideline(self, on: date | None = None, meets: bool = True):
        """Candidates who (do not) meet the guideline on `on`: more than three years on
        assistance and no earlier instrument that led to paid work."""
        on = on or timezone.localdate()
        paid_work = PriorInstrument.objects.filter(candidate=OuterRef("pk"), led_to_paid_work=True)
        # PostgreSQL's date + interval '3 years' maps 29 February to 28 February, exactly as
        # basisbaan.dates.add_years does, so list filters and the dossier always agree.
        three_years_on = models.Func(
            models.F("on_assistance_since"),
            template="(%(expressions)s + interval '3 years')::date",
            output_field=models.DateField(),
        )
        qs = self.annotate(_three_years_on=three_years_on)
        condition = Q(_three_years_on__lt=on) & ~Exists(paid_work)
        return qs.filter(condition) if meets else qs.exclude(condition)


@pghistory.track()
class Candidate(VersionedModel):
    bsn = models.CharField(_("BSN"), max_length=9, unique=True, validators=[validate_bsn])
    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(
        _("achternaam"), max_length=150, help_text=_("Met tussenvoegsel, bijvoorbeeld: de Vries")
    )
    date_of_birth = models.DateField(_("geboortedatum"))
    gender = models.CharField(_("geslacht"), max_length=10, choices=Gender.choices)
    household = models.CharField(_("huishouden"), max_length=20, choices=Household.choices)
    number_of_children = models.PositiveSmallIntegerField(
        _("aantal kinderen"), default=0, validators=[MaxValueValidator(20)]
    )
    home_wijk = models.ForeignKey(
        Wijk, verbose_name=_("woonwijk"), on_delete=models.PROTECT, related_name="+"
    )
    on_assistance_since = models.DateField(_("in de bijstand sinds"))
    referral_source = models.CharField(
        _("aangemeld via"), max_length=20, choices=ReferralSource.choices
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.PROTECT,
        related_name="caseload",
        null=True,
        blank=True,
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="caseload",
        null=True,
        help_text=_(
            "Het team in wiens caseload de kandidaat valt; alleen dat team ziet het dossier."
        ),
    )
    registered_on = models.DateField(_("aangemeld op"), default=timezone.localdate)
    preferred_task_types = models.ManyToManyField(
        TaskType, verbose_name=_("gewenste soorten werk"), blank=True, related_name="+"
    )
    available_hours = models.PositiveSmallIntegerField(
        _("beschikbaar (uren per week)"),
        validators=[MinValueValidator(1), MaxValueValidator(40)],
        default=32,
    )
    physical_capacity = models.CharField(
        _("fysieke belastbaarheid"), max_length=10, choices=PhysicalCapacity.choices
    )
    wijken_within_reach = models.ManyToManyField(
        Wijk,
        verbose_name=_("bereikbare wijken"),
        blank=True,
        related_name="+",
        help_text=_("Wijken en dorpen waar de kandidaat goed kan komen, naast de eigen wijk."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("kandidaat")
        verbose_name_plural = _("kandidaten")
        ordering = ["last_name", "first_name", "pk"]
        permissions = [("export_candidates", _("Kan de kandidatenlijst exporteren"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(bsn__regex=r"^[0-9]{9}$"), name="candidate_bsn_nine_digits"
            ),
            models.CheckConstraint(
                condition=Q(available_hours__gte=1, available_hours__lte=40),
                name="candidate_available_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(on_assistance_since__gt=models.F("date_of_birth")),
                name="candidate_assistance_after_birth",
            ),
        ]
        indexes = [
            models.Index(fields=["coach", "last_name"], name="candidate_coach_idx"),
            models.Index(fields=["home_wijk"], name="candidate_wijk_idx"),
            models.Index(fields=["team", "last_name"], name="candidate_team_idx"),
            # The list's default order: the first page is read in order, not sorted whole.
            models.Index(fields=["last_name", "first_name", "id"], name="candidate_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return str(self)

    @property
    def status_label(self) -> str:
        """The label of the `status` annotation (see CandidateQuerySet.with_status)."""
        return str(STATUS_LABELS.get(getattr(self, "status", ""), ""))

    def clean(self) -> None:
        errors = {}
        today = timezone.localdate()
        if self.date_of_birth:
            if self.date_of_birth > add_years(today, -16):
                errors["date_of_birth"] = _("Een kandidaat is minstens 16 jaar oud.")
            elif self.date_of_birth < add_years(today, -120):
                errors["date_of_birth"] = _("Controleer de geboortedatum.")
        if (
            self.date_of_birth
            and self.on_assistance_since
            and self.on_assistance_since < add_years(self.date_of_birth, 16)
        ):
            errors["on_assistance_since"] = _(
                "De bijstand kan niet vóór het 16e levensjaar zijn begonnen."
            )
        if self.household == Household.ALLEENSTAANDE_OUDER and not self.number_of_children:
            errors["number_of_children"] = _("Een alleenstaande ouder heeft minstens één kind.")
        if self.bsn:
            duplicate = Candidate.objects.exclude(pk=self.pk).filter(bsn=self.bsn).exists()
            if duplicate:
                # Says nothing about who the other person is.
                errors["bsn"] = _(
                    "Dit BSN is al geregistreerd. Neem contact op met de functioneel beheerder "
                    "als u denkt dat dit niet klopt."
                )
        if errors:
            raise ValidationError(errors)


class InstrumentKind(models.TextChoices):
    PARTICIPATIEBAAN = "participatiebaan", _("participatiebaan")
    REINTEGRATIE = "reintegratie", _("re-integratietraject")
    LOONKOSTENSUBSIDIE = "loonkostensubsidie", _("loonkostensubsidie")
    BESCHUT_WERK = "beschut_werk", _("beschut werk")
    VRIJWILLIGERSWERK = "vrijwilligerswerk", _("vrijwilligerswerk")
    OVERIG = "overig", _("overig")


@pghistory.track()
class PriorInstrument(models.Model):
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="prior_instruments"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=InstrumentKind.choices)
    start_date = models.DateField(_("van"))
    end_date = models.DateField(_("tot en met"), null=True, blank=True)
    led_to_paid_work = models.BooleanField(_("leidde tot betaald werk"), default=False)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("eerder ingezet instrument")
        verbose_name_plural = _("eerder ingezette instrumenten")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="priorinstrument_period_order",
                violation_error_message=_("De einddatum ligt vóór de begindatum."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("De einddatum ligt vóór de begindatum.")})
        if self.start_date and self.start_date > timezone.localdate():
            raise ValidationError(
                {"start_date": _("Een eerder instrument ligt niet in de toekomst.")}
            )


class ConversationKind(models.TextChoices):
    KENNISMAKING = "kennismaking", _("kennismakingsgesprek")
    VERDIEPING = "verdieping", _("verdiepend gesprek")
    HUISBEZOEK = "huisbezoek", _("huisbezoek")
    TELEFONISCH = "telefonisch", _("telefonisch of video")
    MATCHING = "matching", _("matchingsgesprek")


class Topic(models.TextChoices):
    WORK = "werk", _("werk: wensen, taken en mogelijkheden")
    DAILY_LIFE = "dagelijks_leven", _("dagelijks leven: zorg, gezondheid, vervoer")
    INCOME = "inkomen", _("financiën: inkomen na de overstap (armoedeval)")
    ALLOWANCES = "toeslagen", _("financiën: toeslagen (zorg, huur, kind)")
    LOCAL_TAXES = "kwijtschelding", _("financiën: kwijtschelding gemeentelijke belastingen")
    CHILDCARE = "kinderopvang", _("financiën: kinderopvang")
    TRAVEL = "reiskosten", _("financiën: reiskosten")
    DEBTS = "schulden", _("financiën: schulden en schuldhulp")


@pghistory.track()
class IntakeConversation(VersionedModel):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="conversations")
    date = models.DateField(_("datum"))
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gevoerd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duur (minuten)"), validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    kind = models.CharField(_("soort gesprek"), max_length=20, choices=ConversationKind.choices)
    topics = ArrayField(
        models.CharField(max_length=20, choices=Topic.choices),
        verbose_name=_("besproken onderwerpen"),
        default=list,
        blank=True,
    )
    notes = models.TextField(_("verslag"), blank=True)
    confidential = models.BooleanField(
        _("vertrouwelijk"),
        default=False,
        db_default=False,
        help_text=_("Alleen het eigen team van de kandidaat ziet dit verslag."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("intakegesprek")
        verbose_name_plural = _("intakegesprekken")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["candidate", "date"], name="conversation_candidate_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=480),
                name="conversation_duration_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d-%m-%Y}"

    @property
    def topics_text(self) -> str:
        labels = dict(Topic.choices)
        return "; ".join(str(labels.get(topic, topic)) for topic in self.topics)

    def clean(self) -> None:
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("Een gesprek kan niet in de toekomst liggen.")})


class ConversationDraft(models.Model):
    """What a coach was typing in the new-conversation form, saved while typing.

    One per user and candidate; removed once the conversation is saved. Holds the raw form
    values, so a half-filled or invalid form comes back exactly as it was.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "candidate"], name="draft_one_per_user_candidate"
            )
        ]

    def __str__(self) -> str:
        return f"draft {self.user_id}/{self.candidate_id}"


@pghistory.track()
class ExclusionReason(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = _("afwijsreden")
        verbose_name_plural = _("afwijsredenen")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("name"), name="exclusionreason_name_ci_unique"
            )
        ]


@pghistory.track()
class SelectionDecision(models.Model):
    """A selection decision. A later decision corrects an earlier one; both are kept."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(_("besluit"), max_length=20, choices=Outcome.choices)
    exclusion_reason = models.ForeignKey(
        ExclusionReason,
        verbose_name=_("reden"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
    )
    motivation = models.TextField(_("motivering"), blank=True)
    decided_on = models.DateField(_("besluitdatum"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    meets_guideline = models.BooleanField(_("voldoet aan de richtlijn"))
    guideline_explanation = models.CharField(_("richtlijntoets"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("selectiebesluit")
        verbose_name_plural = _("selectiebesluiten")
        ordering = ["-decided_on", "-pk"]
        indexes = [
            models.Index(fields=["candidate", "-decided_on", "-id"], name="decision_in_force_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(outcome=Outcome.GEPLAATST, exclusion_reason__isnull=True)
                    | (
                        Q(outcome__in=EXCLUDING_OUTCOMES, exclusion_reason__isnull=False)
                        & ~Q(motivation="")
                    )
                ),
                name="decision_exclusion_needs_reason_and_motivation",
            ),
            models.CheckConstraint(
                condition=Q(meets_guideline=True)
                | ~Q(outcome=Outcome.GEPLAATST)
                | ~Q(motivation=""),
                name="decision_placement_against_guideline_needs_motivation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.decided_on:%d-%m-%Y}"

    def clean(self) -> None:
        errors = {}
        if self.outcome in EXCLUDING_OUTCOMES:
            if self.exclusion_reason_id is None:
                errors["exclusion_reason"] = _("Kies de reden waarom de kandidaat afvalt.")
            if not self.motivation.strip():
                errors["motivation"] = _("Licht toe waarom de kandidaat afvalt.")
        elif self.outcome == Outcome.GEPLAATST:
            if self.exclusion_reason_id is not None:
                errors["exclusion_reason"] = _("Bij plaatsing hoort geen afwijsreden.")
            if self.meets_guideline is False and not self.motivation.strip():
                errors["motivation"] = _(
                    "De kandidaat voldoet niet aan de richtlijn. Motiveer waarom u toch plaatst."
                )
        if self.decided_on and self.decided_on > timezone.localdate():
            errors["decided_on"] = _("Een besluit kan niet in de toekomst liggen.")
        if errors:
            raise ValidationError(errors)


class BreakGlassAccess(models.Model):
    """A coach opened a dossier outside their teams' caseload (a colleague is ill): the stated
    reason is kept and listed for the functional admin. Valid for BREAK_GLASS_HOURS; the rows
    cannot be changed or removed (database trigger)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    candidate = models.ForeignKey(
        Candidate, verbose_name=_("kandidaat"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.TextField(_("reden"), max_length=500)
    opened_at = models.DateTimeField(_("geopend op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))

    class Meta:
        verbose_name = _("doorbraak")
        verbose_name_plural = _("doorbraken")
        ordering = ["-opened_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "candidate", "-expires_at"], name="breakglass_user_idx")
        ]
        triggers = [
            pgtrigger.Protect(
                name="breakglass_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self) -> str:
        return f"{self.opened_at:%Y-%m-%d %H:%M} {self.user_id} -> {self.candidate_id}"


# --- documents -------------------------------------------------------------------------------


class DocumentKind(models.TextChoices):
    CONTRACT = "contract", _("contract")
    PLAN = "plan", _("plan")
    ABSENCE = "verzuim", _("verzuimcorrespondentie (zonder medische gegevens)")
    LETTER = "brief", _("brief")
    OTHER = "overig", _("overig")


# How long a document of a kind is kept from its upload (years); issue #15 deletes it after.
RETENTION_YEARS = {
    DocumentKind.CONTRACT: 7,
    DocumentKind.PLAN: 2,
    DocumentKind.ABSENCE: 2,
    DocumentKind.LETTER: 2,
    DocumentKind.OTHER: 1,
}


class Confidentiality(models.TextChoices):
    TEAM = "team", _("alleen het eigen team van de kandidaat")
    DOSSIER = "dossier", _("iedereen die het dossier mag openen")


def document_storage():
    """The storage of the documents (settings STORAGES["documents"]: local disk by default,
    any Django storage backend through the environment), never served from a public URL."""
    from django.core.files.storage import storages

    return storages["documents"]


def document_path(_instance, _filename: str) -> str:
    """A random name: no person's name or the original file name in the storage."""
    import uuid

    return f"documenten/{uuid.uuid4().hex}"


class Document(models.Model):
    """A file in a person's dossier; downloaded only through a permission check, logged."""

    candidate = models.ForeignKey(
        Candidate, verbose_name=_("kandidaat"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("soort"), max_length=12, choices=DocumentKind.choices)
    confidentiality = models.CharField(
        _("wie mag het lezen"),
        max_length=10,
        choices=Confidentiality.choices,
        default=Confidentiality.TEAM,
    )
    file = models.FileField(storage=document_storage, upload_to=document_path, max_length=200)
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)
    retain_until = models.DateField(_("bewaren tot"))

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title
