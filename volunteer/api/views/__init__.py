"""/api/v1/ views, one module per concept."""
