"""Core data: users, the municipality profile and wijken."""

import pghistory
import pgtrigger
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class VersionedModel(models.Model):
    """A record edited through forms: `version` guards against lost updates.

    Services update such a record only when the version the user started from is still
    current (see `basisbaan.services.versioned_update`).
    """

    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    class Meta:
        abstract = True


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str) -> "User":
        """Log-in by e-mail address ignores case and surrounding spaces."""
        return self.get(email__iexact=(username or "").strip())

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


@pghistory.track(exclude=["password", "last_login", "work_digest_sent_on"])
class User(AbstractBaseUser, PermissionsMixin, VersionedModel):
    """A member of staff; logs in with an e-mail address."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=150)
    is_active = models.BooleanField(
        _("actief"), default=True, help_text=_("Zet uit in plaats van een account te verwijderen.")
    )
    is_staff = models.BooleanField(_("toegang tot beheer"), default=False)
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    work_digest = models.BooleanField(
        _("dagelijkse e-mail met mijn werklijst"),
        default=False,
        help_text=_(
            "Elke ochtend een e-mail met hoeveel er op uw werklijst staat (zonder namen). "
            "Alleen als er iets te doen is."
        ),
    )
    work_digest_sent_on = models.DateField(null=True, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]
        permissions = [
            ("view_aggregates", _("Kan totaalcijfers (dashboard, rapportages) zien")),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = (self.email or "").strip().lower()
        if (
            self.email
            and User.objects.exclude(pk=self.pk).filter(email__iexact=self.email).exists()
        ):
            raise ValidationError({"email": _("Er bestaat al een account met dit e-mailadres.")})

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


@pghistory.track(exclude=["logo"])
class MunicipalityProfile(VersionedModel):
    """The one municipality this installation serves; used in the letterhead and the UI."""

    name = models.CharField(_("naam gemeente"), max_length=100)
    department = models.CharField(_("afdeling"), max_length=150, blank=True)
    street_address = models.CharField(_("adres"), max_length=150, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.BinaryField(_("logo"), blank=True, null=True, editable=False)
    logo_content_type = models.CharField(max_length=30, blank=True, editable=False)
    signatory_name = models.CharField(_("ondertekenaar"), max_length=150, blank=True)
    signatory_title = models.CharField(
        _("functie ondertekenaar"),
        max_length=150,
        blank=True,
        help_text=_("Bijvoorbeeld: wethouder Werk en Participatie"),
    )
    second_signatory_name = models.CharField(_("tweede ondertekenaar"), max_length=150, blank=True)
    second_signatory_title = models.CharField(
        _("functie tweede ondertekenaar"), max_length=150, blank=True
    )
    letter_closing = models.TextField(
        _("slotzin van de raadsbrief"),
        blank=True,
        default="Wij vertrouwen erop u hiermee voldoende te hebben geïnformeerd.",
    )
    letter_signing_body = models.CharField(
        _("ondertekend namens"),
        max_length=200,
        blank=True,
        help_text=_("Leeg: burgemeester en wethouders van de gemeente."),
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("gemeenteprofiel")
        verbose_name_plural = _("gemeenteprofiel")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="municipalityprofile_singleton"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_logo(self) -> bool:
        return bool(self.logo_content_type)


class WijkKind(models.TextChoices):
    WIJK = "wijk", _("wijk")
    DORP = "dorp", _("dorp")


class WijkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


@pghistory.track()
class Wijk(VersionedModel):
    """A district (wijk) or village (dorp) of the municipality."""

    name = models.CharField(_("naam"), max_length=100)
    kind = models.CharField(
        _("soort"), max_length=4, choices=WijkKind.choices, default=WijkKind.WIJK
    )
    active = models.BooleanField(
        _("actief"),
        default=True,
        help_text=_("Een inactieve wijk blijft in de historie maar is niet meer te kiezen."),
    )

    objects = WijkQuerySet.as_manager()

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="wijk_name_ci_unique",
                violation_error_message=_("Er bestaat al een wijk of dorp met deze naam."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        name = (self.name or "").strip()
        if name and Wijk.objects.exclude(pk=self.pk).filter(name__iexact=name).exists():
            raise ValidationError({"name": _("Er bestaat al een wijk of dorp met deze naam.")})


class ReferenceQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)


class ReferenceItem(VersionedModel):
    """An entry of an admin-managed list (task types, exclusion reasons, ...)."""

    name = models.CharField(_("naam"), max_length=150)
    description = models.TextField(_("toelichting"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("volgorde"), default=100, help_text=_("Lagere nummers staan eerder in keuzelijsten.")
    )
    active = models.BooleanField(
        _("actief"),
        default=True,
        help_text=_("Een inactieve keuze blijft in de historie maar is niet meer te kiezen."),
    )

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        name = (self.name or "").strip()
        duplicate = type(self).objects.exclude(pk=self.pk).filter(name__iexact=name).exists()
        if name and duplicate:
            raise ValidationError({"name": _("Deze naam bestaat al in de lijst.")})


@pghistory.track()
class TaskType(ReferenceItem):
    """A kind of work (e.g. gastheer/gastvrouw in de wijk); candidates state their wishes in
    these terms and tasks are classified by them."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("soort taak")
        verbose_name_plural = _("soorten taken")
        constraints = [models.UniqueConstraint(Lower("name"), name="tasktype_name_ci_unique")]


