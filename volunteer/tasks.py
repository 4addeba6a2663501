"""Scheduled work (django-q2 schedules created by migration): nightly star recomputation (with the
purge of abandoned import uploads) and points expiry. Each is idempotent: a retry repeats nothing."""

from volunteer.imports import pending
from volunteer.services import ledger, stars


def nightly_stars():
    opened = stars.recompute_stars()
    applied = stars.apply_due_star_changes()
    return {"opened": len(opened), "applied": applied, "purged_import_uploads": pending.purge_stale()}


def expire_points():
    return {"expired_lots": ledger.expire_points()}
