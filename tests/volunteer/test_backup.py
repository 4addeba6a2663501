"""Backup and restore: dump a working district (members with encrypted ID numbers, points,
redemptions, stock, pages, images), restore it into an empty database, and the ledgers still
reconcile, logins still work and media comes back."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import Client

from volunteer import scope, services
from volunteer.models import Account, Entry, EntryKind, PartyMember, PointKind, Reward, ServicePoint, Unit
from volunteer.services.audit import audit_ledgers

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]


def test_a_backup_restores_into_an_empty_database_and_reconciles(loop, tmp_path):
    from wagtail.models import Collection
    from wagtail_factories import ImageFactory

    d = loop.d
    store = ServicePoint.objects.create(name="甲一爱心超市", kind=PointKind.SERVICE_POINT, grid=d.comm_a1, address="甲一路")
    rice = Reward.objects.create(name="大米", points_price=20, store=store)
    services.restock(rice, 10, user=scope.SYSTEM, key="stock:rice")
    services.post(d.member_a1, Unit.POINTS, 50, kind=EntryKind.ADJUST, source="test", key="give")
    services.redeem(d.member_a1, store, [(rice, 2)], user=d.community_admin, key="basket")
    image = ImageFactory(collection=Collection.get_first_root_node())
    members = {m.pk: (m.name, m.id_card_number) for m in PartyMember.objects.all()}
    entries = Entry.objects.count()

    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path), stdout=out)
    folder = Path(out.getvalue().split("已备份到 ")[1].strip())

    with pytest.raises(CommandError, match="已有党员"):
        call_command("restore", str(folder), stdout=io.StringIO())
    call_command("flush", "--noinput", verbosity=0)
    (Path(settings.MEDIA_ROOT) / image.file.name).unlink()
    assert not PartyMember.objects.exists()

    restored = io.StringIO()
    call_command("restore", str(folder), stdout=restored)
    assert "核对无误" in restored.getvalue() and audit_ledgers() == []
    assert {m.pk: (m.name, m.id_card_number) for m in PartyMember.objects.all()} == members
    assert Entry.objects.count() == entries
    assert Account.objects.get(member=d.member_a1, unit=Unit.POINTS).balance == 10
    assert Reward.objects.get(name="大米").stock == 8
    assert (Path(settings.MEDIA_ROOT) / image.file.name).is_file()
    assert authenticate(username="comm_a1", password="pass-for-tests-1") is not None
    assert scope.scope_for(authenticate(username="comm_a1", password="pass-for-tests-1")).node.code == "T-A-1"
    # Numbering carries on after the restored rows.
    services.post(d.member_a1, Unit.POINTS, 5, kind=EntryKind.ADJUST, source="test", key="after-restore")
    assert audit_ledgers() == []
    assert Client().get("/").status_code == 200  # the restored site serves its home page
