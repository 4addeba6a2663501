"""Certificates issued at the same moment by several workers never share a number (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from reports import services
from reports.models import CertificateCounter

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]


def test_simultaneous_allocations_get_distinct_consecutive_numbers():
    barrier = threading.Barrier(8)
    numbers, errors = [], []

    def allocate():
        try:
            barrier.wait()
            for _ in range(5):
                numbers.append(services.allocate_certificate_number(2031))
        except Exception as error:  # any failure is the test's failure, reported below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == [f"ZYFW-2031-{n:06d}" for n in range(1, 41)]
    assert CertificateCounter.objects.get(year=2031).last == 40
