"""Test data builders. Grid nodes and organisations go through services (like the admin does);
members are built with factory_boy and valid, fictional ID-card numbers."""

import datetime
import itertools

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from stdnum.cn import ric

from volunteer import scope, services
from volunteer.models import AdminScope, Gender, MemberStatus, OrgKind, OrgLevel, PartyMember, PartyOrganization

_seq = itertools.count(1)


def make_id_card(region="320412", birth=datetime.date(1975, 6, 15), seq=None):
    seq = next(_seq) % 1000 if seq is None else seq
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")


def make_grid(name, code, parent=None):
    return services.create_grid(parent=parent, name=name, code=code, user=scope.SYSTEM)


def make_org(grid, name=None, kind=OrgKind.COMMUNITY, level=OrgLevel.BRANCH, code=None):
    org = PartyOrganization(name=name or f"{grid.name}党支部", code=code or f"ORG-{grid.code}-{next(_seq)}",
                            kind=kind, level=level, grid=grid)
    return services.save_organization(org, user=scope.SYSTEM)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyMember

    name = factory.Sequence(lambda n: f"测试党员{n}")
    gender = Gender.MALE
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    status = MemberStatus.RETIRED
    branch = None
    home_grid = None

    @classmethod
    def _create(cls, model_class, *args, id_card=None, **kwargs):
        member = model_class(*args, **kwargs)
        member.set_id_card(id_card or make_id_card())
        if member.status == MemberStatus.IN_SERVICE and not member.work_grid_id:
            member.work_grid = member.home_grid
        member.save()
        return member


def make_user(username, role=None, grid=None, superuser=False, password="pass-for-tests-1"):
    user = get_user_model().objects.create_user(username=username, password=password, is_superuser=superuser,
                                                is_staff=superuser, first_name=f"测试{role or '系统管理员'}")
    if role:
        user.groups.add(Group.objects.get(name=role))
    if grid is not None:
        AdminScope.objects.create(user=user, grid=grid)
    return user
