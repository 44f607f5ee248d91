"""Send the daily work-list reminders (run it every hour: docker-compose's `reminders`
service does; each user gets at most one a day, from WORK_DIGEST_HOUR on)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from basisbaan import services
from basisbaan.models import User


class Command(BaseCommand):
    help = "Send every user who asked for it today's work-list reminder (counts, no names)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="also before WORK_DIGEST_HOUR (for testing)"
        )

    def handle(self, *args, now: bool = False, **options) -> None:
        moment = timezone.localtime()
        if moment.hour < settings.WORK_DIGEST_HOUR and not now:
            self.stdout.write("send_work_digests: too early, nothing sent")
            return
        today = moment.date()
        users = (
            User.objects.filter(work_digest=True, is_active=True)
            .exclude(work_digest_sent_on=today)
            .order_by("pk")
        )
        sent = 0
        for user in users:
            if user.has_perm("candidates.view_candidate"):
                sent += services.work_digest_send(user=user, on=today)
        # Counts only: no addresses or names in the output (it ends up in logs).
        self.stdout.write(f"send_work_digests: {sent} sent")
