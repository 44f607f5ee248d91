"""`manage.py coaching_refresh`: bring the stored coaching sums and the stored employment
timeline (`placements.EmploymentSegment`) up to date now.

Every coaching figure does this itself before it reads (`coaching.selectors.trend_refresh`),
but after a large import, a migration or the yearly move of the horizon it recomputes
everyone, which at national size takes minutes. docker-compose runs this every hour with the
retention job, so that work is done outside a web request.
"""

import time

from django.core.management.base import BaseCommand

from coaching.models import TrendStale
from coaching.selectors import trend_refresh
from placements.models import EmploymentStale


class Command(BaseCommand):
    help = "Werkt de opgeslagen begeleidingssommen bij (ook na een grote import of migratie)."

    def handle(self, *args, **options) -> None:
        marked = TrendStale.objects.values("candidate_id").distinct().count()
        employment = EmploymentStale.objects.values("candidate_id").distinct().count()
        began = time.monotonic()
        horizon = trend_refresh()
        self.stdout.write(
            f"coaching_refresh: {marked} people marked (employment: {employment}), horizon {horizon.isoformat()},"
            f" {time.monotonic() - began:.1f} s"
        )
