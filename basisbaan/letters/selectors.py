"""Reads of council letters."""

from django.db.models import QuerySet

from basisbaan.models import User

from .figures import letter_figures
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