class AccessAction(models.TextChoices):
    DOSSIER_VIEW = "dossier_view", _("dossier bekeken")
    DOSSIER_EDIT_VIEW = "dossier_edit_view", _("bewerkformulier geopend")
    BREAK_GLASS = "break_glass", _("doorbraak: dossier buiten het team geopend")
    SEARCH_HIT = "search_hit", _("gevonden bij zoeken")
    LIST_VIEW = "list_view", _("lijst met personen bekeken")
    MATCHING_VIEW = "matching_view", _("matching bekeken")
    EXPORT = "export", _("export gemaakt")
    EMPLOYMENT_VIEW = "employment_view", _("dienstverband bekeken")
    ABSENCE_VIEW = "absence_view", _("verzuim bekeken")
    COACHING_VIEW = "coaching_view", _("begeleiding bekeken")
    FINANCE_VIEW = "finance_view", _("kosten per persoon bekeken")
    WEEK_GRID_VIEW = "week_grid_view", _("weekrooster bekeken")
    ROLE_CHANGE = "role_change", _("rollen gewijzigd")
    ACTIVATION_ISSUED = "activation_issued", _("activeringslink gemaakt")
    TEAM_CHANGE = "team_change", _("teamlidmaatschap gewijzigd")
    DOCUMENT_VIEW = "document_view", _("document geopend")
    SUBJECT_ACCESS = "subject_access", _("inzage: alle gegevens van de persoon verstrekt")
    RETENTION = "retention", _("bewaartermijn verstreken: gegevens verwijderd")
    ERASURE = "erasure", _("persoon op verzoek gewist")
    IMPORT = "import", _("gegevens ingelezen uit een werkmap")


class AccessPurpose(models.TextChoices):
    """Why personal data was read: the task being done (Logboek Dataverwerkingen)."""

    CASEWORK = "casework", _("uitvoering van de begeleiding")
    INTAKE = "intake", _("intake en selectie")
    EMPLOYMENT = "employment", _("uitvoering van het dienstverband")
    COACHING = "coaching", _("registratie van begeleiding")
    SEARCH = "search", _("zoeken naar een persoon")
    EXPORT = "export", _("export op verzoek van de gebruiker")
    FINANCE = "finance", _("verantwoording van de kosten")
    BREAK_GLASS = "break_glass", _("doorbraak met opgegeven reden")
    ADMINISTRATION = "administration", _("beheer van gebruikers en rollen")
    SUBJECT_ACCESS = "subject_access", _("inzageverzoek van de betrokkene (AVG art. 15)")
    RETENTION = "retention", _("bewaartermijnen (AVG art. 5)")
    MIGRATION = "migration", _("overname van gegevens uit de eigen spreadsheets")


# Labels by value, made once: the log page shows fifty rows, and Django's get_..._display
# translates every label of the field to look one up.
ACCESS_ACTION_LABELS = dict(AccessAction.choices)
ACCESS_PURPOSE_LABELS = dict(AccessPurpose.choices)


