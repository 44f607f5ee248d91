"""Council letters. A finalised letter never changes: the database refuses every UPDATE and
DELETE of a final letter (a trigger), and its PDF is stored with its SHA-256."""

import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from basisbaan.models import VersionedModel

SECTIONS = [
    ("opening", _("Inleiding")),
    ("jobs", _("Het aantal banen")),
    ("selection", _("Kenmerken van de deelnemers en de selectie")),
    ("wellbeing", _("Hoe gaat het met de deelnemers?")),
    ("employment", _("Het dienstverband")),
    ("coaching", _("De begeleiding")),
    ("finance", _("Financiën")),
    ("national", _("Landelijke ontwikkelingen")),
    ("reflection", _("Reflectie")),
    ("next_steps", _("Vervolg")),
]
SECTION_KEYS = [key for key, _label in SECTIONS]
# Free sections the staff add: keys "vrij-1", "vrij-2", ...; at most this many per letter.
FREE_PREFIX = "vrij-"
MAX_FREE_SECTIONS = 10


class LetterStatus(models.TextChoices):
    DRAFT = "concept", _("concept")
    FINAL = "definitief", _("definitief")


class CouncilLetter(VersionedModel):
    year = models.PositiveSmallIntegerField(
        _("jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("kwartaal"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    letter_version = models.PositiveSmallIntegerField(_("versie"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=LetterStatus.choices, default=LetterStatus.DRAFT
    )
    subject = models.CharField(_("onderwerp"), max_length=200)
    addressee = models.CharField(_("aan"), max_length=200)
    letter_date = models.DateField(_("datum van de brief"))
    reference = models.CharField(_("kenmerk"), max_length=60, blank=True)
    handled_by = models.CharField(_("behandeld door"), max_length=150, blank=True)
    attachments = models.CharField(
        _("bijlagen"),
        max_length=200,
        blank=True,
        help_text=_("Bijlagen naast de bijlage met definities, die altijd meegaat."),
    )
    sections = models.JSONField(_("tekst per onderdeel"), default=dict)
    # Sections the staff added ({key: title}) and the order of all sections (a list of
    # keys; empty: the standard order). See `outline`.
    free_sections = models.JSONField(_("eigen onderdelen"), default=dict, blank=True)
    section_order = models.JSONField(_("volgorde van de onderdelen"), default=list, blank=True)
    # Computed when the draft is made or refreshed (preview and PDF only render them), and
    # frozen with the letter when it is finalised.
    figures = models.JSONField(_("cijfers"), null=True, blank=True)
    figures_at = models.DateTimeField(_("cijfers berekend op"), null=True, blank=True)
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    finalised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("raadsbrief")
        verbose_name_plural = _("raadsbrieven")
        ordering = ["-year", "-quarter", "-letter_version"]
        permissions = [
            ("finalise_councilletter", _("Kan een raadsbrief definitief maken")),
            ("view_final_councilletter", _("Kan definitieve raadsbrieven lezen")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter", "letter_version"], name="letter_one_per_version"
            ),
            models.CheckConstraint(
                condition=models.Q(status="concept")
                | (models.Q(figures__isnull=False, pdf__isnull=False) & ~models.Q(pdf_sha256="")),
                name="letter_final_has_snapshot_and_pdf",
            ),
        ]
        triggers = [
            pgtrigger.Protect(
                name="final_letter_read_only",
                operation=pgtrigger.Update | pgtrigger.Delete,
                condition=pgtrigger.Q(old__status="definitief"),
            )
        ]

    def __str__(self) -> str:
        return f"Q{self.quarter} {self.year} v{self.letter_version}"

    @property
    def is_final(self) -> bool:
        return self.status == LetterStatus.FINAL

    def outline(self) -> list[tuple[str, str, bool]]:
        """The letter's sections in order: (key, title, added by the staff). The standard
        sections are always there, in their standard order relative to each other (one
        missing from a stored order, e.g. added to the product later, takes its standard
        place); free sections stand where the staff put them."""
        labels = {key: str(label) for key, label in SECTIONS}
        free = self.free_sections or {}
        order = [k for k in (self.section_order or []) if k in labels or k in free]
        for i, key in enumerate(SECTION_KEYS):
            if key not in order:
                before = [order.index(k) + 1 for k in SECTION_KEYS[:i] if k in order]
                order.insert(max(before, default=0), key)
        order += [k for k in free if k not in order]
        return [(k, labels.get(k) or free[k], k not in labels) for k in order]
