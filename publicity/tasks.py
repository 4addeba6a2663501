"""Scheduled publishing: pages and revisions with a go-live / expiry time are published or
unpublished by Wagtail's own command, run every five minutes by a django-q2 schedule."""

from django.core.management import call_command


def publish_scheduled():
    call_command("publish_scheduled", verbosity=0)
