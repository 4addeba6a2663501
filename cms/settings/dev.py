"""Local demo (make run): SQLite + django-q2's ORM broker unless DATABASE_URL / REDIS_URL say otherwise."""

import os

from .base import *  # noqa: F401,F403

DEBUG = True
# A throwaway key for local demo use only; production refuses to start without its own.
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-not-secret-dy365-local-demo-key"
ALLOWED_HOSTS = ["*"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

# Static files come from the finders here; only production collects them.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
