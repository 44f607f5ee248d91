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
    ("next_steps", _("Vervolg")),
]
SECTION_KEYS = [key for key, _label in SECTIONS]


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
    sections = models.JSONField(_("tekst per onderdeel"), default=dict)
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
