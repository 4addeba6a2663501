"""The admin dashboard (G6, O1, O4, P3, E8, G5): home panels, the 三级网格地图 and the unit ranking.
Figures come from volunteer/figures.py, cached per scope and period (cache.py)."""
