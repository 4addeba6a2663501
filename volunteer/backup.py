"""Backup and restore of the whole platform: the database as a Django fixture (portable between
SQLite and PostgreSQL, content types by natural key) and the media files as a tar archive, read
and written through the default storage (a local folder or an S3-compatible bucket alike).
Restoring needs the same FIELD_ENCRYPTION_KEY and PERSONAL_DATA_HMAC_KEY (ID numbers are
encrypted with them). For a very large PostgreSQL database pg_dump is faster; docs/DEPLOYMENT.md
says when."""

import tarfile
from pathlib import Path

from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.utils import validate_file_name
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
    archive_media(target / MEDIA)
    return target


def media_names(storage=default_storage, folder=""):
    """Every file in the storage, depth first."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local media folder nobody has written to yet
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from media_names(storage, f"{folder}/{sub}" if folder else sub)


def archive_media(path, storage=default_storage):
    from volunteer.imports import pending

    with tarfile.open(path, "w:gz") as archive:
        for name in media_names(storage):
            if name.startswith(f"{pending.FOLDER}/"):
                continue  # uploads awaiting confirmation: transient rosters with full ID numbers

            info = tarfile.TarInfo(f"media/{name}")
            info.size = storage.size(name)
            with storage.open(name, "rb") as content:
                archive.addfile(info, content)


def restore_media(path, storage=default_storage):
    """Put every archived file back under its own name (a file already there is replaced). Every
    name is checked before anything is written: an archive that climbs out of media writes nothing."""
    with tarfile.open(path, "r:gz") as archive:
        files = [(m, m.name[len("media/"):]) for m in archive.getmembers()
                 if m.isfile() and m.name.startswith("media/")]
        for _, name in files:
            try:
                validate_file_name(name, allow_relative_path=True)
            except SuspiciousFileOperation:
                raise ValueError(f"备份中的媒体文件名不安全：{name}") from None
        for member, name in files:
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, File(archive.extractfile(member), name=name))
            if saved != name:
                raise RuntimeError(f"媒体文件 {name} 恢复后名称变为 {saved}")


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
    restore_media(source / MEDIA)
