"""Uploaded spreadsheets waiting for the admin's confirmation (imports/pending/<token> in media).
They hold rosters with full ID numbers, so they never outlive their hour: a confirm deletes its
file, and the nightly task deletes any the admin walked away from. Backups leave them out."""

import datetime

from django.core.files.storage import default_storage
from django.utils import timezone

FOLDER = "imports/pending"
TTL = datetime.timedelta(hours=1)


def purge_stale(now=None):
    """Delete pending uploads older than TTL; returns how many."""
    now = now or timezone.now()
    try:
        _, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    purged = 0
    for name in files:
        path = f"{FOLDER}/{name}"
        if default_storage.get_modified_time(path) < now - TTL:
            default_storage.delete(path)
            purged += 1
    return purged
