"""Benchmark settings: the test settings on a persistent SQLite file (or DATABASE_URL), so the
seeded district survives between runs, plus a bare view to serve as the floor."""

import os
from pathlib import Path

import dj_database_url

from cms.settings.test import *  # noqa: F401,F403

BENCH_DATA = Path(__file__).resolve().parent / ".data"
BENCH_DATA.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(os.environ.get("DATABASE_URL", f"sqlite:///{BENCH_DATA / 'bench.sqlite3'}"))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)  # noqa: F405
ROOT_URLCONF = "bench.urls"
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
