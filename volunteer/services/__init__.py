"""Domain operations. Each is one transaction and the only way its state changes: the admin,
the portal, the API, imports and tasks all call these (`from volunteer import services`).
Errors are Chinese ValidationErrors that name the field; on error nothing is written.

One module per concept; everything is re-exported here."""

from .checkins import (  # noqa: F401
    checkin_register,
    checkin_register_counts,
    confirm_checkin,
    decline_checkin,
    request_checkin,
)
from .commitments import (  # noqa: F401
    commitment_wall,
    delete_commitment,
    save_commitment,
    write_own_commitment,
)
from .demands import (  # noqa: F401
    accept_demand,
    intake_demand,
    reject_demand,
    resolve_demand,
    update_demand,
)
from .grid import (  # noqa: F401
    create_grid,
    delete_admin_scope,
    delete_grid,
    delete_organization,
    save_admin_scope,
    save_organization,
    update_grid,
)
from .ledger import (  # noqa: F401
    active_rule,
    award_for_record,
    expire_points,
    expiring_soon,
    post,
    publish_rule,
    record_credits,
    withdraw_time,
)
from .market import (  # noqa: F401
    cancel_redemption,
    redeem,
    restock,
    save_reward,
)
from .members import (  # noqa: F401
    delete_member,
    save_member,
)
from .orders import (  # noqa: F401
    cancel_order,
    check_in,
    check_out,
    complete_order,
    invite_member_to_activity,
    mark_no_shows,
    pending_invitations,
    sign_up,
)
from .posts import (  # noqa: F401
    assign_post,
    delete_assignment,
    delete_post,
    save_post,
    update_assignment,
)
from .projects import (  # noqa: F401
    cancel_activity,
    close_project,
    plan_project,
    project_draft_from_demands,
    publish_project,
    record_project_feedback,
    schedule_activity,
    update_project,
)
from .records import (  # noqa: F401
    approve_record,
    compute_appraisal,
    compute_appraisals,
    create_record,
    evaluate,
    import_record,
    record_deed,
    reject_record,
)
from .stars import (  # noqa: F401
    apply_due_star_changes,
    recompute_stars,
    record_fraud_finding,
)
from .teams import (  # noqa: F401
    delete_service_point,
    delete_team,
    save_service_point,
    save_team,
)
