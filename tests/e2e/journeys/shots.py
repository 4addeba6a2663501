"""The screenshots the journey suite declares for the 操作指南 (guide/steps.py). A journey
saves one with `walk.look(page, "guide/<name>")`; with GUIDE_SHOTS=1 it is written into GUIDE_DIR.
tests/cms/test_guide.py checks that every guide step names one of these and that every name here
is taken by a journey."""

from pathlib import Path

GUIDE_DIR = Path(__file__).resolve().parents[3] / "guide" / "static" / "guide"

GUIDE_SHOTS = {
    # (1) and (4): community admin
    "community-admin-01-home",
    "community-admin-02-confirm-checkin",
    "community-admin-03-accept-demand",
    "community-admin-04-project-from-demand",
    "community-admin-05-new-activity",
    "community-admin-06-publish-project",
    "community-admin-07-approve-record",
    # (2), (3) and (4): member on the portal, and the resident they serve
    "member-01-login",
    "member-02-take-activity",
    "member-03-checkin-by-qr",
    "member-04-checkout",
    "member-05-self-evaluate",
    "member-06-hours-and-points",
    "member-07-resident-evaluates",
    "member-08-public-demand",
    "member-09-demand-status",
    # (5): 爱心超市 operator
    "market-operator-01-find-member",
    "market-operator-02-basket",
    "market-operator-03-receipt",
    "market-operator-04-cancel",
    # (6): editor and reviewer
    "editor-01-new-story",
    "editor-02-linked-members",
    "editor-03-submit",
    "editor-04-review-publish",
    "editor-05-public-search",
    # (7) and (8): town and district admin
    "town-admin-01-report-center",
    "town-admin-02-certificate",
    "town-admin-03-progress",
    "town-admin-04-verify",
    "town-admin-05-map",
    "town-admin-06-map-table",
    "town-admin-07-import",
}
