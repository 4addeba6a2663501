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
from .grid import (  # noqa: F401
    create_grid,
    delete_admin_scope,
    delete_grid,
    delete_organization,
    save_admin_scope,
    save_organization,
    update_grid,
)
from .members import (  # noqa: F401
    delete_member,
    save_member,
)
from .posts import (  # noqa: F401
    assign_post,
    delete_assignment,
    delete_post,
    save_post,
    update_assignment,
)
