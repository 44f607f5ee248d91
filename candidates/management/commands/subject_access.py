"""Subject access (AVG art. 15) from the command line:

    manage.py subject_access --candidate 123 --user coach@gemeente.nl --output /tmp/inzage

Writes inzage-<id>-<date>.pdf and .json into the output directory. The user named is the
one handling the request: they must be in the person's team, and the request is logged in
their name.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import timezone

from basisbaan.models import User
from candidates import subject_access as access


class Command(BaseCommand):
    help = "Maakt het inzageoverzicht (AVG art. 15) van een persoon als PDF en JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--candidate", type=int, required=True)
        parser.add_argument("--user", required=True, help="e-mail of who handles the request")
        parser.add_argument("--output", required=True)

    def handle(self, *args, candidate: int, user: str, output: str, **options) -> None:
        handler = User.objects.filter(email__iexact=user, is_active=True).first()
        if handler is None:
            raise CommandError(f"No active user {user}.")
        try:
            person = access.subject_access_candidate(user=handler, pk=candidate)
        except Http404:
            raise CommandError(
                f"Person {candidate} does not exist or is not in a team of {user}."
            ) from None
        sections = access.subject_access_data(person)
        target = Path(output)
        target.mkdir(parents=True, exist_ok=True)
        stem = target / f"inzage-{person.pk}-{timezone.localdate()}"
        stem.with_suffix(".pdf").write_bytes(access.as_pdf(person, sections))
        stem.with_suffix(".json").write_bytes(access.as_json(person, sections))
        access.record_request(user=handler, candidate=person, what="PDF en JSON (beheer)")
        self.stdout.write(f"subject_access: {stem}.pdf, {stem}.json")
