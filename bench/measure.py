"""Measuring a piece of work the way a worker process does it: in a forked child, so its peak
RSS is its own and not the runner's."""

import multiprocessing
import resource
import time

from django.db import connections


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_forked_process(fn):
    """Run fn in a forked child; return (seconds, peak RSS MB of the child, fn's result)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    connections.close_all()  # the child opens its own connection

    def target():
        start = time.perf_counter()
        result = fn()
        send.send((time.perf_counter() - start, rss_mb(), result))
        connections.close_all()

    process = context.Process(target=target)
    process.start()
    outcome = receive.recv()
    process.join()
    return outcome
