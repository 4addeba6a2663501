"""Scheduled work (django-q2 schedules created by migration): nightly star recomputation and
points expiry. Each is idempotent: a retry repeats nothing."""

from volunteer.services import ledger, stars


def nightly_stars():
    opened = stars.recompute_stars()
    applied = stars.apply_due_star_changes()
    return {"opened": len(opened), "applied": applied}


def expire_points():
    return {"expired_lots": ledger.expire_points()}
