"""Cost parameters per year, contributions, funding sources and budgets."""

import pghistory
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from basisbaan.models import ReferenceItem, VersionedModel
from placements.models import Organisation

MONEY = {"max_digits": 12, "decimal_places": 2}


def money_field(label, **kwargs):
    return models.DecimalField(label, validators=[MinValueValidator(0)], **MONEY, **kwargs)


@pghistory.track()
class CostParameters(VersionedModel):
    """The cost assumptions of one calendar year (DESIGN.md: finance). Amounts are per
    participant-year; wages are for the reference hours a week."""

    year = models.PositiveSmallIntegerField(
        _("jaar"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    reference_hours = models.DecimalField(
        _("referentie-uren per week"),
        max_digits=4,
        decimal_places=1,
        default=32,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
    )
    wage_cost = money_field(_("loonkosten per jaar bij de referentie-uren"), default=27387)
    employer_fee = money_field(_("werkgeverskosten per deelnemer-jaar"), default=600)
    guidance_first_year = money_field(_("begeleidende partij, eerste dienstjaar"), default=4000)
    guidance_later_years = money_field(_("begeleidende partij, latere dienstjaren"), default=3000)
    municipal_coaching = money_field(
        _("coaching door de gemeente per deelnemer-jaar"), default=1500
    )
    offset = money_field(
        _("inzet uitkeringen en loonkostensubsidies per deelnemer-jaar"), default=14000
    )
    target_participants = models.PositiveSmallIntegerField(_("doel aantal deelnemers"), default=50)

    class Meta:
        verbose_name = _("kostenparameters")
        verbose_name_plural = _("kostenparameters")
        ordering = ["-year"]
        permissions = [
            ("view_cost_breakdown", _("Kan de kosten per deelnemer zien")),
        ]

    def __str__(self) -> str:
        return str(self.year)


@pghistory.track()
class Contribution(models.Model):
    """A payment by a work-providing organisation towards the basisbanen."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    date = models.DateField(_("datum"))
    amount = models.DecimalField(_("bedrag"), **MONEY, validators=[MinValueValidator(0.01)])
    note = models.CharField(_("omschrijving"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("bijdrage")
        verbose_name_plural = _("bijdragen")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="contribution_positive")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.date} {self.amount}"


@pghistory.track()
class FundingSource(ReferenceItem):
    """Where the money comes from: the benefit budget, a talent fund, a housing corporation,
    social return, ..."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("financieringsbron")
        verbose_name_plural = _("financieringsbronnen")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("name"), name="fundingsource_name_ci_unique"
            )
        ]


@pghistory.track()
class Budget(VersionedModel):
    source = models.ForeignKey(
        FundingSource,
        verbose_name=_("financieringsbron"),
        on_delete=models.PROTECT,
        related_name="budgets",
    )
    year = models.PositiveSmallIntegerField(
        _("jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    amount = money_field(_("bedrag"))
    note = models.CharField(_("toelichting"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgetten")
        ordering = ["-year", "source__name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "year"], name="budget_one_per_source_year")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.year}"
