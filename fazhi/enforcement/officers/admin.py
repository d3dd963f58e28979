"""执法队伍与执法人员 records are changed through their pages and services only; the admin does not
list them (docs/architecture.md: the admin is for reference data)."""
