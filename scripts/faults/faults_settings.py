"""Settings for the fault scripts' own web server and worker: the local demo settings with DEBUG
off, so errors go through the real handlers (the 503 middleware, handler500) as in production."""

from cms.settings.dev import *  # noqa: F401,F403

DEBUG = False
