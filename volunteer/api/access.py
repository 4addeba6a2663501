"""Who sees which rows through the API.

Admins (a grid scope, or a superuser) see what `scope.restrict()` leaves them, and only for models
they hold the view permission on. Volunteers (an account linked to a party member) see their own
orders, records, points and redemptions, and the published projects and activities open to them.
An admin who is also a member sees both. Anyone else sees nothing."""

from django.db.models import Q

from volunteer import scope
from volunteer.models import PartyMember

_UNSET = object()


def member_for(user):
    """The active party member linked to the login, cached on the user for the request."""
    cached = getattr(user, "_dy365_api_member", _UNSET)
    if cached is not _UNSET:
        return cached
    member = None
    if user is not None and user.is_authenticated:
        member = PartyMember.objects.filter(user=user, is_active=True).select_related("home_grid").first()
    user._dy365_api_member = member
    return member


def is_admin(user):
    current = scope.scope_for(user)
    return current.everything or current.node is not None


def may_admin(user, model):
    """An admin whose role may view `model` (the same model permissions as the admin shell)."""
    return is_admin(user) and user.has_perm(f"volunteer.view_{model._meta.model_name}")


def visible(queryset, user, own=None):
    """`queryset` cut down to the user: scope for admins, `own(member)` (a Q) for volunteers."""
    admin = may_admin(user, queryset.model)
    member = member_for(user) if own is not None else None
    if admin and member is None:
        return scope.restrict(queryset, user)
    if admin:
        in_scope = scope.restrict(queryset.model._default_manager.all(), user).values("pk")
        return queryset.filter(Q(pk__in=in_scope) | own(member))
    if member is not None:
        return queryset.filter(own(member))
    return queryset.none()


def visible_members(user):
    """Members an admin may look up (for lookups in request bodies and ?member= filters)."""
    if not may_admin(user, PartyMember):
        return PartyMember.objects.none()
    return scope.restrict(PartyMember.objects.all(), user)
