"""qcluster whose first report attempt holds just before rendering, so a worker can be killed mid-job
(scripts/faults/worker_killed.py and tests/reports/test_worker_killed.py). The attempt writes its
process id to $FAULT_GATE.pid and waits until $FAULT_GATE.open exists (at most
$FAULT_HOLD_SECONDS); later attempts run straight through."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django  # noqa: E402

django.setup()

import reports.render as render  # noqa: E402

real_render_pdf = render.render_pdf


def held_first_attempt(*args, **kwargs):
    gate = os.environ["FAULT_GATE"]
    if not os.path.exists(gate + ".open"):
        with open(gate + ".pid", "w") as handle:
            handle.write(str(os.getpid()))
        deadline = time.monotonic() + float(os.environ.get("FAULT_HOLD_SECONDS", "120"))
        while not os.path.exists(gate + ".open") and time.monotonic() < deadline:
            time.sleep(0.1)
    return real_render_pdf(*args, **kwargs)


render.render_pdf = held_first_attempt

from django.core.management import execute_from_command_line  # noqa: E402

execute_from_command_line(["manage.py", "qcluster"])
