"""The test suite: `make test`."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
REQUIRE_2FA = False
DEMO_PASSWORD = "basisbaan-demo-2026"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "nl"
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # static files are served from static/ by WhiteNoise finders
# Tests change data and look again at once: figures are always computed (one test turns
# the cache on to check it).
FIGURE_CACHE_SECONDS = 0
# Uploaded documents stay in memory: nothing written into the checkout.
STORAGES = {
    **STORAGES,  # noqa: F405
    "documents": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
