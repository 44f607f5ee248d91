"""WSGI entry point (gunicorn basisbaan.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "basisbaan.settings.production")

application = get_wsgi_application()
