"""Dashboard figures cached per scope, node and period, and invalidated when the data changes.

One version number lives in the cache; every key contains it. Saving or deleting a record that
feeds a figure bumps the version, so every cached figure is recomputed on its next read (old keys
simply expire). Bulk `update()`/`bulk_create()` send no signals: TIMEOUT bounds how stale a figure
can get after one (imports, stock decrements by conditional update).

The receivers are connected when this module is imported (volunteer/dashboard/hooks.py imports
it; VolunteerConfig.ready() should too, so that workers and management commands bump it)."""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from volunteer import scope

VERSION_KEY = "dy365:dashboard:version"
TIMEOUT = 300  # seconds


def version():
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        value = cache.get(VERSION_KEY) or 1
    return value


def bump(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted)
        cache.set(VERSION_KEY, 2, timeout=None)


def scope_key(actor):
    found = scope.scope_for(actor)
    if found.everything:
        return "all"
    return f"g{found.node.pk}" if found.node is not None else "none"


def cached(actor, name, node, period_key, compute):
    """`compute()` once per (scope, figure, node, period, data version)."""
    key = f"dy365:dashboard:v{version()}:{scope_key(actor)}:{name}:{node.pk}:{period_key}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def _connect():
    from volunteer.models import (
        Demand,
        Evaluation,
        PartyMember,
        Reward,
        ServicePoint,
        ServiceProject,
        ServiceRecord,
        StockMovement,
        Team,
    )

    # StockMovement: stock is decremented by a conditional update() (no signal), but every change
    # of stock writes a movement row.
    for model in (ServiceRecord, Demand, Team, ServicePoint, Reward, StockMovement, PartyMember, Evaluation,
                  ServiceProject):
        post_save.connect(bump, sender=model, dispatch_uid=f"dy365-dashboard-save-{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"dy365-dashboard-delete-{model.__name__}")
    m2m_changed.connect(bump, sender=Team.members.through, dispatch_uid="dy365-dashboard-team-members")


_connect()