class AccessLog(models.Model):
    """Who looked at or exported whose personal data, when. Append-only: the database refuses
    every UPDATE and DELETE of these rows."""

    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    user = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("handeling"), max_length=30, choices=AccessAction.choices)
    subject_type = models.CharField(_("soort gegevens"), max_length=30)
    subject_id = models.PositiveBigIntegerField(_("intern nummer"), null=True, blank=True)
    purpose = models.CharField(
        _("doel"), max_length=30, choices=AccessPurpose.choices, default=AccessPurpose.CASEWORK
    )
    detail = models.CharField(_("toelichting"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(
                fields=["subject_type", "subject_id", "-at"], name="accesslog_subject_idx"
            ),
            models.Index(fields=["user", "-at"], name="accesslog_user_idx"),
            # The whole log newest first, a page at a time: read from the index, not sorted
            # (a log grows by a row per person on every list shown).
            models.Index(fields=["-at", "-id"], name="accesslog_at_idx"),
        ]
        triggers = [
            pgtrigger.Protect(
                name="accesslog_append_only", operation=pgtrigger.Update | pgtrigger.Delete
            )
        ]

    def __str__(self) -> str:
        subject = f"{self.subject_type}:{self.subject_id}"
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {subject}"

    @property
    def action_label(self) -> str:
        return str(ACCESS_ACTION_LABELS.get(self.action, self.action))

    @property
    def purpose_label(self) -> str:
        return str(ACCESS_PURPOSE_LABELS.get(self.purpose, self.purpose))


@pghistory.track()
class Team(VersionedModel):
    """A team of coaches sharing a caseload: a coach sees the dossiers of their teams."""

    name = models.CharField(_("naam"), max_length=100)
    members = models.ManyToManyField(
        User, verbose_name=_("leden"), related_name="teams", blank=True
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="team_name_ci_unique")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        name = (self.name or "").strip()
        if name and Team.objects.exclude(pk=self.pk).filter(name__iexact=name).exists():
            raise ValidationError({"name": _("Er bestaat al een team met deze naam.")})


# Role (group) and team memberships are many-to-many rows; their history is kept by
# triggers on the link tables, so a role given and taken back is still on record.
@pghistory.track(
    pghistory.InsertEvent("role.add"), pghistory.DeleteEvent("role.remove"), obj_field=None
)
class UserRole(User.groups.through):
    class Meta:
        proxy = True


@pghistory.track(
    pghistory.InsertEvent("team.add"), pghistory.DeleteEvent("team.remove"), obj_field=None
)
class TeamMember(Team.members.through):
    class Meta:
        proxy = True


class AccountActivation(models.Model):
    """A one-time activation link issued by the functional admin: whoever opens it sets the
    account's password and enrols the second factor. Without one, nobody can enrol an
    authenticator (knowing the password of a new account is not enough). Only a hash of the
    token is stored; a link expires after ACTIVATION_HOURS and works once."""

    user = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)

    class Meta:
        verbose_name = _("activeringslink")
        verbose_name_plural = _("activeringslinks")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d %H:%M}"


class RetentionPeriod(models.Model):
    """The functional admin's choice of a retention period (basisbaan.retention.RULES holds
    the kinds, defaults, legal bounds and reasons)."""

    kind = models.CharField(_("soort gegevens"), max_length=30, unique=True)
    days = models.PositiveIntegerField(_("bewaartermijn (dagen)"))
    changed_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("bewaartermijn")
        verbose_name_plural = _("bewaartermijnen")
        permissions = [("erase_person", _("een persoon op verzoek wissen (AVG art. 17)"))]

    def __str__(self) -> str:
        return f"{self.kind}: {self.days}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .retention import RULES_BY_KIND

        rule = RULES_BY_KIND.get(self.kind)
        if rule is None:
            raise ValidationError({"kind": _("Onbekende soort gegevens.")})
        if not rule.min_days <= self.days <= rule.max_days:
            raise ValidationError(
                {
                    "days": _("Kies een termijn van %(min)s tot en met %(max)s dagen.")
                    % {"min": rule.min_days, "max": rule.max_days}
                }
            )


class ErasureGround(models.TextChoices):
    """AVG art. 17 lid 1: the grounds on which a person may ask to be erased."""

    NOT_NEEDED = "a", _("niet meer nodig voor het doel (art. 17 lid 1a)")
    CONSENT = "b", _("toestemming ingetrokken (art. 17 lid 1b)")
    OBJECTION = "c", _("bezwaar gemaakt (art. 17 lid 1c)")
    UNLAWFUL = "d", _("onrechtmatig verwerkt (art. 17 lid 1d)")
    LEGAL_DUTY = "e", _("wettelijke plicht tot wissen (art. 17 lid 1e)")


class ErasureRequest(models.Model):
    """A person to be erased on request, carried out by the retention job (which runs as the
    owner of the tables: the application's own role may not remove history or access-log
    rows). Kept after it is done, without names: who asked the functional admin to erase
    which internal number, on which ground, and when it was done."""

    candidate_id = models.PositiveBigIntegerField(_("intern nummer"))
    ground = models.CharField(_("grond"), max_length=1, choices=ErasureGround.choices)
    requested_by = models.ForeignKey(
        User, verbose_name=_("vastgelegd door"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    done_at = models.DateTimeField(_("gewist op"), null=True, blank=True)
    rows_removed = models.PositiveIntegerField(_("rijen verwijderd"), null=True, blank=True)
    refused = models.CharField(_("geweigerd omdat"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("verzoek tot wissen")
        verbose_name_plural = _("verzoeken tot wissen")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate_id"],
                condition=models.Q(done_at__isnull=True),
                name="erasure_one_pending_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} ({self.ground})"
