"""Reads of council letters."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from basisbaan.models import User

from .figures import letter_figures, previous_quarter
from .models import CouncilLetter, LetterStatus


def letters_for(user: User) -> QuerySet[CouncilLetter]:
    """Drafts for those who edit letters; coaches see only final letters."""
    qs = CouncilLetter.objects.defer("pdf", "figures").select_related("created_by", "finalised_by")
    if not user.has_perm("letters.view_councilletter"):
        qs = qs.filter(status=LetterStatus.FINAL)
    return qs


def figures_of(letter: CouncilLetter) -> dict:
    """The figures stored with the letter (made with the draft or its last refresh; frozen
    when final). Only a draft from before figures were stored computes them here."""
    if letter.figures is not None:
        return letter.figures
    return letter_figures(letter.year, letter.quarter)


@dataclass(frozen=True)
class HeadlineRow:
    """One headline figure on the start page of the alderman's staff: this quarter so far,
    the previous quarter, the change, and what it is measured against."""

    label: str
    kind: str  # how to show it: "count", "percent", "money" or "hours"
    current: Decimal | int | None
    previous: Decimal | int | None
    reference_label: str = ""
    reference: Decimal | int | None = None

    @property
    def change(self) -> Decimal | None:
        if self.current is None or self.previous is None:
            return None
        return Decimal(self.current) - Decimal(self.previous)


def _number(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def headline_rows(current: dict, previous: dict) -> list[HeadlineRow]:
    """The four headline figures (participants against the target, absence against the
    national rate, net cost per participant-year, coaching intensity), from two
    `headline_figures` results."""
    return [
        HeadlineRow(
            _("Deelnemers"),
            "count",
            current["participants"],
            previous["participants"],
            pgettext_lazy("target number of participants", "doel"),
            current["target"],
        ),
        HeadlineRow(
            _("Ziekteverzuim"),
            "percent",
            _number(current["absence_rate"]),
            _number(previous["absence_rate"]),
            _("landelijk"),
            _number(current["national_rate"]),
        ),
        HeadlineRow(
            _("Netto kosten per basisbaan per jaar"),
            "money",
            current["net_per_participant_year"],
            previous["net_per_participant_year"],
        ),
        HeadlineRow(
            _("Begeleiding per deelnemer per week (uur)"),
            "hours",
            _number(current["coaching_mean"]),
            _number(previous["coaching_mean"]),
        ),
    ]


def letter_due(today: date) -> tuple[int, int, CouncilLetter | None]:
    """The quarter whose council letter is due now (the last completed one) and its latest
    version, if any."""
    year, quarter = previous_quarter(today.year, (today.month - 1) // 3 + 1)
    letter = (
        CouncilLetter.objects.defer("pdf", "figures")
        .filter(year=year, quarter=quarter)
        .order_by("-letter_version")
        .first()
    )
    return year, quarter, letter
