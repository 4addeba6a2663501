"""Reports read from a PostgreSQL read replica when one is configured (DATABASE_REPLICA_URL), so a
100-page monthly report does not compete with sign-ups and redemptions on the primary.

Only code that asks for it reads there: `with reads_from_replica():` around a report's build and
render. Everything else, and every write, stays on the primary, so nobody reads their own write
from a replica that has not caught up yet."""

import contextlib
import contextvars

from django.conf import settings

REPLICA = "replica"
_reading = contextvars.ContextVar("reads_from_replica", default=False)


def replica_configured():
    return settings.REPORTS_READ_FROM_REPLICA and REPLICA in settings.DATABASES


@contextlib.contextmanager
def reads_from_replica():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _reading.get() and replica_configured():
            return REPLICA
        return None  # the primary

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica follows the primary; it is never migrated itself
