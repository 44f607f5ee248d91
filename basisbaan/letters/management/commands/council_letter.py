"""Render the draft council letter of a quarter to a PDF file.

    manage.py council_letter --year 2026 --quarter 1 --output brief.pdf

Uses the texts of the latest draft of that quarter, or the default texts when there is none.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from basisbaan.letters.figures import letter_figures
from basisbaan.letters.models import CouncilLetter, LetterStatus
from basisbaan.letters.render import render_pdf
from basisbaan.letters.services import ORDINAL
from basisbaan.letters.texts import default_sections
from basisbaan.selectors import profile_get


class Command(BaseCommand):
    help = "Maakt de concept-raadsbrief van een kwartaal als PDF."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4])
        parser.add_argument("--output", required=True)

    def handle(self, *args, year: int, quarter: int, output: str, **options) -> None:
        figures = letter_figures(year, quarter)
        letter = (
            CouncilLetter.objects.filter(year=year, quarter=quarter, status=LetterStatus.DRAFT)
            .order_by("-letter_version")
            .first()
        )
        if letter is None:
            profile = profile_get()
            name = profile.name if profile else "de gemeente"
            letter = CouncilLetter(
                year=year,
                quarter=quarter,
                subject=f"Voortgang basisbanen, {ORDINAL[quarter]} kwartaal {year}",
                addressee=f"Aan de gemeenteraad van {name}",
                letter_date=timezone.localdate(),
                sections=default_sections(figures, name),
            )
        try:
            data = render_pdf(letter, figures)
        except OSError as exc:  # pragma: no cover - missing system libraries
            raise CommandError(f"PDF rendering failed: {exc}") from exc
        with open(output, "wb") as handle:
            handle.write(data)
        self.stdout.write(f"council_letter: {output} ({len(data)} bytes)")
