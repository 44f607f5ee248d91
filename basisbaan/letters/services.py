"""Every write of council letters. A final letter is never changed: the services refuse it,
and so does the database (trigger)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from basisbaan.integrity import atomic_service
from basisbaan.models import User
from basisbaan.selectors import profile_get
from basisbaan.services import versioned_update

from . import render
from .figures import letter_figures
from .models import SECTION_KEYS, SECTIONS, CouncilLetter, LetterStatus
from .texts import default_sections

ORDINAL = {1: "eerste", 2: "tweede", 3: "derde", 4: "vierde"}


def _require_draft(letter: CouncilLetter) -> None:
    if letter.is_final:
        raise ValidationError(_("Deze brief is definitief en kan niet meer worden gewijzigd."))


@atomic_service
def letter_create(*, year: int, quarter: int, created_by: User) -> CouncilLetter:
    """A new draft for a quarter (a new version when earlier ones exist), with the default
    texts written from the figures as of the quarter's end."""
    profile = profile_get()
    municipality = profile.name if profile else _("de gemeente")
    latest = CouncilLetter.objects.filter(year=year, quarter=quarter).aggregate(
        v=Max("letter_version")
    )["v"]
    figures = letter_figures(year, quarter)
    letter = CouncilLetter(
        year=year,
        quarter=quarter,
        figures=figures,
        figures_at=timezone.now(),
        letter_version=(latest or 0) + 1,
        subject=_("Voortgang basisbanen, %(n)s kwartaal %(year)s")
        % {"n": ORDINAL[quarter], "year": year},
        addressee=_("Aan de gemeenteraad van %(name)s") % {"name": municipality},
        letter_date=timezone.localdate(),
        sections=default_sections(figures, municipality),
        created_by=created_by,
    )
    letter.full_clean()
    letter.save()
    return letter


@atomic_service
def letter_update(
    *, letter: CouncilLetter, expected_version: int, subject: str, addressee: str, letter_date: date
) -> CouncilLetter:
    _require_draft(letter)
    letter.subject, letter.addressee, letter.letter_date = (
        subject.strip(),
        addressee.strip(),
        letter_date,
    )
    versioned_update(
        instance=letter,
        expected_version=expected_version,
        fields=["subject", "addressee", "letter_date"],
    )
    return letter


@atomic_service
def letter_section_save(
    *, letter: CouncilLetter, expected_version: int, key: str, text: str
) -> CouncilLetter:
    """Save one section's text (autosave); a stale version is refused."""
    _require_draft(letter)
    if key not in SECTION_KEYS:
        raise ValidationError(_("Onbekend onderdeel."))
    letter.sections = {**letter.sections, key: text.strip()}
    versioned_update(instance=letter, expected_version=expected_version, fields=["sections"])
    return letter


@atomic_service
def letter_figures_refresh(*, letter: CouncilLetter, expected_version: int) -> list[str]:
    """Compute a draft's figures anew (after data were corrected). A section text still as
    it was written from the old figures is written again from the new ones; a text the
    staff changed stays as they wrote it. Returns the labels of the changed texts whose
    default wording would now differ (they may quote old numbers). A stale version is
    refused."""
    _require_draft(letter)
    profile = profile_get()
    municipality = profile.name if profile else _("de gemeente")
    new = letter_figures(letter.year, letter.quarter)
    old_texts = default_sections(letter.figures, municipality) if letter.figures else {}
    new_texts = default_sections(new, municipality)
    sections, kept = dict(letter.sections), []
    for key, label in SECTIONS:
        if key not in new_texts or old_texts.get(key) == new_texts[key]:
            continue
        if key in old_texts and sections.get(key, "") == old_texts[key]:
            sections[key] = new_texts[key]
        else:
            kept.append(str(label))
    letter.figures, letter.figures_at, letter.sections = new, timezone.now(), sections
    versioned_update(
        instance=letter,
        expected_version=expected_version,
        fields=["figures", "figures_at", "sections"],
    )
    return kept


@atomic_service
def letter_finalise(*, letter: CouncilLetter, finalised_by: User) -> CouncilLetter:
    """Freeze the figures with the narrative, store the PDF and its SHA-256: read-only after."""
    locked = CouncilLetter.objects.select_for_update().get(pk=letter.pk)
    _require_draft(locked)
    # The figures the staff reviewed in the draft are the ones frozen (refresh first if the
    # data changed); a draft made before figures were stored gets them now.
    figures = locked.figures or letter_figures(locked.year, locked.quarter)
    locked.finalised_at = timezone.now().replace(microsecond=0)
    locked.finalised_by = finalised_by
    pdf = render.render_pdf(locked, figures)
    locked.figures = figures
    locked.pdf = pdf
    locked.pdf_sha256 = render.sha256(pdf)
    locked.status = LetterStatus.FINAL
    locked.version += 1
    locked.save()
    return locked
