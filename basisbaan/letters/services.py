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
from .models import (
    FREE_PREFIX,
    MAX_FREE_SECTIONS,
    SECTION_KEYS,
    SECTIONS,
    CouncilLetter,
    LetterStatus,
)
from .texts import default_sections

ORDINAL = {1: "eerste", 2: "tweede", 3: "derde", 4: "vierde"}


def _require_draft(letter: CouncilLetter) -> None:
    if letter.is_final:
        raise ValidationError(_("Deze brief is definitief en kan niet meer worden gewijzigd."))


def letter_create(*, year: int, quarter: int, created_by: User) -> CouncilLetter:
    """A new draft for a quarter (a new version when earlier ones exist), with the default
    texts written from the figures as of the quarter's end. The figures are computed
    before the transaction that stores the draft (side by side in one snapshot of their
    own: `basisbaan.figure_snapshot`)."""
    figures = letter_figures(year, quarter)
    return _letter_store(year=year, quarter=quarter, created_by=created_by, figures=figures)


@atomic_service
def _letter_store(*, year: int, quarter: int, created_by: User, figures: dict) -> CouncilLetter:
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
    *,
    letter: CouncilLetter,
    expected_version: int,
    subject: str,
    addressee: str,
    letter_date: date,
    reference: str | None = None,
    handled_by: str | None = None,
    attachments: str | None = None,
) -> CouncilLetter:
    """The letterhead of a draft. The reference fields (kenmerk, behandeld door, bijlagen)
    stay as they are when not given."""
    _require_draft(letter)
    letter.subject, letter.addressee, letter.letter_date = (
        subject.strip(),
        addressee.strip(),
        letter_date,
    )
    fields = ["subject", "addressee", "letter_date"]
    for name, value in (
        ("reference", reference),
        ("handled_by", handled_by),
        ("attachments", attachments),
    ):
        if value is not None:
            setattr(letter, name, value.strip())
            fields.append(name)
    versioned_update(instance=letter, expected_version=expected_version, fields=fields)
    return letter


@atomic_service
def letter_section_save(
    *, letter: CouncilLetter, expected_version: int, key: str, text: str
) -> CouncilLetter:
    """Save one section's text (autosave); a stale version is refused."""
    _require_draft(letter)
    if key not in SECTION_KEYS and key not in (letter.free_sections or {}):
        raise ValidationError(_("Onbekend onderdeel."))
    letter.sections = {**letter.sections, key: text.strip()}
    versioned_update(instance=letter, expected_version=expected_version, fields=["sections"])
    return letter


@atomic_service
def letter_section_add(
    *, letter: CouncilLetter, expected_version: int, title: str, after: str
) -> str:
    """Add a free section titled `title` after the section `after`; returns its key. Its
    text is written like any other section's (autosave)."""
    _require_draft(letter)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Geef het onderdeel een titel.")})
    if len(title) > 120:
        raise ValidationError({"title": _("Een titel is hoogstens 120 tekens.")})
    outline = letter.outline()
    keys = [key for key, _title, _free in outline]
    if after not in keys:
        raise ValidationError({"after": _("Kies na welk onderdeel het nieuwe komt.")})
    free = dict(letter.free_sections or {})
    if len(free) >= MAX_FREE_SECTIONS:
        raise ValidationError(
            _("Een brief heeft hoogstens %(n)s eigen onderdelen.") % {"n": MAX_FREE_SECTIONS}
        )
    if title.casefold() in {t.casefold() for _key, t, _free in outline}:
        raise ValidationError({"title": _("Er is al een onderdeel met deze titel.")})
    number = 1
    while f"{FREE_PREFIX}{number}" in free:
        number += 1
    key = f"{FREE_PREFIX}{number}"
    free[key] = title
    keys.insert(keys.index(after) + 1, key)
    letter.free_sections, letter.section_order = free, keys
    letter.sections = {**letter.sections, key: ""}
    versioned_update(
        instance=letter,
        expected_version=expected_version,
        fields=["free_sections", "section_order", "sections"],
    )
    return key


def _free_key(letter: CouncilLetter, key: str) -> None:
    if key not in (letter.free_sections or {}):
        raise ValidationError(_("Alleen eigen onderdelen kunnen worden verplaatst of verwijderd."))


@atomic_service
def letter_section_remove(*, letter: CouncilLetter, expected_version: int, key: str) -> None:
    """Remove a free section and its text (the standard sections always stay)."""
    _require_draft(letter)
    _free_key(letter, key)
    letter.section_order = [k for k, _title, _free in letter.outline() if k != key]
    letter.free_sections = {k: t for k, t in letter.free_sections.items() if k != key}
    letter.sections = {k: t for k, t in letter.sections.items() if k != key}
    versioned_update(
        instance=letter,
        expected_version=expected_version,
        fields=["free_sections", "section_order", "sections"],
    )


@atomic_service
def letter_section_move(
    *, letter: CouncilLetter, expected_version: int, key: str, up: bool
) -> None:
    """Move a free section one place up or down among all sections."""
    _require_draft(letter)
    _free_key(letter, key)
    keys = [k for k, _title, _free in letter.outline()]
    i = keys.index(key)
    j = i - 1 if up else i + 1
    if not 0 <= j < len(keys):
        raise ValidationError(_("Dit onderdeel staat al bovenaan of onderaan."))
    keys[i], keys[j] = keys[j], keys[i]
    letter.section_order = keys
    versioned_update(instance=letter, expected_version=expected_version, fields=["section_order"])


def letter_figures_refresh(*, letter: CouncilLetter, expected_version: int) -> list[str]:
    """Compute a draft's figures anew (after data were corrected). A section text still as
    it was written from the old figures is written again from the new ones; a text the
    staff changed stays as they wrote it. Returns the labels of the changed texts whose
    default wording would now differ (they may quote old numbers). A stale version is
    refused. The figures are computed before the transaction that stores them."""
    _require_draft(letter)
    new = letter_figures(letter.year, letter.quarter)
    return _figures_store(letter=letter, expected_version=expected_version, new=new)


@atomic_service
def _figures_store(*, letter: CouncilLetter, expected_version: int, new: dict) -> list[str]:
    profile = profile_get()
    municipality = profile.name if profile else _("de gemeente")
    old_texts = default_sections(letter.figures, municipality) if letter.figures else {}
    new_texts = default_sections(new, municipality)
    sections, kept = dict(letter.sections), []
    for key, label in SECTIONS:
        if key not in new_texts:
            continue
        current = sections.get(key)
        if current is None or current == old_texts.get(key):
            # Untouched since it was written (or a section this draft did not have yet).
            sections[key] = new_texts[key]
        elif old_texts.get(key) != new_texts[key]:
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
    # Final before rendering: the final PDF carries no CONCEPT marking.
    locked.status = LetterStatus.FINAL
    pdf = render.render_pdf(locked, figures)
    locked.figures = figures
    locked.pdf = pdf
    locked.pdf_sha256 = render.sha256(pdf)
    locked.version += 1
    locked.save()
    return locked
