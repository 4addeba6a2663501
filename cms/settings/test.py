"""Test settings: the suite runs on SQLite by default, on PostgreSQL when DATABASE_URL is set."""

import os

from .base import *  # noqa: F401,F403

SECRET_KEY = "test-only-not-secret-dy365"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = BASE_DIR / "media-test"  # noqa: F405
# Tasks run inline in tests unless a test starts a real cluster on purpose.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
if not os.environ.get("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Static files come from the finders here; only production collects them.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# Login lockout is exercised by its own tests (tests/cms/test_login_lockout.py); elsewhere tests
# log in with force_login or Client.login, which has no request for axes to key on.
AXES_ENABLED = False

# The replica alias exists as a mirror of the test database (Django's primary/replica testing), so
# the routing can be tested; reports read from it only where a test turns it on.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
REPORTS_READ_FROM_REPLICA = False
