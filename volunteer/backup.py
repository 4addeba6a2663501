"""Backup and restore of the whole platform: the database as a Django fixture (portable between
SQLite and PostgreSQL, content types by natural key) and the media folder as a tar archive.
Restoring needs the same FIELD_ENCRYPTION_KEY and PERSONAL_DATA_HMAC_KEY (ID numbers are
encrypted with them). For a very large PostgreSQL database pg_dump is faster; docs/DEPLOYMENT.md
says when."""

import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

TYPES = "types.json.gz"  # content types and permissions: loaded first, everything refers to them
DATA = "data.json.gz"
MEDIA = "media.tar.gz"
# Transient or rebuilt on demand: not worth carrying.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "wagtailsearch.indexentry", "django_q.task", "django_q.ormq", "django_q.success",
            "django_q.failure"]


def backup(output_dir):
    """Write a new backup folder under output_dir and return its path. Rows keep their primary
    keys (content types and permissions included), so a restore is the same database again."""
    target = Path(output_dir) / f"dy365-backup-{timezone.localtime():%Y%m%d-%H%M%S}"
    target.mkdir(parents=True)
    # dumpdata compresses by the file name's extension.
    call_command("dumpdata", "contenttypes", "auth.permission", f"--output={target / TYPES}", verbosity=0)
    call_command("dumpdata", f"--output={target / DATA}", *[f"--exclude={e}" for e in EXCLUDED], verbosity=0)
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / MEDIA, "w:gz") as archive:
        if media.is_dir():
            archive.add(media, arcname="media")
    return target


def database_is_empty():
    """No member and no ledger entry: nothing a restore would overwrite."""
    PartyMember = apps.get_model("volunteer", "PartyMember")
    Entry = apps.get_model("volunteer", "Entry")
    return not PartyMember.objects.exists() and not Entry.objects.exists()


def restore(source_dir):
    """Load a backup into a migrated database: empty it (flush), drop the content types and
    permissions flush re-creates (the backup brings its own, with the ids every other row
    refers to), load, then put the media back."""
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType

    source = Path(source_dir)
    if not (source / DATA).is_file():
        raise FileNotFoundError(f"{source} 中没有 {DATA}")
    call_command("flush", "--noinput", verbosity=0)
    Permission.objects.all().delete()
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    call_command("loaddata", str(source / TYPES), verbosity=0)
    ContentType.objects.clear_cache()
    call_command("loaddata", str(source / DATA), verbosity=0)
    ContentType.objects.clear_cache()
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA, "r:gz") as archive:
        members = [m for m in archive.getmembers() if m.name.startswith("media/")]
        for member in members:
            member.name = member.name[len("media/"):]
        archive.extractall(media, members=members, filter="data")
