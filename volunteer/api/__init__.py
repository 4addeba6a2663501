"""REST API /api/v1/ (DRF) for apps and partner platforms (M4). Views read through access.py
(which cuts querysets down with scope.py) and change state only through volunteer.services."""
