"""Local development: `make run`."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
REQUIRE_2FA = env.bool("REQUIRE_2FA", default=False)
# The demo password is for local use only; production settings never read it.
DEMO_PASSWORD = env("DEMO_PASSWORD", default="basisbaan-demo-2026")
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None  # static files are served from static/ by WhiteNoise finders
