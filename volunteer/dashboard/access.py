"""Who sees which dashboard figure: a user with a grid scope (or a superuser, who sees the whole
district) and the view permission on what the figure counts."""

from django.http import Http404

from volunteer import scope
from volunteer.models import Grid


def home_node(user):
    """The node the user's dashboard starts at, or None (no scope: no dashboard)."""
    found = scope.scope_for(user)
    if found.everything:
        return Grid.get_root_nodes().first()
    return found.node


def may_view(user, *perms):
    return home_node(user) is not None and all(user.has_perm(f"volunteer.{p}") for p in perms)


def visible_node(user, pk):
    """A node inside the user's subtree; any other is, for them, not there (404)."""
    node = Grid.objects.filter(pk=pk).first()
    if node is None or not scope.scope_for(user).contains(node):
        raise Http404("不在管辖范围内")
    return node


# What each screen needs.
MAP_PERMS = ("view_grid", "view_partymember", "view_servicerecord")
RANKING_PERMS = ("view_partyorganization", "view_partymember", "view_servicerecord")
