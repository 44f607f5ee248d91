"""`manage.py migrate`, run as the owner of the tables when DATABASE_OWNER_URL is set.

The application itself connects as a runtime role that may not alter tables nor rewrite the
audit trail (basisbaan.dbroles); only migrations need the owner, and after them the owner
grants the runtime role its privileges (a post_migrate receiver).
"""

from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import connections

from basisbaan.dbroles import as_owner


class Command(MigrateCommand):
    def handle(self, *args, **options):
        with as_owner(connections[options["database"]]):
            return super().handle(*args, **options)
